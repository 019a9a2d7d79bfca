"""The sans-I/O heart of the client: correlation, /live/error routing, listeners, startup.

No sockets, no threads, no clock of its own: the sync and asyncio shells feed it datagrams and
the time, send the bytes it returns, and wait on whatever future its ``resolve`` callbacks
complete. Everything here runs under the caller's lock (sync shell) or on the event loop.

Correlation rules (why mix-ups cannot happen):

- A request that expects a reply waits on ``(address, prefix)``: the address the reply comes on
  and the index arguments AbletonOSC echoes first (spec §2.1). A reply goes to the OLDEST
  waiting request whose address and prefix match; AbletonOSC answers in the order it receives,
  so FIFO per key gives each caller its own answer, whatever the threads or tasks.
- A message no request waits for goes to the listener subscriptions on that address and prefix
  (listener updates arrive on ``get`` addresses, like replies).
- ``/live/error`` carries no address. AbletonOSC handles datagrams strictly in order and sends
  the error while handling the failing one, so the error belongs to the OLDEST message still
  in flight, in send order. A message stops being in flight when its reply, or the reply to any
  later message, arrives; a message that never gets a reply (a set, a method call) also stops
  after ``send_grace_s``. If the oldest in-flight message is a request, its caller gets
  :class:`LiveError`; otherwise (an unconfirmed send, or nothing in flight) the error goes to
  ``on_error``, which by default logs it at WARNING. Never dropped.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from livectl.client._request import Request
from livectl.errors import LiveError, ProtocolError
from livectl.protocol import (
    ERROR_ADDRESS,
    STARTUP_ADDRESS,
    decode_packet,
    encode_message,
    endpoint,
)

__all__ = ["BARRIER_ADDRESS", "ClientCore", "Pending", "Request", "Subscription"]

log = logging.getLogger(__name__)

# /live/test replies "ok" on /live/test (spec §4): a cheap barrier. Everything sent before it
# has been handled once its reply arrives, because AbletonOSC handles datagrams in order.
BARRIER_ADDRESS = endpoint("test", "test").call_address

Resolve = Callable[[Any, BaseException | None], None]
Callback = Callable[[tuple[Any, ...]], None]


@dataclass(eq=False)
class Pending:
    """A request waiting for its reply (or its barrier)."""

    request: Request
    key_address: str
    prefix: tuple[Any, ...]
    resolve: Resolve
    seqs: list[int] = field(default_factory=list)
    pattern: re.Pattern[str] | None = None
    collected: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    done: bool = False

    def finish(self, value: Any = None, error: BaseException | None = None) -> None:
        if not self.done:
            self.done = True
            self.resolve(value, error)


@dataclass(eq=False)
class _InFlight:
    seq: int
    address: str
    sent_at: float
    pending: Pending | None


@dataclass(eq=False)
class Subscription:
    """One callback on a listener message stream; ``key`` is shared by equal subscriptions."""

    key: tuple[str, tuple[Any, ...]]
    start: tuple[str, tuple[Any, ...]]
    stop: tuple[str, tuple[Any, ...]]
    callback: Callback
    active: bool = True


def _prefix_matches(args: tuple[Any, ...], prefix: tuple[Any, ...]) -> bool:
    if len(args) < len(prefix):
        return False
    return all(a == p and type(a) is not bool for a, p in zip(args, prefix, strict=False))


class ClientCore:
    """Correlates requests and replies for one AbletonOSC peer. Sans-I/O: see module doc."""

    def __init__(
        self,
        host_ip: str,
        *,
        on_error: Callable[[LiveError], None] | None = None,
        send_grace_s: float = 0.25,
    ) -> None:
        self.host_ip = host_ip
        self.on_error: Callable[[LiveError], None] = on_error or self._log_error
        self.on_startup: list[Callable[[], None]] = []
        self.send_grace_s = send_grace_s
        self._seq = itertools.count(1)
        self._in_flight: deque[_InFlight] = deque()
        self._waiting: dict[str, list[Pending]] = {}
        self._collecting: list[Pending] = []
        self._subs: dict[tuple[str, tuple[Any, ...]], list[Subscription]] = {}
        self.ignored_foreign = 0
        self.startups = 0
        self.unmatched = 0

    @staticmethod
    def _log_error(error: LiveError) -> None:
        log.warning("AbletonOSC reported an error no caller waits for: %s", error)

    # -- sending -----------------------------------------------------------------------------

    def prepare(self, request: Request, resolve: Resolve, now: float) -> tuple[list[bytes], Pending | None]:
        """Datagrams to send for ``request`` and the Pending to wait on (None: nothing to wait).

        Call it and send the datagrams under one lock, so send order equals registration order.
        """
        datagrams = [encode_message(request.address, request.args)]
        pending: Pending | None = None
        if request.expects_reply:
            if request.collect or request.confirm:
                key, prefix = BARRIER_ADDRESS, ()
                datagrams.append(encode_message(BARRIER_ADDRESS, ()))
            else:
                key = request.reply_address or request.address
                prefix = request.args[: request.prefix]
            pending = Pending(request, key, tuple(prefix), resolve)
            if request.collect:
                pending.pattern = re.compile(request.address.replace("*", "[^/]+"))
                pending.prefix = tuple(request.args[: request.prefix or 0])
                self._collecting.append(pending)
                self._waiting.setdefault(BARRIER_ADDRESS, []).append(
                    Pending(request, BARRIER_ADDRESS, (), self._barrier_done(pending))
                )
            else:
                self._waiting.setdefault(key, []).append(pending)
        self._expire_sends(now)
        addresses = [request.address, BARRIER_ADDRESS][: len(datagrams)]
        for address in addresses:
            seq = next(self._seq)
            self._in_flight.append(_InFlight(seq, address, now, pending))
            if pending is not None:
                pending.seqs.append(seq)
        if request.collect and pending is not None:
            # the barrier's own Pending is the last in _waiting[BARRIER]; give it the seqs too
            self._waiting[BARRIER_ADDRESS][-1].seqs = list(pending.seqs)
        return datagrams, pending

    def _barrier_done(self, collector: Pending) -> Resolve:
        def done(_value: Any, error: BaseException | None) -> None:
            if collector in self._collecting:
                self._collecting.remove(collector)
            collector.finish(list(collector.collected), error)

        return done

    def cancel(self, pending: Pending) -> None:
        """Forget a request (timed out): its reply, if it comes late, goes nowhere."""
        pending.done = True
        self._drop_waiting(pending)

    def _expire_sends(self, now: float) -> None:
        while self._in_flight:
            head = self._in_flight[0]
            if head.pending is None and now - head.sent_at > self.send_grace_s:
                self._in_flight.popleft()
            elif head.pending is not None and head.pending.done:
                self._in_flight.popleft()
            else:
                return

    def _passed(self, seq: int) -> None:
        """Everything sent up to ``seq`` has been handled."""
        while self._in_flight and self._in_flight[0].seq <= seq:
            self._in_flight.popleft()

    # -- listeners ---------------------------------------------------------------------------

    def subscribe(self, sub: Subscription) -> list[bytes]:
        """Add ``sub``; returns the start_listen datagram if it is the first on its key."""
        subs = self._subs.setdefault(sub.key, [])
        subs.append(sub)
        return [encode_message(*sub.start)] if len(subs) == 1 else []

    def unsubscribe(self, sub: Subscription) -> list[bytes]:
        """Remove ``sub``; returns the stop_listen datagram if it was the last on its key."""
        if not sub.active:
            return []
        sub.active = False
        subs = self._subs.get(sub.key, [])
        if sub in subs:
            subs.remove(sub)
        if subs:
            return []
        self._subs.pop(sub.key, None)
        return [encode_message(*sub.stop)]

    def subscriptions(self) -> list[Subscription]:
        return [sub for subs in self._subs.values() for sub in subs]

    def resubscribe(self) -> list[bytes]:
        """start_listen for every active key (after /live/startup: Live forgot them)."""
        return [encode_message(*subs[0].start) for subs in self._subs.values() if subs]

    @property
    def subscription_count(self) -> int:
        return sum(len(s) for s in self._subs.values())

    # -- receiving ---------------------------------------------------------------------------

    def receive(
        self, data: bytes, source: tuple[str, int], now: float
    ) -> tuple[list[Callable[[], None]], list[bytes]]:
        """Handle one datagram. Returns (callbacks to run outside the lock, datagrams to send)."""
        calls: list[Callable[[], None]] = []
        out: list[bytes] = []
        if source[0] != self.host_ip:
            # Only the host we address may answer (spec §1.2: anyone can send to 11001).
            self.ignored_foreign += 1
            log.debug("ignored a datagram from %s (expecting %s)", source, self.host_ip)
            return calls, out
        try:
            messages = decode_packet(data)
        except ProtocolError as exc:
            log.warning("ignored an undecodable datagram from %s: %s", source, exc)
            return calls, out
        for msg in messages:
            self._dispatch(msg.address, tuple(msg.args), now, calls, out)
        return calls, out

    def _dispatch(
        self,
        address: str,
        args: tuple[Any, ...],
        now: float,
        calls: list[Callable[[], None]],
        out: list[bytes],
    ) -> None:
        if address == ERROR_ADDRESS:
            self._route_error(" ".join(str(a) for a in args), now, calls)
            return
        if address == STARTUP_ADDRESS:
            self.startups += 1
            out.extend(self.resubscribe())
            calls.extend(self.on_startup)
            return
        for pending in self._collecting:
            # Each matched handler replies once (spec §1.6), so a second message on an address
            # already collected belongs to someone else (a concurrent get, a listener).
            if pending.pattern is not None and pending.pattern.match(address):
                if _prefix_matches(args, pending.prefix) and address not in pending.seen:
                    pending.seen.add(address)
                    pending.collected.append((address, args))
                    return
        for pending in self._waiting.get(address, ()):
            if _prefix_matches(args, pending.prefix):
                self._waiting[address].remove(pending)
                if not self._waiting[address]:
                    del self._waiting[address]
                if pending.seqs:
                    self._passed(pending.seqs[-1])
                pending.finish(args[len(pending.prefix) :])
                return
        delivered = False
        for (sub_address, prefix), subs in self._subs.items():
            if sub_address == address and _prefix_matches(args, prefix):
                values = args[len(prefix) :]
                for sub in list(subs):
                    calls.append(_bind(sub.callback, values))
                delivered = True
        if not delivered:
            self.unmatched += 1
            log.debug("no request or listener for %s %r", address, args)

    def _route_error(self, text: str, now: float, calls: list[Callable[[], None]]) -> None:
        self._expire_sends(now)
        target: _InFlight | None = None
        # "Unknown OSC address: X" names its cause exactly; prefer that entry.
        known = re.match(r"Unknown OSC address: (\S+)", text)
        for entry in self._in_flight:
            if entry.pending is not None and entry.pending.done:
                continue
            if entry.pending is None and now - entry.sent_at > self.send_grace_s:
                continue
            if known and entry.address != known.group(1):
                continue
            target = entry
            break
        if target is None:
            calls.append(_bind_error(self.on_error, LiveError(text)))
            return
        self._passed(target.seq)
        error = LiveError(text, address=target.address)
        pending = target.pending
        if pending is None:
            calls.append(_bind_error(self.on_error, error))
            return
        self._drop_waiting(pending)
        pending.finish(None, error)

    def _drop_waiting(self, pending: Pending) -> None:
        """Forget ``pending`` everywhere: its waiting entries (a wildcard's barrier too, kept
        under the same key) and its in-flight messages."""
        waiting = self._waiting.get(pending.key_address, [])
        for p in list(waiting):
            if p is pending or (pending.request.collect and p.request is pending.request):
                waiting.remove(p)
        if pending in self._collecting:
            self._collecting.remove(pending)
        for entry in self._in_flight:
            if entry.pending is pending:
                entry.pending = None
                entry.sent_at = float("-inf")  # so the grace rule drops it

    def fail_all(self, error: BaseException) -> None:
        """Fail every waiting request (the client is closing)."""
        for waiting in self._waiting.values():
            for p in waiting:
                p.finish(None, error)
        for p in self._collecting:
            p.finish(None, error)
        self._waiting.clear()
        self._collecting.clear()
        self._in_flight.clear()

    def outstanding(self) -> int:
        return sum(len(w) for w in self._waiting.values())


def _bind(callback: Callback, values: tuple[Any, ...]) -> Callable[[], None]:
    return lambda: callback(values)


def _bind_error(callback: Callable[[LiveError], None], error: LiveError) -> Callable[[], None]:
    return lambda: callback(error)

