"""The sans-I/O AbletonOSC front end: datagrams in, datagrams out, no sockets, no threads.

``EmulatorCore`` holds everything AbletonOSC's ``OSCServer``/``Manager`` decide: the queue of
datagrams waiting for the next tick, the batch rule (an exception ends the batch, §1.4), the
default remote address every datagram overwrites (§1.2), wildcard expansion (§1.6),
``/live/error`` texts (§1.8), listener bookkeeping (in the handlers' Context) and the fault
injection of the ``/emulator/*`` namespace. The UDP server (``server.Emulator``) and an
in-memory transport both drive it the same way::

    core.receive(data, ("127.0.0.1", 50000))
    for out in core.process():          # one tick's batch
        sock.sendto(out.data, out.addr) # after out.delay_s seconds

Every method takes ``engine.lock``; output produced by listeners firing in other threads
collects in an outbox that ``collect()`` (and every other method) drains.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import random
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from livectl.checks import check_real_range
from livectl.emulator.handlers import Context, Handler, build_handlers
from livectl.errors import ProtocolError, ValidationError
from livectl.protocol import (
    ERROR_ADDRESS,
    STARTUP_ADDRESS,
    decode_packet,
    encode_message,
    endpoint,
    match,
)
from livectl.protocol.control import CONTROL_PREFIX

__all__ = ["MAX_DATAGRAM", "EmulatorCore", "Faults", "Outbound"]

log = logging.getLogger(__name__)

Address = tuple[str, int]

# The UDP/IPv4 payload limit; macOS caps datagrams at 9216 bytes by default.
MAX_DATAGRAM = 65507
_ENCODABLE = (bool, int, float, str, bytes, type(None))


class Outbound(NamedTuple):
    """One datagram to send: to ``addr``, ``delay_s`` seconds from now (faults)."""

    data: bytes
    addr: Address
    delay_s: float = 0.0


@dataclass(frozen=True)
class Faults:
    """Share of ``/live/`` replies dropped, and share delayed by ``delay_s`` seconds."""

    drop: float = 0.0
    delay_s: float = 0.0
    delay_share: float = 0.0


class _MessageTooLong(OSError):
    """What sendto raises for an oversized datagram (EMSGSIZE)."""


class EmulatorCore:
    """AbletonOSC's server logic over a LiveEngine, without I/O."""

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
        self.reply_port = reply_port
        self.reply_to_source_port = reply_to_source_port
        self.max_datagram = max_datagram
        # AbletonOSC's default remote address before any datagram arrives (§1.2).
        self.remote: Address = ("127.0.0.1", reply_port)
        self._queue: deque[tuple[bytes, Address]] = deque()
        self._out: deque[Outbound] = deque()
        self._faults = Faults()
        self._rng = random.Random(0)
        self.ctx = Context(engine, send=self._send_async, emit_error=self._error, control=self)
        if structure_dir is not None:
            self.ctx.structure_dir = structure_dir
        self._handlers: dict[str, Handler] = build_handlers()
        self._handlers[endpoint("api", "reload").call_address] = self._reload
        self.batches = 0
        self.errors = 0
        # Called when output appears outside a core call (a listener firing because another
        # thread changed the set in-process), so a server can send it without waiting.
        self.on_output: Callable[[], None] | None = None
        self._busy = 0

    @property
    def addresses(self) -> tuple[str, ...]:
        """Every address with a handler: AbletonOSC's, then /emulator/*."""
        return tuple(self._handlers)

    # ------------------------------------------------------------------ input and ticks

    def receive(self, data: bytes, addr: Address) -> None:
        """Queue one datagram for the next tick (Live leaves it in the socket buffer)."""
        self._queue.append((bytes(data), (str(addr[0]), int(addr[1]))))

    @property
    def pending(self) -> int:
        """Datagrams waiting for a tick."""
        return len(self._queue)

    def process(self) -> list[Outbound]:
        """One tick: handle queued datagrams in order until one raises (§1.4).

        An exception ends the batch: the rest of its bundle is lost, datagrams behind it wait
        for the next tick.
        """
        with self.engine.lock, self._working():
            self.batches += 1
            while self._queue:
                data, sender = self._queue.popleft()
                if not self._handle_datagram(data, sender):
                    break
            return self.collect()

    def process_all(self) -> list[Outbound]:
        """Ticks back to back until nothing waits (the server's tick 0 mode)."""
        out: list[Outbound] = []
        while self._queue:
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
        """What AbletonOSC sends when it starts (§1.10, quirk §13 #8)."""
        with self.engine.lock:
            self._send_async(STARTUP_ADDRESS, ())
            # An odd side effect of ApplicationHandler's init: this address, with no args.
            self._send_async(endpoint("application", "average_process_usage").get_address, ())
            return self.collect()

    # ------------------------------------------------------------------ dispatch

    def _handle_datagram(self, data: bytes, sender: Address) -> bool:
        """Handle one datagram; False when an exception ended the batch."""
        # Every datagram overwrites the default remote address (§1.2, quirk §13 #1).
        self.remote = (sender[0], sender[1] if self.reply_to_source_port else self.reply_port)
        try:
            messages = decode_packet(data)
        except ProtocolError as exc:
            self._error(str(exc))  # logged, the batch goes on
            return True
        for msg in messages:
            try:
                self._dispatch(msg.address, list(msg.args))
            except OSError as exc:
                # AbletonOSC's receive loop catches socket.error apart (§1.8).
                self.errors += 1
                self._error(f"Socket error: {exc}")
                return False
            except Exception as exc:
                self.errors += 1
                log.debug("handler for %s failed", msg.address, exc_info=True)
                self._error(f"Error handling OSC message: {exc}")
                return False
        return True

    def _dispatch(self, address: str, args: list[Any]) -> None:
        handler = self._handlers.get(address)
        if handler is not None:
            self._reply(address, handler(self.ctx, args))
            return
        if "*" in address:
            self._wildcard(address, args)
            return
        self._error(f"Unknown OSC address: {address}")

    def _wildcard(self, pattern: str, args: list[Any]) -> None:
        # Quirk §1.6/§13 #3: prefix regex match in registration order; ValueError and
        # AttributeError skip one match silently, anything else ends the expansion.
        # A pattern that is not a valid regex raises re.error, as inside AbletonOSC.
        for route in match(pattern):
            handler = self._handlers[route.address]
            try:
                result = handler(self.ctx, list(args))
            except (ValueError, AttributeError):
                continue
            self._reply(route.address, result)

    def _reply(self, address: str, result: tuple[Any, ...] | None) -> None:
        if result is not None:
            self._send(address, result, self.remote)

    # ------------------------------------------------------------------ output

    def _send(self, address: str, args: tuple[Any, ...], addr: Address) -> None:
        for value in args:
            if not isinstance(value, _ENCODABLE):
                # The vendored python-osc's text, typo included (§1.7).
                raise ValueError("Infered arg_value type is not supported")
        try:
            data = encode_message(address, args)
        except ProtocolError as exc:
            self._error(f"OSC build error: {exc}")
            return
        if len(data) > self.max_datagram:
            raise _MessageTooLong(errno.EMSGSIZE, "Message too long")
        control = address.startswith(CONTROL_PREFIX)
        self._queue_out(data, addr, control)

    def _queue_out(self, data: bytes, addr: Address, control: bool) -> None:
        faults = self._faults
        delay = 0.0
        if not control and (faults.drop or faults.delay_share):
            if self._rng.random() < faults.drop:
                return
            if self._rng.random() < faults.delay_share:
                delay = faults.delay_s
        self._out.append(Outbound(data, addr, delay))
        if not self._busy and self.on_output is not None:
            self.on_output()

    def _send_async(self, address: str, args: tuple[Any, ...]) -> None:
        """Listener messages, /live/test, startup: to the default remote address (§1.2)."""
        self._send(address, args, self.remote)

    def _error(self, text: str) -> None:
        """AbletonOSC's ERROR log record, forwarded as /live/error; send failures ignored."""
        try:
            self._send(ERROR_ADDRESS, (text,), self.remote)
        except OSError:
            log.debug("could not send /live/error %r", text[:200])

    # ------------------------------------------------------------------ control namespace

    def _reload(self, ctx: Context, args: list[Any]) -> None:
        # /live/api/reload: new handler objects, listeners removed, startup messages again.
        # AbletonOSC's reload bug with volume/parameter listeners (§13 #13) is not copied.
        self.restart()

    def restart(self) -> None:
        """Simulate the script restarting: listeners cleared, /live/startup sent."""
        with self.engine.lock:
            self.ctx.clear_listeners()
            self.ctx.beat_last_time = -1.0
            self.ctx.filter_cache = None
            self.ctx.log_level = "info"
            self._send_async(STARTUP_ADDRESS, ())
            self._send_async(endpoint("application", "average_process_usage").get_address, ())

    def reset(self) -> None:
        """Back to Live 12's default set. Listeners on the old objects are removed."""
        with self.engine.lock:
            self.ctx.clear_listeners()
            self.ctx.filter_cache = None
            self.engine.reset()

    def snapshot(self) -> dict[str, Any]:
        with self.engine.lock:
            data: dict[str, Any] = self.engine.to_dict()
            return data

    def snapshot_json(self) -> str:
        return json.dumps(self.snapshot(), separators=(",", ":"))

    def load_json(self, text: str) -> None:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValidationError(
                f"a set snapshot is a JSON object (from /emulator/snapshot), got "
                f"{type(data).__name__}"
            )
        with self.engine.lock:
            # Load first: a bad snapshot raises before anything changed, so the set and the
            # clients' listeners stay. Listener entries keep their (old) objects, so they
            # are still removed properly afterwards.
            self.engine.load_dict(data)
            self.ctx.clear_listeners()
            self.ctx.filter_cache = None

    def add_device(
        self,
        track_index: int,
        name: str,
        class_name: str,
        type: int,
        parameters: list[dict[str, Any]],
    ) -> int:
        with self.engine.lock:
            result = self.engine.add_device(
                track_index, name, class_name, type, parameters=parameters
            )
            if isinstance(result, int):
                return result
            return len(self.engine.song.tracks[track_index].devices) - 1

    def set_faults(
        self,
        drop: float = 0.0,
        delay_s: float = 0.0,
        delay_share: float = 0.0,
        seed: int | None = None,
    ) -> None:
        """Drop a share of /live/ replies and delay another share (control replies exempt)."""
        self._faults = Faults(
            check_real_range("drop", drop, 0.0, 1.0),
            check_real_range("delay_s", delay_s, 0.0, 60.0, unit="s"),
            check_real_range("delay_share", delay_share, 0.0, 1.0),
        )
        if seed is not None:
            self._rng = random.Random(seed)

    @property
    def faults(self) -> Faults:
        return self._faults
