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

Several requests may travel in one datagram (capability ``multi``): an OSC bundle of
``/livectl/req`` and ``/livectl/batch`` messages whose first message is a ``/livectl/`` one
(nested bundles are flattened; pings may ride along; a plain AbletonOSC message among them
runs under AbletonOSC's rules, its exception ending the rest of the datagram). Each request
is a request of its own, run in order: an error ends only its own request with its own
``err``, never the others (unlike an AbletonOSC bundle). At most
``MAX_PACKED`` (256, the replay cache's size) messages of one datagram run; each one past
that is answered ``/livectl/err token request_id "a datagram must hold at most 256 livectl
messages, got N; this one was not run"`` and not remembered. The answers of one datagram go
back coalesced: everything for the sender (each request's answer exactly as it would travel
alone: a message, a bundle of reps and a done, or its parts; events raised on the way) leaves
in order in as few datagrams as fit in ``max_part`` bytes, each a bundle (time tag 1) of
those answers; a lone answer goes as it is::

    #bundle [answer of the 1st request] [answer of the 2nd] ...

Each request's answer is also remembered on its own, so a retransmitted request, alone or
packed again, is answered from the replay cache.

Listeners started through the session are the session's own: their messages go to the
client as ``/livectl/evt token address args...``. ``/livectl/ping token`` (answered with
``/livectl/ping token``) or any request renews the lease; a session silent for ``lease_s``
seconds, or closed with ``/livectl/close token``, is dropped with its listeners (looked
for on a new connection and at most every ``min(1 s, lease_s / 4)``, never per request).

The hot path builds answers with :mod:`struct` from per-session encoded pieces (the token as
an OSC string, the ``done`` up to its request id) and reads a ``/livectl/req`` by looking its
head (address, type tags, token) up among heads already checked, handing only the inner
message to the codec: the same bytes in and out as the general codec, which still handles
everything unusual and words every error.

Standard library only (this runs inside Live).
"""

from __future__ import annotations

import logging
import random
import struct
import threading
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
    "coalesce",
    "envelope",
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
# "multi": several requests in one datagram (a bundle), answered coalesced.
CAPABILITIES = ("request-ids", "replay", "own-listeners", "lease", "parts", "token",
                "extensions", "multi")

MAX_SESSIONS = 64
MAX_TOKEN = 64
MAX_REPLAY = 256  # responses kept per session
MAX_REPLAY_BYTES = 4 << 20  # and at most this many bytes of them
# Messages of one datagram that run; one more would push a request of the same datagram out
# of the replay cache before the client could retransmit it.
MAX_PACKED = MAX_REPLAY
DEFAULT_LEASE_S = 30.0
# Bigger responses are split: 8192 fits macOS's default 9216-byte UDP cap with room to spare.
MAX_PART = 8192
_PART_OVERHEAD = 96
# Stale sessions are looked for at most this often (and on every new connection).
EXPIRE_EVERY_S = 1.0

Address = tuple[str, int]
Reply = tuple[str, tuple[Any, ...]]
# A /livectl/req parsed on the fast path: session, request id, address, args.
Parsed = tuple["Session", int, str, tuple[Any, ...]]

_INT32 = struct.Struct(">i")
_TWO_INT32 = struct.Struct(">ii")
_BUNDLE_HEAD = b"#bundle\x00"
_BUNDLE_PREFIX = _BUNDLE_HEAD + b"\x00\x00\x00\x00\x00\x00\x00\x01"  # time tag: immediately
_SESSION_BYTES = PREFIX.encode()
_REQ_HEAD = b"/livectl/req\x00\x00\x00\x00,sis"  # the address, then token, id and address tags
_REP_HEAD = b"/livectl/rep\x00\x00\x00\x00"
_ENVELOPE_TAGS = b",sis"
_STR_PAD = (b"\x00\x00\x00\x00", b"\x00\x00\x00", b"\x00\x00", b"\x00")
# Request heads (address, type tags, token) known valid -> (session, the inner message's
# type tags): at most this many bytes of them, then the cache starts again.
_HEADS_BUDGET = 1 << 20


def _osc_string(text: str) -> bytes:
    raw = text.encode()
    return raw + _STR_PAD[len(raw) & 3]


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
        # The token as an OSC string, and a done message up to its request id.
        self.token_bytes = _osc_string(token)
        self.done_head = _osc_string(DONE) + b",sii\x00\x00\x00\x00" + self.token_bytes

    def remember(self, request_id: int, datagrams: list[bytes]) -> None:
        replay = self.replay
        replay[request_id] = datagrams
        self.replay_bytes += len(datagrams[0]) if len(datagrams) == 1 else _size(datagrams)
        while len(replay) > MAX_REPLAY or self.replay_bytes > MAX_REPLAY_BYTES:
            self.replay_bytes -= _size(replay.popitem(last=False)[1])


def _size(datagrams: list[bytes]) -> int:
    return len(datagrams[0]) if len(datagrams) == 1 else sum(map(len, datagrams))


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
        self._current: tuple[str, str, list[Reply]] | None = None
        self._numbers = random.getrandbits(30)
        self.expired = 0
        self._next_expiry = 0.0
        self._expire_every = min(EXPIRE_EVERY_S, self.lease_s / 4)
        # False: every datagram through the general codec (the reference the fast path is
        # tested against, and a way to rule it out when something looks wrong).
        self.fast_path = True
        self._heads: dict[bytes, tuple[Session, bytes]] = {}
        self._heads_bytes = 0
        # While a datagram of several messages runs: what goes to its sender, in order, from
        # the thread running it (a listener fired by another thread goes out on its own).
        self._outbox: list[bytes] | None = None
        self._out_addr: Address | None = None
        self._out_thread = 0
        self._out_size = 16  # the outbox's bytes as one bundle

    # ------------------------------------------------------------------ entry points

    def handle_packet(self, data: bytes, sender: Address) -> bool | None:
        """A datagram that starts with a ``/livectl/req`` message, or a bundle whose first
        element is a ``/livectl/`` message: requests parsed on the fast path, run, answered
        (coalesced). None when it needs the general path (decode_messages, then
        :meth:`handle_messages`): anything unusual, nothing run yet."""
        if not self.fast_path:
            return None
        if data[:8] == _BUNDLE_HEAD:
            try:
                elements = _bundle_messages(data)
            except ValueError:
                return None
            items: list[tuple[Any, ...]] = []
            for element in elements:
                parsed = self._parse(element, sender) if element[:20] == _REQ_HEAD else None
                if parsed is None:
                    try:
                        items.extend(osc.decode_messages(element))
                    except osc.OSCError:
                        return None
                else:
                    items.append(parsed)
            return self._serve(items, sender)
        parsed = self._parse(data, sender) if data[:20] == _REQ_HEAD else None
        if parsed is None:
            return None
        session, request_id, address, args = parsed
        session.last_seen = self.clock()
        self._run(session, request_id, address, args, False)
        return True

    def handle_messages(self, messages: list[osc.Message], sender: Address) -> bool:
        """The decoded messages of a datagram whose first message is a ``/livectl/`` one;
        False when a plain AbletonOSC message among them ended the batch (its rule)."""
        return self._serve(list(messages), sender)

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

    def _serve(self, items: list[tuple[Any, ...]], sender: Address) -> bool:
        """Run a datagram's messages in order, each request on its own (an error ends only
        its request); what goes back to the sender leaves coalesced. Parsed requests are
        4-tuples, other messages (address, args)."""
        if len(items) == 1 and len(items[0]) == 2:
            address, args = items[0]
            if address.startswith(PREFIX):
                self.handle(address, list(args), sender)
                return True
            return self.dispatcher.dispatch_one(address, args)
        outbox: list[bytes] = []
        self._outbox, self._out_addr = outbox, sender
        self._out_thread = threading.get_ident()
        self._out_size = 16
        try:
            now = self.clock()
            for n, item in enumerate(items):
                if n >= MAX_PACKED:
                    self._refuse(item, len(items), sender)
                elif len(item) == 4:
                    item[0].last_seen = now
                    self._run(*item, False)
                elif item[0].startswith(PREFIX):
                    self.handle(item[0], list(item[1]), sender)
                elif not self.dispatcher.dispatch_one(item[0], item[1]):
                    return False  # AbletonOSC's rule for its own messages: the rest is lost
            return True
        finally:
            self._outbox = self._out_addr = None
            if outbox:
                self._sink(sender, coalesce(outbox))

    def _refuse(self, item: tuple[Any, ...], count: int, sender: Address) -> None:
        if len(item) == 4:
            token, rid = item[0].token, item[1]
        else:
            args = item[1]
            token = args[0] if args and isinstance(args[0], str) else ""
            rid = args[1] if len(args) > 1 and _is_int(args[1]) else -1
        self._send(sender, ERROR, (token[:MAX_TOKEN], rid,
                                   f"a datagram must hold at most {MAX_PACKED} livectl "
                                   f"messages, got {count}; this one was not run"))

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
        self._heads.clear()
        self._heads_bytes = 0
        session.ctx.clear_listeners()

    def expire(self) -> int:
        """Drop sessions silent for longer than the lease; returns how many."""
        now = self.clock()
        self._next_expiry = now + self._expire_every
        stale = [s for s in self.sessions.values() if now - s.last_seen > self.lease_s]
        for session in stale:
            self.drop(session)
        self.expired += len(stale)
        return len(stale)

    def tick(self) -> None:
        """Once per batch: :meth:`expire` when it is due (every ``min(1 s, lease / 4)``)."""
        if self.clock() >= self._next_expiry:
            self.expire()

    def clear(self) -> None:
        """Drop every session (script restart, set replaced)."""
        for session in list(self.sessions.values()):
            self.drop(session)

    # ------------------------------------------------------------------ requests

    def _parse(self, data: bytes, sender: Address) -> Parsed | None:
        """A ``/livectl/req`` message of a known session from its own address, parsed
        without decoding the envelope: its head (address, type tags, token) is looked up
        among heads seen valid; the inner message (address, the tags after ",sis", its
        arguments) is decoded by the codec's cached path. None: use the general path."""
        tags_end = data.find(0, 20)
        token_at = (tags_end | 3) + 1
        token_end = data.find(0, token_at)
        if tags_end < 0 or token_end < 0:
            return None
        rid_at = (token_end | 3) + 1
        head = data[:rid_at]
        known = self._heads.get(head)
        if known is None:
            known = self._learn(head, tags_end, token_at, token_end, sender)
            if known is None:
                return None
        session, inner_tags = known
        if session.addr != sender:
            return None
        at = rid_at + 4
        if data[at:at + 1] != b"/":
            return None
        args_at = (data.find(0, at) | 3) + 1
        try:
            (message,) = osc.decode_messages(data[at:args_at] + inner_tags + data[args_at:])
        except (osc.OSCError, ValueError):
            return None
        return session, _INT32.unpack_from(data, rid_at)[0], message[0], message[1]

    def _learn(self, head: bytes, tags_end: int, token_at: int, token_end: int,
               sender: Address) -> tuple[Session, bytes] | None:
        rid_at = len(head)
        if head.count(0, tags_end, token_at) != token_at - tags_end \
                or head.count(0, token_end) != rid_at - token_end or rid_at != (token_end | 3) + 1:
            return None  # padding missing or not NUL
        try:
            token = head[token_at:token_end].decode()
        except UnicodeDecodeError:
            return None
        session = self.sessions.get(token)
        if session is None or session.addr != sender:
            return None
        tags = b"," + head[20:tags_end]
        known = (session, tags + _STR_PAD[len(tags) & 3])
        if self._heads_bytes + len(head) > _HEADS_BUDGET:
            self._heads.clear()
            self._heads_bytes = 0
        self._heads[head] = known
        self._heads_bytes += len(head)
        return known

    def _request(self, session: Session, rest: list[Any], *, batch: bool = False) -> None:
        shape = (bytes, "/livectl/batch takes token, request_id:int, messages:blob") if batch \
            else (str, "/livectl/req takes token, request_id:int, address:str, args...")
        if len(rest) < 2 or not _is_int(rest[0]) or not isinstance(rest[1], shape[0]):
            self._send(session.addr, ERROR, (session.token, -1, shape[1]))
            return
        self._run(session, rest[0], rest[1], tuple(rest[2:]), batch)

    def _run(self, session: Session, request_id: int, address: Any, args: tuple[Any, ...],
             batch: bool) -> None:
        """One request (validated): from the replay cache, or run and answered."""
        cached = session.replay.get(request_id)
        if cached is not None:  # a retransmit: the same answer, nothing applied again
            session.replayed += 1
            for data in cached:
                self._write(session.addr, data)
            return
        session.requests += 1
        replies: list[Reply] = []
        try:
            for inner, inner_args in _batch(address) if batch else ((address, args),):
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
            datagrams = self._answer(session, request_id, replies)
        session.remember(request_id, datagrams)
        for data in datagrams:
            self._write(session.addr, data)

    def _answer(self, session: Session, request_id: int, replies: list[Reply]) -> list[bytes]:
        """A success, built with struct from the session's encoded token: the same bytes as
        :meth:`_response` gives (which still words every encoding error)."""
        try:
            if not replies:
                payload = session.done_head + _TWO_INT32.pack(request_id, 0)
            else:
                chunks = [_BUNDLE_PREFIX]
                for address, args in replies:
                    rep = envelope(_REP_HEAD, session.token_bytes, request_id, address, args)
                    chunks.append(_INT32.pack(len(rep)))
                    chunks.append(rep)
                done = session.done_head + _TWO_INT32.pack(request_id, len(replies))
                chunks.append(_INT32.pack(len(done)))
                chunks.append(done)
                payload = b"".join(chunks)
        except (osc.OSCError, struct.error):
            return self._response(session, request_id, replies, None)
        if len(payload) > self.max_part:
            return self._parts(session.token, request_id, payload)
        return [payload]

    def _response(self, session: Session, request_id: int, replies: list[Reply],
                  error: Exception | None) -> list[bytes]:
        """The whole answer in one payload (a bundle of the replies and the done, or the
        err), split into parts only when too big: the network cannot reorder a reply behind
        its done, or lose one reply of several and keep the rest."""
        token = session.token
        messages: list[Reply] = []
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
        outbox = self._outbox
        if outbox is not None and addr == self._out_addr \
                and threading.get_ident() == self._out_thread:
            # What one datagram's messages answer leaves in order, as few datagrams as fit
            # in max_part (a bundle of answers; one alone as it is), each as soon as it is
            # full: the client reads the first while the rest is being answered.
            if outbox and self._out_size + 4 + len(data) > self.max_part:
                self._sink(addr, coalesce(outbox))
                outbox.clear()
                self._out_size = 16
            outbox.append(data)
            self._out_size += 4 + len(data)
            return
        self._sink(addr, data)

    def _sink(self, addr: Address, data: bytes) -> None:
        try:
            self.dispatcher.sink(data, addr)
        except OSError as exc:
            log.debug("could not send to %s: %s", addr, exc)


def coalesce(group: list[bytes]) -> bytes:
    """Encoded messages (or bundles) as one bundle datagram, time tag "immediately"; one
    alone stays as it is. (The client packs its requests with it too.)"""
    if len(group) == 1:
        return group[0]
    pack = _INT32.pack
    return _BUNDLE_PREFIX + b"".join([pack(len(data)) + data for data in group])


def envelope(head: bytes, token_bytes: bytes, request_id: int, address: str,
             args: tuple[Any, ...]) -> bytes:
    """``head`` (an encoded address) with arguments ``token, request_id, address, *args``
    (``token_bytes``: the token as an OSC string; ``request_id`` an int32): the inner message
    encoded once by the codec (its cached plans), its type tags moved behind ",sis". The
    script's replies and the client's requests are built with it. osc.OSCError for a value
    OSC cannot carry."""
    plain = osc.encode_message(address, args)
    tags_at = (plain.find(0) | 3) + 1
    tags_end = plain.find(0, tags_at)
    tags = _ENVELOPE_TAGS + plain[tags_at + 1:tags_end]
    return b"".join((head, tags, _STR_PAD[len(tags) & 3], token_bytes,
                     _INT32.pack(request_id), plain[:tags_at], plain[(tags_end | 3) + 1:]))


def _bundle_messages(data: bytes) -> list[bytes]:
    """The encoded messages of a bundle datagram in order, nested bundles flattened, not
    decoded. ValueError for any fault of its structure (then ``osc.decode_messages``, which
    checks the same things, says exactly what is wrong)."""
    out: list[bytes] = []
    _bundle_walk(data, 0, len(data), 1, out)
    return out


def _bundle_walk(data: bytes, start: int, end: int, depth: int, out: list[bytes]) -> None:
    if depth > osc.MAX_BUNDLE_DEPTH or end - start < 16 or data[start:start + 8] != _BUNDLE_HEAD:
        raise ValueError("not a well-formed bundle")
    pos = start + 16
    unpack = _INT32.unpack_from
    while pos < end:
        if pos + 4 > end:
            raise ValueError("an element size is cut short")
        (size,) = unpack(data, pos)
        pos += 4
        if size <= 0 or size & 3 or pos + size > end:
            raise ValueError(f"element size {size} out of range")
        first = data[pos]
        if first == 47:  # "/"
            out.append(data[pos:pos + size])
        elif first == 35:  # "#"
            _bundle_walk(data, pos, pos + size, depth + 1, out)
        else:
            raise ValueError("an element is neither a message nor a bundle")
        pos += size


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
