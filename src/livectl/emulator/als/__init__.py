"""Live sets (``.als``, Live 10, 11 and 12) read into the emulator's set snapshot.

    from livectl.emulator.als import load_als
    snapshot = load_als("My Song.als")      # the emulator's snapshot dict (livectl-set/1)
    snapshot["warnings"]                      # what could not be mapped, one line each
    emu.load(snapshot)                        # or emu.load_als("My Song.als")

Read: tempo, time signature, arrangement loop and position, global quantisation, groove
amount, scale; tracks (MIDI, audio, group with their members, returns, main) with names,
colours, mute/solo/arm/monitoring, fold state, volume, pan and sends; devices by name (racks
with chains, drum pads and macros); session clips with notes, loop and markers, launch
settings and signature; arrangement clips; scenes (name, colour, tempo and signature);
locators as cue points. Anything the reader sees but cannot map (automation, clip
envelopes, follow actions, grooves, take lanes, routing, device parameter values,
plug-ins) is listed in the warnings, which are also logged on ``livectl.emulator.als``.

Errors are :class:`AlsError` (a ``ValidationError``/``ValueError``) naming the file and what
is wrong: not gzip or XML, corrupt or truncated gzip, too large (compressed or not),
malformed XML, a DTD or entity declaration, a foreign root, an unsupported version, or a
value outside its range (the message names the object, field, range and value).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from livectl.emulator.als._container import (
    MAX_FILE_BYTES,
    MAX_XML_BYTES,
    SUPPORTED_RELEASES,
    AlsError,
    LiveDocument,
    parse_document,
    read_document,
)
from livectl.emulator.als._song import snapshot
from livectl.emulator.als._values import Warnings

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_XML_BYTES",
    "SUPPORTED_RELEASES",
    "AlsError",
    "is_live_set",
    "load_als",
    "parse_als",
]


def load_als(
    path: str | Path,
    *,
    max_file_bytes: int = MAX_FILE_BYTES,
    max_xml_bytes: int = MAX_XML_BYTES,
) -> dict[str, Any]:
    """The set at ``path`` as an emulator snapshot; ``["warnings"]`` lists what was not mapped."""
    doc = read_document(path, max_file_bytes=max_file_bytes, max_xml_bytes=max_xml_bytes)
    return _convert(doc, str(path))


def parse_als(raw: bytes, *, name: str = "<set>", max_xml_bytes: int = MAX_XML_BYTES) -> dict[str, Any]:
    """Like :func:`load_als` for a set's bytes (gzip or plain XML)."""
    return _convert(parse_document(raw, name=name, max_xml_bytes=max_xml_bytes), name)


def is_live_set(head: bytes) -> bool:
    """Whether a file's first bytes look like a Live set (gzip, or XML that is not JSON)."""
    stripped = head.lstrip()
    return head.startswith(b"\x1f\x8b") or stripped.startswith(b"<")


def _convert(doc: LiveDocument, name: str) -> dict[str, Any]:
    warnings = Warnings(name)
    try:
        data = snapshot(doc, warnings)
    except AlsError as exc:
        raise AlsError(f"{name}: {exc}", field=exc.field, value=exc.value) from None
    data["warnings"] = list(warnings)
    data["source"] = {"file": name, "live_version": doc.minor_version, "creator": doc.creator}
    return data
