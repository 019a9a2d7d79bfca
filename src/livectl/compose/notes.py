"""Note and melody values: what the generators produce and the writers consume.

``Note`` is livectl's one note type (:mod:`livectl.note`, re-exported here):
``Note(pitch, start_beats, duration_beats, velocity, mute)``, keyword-only ``channel`` for file
and port output and Live 12's probability, velocity deviation and release velocity. ``Tune`` is the training view of a monophonic melody: a pitch stream
and a duration stream (inter-onset intervals in beats) plus the tonic when it is known.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from livectl.checks import (
    check_duration,
    check_int_range,
    check_pitch,
)
from livectl.errors import ValidationError
from livectl.note import Note

__all__ = ["Note", "Tune", "notes_from_pitches", "quantise_beats"]

# Durations are kept on a grid of 1/48 beat: it holds 64th notes (3/48) and triplets (16/48),
# and turns float noise from file readers (symusic's ABC reader is one tick off) into equal
# tokens for the duration model.
GRID_PER_BEAT = 48
_INF = math.inf


def quantise_beats(value: float, grid: int = GRID_PER_BEAT) -> float:
    """Round a time in beats to the nearest 1/``grid`` beat."""
    return round(value * grid) / grid


@dataclass(frozen=True, slots=True)
class Tune:
    """A monophonic melody for training: pitches, inter-onset durations (beats), tonic 0..11."""

    pitches: tuple[int, ...]
    durations: tuple[float, ...]
    tonic: int | None = None
    title: str = ""
    meter: tuple[int, int] = field(default=(4, 4))

    def __post_init__(self) -> None:
        if len(self.pitches) != len(self.durations):
            raise ValidationError(
                f"a Tune needs one duration per pitch, got {len(self.pitches)} pitches and "
                f"{len(self.durations)} durations",
                field="durations",
                value=len(self.durations),
            )
        if not _valid_pitches(self.pitches):
            for p in self.pitches:
                check_pitch(p)
        if not _valid_durations(self.durations):
            for d in self.durations:
                check_duration(d, "durations[]")
        if self.tonic is not None and not 0 <= self.tonic <= 11:
            raise ValidationError(
                f"tonic must be a pitch class 0..11 (C=0), got {self.tonic!r}",
                field="tonic",
                value=self.tonic,
            )

    def __len__(self) -> int:
        return len(self.pitches)

    @classmethod
    def from_notes(cls, notes: Iterable[Note], *, tonic: int | None = None,
                   title: str = "") -> Tune:
        """Monophonic view of notes: sorted by start; chords keep their highest note.

        A note's duration token is the time to the next onset (rests fold into the note before
        them), the last note keeps its own length.
        """
        by_start: dict[float, Note] = {}
        for n in notes:
            start = quantise_beats(n.start_beats)
            old = by_start.get(start)
            if old is None or n.pitch > old.pitch:
                by_start[start] = n
        starts = sorted(by_start)
        pitches: list[int] = []
        durations: list[float] = []
        for i, start in enumerate(starts):
            note = by_start[start]
            if i + 1 < len(starts):
                ioi = starts[i + 1] - start
            else:
                ioi = quantise_beats(note.duration_beats)
            pitches.append(note.pitch)
            durations.append(max(ioi, 1 / GRID_PER_BEAT))
        return cls(tuple(pitches), tuple(durations), tonic, title)

    def to_notes(self, *, start_beats: float = 0.0, velocity: int = 100, channel: int = 1,
                 legato: float = 1.0) -> list[Note]:
        """Notes back-to-back from ``start_beats``; ``legato`` < 1 shortens each note."""
        out: list[Note] = []
        t = start_beats
        for p, d in zip(self.pitches, self.durations, strict=True):
            out.append(Note(p, t, d * legato, velocity, channel=channel))
            t += d
        return out

    def transposed(self, semitones: int) -> Tune:
        """The tune moved by ``semitones``; only the new range is checked (the notes were
        checked when this tune was made)."""
        semitones = check_int_range("semitones", semitones, -127, 127)
        pitches = self.pitches
        if pitches:
            check_pitch(min(pitches) + semitones, "transposed pitch")
            check_pitch(max(pitches) + semitones, "transposed pitch")
        tonic = None if self.tonic is None else (self.tonic + semitones) % 12
        out = object.__new__(Tune)
        for name, value in (("pitches", tuple(p + semitones for p in pitches)),
                            ("durations", self.durations), ("tonic", tonic),
                            ("title", self.title), ("meter", self.meter)):
            object.__setattr__(out, name, value)
        return out


def _valid_pitches(pitches: Sequence[object]) -> bool:
    """True when every pitch is a plain int in 0..127 (one pass in C, no per-item checks)."""
    return not pitches or (set(map(type, pitches)) == {int}
                           and 0 <= min(pitches) and max(pitches) <= 127)  # type: ignore[type-var, operator]


def _valid_durations(durations: Sequence[object]) -> bool:
    """True when every duration is a positive, finite plain float or int."""
    return not durations or (set(map(type, durations)) <= {float, int}
                             and min(durations) > 0  # type: ignore[type-var, operator]
                             and math.isfinite(math.fsum(durations)))  # type: ignore[arg-type]


def notes_from_pitches(pitches: Sequence[int], duration_beats: float = 0.5, *,
                       velocity: int = 100, channel: int = 1) -> list[Note]:
    """Back-to-back notes of one length, as the blog's fixed rhythm did."""
    return [Note(p, i * duration_beats, duration_beats, velocity, channel=channel)
            for i, p in enumerate(pitches)]
