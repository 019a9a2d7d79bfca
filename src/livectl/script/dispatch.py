"""The script's sans-I/O core: OSC datagrams in, datagrams out, no sockets, no threads.

:class:`Dispatcher` decides everything AbletonOSC's ``OSCServer``/``Manager`` decide: the
queue of datagrams waiting for the next tick, the batch rule (an exception ends the batch,
spec §1.4), the default remote address every datagram overwrites (§1.2), wildcard expansion
(§1.6), ``/live/error`` texts (§1.8), ``/live/api/reload`` and the startup messages. It
writes every datagram through ``sink(data, addr)``; the socket server (``server.py``) inside
Live and livectl's emulator (``livectl.emulator.core``) both drive it the same way::

    dispatcher.receive(data, ("127.0.0.1", 50000))
    dispatcher.process()            # one tick's batch; replies went to the sink

Standard library only (it runs inside Live).
"""

from __future__ import annotations

import errno
import logging
from collections import deque
from collections.abc import Callable
from typing import Any

from . import osc
from .errors import UnknownAddress
from .handlers import Context, Handler, build_handlers
from .session import PREFIX as SESSION_PREFIX
from .session import SessionLayer
from .table.endpoints import ERROR_ADDRESS, STARTUP_ADDRESS, endpoint, match

__all__ = ["MAX_DATAGRAM", "MAX_QUEUE", "Dispatcher", "MessageTooLong"]

log = logging.getLogger(__name__)

Address = tuple[str, int]
Sink = Callable[[bytes, Address], None]

# The UDP/IPv4 payload limit; macOS caps datagrams at 9216 bytes by default.
MAX_DATAGRAM = 65507
# Datagrams held between two ticks. Live leaves them in the socket buffer, which is bounded
# too; past this the oldest are dropped (and counted), so a flood cannot grow memory.
MAX_QUEUE = 4096
_ENCODABLE = (bool, int, float, str, bytes, type(None))
_RELOAD = endpoint("api", "reload").call_address
_USAGE = endpoint("application", "average_process_usage").get_address
_SESSION_BYTES = SESSION_PREFIX.encode()
_BUNDLE_HEAD = b"#bundle\x00"


class MessageTooLong(OSError):
    """What ``sendto`` raises for an oversized datagram (EMSGSIZE)."""

    def __init__(self) -> None:
        super().__init__(errno.EMSGSIZE, "Message too long")


class Dispatcher:
    """AbletonOSC's server logic over Live's song, writing datagrams to ``sink``.

    ``extensions`` are extra address -> handler entries served after the table's (livectl's
    emulator adds its ``/emulator/*`` namespace this way; inside Live there are none).
    """

    def __init__(
        self,
        get_song: Callable[[], Any],
        get_application: Callable[[], Any],
        live: Any,
        sink: Sink,
        *,
        reply_port: int = 11001,
        reply_to_source_port: bool = False,
        max_datagram: int = MAX_DATAGRAM,
        extensions: dict[str, Handler] | None = None,
        on_status: Callable[[str], None] | None = None,
        version: str = "",
        lease_s: float | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.sink = sink
        self.reply_port = reply_port
        self.reply_to_source_port = reply_to_source_port
        self.max_datagram = max_datagram
        # AbletonOSC's default remote address before any datagram arrives (§1.2).
        self.remote: Address = ("127.0.0.1", reply_port)
        self._queue: deque[tuple[bytes, Address]] = deque()
        self.ctx = Context(
            get_song, get_application, live, send=self.send_async, emit_error=self.error
        )
        self._on_status = on_status
        self._handlers: dict[str, Handler] = build_handlers()
        self._handlers[_RELOAD] = self._reload
        for address, handler in (extensions or {}).items():
            self._handlers.setdefault(address, handler)
        self.batches = 0
        self.errors = 0
        self.dropped = 0
        session_options: dict[str, Any] = {"version": version}
        if lease_s is not None:
            session_options["lease_s"] = lease_s
        if clock is not None:
            session_options["clock"] = clock
        self.sessions = SessionLayer(self, **session_options)
        self._sender: Address = self.remote

    @property
    def addresses(self) -> tuple[str, ...]:
        """Every address with a handler: the table's, then the extensions'."""
        return tuple(self._handlers)

    # ------------------------------------------------------------------ input and ticks

    def receive(self, data: bytes, addr: Address) -> None:
        """Queue one datagram for the next tick; past ``MAX_QUEUE`` the oldest is dropped."""
        if len(self._queue) >= MAX_QUEUE:
            self._queue.popleft()
            self.dropped += 1
        self._queue.append((bytes(data), (str(addr[0]), int(addr[1]))))

    @property
    def pending(self) -> int:
        """Datagrams waiting for a tick."""
        return len(self._queue)

    def process(self) -> None:
        """One tick: handle queued datagrams in order until one raises (§1.4).

        An exception ends the batch: the rest of its bundle is lost, datagrams behind it wait
        for the next tick.
        """
        self.batches += 1
        if self.sessions.sessions:
            self.sessions.tick()
        while self._queue:
            data, sender = self._queue.popleft()
            if not self.handle_datagram(data, sender):
                break

    def process_all(self) -> None:
        """Ticks back to back until nothing waits (an emulator's tick-0 mode)."""
        while self._queue:
            self.process()

    def startup(self) -> None:
        """What AbletonOSC sends when it starts (§1.10, quirk §13 #8)."""
        self.send_async(STARTUP_ADDRESS, ())
        # An odd side effect of ApplicationHandler's init: this address, with no args.
        self.send_async(_USAGE, ())

    # ------------------------------------------------------------------ dispatch

    def handle_datagram(self, data: bytes, sender: Address) -> bool:
        """Handle one datagram now; False when an exception ended the batch."""
        if data.startswith(_SESSION_BYTES) or (
            data.startswith(_BUNDLE_HEAD) and data.startswith(_SESSION_BYTES, 20)
        ):
            # livectl's requests (alone or packed in a bundle): its own fast path.
            handled = self.sessions.handle_packet(data, sender)
            if handled is not None:
                return handled
        try:
            messages = osc.decode_messages(data)
        except osc.OSCError as exc:
            text = str(exc)
            if not text.startswith("Error parsing OSC"):
                kind = "bundle" if data.startswith(b"#bundle") else "message"
                text = f"Error parsing OSC {kind}: {text}"
            self._take_remote(sender)
            self.error(text)  # logged, the batch goes on
            return True
        self._sender = sender
        if messages and messages[0][0].startswith(SESSION_PREFIX):
            # livectl's session messages leave the default remote address alone (their
            # replies go to the session's own address), so plain clients keep their
            # listeners; each request of the datagram runs on its own.
            return self.sessions.handle_messages(messages, sender)
        # Every AbletonOSC datagram overwrites the default remote address (§1.2, quirk
        # §13 #1).
        self._take_remote(sender)
        for address, args in messages:
            if not self.dispatch_one(address, args):
                return False
        return True

    def dispatch_one(self, address: str, args: tuple[Any, ...] | list[Any]) -> bool:
        """One message of a datagram; False when its exception ends the batch (§1.4)."""
        try:
            self.dispatch(address, list(args))
        except OSError as exc:
            # AbletonOSC's receive loop catches socket.error apart (§1.8).
            self.errors += 1
            self.error(f"Socket error: {exc}")
            return False
        except Exception as exc:
            self.errors += 1
            log.debug("handler for %s failed", address, exc_info=True)
            self.error(f"Error handling OSC message: {exc}")
            return False
        return True

    def _take_remote(self, sender: Address) -> None:
        self.remote = (sender[0], sender[1] if self.reply_to_source_port else self.reply_port)

    def dispatch(self, address: str, args: list[Any]) -> None:
        """Run the handler of one message and send its reply (raises what the handler raises)."""
        if address.startswith(SESSION_PREFIX):
            self.sessions.handle(address, args, self._sender)
            return
        try:
            self.run(address, args, self.ctx, self._reply)
        except UnknownAddress as exc:
            self.error(str(exc))  # logged; AbletonOSC's batch goes on (§1.5)
        finally:
            self._status(self.ctx)

    def run(self, address: str, args: list[Any], ctx: Context,
            reply: Callable[[tuple[str, tuple[Any, ...]]], None]) -> None:
        """Run ``address`` with ``ctx``, giving each ``(address, reply_args)`` to ``reply``.

        Raises what a handler raises, and :class:`UnknownAddress` for an address that has no
        handler and no ``*``. Wildcards (quirk §1.6/§13 #3): prefix match in registration
        order; ValueError and AttributeError skip one match silently, anything else ends the
        expansion.
        """
        handler = self._handlers.get(address)
        if handler is not None:
            result = handler(ctx, args)
            if result is not None:
                reply((address, result))
            return
        if "*" not in address:
            raise UnknownAddress(f"Unknown OSC address: {address}")
        for route in match(address):
            handler = self._handlers[route.address]
            try:
                result = handler(ctx, list(args))
            except (ValueError, AttributeError):
                continue
            if result is not None:
                reply((route.address, result))

    def _reply(self, item: tuple[str, tuple[Any, ...]]) -> None:
        self.send(item[0], item[1], self.remote)

    def _status(self, ctx: Context) -> None:
        if self._on_status is not None and ctx.status_message:
            text, ctx.status_message = ctx.status_message, ""
            self._on_status(text)

    # ------------------------------------------------------------------ output

    def send(self, address: str, args: tuple[Any, ...], addr: Address) -> None:
        """Encode and write one message; MessageTooLong past ``max_datagram``."""
        for value in args:
            if not isinstance(value, _ENCODABLE):
                # The vendored python-osc's text, typo included (§1.7).
                raise ValueError("Infered arg_value type is not supported")
        try:
            data = osc.encode_message(address, args)
        except osc.OSCError as exc:
            self.error(f"OSC build error: {exc}")
            return
        if len(data) > self.max_datagram:
            raise MessageTooLong()
        self.sink(data, addr)

    def send_async(self, address: str, args: tuple[Any, ...]) -> None:
        """Listener messages, /live/test, startup: to the default remote address (§1.2)."""
        self.send(address, args, self.remote)

    def error(self, text: str) -> None:
        """AbletonOSC's ERROR log record, forwarded as /live/error; send failures ignored."""
        try:
            self.send(ERROR_ADDRESS, (text,), self.remote)
        except OSError:
            log.debug("could not send /live/error %r", text[:200])

    # ------------------------------------------------------------------ restart

    def _reload(self, ctx: Context, args: list[Any]) -> None:
        # /live/api/reload: handler state cleared, listeners removed, startup messages again.
        # AbletonOSC's reload bug with volume/parameter listeners (§13 #13) is not copied.
        self.restart()

    def restart(self) -> None:
        """Clear the handler state as a script reload does, then send the startup messages."""
        self.clear_state()
        self.ctx.log_level = "info"
        self.startup()
        for session in list(self.sessions.sessions.values()):
            session.ctx.send(STARTUP_ADDRESS, ())  # its listeners are gone: it must know

    def clear_state(self) -> None:
        """Remove every listener and forget cached state (after the set was replaced)."""
        for ctx in (self.ctx, *(s.ctx for s in self.sessions.sessions.values())):
            ctx.clear_listeners()
            ctx.beat_last_time = -1.0
            ctx.filter_cache = None
