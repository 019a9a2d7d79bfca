"""One small check per field, used at every edge (client, MIDI, compose).

Each check returns the value (normalised where that is safe, e.g. an int-valued float index)
or raises :class:`~livectl.errors.RangeError` / :class:`~livectl.errors.ValidationError`
naming the field, the range and the value. Nothing here does I/O.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from livectl.errors import RangeError, ValidationError

__all__ = [
    "TEMPO_MAX",
    "TEMPO_MIN",
    "check_beats",
    "check_channel",
    "check_data_byte",
    "check_duration",
    "check_index",
    "check_int_range",
    "check_pitch",
    "check_pitchwheel",
    "check_real_range",
    "check_tempo",
    "check_velocity",
]

# Live's tempo range (Song.tempo accepts 20..999 BPM).
TEMPO_MIN = 20.0
TEMPO_MAX = 999.0


def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_real(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def check_int_range(field: str, value: Any, low: int, high: int) -> int:
    """``value`` must be an int (not a bool) with ``low <= value <= high``."""
    if not _is_int(value):
        raise ValidationError(
            f"{field} must be an int in range {low}..{high}, got {type(value).__name__} {value!r}",
            field=field,
            value=value,
        )
    if not low <= value <= high:
        raise RangeError(field, low, high, value)
    return int(value)


def check_real_range(
    field: str, value: Any, low: float, high: float, *, unit: str = ""
) -> float:
    """``value`` must be a finite real number with ``low <= value <= high``."""
    if not _is_real(value) or not math.isfinite(float(value)):
        raise ValidationError(
            f"{field} must be a finite number in range {low}..{high}, got {value!r}",
            field=field,
            value=value,
        )
    if not low <= float(value) <= high:
        raise RangeError(field, low, high, value, unit=unit)
    return float(value)


def check_pitch(value: Any, field: str = "pitch") -> int:
    return check_int_range(field, value, 0, 127)


def check_velocity(value: Any, field: str = "velocity") -> int:
    return check_int_range(field, value, 0, 127)


def check_data_byte(value: Any, field: str) -> int:
    """A 7-bit MIDI data byte (controller number, controller value, program, pressure)."""
    return check_int_range(field, value, 0, 127)


def check_channel(value: Any, field: str = "channel") -> int:
    """MIDI channel in the user's numbering, 1..16 (returns it unchanged)."""
    return check_int_range(field, value, 1, 16)


def check_pitchwheel(value: Any, field: str = "pitch_bend") -> int:
    return check_int_range(field, value, -8192, 8191)


def check_tempo(value: Any, field: str = "tempo_bpm") -> float:
    return check_real_range(field, value, TEMPO_MIN, TEMPO_MAX, unit="BPM")


def check_duration(value: Any, field: str = "duration") -> float:
    """A strictly positive, finite length in beats."""
    if not _is_real(value) or not math.isfinite(float(value)):
        raise ValidationError(
            f"{field} must be a positive number of beats, got {value!r}", field=field, value=value
        )
    if float(value) <= 0:
        raise ValidationError(
            f"{field} must be > 0 beats, got {value!r}", field=field, value=value
        )
    return float(value)


def check_beats(value: Any, field: str = "time") -> float:
    """Any finite time in beats (may be negative: Live allows notes before 0)."""
    if not _is_real(value) or not math.isfinite(float(value)):
        raise ValidationError(
            f"{field} must be a finite number of beats, got {value!r}", field=field, value=value
        )
    return float(value)


def check_index(value: Any, field: str = "index", *, allow_negative: bool = True) -> int:
    """An object index (track, scene, clip slot, device, parameter).

    Ints only (an int-valued float such as 2.0 is accepted, as AbletonOSC does with ``int()``).
    Negative indices count from the end, as in Live, unless ``allow_negative`` is False.
    """
    if _is_int(value):
        index = int(value)
    elif isinstance(value, float) and value.is_integer():
        index = int(value)
    else:
        raise ValidationError(
            f"{field} must be an int, got {type(value).__name__} {value!r}",
            field=field,
            value=value,
        )
    if not allow_negative and index < 0:
        raise ValidationError(f"{field} must be >= 0, got {value!r}", field=field, value=value)
    return index
