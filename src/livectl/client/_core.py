"""The sans-I/O heart of the client: correlation, /live/error routing, listeners, startup.

No sockets, no threads, no clock of its own: the sync and asyncio shells (and the state-machine
test, on a virtual clock) feed it datagrams and the time, send the bytes it returns, and wait
on whatever its ``resolve`` callbacks complete. Everything runs under the caller's lock (sync
shell) or on the event loop.

How a reply finds its request, with plain AbletonOSC (no request ids):

- **Tokens.** Plain property getters echo extra arguments after the value (spec §2.3), so a
  get carries a per-request token as its last argument and its reply is matched by the token
  alone. A late reply (after a timeout) or a duplicate carries a token nobody waits for any
  more and is dropped: it can never answer another request.
- **Confirmed writes, wildcards and custom getters go in one bundle with a token barrier**:
  ``[message, /live/song/get/tempo <token>]``. AbletonOSC handles a bundle in order and an
  exception drops the rest of it (§1.4), so the barrier's reply arrives if and only if the
  message was handled without error: success is certain, and network reordering cannot move
  the barrier ahead of its message.
- **Custom getters** (notes, volume, ...) ignore extra arguments, so their replies are matched
  FIFO by ``(address, echoed index prefix)``. A request given up (timeout, cancelled caller)
  stays in that queue as a *placeholder* that absorbs exactly one reply, so a late reply never
  answers the next request on that address. A placeholder is dropped once no reply can come:
  its barrier came back over ``reorder_s`` ago (the reply was sent before it, so it arrived or
  was lost), a later barrier on the same address did, or ``placeholder_ttl_s`` passed.
- Only datagrams from the peer's address and port are accepted.

``/live/error`` names no request. It is attributed only when certain: "Unknown OSC address: X"
names X; otherwise to the one message that could have caused it (sent, no barrier or reply back
yet, not given up long ago). When several could, the error stays open; every barrier or reply
that comes back rules its message out, and once one candidate is left it gets the error. A
caller that gives up while an open error names it gets :class:`UncertainLiveError` (the error
text, and that it may belong to another message sent at the same time). An error no candidate
can take goes to ``on_error`` (a WARNING log by default). Never dropped.
"""

from __future__ import annotations

import itertools
import logging
import re
import secrets
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from livectl.client._listeners import Listeners, Subscription
from livectl.client._listeners import prefix_matches as _prefix_matches
from livectl.client._request import Request
from livectl.errors import LiveError, NotFoundError, ProtocolError, UncertainLiveError
from livectl.protocol import (
    ERROR_ADDRESS,
    STARTUP_ADDRESS,
    Message,
    decode_packet,
    encode_bundle,
    encode_message,
    endpoint,
    route,
)

__all__ = ["BARRIER_ADDRESS", "ClientCore", "Pending", "Request", "Subscription", "decode_or_warn"]

log = logging.getLogger(__name__)

# A plain song getter: it echoes extra arguments after the value (§2.3) and never fails, so
# ``/live/song/get/tempo <token>`` is a barrier that names itself.
BARRIER_ADDRESS = endpoint("song", "tempo").get_address
_TOO_BIG = ("socket error", "too long", "message too")

Resolve = Callable[[Any, BaseException | None], None]
Callback = Callable[[tuple[Any, ...]], None]


@dataclass(eq=False)
class _Sent:
    """One datagram sent: a candidate cause of a /live/error until it is known handled."""

    address: str
    sent_at: float
    pending: Pending | None
    handled: bool = False  # its barrier or reply came back: it raised no error
    given_up_at: float | None = None
    failed: tuple[str, float] | None = None  # (error text, when) once an error was its


@dataclass(eq=False)
class Pending:
    """A request waiting for its reply (or its barrier)."""

    request: Request
    resolve: Resolve
    token: str | None = None
    key: tuple[str, tuple[Any, ...]] | None = None  # FIFO key of an untokened reply
    sent: _Sent | None = None
    pattern: re.Pattern[str] | None = None
    collected: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    done: bool = False
    barrier_at: float | None = None  # when its barrier came back
    placeholder_since: float | None = None

    @property
    def prefix(self) -> tuple[Any, ...]:
        return self.key[1] if self.key is not None else ()

    def finish(self, value: Any = None, error: BaseException | None = None) -> None:
        if not self.done:
            self.done = True
            self.resolve(value, error)


@dataclass(eq=False)
class _OpenError:
    text: str
    candidates: list[_Sent]
    at: float


def _echoes_extra(request: Request) -> bool:
    """Whether the reply to ``request`` echoes one extra argument at its end (§2.3)."""
    if "*" in request.address or "*" in request.args or request.reply_address:
        return False
    try:
        r = route(request.address)
    except NotFoundError:
        return False
    return r.verb == "get" and r.endpoint.echo_extra and request.prefix == len(request.args)


def decode_or_warn(data: bytes, source: tuple[str, int]) -> list[Message] | None:
    """The messages of a datagram from the peer, or None (logged) if it cannot be decoded:
    both cores ignore such a datagram and go on."""
    try:
        return decode_packet(data)
    except ProtocolError as exc:
        log.warning("ignored an undecodable datagram from %s: %s", source, exc)
        return None


class ClientCore:
    """Correlates requests and replies for one AbletonOSC peer. Sans-I/O: see module doc."""

    def __init__(
        self,
        host_ip: str,
        port: int | None = None,
        *,
        on_error: Callable[[LiveError], None] | None = None,
        send_grace_s: float = 0.25,
        reorder_s: float = 0.1,
        placeholder_ttl_s: float = 10.0,
        assume_duplicates: bool = False,
    ) -> None:
        self.host_ip = host_ip
        self.port = port
        self.on_error: Callable[[LiveError], None] = on_error or self._log_error
        self.on_startup: list[Callable[[], None]] = []
        self.send_grace_s = send_grace_s
        self.reorder_s = reorder_s
        self.placeholder_ttl_s = placeholder_ttl_s
        # A network that duplicates datagrams can run a failed message twice: then a message
        # that failed stays a possible cause of the same error text for placeholder_ttl_s.
        self.assume_duplicates = assume_duplicates
        self._nonce = secrets.token_hex(4)
        self._tokens_made = itertools.count(1)
        self._by_token: dict[str, Pending] = {}
        self._sent: deque[_Sent] = deque()
        self._open_errors: list[_OpenError] = []
        self._fifo: dict[str, list[Pending]] = {}
        self._collecting: list[Pending] = []
        self.listeners = Listeners()
        self._now = 0.0
        self.ignored_foreign = 0
        self.late_replies = 0  # replies to requests given up (or duplicates): dropped
        self.absorbed = 0  # replies a placeholder took
        self.startups = 0
        self.unmatched = 0

    @staticmethod
    def _log_error(error: LiveError) -> None:
        log.warning("AbletonOSC reported an error no caller waits for: %s", error)

    def _token(self) -> str:
        return f"livectl:{self._nonce}:{next(self._tokens_made)}"

    def _is_ours(self, value: Any) -> bool:
        return isinstance(value, str) and value.startswith(f"livectl:{self._nonce}:")

    # -- sending -----------------------------------------------------------------------------

    def prepare(self, request: Request, resolve: Resolve, now: float,
                again: Any = None) -> tuple[list[bytes], Pending | None]:
        """Datagrams to send for ``request`` and the Pending to wait on (None: nothing to wait).

        Call it and send the datagrams under one lock, so send order equals registration order.
        ``again`` (an earlier attempt's Pending) is ignored: plain AbletonOSC has no request
        ids, so a resend is a new request with a new token.
        """
        self.expire(now)
        if not request.expects_reply:
            self._sent.append(_Sent(request.address, now, None))
            if request.before:
                return [encode_bundle([*request.before, (request.address, request.args)])], None
            return [encode_message(request.address, request.args)], None
        token = self._token()
        pending = Pending(request, resolve, token=token)
        pending.sent = _Sent(request.address, now, pending)
        self._sent.append(pending.sent)
        self._by_token[token] = pending
        if _echoes_extra(request) and not request.before:
            return [encode_message(request.address, (*request.args, token))], pending
        datagram = encode_bundle(
            [*request.before, (request.address, request.args), (BARRIER_ADDRESS, (token,))]
        )
        if request.collect:
            pending.pattern = re.compile(request.address.replace("*", "[^/]+"))
            pending.key = (request.address, tuple(request.args[: request.prefix or 0]))
            self._collecting.append(pending)
        elif not request.confirm:
            address = request.reply_address or request.address
            pending.key = (address, tuple(request.args[: request.prefix]))
            self._fifo.setdefault(address, []).append(pending)
        return [datagram], pending

    @staticmethod
    def packs() -> bool:
        """Plain AbletonOSC: every request is its own datagram (its bundles are barriers)."""
        return False

    @staticmethod
    def pack(datagrams: list[bytes]) -> list[bytes]:
        return datagrams

    def cancel(self, pending: Any, now: float = 0.0) -> LiveError | None:
        """The caller gives up (timeout, cancelled task). A late reply goes nowhere: a token
        is forgotten, an untokened request leaves a placeholder that absorbs one reply.

        Returns :class:`UncertainLiveError` when an open /live/error may be this request's.
        """
        if not isinstance(pending, Pending) or pending.done:
            return None
        pending.done = True
        if pending.token is not None and (pending.key is None or pending.request.collect):
            self._by_token.pop(pending.token, None)  # (a placeholder keeps it: see expire)
        if pending in self._collecting:
            self._collecting.remove(pending)
        if pending.key is not None and not pending.request.collect:
            pending.placeholder_since = now
        sent = pending.sent
        if sent is None:
            return None
        sent.given_up_at = now
        for err in self._open_errors:
            if sent in err.candidates:
                return UncertainLiveError(
                    err.text, address=sent.address, others=len(err.candidates) - 1
                )
        return None

    def expire(self, now: float) -> None:
        """Drop what can no longer matter: old sends, dead placeholders, settled errors."""
        self._now = now
        for address, queue in list(self._fifo.items()):
            keep = [p for p in queue if not self._placeholder_dead(p, queue, now)]
            for p in queue:
                if p not in keep and p.token is not None:
                    self._by_token.pop(p.token, None)
            if keep:
                self._fifo[address] = keep
            else:
                del self._fifo[address]
        while self._sent and not self._may_fail(self._sent[0], now) and not self._ghost(
                self._sent[0], now):
            self._sent.popleft()
        for err in list(self._open_errors):
            err.candidates = [s for s in err.candidates
                              if self._may_fail(s, now) or self._ghost(s, now)]
            self._settle(err, [])

    def _placeholder_dead(self, p: Pending, queue: list[Pending], now: float) -> bool:
        if p.placeholder_since is None:
            return False
        if now - p.placeholder_since > self.placeholder_ttl_s:
            return True
        if p.barrier_at is not None and now - p.barrier_at > self.reorder_s:
            return True
        # A later request's barrier came back: anything Live sent for p came before it.
        later = queue[queue.index(p) + 1 :]
        return any(q.barrier_at is not None and now - q.barrier_at > self.reorder_s for q in later)

    def _ghost(self, sent: _Sent, now: float) -> bool:
        return (self.assume_duplicates and sent.failed is not None
                and now - sent.failed[1] <= self.placeholder_ttl_s)

    def _may_fail(self, sent: _Sent, now: float) -> bool:
        """Could a /live/error arriving now still come from ``sent``?"""
        if sent.handled:
            return False
        if sent.pending is None:
            return now - sent.sent_at <= self.send_grace_s
        if sent.given_up_at is not None:
            return now - sent.given_up_at <= self.placeholder_ttl_s
        return True

    def _handled(self, sent: _Sent | None, calls: list[Callable[[], None]]) -> None:
        """``sent`` was handled without error: it is nobody's error cause any more."""
        if sent is None or sent.handled:
            return
        sent.handled = True
        for err in list(self._open_errors):
            if sent in err.candidates:
                err.candidates.remove(sent)
                self._settle(err, calls)

    def _settle(self, err: _OpenError, calls: list[Callable[[], None]]) -> None:
        if len(err.candidates) > 1:
            if self.assume_duplicates:
                return  # a duplicate can fail twice: counting errors proves nothing
            # As many errors as candidates, none of which can have caused any other error:
            # every candidate failed. Oldest error to the oldest message (Live's order); the
            # pairing is certain only when the texts agree.
            group = [e for e in self._open_errors if set(e.candidates) <= set(err.candidates)]
            if len(group) < len(err.candidates):
                return
            same = len({e.text for e in group}) == 1
            for e, sent in zip(group, list(err.candidates), strict=False):
                self._open_errors.remove(e)
                self._blame(sent, e.text, calls, certain=same, others=len(group) - 1)
            return
        self._open_errors.remove(err)
        if not err.candidates:
            self._deliver_error(LiveError(err.text), None, calls)
            return
        self._blame(err.candidates[0], err.text, calls)

    def _blame(self, sent: _Sent, text: str, calls: list[Callable[[], None]], *,
               certain: bool = True, others: int = 0) -> None:
        sent.handled = True  # it failed: it sends nothing more, and is no other error's cause
        sent.failed = (text, self._now)
        for err in self._open_errors:
            # With duplicates, a failed message may fail again: it stays a cause of its text.
            if sent in err.candidates and not (self.assume_duplicates and err.text == text):
                err.candidates.remove(sent)
        error = (LiveError(text, address=sent.address) if certain
                 else UncertainLiveError(text, address=sent.address, others=others))
        pending = sent.pending
        if pending is None or pending.done:
            self._deliver_error(error, pending, calls)
            return
        self._forget(pending)
        pending.finish(None, error)

    def _deliver_error(self, error: LiveError, pending: Pending | None, calls: list[Callable[[], None]]) -> None:
        if pending is not None and pending.done:
            log.info("an error for a call that had already given up: %s", error)
        calls.append(_bind_error(self.on_error, error))

    def _forget(self, pending: Pending) -> None:
        """No reply will come for ``pending`` (it failed): remove it everywhere."""
        if pending.token is not None:
            self._by_token.pop(pending.token, None)
        if pending in self._collecting:
            self._collecting.remove(pending)
        if pending.key is not None:
            queue = self._fifo.get(pending.key[0], [])
            if pending in queue:
                queue.remove(pending)

    # -- listeners ---------------------------------------------------------------------------

    def subscribe(self, sub: Subscription) -> list[bytes]:
        """Add ``sub``; returns the start_listen datagram if it is the first on its key."""
        return [encode_message(*sub.start)] if self.listeners.add(sub) else []

    def unsubscribe(self, sub: Subscription) -> list[bytes]:
        """Remove ``sub``; returns the stop_listen datagram if it was the last on its key."""
        return [encode_message(*sub.stop)] if self.listeners.remove(sub) else []

    def subscriptions(self) -> list[Subscription]:
        return self.listeners.all()

    def resubscribe(self) -> list[bytes]:
        """start_listen for every active key (after /live/startup: Live forgot them)."""
        return [encode_message(*sub.start) for sub in self.listeners.firsts()]

    @property
    def subscription_count(self) -> int:
        return self.listeners.count

    # -- receiving ---------------------------------------------------------------------------

    def receive(
        self, data: bytes, source: tuple[str, int], now: float
    ) -> tuple[list[Callable[[], None]], list[bytes]]:
        """Handle one datagram. Returns (callbacks to run outside the lock, datagrams to send)."""
        calls: list[Callable[[], None]] = []
        out: list[bytes] = []
        if source[0] != self.host_ip or (self.port is not None and source[1] != self.port):
            # Only the peer we address may answer (spec §1.2: anyone can send to 11001).
            self.ignored_foreign += 1
            log.debug("ignored a datagram from %s (expecting %s:%s)", source, self.host_ip, self.port)
            return calls, out
        messages = decode_or_warn(data, source)
        if messages is None:
            return calls, out
        self.expire(now)
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
        if args and self._is_ours(args[-1]):
            self._token_reply(address, args, now, calls)
            return
        for pending in self._collecting:
            # Each matched handler replies once (spec §1.6), so a second message on an address
            # already collected belongs to someone else (a concurrent get, a listener).
            if pending.pattern is not None and pending.pattern.match(address):
                if _prefix_matches(args, pending.prefix) and address not in pending.seen:
                    pending.seen.add(address)
                    pending.collected.append((address, args))
                    return
        queue = self._fifo.get(address, [])
        for pending in queue:
            if _prefix_matches(args, pending.prefix):
                queue.remove(pending)
                if not queue:
                    del self._fifo[address]
                if pending.token is not None:
                    self._by_token.pop(pending.token, None)
                self._handled(pending.sent, calls)
                if pending.placeholder_since is not None:
                    self.absorbed += 1
                else:
                    pending.finish(args[len(pending.prefix) :])
                return
        delivered = self.listeners.deliver(address, args)
        calls.extend(delivered)
        if not delivered:
            self.unmatched += 1
            log.debug("no request or listener for %s %r", address, args)

    def _token_reply(
        self, address: str, args: tuple[Any, ...], now: float, calls: list[Callable[[], None]]
    ) -> None:
        pending = self._by_token.get(args[-1])
        if pending is None:
            self.late_replies += 1  # given up, failed, or a duplicate
            return
        expected = pending.request.address if _echoes_extra(pending.request) else BARRIER_ADDRESS
        if address != expected:
            self.unmatched += 1
            return
        self._handled(pending.sent, calls)
        del self._by_token[args[-1]]
        request = pending.request
        if request.collect:
            self._collecting.remove(pending)
            pending.finish(list(pending.collected))
        elif request.confirm and pending.key is None:
            pending.finish(())
        elif pending.key is None:
            pending.finish(args[len(request.args) : -1])
        else:
            pending.barrier_at = now  # the reply was sent just before: it comes or was lost

    def _route_error(self, text: str, now: float, calls: list[Callable[[], None]]) -> None:
        self.expire(now)
        self._now = now
        candidates = [s for s in self._sent if self._may_fail(s, now)]
        if self.assume_duplicates:
            ghosts = [s for s in self._sent if s.failed is not None and s.failed[0] == text
                      and now - s.failed[1] <= self.placeholder_ttl_s]
            if ghosts and candidates:
                # A duplicate of a failed message may be the cause: certain for nobody.
                err = _OpenError(text, candidates + ghosts, now)
                self._open_errors.append(err)
                return
            if ghosts:
                self._deliver_error(LiveError(text, address=ghosts[0].address), None, calls)
                return
        known = re.match(r"Unknown OSC address: (\S+)", text)
        if known:
            named = [s for s in candidates if s.address == known.group(1)]
            if named:
                self._blame(named[0], text, calls)  # each message to X gets its own error
                return
        err = _OpenError(text, candidates, now)
        self._open_errors.append(err)
        self._settle(err, calls)

    def fail_all(self, error: BaseException) -> None:
        """Fail every waiting request (the client is closing)."""
        for p in list(self._by_token.values()):
            p.finish(None, error)
        for queue in self._fifo.values():
            for p in queue:
                p.finish(None, error)
        self._by_token.clear()
        self._fifo.clear()
        self._collecting.clear()
        self._sent.clear()
        self._open_errors.clear()

    def outstanding(self) -> int:
        """Requests still waiting (placeholders not counted)."""
        return len([p for p in self._by_token.values() if not p.done])

    def placeholders(self) -> int:
        return sum(1 for q in self._fifo.values() for p in q if p.placeholder_since is not None)

    @staticmethod
    def too_big(error: BaseException) -> bool:
        """Whether ``error`` says a reply did not fit in a datagram (not that it was lost)."""
        return isinstance(error, LiveError) and any(t in str(error).lower() for t in _TOO_BIG)


def _bind(callback: Callback, values: tuple[Any, ...]) -> Callable[[], None]:
    return lambda: callback(values)


def _bind_error(callback: Callable[[LiveError], None], error: LiveError) -> Callable[[], None]:
    return lambda: callback(error)
