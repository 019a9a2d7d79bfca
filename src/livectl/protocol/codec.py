"""OSC encoding and decoding as AbletonOSC does it, on python-osc's builder and parser.

Outbound values are typed by inference exactly like AbletonOSC (§1.7, §3.2): ``True``/``False``
as ``T``/``F`` (never 0/1), ``None`` as ``N``, every ``float`` as float32 ``f``, ``int`` as
``i`` (``h`` past 32 bits), ``str`` as ``s``, ``bytes`` as ``b``. An empty argument list still
carries the type-tag string ``,``. Bundles are decoded into their messages in order,
recursively, ignoring time tags (§1.3). Every decoding failure is a
:class:`livectl.errors.ProtocolError`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pythonosc.osc_bundle_builder import IMMEDIATELY, OscBundleBuilder
from pythonosc.osc_message import OscMessage
from pythonosc.osc_message_builder import OscMessageBuilder

from livectl.errors import ProtocolError

__all__ = [
    "Message",
    "decode_message",
    "decode_packet",
    "encode_bundle",
    "encode_message",
    "is_bundle",
]

log = logging.getLogger(__name__)

_BUNDLE_PREFIX = b"#bundle\x00"
_SUPPORTED = (bool, int, float, str, bytes, type(None))


@dataclass(frozen=True)
class Message:
    """One OSC message: an address and its decoded arguments."""

    address: str
    args: tuple[Any, ...] = ()


def _builder(address: str, args: Iterable[Any]) -> OscMessageBuilder:
    builder = OscMessageBuilder(address=address)
    for i, value in enumerate(args):
        if not isinstance(value, _SUPPORTED):
            raise ProtocolError(
                f"cannot encode argument {i} of {address} ({type(value).__name__}: {value!r}); "
                "OSC arguments must be bool, int, float, str, bytes or None"
            )
        builder.add_arg(value)
    return builder


def encode_message(address: str, args: Iterable[Any] = ()) -> bytes:
    """One OSC message as bytes. ProtocolError for a value OSC cannot carry."""
    if not address.startswith("/"):
        raise ProtocolError(f"OSC address must start with '/', got {address!r}")
    try:
        return _builder(address, args).build().dgram
    except ProtocolError:
        raise
    except Exception as exc:  # BuildError, struct.error (float32 overflow), OverflowError
        raise ProtocolError(f"cannot encode {address} {tuple(args)!r}: {exc}") from exc


def encode_bundle(
    messages: Iterable[Message | tuple[str, Sequence[Any]]], timetag: int = IMMEDIATELY
) -> bytes:
    """An OSC bundle holding ``messages`` (``Message`` or ``(address, args)``), in order."""
    bundle = OscBundleBuilder(timetag)
    for item in messages:
        address, args = (item.address, item.args) if isinstance(item, Message) else item
        try:
            bundle.add_content(_builder(address, args).build())
        except ProtocolError:
            raise
        except Exception as exc:
            raise ProtocolError(f"cannot encode {address} in a bundle: {exc}") from exc
    try:
        return bundle.build().dgram
    except Exception as exc:
        raise ProtocolError(f"cannot build OSC bundle: {exc}") from exc


def is_bundle(data: bytes) -> bool:
    return data.startswith(_BUNDLE_PREFIX)


_KNOWN_TAGS = frozenset("ihfdsbrmtTFN[]")


def _padded_end(data: bytes, start: int) -> int:
    """Index after the NUL-terminated, 4-byte padded OSC string starting at ``start``."""
    end = data.index(b"\x00", start)
    return end + 4 - (end % 4) if (end + 1) % 4 else end + 1


def _parse_message(data: bytes) -> Message:
    if not data.startswith(b"/"):
        raise ValueError("an OSC message must start with '/'")
    tags_at = _padded_end(data, 0)
    if tags_at < len(data) and data[tags_at : tags_at + 1] == b",":
        tags_end = data.index(b"\x00", tags_at)
        tags = data[tags_at + 1 : tags_end].decode("ascii", "replace")
        if not _KNOWN_TAGS.issuperset(tags):
            # python-osc (and AbletonOSC's vendored copy) skip an unknown tag without
            # consuming data; dropping it from the tag string gives the same result
            # without python-osc's warning on the root logger.
            kept = "".join(t for t in tags if t in _KNOWN_TAGS).encode()
            tag_string = b"," + kept + b"\x00"
            tag_string += b"\x00" * (-len(tag_string) % 4)
            data = data[:tags_at] + tag_string + data[_padded_end(data, tags_at) :]
    msg = OscMessage(data)
    return Message(msg.address, tuple(msg.params))


def _walk(data: bytes, out: list[Message], depth: int = 0) -> None:
    """A bundle's elements in order (time tag ignored), recursively, as AbletonOSC does."""
    if depth > 16:
        raise ValueError("bundles nested too deeply")
    if len(data) < 16:
        raise ValueError("a bundle needs a 16-byte header")
    index = 16
    while index < len(data):
        if index + 4 > len(data):
            raise ValueError("truncated bundle element size")
        size = int.from_bytes(data[index : index + 4], "big", signed=True)
        index += 4
        if size < 0 or index + size > len(data):
            raise ValueError(f"bundle element size {size} out of range")
        element = data[index : index + size]
        index += size
        if is_bundle(element):
            _walk(element, out, depth + 1)
        elif element.startswith(b"/"):
            out.append(_parse_message(element))
        else:
            # python-osc logs and skips an element that is neither; so do we, quietly.
            log.debug("skipping a bundle element that is not OSC: %r", element[:32])


def decode_packet(data: bytes) -> list[Message]:
    """The messages in one datagram: a message, or a bundle flattened in order.

    Time tags are ignored, as AbletonOSC ignores them (§1.3). ProtocolError if the datagram
    is not valid OSC; its text starts with ``Error parsing OSC message:`` or ``... bundle:``,
    the words AbletonOSC's /live/error uses.
    """
    kind = "bundle" if is_bundle(data) else "message"
    try:
        if kind == "bundle":
            out: list[Message] = []
            _walk(data, out)
            return out
        return [_parse_message(data)]
    except Exception as exc:  # ParseError, UnicodeDecodeError, struct.error, ...
        raise ProtocolError(f"Error parsing OSC {kind}: {_one_line(exc)}") from exc


def decode_message(data: bytes) -> Message:
    """Exactly one OSC message (not a bundle)."""
    if is_bundle(data):
        raise ProtocolError("expected one OSC message, got a bundle; use decode_packet")
    return decode_packet(data)[0]


def _one_line(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return " ".join(text.split())
