"""livectl's one Note: the same class everywhere, units in its field names, old names migrated."""

from __future__ import annotations

import dataclasses

import pytest

import livectl
import livectl.compose
import livectl.midi
import livectl.model
from livectl.errors import ValidationError
from livectl.midi import NoteOn
from livectl.midi.play import sequence_notes
from livectl.model.note import decode_notes, note_args, note_from_args
from livectl.note import Note, velocity_byte


def test_every_layer_exports_the_same_class() -> None:
    assert livectl.Note is livectl.model.Note is livectl.compose.Note is livectl.midi.Note is Note


def test_positional_order_is_pitch_start_duration_velocity_mute() -> None:
    n = Note(60, 0, 1, 100)
    assert (n.pitch, n.start_beats, n.duration_beats, n.velocity, n.mute) == (60, 0.0, 1.0, 100,
                                                                               False)
    assert type(n.start_beats) is float and type(n.duration_beats) is float
    assert Note(60, 0, 1) == Note(60, 0.0, 1.0, 100, False)
    muted = Note(60, 0.5, 0.25, 90, True)
    assert muted.mute is True and muted.end_beats == 0.75
    assert (n.channel, n.probability, n.velocity_deviation, n.release_velocity, n.note_id) == (
        1, 1.0, 0.0, 64, None)


def test_live_12_fields_and_channel() -> None:
    n = Note(62, 1, 1, 100, False, 0.5, -10, 30, channel=10)
    assert (n.probability, n.velocity_deviation, n.release_velocity, n.channel) == (0.5, -10.0,
                                                                                   30, 10)
    assert n.is_extended and not Note(62, 1, 1).is_extended
    assert n.shifted(2) == Note(62, 3, 1, 100, False, 0.5, -10, 30, channel=10)
    # note_id is what Live says, not part of the note's value
    assert Note(60, 0, 1, note_id=7) == Note(60, 0, 1)
    with pytest.raises(TypeError):
        Note(60, 0, 1, 100, False, 1.0, 0.0, 64, None, 2)  # type: ignore[misc]


@pytest.mark.parametrize(("make", "message"), [
    (lambda: Note(128, 0, 1), "pitch must be in range 0..127, got 128"),
    (lambda: Note(60, float("nan"), 1), "start_beats must be a finite number of beats"),
    (lambda: Note(60, 0, 0), "duration_beats must be > 0 beats, got 0"),
    (lambda: Note(60, 0, 1, 128), "velocity must be in range 0..127, got 128"),
    (lambda: Note(60, 0, 1, 100, "yes"), "mute must be True or False, got 'yes'"),
    (lambda: Note(60, 0, 1, 100, 2), r"mute must be True or False, got 2 \(the MIDI channel is "
                                     r"keyword-only"),
    (lambda: Note(60, 0, 1, channel=17), "channel must be in range 1..16, got 17"),
    (lambda: Note(60, 0, 1, probability=1.5), "probability must be in range 0.0..1.0, got 1.5"),
    (lambda: Note(60, 0, 1, velocity_deviation=-128),
     "velocity_deviation must be in range -127.0..127.0, got -128"),
    (lambda: Note(60, 0, 1, release_velocity=200), "release_velocity must be in range"),
    (lambda: Note(60, 0, 1, note_id=-1), "note_id must be in range 0..2147483647, got -1"),
])
def test_bad_values_are_refused_naming_field_range_and_value(make, message) -> None:
    with pytest.raises(ValidationError, match=message):
        make()


def test_old_attribute_names_still_read_with_a_deprecation_warning() -> None:
    n = Note(60, 1.5, 0.5)
    with pytest.warns(DeprecationWarning, match="Note.start is deprecated; use Note.start_beats"):
        assert n.start == 1.5
    with pytest.warns(DeprecationWarning, match="use Note.duration_beats"):
        assert n.duration == 0.5
    with pytest.warns(DeprecationWarning, match="use Note.start_beats"):
        assert n.beat == 1.5


def test_frozen_and_replaceable_with_checks() -> None:
    n = Note(60, 0, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        n.pitch = 61  # type: ignore[misc]
    assert dataclasses.replace(n, velocity=64.5).velocity == 64.5
    with pytest.raises(ValidationError, match="velocity"):
        dataclasses.replace(n, velocity=-1)


def test_velocity_bytes_for_midi_keep_a_sounding_note_sounding() -> None:
    assert [velocity_byte(v) for v in (0, 0.2, 64.5, 100, 127)] == [0, 1, 64, 100, 127]


def test_the_wire_format_stays_in_the_client() -> None:
    n = Note(60, 0.5, 1, 64.5, True, channel=3)
    assert note_args(n) == (60, 0.5, 1.0, 64.5, True)
    assert note_from_args((60, 0.5, 1.0, 100.0, False)) == Note(60, 0.5, 1, 100)
    assert decode_notes([60, 0.0, 1.0, 100, 0, 62, 1.0, 1.0, 90, 1]) == [
        Note(60, 0, 1, 100), Note(62, 1, 1, 90, True)]


def test_midi_play_takes_the_note_and_rounds_fractional_velocities() -> None:
    seq = sequence_notes([Note(60, 0, 1, 99.6, channel=2), Note(62, 1, 1, 100, True)])
    ons = [e.item for e in seq.events if isinstance(e.item, NoteOn)]
    assert ons == [NoteOn(60, 100, 2)]
