"""Reading ``<Tag Value="..."/>`` fields of a set, each checked against a range.

Every reader takes ``where`` (what is being read, e.g. ``"track 2 '2-Operator': volume"``) so
that an error names the object, the field, the range and the value found. ``Warnings``
collects what the reader could not map.
"""

from __future__ import annotations

import logging
import math
from xml.etree import ElementTree as ET

from livectl.emulator.als._container import AlsError

__all__ = [
    "MAX_BEATS",
    "Warnings",
    "boolean",
    "color",
    "integer",
    "number",
    "text",
    "time_signature",
]

log = logging.getLogger("livectl.emulator.als")

# No set holds a time beyond this many beats (about 12,000 hours at 120 BPM).
MAX_BEATS = 1e8


class Warnings(list[str]):
    """What could not be mapped, one line each; every line is also logged (with ``source``)."""

    def __init__(self, source: str = "") -> None:
        super().__init__()
        self.source = source

    def add(self, message: str) -> None:
        if message not in self:
            self.append(message)
            log.warning("%s: %s", self.source, message)


def text(elem: ET.Element | None, path: str, default: str = "") -> str:
    found = elem.find(path) if elem is not None else None
    if found is None:
        return default
    return found.get("Value", default)


def _raw(elem: ET.Element | None, path: str) -> str | None:
    found = elem.find(path) if elem is not None else None
    return None if found is None else found.get("Value")


def number(
    elem: ET.Element | None,
    path: str,
    where: str,
    *,
    low: float = -MAX_BEATS,
    high: float = MAX_BEATS,
    default: float | None = None,
    attribute: str | None = None,
) -> float:
    """A finite number in ``low..high``; ``default`` when absent (an error if no default)."""
    if attribute is not None:
        raw = elem.get(attribute) if elem is not None else None
    else:
        raw = _raw(elem, path)
    if raw is None:
        if default is None:
            raise AlsError(f"{where}: missing <{attribute or path}>")
        return default
    try:
        value = float(raw)
    except ValueError:
        raise AlsError(f"{where} must be a number, got {raw!r}", field=where, value=raw) from None
    if not (math.isfinite(value) and low <= value <= high):
        raise AlsError(
            f"{where} must be in range {low:g}..{high:g}, got {raw}", field=where, value=raw
        )
    return value


def integer(
    elem: ET.Element | None, path: str, where: str, *, low: int, high: int, default: int
) -> int:
    value = number(elem, path, where, low=low, high=high, default=float(default))
    if value != int(value):
        raise AlsError(f"{where} must be a whole number, got {value}", field=where, value=value)
    return int(value)


def boolean(elem: ET.Element | None, path: str, where: str, *, default: bool) -> bool:
    raw = _raw(elem, path)
    if raw is None:
        return default
    if raw in ("true", "false"):
        return raw == "true"
    raise AlsError(f"{where} must be true or false, got {raw!r}", field=where, value=raw)


def color(elem: ET.Element, where: str, warnings: Warnings) -> int:
    """Live's colour index 0..69: ``<Color>`` (Live 11, 12) or ``<ColorIndex>`` (Live 10).

    -1 is "no colour" (scenes), read as 0. Live 10 writes track colours as 140 + index (seen in
    saved sets: a track's clips carry the same colour as index).
    """
    raw = _raw(elem, "Color")
    if raw is None:
        raw = _raw(elem, "ColorIndex")
    if raw is None or raw == "-1":
        return 0
    try:
        value = int(raw)
    except ValueError:
        raise AlsError(f"{where}: colour must be a whole number, got {raw!r}") from None
    if 0 <= value <= 69:
        return value
    if 140 <= value <= 209:
        return value - 140
    warnings.add(f"{where}: colour {value} is not one of Live's 70 colours; colour 0 used")
    return 0


def time_signature(code: int, where: str) -> tuple[int, int]:
    """Live's time signature id: (numerator - 1) + 99 * log2(denominator); 201 is 4/4."""
    exponent, numerator = divmod(code, 99)
    if not (0 <= exponent <= 4 and code >= 0):
        raise AlsError(
            f"{where}: time signature id must be in range 0..494, got {code}",
            field=where, value=code,
        )
    return numerator + 1, 2**exponent
