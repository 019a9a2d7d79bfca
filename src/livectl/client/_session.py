"""The sans-I/O client core for livectl's own script: request ids, a token, retransmits.

When the peer answers ``/livectl/connect`` it is livectl's remote script, and this core
replaces :class:`~livectl.client._core.ClientCore` (which speaks plain AbletonOSC). The wire
format is described in ``livectl/script/session.py``; what it buys the client:

- **Every reply names its request.** A request is ``/livectl/req token id address args`` and
  ends in exactly one ``done`` or ``err`` with the same id, so a reply or an error can never
  answer another call, and a confirmed write needs no barrier.
- **Retransmits are safe.** A request unanswered after ``rto_s`` is sent again with the same
  id; the script answers a repeated id from its replay cache without applying it again. So on
  a lossy network every call, writes included, is retried until its timeout, and a duplicated
  datagram never applies a write twice.
- **The token** (random, per connection) is in every datagram of the session: datagrams from
  any other process, or left over from an earlier connection, are dropped.
- **Own listeners**, delivered as ``/livectl/evt``; the session's lease is kept alive by
  ``/livectl/ping`` and the listeners go away with the client.
- **Big replies** come in parts and are joined here.

No sockets, threads or clock of its own: the engines feed it datagrams and the time and call
:meth:`SessionCore.tick` every few tens of milliseconds.
"""

from __future__ import annotations

import itertools
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from livectl.client._core import decode_or_warn
from livectl.client._listeners import Listeners, Subscription
from livectl.client._request import Request
from livectl.client._wire import Wire
from livectl.errors import LiveError, ProtocolError
from livectl.protocol import STARTUP_ADDRESS, decode_packet, encode_bundle, encode_message

# The wire names are the script's own (one copy: the script package is the protocol's home).
from livectl.script.session import (
    BATCH,
    CLOSE,
    CONNECT,
    DONE,
    ERROR,
    EVENT,
    PART,
    PING,
    REPLY,
)
from livectl.script.session import NO_SESSION as _NO_SESSION

__all__ = ["MULTI", "SessionCore", "SessionInfo", "SessionPending"]

MULTI = "multi"  # the script's capability: several requests in one datagram

log = logging.getLogger(__name__)


Resolve = Callable[[Any, BaseException | None], None]


@dataclass(frozen=True)
class SessionInfo:
    """What livectl's script said in the handshake."""

    session: int
    version: str
    capabilities: tuple[str, ...]
    lease_s: float
    max_part: int


@dataclass(eq=False)
class SessionPending:
    """A request waiting for its ``done`` or ``err``."""

    rid: int
    request: Request
    resolve: Resolve | None
    datagram: bytes
    sent_at: float
    replies: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    done: bool = False
    sends: int = 1

    def finish(self, value: Any = None, error: BaseException | None = None) -> None:
        if not self.done:
            self.done = True
            if self.resolve is not None:
                self.resolve(value, error)


class SessionCore:
    """Correlates requests and replies with livectl's script by request id. Sans-I/O."""

    def __init__(
        self,
        host_ip: str,
        port: int,
        *,
        name: str = "livectl",
        on_error: Callable[[LiveError], None] | None = None,
        rto_s: float | None = None,
        token: str | None = None,
    ) -> None:
        self.host_ip = host_ip
        self.port = port
        self.name = name
        self.token = token or secrets.token_hex(12)
        self._wire = Wire(self.token)
        self.on_error: Callable[[LiveError], None] = on_error or self._log_error
        self.on_startup: list[Callable[[], None]] = []
        # Retransmit timeout: fixed when given, else adaptive from measured round trips
        # (Karn: only first sends count), between 30 ms and 1 s, 250 ms until measured.
        self._fixed_rto = rto_s
        self._srtt: float | None = None
        self.info: SessionInfo | None = None
        self._last_session: int | None = None
        self._ids = itertools.count(1)
        self._waiting: dict[int, SessionPending] = {}
        self._orphans: dict[int, str] = {}  # fire-and-forget ids -> address, for their errors
        self._parts: dict[int, dict[int, bytes]] = {}
        self.listeners = Listeners()
        self._last_sent = 0.0
        self._connect_sent: float | None = None
        self.on_connected: list[Callable[[SessionInfo], None]] = []
        self.ignored_foreign = 0
        self.late_replies = 0
        self.retransmits = 0
        self.startups = 0
        self.unmatched = 0
        self.reconnects = 0

    @staticmethod
    def _log_error(error: LiveError) -> None:
        log.warning("livectl's script reported an error no caller waits for: %s", error)

    @property
    def connected(self) -> bool:
        return self.info is not None

    @property
    def rto_s(self) -> float:
        if self._fixed_rto is not None:
            return float(self._fixed_rto)
        if self._srtt is None:
            return 0.25
        return min(1.0, max(0.03, 2.0 * self._srtt + 0.01))

    def _measured(self, rtt: float) -> None:
        self._srtt = rtt if self._srtt is None else 0.875 * self._srtt + 0.125 * rtt

    # -- handshake -----------------------------------------------------------------------------

    def connect_datagram(self, now: float) -> bytes:
        """``/livectl/connect token name``: the handshake (and a reconnect)."""
        self._connect_sent = now
        self._last_sent = now
        return encode_message(CONNECT, (self.token, self.name))

    def close_datagram(self) -> bytes:
        return encode_message(CLOSE, (self.token,))

    # -- sending -------------------------------------------------------------------------------


    def prepare(self, request: Request, resolve: Resolve, now: float,
                again: Any = None) -> tuple[list[bytes], SessionPending | None]:
        """Datagrams for ``request`` and what to wait on. ``again``: the pending of an earlier
        attempt; its request id is reused, so the script never applies the request twice."""
        self._last_sent = now
        if isinstance(again, SessionPending) and again.rid not in self._waiting:
            rid = again.rid
            datagram = again.datagram
        else:
            rid = next(self._ids)
            if request.before:  # in order, as one request: /livectl/batch carries a bundle
                inner = encode_bundle([*request.before, (request.address, tuple(request.args))])
                datagram = encode_message(BATCH, (self.token, rid, inner))
            else:
                datagram = self._wire.request(rid, request.address, tuple(request.args))
        if not request.expects_reply:
            self._orphans[rid] = request.address  # an error still reaches on_error, named
            self._trim_orphans()
            return [datagram], None
        pending = SessionPending(rid, request, resolve, datagram, now)
        if isinstance(again, SessionPending):
            pending.sends = again.sends + 1  # a resend: its round trip measures nothing
        self._waiting[rid] = pending
        return [datagram], pending

    def packs(self) -> bool:
        """Whether the script reads several requests in one datagram (capability "multi")."""
        info = self.info
        return info is not None and MULTI in info.capabilities

    def pack(self, datagrams: list[bytes]) -> list[bytes]:
        """Request datagrams packed into bundles of at most ``max_part`` bytes, in order (one
        datagram each when the script cannot read packed requests)."""
        if len(datagrams) < 2 or not self.packs():
            return datagrams
        assert self.info is not None  # packs() says so
        return self._wire.pack(datagrams, self.info.max_part)

    def _trim_orphans(self) -> None:
        while len(self._orphans) > 4096:
            self._orphans.pop(next(iter(self._orphans)))

    def cancel(self, pending: Any, now: float = 0.0) -> LiveError | None:
        """The caller gives up: a late answer is dropped (its id is nobody's any more)."""
        if isinstance(pending, SessionPending):
            pending.done = True
            self._waiting.pop(pending.rid, None)
        return None  # errors always name their request: nothing is ever uncertain here

    def tick(self, now: float) -> list[bytes]:
        """Retransmits of unanswered requests (same id) and the lease's keep-alive."""
        out: list[bytes] = []
        if self.info is None:
            if self._connect_sent is not None and now - self._connect_sent > self.rto_s:
                out.append(self.connect_datagram(now))
            return out
        for pending in list(self._waiting.values()):
            if now - pending.sent_at >= self.rto_s * min(pending.sends, 4):
                pending.sent_at = now
                pending.sends += 1
                self.retransmits += 1
                out.append(pending.datagram)
        if now - self._last_sent > self.info.lease_s / 3:
            out.append(encode_message(PING, (self.token,)))
        if out:
            self._last_sent = now
        return out

    # -- listeners -----------------------------------------------------------------------------

    def _fire(self, address: str, args: tuple[Any, ...], now: float) -> bytes:
        rid = next(self._ids)
        self._orphans[rid] = address
        self._trim_orphans()
        self._last_sent = now
        return self._wire.request(rid, address, args)

    def subscribe(self, sub: Subscription, now: float = 0.0) -> list[bytes]:
        return [self._fire(*sub.start, now)] if self.listeners.add(sub) else []

    def unsubscribe(self, sub: Subscription, now: float = 0.0) -> list[bytes]:
        return [self._fire(*sub.stop, now)] if self.listeners.remove(sub) else []

    def subscriptions(self) -> list[Subscription]:
        return self.listeners.all()

    def resubscribe(self, now: float = 0.0) -> list[bytes]:
        return [self._fire(*sub.start, now) for sub in self.listeners.firsts()]

    @property
    def subscription_count(self) -> int:
        return self.listeners.count

    # -- receiving -----------------------------------------------------------------------------

    def receive(self, data: bytes, source: tuple[str, int],
                now: float) -> tuple[list[Callable[[], None]], list[bytes]]:
        """Handle one datagram: (callbacks to run outside the lock, datagrams to send)."""
        calls: list[Callable[[], None]] = []
        out: list[bytes] = []
        if source[0] != self.host_ip or source[1] != self.port:
            self.ignored_foreign += 1
            return calls, out
        lone = self._wire.lone_answer(data)
        if lone is not None:  # one request's one reply and its done: the commonest answer
            rid, address, args = lone
            pending = self._waiting.get(rid)
            if pending is not None and not pending.replies and not pending.request.collect:
                self._settle(pending, now)
                pending.replies.append((address, args))
                pending.finish(self._result(pending))
                return calls, out
        answers = self._wire.decode(data)
        if answers is not None:  # replies and dones of this very session (token checked)
            for address, args in answers:
                self._answer(address, args, now, calls, out)
            return calls, out
        messages = decode_or_warn(data, source)
        if messages is None:
            return calls, out
        for msg in messages:
            if msg.address == STARTUP_ADDRESS:
                # Plain /live/startup from the peer: the script (re)started, or reloaded and
                # kept the session (then an /livectl/evt startup follows). Connect again: the
                # session number in the answer tells which (see _connected).
                if self.info is not None:
                    self._lost(now, out)
                continue
            self._dispatch(msg.address, tuple(msg.args), now, calls, out)
        return calls, out

    def _dispatch(self, address: str, args: tuple[Any, ...], now: float,
                  calls: list[Callable[[], None]], out: list[bytes]) -> None:
        if not args or args[0] != self.token:
            self.ignored_foreign += 1  # another connection's, or not livectl's at all
            return
        if address == PART:
            joined = self._join(args)
            if joined is not None:
                try:
                    messages = decode_packet(joined)
                except ProtocolError as exc:
                    log.warning("could not join a reply's parts: %s", exc)
                    return
                for msg in messages:
                    if msg.address != PART:  # parts never nest
                        self._dispatch(msg.address, tuple(msg.args), now, calls, out)
            return
        if address == CONNECT:
            self._connected(args, now, calls, out)
        elif address in (REPLY, DONE, ERROR):
            self._answer(address, args, now, calls, out)
        elif address == EVENT and len(args) >= 2:
            self._event(str(args[1]), args[2:], now, calls, out)
        elif address != PING:
            self.unmatched += 1

    def _join(self, args: tuple[Any, ...]) -> bytes | None:
        try:
            _, rid, index, count, chunk = args
        except ValueError:
            return None
        if not (isinstance(index, int) and isinstance(count, int) and 0 <= index < count
                and isinstance(chunk, bytes)):
            return None
        parts = self._parts.setdefault(int(rid), {})
        parts[index] = chunk
        if len(parts) < count:
            if len(self._parts) > 256:  # a lost part never completes: bound what waits
                self._parts.pop(next(iter(self._parts)))
            return None
        del self._parts[int(rid)]
        return b"".join(parts[i] for i in range(count))

    def _connected(self, args: tuple[Any, ...], now: float, calls: list[Callable[[], None]],
                   out: list[bytes]) -> None:
        try:
            _, session, version, capabilities, lease_s, max_part = args
            info = SessionInfo(int(session), str(version), tuple(str(capabilities).split(",")),
                               float(lease_s), int(max_part))
        except (TypeError, ValueError):
            log.warning("ignored a malformed /livectl/connect reply %r", args)
            return
        previous = self._last_session
        self.info = info
        self._last_session = info.session
        self._connect_sent = None
        if previous is not None and previous != info.session:
            # A new session after a lost one: the script forgot our listeners and ids.
            self.startups += 1
            out.extend(self.resubscribe(now))
            for pending in self._waiting.values():
                pending.sent_at = now
                out.append(pending.datagram)
            calls.extend(self.on_startup)
        for callback in self.on_connected:
            calls.append(_bind_info(callback, info))

    def _answer(self, address: str, args: tuple[Any, ...], now: float,
                calls: list[Callable[[], None]], out: list[bytes]) -> None:
        if len(args) < 2 or not isinstance(args[1], int):
            self.unmatched += 1
            return
        rid = args[1]
        pending = self._waiting.get(rid)
        if address == ERROR:
            text = str(args[2]) if len(args) > 2 else ""
            if text.startswith(_NO_SESSION):
                self._lost(now, out)
                return
            if pending is None:
                named = self._orphans.pop(rid, None)
                if named is not None:
                    calls.append(_bind_error(self.on_error, LiveError(text, address=named)))
                else:
                    self.late_replies += 1
                return
            self._settle(pending, now)
            pending.finish(None, LiveError(text, address=pending.request.address))
            return
        if pending is None:
            if address == DONE:
                self._orphans.pop(rid, None)
            self.late_replies += 1  # a retransmit's second answer, or a call given up
            return
        if address == REPLY:
            if len(args) >= 3:
                pending.replies.append((str(args[2]), tuple(args[3:])))
            return
        self._settle(pending, now)
        pending.finish(self._result(pending))

    def _settle(self, pending: SessionPending, now: float) -> None:
        """``pending`` was answered (its done or err): no longer waiting, and its round trip
        measured when it went once (a resend's measures nothing)."""
        del self._waiting[pending.rid]
        if pending.sends == 1:
            self._measured(max(0.0, now - pending.sent_at))

    def _result(self, pending: SessionPending) -> Any:
        request = pending.request
        if request.collect:
            pattern = re.compile(request.address.replace("*", "[^/]+"))
            prefix = tuple(request.args[: request.prefix or 0])
            return [(a, args) for a, args in pending.replies
                    if pattern.match(a) and args[: len(prefix)] == prefix]
        if request.prefix is None:
            return ()
        wanted = request.reply_address or request.address
        for address, args in pending.replies:
            if address == wanted:
                return args[request.prefix:]
        return ()

    def _lost(self, now: float, out: list[bytes]) -> None:
        """The script forgot this session (lease ran out, script restarted): connect again;
        waiting requests are sent again once it answers."""
        if self._connect_sent is not None and now - self._connect_sent < self.rto_s:
            return
        self.reconnects += 1
        self.info = None
        out.append(self.connect_datagram(now))

    def _event(self, address: str, args: tuple[Any, ...], now: float,
               calls: list[Callable[[], None]], out: list[bytes]) -> None:
        if address == STARTUP_ADDRESS:  # the script restarted: it forgot our listeners
            self.startups += 1
            out.extend(self.resubscribe(now))
            calls.extend(self.on_startup)
            return
        if address == "/live/error":
            calls.append(_bind_error(self.on_error, LiveError(" ".join(map(str, args)))))
            return
        delivered = self.listeners.deliver(address, args)
        calls.extend(delivered)
        if not delivered:
            self.unmatched += 1

    # -- closing ------------------------------------------------------------------------------

    def fail_all(self, error: BaseException) -> None:
        for pending in list(self._waiting.values()):
            pending.finish(None, error)
        self._waiting.clear()

    def outstanding(self) -> int:
        return len(self._waiting)

    def placeholders(self) -> int:
        return 0

    @staticmethod
    def too_big(error: BaseException) -> bool:
        return False  # big replies come in parts


def _bind_error(callback: Callable[[LiveError], None], error: LiveError) -> Callable[[], None]:
    return lambda: callback(error)


def _bind_info(callback: Callable[[SessionInfo], None], info: SessionInfo) -> Callable[[], None]:
    return lambda: callback(info)
