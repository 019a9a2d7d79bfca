"""PLACEHOLDER written by the lead so the script package imports while the codec is built.

The codec owner replaces this file; the script's dispatcher needs these names, keep them:
- ``encode_message(address: str, args: Sequence[Any]) -> bytes``
- ``decode_messages(data: bytes) -> list[tuple[str, list[Any]]]``: every message of a
  datagram, bundles flattened in order
- ``OSCError`` (re-exported from ``.errors``): what both raise for bad input
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from typing import Any

from .errors import OSCError

__all__ = ["OSCError", "decode_messages", "encode_message"]


def _pad(b: bytes) -> bytes:
    return b + b"\x00" * (4 - len(b) % 4)


def encode_message(address: str, args: Sequence[Any]) -> bytes:
    tags = ","
    body = b""
    for v in args:
        if v is True:
            tags += "T"
        elif v is False:
            tags += "F"
        elif v is None:
            tags += "N"
        elif isinstance(v, int):
            tags += "i"
            body += struct.pack(">i", v)
        elif isinstance(v, float):
            tags += "f"
            body += struct.pack(">f", v)
        elif isinstance(v, str):
            tags += "s"
            body += _pad(v.encode())
        elif isinstance(v, bytes):
            tags += "b"
            body += struct.pack(">i", len(v)) + v + b"\x00" * (-len(v) % 4)
        else:
            raise OSCError(f"cannot encode {type(v).__name__}")
    return _pad(address.encode()) + _pad(tags.encode()) + body


def _string(data: bytes, i: int) -> tuple[str, int]:
    end = data.index(b"\x00", i)
    return data[i:end].decode(), (end // 4 + 1) * 4


def decode_messages(data: bytes) -> list[tuple[str, list[Any]]]:
    try:
        if data.startswith(b"#bundle\x00"):
            out: list[tuple[str, list[Any]]] = []
            i = 16
            while i < len(data):
                (size,) = struct.unpack_from(">i", data, i)
                out += decode_messages(data[i + 4 : i + 4 + size])
                i += 4 + size
            return out
        address, i = _string(data, 0)
        tags, i = _string(data, i)
        args: list[Any] = []
        for t in tags[1:]:
            if t == "i":
                args.append(struct.unpack_from(">i", data, i)[0])
                i += 4
            elif t == "f":
                args.append(struct.unpack_from(">f", data, i)[0])
                i += 4
            elif t == "s":
                s, i = _string(data, i)
                args.append(s)
            elif t in "TFN":
                args.append({"T": True, "F": False, "N": None}[t])
            else:
                raise OSCError(f"unsupported type tag {t!r}")
        return [(address, args)]
    except (ValueError, struct.error, UnicodeDecodeError) as exc:
        raise OSCError(f"not a valid OSC datagram: {exc}") from exc
