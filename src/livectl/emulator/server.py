"""The emulator over real UDP: ``EmulatorCore`` + one socket + one thread.

The thread sleeps in ``select()`` until the next thing is due: the next tick (every
``tick_s``, default 0.1 s like Live; 0 = handle each datagram at once), the next transport
step (every ``advance_s`` while the transport plays, so song-time, playing-position and beat
listeners fire well within 100 ms), the engine's own next deadline (a quantized launch), Live's
100 ms ``tick()``, or a reply held back by fault injection.
"""

from __future__ import annotations

import contextlib
import errno
import heapq
import itertools
import json
import logging
import os
import select
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from livectl.emulator.core import MAX_DATAGRAM, EmulatorCore, Faults, Outbound
from livectl.errors import EmulatorError, PortInUseError

__all__ = ["Emulator"]

log = logging.getLogger(__name__)

_ENGINE_TICK_S = 0.1  # Live's scheduler tick


class Emulator:
    """A Live set behind an AbletonOSC front end on UDP, in a background thread.

    ``start()`` returns once the socket is bound; ``port`` is the real port (``port=0`` picks
    a free one). ``stop()`` joins; the object is a context manager too. When
    ``remote_script`` is given, the built-in front end does not bind at all (the script owns
    its ports): the thread only runs the engine and ticks the script host.
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
    ) -> None:
        if tick_s < 0:
            raise ValueError(f"tick_s must be >= 0 (0 = immediate), got {tick_s!r}")
        self.host = host
        self._requested_port = port
        self.reply_port = reply_port
        self.tick_s = float(tick_s)
        self.advance_s = float(advance_s)
        self.remote_script = Path(remote_script) if remote_script is not None else None
        # Deadlines (quantized launches) are in the engine's clock: share it.
        self._clock: Callable[[], float] = getattr(engine, "clock", clock) if engine is not None else clock
        self.core = EmulatorCore(
            engine,
            reply_port=reply_port,
            reply_to_source_port=reply_to_source_port,
            max_datagram=max_datagram,
            structure_dir=structure_dir,
            clock=clock,
        )
        self._sock: socket.socket | None = None
        # (read, write) socket pair that wakes the thread's select(); exists while started.
        self._wake_pair: tuple[socket.socket, socket.socket] | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._delayed: list[tuple[float, int, Outbound]] = []
        self._seq = itertools.count()
        self._script_host: Any = None
        self._port: int | None = None
        self._closed = False
        # A newly scheduled quantized launch must not wait for the current select() timeout.
        self.engine.add_deadline_listener(self.wake)
        self.core.on_output = self.wake  # in-process changes: listener output goes out now
        self.received = 0
        self.sent = 0

    # ------------------------------------------------------------------ lifecycle

    @property
    def engine(self) -> Any:
        return self.core.engine

    @property
    def port(self) -> int:
        """The UDP port the front end listens on (the real one when ``port=0``)."""
        if self._port is None:
            raise EmulatorError("the emulator is not started; call start() first")
        return self._port

    @property
    def script_host(self) -> Any:
        """The ``RemoteScriptHost`` running ``remote_script`` (None without one, or stopped).

        Its ``messages`` list holds the script's ``show_message`` texts (Live's status bar),
        which is where scripts announce things such as the port they listen on.
        """
        return self._script_host

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

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
            if self.remote_script is not None:
                self._start_script()
            else:
                self._bind()
                assert self._sock is not None
                self._send_now(self.core.startup())
        except BaseException:
            self._close_wake_pair()  # a failed start leaves nothing open
            raise
        self._thread = threading.Thread(target=self._run, name="livectl-emulator", daemon=True)
        self._thread.start()
        return self

    def _bind(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        with contextlib.suppress(OSError):  # a bigger buffer rides out floods between ticks
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
        try:
            sock.bind((self.host, self._requested_port))
        except OSError as exc:
            sock.close()
            if exc.errno == errno.EADDRINUSE:
                raise PortInUseError(
                    f"UDP port {self._requested_port} on {self.host} is in use (is Live with "
                    "AbletonOSC, or another emulator, running?); pick another with port=... "
                    "or port=0 for a free one",
                    port=self._requested_port,
                ) from exc
            raise EmulatorError(
                f"could not bind {self.host}:{self._requested_port}: {exc}"
            ) from exc
        sock.setblocking(False)
        self._sock = sock
        self._port = sock.getsockname()[1]

    def _start_script(self) -> None:
        from livectl.emulator.host import RemoteScriptHost

        assert self.remote_script is not None
        self._script_host = RemoteScriptHost(self.engine, self.remote_script)
        self._script_host.start()
        self._port = self._requested_port

    def stop(self) -> None:
        """Stop the thread and close the socket. Calling it twice is harmless."""
        thread, self._thread = self._thread, None
        if thread is not None:
            self._stopping.set()
            self.wake()
            thread.join(timeout=5)
        if self._script_host is not None:
            host, self._script_host = self._script_host, None
            host.stop()
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        self._close_wake_pair()

    def _close_wake_pair(self) -> None:
        pair, self._wake_pair = self._wake_pair, None
        for s in pair or ():
            s.close()

    def close(self) -> None:
        """Stop and release everything; a closed emulator cannot start again."""
        self.stop()
        self._closed = True

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
        """Make the thread look at its timers and outbox now (after in-process changes)."""
        pair = self._wake_pair
        if pair is not None:
            with contextlib.suppress(OSError):  # closed by a concurrent stop(): nothing to wake
                pair[1].send(b"\x00")

    # ------------------------------------------------------------------ in-process API

    def snapshot(self) -> dict[str, Any]:
        """The whole set as a JSON-able dict, taken under the engine lock."""
        return self.core.snapshot()

    def load(self, data: dict[str, Any]) -> None:
        self.core.load_json(json.dumps(data))

    def reset(self) -> None:
        self.core.reset()

    def add_device(
        self,
        track_index: int,
        name: str,
        class_name: str,
        type: int,
        parameters: list[dict[str, Any]] | None = None,
    ) -> int:
        return self.core.add_device(track_index, name, class_name, type, parameters or [])

    def set_faults(
        self,
        drop: float = 0.0,
        delay_s: float = 0.0,
        delay_share: float = 0.0,
        seed: int | None = None,
    ) -> None:
        self.core.set_faults(drop=drop, delay_s=delay_s, delay_share=delay_share, seed=seed)

    @property
    def faults(self) -> Faults:
        return self.core.faults

    # ------------------------------------------------------------------ the thread

    def _run(self) -> None:
        # A bug in one step (an engine advance, a remote script's tick) must not leave clients
        # timing out against a dead thread: log it and carry on serving, as Live keeps running
        # when a remote script's scheduled callback raises.
        while not self._stopping.is_set():
            try:
                if self._script_host is not None:
                    self._run_script()
                else:
                    self._run_server()
                return
            except Exception:
                log.exception("emulator loop failed; serving on")
                self._stopping.wait(0.05)

    def _run_script(self) -> None:
        next_tick = self._clock()
        while not self._stopping.is_set():
            now = self._clock()
            with self.engine.lock:
                self.engine.advance(now)
            if now >= next_tick:
                self._script_host.tick()  # runs engine.tick() too: one Live tick, not two
                next_tick = now + _ENGINE_TICK_S
            timeout = max(0.0, min(next_tick, now + self.advance_s) - self._clock())
            self._stopping.wait(timeout)

    def _run_server(self) -> None:
        sock = self._sock
        assert sock is not None and self._wake_pair is not None
        wake_r = self._wake_pair[0]
        clock = self._clock
        now = clock()
        next_batch = now + self.tick_s
        next_engine_tick = now + _ENGINE_TICK_S
        next_advance = now
        immediate = self.tick_s == 0
        while not self._stopping.is_set():
            now = clock()
            playing = bool(self.engine.song.is_playing)
            due = [next_engine_tick]
            if not immediate:
                due.append(next_batch)
            if playing:
                due.append(next_advance)
            deadline = self.engine.next_deadline()
            if deadline is not None:
                due.append(deadline)
            if self._delayed:
                due.append(self._delayed[0][0])
            timeout = max(0.0, min(due) - now)
            watch = [wake_r, sock] if immediate else [wake_r]
            try:
                readable, _, _ = select.select(watch, [], [], timeout)
            except (OSError, ValueError):
                if self._stopping.is_set():
                    return
                raise
            if wake_r in readable:
                with contextlib.suppress(OSError):
                    while wake_r.recv(4096):
                        pass
            if self._stopping.is_set():
                return
            now = clock()
            out: list[Outbound] = []
            try:
                if immediate:
                    if sock in readable:
                        self._drain(sock)
                        out += self.core.process_all()
                elif now >= next_batch:
                    self._drain(sock)
                    out += self.core.process()
                    next_batch += self.tick_s
                    if next_batch <= now:  # fell behind (a slow batch): do not burst
                        next_batch = now + self.tick_s
                if playing or (deadline is not None and now >= deadline):
                    if now >= next_advance or (deadline is not None and now >= deadline):
                        out += self.core.advance(now)
                        next_advance = now + self.advance_s
                if now >= next_engine_tick:
                    next_engine_tick = now + _ENGINE_TICK_S
                    out += self.core.engine_tick()
                out += self.core.collect()
            finally:
                # Replies made before a later step failed still go out (_run logs the
                # failure and serves on).
                self._send_now(out)
            self._send_due()

    def _drain(self, sock: socket.socket) -> None:
        """Read every datagram queued in the socket (Live's recvfrom loop until EAGAIN)."""
        while True:
            try:
                data, addr = sock.recvfrom(65536)
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:  # e.g. ECONNREFUSED reported late on some systems
                log.debug("recvfrom failed: %s", exc)
                return
            self.received += 1
            self.core.receive(data, addr)

    def _send_now(self, out: list[Outbound]) -> None:
        now = self._clock()
        for item in out:
            if item.delay_s > 0:
                heapq.heappush(self._delayed, (now + item.delay_s, next(self._seq), item))
            else:
                self._sendto(item)

    def _send_due(self) -> None:
        now = self._clock()
        while self._delayed and self._delayed[0][0] <= now:
            self._sendto(heapq.heappop(self._delayed)[2])

    def _sendto(self, item: Outbound) -> None:
        sock = self._sock
        if sock is None:
            return
        try:
            sock.sendto(item.data, item.addr)
            self.sent += 1
        except OSError as exc:
            # Nobody listening, buffer full, ...: the server keeps serving (§1.8).
            log.debug("sendto %s failed: %s", item.addr, exc)
