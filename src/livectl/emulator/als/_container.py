"""From a file to a checked XML tree: size bounds, gzip, no DTD, a known Live version.

A Live set (``.als``) is a gzip-compressed UTF-8 XML document whose root is
``<Ableton MajorVersion="5" MinorVersion="12.0_12117" Creator="Ableton Live 12.0" ...>`` with
one ``<LiveSet>`` child. Live 10, 11 and 12 all write ``MajorVersion="5"``; the release is the
part of ``MinorVersion`` before the dot (Live 9 wrote ``MajorVersion="4"``).

Hostile input is refused with an :class:`AlsError` naming what is wrong:

- the compressed file and the decompressed XML are read in bounded pieces (a zip bomb stops
  at ``max_xml_bytes`` instead of filling memory);
- a document type declaration is refused before parsing: Live never writes one, and it is
  where entity tricks (billion laughs, external entities) live. This is what defusedxml's
  ``forbid_dtd`` does; doing it here keeps the standard library's parser and no new
  dependency (expat never fetches external entities for ``xml.etree`` either way);
- a truncated or corrupt gzip stream, malformed XML, a foreign root element or an unknown
  version each give their own message.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from livectl.errors import ValidationError

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_XML_BYTES",
    "SUPPORTED_RELEASES",
    "AlsError",
    "LiveDocument",
    "parse_document",
    "read_document",
]

MAX_FILE_BYTES = 128 * 1024 * 1024  # compressed; Live sets are rarely above a few MB
MAX_XML_BYTES = 512 * 1024 * 1024  # decompressed
SUPPORTED_RELEASES = (10, 11, 12)
_CHUNK = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b"
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class AlsError(ValidationError):
    """A file that is not a Live set this reader accepts; the message says why."""


@dataclass(frozen=True)
class LiveDocument:
    """The parsed set: its ``<LiveSet>`` element and the version fields of its root."""

    live_set: ET.Element
    release: int  # 10, 11 or 12
    minor_version: str  # "12.0_12117"
    creator: str  # "Ableton Live 12.0"


def read_document(
    path: str | Path,
    *,
    max_file_bytes: int = MAX_FILE_BYTES,
    max_xml_bytes: int = MAX_XML_BYTES,
) -> LiveDocument:
    """Read and check ``path`` (gzip XML as Live writes it, or the same XML uncompressed)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_file_bytes:
            raise AlsError(
                f"{path}: file size must be at most {max_file_bytes} bytes, got {size}",
                field="file size", value=size,
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise AlsError(f"{path}: cannot read the set: {exc.strerror or exc}") from exc
    return parse_document(raw, name=str(path), max_xml_bytes=max_xml_bytes)


def parse_document(raw: bytes, *, name: str = "<set>", max_xml_bytes: int = MAX_XML_BYTES) -> LiveDocument:
    """Check and parse a set's bytes; ``name`` is used in error messages."""
    if raw.startswith(_GZIP_MAGIC):
        xml = _gunzip(raw, name, max_xml_bytes)
    elif raw.lstrip()[:1] == b"<":
        if len(raw) > max_xml_bytes:
            raise AlsError(
                f"{name}: XML size must be at most {max_xml_bytes} bytes, got {len(raw)}",
                field="XML size", value=len(raw),
            )
        xml = raw
    else:
        raise AlsError(
            f"{name}: not a Live set: neither gzip data (a saved .als) nor XML "
            f"(starts with {raw[:8]!r})"
        )
    match = _DTD.search(xml)
    if match is not None:
        kind = match.group(1).decode().upper()
        raise AlsError(
            f"{name}: refused: the XML has a <!{kind}> declaration at byte {match.start()}; "
            "Live sets have none (entity declarations are not allowed)"
        )
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        line, column = exc.position
        raise AlsError(
            f"{name}: not a Live set: malformed XML at line {line}, column {column} ({exc})"
        ) from exc
    return _check_root(root, name)


def _gunzip(raw: bytes, name: str, limit: int) -> bytes:
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip header and CRC checked
    out = bytearray()
    data = raw
    try:
        while data and not inflater.eof:
            out += inflater.decompress(data, _CHUNK)
            if len(out) > limit:
                raise AlsError(
                    f"{name}: decompressed size must be at most {limit} bytes, got more "
                    f"(from {len(raw)} compressed bytes: a zip bomb or a huge set)",
                    field="decompressed size", value=len(out),
                )
            data = inflater.unconsumed_tail
        if not inflater.eof:
            out += inflater.flush()
    except zlib.error as exc:
        raise AlsError(f"{name}: not a Live set: the gzip data is corrupt ({exc})") from exc
    if not inflater.eof:
        raise AlsError(f"{name}: not a Live set: the gzip data ends early (truncated file)")
    if len(out) > limit:
        raise AlsError(
            f"{name}: decompressed size must be at most {limit} bytes, got {len(out)}",
            field="decompressed size", value=len(out),
        )
    return bytes(out)


def _check_root(root: ET.Element, name: str) -> LiveDocument:
    if root.tag != "Ableton":
        raise AlsError(f"{name}: not a Live set: the root element is <{root.tag}>, expected <Ableton>")
    major = root.get("MajorVersion")
    minor = root.get("MinorVersion", "")
    creator = root.get("Creator", "")
    release_text = minor.split(".", 1)[0]
    release = int(release_text) if release_text.isdigit() else None
    if major != "5" or release not in SUPPORTED_RELEASES:
        raise AlsError(
            f"{name}: unsupported Live set version: MajorVersion={major!r} "
            f"MinorVersion={minor!r} (Creator {creator!r}); livectl reads sets saved by "
            f"Live {', '.join(map(str, SUPPORTED_RELEASES))} (MajorVersion 5)",
            field="MinorVersion", value=minor,
        )
    live_set = root.find("LiveSet")
    if live_set is None:
        raise AlsError(f"{name}: not a Live set: <Ableton> has no <LiveSet> element")
    assert release is not None
    return LiveDocument(live_set, release, minor, creator)
