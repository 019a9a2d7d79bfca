"""MIDI notes as Live 12 stores them: ``MidiNoteSpecification`` in, ``MidiNote`` out.

A clip's notes sit in one list kept sorted by (pitch, start_time, note_id), so a range query
(``get_notes_extended``) is a bisection per pitch and adding n notes costs O(n log n).
Ranges are half-open on pitch and on the note's start, as in Live: the default AbletonOSC
query (0, 127, -8192, 16384) therefore leaves out pitch 127.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Iterator
from copy import copy
from dataclasses import dataclass, replace
from operator import attrgetter
from typing import Any

__all__ = ["MidiNote", "MidiNoteSpecification", "NoteStore"]


def _real(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"MidiNoteSpecification: {name} must be a number, got {value!r}")
    if not math.isfinite(float(value)):
        raise ValueError(f"MidiNoteSpecification: {name} must be finite, got {value!r}")
    return float(value)


class MidiNoteSpecification:
    """Live.Clip.MidiNoteSpecification: the description of a note to add.

    Argument order and defaults are Live 12's (``ableton-live-stubs``): pitch, start_time,
    duration, velocity=100.0, mute=False, probability=1.0, velocity_deviation=0.0,
    release_velocity=64.0. Keywords work too, as AbletonOSC uses them.
    """

    __slots__ = (
        "duration",
        "mute",
        "pitch",
        "probability",
        "release_velocity",
        "start_time",
        "velocity",
        "velocity_deviation",
    )

    def __init__(
        self,
        pitch: int,
        start_time: float,
        duration: float,
        velocity: float = 100.0,
        mute: bool = False,
        probability: float = 1.0,
        velocity_deviation: float = 0.0,
        release_velocity: float = 64.0,
    ) -> None:
        if isinstance(pitch, bool) or not isinstance(pitch, int):
            raise TypeError(f"MidiNoteSpecification: pitch must be an int, got {pitch!r}")
        self.pitch = pitch
        self.start_time = _real("start_time", start_time)
        self.duration = _real("duration", duration)
        self.velocity = _real("velocity", velocity)
        self.mute = bool(mute)
        self.probability = _real("probability", probability)
        self.velocity_deviation = _real("velocity_deviation", velocity_deviation)
        self.release_velocity = _real("release_velocity", release_velocity)

    def __repr__(self) -> str:
        return (
            f"MidiNoteSpecification(pitch={self.pitch}, start_time={self.start_time}, "
            f"duration={self.duration}, velocity={self.velocity}, mute={self.mute})"
        )


@dataclass(slots=True)
class MidiNote:
    """Live.Clip.MidiNote as returned by ``get_notes_extended``: a copy, with its note_id.

    Mutable on purpose, as Live's is: scripts edit the returned notes and hand them to
    ``apply_note_modifications``. The clip keeps its own copies, so an edit changes nothing
    until applied. Velocity is a float, as in Live 11+ (AbletonOSC sends 64.0, not 64).
    """

    note_id: int
    pitch: int
    start_time: float
    duration: float
    velocity: float
    mute: bool
    probability: float = 1.0
    velocity_deviation: float = 0.0
    release_velocity: float = 64.0

    def __copy__(self) -> MidiNote:
        # Direct construction: several times faster than copy's generic __reduce_ex__ path,
        # and every query returns copies.
        return MidiNote(self.note_id, self.pitch, self.start_time, self.duration, self.velocity,
                        self.mute, self.probability, self.velocity_deviation,
                        self.release_velocity)

    def to_dict(self) -> dict[str, Any]:
        return {
            "note_id": self.note_id,
            "pitch": self.pitch,
            "start_time": self.start_time,
            "duration": self.duration,
            "velocity": self.velocity,
            "mute": self.mute,
            "probability": self.probability,
            "velocity_deviation": self.velocity_deviation,
            "release_velocity": self.release_velocity,
        }


def _check_spec(spec: Any) -> MidiNoteSpecification:
    if not isinstance(spec, MidiNoteSpecification):
        raise TypeError(
            f"add_new_notes expects Live.Clip.MidiNoteSpecification objects, got "
            f"{type(spec).__name__}"
        )
    # Live rejects notes it cannot represent (texts are ours: Live's are not documented).
    if not 0 <= spec.pitch <= 127:
        raise RuntimeError(f"Invalid pitch {spec.pitch}: must be in range 0..127")
    if spec.duration <= 0:
        raise RuntimeError(f"Invalid note duration {spec.duration}: must be > 0")
    if not 0.0 <= spec.velocity <= 127.0:
        raise RuntimeError(f"Invalid velocity {spec.velocity}: must be in range 0..127")
    if not 0.0 <= spec.probability <= 1.0:
        raise RuntimeError(f"Invalid probability {spec.probability}: must be in range 0..1")
    return spec


_sort_key = attrgetter("pitch", "start_time", "note_id")


class NoteStore:
    """The notes of one MIDI clip, sorted by (pitch, start_time, note_id)."""

    def __init__(self) -> None:
        self._notes: list[MidiNote] = []
        self._keys: list[tuple[int, float, int]] = []
        self._next_id = 1

    def __len__(self) -> int:
        return len(self._notes)

    def __iter__(self) -> Iterator[MidiNote]:
        return iter(list(self._notes))

    def _resort(self) -> None:
        self._notes.sort(key=_sort_key)
        self._keys = [_sort_key(n) for n in self._notes]

    def add(self, specs: Iterable[Any]) -> tuple[int, ...]:
        checked = [_check_spec(spec) for spec in specs]  # all or nothing
        ids = []
        for spec in checked:
            note = MidiNote(
                self._next_id,
                spec.pitch,
                spec.start_time,
                spec.duration,
                spec.velocity,
                spec.mute,
                spec.probability,
                spec.velocity_deviation,
                spec.release_velocity,
            )
            self._next_id += 1
            self._notes.append(note)
            ids.append(note.note_id)
        if checked:
            self._resort()
        return tuple(ids)

    def add_notes(self, notes: Iterable[MidiNote]) -> None:
        """Put back notes with their ids (undo, load, duplicate)."""
        for note in notes:
            self._notes.append(note)
            self._next_id = max(self._next_id, note.note_id + 1)
        self._resort()

    def _range(self, from_pitch: int, pitch_span: int, from_time: float, time_span: float) -> list[int]:
        """Positions of the notes with pitch and start inside the half-open ranges."""
        low_pitch = max(0, int(from_pitch))
        high_pitch = min(128, int(from_pitch) + int(pitch_span))
        end_time = from_time + time_span
        positions: list[int] = []
        for pitch in range(low_pitch, high_pitch):
            lo = bisect.bisect_left(self._keys, (pitch, from_time, -1))
            hi = bisect.bisect_left(self._keys, (pitch, end_time, -1), lo)
            positions.extend(range(lo, hi))
        return positions

    def get(self, from_pitch: int, pitch_span: int, from_time: float, time_span: float) -> tuple[MidiNote, ...]:
        notes = self._notes
        return tuple(copy(notes[i]) for i in self._range(from_pitch, pitch_span, from_time, time_span))

    def all(self) -> tuple[MidiNote, ...]:
        return tuple(copy(n) for n in self._notes)

    def remove(self, from_pitch: int, pitch_span: int, from_time: float, time_span: float) -> list[MidiNote]:
        doomed = set(self._range(from_pitch, pitch_span, from_time, time_span))
        return self._remove_positions(doomed)

    def _remove_positions(self, doomed: set[int]) -> list[MidiNote]:
        if not doomed:
            return []
        removed = [self._notes[i] for i in sorted(doomed)]
        self._notes = [n for i, n in enumerate(self._notes) if i not in doomed]
        self._keys = [k for i, k in enumerate(self._keys) if i not in doomed]
        return removed

    def remove_ids(self, note_ids: Iterable[int]) -> list[MidiNote]:
        wanted = set(note_ids)
        return self._remove_positions({i for i, n in enumerate(self._notes) if n.note_id in wanted})

    def by_ids(self, note_ids: Iterable[int]) -> tuple[MidiNote, ...]:
        wanted = set(note_ids)
        return tuple(copy(n) for n in self._notes if n.note_id in wanted)

    def modify(self, notes: Iterable[Any]) -> None:
        """apply_note_modifications: replace notes by id; every id must exist."""
        updates = {}
        for note in notes:
            if not isinstance(note, MidiNote):
                raise TypeError(f"apply_note_modifications expects MidiNote objects, got {note!r}")
            updates[note.note_id] = copy(note)
        known = {n.note_id for n in self._notes}
        missing = sorted(set(updates) - known)
        if missing:
            raise RuntimeError(f"Note(s) with id {missing} are not in the clip")
        for note in updates.values():
            _check_spec(MidiNoteSpecification(note.pitch, note.start_time, note.duration, note.velocity))
        self._notes = [updates.get(n.note_id, n) for n in self._notes]
        self._resort()

    def shifted_copies(self, start: float, end: float, offset: float) -> list[MidiNote]:
        """Copies of the notes starting in [start, end), moved by ``offset`` with new ids."""
        copies = []
        for note in self._notes:
            if start <= note.start_time < end:
                copies.append(replace(note, note_id=self._next_id, start_time=note.start_time + offset))
                self._next_id += 1
        return copies

    def clear(self) -> list[MidiNote]:
        removed, self._notes, self._keys = self._notes, [], []
        return removed
