"""livectl's own protocol layer: sessions, request ids, a replay cache, per-client replies.

Opt-in per message, so plain AbletonOSC clients never see it: every address of this layer
starts with ``/livectl/``. A client that wants it sends

    /livectl/connect  token:str [name:str]

from its own UDP port. livectl's script answers to that very address and port (AbletonOSC
would answer ``/live/error`` to port 11001, which a client on another port never sees, so a
timeout means "plain AbletonOSC: use its rules")::

    /livectl/connect  token session:int version:str capabilities:str lease_s:float max_part:int

``token`` is the client's random string; every datagram of the session carries it, so a
client drops datagrams from any other process. Then each request is an envelope::

    /livectl/req  token request_id:int address:str args...

The script runs ``address`` with ``args`` (any AbletonOSC or livectl address, wildcards
included). ``/livectl/batch token request_id blob`` carries several messages (an OSC bundle
in the blob) that run in order as one request, the first error ending it, as an AbletonOSC
bundle does. The script answers, to the client's own address and port::

    /livectl/rep  token request_id address args...     zero or more replies
    /livectl/done token request_id replies:int         the request succeeded
    /livectl/err  token request_id text:str            the request failed (Live's error text)

Exactly one ``done`` or ``err`` ends every request, so a confirmed write needs no barrier and
an error always belongs to its request. The replies and the ``done`` travel together in one
bundle (one datagram, or one set of parts), so the network cannot deliver a ``done`` without
the replies before it. A retransmitted request (same token and id) is
answered from a replay cache of the session's recent responses and never applied twice.
A response bigger than ``max_part`` bytes travels as parts that the client joins and decodes
(a message or a bundle)::

    /livectl/part token request_id index:int count:int chunk:blob

Listeners started through the session are the session's own: their messages go to the
client as ``/livectl/evt token address args...``. ``/livectl/ping token`` (answered with
``/livectl/ping token``) or any request renews the lease; a session silent for ``lease_s``
seconds, or closed with ``/livectl/close token``, is dropped with its listeners.

Standard library only (this runs inside Live).
"""

from __future__ import annotations

import logging
import random
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import osc
from .errors import LimitError
from .handlers import Context

if TYPE_CHECKING:
    from .dispatch import Dispatcher

__all__ = [
    "CAPABILITIES",
    "PREFIX",
    "Session",
    "SessionLayer",
]

log = logging.getLogger(__name__)

PREFIX = "/livectl/"
CONNECT = "/livectl/connect"
REQUEST = "/livectl/req"
BATCH = "/livectl/batch"
REPLY = "/livectl/rep"
DONE = "/livectl/done"
ERROR = "/livectl/err"
PART = "/livectl/part"
EVENT = "/livectl/evt"
PING = "/livectl/ping"
CLOSE = "/livectl/close"
NO_SESSION = "no livectl session for this token and address"

# What a client may rely on when the script announces them.
# "extensions": the addresses beyond AbletonOSC (devices, browser, arrangement, automation,
# racks, returns and master: table/_ext.py), which AbletonOSC answers "Unknown OSC address".
CAPABILITIES = ("request-ids", "replay", "own-listeners", "lease", "parts", "token", "extensions")

MAX_SESSIONS = 64
MAX_TOKEN = 64
MAX_REPLAY = 256  # responses kept per session
MAX_REPLAY_BYTES = 4 << 20  # and at most this many bytes of them
DEFAULT_LEASE_S = 30.0
# Bigger responses are split: 8192 fits macOS's default 9216-byte UDP cap with room to spare.
MAX_PART = 8192
_PART_OVERHEAD = 96

Address = tuple[str, int]


class Session:
    """One client: its address, token, handler context (its listeners) and replay cache."""

    def __init__(self, number: int, token: str, name: str, addr: Address, ctx: Context,
                 now: float) -> None:
        self.number = number
        self.token = token
        self.name = name
        self.addr = addr
        self.ctx = ctx
        self.last_seen = now
        self.replay: OrderedDict[int, list[bytes]] = OrderedDict()
        self.replay_bytes = 0
        self.requests = 0
        self.replayed = 0

    def remember(self, request_id: int, datagrams: list[bytes]) -> None:
        size = sum(len(d) for d in datagrams)
        self.replay[request_id] = datagrams
        self.replay_bytes += size
        while self.replay and (len(self.replay) > MAX_REPLAY
                               or self.replay_bytes > MAX_REPLAY_BYTES):
            _, old = self.replay.popitem(last=False)
            self.replay_bytes -= sum(len(d) for d in old)


class SessionLayer:
    """The ``/livectl/*`` addresses of a :class:`~.dispatch.Dispatcher`."""

    def __init__(self, dispatcher: Dispatcher, *, version: str,
                 lease_s: float = DEFAULT_LEASE_S, max_part: int = MAX_PART,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.dispatcher = dispatcher
        self.version = version
        self.lease_s = float(lease_s)
        self.max_part = max(512, min(int(max_part), dispatcher.max_datagram))
        self.clock = clock
        self.sessions: dict[str, Session] = {}
        # Session numbers start at random, so a client that reconnects after the script
        # restarted sees a number it never had: its old session (and listeners) are gone.
        # (token, address, replies) of the request running now: see _context's send.
        self._current: tuple[str, str, list[tuple[str, tuple[Any, ...]]]] | None = None
        self._numbers = random.getrandbits(30)
        self.expired = 0

    # ------------------------------------------------------------------ entry point

    def handle(self, address: str, args: list[Any], sender: Address) -> None:
        """One ``/livectl/*`` message from ``sender`` (never raises for bad input)."""
        token = args[0] if args and isinstance(args[0], str) else None
        if address == CONNECT:
            self._connect(token, args[1:], sender)
            return
        session = self.sessions.get(token) if token is not None else None
        if session is None or session.addr != sender:
            # Unknown or stolen token: say so to the sender only, never to the session.
            rid = args[1] if address == REQUEST and len(args) > 1 and _is_int(args[1]) else -1
            self._send(sender, ERROR, (str(token)[:MAX_TOKEN], rid,
                                       f"{NO_SESSION}; send /livectl/connect first"))
            return
        session.last_seen = self.clock()
        if address in (REQUEST, BATCH):
            self._request(session, args[1:], batch=address == BATCH)
        elif address == PING:
            self._send(sender, PING, (session.token,))
        elif address == CLOSE:
            self.drop(session)
        else:
            self._send(sender, ERROR, (session.token, -1, f"Unknown OSC address: {address}"))

    # ------------------------------------------------------------------ sessions

    def _connect(self, token: Any, rest: list[Any], sender: Address) -> None:
        if not isinstance(token, str) or not 8 <= len(token) <= MAX_TOKEN:
            self._send(sender, ERROR, ("", -1, f"/livectl/connect needs a token of 8..{MAX_TOKEN} "
                                       f"characters, got {token!r}"[:200]))
            return
        old = self.sessions.get(token)
        if old is not None and old.addr != sender:
            self._send(sender, ERROR, (token, -1, "this token belongs to another address"))
            return
        if old is None:
            self.expire()
            if len(self.sessions) >= MAX_SESSIONS:
                self._send(sender, ERROR, (token, -1, f"sessions must be at most {MAX_SESSIONS} "
                                           "at once; close one first"))
                return
            self._numbers += 1
            name = str(rest[0])[:64] if rest else ""
            main = self.dispatcher.ctx
            session = Session(self._numbers, token, name, sender, self._context(token, sender),
                              self.clock())
            session.ctx.midi_mappings = main.midi_mappings  # one MIDI map for the script
            session.ctx.structure_dir = main.structure_dir
            session.ctx.rebuild_midi_map = main.rebuild_midi_map
            self.sessions[token] = session
        else:
            session = old
            session.last_seen = self.clock()
        self._send(sender, CONNECT, (token, session.number, self.version,
                                     ",".join(CAPABILITIES), self.lease_s, self.max_part))

    def _context(self, token: str, addr: Address) -> Context:
        main = self.dispatcher.ctx

        def send(address: str, args: tuple[Any, ...]) -> None:
            current = self._current
            if current is not None and current[0] == token and current[1] == address:
                # Sent on the request's own address while it runs (/live/test's "ok",
                # chunked replies): part of the answer, not an event.
                current[2].append((address, args))
                return
            self._send(addr, EVENT, (token, address, *args))

        def emit_error(text: str) -> None:
            self._send(addr, EVENT, (token, "/live/error", text))

        return Context(main.get_song, main.get_application, main.live, send=send,
                       emit_error=emit_error)

    def drop(self, session: Session) -> None:
        """Forget a session and remove its listeners from Live."""
        if self.sessions.get(session.token) is session:
            del self.sessions[session.token]
        session.ctx.clear_listeners()

    def expire(self) -> int:
        """Drop sessions silent for longer than the lease; returns how many."""
        now = self.clock()
        stale = [s for s in self.sessions.values() if now - s.last_seen > self.lease_s]
        for session in stale:
            self.drop(session)
        self.expired += len(stale)
        return len(stale)

    def clear(self) -> None:
        """Drop every session (script restart, set replaced)."""
        for session in list(self.sessions.values()):
            self.drop(session)

    # ------------------------------------------------------------------ requests

    def _request(self, session: Session, rest: list[Any], *, batch: bool = False) -> None:
        shape = (bytes, "/livectl/batch takes token, request_id:int, messages:blob") if batch \
            else (str, "/livectl/req takes token, request_id:int, address:str, args...")
        if len(rest) < 2 or not _is_int(rest[0]) or not isinstance(rest[1], shape[0]):
            self._send(session.addr, ERROR, (session.token, -1, shape[1]))
            return
        request_id, address, args = rest[0], rest[1], list(rest[2:])
        cached = session.replay.get(request_id)
        if cached is not None:  # a retransmit: the same answer, nothing applied again
            session.replayed += 1
            for data in cached:
                self._write(session.addr, data)
            return
        session.requests += 1
        replies: list[tuple[str, tuple[Any, ...]]] = []
        try:
            messages = _batch(address) if batch else [(str(address), args)]
            for inner, inner_args in messages:
                if inner.startswith(PREFIX):
                    raise ValueError(f"{inner} cannot be sent inside a livectl request")
                self._current = (session.token, inner, replies)
                try:
                    self.dispatcher.run(inner, list(inner_args), session.ctx, replies.append)
                finally:
                    self._current = None
        except Exception as exc:
            log.debug("request %s %s failed", request_id, address, exc_info=True)
            datagrams = self._response(session, request_id, [], exc)
        else:
            datagrams = self._response(session, request_id, replies, None)
        session.remember(request_id, datagrams)
        for data in datagrams:
            self._write(session.addr, data)

    def _response(self, session: Session, request_id: int,
                  replies: list[tuple[str, tuple[Any, ...]]],
                  error: Exception | None) -> list[bytes]:
        """The whole answer in one payload (a bundle of the replies and the done, or the
        err), split into parts only when too big: the network cannot reorder a reply behind
        its done, or lose one reply of several and keep the rest."""
        token = session.token
        messages: list[tuple[str, tuple[Any, ...]]] = []
        if error is None:
            messages = [(REPLY, (token, request_id, address, *args)) for address, args in replies]
            messages.append((DONE, (token, request_id, len(replies))))
            try:
                payload = (osc.encode_message(*messages[0]) if len(messages) == 1
                           else osc.encode_bundle(messages))
            except osc.OSCError as exc:
                error = exc
        if error is not None:
            payload = osc.encode_message(ERROR, (token, request_id, _error_text(error)))
        return self._parts(token, request_id, payload)

    def _parts(self, token: str, request_id: int, data: bytes) -> list[bytes]:
        if len(data) <= self.max_part:
            return [data]
        size = self.max_part - _PART_OVERHEAD - len(token)
        chunks = [data[i:i + size] for i in range(0, len(data), size)]
        if len(chunks) > 65535:
            raise LimitError(f"a response must be at most {65535 * size} bytes, got {len(data)}")
        return [osc.encode_message(PART, (token, request_id, i, len(chunks), chunk))
                for i, chunk in enumerate(chunks)]

    # ------------------------------------------------------------------ output

    def _send(self, addr: Address, address: str, args: tuple[Any, ...]) -> None:
        try:
            data = osc.encode_message(address, args)
        except osc.OSCError as exc:
            log.debug("could not encode %s: %s", address, exc)
            return
        if address == EVENT and len(data) > self.max_part:
            token = str(args[0])
            for part in self._parts(token, -1, data):
                self._write(addr, part)
            return
        self._write(addr, data)

    def _write(self, addr: Address, data: bytes) -> None:
        try:
            self.dispatcher.sink(data, addr)
        except OSError as exc:
            log.debug("could not send to %s: %s", addr, exc)


MAX_BATCH = 4096


def _batch(blob: Any) -> list[tuple[str, list[Any]]]:
    """The messages of a /livectl/batch blob, in order (an OSC message or bundle)."""
    messages = osc.decode_messages(bytes(blob))
    if len(messages) > MAX_BATCH:
        raise LimitError(f"a batch must hold at most {MAX_BATCH} messages, got {len(messages)}")
    return [(m[0], list(m[1])) for m in messages]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _error_text(exc: BaseException) -> str:
    """Live's text for a failed request, as AbletonOSC words it in /live/error."""
    from .errors import UnknownAddress

    if isinstance(exc, UnknownAddress):
        return str(exc)
    if isinstance(exc, OSError):
        return f"Socket error: {exc}"
    return f"Error handling OSC message: {exc}"
