"""The emulator without sockets: livectl's remote script's dispatcher over a LiveEngine.

``EmulatorCore`` runs the very dispatcher livectl's remote script runs inside Live
(``livectl.script.dispatch.Dispatcher``: the batch rule, default remote address, wildcards,
``/live/error`` texts, listener bookkeeping) on the emulated set, adds the emulator-only
``/emulator/*`` namespace as an extension, and applies fault injection to what it sends.
Tests and an in-memory transport drive it like this::

    core.receive(data, ("127.0.0.1", 50000))
    for out in core.process():          # one tick's batch
        sock.sendto(out.data, out.addr) # after out.delay_s seconds

Every method takes ``engine.lock``; output produced by listeners firing in other threads
collects in an outbox that ``collect()`` (and every other method) drains.
"""

from __future__ import annotations

import contextlib
import logging
import random
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from livectl.emulator import control
from livectl.emulator.control import Faults
from livectl.protocol.control import CONTROL_PREFIX
from livectl.script.dispatch import MAX_DATAGRAM, Dispatcher

__all__ = ["MAX_DATAGRAM", "EmulatorCore", "Faults", "Outbound"]

log = logging.getLogger(__name__)

Address = tuple[str, int]



class Outbound(NamedTuple):
    """One datagram to send: to ``addr``, ``delay_s`` seconds from now (faults)."""

    data: bytes
    addr: Address
    delay_s: float = 0.0



_CONTROL_BYTES = CONTROL_PREFIX.encode()


def _live_module(engine: Any) -> Any:
    """The emulated ``Live`` module for ``engine`` (the one a hosted script imports), not
    installed in ``sys.modules``: the in-process dispatcher sees the same Live API."""
    from livectl.emulator._framework import MidiMaps, build_modules

    return build_modules(engine, MidiMaps())["Live"]


class EmulatorCore(control.SetControl):
    """livectl's script dispatcher over a LiveEngine, without I/O."""

    def __init__(
        self,
        engine: Any = None,
        *,
        reply_port: int = 11001,
        reply_to_source_port: bool = False,
        max_datagram: int = MAX_DATAGRAM,
        structure_dir: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if engine is None:
            from livectl.emulator.lom import LiveEngine

            engine = LiveEngine(clock=clock)
        self.engine = engine
        self._out: deque[Outbound] = deque()
        self._faults = Faults()
        self._rng = random.Random(0)
        self.dispatcher = Dispatcher(
            lambda: self.engine.song,
            lambda: self.engine.application,
            _live_module(engine),
            self._sink,
            reply_port=reply_port,
            reply_to_source_port=reply_to_source_port,
            max_datagram=max_datagram,
            extensions=control.handlers(self),
        )
        if structure_dir is not None:
            self.dispatcher.ctx.structure_dir = structure_dir
        # Called when output appears outside a core call (a listener firing because another
        # thread changed the set in-process), so a server can send it without waiting.
        self.on_output: Callable[[], None] | None = None
        self._busy = 0

    # -- the dispatcher's state, as before ----------------------------------------------------

    @property
    def ctx(self) -> Any:
        return self.dispatcher.ctx

    @property
    def remote(self) -> Address:
        return self.dispatcher.remote

    @remote.setter
    def remote(self, value: Address) -> None:
        self.dispatcher.remote = value

    @property
    def reply_port(self) -> int:
        return self.dispatcher.reply_port

    @reply_port.setter
    def reply_port(self, value: int) -> None:
        self.dispatcher.reply_port = value

    @property
    def max_datagram(self) -> int:
        return self.dispatcher.max_datagram

    @property
    def batches(self) -> int:
        return self.dispatcher.batches

    @property
    def errors(self) -> int:
        return self.dispatcher.errors

    @property
    def addresses(self) -> tuple[str, ...]:
        """Every address with a handler: the script's, then /emulator/*."""
        return self.dispatcher.addresses

    @property
    def _handlers(self) -> dict[str, Any]:
        return self.dispatcher._handlers

    # ------------------------------------------------------------------ input and ticks

    def receive(self, data: bytes, addr: Address) -> None:
        """Queue one datagram for the next tick (Live leaves it in the socket buffer)."""
        self.dispatcher.receive(data, addr)

    @property
    def pending(self) -> int:
        """Datagrams waiting for a tick."""
        return self.dispatcher.pending

    def process(self) -> list[Outbound]:
        """One tick: handle queued datagrams in order until one raises (§1.4).

        The batch is one moment of Live's main thread: song time stands still during it.
        """
        with self.engine.moment(), self._working():
            self.dispatcher.process()
            return self.collect()

    def process_all(self) -> list[Outbound]:
        """Ticks back to back until nothing waits (the server's tick 0 mode)."""
        out: list[Outbound] = []
        while self.dispatcher.pending:
            out += self.process()
        return out + self.collect()

    def handle(self, data: bytes, addr: Address) -> list[Outbound]:
        """Receive and process one datagram at once; returns everything to send."""
        self.receive(data, addr)
        return self.process_all()

    def advance(self, now: float | None = None) -> list[Outbound]:
        """Run Live's transport up to ``now``: listeners fire, messages come out."""
        with self.engine.lock, self._working():
            self.engine.advance(now)
            return self.collect()

    def engine_tick(self) -> list[Outbound]:
        with self.engine.lock, self._working():
            self.engine.tick()
            return self.collect()

    @contextlib.contextmanager
    def _working(self) -> Iterator[None]:
        self._busy += 1
        try:
            yield
        finally:
            self._busy -= 1

    def collect(self) -> list[Outbound]:
        """Drain the outbox (listener messages from any thread, replies, errors)."""
        out: list[Outbound] = []
        while self._out:
            out.append(self._out.popleft())
        return out

    def startup(self) -> list[Outbound]:
        """What the script sends when it starts (§1.10, quirk §13 #8)."""
        with self.engine.lock:
            self.dispatcher.startup()
            return self.collect()

    # ------------------------------------------------------------------ output

    def _sink(self, data: bytes, addr: Address) -> None:
        faults = self._faults
        delay = 0.0
        if not data.startswith(_CONTROL_BYTES) and (faults.drop or faults.delay_share):
            if self._rng.random() < faults.drop:
                return
            if self._rng.random() < faults.delay_share:
                delay = faults.delay_s
        self._out.append(Outbound(data, addr, delay))
        if not self._busy and self.on_output is not None:
            self.on_output()

    # ------------------------------------------------------------------ control namespace

    def restart(self) -> None:
        """Simulate the script restarting: listeners cleared, /live/startup sent."""
        with self.engine.lock:
            self.dispatcher.restart()

    def _clear_script_state(self) -> None:
        self.dispatcher.clear_state()

