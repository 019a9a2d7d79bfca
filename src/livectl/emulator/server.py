"""The emulator over real UDP: Live's object model running livectl's own remote script.

``Emulator`` builds a :class:`~livectl.emulator.lom.LiveEngine` and runs a Live MIDI Remote
Script on it with the :class:`~livectl.emulator.host.RemoteScriptHost`: by default
livectl's own script (``livectl.script``, the folder ``livectl script install`` copies into
Live), which binds the UDP port and serves the AbletonOSC protocol exactly as it does inside
Live. So what the tests exercise is the very script users install. Any other script folder
(AbletonOSC, ableton-js's, ...) runs the same way with ``remote_script=PATH``.

One thread runs Live's side: it sleeps in ``select()`` until the next thing is due: Live's
tick (every ``tick_s``, default 0.1 s; the script polls its socket there), the next transport
step (every ``advance_s`` while the transport plays), the engine's next deadline (a quantized
launch), a ``Live.Base.Timer``, or a reply held back by fault injection. With ``tick_s=0``
the host polls the script as soon as a datagram arrives.

The emulator-only ``/emulator/*`` namespace and fault injection reach livectl's script
through ``c_instance.livectl_options`` (see ``livectl.script.surface``), so the script's code
is the same inside Live and here.
"""

from __future__ import annotations

import contextlib
import gc
import heapq
import itertools
import json
import logging
import os
import random
import select
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

import livectl.script
from livectl.emulator import control
from livectl.emulator.control import Faults
from livectl.errors import EmulatorError, PortInUseError
from livectl.protocol.control import CONTROL_PREFIX
from livectl.script.dispatch import MAX_DATAGRAM

__all__ = ["SCRIPT_PATH", "Emulator"]

log = logging.getLogger(__name__)

_ENGINE_TICK_S = 0.1  # Live's scheduler tick
_CONTROL_BYTES = CONTROL_PREFIX.encode()
SCRIPT_PATH = Path(livectl.script.__file__).resolve().parent

Address = tuple[str, int]
Sink = Callable[[bytes, Address], None]


class Emulator(control.SetControl):
    """A Live set running a remote script (livectl's by default) on UDP, in a thread.

    ``start()`` returns once the script is loaded and bound; ``port`` is the real port
    (``port=0`` picks a free one). ``stop()`` joins; the object is a context manager too.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 11000,
        reply_port: int = 11001,
        reply_to_source_port: bool = False,
        tick_s: float = 0.1,
        engine: Any = None,
        remote_script: str | os.PathLike[str] | None = None,
        *,
        max_datagram: int = MAX_DATAGRAM,
        advance_s: float = 0.015,
        structure_dir: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        session_lease_s: float | None = None,
    ) -> None:
        if tick_s < 0:
            raise ValueError(f"tick_s must be >= 0 (0 = immediate), got {tick_s!r}")
        if engine is None:
            from livectl.emulator.lom import LiveEngine

            engine = LiveEngine(clock=clock)
        self.engine = engine
        self.host = host
        self._requested_port = port
        self.reply_port = reply_port
        self.tick_s = float(tick_s)
        self.advance_s = float(advance_s)
        self.remote_script = Path(remote_script) if remote_script is not None else None
        self._clock: Callable[[], float] = getattr(engine, "clock", clock)
        self._options: dict[str, Any] = {
            "host": host,
            "port": port,
            "reply_port": reply_port,
            "reply_to_source_port": reply_to_source_port,
            "max_datagram": max_datagram,
            "structure_dir": structure_dir,
            "lease_s": session_lease_s,
            "extensions": control.handlers(self),
            "wrap_sink": self._wrap_sink,
        }
        self._faults = Faults()
        self._rng = random.Random(0)
        self._delayed: list[tuple[float, int, Sink, bytes, Address]] = []
        self._delayed_lock = threading.Lock()
        self._seq = itertools.count()
        # (read, write) socket pair that wakes the thread's select(); exists while started.
        self._wake_pair: tuple[socket.socket, socket.socket] | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._script_host: Any = None
        self._port: int | None = None
        self._closed = False
        # A newly scheduled quantized launch must not wait for the current select() timeout.
        self.engine.add_deadline_listener(self.wake)

    # ------------------------------------------------------------------ lifecycle

    @property
    def port(self) -> int:
        """The UDP port the script listens on (the real one when ``port=0``)."""
        if self._port is None:
            raise EmulatorError("the emulator is not started; call start() first")
        return self._port

    @property
    def script_host(self) -> Any:
        """The ``RemoteScriptHost`` running the script (None while stopped).

        Its ``messages`` list holds the script's ``show_message`` texts (Live's status bar),
        which is where scripts announce things such as the port they listen on.
        """
        return self._script_host

    @property
    def script(self) -> Any:
        """The running script's control surface (livectl's ``LivectlSurface`` by default)."""
        host = self._script_host
        return None if host is None else host.instance

    @property
    def dispatcher(self) -> Any:
        """livectl's script's dispatcher (its handler state); None for another script."""
        return getattr(self.script, "dispatcher", None)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def received(self) -> int:
        """Datagrams livectl's script has read."""
        server = getattr(self.script, "server", None)
        return 0 if server is None else int(server.received)

    @property
    def sent(self) -> int:
        server = getattr(self.script, "server", None)
        return 0 if server is None else int(server.sent)

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        where = f"{self.host}:{self._port}" if self._port is not None else self.host
        return f"<Emulator {where} tick {self.tick_s * 1000:g} ms {state}>"

    def start(self) -> Emulator:
        if self._closed:
            raise EmulatorError("this emulator is closed; create a new Emulator to serve again")
        if self._thread is not None:
            raise EmulatorError("the emulator is already started; stop() it first")
        self._stopping.clear()
        wake_r, wake_w = socket.socketpair()
        wake_r.setblocking(False)
        wake_w.setblocking(False)
        self._wake_pair = (wake_r, wake_w)
        try:
            self._start_script()
        except BaseException:
            self._close_wake_pair()  # a failed start leaves nothing open
            raise
        self._thread = threading.Thread(target=self._run, name="livectl-emulator", daemon=True)
        self._thread.start()
        return self

    def _start_script(self) -> None:
        from livectl.emulator.host import RemoteScriptHost

        path = self.remote_script if self.remote_script is not None else SCRIPT_PATH
        host = RemoteScriptHost(self.engine, path, options=self._options)
        host.start()
        self._script_host = host
        if self.remote_script is not None and self.dispatcher is None:
            self._port = self._requested_port  # another script owns its own ports
            return
        port = getattr(self.script, "port", None)
        if port is None:
            text = " ".join(host.messages) or "it did not bind"
            host.stop()
            self._script_host = None
            if "Address already in use" in text or "Errno 98" in text:
                raise PortInUseError(
                    f"UDP port {self._requested_port} on {self.host} is in use (is Live with "
                    "AbletonOSC or livectl's script, or another emulator, running?); pick "
                    "another with port=... or port=0 for a free one",
                    port=self._requested_port,
                )
            raise EmulatorError(f"could not bind {self.host}:{self._requested_port}: {text}")
        self._port = int(port)

    def stop(self) -> None:
        """Stop the thread and the script. Calling it twice is harmless."""
        thread, self._thread = self._thread, None
        if thread is not None:
            self._stopping.set()
            self.wake()
            thread.join(timeout=5)
        if self._script_host is not None:
            host, self._script_host = self._script_host, None
            with self.engine.lock:
                host.stop()
        self._close_wake_pair()

    def _close_wake_pair(self) -> None:
        pair, self._wake_pair = self._wake_pair, None
        for s in pair or ():
            s.close()

    def close(self) -> None:
        """Stop and release everything; a closed emulator cannot start again."""
        self.stop()
        self._closed = True
        # A discarded set is a large cycle of objects: collect it now, at a quiet moment,
        # rather than in a full collection that freezes the next emulator for 200 ms mid-run
        # (seen in AbletonOSC's suite after many emulators in one process).
        gc.collect()

    def __enter__(self) -> Emulator:
        if self._thread is None:
            try:
                self.start()
            except BaseException:
                self.close()  # __exit__ does not run after a failed __enter__
                raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def wake(self) -> None:
        """Make the thread look at its timers now (after in-process changes)."""
        pair = self._wake_pair
        if pair is not None:
            with contextlib.suppress(OSError):  # closed by a concurrent stop(): nothing to wake
                pair[1].send(b"\x00")

    # ------------------------------------------------------------------ in-process API
    # (also what the /emulator/* namespace calls: see livectl.emulator.control.ControlHost)

    def load(self, data: dict[str, Any]) -> None:
        self.load_json(json.dumps(data))

    def load_als(self, path: str | Path) -> list[str]:
        """Replace the set with a Live set (``.als``, Live 10-12); returns what was not mapped.

        Raises ``livectl.emulator.als.AlsError`` (a ValueError) naming what is wrong with a
        corrupt, hostile or unsupported file, before anything changed.
        """
        from livectl.emulator.als import load_als

        data = load_als(path)
        warnings: list[str] = data.pop("warnings")
        data.pop("source", None)
        self.load(data)
        return warnings

    def restart(self) -> None:
        """Simulate the script restarting: listeners cleared, /live/startup sent."""
        with self.engine.lock:
            dispatcher = self.dispatcher
            if dispatcher is not None:
                dispatcher.restart()

    def _clear_script_state(self) -> None:
        dispatcher = self.dispatcher
        if dispatcher is not None:
            dispatcher.clear_state()

    def _wrap_sink(self, send: Sink) -> Sink:
        """The script's socket send, with fault injection (livectl_options['wrap_sink'])."""

        def sink(data: bytes, addr: Address) -> None:
            faults = self._faults
            if (faults.drop or faults.delay_share) and not data.startswith(_CONTROL_BYTES):
                if self._rng.random() < faults.drop:
                    return
                if self._rng.random() < faults.delay_share:
                    due = self._clock() + faults.delay_s
                    with self._delayed_lock:
                        heapq.heappush(self._delayed, (due, next(self._seq), send, data, addr))
                    self.wake()
                    return
            send(data, addr)

        return sink

    # ------------------------------------------------------------------ the thread

    def _run(self) -> None:
        # A bug in one step (an engine advance, a remote script's tick) must not leave clients
        # timing out against a dead thread: log it and carry on serving, as Live keeps running
        # when a remote script's scheduled callback raises.
        while not self._stopping.is_set():
            try:
                self._loop()
                return
            except Exception:
                log.exception("emulator loop failed; serving on")
                self._stopping.wait(0.05)

    def _loop(self) -> None:
        host = self._script_host
        assert host is not None and self._wake_pair is not None
        wake_r = self._wake_pair[0]
        clock = self._clock
        immediate = self.tick_s == 0
        period = _ENGINE_TICK_S if immediate else self.tick_s
        script_socket = getattr(getattr(self.script, "server", None), "sock", None)
        poll = getattr(self.script, "poll", None)
        # One poll object registered once (select() rebuilds its fd sets on every call).
        poller = select.poll()
        poller.register(wake_r, select.POLLIN)
        script_fd = -1
        if immediate and script_socket is not None and poll is not None:
            script_fd = script_socket.fileno()
            poller.register(script_fd, select.POLLIN)
        wake_fd = wake_r.fileno()
        engine = self.engine
        next_tick = clock()
        next_advance = clock()
        while not self._stopping.is_set():
            now = clock()
            playing = bool(engine.song.is_playing)
            due = next_tick
            if playing and next_advance < due:
                due = next_advance
            # Only a playing song has launches due (next_deadline takes the engine's lock).
            deadline = engine.next_deadline() if playing else None
            if deadline is not None and deadline < due:
                due = deadline
            timer_due = host.next_timer_due()
            if timer_due is not None and timer_due < due:
                due = timer_due
            if self._delayed:  # a lock-free look first: nearly always empty
                with self._delayed_lock:
                    if self._delayed and self._delayed[0][0] < due:
                        due = self._delayed[0][0]
            timeout_ms = max(0, int((due - now) * 1000.0 + 0.999))
            try:
                events = poller.poll(timeout_ms)
            except (OSError, ValueError):
                if self._stopping.is_set():
                    return
                raise
            script_ready = False
            for fd, _ in events:
                if fd == wake_fd:
                    with contextlib.suppress(OSError):
                        while wake_r.recv(4096):
                            pass
                elif fd == script_fd:
                    script_ready = True
            if self._stopping.is_set():
                return
            now = clock()
            if playing or (deadline is not None and now >= deadline):
                if now >= next_advance or (deadline is not None and now >= deadline):
                    with engine.lock:
                        engine.advance(now)
                    next_advance = now + self.advance_s
            if script_ready and poll is not None:
                with self.engine.moment():  # one moment of Live's thread: time stands still
                    poll(every_batch=True)
            if now >= next_tick:
                with self.engine.lock:
                    self.engine.advance(now)
                    host.tick()  # the script's scheduled poll runs here, and engine.tick()
                if immediate and poll is not None and script_socket is not None:
                    # That poll read the socket dry but ran one batch (Live's rule); at
                    # tick 0 what it left queued must not wait for the next tick.
                    with self.engine.moment():
                        poll(every_batch=True)
                next_tick += period
                if next_tick <= now:  # fell behind (a slow batch): do not burst
                    next_tick = now + period
            elif host.next_timer_due() is not None:
                host.run_timers()  # Live.Base.Timer fires between ticks too
            self._send_due()

    def _send_due(self) -> None:
        if not self._delayed:  # lock-free look first: nearly always empty
            return
        now = self._clock()
        while True:
            with self._delayed_lock:
                if not self._delayed or self._delayed[0][0] > now:
                    return
                _, _, send, data, addr = heapq.heappop(self._delayed)
            with contextlib.suppress(OSError):
                send(data, addr)
