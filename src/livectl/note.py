"""THE note value of livectl: one type for generators, MIDI output, files and Live's clips.

``Note(pitch, start_beats, duration_beats, velocity=100, mute=False, probability=1.0,
velocity_deviation=0.0, release_velocity=64, note_id=None)``: the order of Live's
``MidiNoteSpecification`` (and, for the first five, of AbletonOSC's ``/live/clip/add/notes``),
with Live 12's fields ``probability`` (0..1), ``velocity_deviation`` (-127..127) and
``release_velocity`` (0..127); ``note_id`` is the id Live gave a note read from a clip (never
compared). Keyword-only: ``channel`` (1..16) for MIDI ports and files (a Live clip has no
channel: its track decides). Times are in beats, and the field names say so.

It sits beside :mod:`livectl.checks` because every layer uses it: ``livectl.compose`` (pure),
``livectl.midi``, ``livectl.model`` (Live's clips) and ``livectl.output`` all re-export this
one class, so ``livectl.Note``, ``livectl.compose.Note``, ``livectl.midi.Note`` and
``livectl.model.Note`` are the same.

Migration: before 0.2 the client's note had ``start``/``duration`` and ``livectl.midi.Note``
was ``Note(beat, pitch, velocity, duration_beats, channel)``. ``note.start``,
``note.duration`` and ``note.beat`` still read (with a DeprecationWarning); a channel given as
the fifth positional argument (the old compose order) is refused with a message saying so.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import KW_ONLY, dataclass, field

from livectl.checks import (
    check_beats,
    check_channel,
    check_duration,
    check_int_range,
    check_pitch,
    check_real_range,
)
from livectl.errors import ValidationError

__all__ = ["Note", "velocity_byte"]

_INF = math.inf
_NUMBER = (int, float)  # exact types: a bool, a numpy or Fraction value takes the full checks
_MAX_ID = 2**31 - 1


@dataclass(frozen=True, slots=True, order=True)
class Note:
    """One note: MIDI pitch 0..127, start and length in beats, velocity 0..127, mute flag,
    Live 12's probability, velocity deviation and release velocity, Live's note id (or None);
    keyword-only: the MIDI channel 1..16.

    Values sent to Live go out as float32 (AbletonOSC's wire format), so a start such as 0.1
    comes back as 0.10000000149011612; multiples of 1/2**k come back exactly.
    """

    pitch: int
    start_beats: float
    duration_beats: float
    velocity: float = 100
    mute: bool = False
    probability: float = 1.0
    velocity_deviation: float = 0.0
    release_velocity: float = 64
    note_id: int | None = field(default=None, compare=False)
    _: KW_ONLY
    channel: int = 1

    def __post_init__(self) -> None:
        # The common case costs a few type tests (generators make notes by the thousand);
        # anything else goes through the full checks, which name the field.
        # Notes read from Live (floats, a note_id) take it too: 0.1 s less per 10,000 notes.
        # A NaN fails every comparison, so it reaches the full checks and their error.
        start, length = self.start_beats, self.duration_beats
        velocity, note_id = self.velocity, self.note_id
        if (type(self.pitch) is int and 0 <= self.pitch <= 127
                and type(velocity) in _NUMBER and 0 <= velocity <= 127
                and type(self.mute) is bool
                and type(self.channel) is int and 1 <= self.channel <= 16
                and type(start) is float and type(length) is float
                and -_INF < start < _INF and 0.0 < length < _INF
                and (note_id is None or (type(note_id) is int and 0 <= note_id <= _MAX_ID))):
            probability, deviation, release = (self.probability, self.velocity_deviation,
                                               self.release_velocity)
            if ((probability == 1.0 and deviation == 0.0 and release == 64)
                    or (type(probability) in _NUMBER and 0.0 <= probability <= 1.0
                        and type(deviation) in _NUMBER and -127.0 <= deviation <= 127.0
                        and type(release) in _NUMBER and 0.0 <= release <= 127.0)):
                return
        self._check()

    def _check(self) -> None:
        check_pitch(self.pitch)
        object.__setattr__(self, "start_beats", check_beats(self.start_beats, "start_beats"))
        object.__setattr__(self, "duration_beats",
                           check_duration(self.duration_beats, "duration_beats"))
        velocity = check_real_range("velocity", self.velocity, 0, 127)
        if type(self.velocity) is not int:
            object.__setattr__(self, "velocity", velocity)
        if not isinstance(self.mute, bool):
            hint = (" (the MIDI channel is keyword-only: Note(pitch, start_beats, "
                    "duration_beats, velocity, channel=...))"
                    if isinstance(self.mute, int) else "")
            raise ValidationError(f"mute must be True or False, got {self.mute!r}{hint}",
                                  field="mute", value=self.mute)
        check_channel(self.channel)
        for name, low, high in (("probability", 0.0, 1.0), ("velocity_deviation", -127.0, 127.0),
                                ("release_velocity", 0.0, 127.0)):
            value = getattr(self, name)
            checked = check_real_range(name, value, low, high)
            if type(value) is not int:
                object.__setattr__(self, name, checked)
        if self.note_id is not None:
            check_int_range("note_id", self.note_id, 0, 2**31 - 1)

    @property
    def is_extended(self) -> bool:
        """True when a Live 12 field differs from its default (AbletonOSC cannot carry it)."""
        return (self.probability != 1.0 or self.velocity_deviation != 0.0
                or self.release_velocity != 64)

    @property
    def end_beats(self) -> float:
        """Where the note ends: ``start_beats + duration_beats``."""
        return self.start_beats + self.duration_beats

    def shifted(self, beats: float) -> Note:
        """The same note ``beats`` later."""
        return Note(self.pitch, self.start_beats + beats, self.duration_beats, self.velocity,
                    self.mute, self.probability, self.velocity_deviation,
                    self.release_velocity, channel=self.channel)

    # -- deprecated names (before 0.2) -------------------------------------------------------

    @property
    def start(self) -> float:
        """Deprecated: ``start_beats``."""
        _deprecated("start", "start_beats")
        return self.start_beats

    @property
    def duration(self) -> float:
        """Deprecated: ``duration_beats``."""
        _deprecated("duration", "duration_beats")
        return self.duration_beats

    @property
    def beat(self) -> float:
        """Deprecated (the old ``livectl.midi.Note``): ``start_beats``."""
        _deprecated("beat", "start_beats")
        return self.start_beats


def _deprecated(old: str, new: str) -> None:
    warnings.warn(f"Note.{old} is deprecated; use Note.{new}", DeprecationWarning, stacklevel=3)


def velocity_byte(velocity: float) -> int:
    """A note's velocity as a MIDI data byte (Live keeps fractional velocities); a velocity
    above 0 stays above 0 (a note-on with velocity 0 is a note-off)."""
    byte = check_int_range("velocity", round(velocity), 0, 127)
    return 1 if byte == 0 and velocity > 0 else byte
