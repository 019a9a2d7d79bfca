"""The session's datagrams on the client's hot path, byte-exact and cheap.

A request is ``/livectl/req token rid address args...`` and its usual answer a bundle of
``/livectl/rep token rid address args...`` messages and one ``/livectl/done token rid n``
(see ``livectl/script/session.py``). The general codec handles these like any message: two
strings and an int before the payload send every one down its slow, tag-by-tag path. Here
the parts that never change within a session (the envelope's head and the token) are encoded
once, so that

- :meth:`Wire.request` builds the very bytes ``encode_message(REQUEST, (token, rid, address,
  *args))`` would, with the script's own ``envelope`` (which builds its replies), and from a
  cached template for a request without arguments;
- :meth:`Wire.decode` reads an answer by checking the session's fixed bytes and handing only
  the payload (``address args...`` re-framed as a message of its own) to the general decoder,
  whose cache of seen heads makes that one dictionary lookup. It returns exactly the messages
  :func:`~livectl.protocol.decode_packet` would return, or ``None`` for any datagram of
  another shape (the caller then uses the general decoder, which also names what is wrong).

Hand-written rather than taken from a library: python-osc has no notion of a fixed prefix,
and the client's round trip (issue 14's target: no slower than a python-osc pair) is spent
mostly in per-message Python; tests check both functions against the general codec.
"""

from __future__ import annotations

import struct
from typing import Any

from livectl.errors import ProtocolError
from livectl.protocol import Message, decode_packet, encode_message
from livectl.script.osc import OSCError
from livectl.script.session import DONE, MAX_PACKED, REPLY, REQUEST, coalesce, envelope

__all__ = ["Wire"]

_INT32 = struct.Struct(">i")
_TWO_INT32 = struct.Struct(">ii")
_BUNDLE = b"#bundle\x00"
_PAD = (b"\x00\x00\x00\x00", b"\x00\x00\x00", b"\x00\x00", b"\x00")
_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1
_MAX_TEMPLATES = 4096
_new = tuple.__new__


_NUMBERS = {ord("i"): "i", ord("f"): "f", ord("h"): "q", ord("d"): "d"}  # OSC tag: struct code


def _fixed_struct(tags: bytes) -> struct.Struct | None:
    """The struct reading arguments of type ``tags`` when they are all numbers (<= 16)."""
    if len(tags) > 16:
        return None
    codes = [_NUMBERS.get(tag) for tag in tags]
    if None in codes:
        return None
    return struct.Struct(">" + "".join(c for c in codes if c is not None))


def _osc_string(raw: bytes) -> bytes:
    return raw + _PAD[len(raw) & 3]


class Wire:
    """Encodes requests and decodes answers for the session with ``token``."""

    def __init__(self, token: str) -> None:
        self.token = token
        self._token = _osc_string(token.encode())
        self._req = _osc_string(REQUEST.encode())
        self._templates: dict[str, tuple[bytes, bytes]] = {}
        # An element of an answer: "/livectl/rep" + ",sis<payload tags>" + token + rid + ...
        self._rep = _osc_string(REPLY.encode()) + b",sis"
        self._rep_at = len(self._rep)
        # "/livectl/done ,sii token rid n": everything but the two ints is fixed.
        self._done = _osc_string(DONE.encode()) + _osc_string(b",sii") + self._token
        self._done_size = len(self._done) + 8
        # (payload tags, padded address) -> (address, struct of the numbers): lone_answer's
        # shapes seen; bounded like the templates.
        self._payloads: dict[tuple[bytes, bytes], tuple[str, struct.Struct]] = {}

    # -- requests ----------------------------------------------------------------------------

    def request(self, rid: int, address: str, args: tuple[Any, ...]) -> bytes:
        """``/livectl/req token rid address args...`` (ProtocolError for a value OSC cannot
        carry, as ``encode_message`` raises it)."""
        if not args:
            template = self._templates.get(address)
            if template is not None and _INT32_MIN <= rid <= _INT32_MAX:
                return template[0] + _INT32.pack(rid) + template[1]
        if not _INT32_MIN <= rid <= _INT32_MAX:
            return encode_message(REQUEST, (self.token, rid, address, *args))
        try:
            data = envelope(self._req, self._token, rid, address, args)
        except OSCError as exc:
            raise ProtocolError(str(exc)) from exc
        if not args and len(self._templates) < _MAX_TEMPLATES:
            rid_at = (data.index(0, len(self._req)) | 3) + 1 + len(self._token)
            self._templates[address] = (data[:rid_at], data[rid_at + 4 :])
        return data

    @staticmethod
    def pack(datagrams: list[bytes], limit: int) -> list[bytes]:
        """``datagrams`` (messages) in order, as few bundles of at most ``limit`` bytes (and
        at most the script's ``MAX_PACKED`` messages) as hold them; one that does not fit
        with others travels alone."""
        out: list[bytes] = []
        group: list[bytes] = []
        size = 16
        for data in datagrams:
            if group and (size + 4 + len(data) > limit or len(group) >= MAX_PACKED):
                out.append(coalesce(group))
                group, size = [], 16
            group.append(data)
            size += 4 + len(data)
        if group:
            out.append(coalesce(group))
        return out

    # -- answers -----------------------------------------------------------------------------

    def decode(self, data: bytes) -> list[Message] | None:
        """The messages of an answer of this session, or None if ``data`` is not one of the
        shapes read here: a rep or done, or a bundle of them, or a bundle of such bundles
        (the answers to several requests packed in one datagram)."""
        if not data.startswith(_BUNDLE):
            one = self._element(data, 0, len(data))
            return None if one is None else [one]
        out: list[Message] = []
        return out if self._walk(data, 0, len(data), out, 2) else None

    def lone_answer(self, data: bytes) -> tuple[int, str, tuple[Any, ...]] | None:
        """``(rid, address, args)`` when ``data`` is the commonest answer, one request's
        single reply and its done (``#bundle``, a rep, ``done token rid 1``), else None: what
        :meth:`decode` would give as two messages, read without building them."""
        if len(data) < 28 or not data.startswith(_BUNDLE):
            return None
        (size,) = _INT32.unpack_from(data, 16)
        rep_end = 20 + size
        if size <= 0 or size & 3 or rep_end + 4 + self._done_size != len(data):
            return None
        (done_size,) = _INT32.unpack_from(data, rep_end)
        if done_size != self._done_size or not data.startswith(self._done, rep_end + 4):
            return None
        rep = self._reply(data, 20, rep_end)
        if rep is None or _TWO_INT32.unpack_from(data, len(data) - 8) != (rep[0], 1):
            return None
        return rep

    def _walk(self, data: bytes, start: int, end: int, out: list[Message], depth: int) -> bool:
        if end - start < 16:
            return False
        pos = start + 16
        while pos < end:
            if pos + 4 > end:
                return False
            (size,) = _INT32.unpack_from(data, pos)
            pos += 4
            if size <= 0 or size & 3 or pos + size > end:
                return False
            if data.startswith(_BUNDLE, pos):
                if depth <= 1 or not self._walk(data, pos, pos + size, out, depth - 1):
                    return False
            else:
                message = self._element(data, pos, pos + size)
                if message is None:
                    return False
                out.append(message)
            pos += size
        return True

    def _element(self, data: bytes, start: int, end: int) -> Message | None:
        if end - start == self._done_size and data.startswith(self._done, start):
            rid, count = _TWO_INT32.unpack_from(data, start + self._done_size - 8)
            message: Message = _new(Message, (DONE, (self.token, rid, count)))
            return message
        rep = self._reply(data, start, end)
        if rep is None:
            return None
        reply: Message = _new(Message, (REPLY, (self.token, rep[0], rep[1], *rep[2])))
        return reply

    def _reply(self, data: bytes, start: int, end: int) -> tuple[int, str, tuple[Any, ...]] | None:
        """``(rid, address, args)`` of the rep ``data[start:end]`` of this session, or None."""
        if not data.startswith(self._rep, start):
            return None
        tags_at = start + self._rep_at
        tags_nul = data.find(0, tags_at, end)
        if tags_nul < 0:
            return None
        pos = (tags_nul | 3) + 1
        if data[tags_nul:pos].strip(b"\x00"):
            return None  # padded with non-zero bytes: malformed
        token = self._token
        if not data.startswith(token, pos) or pos + len(token) + 4 > end:
            return None
        pos += len(token)
        (rid,) = _INT32.unpack_from(data, pos)
        pos += 4
        address_nul = data.find(0, pos, end)
        if address_nul <= pos:
            return None
        payload_at = (address_nul | 3) + 1
        if payload_at > end:
            return None
        # A payload of numbers only under an address already read (padding included): one
        # struct call. Anything else through the general decoder, which says if it is one;
        # a shape of numbers it read is learnt.
        key = (data[tags_at:tags_nul], data[pos:payload_at])
        known = self._payloads.get(key)
        if known is not None and payload_at + known[1].size == end:
            return rid, known[0], known[1].unpack_from(data, payload_at)
        # The payload as a message of its own: its address, its tags, its arguments.
        payload = data[pos:payload_at] + _osc_string(b"," + key[0]) + data[payload_at:end]
        try:
            (inner,) = decode_packet(payload)
        except ProtocolError:  # malformed: the general decoder will say what
            return None
        if inner.address.encode() != data[pos:address_nul]:
            return None
        fixed = _fixed_struct(key[0])
        if fixed is not None and payload_at + fixed.size == end:
            if len(self._payloads) >= _MAX_TEMPLATES:
                self._payloads.clear()
            self._payloads[key] = (inner.address, fixed)
        return rid, inner.address, tuple(inner.args)
