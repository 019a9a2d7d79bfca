"""Clip notes: Live 12's MidiNoteSpecification, half-open ranges, (pitch, start) order."""

from __future__ import annotations

import random
import time

import pytest

from livectl.emulator.lom import Clip, LiveEngine, MidiNote, MidiNoteSpecification

ALL = (0, 127, -8192.0, 16384.0)  # AbletonOSC's default query range


def five(notes: tuple[MidiNote, ...]) -> list[tuple[int, float, float, float, bool]]:
    return [(n.pitch, n.start_time, n.duration, n.velocity, n.mute) for n in notes]


@pytest.fixture
def clip(engine: LiveEngine) -> Clip:
    return engine.song.tracks[0].clip_slots[0].create_clip(4.0)


def test_spec_argument_order_and_defaults_are_live_12s() -> None:
    spec = MidiNoteSpecification(60, 1.5, 0.25)
    assert (spec.pitch, spec.start_time, spec.duration) == (60, 1.5, 0.25)
    assert (spec.velocity, spec.mute, spec.probability) == (100.0, False, 1.0)
    assert (spec.velocity_deviation, spec.release_velocity) == (0.0, 64.0)
    by_name = MidiNoteSpecification(start_time=2.0, duration=1.0, pitch=64, velocity=90, mute=True)
    assert (by_name.pitch, by_name.start_time, by_name.mute) == (64, 2.0, True)


def test_abletonosc_test_sequence(clip: Clip) -> None:
    """The notes test of AbletonOSC's suite (protocol reference §8.2.1), step by step."""
    clip.add_new_notes((MidiNoteSpecification(60, 0.0, 0.25, 64),
                        MidiNoteSpecification(67, -0.25, 0.5, 32)))
    assert five(clip.get_notes_extended(*ALL)) == [(60, 0.0, 0.25, 64.0, False),
                                                   (67, -0.25, 0.5, 32.0, False)]
    clip.add_new_notes((MidiNoteSpecification(72, 0.0, 0.25, 64),
                        MidiNoteSpecification(60, 3.0, 0.25, 64)))
    assert five(clip.get_notes_extended(60, 11, 0.0, 2.0)) == [(60, 0.0, 0.25, 64.0, False)]
    clip.remove_notes_extended(60, 11, 0.0, 2.0)
    assert [(n.pitch, n.start_time) for n in clip.get_notes_extended(*ALL)] == [
        (60, 3.0), (67, -0.25), (72, 0.0)]
    clip.remove_notes_extended(*ALL)
    assert clip.get_notes_extended(*ALL) == ()


def test_velocity_comes_back_as_float(clip: Clip) -> None:
    clip.add_new_notes([MidiNoteSpecification(60, 0.0, 1.0, 64)])
    velocity = clip.get_notes_extended(*ALL)[0].velocity
    assert isinstance(velocity, float) and velocity == 64.0


def test_ranges_are_half_open_and_default_span_leaves_out_127(clip: Clip) -> None:
    clip.add_new_notes([MidiNoteSpecification(p, t, 0.5) for p in (0, 126, 127) for t in (0.0, 1.0)])
    assert {n.pitch for n in clip.get_notes_extended(*ALL)} == {0, 126}
    assert {n.pitch for n in clip.get_notes_extended(0, 128, -8192.0, 16384.0)} == {0, 126, 127}
    # start time: [from, from + span) -- a note at exactly the end is outside
    assert [n.start_time for n in clip.get_notes_extended(126, 1, 0.0, 1.0)] == [0.0]
    assert [n.start_time for n in clip.get_notes_extended(126, 1, 0.5, 1.0)] == [1.0]
    clip.remove_notes_extended(*ALL)
    assert [n.pitch for n in clip.get_all_notes_extended()] == [127, 127]


def test_notes_outside_clip_bounds_are_kept(clip: Clip) -> None:
    clip.add_new_notes([MidiNoteSpecification(60, -2.0, 1.0), MidiNoteSpecification(61, 9.0, 1.0)])
    assert [n.start_time for n in clip.get_notes_extended(*ALL)] == [-2.0, 9.0]


def test_ids_are_returned_and_remove_by_id_works(clip: Clip) -> None:
    ids = clip.add_new_notes([MidiNoteSpecification(60, 0.0, 1.0),
                              MidiNoteSpecification(62, 1.0, 1.0),
                              MidiNoteSpecification(64, 2.0, 1.0)])
    assert len(set(ids)) == 3
    assert [n.note_id for n in clip.get_notes_extended(*ALL)] == list(ids)
    clip.remove_notes_by_id([ids[1]])
    assert [n.pitch for n in clip.get_notes_extended(*ALL)] == [60, 64]
    assert [n.pitch for n in clip.get_notes_by_id([ids[2]])] == [64]


def test_apply_note_modifications_keeps_ids(clip: Clip) -> None:
    (note_id,) = clip.add_new_notes([MidiNoteSpecification(60, 0.0, 1.0, 100)])
    notes = clip.get_notes_extended(*ALL)
    notes[0].velocity = 20.0  # Live's pattern: edit the returned notes, then apply them
    notes[0].start_time = 2.0
    assert clip.get_notes_extended(*ALL)[0].velocity == 100.0  # not applied yet
    clip.apply_note_modifications(notes)
    (changed,) = clip.get_notes_extended(*ALL)
    assert (changed.note_id, changed.velocity, changed.start_time) == (note_id, 20.0, 2.0)


def test_notes_listener_fires_on_add_and_remove_only_when_something_changed(clip: Clip) -> None:
    calls: list[int] = []
    clip.add_notes_listener(lambda: calls.append(1))
    clip.add_new_notes([MidiNoteSpecification(60, 0.0, 1.0)])
    clip.remove_notes_extended(70, 5, 0.0, 4.0)  # nothing there
    clip.remove_notes_extended(*ALL)
    assert calls == [1, 1]


@pytest.mark.parametrize(
    ("spec", "error"),
    [
        (lambda: MidiNoteSpecification(128, 0.0, 1.0), RuntimeError),
        (lambda: MidiNoteSpecification(-1, 0.0, 1.0), RuntimeError),
        (lambda: MidiNoteSpecification(60, 0.0, 0.0), RuntimeError),
        (lambda: MidiNoteSpecification(60, 0.0, 1.0, 128.0), RuntimeError),
    ],
)
def test_bad_notes_are_refused_and_nothing_is_added(clip: Clip, spec: object, error: type) -> None:
    good = MidiNoteSpecification(60, 0.0, 1.0)
    with pytest.raises(error):
        clip.add_new_notes([good, spec()])  # type: ignore[operator]
    assert clip.get_all_notes_extended() == ()


def test_wrong_types_raise_type_error(clip: Clip) -> None:
    with pytest.raises(TypeError):
        MidiNoteSpecification(60.5, 0.0, 1.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        clip.add_new_notes([(60, 0.0, 1.0, 100, False)])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        clip.get_notes_extended(0.0, 127, 0.0, 4.0)  # type: ignore[arg-type]


def test_duplicate_loop_doubles_loop_and_copies_notes(clip: Clip) -> None:
    clip.add_new_notes([MidiNoteSpecification(60, 0.0, 1.0), MidiNoteSpecification(62, 3.5, 0.5)])
    clip.duplicate_loop()
    assert (clip.loop_end, clip.length, clip.end_marker) == (8.0, 8.0, 8.0)
    assert [(n.pitch, n.start_time) for n in clip.get_notes_extended(*ALL)] == [
        (60, 0.0), (60, 4.0), (62, 3.5), (62, 7.5)]


def test_audio_clip_has_no_notes_api(engine: LiveEngine, clock: object) -> None:
    song = engine.song
    song.tracks[2].arm = True
    song.tracks[2].clip_slots[0].fire()
    clip = song.tracks[2].clip_slots[0].clip
    assert clip is not None and clip.is_audio_clip
    with pytest.raises(RuntimeError):
        clip.get_notes_extended(*ALL)


def test_ten_thousand_notes_add_and_query_fast(clip: Clip) -> None:
    rng = random.Random(7)
    specs = [MidiNoteSpecification(rng.randrange(128), rng.uniform(-4, 64), 0.25, rng.randrange(1, 128))
             for _ in range(10_000)]
    started = time.perf_counter()
    clip.add_new_notes(specs)
    notes = clip.get_notes_extended(0, 128, -8192.0, 16384.0)
    window = clip.get_notes_extended(60, 12, 8.0, 8.0)
    elapsed = time.perf_counter() - started
    assert len(notes) == 10_000
    keys = [(n.pitch, n.start_time) for n in notes]
    assert keys == sorted(keys)
    assert all(60 <= n.pitch < 72 and 8.0 <= n.start_time < 16.0 for n in window)
    expected = sum(1 for s in specs if 60 <= s.pitch < 72 and 8.0 <= s.start_time < 16.0)
    assert len(window) == expected
    assert elapsed < 2.0, f"10,000 notes took {elapsed:.2f} s"  # generous; bench has figures
