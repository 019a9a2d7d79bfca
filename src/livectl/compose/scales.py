"""Keys and scales: ``"C:major"``, ``"A:minor"``, ``"F#:dorian"``, scale degrees, pitch sets."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from livectl.checks import check_pitch
from livectl.errors import ValidationError

__all__ = ["SCALES", "Key", "Scale", "parse_key", "pitch_class", "pitch_name"]


@dataclass(frozen=True, slots=True)
class Scale:
    """A scale as semitone offsets from the tonic, starting at 0, rising, within an octave."""

    name: str
    intervals: tuple[int, ...]

    def __post_init__(self) -> None:
        iv = self.intervals
        if not iv or iv[0] != 0 or any(b <= a for a, b in itertools.pairwise(iv)) \
                or iv[-1] > 11:
            raise ValidationError(
                f"scale intervals must rise from 0 within 0..11, got {iv!r}",
                field="intervals", value=iv)


SCALES: dict[str, Scale] = {s.name: s for s in (
    Scale("major", (0, 2, 4, 5, 7, 9, 11)),
    Scale("minor", (0, 2, 3, 5, 7, 8, 10)),
    Scale("harmonic_minor", (0, 2, 3, 5, 7, 8, 11)),
    Scale("melodic_minor", (0, 2, 3, 5, 7, 9, 11)),
    Scale("dorian", (0, 2, 3, 5, 7, 9, 10)),
    Scale("phrygian", (0, 1, 3, 5, 7, 8, 10)),
    Scale("lydian", (0, 2, 4, 6, 7, 9, 11)),
    Scale("mixolydian", (0, 2, 4, 5, 7, 9, 10)),
    Scale("locrian", (0, 1, 3, 5, 6, 8, 10)),
    Scale("major_pentatonic", (0, 2, 4, 7, 9)),
    Scale("minor_pentatonic", (0, 3, 5, 7, 10)),
    Scale("blues", (0, 3, 5, 6, 7, 10)),
    Scale("whole_tone", (0, 2, 4, 6, 8, 10)),
    Scale("chromatic", tuple(range(12))),
)}
_ALIASES = {"ionian": "major", "aeolian": "minor", "maj": "major", "min": "minor",
            "m": "minor", "pentatonic": "major_pentatonic"}

_NAMES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
_LETTERS = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
_TONIC_RE = re.compile(r"^\s*([A-Ga-g])([#b♯♭]*)\s*$")


def pitch_class(name: str) -> int:
    """``"C"`` -> 0, ``"F#"`` -> 6, ``"Bb"`` -> 10."""
    m = _TONIC_RE.match(name)
    if not m:
        raise ValidationError(
            f"tonic must be a note name such as C, F#, Bb; got {name!r}", field="tonic",
            value=name)
    pc = _LETTERS[m.group(1).upper()]
    for ch in m.group(2):
        pc += 1 if ch in "#♯" else -1
    return pc % 12


def pitch_name(pitch: int) -> str:
    """MIDI pitch -> ``"C4"`` (middle C = 60 = C4)."""
    check_pitch(pitch)
    return f"{_NAMES[pitch % 12]}{pitch // 12 - 1}"


@dataclass(frozen=True, slots=True)
class Key:
    """A tonic pitch class (C=0) and a scale."""

    tonic: int
    scale: Scale

    def __post_init__(self) -> None:
        if not isinstance(self.tonic, int) or not 0 <= self.tonic <= 11:
            raise ValidationError(f"tonic must be a pitch class 0..11, got {self.tonic!r}",
                                  field="tonic", value=self.tonic)

    @property
    def name(self) -> str:
        return f"{_NAMES[self.tonic]}:{self.scale.name}"

    def __str__(self) -> str:
        return self.name

    @property
    def pitch_classes(self) -> frozenset[int]:
        return frozenset((self.tonic + i) % 12 for i in self.scale.intervals)

    def contains(self, pitch: int) -> bool:
        return (pitch - self.tonic) % 12 in self.scale.intervals

    def degree(self, pitch: int) -> int | None:
        """0-based scale degree of ``pitch`` (0 = tonic), or None when it is outside the scale."""
        try:
            return self.scale.intervals.index((pitch - self.tonic) % 12)
        except ValueError:
            return None

    def pitch(self, degree: int, octave: int = 4) -> int:
        """MIDI pitch of a 0-based degree; degrees past the scale wrap into higher octaves."""
        n = len(self.scale.intervals)
        octs, idx = divmod(degree, n)
        return check_pitch(12 * (octave + 1 + octs) + self.tonic + self.scale.intervals[idx])

    def pitches_in(self, low: int, high: int) -> list[int]:
        """Every pitch of the key from ``low`` to ``high`` inclusive."""
        return [p for p in range(max(low, 0), min(high, 127) + 1) if self.contains(p)]

    def is_tonic(self, pitch: int) -> bool:
        return pitch % 12 == self.tonic


def parse_key(text: str | Key) -> Key:
    """``"C:major"``, ``"A:minor"``, ``"F#:dorian"``, ``"Bb"`` (major), ``"Am"`` -> Key."""
    if isinstance(text, Key):
        return text
    if not isinstance(text, str) or not text.strip():
        raise ValidationError(f"key must be text like 'C:major', got {text!r}", field="key",
                              value=text)
    raw = text.strip()
    if ":" in raw or " " in raw:
        tonic_s, _, scale_s = raw.replace(" ", ":", 1).partition(":")
    elif len(raw) > 1 and raw[-1] == "m" and raw[:-1] and _TONIC_RE.match(raw[:-1]):
        tonic_s, scale_s = raw[:-1], "minor"
    else:
        tonic_s, scale_s = raw, "major"
    scale_s = scale_s.strip().lower().replace("-", "_") or "major"
    scale_s = _ALIASES.get(scale_s, scale_s)
    if scale_s not in SCALES:
        raise ValidationError(
            f"unknown scale {scale_s!r} in key {text!r}; use one of {', '.join(sorted(SCALES))}",
            field="key", value=text)
    try:
        tonic = pitch_class(tonic_s)
    except ValidationError as exc:
        raise ValidationError(
            f"key must look like 'C:major' or 'F#:dorian'; bad tonic in {text!r}",
            field="key", value=text) from exc
    return Key(tonic, SCALES[scale_s])
