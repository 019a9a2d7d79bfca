"""OSC encoding and decoding as AbletonOSC does it, on the script's own codec.

The codec itself is :mod:`livectl.script.osc` (standard library only, so that livectl's
remote script carries it into Live); this module is livectl's face of it and turns its
:class:`~livectl.script.osc.OSCError` into :class:`livectl.errors.ProtocolError`.

Outbound values are typed by inference exactly like AbletonOSC (§1.7, §3.2): ``True``/``False``
as ``T``/``F`` (never 0/1), ``None`` as ``N``, every ``float`` as float32 ``f``, ``int`` as
``i`` (``h`` outside int32, refused past 64 bits), ``str`` as ``s``, ``bytes`` as ``b``. An
empty argument list still carries the type-tag string ``,``. Bundles are decoded into their
messages in order, recursively, ignoring time tags (§1.3). Every decoding failure is a
:class:`livectl.errors.ProtocolError` whose text starts with ``Error parsing OSC message:`` or
``Error parsing OSC bundle:``, the words AbletonOSC's /live/error uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from livectl.errors import ProtocolError
from livectl.script import osc
from livectl.script.osc import Message

__all__ = [
    "IMMEDIATELY",
    "Message",
    "decode_message",
    "decode_packet",
    "encode_bundle",
    "encode_message",
    "is_bundle",
]

IMMEDIATELY = 0
"""``encode_bundle``'s time tag for "now", as python-osc spells it (on the wire: NTP 1)."""
_NTP_UNIX_OFFSET_S = 2_208_988_800  # 1900-01-01 to 1970-01-01


def encode_message(address: str, args: Iterable[Any] = ()) -> bytes:
    """One OSC message as bytes. ProtocolError for a value OSC cannot carry."""
    try:
        return osc.encode_message(address, args)
    except osc.OSCError as exc:
        raise ProtocolError(str(exc)) from exc


def encode_bundle(
    messages: Iterable[Message | tuple[str, Sequence[Any]]], timetag: float = IMMEDIATELY
) -> bytes:
    """An OSC bundle holding ``messages`` (``Message`` or ``(address, args)``), in order.

    ``timetag`` is a Unix time in seconds, or :data:`IMMEDIATELY` (python-osc's convention).
    """
    raw = 1 if timetag == IMMEDIATELY else int((timetag + _NTP_UNIX_OFFSET_S) * 2**32)
    try:
        return osc.encode_bundle(messages, raw)
    except osc.OSCError as exc:
        raise ProtocolError(str(exc)) from exc


def is_bundle(data: bytes) -> bool:
    return osc.is_bundle(data)


def decode_packet(data: bytes) -> list[Message]:
    """The messages in one datagram: a message, or a bundle flattened in order.

    Time tags are ignored, as AbletonOSC ignores them (§1.3). ProtocolError if the datagram
    is not valid OSC.
    """
    try:
        return osc.decode_messages(data)
    except osc.OSCError as exc:
        raise ProtocolError(str(exc)) from exc


def decode_message(data: bytes) -> Message:
    """Exactly one OSC message (not a bundle)."""
    if osc.is_bundle(data):
        raise ProtocolError("expected one OSC message, got a bundle; use decode_packet")
    return decode_packet(data)[0]
