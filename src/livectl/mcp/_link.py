"""The MCP server's link to Live: connects when a tool first needs Live, reconnects after Live
went away, runs one tool at a time, and makes each tool that changes the set one undo step.

A tool never waits for Live at start-up: the server answers ``tools/list`` at once, and a
tool called while Live is not there says so with the fix, then the next call tries again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from livectl.errors import LiveConnectionError

__all__ = ["LiveLink", "LiveUnavailableError"]

log = logging.getLogger(__name__)

T = TypeVar("T")

_BEGIN_UNDO = "/live/song/begin_undo_step"
_END_UNDO = "/live/song/end_undo_step"


class LiveUnavailableError(Exception):
    """Live did not answer; the message says what to check. The server keeps running."""


class LiveLink:
    """One connection to Live (or to an embedded emulator), made and remade on demand.

    ``emulator``: a started :class:`livectl.emulator.Emulator` to talk to instead of Live
    (``host``/``port`` are then its own). ``timeout``: seconds a call waits for Live.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 11000, *, timeout: float = 2.0,
                 emulator: Any = None) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout
        self.emulator = emulator
        self._live: Any = None
        self._lock = threading.RLock()

    # -- connection ---------------------------------------------------------------------------

    def _connect(self) -> Any:
        from livectl.client import connect

        try:
            return connect(self.host, self.port, timeout=self.timeout, check=True)
        except LiveConnectionError as exc:
            raise LiveUnavailableError(self.unavailable_text(exc)) from exc

    def unavailable_text(self, exc: BaseException) -> str:
        where = f"{self.host}:{self.port}"
        if self.emulator is not None:
            return (f"the embedded emulator at {where} did not answer ({exc}). Restart "
                    "'livectl mcp --emulator'.")
        return (
            f"Live is not answering at {where}. Fix: start Ableton Live and select livectl "
            "(install it with 'livectl script install') or AbletonOSC as a Control Surface in "
            "Preferences > Link, Tempo & MIDI; check that nothing else holds UDP port "
            f"{self.port}. This server keeps running and connects as soon as Live answers: "
            f"call the tool again. To try without Live, run 'livectl mcp --emulator'. "
            f"(details: {exc})"
        )

    @property
    def live(self) -> Any:
        """The connected client (a sync :class:`livectl.Live`), connecting first if needed."""
        with self._lock:
            if self._live is None:
                self._live = self._connect()
                log.info("connected to %s:%d (%s)", self.host, self.port, self._live.protocol)
            return self._live

    @property
    def connected(self) -> bool:
        return self._live is not None

    def drop(self) -> None:
        """Forget the connection: the next call connects anew (and asks the protocol again:
        Live may come back with another script)."""
        with self._lock:
            live, self._live = self._live, None
        if live is not None:
            try:
                live.close()
            except Exception:  # closing a dead connection must not hide why it died
                log.debug("closing the old connection failed", exc_info=True)

    def close(self) -> None:
        self.drop()

    # -- what the peer offers -----------------------------------------------------------------

    def capabilities(self, live: Any) -> tuple[str, ...]:
        session = live.session
        return tuple(session.capabilities) if session is not None else ()

    def has_extensions(self, live: Any) -> bool:
        """True with livectl's remote script (devices, browser, arrangement, automation,
        Live 12 notes, undo steps); False with plain AbletonOSC."""
        return "extensions" in self.capabilities(live)

    # -- running a tool -----------------------------------------------------------------------

    def run(self, body: Callable[[Any], T], *, writes: bool) -> T:
        """Run ``body(live)`` alone (tools never interleave). A tool that ``writes`` runs
        between begin_undo_step and end_undo_step where the script offers them, so one undo
        in Live takes back everything it did."""
        with self._lock:
            live = self.live
            try:
                if not (writes and self.has_extensions(live)):
                    return body(live)
                live.send(_BEGIN_UNDO, confirm=True)
                try:
                    result = body(live)
                except BaseException:
                    # Not waited for: when Live went away this must not time out a second time.
                    live.send(_END_UNDO)
                    raise
                live.send(_END_UNDO, confirm=True)
                return result
            except LiveConnectionError as exc:
                self.drop()
                raise LiveUnavailableError(self.unavailable_text(exc)) from exc
