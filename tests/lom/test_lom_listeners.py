"""Listeners as Live has them: add/remove/has per observable property, fired on change only."""

from __future__ import annotations

import pytest
from lom_helpers import Recorder

from livectl.emulator.lom import LiveEngine


def test_tempo_listener_fires_only_on_real_change(engine: LiveEngine) -> None:
    song = engine.song
    rec = Recorder(lambda: song.tempo)
    song.add_tempo_listener(rec)
    assert song.tempo_has_listener(rec)
    song.tempo = 120.0  # unchanged: silent
    song.tempo = 128
    song.tempo = 128.0  # unchanged again
    song.tempo = 90.5
    assert rec.values == [128.0, 90.5]
    song.remove_tempo_listener(rec)
    assert not song.tempo_has_listener(rec)
    song.tempo = 100.0
    assert rec.values == [128.0, 90.5]


def test_listener_runs_synchronously_in_the_setter(engine: LiveEngine) -> None:
    track = engine.song.tracks[0]
    seen: list[str] = []
    track.add_name_listener(lambda: seen.append(track.name))
    track.name = "Bass"
    assert seen == ["Bass"]  # already there when the setter returns


def test_bool_property_accepts_ints_and_fires_once(engine: LiveEngine) -> None:
    track = engine.song.tracks[1]
    rec = Recorder(lambda: track.mute)
    track.add_mute_listener(rec)
    track.mute = 1
    track.mute = True
    track.mute = 0
    assert rec.values == [True, False]


def test_double_add_and_stray_remove_raise(engine: LiveEngine) -> None:
    song = engine.song

    def cb() -> None:
        pass

    song.add_metronome_listener(cb)
    with pytest.raises(RuntimeError):
        song.add_metronome_listener(cb)
    song.remove_metronome_listener(cb)
    with pytest.raises(RuntimeError):
        song.remove_metronome_listener(cb)


@pytest.mark.parametrize(
    ("path", "prop"),
    [
        ("song", "can_undo"),
        ("song", "can_redo"),
        ("track", "fold_state"),
        ("track", "is_foldable"),
        ("track", "can_be_armed"),
        ("clip", "length"),
        ("clip", "is_playing"),
        ("clip", "is_midi_clip"),
        ("clip", "is_audio_clip"),
        ("clip", "has_groove"),
        ("slot", "is_group_slot"),
        ("slot", "is_playing"),
        ("slot", "will_record_on_start"),
        ("device", "class_name"),
        ("device", "type"),
    ],
)
def test_non_observable_properties_have_no_listener_methods(
    engine: LiveEngine, path: str, prop: str
) -> None:
    song = engine.song
    slot = song.tracks[0].clip_slots[0]
    slot.create_clip(4.0)
    device = engine.add_device(0, "Operator", "Operator", 1)
    obj = {"song": song, "track": song.tracks[0], "clip": slot.clip, "slot": slot,
           "device": device}[path]
    try:
        getattr(obj, prop)  # the property itself exists ...
    except RuntimeError:
        assert prop == "fold_state"  # ... or does not apply (fold_state on a non-group track)
    with pytest.raises(AttributeError, match=f"add_{prop}_listener"):
        getattr(obj, f"add_{prop}_listener")


def test_has_clip_fires_on_create_and_delete(engine: LiveEngine) -> None:
    slot = engine.song.tracks[0].clip_slots[2]
    rec = Recorder(lambda: slot.has_clip)
    slot.add_has_clip_listener(rec)
    slot.create_clip(2.0)
    slot.delete_clip()
    assert rec.values == [True, False]


def test_deleted_clip_goes_silent(engine: LiveEngine) -> None:
    slot = engine.song.tracks[0].clip_slots[0]
    clip = slot.create_clip(4.0)
    rec = Recorder(lambda: clip.name)
    clip.add_name_listener(rec)
    clip.name = "a"
    slot.delete_clip()
    clip.name = "b"  # a dead object: Live no longer notifies
    assert rec.values == ["a"]


def test_color_snaps_to_palette_and_notifies_color_and_index(engine: LiveEngine) -> None:
    clip = engine.song.tracks[0].clip_slots[0].create_clip(4.0)
    colors = Recorder(lambda: clip.color)
    clip.add_color_listener(colors)
    clip.color = 0x1AFF2F
    assert (clip.color, clip.color_index) == (0x1AFF2F, 5)
    clip.color = 0x1A2F97  # off-palette: nearest entry is index 64
    assert (clip.color, clip.color_index) == (0x1A2F96, 64)
    clip.color = 0x1A2F96  # same palette colour again: no change, no call
    assert colors.values == [0x1AFF2F, 0x1A2F96]


def test_a_failing_listener_does_not_break_the_change(engine: LiveEngine) -> None:
    song = engine.song

    def broken() -> None:
        raise ValueError("boom")

    rec = Recorder(lambda: song.tempo)
    song.add_tempo_listener(broken)
    song.add_tempo_listener(rec)
    song.tempo = 140.0
    assert song.tempo == 140.0
    assert rec.values == [140.0]


def test_listener_may_remove_itself_while_called(engine: LiveEngine) -> None:
    song = engine.song
    calls: list[int] = []

    def once() -> None:
        calls.append(1)
        song.remove_loop_listener(once)

    song.add_loop_listener(once)
    song.loop = True
    song.loop = False
    assert calls == [1]


def test_changes_from_inside_a_listener_are_refused_as_in_live(engine: LiveEngine) -> None:
    song = engine.song
    errors: list[str] = []

    def meddle() -> None:
        for change in (lambda: setattr(song, "metronome", True),
                       lambda: song.create_scene(-1),
                       lambda: song.tracks[0].clip_slots[0].create_clip(4.0),
                       lambda: song.tracks[0].clip_slots[1].fire()):
            try:
                change()
            except RuntimeError as exc:
                errors.append(str(exc))

    song.add_tempo_listener(meddle)
    song.tempo = 100.0
    assert errors == ["Changes cannot be triggered by notifications. You will need to defer "
                      "your response."] * 4
    assert not song.metronome and len(song.scenes) == 8 and not song.is_playing
    # deferring with schedule_message is the way out, as in Live
    song.remove_tempo_listener(meddle)
    song.add_tempo_listener(lambda: engine.schedule_message(1, lambda: setattr(song, "metronome", True)))
    song.tempo = 110.0
    engine.tick()
    assert song.metronome
