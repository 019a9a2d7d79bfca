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
from itertools import chain
from operator import attrgetter, itemgetter
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
        # A float is taken as it is when finite (x - x is 0.0 only then; NaN is truthy):
        # notes come by the thousand, and _real's call per field cost half of their time.
        if type(pitch) is not int and (isinstance(pitch, bool) or not isinstance(pitch, int)):
            raise TypeError(f"MidiNoteSpecification: pitch must be an int, got {pitch!r}")
        self.pitch = pitch
        self.start_time = (start_time if type(start_time) is float and not start_time - start_time
                           else _real("start_time", start_time))
        self.duration = (duration if type(duration) is float and not duration - duration
                         else _real("duration", duration))
        # An int velocity (AbletonOSC's wire format sends 100 for 100.0) converts at once.
        self.velocity = (velocity if type(velocity) is float and not velocity - velocity
                         else float(velocity) if type(velocity) is int
                         else _real("velocity", velocity))
        self.mute = mute if mute is True or mute is False else bool(mute)
        self.probability = (probability if type(probability) is float
                            and not probability - probability
                            else _real("probability", probability))
        self.velocity_deviation = (velocity_deviation if type(velocity_deviation) is float
                                   and not velocity_deviation - velocity_deviation
                                   else _real("velocity_deviation", velocity_deviation))
        self.release_velocity = (release_velocity if type(release_velocity) is float
                                 and not release_velocity - release_velocity
                                 else _real("release_velocity", release_velocity))

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

# The getters as C calls (attrgetter), the setters as written above: a Boost attribute read in
# Live is C++, and a script reading every field of 10,000 notes (AbletonOSC's get/notes, the
# script's notes_extended) spent most of its time in these Python frames. Same properties,
# same setters; the typed defs above stay what type checkers and readers see.
for _field in ("note_id", "pitch", "start_time", "duration", "velocity", "mute", "probability",
               "velocity_deviation", "release_velocity"):
    _declared = MidiNote.__dict__[_field]
    _fast = property(attrgetter("_" + _field), _declared.fset, doc=_declared.__doc__)
    _fast.__set_name__(MidiNote, _field)  # type: ignore[attr-defined]  # the name in errors
    setattr(MidiNote, _field, _fast)
del _field, _declared, _fast

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


_INF = math.inf
_PITCH_OF = itemgetter(0)
_START_OF = itemgetter(1)
# A stored note: a tuple of its values with its sort key first. Tuples of numbers leave the
# garbage collector's lists, so a 10,000-note clip costs a full collection nothing (a
# MidiNote per stored note made each full collection walk them all); MidiNotes are made
# only for what a query returns, as Live returns copies.
Record = tuple[int, float, int, float, float, bool, float, float, float]


def _record(note: MidiNote) -> Record:
    return (note._pitch, note._start_time, note._note_id, note._duration, note._velocity,
            note._mute, note._probability, note._velocity_deviation, note._release_velocity)


def _note(record: Record) -> MidiNote:
    note = _new_note(MidiNote)
    (note._pitch, note._start_time, note._note_id, note._duration, note._velocity, note._mute,
     note._probability, note._velocity_deviation, note._release_velocity) = record
    return note


def _note_of(spec: Any, note_id: int) -> Record:
    """The record of ``spec``: checked (Live's ranges), converted as MidiNote converts."""
    _check_spec(spec)
    return _record(MidiNote(note_id, spec.pitch, spec.start_time, spec.duration, spec.velocity,
                            spec.mute, spec.probability, spec.velocity_deviation,
                            spec.release_velocity))


class NoteStore:
    """The notes of one MIDI clip, sorted by (pitch, start_time, note_id).

    Added notes wait in ``_pending`` until something reads the clip, which then sorts them
    in once: a 10,000-note write in pages costs one sort, not a bisect and a memmove of the
    whole clip per note.
    """

    def __init__(self) -> None:
        self._records: list[Record] = []
        self._pending: list[Record] = []
        self._next_id = 1

    def __len__(self) -> int:
        return len(self._records) + len(self._pending)

    def __iter__(self) -> Iterator[MidiNote]:
        return iter(list(map(_note, self._settled())))

    def _settled(self) -> list[Record]:
        """The records, sorted, with the pending ones sorted in. Pending records came in id
        order with ids above every stored one, so two stable sorts on one number each (C's
        float and int comparisons, no tuple compared) put them in (pitch, start, id) order;
        stored records are merged in (ids are unique: no compare goes past the note_id)."""
        if self._pending:
            pending, self._pending = self._pending, []
            pending.sort(key=_START_OF)
            pending.sort(key=_PITCH_OF)
            if self._records:
                self._records += pending
                self._records.sort()  # two sorted runs: one merge
            else:
                self._records = pending
        return self._records

    def add(self, specs: Iterable[Any]) -> tuple[int, ...]:
        first = note_id = self._next_id
        added: list[Record] = []
        spec_type = MidiNoteSpecification
        for spec in specs:  # all or nothing: nothing is kept until every note passed
            if type(spec) is spec_type:
                pitch, start, duration, velocity = (spec.pitch, spec.start_time, spec.duration,
                                                    spec.velocity)
                probability, deviation, release = (spec.probability, spec.velocity_deviation,
                                                   spec.release_velocity)
                mute = spec.mute
                if (type(pitch) is int and 0 <= pitch <= 127
                        and type(start) is float and -_INF < start < _INF
                        and type(duration) is float and 0.0 < duration < _INF
                        and type(velocity) is float and 0.0 <= velocity <= 127.0
                        and (mute is True or mute is False)
                        and type(probability) is float and 0.0 <= probability <= 1.0
                        and type(deviation) is float and -127.0 <= deviation <= 127.0
                        and type(release) is float and 0.0 <= release <= 127.0):
                    # Exactly what MidiNote.__init__ would store: no conversion to do.
                    added.append((pitch, start, note_id, duration, velocity, mute,
                                  probability, deviation, release))
                    note_id += 1
                    continue
            added.append(_note_of(spec, note_id))  # converted, or refused with Live's text
            note_id += 1
        self._next_id = note_id
        self._pending += added
        return tuple(range(first, note_id))

    def add_notes(self, notes: Iterable[MidiNote]) -> None:
        """Put back notes with their ids (undo, load, duplicate)."""
        records = self._settled()
        for note in notes:
            records.append(_record(note))
            self._next_id = max(self._next_id, note.note_id + 1)
        records.sort()

    def _spans(self, from_pitch: int, pitch_span: int, from_time: float,
               time_span: float) -> list[tuple[int, int]]:
        """(lo, hi) slices of the records with pitch and start inside the half-open ranges."""
        low_pitch = max(0, int(from_pitch))
        high_pitch = min(128, int(from_pitch) + int(pitch_span))
        end_time = from_time + time_span
        records = self._settled()
        spans = []
        for pitch in range(low_pitch, high_pitch):
            lo = bisect.bisect_left(records, (pitch, from_time, -1))
            hi = bisect.bisect_left(records, (pitch, end_time, -1), lo)
            if hi > lo:
                spans.append((lo, hi))
        return spans

    def get(self, from_pitch: int, pitch_span: int, from_time: float, time_span: float) -> tuple[MidiNote, ...]:
        records = self._settled()
        spans = self._spans(from_pitch, pitch_span, from_time, time_span)
        if len(spans) == 1:
            lo, hi = spans[0]
            return tuple(map(_note, records[lo:hi]))
        return tuple(map(_note, chain.from_iterable(records[lo:hi] for lo, hi in spans)))

    def all(self) -> tuple[MidiNote, ...]:
        return tuple(map(_note, self._settled()))

    def remove(self, from_pitch: int, pitch_span: int, from_time: float, time_span: float) -> int:
        """Remove the notes in the ranges; how many there were."""
        spans = self._spans(from_pitch, pitch_span, from_time, time_span)
        if sum(hi - lo for lo, hi in spans) * 16 < len(self._records):
            # A few notes (a footprint removal): delete in place from the back, a memmove
            # each, instead of rebuilding the whole clip's list.
            for lo, hi in reversed(spans):
                del self._records[lo:hi]
        else:
            keep = [0, *(i for span in spans for i in span), len(self._records)]
            records = self._records
            self._records = list(chain.from_iterable(
                records[keep[i]:keep[i + 1]] for i in range(0, len(keep), 2)))
        return sum(hi - lo for lo, hi in spans)

    def remove_ids(self, note_ids: Iterable[int]) -> int:
        """Remove the notes with these ids; how many there were."""
        wanted = set(note_ids)
        records = self._settled()
        self._records = [r for r in records if r[2] not in wanted]
        return len(records) - len(self._records)

    def by_ids(self, note_ids: Iterable[int]) -> tuple[MidiNote, ...]:
        wanted = set(note_ids)
        return tuple(_note(r) for r in self._settled() if r[2] in wanted)

    def modify(self, notes: Iterable[Any]) -> bool:
        """apply_note_modifications: replace notes by id; every id must exist, every note
        must be in Live's ranges (all or nothing). Returns True when something changed."""
        if isinstance(notes, MidiNote):
            raise TypeError("apply_note_modifications expects a list of notes (a MidiNoteVector)")
        updates: dict[int, Record] = {}
        for note in notes:
            if not isinstance(note, MidiNote):
                raise TypeError(f"apply_note_modifications expects MidiNote objects, got {note!r}")
            _check_ranges(note)
            updates[note.note_id] = _record(note)
        known = {r[2]: r for r in self._settled()}
        missing = sorted(set(updates) - set(known))
        if missing:
            raise RuntimeError(f"Note(s) with id {missing} are not in the clip")
        changed = {i: r for i, r in updates.items() if r != known[i]}
        if not changed:
            return False
        self._records = sorted(changed.get(r[2], r) for r in self._records)
        return True

    def shifted_copies(
        self, start: float, end: float, offset: float, *, pitch: int = -1, transpose: int = 0
    ) -> list[MidiNote]:
        """Copies of the notes starting in [start, end) (of ``pitch`` unless -1), moved by
        ``offset`` beats and ``transpose`` semitones, with new ids."""
        chosen = [_note(r) for r in self._settled()
                  if start <= r[1] < end and (pitch < 0 or r[0] == pitch)]
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
        chosen = sorted((_note(r) for r in self._settled() if r[2] in wanted),
                        key=attrgetter("start_time", "pitch"))
        if not chosen:
            return []
        first = chosen[0].start_time
        if destination is None:
            destination = max(n.start_time + n.duration for n in chosen)
        return self._copies(chosen, destination - first, transpose)

    def clear(self) -> list[MidiNote]:
        removed, self._records = self._settled(), []
        return list(map(_note, removed))
