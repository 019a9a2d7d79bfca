"""Live 12's extended note API: per-note fields, stable ids, modifications, duplication."""

from __future__ import annotations

import pytest

from livectl.emulator.lom import Clip, LiveEngine, MidiNote, MidiNoteSpecification

ALL = (0, 128, -8192.0, 16384.0)


@pytest.fixture
def clip(engine: LiveEngine) -> Clip:
    return engine.song.tracks[0].clip_slots[0].create_clip(4.0)


def test_extended_fields_round_trip(clip: Clip) -> None:
    (note_id,) = clip.add_new_notes([MidiNoteSpecification(
        60, 0.5, 0.25, 90.0, True, probability=0.25, velocity_deviation=-20.0,
        release_velocity=10.0)])
    (note,) = clip.get_notes_by_id([note_id])
    assert (note.note_id, note.pitch, note.start_time, note.duration, note.velocity) == (
        note_id, 60, 0.5, 0.25, 90.0)
    assert (note.mute, note.probability, note.velocity_deviation, note.release_velocity) == (
        True, 0.25, -20.0, 10.0)
    assert clip.get_all_notes_extended() == clip.get_notes_extended(*ALL) == (note,)


def test_note_ids_are_stable_and_never_reused(clip: Clip) -> None:
    first = clip.add_new_notes([MidiNoteSpecification(60, 0.0, 1.0),
                                MidiNoteSpecification(64, 1.0, 1.0)])
    clip.remove_notes_by_id([first[1]])
    (later,) = clip.add_new_notes([MidiNoteSpecification(64, 1.0, 1.0)])
    assert later not in first
    notes = clip.get_all_notes_extended()
    notes[0].start_time = 3.0
    clip.apply_note_modifications(notes)
    assert {n.note_id for n in clip.get_all_notes_extended()} == {first[0], later}


def test_note_id_is_read_only_and_setters_check_types(clip: Clip) -> None:
    clip.add_new_notes([MidiNoteSpecification(60, 0.0, 1.0)])
    (note,) = clip.get_all_notes_extended()
    with pytest.raises(AttributeError, match="property 'note_id' of 'MidiNote' object has no setter"):
        note.note_id = 99  # type: ignore[misc]
    with pytest.raises(TypeError):
        note.pitch = 60.5  # type: ignore[assignment]
    with pytest.raises(TypeError):
        note.velocity = "loud"  # type: ignore[assignment]
    note.velocity = 64  # an int is fine for a float field, as with Boost
    assert note.velocity == 64.0 and isinstance(note.velocity, float)


@pytest.mark.parametrize(
    ("field", "value", "text"),
    [
        ("pitch", 128, "pitch"),
        ("duration", 0.0, "duration"),
        ("velocity", 127.5, "velocity"),
        ("probability", 1.5, "probability"),
        ("velocity_deviation", -128.0, "velocity_deviation"),
        ("release_velocity", 200.0, "release_velocity"),
    ],
)
def test_apply_note_modifications_checks_ranges_all_or_nothing(
    clip: Clip, field: str, value: float, text: str
) -> None:
    clip.add_new_notes([MidiNoteSpecification(60, 0.0, 1.0), MidiNoteSpecification(62, 1.0, 1.0)])
    notes = clip.get_all_notes_extended()
    notes[0].velocity = 10.0  # a good change next to the bad one
    setattr(notes[1], field, value)
    with pytest.raises(RuntimeError, match=text):
        clip.apply_note_modifications(notes)
    assert [n.velocity for n in clip.get_all_notes_extended()] == [100.0, 100.0]


@pytest.mark.parametrize(
    "kwargs",
    [{"probability": -0.1}, {"velocity_deviation": 127.5}, {"release_velocity": -1.0}],
)
def test_add_new_notes_checks_extended_ranges(clip: Clip, kwargs: dict[str, float]) -> None:
    with pytest.raises(RuntimeError):
        clip.add_new_notes([MidiNoteSpecification(60, 0.0, 1.0, **kwargs)])
    assert clip.get_all_notes_extended() == ()


def test_apply_note_modifications_unknown_id_and_listener_only_on_change(clip: Clip) -> None:
    clip.add_new_notes([MidiNoteSpecification(60, 0.0, 1.0)])
    calls: list[int] = []
    clip.add_notes_listener(lambda: calls.append(1))
    clip.apply_note_modifications(clip.get_all_notes_extended())  # unchanged
    assert calls == []
    notes = clip.get_all_notes_extended()
    notes[0].probability = 0.5
    clip.apply_note_modifications(notes)
    assert calls == [1] and clip.get_all_notes_extended()[0].probability == 0.5
    other = LiveEngine().song.tracks[0].clip_slots[0].create_clip(4.0)
    other.add_new_notes([MidiNoteSpecification(61, 0.0, 1.0)] * 5)
    with pytest.raises(RuntimeError, match="not in the clip"):
        clip.apply_note_modifications(other.get_all_notes_extended())
    with pytest.raises(TypeError):
        clip.apply_note_modifications([(60, 0.0, 1.0, 100.0, False)])  # type: ignore[list-item]


def test_duplicate_notes_by_id(clip: Clip) -> None:
    ids = clip.add_new_notes([MidiNoteSpecification(60, 1.0, 0.5, probability=0.5),
                              MidiNoteSpecification(64, 1.5, 1.0)])
    new = clip.duplicate_notes_by_id(ids)  # default: right after the last one ends (2.5)
    assert len(new) == 2 and not set(new) & set(ids)
    copies = clip.get_notes_by_id(new)
    assert sorted((n.pitch, n.start_time, n.probability) for n in copies) == [
        (60, 2.5, 0.5), (64, 3.0, 1.0)]
    moved = clip.duplicate_notes_by_id([ids[0]], 8.0, 12)
    (copy,) = clip.get_notes_by_id(moved)
    assert (copy.pitch, copy.start_time) == (72, 8.0)


def test_duplicate_region_with_pitch_and_transposition(clip: Clip) -> None:
    clip.add_new_notes([MidiNoteSpecification(60, 0.0, 1.0), MidiNoteSpecification(62, 0.5, 1.0),
                        MidiNoteSpecification(60, 3.0, 1.0)])
    clip.duplicate_region(0.0, 2.0, 4.0, 60, 7)
    assert [(n.pitch, n.start_time) for n in clip.get_notes_extended(67, 1, 0.0, 16.0)] == [
        (67, 4.0)]
    clip.duplicate_region(0.0, 1.0, 8.0)
    assert [(n.pitch, n.start_time) for n in clip.get_notes_extended(0, 128, 8.0, 1.0)] == [
        (60, 8.0), (62, 8.5)]
    with pytest.raises(RuntimeError):
        clip.duplicate_region(0.0, 1.0, 8.0, 200)


def test_quantize_moves_starts_toward_the_grid(clip: Clip) -> None:
    clip.add_new_notes([MidiNoteSpecification(60, 0.3, 0.25), MidiNoteSpecification(62, 1.1, 0.25)])
    clip.quantize_pitch(62, 8, 1.0)  # sixteenths, full strength, pitch 62 only
    assert [n.start_time for n in clip.get_all_notes_extended()] == pytest.approx([0.3, 1.0])
    clip.quantize(6, 0.5)  # quarters, half way
    assert [n.start_time for n in clip.get_all_notes_extended()] == pytest.approx([0.15, 1.0])
    with pytest.raises(RuntimeError):
        clip.quantize(6, 2.0)


def test_extended_notes_survive_copies_and_snapshots(engine: LiveEngine, clip: Clip) -> None:
    clip.add_new_notes([MidiNoteSpecification(60, 0.0, 1.0, 80, probability=0.3,
                                              velocity_deviation=5.0, release_velocity=30.0)])
    track = engine.song.tracks[0]
    track.clip_slots[0].duplicate_clip_to(track.clip_slots[1])
    arranged = track.duplicate_clip_to_arrangement(clip, 16.0)
    restored = LiveEngine()
    restored.load_dict(engine.to_dict())
    for copy in (track.clip_slots[1].clip, arranged, restored.song.tracks[0].clip_slots[0].clip,
                 restored.song.tracks[0].arrangement_clips[0]):
        assert copy is not None
        (note,) = copy.get_all_notes_extended()
        assert (note.probability, note.velocity_deviation, note.release_velocity) == (
            0.3, 5.0, 30.0)


def test_midi_note_copies_are_independent(clip: Clip) -> None:
    clip.add_new_notes([MidiNoteSpecification(60, 0.0, 1.0)])
    first = clip.get_all_notes_extended()[0]
    first.mute = True
    assert clip.get_all_notes_extended()[0].mute is False
    assert isinstance(first, MidiNote) and first != clip.get_all_notes_extended()[0]
