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


def _note_real(name: str, value: Any) -> float:
    # Boost's float converter: ints and floats (bools are ints too), nothing else.
    if not isinstance(value, int | float):
        raise TypeError(
            f"Python argument types in\n    None.None(MidiNote, {type(value).__name__})\n"
            f"did not match C++ signature:\n    None(TMidiNote, double) [{name}]"
        )
    return float(value)


class MidiNote:
    """Live.Clip.MidiNote as returned by ``get_notes_extended``: a copy, with its note_id.

    Mutable on purpose, as Live's is: scripts edit the returned notes and hand them to
    ``apply_note_modifications``, which checks the ranges. The clip keeps its own copies, so
    an edit changes nothing until applied. ``note_id`` is read-only, as in Live. Velocity is
    a float, as in Live 11+ (AbletonOSC sends 64.0, not 64).
    """

    __slots__ = ("_duration", "_mute", "_note_id", "_pitch", "_probability",
                 "_release_velocity", "_start_time", "_velocity", "_velocity_deviation")

    def __init__(
        self,
        note_id: int,
        pitch: int,
        start_time: float,
        duration: float,
        velocity: float,
        mute: bool,
        probability: float = 1.0,
        velocity_deviation: float = 0.0,
        release_velocity: float = 64.0,
    ) -> None:
        self._note_id = int(note_id)
        self._pitch = int(pitch)
        self._start_time = float(start_time)
        self._duration = float(duration)
        self._velocity = float(velocity)
        self._mute = bool(mute)
        self._probability = float(probability)
        self._velocity_deviation = float(velocity_deviation)
        self._release_velocity = float(release_velocity)

    @property
    def note_id(self) -> int:
        return self._note_id

    @property
    def pitch(self) -> int:
        return self._pitch

    @pitch.setter
    def pitch(self, value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(
                f"Python argument types in\n    None.None(MidiNote, {type(value).__name__})\n"
                f"did not match C++ signature:\n    None(TMidiNote, int) [pitch]"
            )
        self._pitch = value

    @property
    def start_time(self) -> float:
        return self._start_time

    @start_time.setter
    def start_time(self, value: float) -> None:
        self._start_time = _note_real("start_time", value)

    @property
    def duration(self) -> float:
        return self._duration

    @duration.setter
    def duration(self, value: float) -> None:
        self._duration = _note_real("duration", value)

    @property
    def velocity(self) -> float:
        return self._velocity

    @velocity.setter
    def velocity(self, value: float) -> None:
        self._velocity = _note_real("velocity", value)

    @property
    def mute(self) -> bool:
        return self._mute

    @mute.setter
    def mute(self, value: bool) -> None:
        if not isinstance(value, int | float):
            raise TypeError(f"MidiNote.mute must be a bool, got {type(value).__name__}")
        self._mute = bool(value)

    @property
    def probability(self) -> float:
        return self._probability

    @probability.setter
    def probability(self, value: float) -> None:
        self._probability = _note_real("probability", value)

    @property
    def velocity_deviation(self) -> float:
        return self._velocity_deviation

    @velocity_deviation.setter
    def velocity_deviation(self, value: float) -> None:
        self._velocity_deviation = _note_real("velocity_deviation", value)

    @property
    def release_velocity(self) -> float:
        return self._release_velocity

    @release_velocity.setter
    def release_velocity(self, value: float) -> None:
        self._release_velocity = _note_real("release_velocity", value)

    def _key(self) -> tuple[Any, ...]:
        return (self._note_id, self._pitch, self._start_time, self._duration, self._velocity,
                self._mute, self._probability, self._velocity_deviation,
                self._release_velocity)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MidiNote) and self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]  # mutable, as Live's

    def __repr__(self) -> str:
        return (
            f"MidiNote(note_id={self._note_id}, pitch={self._pitch}, "
            f"start_time={self._start_time}, duration={self._duration}, "
            f"velocity={self._velocity}, mute={self._mute}, probability={self._probability}, "
            f"velocity_deviation={self._velocity_deviation}, "
            f"release_velocity={self._release_velocity})"
        )

    def __copy__(self) -> MidiNote:
        # Slot by slot, without __init__'s conversions (the values are already checked):
        # every query returns copies, so this is on the hot path.
        other = _new_note(MidiNote)
        other._note_id, other._pitch, other._start_time = self._note_id, self._pitch, self._start_time
        other._duration, other._velocity, other._mute = self._duration, self._velocity, self._mute
        other._probability = self._probability
        other._velocity_deviation = self._velocity_deviation
        other._release_velocity = self._release_velocity
        return other

    def _with(self, **changes: Any) -> MidiNote:
        """A copy with some fields changed (note_id included: new notes from old ones)."""
        fields = dict(zip(_NOTE_FIELDS, self._key(), strict=True))
        fields.update(changes)
        return MidiNote(**fields)

    def to_dict(self) -> dict[str, Any]:
        return dict(zip(_NOTE_FIELDS, self._key(), strict=True))


_new_note = object.__new__

_NOTE_FIELDS = ("note_id", "pitch", "start_time", "duration", "velocity", "mute", "probability",
                "velocity_deviation", "release_velocity")


def _check_spec(spec: Any) -> MidiNoteSpecification:
    if not isinstance(spec, MidiNoteSpecification):
        raise TypeError(
            f"add_new_notes expects Live.Clip.MidiNoteSpecification objects, got "
            f"{type(spec).__name__}"
        )
    _check_ranges(spec)
    return spec


def _check_ranges(note: MidiNoteSpecification | MidiNote) -> None:
    """Live's note ranges (Live 12 docs for add_new_notes; the texts are ours: Live's are
    not documented)."""
    if not 0 <= note.pitch <= 127:
        raise RuntimeError(f"Invalid pitch {note.pitch}: must be in range 0..127")
    if not math.isfinite(note.start_time):
        raise RuntimeError(f"Invalid note start time {note.start_time}: must be finite")
    if not (note.duration > 0 and math.isfinite(note.duration)):
        raise RuntimeError(f"Invalid note duration {note.duration}: must be > 0")
    if not 0.0 <= note.velocity <= 127.0:
        raise RuntimeError(f"Invalid velocity {note.velocity}: must be in range 0..127")
    if not 0.0 <= note.probability <= 1.0:
        raise RuntimeError(f"Invalid probability {note.probability}: must be in range 0..1")
    if not -127.0 <= note.velocity_deviation <= 127.0:
        raise RuntimeError(
            f"Invalid velocity_deviation {note.velocity_deviation}: must be in range -127..127"
        )
    if not 0.0 <= note.release_velocity <= 127.0:
        raise RuntimeError(
            f"Invalid release_velocity {note.release_velocity}: must be in range 0..127"
        )


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
            ids.append(note.note_id)
            # In place (ids grow, so the key is new): a bisect and a memmove per note, not a
            # resort of the whole clip per page.
            key = (note.pitch, note.start_time, note.note_id)
            at = bisect.bisect_right(self._keys, key)
            self._keys.insert(at, key)
            self._notes.insert(at, note)
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
        return tuple([notes[i].__copy__() for i in self._range(from_pitch, pitch_span, from_time, time_span)])

    def all(self) -> tuple[MidiNote, ...]:
        return tuple(copy(n) for n in self._notes)

    def remove(self, from_pitch: int, pitch_span: int, from_time: float, time_span: float) -> list[MidiNote]:
        doomed = set(self._range(from_pitch, pitch_span, from_time, time_span))
        return self._remove_positions(doomed)

    def _remove_positions(self, doomed: set[int]) -> list[MidiNote]:
        if not doomed:
            return []
        order = sorted(doomed)
        removed = [self._notes[i] for i in order]
        if len(order) * 16 < len(self._notes):
            # A few notes (a footprint removal): delete in place from the back, a memmove
            # each, instead of rebuilding two lists of the whole clip.
            for i in reversed(order):
                del self._notes[i]
                del self._keys[i]
        else:
            self._notes = [n for i, n in enumerate(self._notes) if i not in doomed]
            self._keys = [k for i, k in enumerate(self._keys) if i not in doomed]
        return removed

    def remove_ids(self, note_ids: Iterable[int]) -> list[MidiNote]:
        wanted = set(note_ids)
        return self._remove_positions({i for i, n in enumerate(self._notes) if n.note_id in wanted})

    def by_ids(self, note_ids: Iterable[int]) -> tuple[MidiNote, ...]:
        wanted = set(note_ids)
        return tuple(copy(n) for n in self._notes if n.note_id in wanted)

    def modify(self, notes: Iterable[Any]) -> bool:
        """apply_note_modifications: replace notes by id; every id must exist, every note
        must be in Live's ranges (all or nothing). Returns True when something changed."""
        if isinstance(notes, MidiNote):
            raise TypeError("apply_note_modifications expects a list of notes (a MidiNoteVector)")
        updates: dict[int, MidiNote] = {}
        for note in notes:
            if not isinstance(note, MidiNote):
                raise TypeError(f"apply_note_modifications expects MidiNote objects, got {note!r}")
            _check_ranges(note)
            updates[note.note_id] = copy(note)
        known = {n.note_id: n for n in self._notes}
        missing = sorted(set(updates) - set(known))
        if missing:
            raise RuntimeError(f"Note(s) with id {missing} are not in the clip")
        changed = {i: n for i, n in updates.items() if n != known[i]}
        if not changed:
            return False
        self._notes = [changed.get(n.note_id, n) for n in self._notes]
        self._resort()
        return True

    def shifted_copies(
        self, start: float, end: float, offset: float, *, pitch: int = -1, transpose: int = 0
    ) -> list[MidiNote]:
        """Copies of the notes starting in [start, end) (of ``pitch`` unless -1), moved by
        ``offset`` beats and ``transpose`` semitones, with new ids."""
        chosen = [n for n in self._notes
                  if start <= n.start_time < end and (pitch < 0 or n.pitch == pitch)]
        return self._copies(chosen, offset, transpose)

    def _copies(self, notes: Iterable[MidiNote], offset: float, transpose: int) -> list[MidiNote]:
        copies = []
        for note in notes:
            new_pitch = note.pitch + transpose
            if not 0 <= new_pitch <= 127:
                continue  # transposed out of MIDI's range: Live drops such notes
            copies.append(note._with(note_id=self._next_id, start_time=note.start_time + offset,
                                     pitch=new_pitch))
            self._next_id += 1
        return copies

    def id_copies(self, note_ids: Iterable[int], destination: float | None,
                  transpose: int) -> list[MidiNote]:
        """duplicate_notes_by_id: copies of the given notes; the group's first note lands on
        ``destination`` (default: right after the group's last note end)."""
        wanted = set(note_ids)
        chosen = sorted((n for n in self._notes if n.note_id in wanted),
                        key=attrgetter("start_time", "pitch"))
        if not chosen:
            return []
        first = chosen[0].start_time
        if destination is None:
            destination = max(n.start_time + n.duration for n in chosen)
        return self._copies(chosen, destination - first, transpose)

    def clear(self) -> list[MidiNote]:
        removed, self._notes, self._keys = self._notes, [], []
        return removed
