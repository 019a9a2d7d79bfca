"""OSC encoding and decoding as AbletonOSC does it, on python-osc's builder and parser.

Outbound values are typed by inference exactly like AbletonOSC (§1.7, §3.2): ``True``/``False``
as ``T``/``F`` (never 0/1), ``None`` as ``N``, every ``float`` as float32 ``f``, ``int`` as
``i`` (``h`` past 32 bits), ``str`` as ``s``, ``bytes`` as ``b``. An empty argument list still
carries the type-tag string ``,``. Bundles are decoded into their messages in order,
recursively, ignoring time tags (§1.3). Every decoding failure is a
:class:`livectl.errors.ProtocolError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pythonosc.osc_bundle import OscBundle
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
    messages: Iterable[Message | tuple[str, Sequence[Any]]], timetag: float = IMMEDIATELY
) -> bytes:
    """An OSC bundle holding ``messages`` (``Message`` or ``(address, args)``), in order."""
    bundle = OscBundleBuilder(timetag)
    for item in messages:
        address, args = (item.address, item.args) if isinstance(item, Message) else item
        try:
            bundle.add_content(_builder(address, args).build())  # type: ignore[arg-type]
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


def _from_osc(msg: OscMessage) -> Message:
    return Message(msg.address, tuple(msg.params))


def _walk(bundle: OscBundle, out: list[Message]) -> None:
    for content in bundle:
        if isinstance(content, OscBundle):
            _walk(content, out)
        else:
            out.append(_from_osc(content))


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
            _walk(OscBundle(data), out)
            return out
        if not data.startswith(b"/"):
            raise ValueError("an OSC message must start with '/'")
        return [_from_osc(OscMessage(data))]
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
