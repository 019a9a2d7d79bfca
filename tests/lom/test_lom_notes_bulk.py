"""Big note writes in pages: stored as plain records, sorted in at the next read, checked and
converted exactly as one note at a time, all or nothing per call."""

from __future__ import annotations

import gc
import math
import random

import pytest

from livectl.emulator.lom import Clip, LiveEngine, MidiNote, MidiNoteSpecification

ALL = (0, 128, -1e9, 2e9)


@pytest.fixture
def clip(engine: LiveEngine) -> Clip:
    return engine.song.tracks[0].clip_slots[0].create_clip(4.0)


def key(note: MidiNote) -> tuple[int, float, int]:
    return (note.pitch, note.start_time, note.note_id)


def test_pages_in_any_order_read_back_sorted_between_and_after_writes(clip: Clip) -> None:
    rng = random.Random(5)
    specs = [MidiNoteSpecification(rng.randrange(128), rng.randrange(64) / 4, 0.25,
                                   float(rng.randrange(1, 128))) for _ in range(3000)]
    ids: list[int] = []
    for start in range(0, len(specs), 369):
        ids += clip.add_new_notes(specs[start : start + 369])
        if start == 369 * 3:  # a read between pages sorts in what came so far
            assert len(clip.get_all_notes_extended()) == 369 * 4
    notes = clip.get_all_notes_extended()
    assert [key(n) for n in notes] == sorted(key(n) for n in notes)
    assert sorted(n.note_id for n in notes) == ids == list(range(ids[0], ids[0] + 3000))
    by_id = {n.note_id: n for n in notes}
    for note_id, spec in zip(ids, specs, strict=True):
        note = by_id[note_id]
        assert (note.pitch, note.start_time, note.duration, note.velocity) == (
            spec.pitch, spec.start_time, spec.duration, spec.velocity)
    pitch = notes[100].pitch
    assert clip.get_notes_extended(pitch, 1, -1e9, 2e9) == tuple(
        n for n in notes if n.pitch == pitch)


def test_a_bad_note_deep_in_a_big_page_adds_nothing_and_uses_no_id(clip: Clip) -> None:
    (before,) = clip.add_new_notes([MidiNoteSpecification(1, 0.0, 1.0)])
    page = [MidiNoteSpecification(60, i / 8, 0.125) for i in range(500)]
    page[417].velocity = 128.0  # a spec's fields can be set after it was made
    with pytest.raises(RuntimeError, match=r"Invalid velocity 128\.0"):
        clip.add_new_notes(page)
    assert len(clip.get_all_notes_extended()) == 1
    page[417].velocity = 127.0
    ids = clip.add_new_notes(page)
    assert ids[0] == before + 1 and len(clip.get_all_notes_extended()) == 501


@pytest.mark.parametrize(("field", "value", "stored"), [
    ("velocity", 100, 100.0), ("start_time", 2, 2.0), ("probability", 1, 1.0),
    ("mute", 1, True), ("release_velocity", True, 1.0),
])
def test_spec_fields_set_afterwards_are_converted_as_one_note_at_a_time(
        clip: Clip, field: str, value: object, stored: object) -> None:
    spec = MidiNoteSpecification(60, 0.0, 1.0)
    setattr(spec, field, value)
    clip.add_new_notes([MidiNoteSpecification(61, 0.0, 1.0)] * 600 + [spec])
    (note,) = clip.get_notes_extended(60, 1, -1e9, 2e9)
    got = getattr(note, field)
    assert got == stored and type(got) is type(stored)


@pytest.mark.parametrize(("spec", "error", "text"), [
    (lambda: MidiNoteSpecification(60, math.nan, 1.0), ValueError, "start_time must be finite"),
    (lambda: MidiNoteSpecification(60, 0.0, math.inf), ValueError, "duration must be finite"),
    (lambda: MidiNoteSpecification(60, 0.0, 1.0, "loud"), TypeError, "velocity must be a number"),
    (lambda: MidiNoteSpecification(True, 0.0, 1.0), TypeError, "pitch must be an int"),
    (lambda: MidiNoteSpecification(60, 0.0, 1.0, probability=-math.inf), ValueError,
     "probability must be finite"),
])
def test_specification_refusals_are_unchanged(spec: object, error: type, text: str) -> None:
    with pytest.raises(error, match=text):
        spec()  # type: ignore[operator]


def test_specification_converts_ints_and_keeps_finite_floats() -> None:
    spec = MidiNoteSpecification(60, 1, 2, 100, 0, 1, 0, 64)
    assert (spec.start_time, spec.duration, spec.velocity, spec.probability) == (1.0, 2.0, 100.0, 1.0)
    assert all(type(v) is float for v in (spec.start_time, spec.duration, spec.velocity,
                                          spec.probability, spec.velocity_deviation,
                                          spec.release_velocity))
    assert spec.mute is False


def test_stored_notes_leave_the_garbage_collectors_lists(clip: Clip) -> None:
    """10,000 stored notes cost a full collection nothing: they are not tracked objects."""
    clip.add_new_notes([MidiNoteSpecification(i % 128, i / 4, 0.25) for i in range(10_000)])
    assert len(clip.get_all_notes_extended()) == 10_000
    gc.collect()
    tracked = sum(1 for o in gc.get_objects() if type(o) is MidiNote)
    assert tracked < 100


def test_removals_and_modifications_keep_the_order(clip: Clip) -> None:
    ids = clip.add_new_notes([MidiNoteSpecification(p, t / 2, 0.5) for p in (60, 62, 64)
                              for t in range(40)])
    clip.remove_notes_extended(62, 1, 0.0, 10.0)  # a few: deleted in place
    assert len(clip.get_all_notes_extended()) == 100
    clip.remove_notes_extended(60, 1, -1e9, 2e9)  # many: the list rebuilt
    assert {n.pitch for n in clip.get_all_notes_extended()} == {62, 64}
    notes = list(clip.get_notes_extended(64, 1, -1e9, 2e9))
    notes[0].pitch = 10
    clip.apply_note_modifications(notes)
    after = clip.get_all_notes_extended()
    assert after[0].pitch == 10 and after[0].note_id == notes[0].note_id
    assert [key(n) for n in after] == sorted(key(n) for n in after)
    clip.remove_notes_by_id([ids[-1]])
    assert ids[-1] not in {n.note_id for n in clip.get_all_notes_extended()}
