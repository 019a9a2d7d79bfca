from __future__ import annotations

import pytest

from livectl.compose import Note, Tune, notes_from_pitches
from livectl.errors import RangeError, ValidationError


def test_note_checks_every_field() -> None:
    with pytest.raises(RangeError, match=r"pitch must be in range 0..127, got 128"):
        Note(128, 0, 1)
    with pytest.raises(RangeError, match="velocity"):
        Note(60, 0, 1, velocity=200)
    with pytest.raises(RangeError, match=r"channel must be in range 1..16"):
        Note(60, 0, 1, channel=0)
    with pytest.raises(ValidationError, match="duration_beats must be > 0"):
        Note(60, 0, 0)
    with pytest.raises(ValidationError, match="start_beats"):
        Note(60, float("nan"), 1)


def test_note_is_a_frozen_value() -> None:
    n = Note(60, 1, 0.5)
    assert n.end_beats == 1.5
    assert n.shifted(2) == Note(60, 3, 0.5)
    with pytest.raises(AttributeError):
        n.pitch = 61  # type: ignore[misc]


def test_tune_from_notes_keeps_top_note_and_folds_rests() -> None:
    notes = [Note(60, 0, 1), Note(64, 0, 1), Note(62, 1, 0.5), Note(65, 3, 1)]
    tune = Tune.from_notes(notes, tonic=0)
    assert tune.pitches == (64, 62, 65)
    # the rest after 62 (1.5..3) folds into its duration; the last keeps its own length
    assert tune.durations == (1.0, 2.0, 1.0)


def test_tune_round_trips_through_notes() -> None:
    tune = Tune((60, 62, 64), (1.0, 0.5, 2.0), tonic=0)
    notes = tune.to_notes(start_beats=4)
    assert [(n.pitch, n.start_beats, n.duration_beats) for n in notes] == [
        (60, 4.0, 1.0), (62, 5.0, 0.5), (64, 5.5, 2.0)]
    assert Tune.from_notes(notes, tonic=0) == tune


def test_tune_rejects_mismatched_streams() -> None:
    with pytest.raises(ValidationError, match="one duration per pitch"):
        Tune((60, 62), (1.0,))
    with pytest.raises(ValidationError, match="tonic must be a pitch class"):
        Tune((60,), (1.0,), tonic=12)


def test_transposed_moves_tonic() -> None:
    t = Tune((67, 71), (1.0, 1.0), tonic=7).transposed(-7)
    assert t.pitches == (60, 64) and t.tonic == 0


def test_notes_from_pitches_is_the_blogs_fixed_rhythm() -> None:
    notes = notes_from_pitches([60, 62], 0.5)
    assert [(n.start_beats, n.duration_beats) for n in notes] == [(0, 0.5), (0.5, 0.5)]


def test_fast_checks_still_refuse_what_the_full_checks_refuse() -> None:
    # Plain ints and floats in range take the quick path; anything else is checked in full.
    for bad in (True, 60.0, -1, 128):
        with pytest.raises((RangeError, ValidationError), match="pitch"):
            Note(bad, 0.0, 1.0)  # type: ignore[arg-type]
    for length in (0.0, -1.0, float("inf"), float("nan")):
        with pytest.raises(ValidationError, match="duration_beats"):
            Note(60, 0.0, length)
    with pytest.raises(ValidationError, match="start_beats"):
        Note(60, float("-inf"), 1.0)
    assert Note(60, 1, 2).start_beats == 1.0 and type(Note(60, 1, 2).duration_beats) is float
    for pitches in ((60, 128), (60, True), (60, 61.0)):
        with pytest.raises((RangeError, ValidationError), match="pitch"):
            Tune(pitches, (1.0, 1.0))  # type: ignore[arg-type]
    for durations in ((1.0, 0), (1.0, float("nan")), (1.0, float("inf")), (1.0, "1")):
        with pytest.raises(ValidationError, match="durations"):
            Tune((60, 62), durations)  # type: ignore[arg-type]


def test_transposed_checks_only_the_new_range() -> None:
    tune = Tune((60, 72, 64), (1.0, 0.5, 2.0), tonic=0, title="t", meter=(3, 4))
    up = tune.transposed(5)
    assert up == Tune((65, 77, 69), (1.0, 0.5, 2.0), tonic=5, title="t", meter=(3, 4))
    assert tune.transposed(-60).pitches == (0, 12, 4)
    with pytest.raises(RangeError, match=r"transposed pitch must be in range 0..127, got 128"):
        tune.transposed(56)
    with pytest.raises(RangeError, match=r"transposed pitch must be in range 0..127, got -1"):
        tune.transposed(-61)
