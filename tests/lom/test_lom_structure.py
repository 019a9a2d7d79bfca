"""The set's structure: default set, vectors, create/delete/duplicate, undo/redo, errors."""

from __future__ import annotations

import pytest

from livectl.emulator.lom import LiveEngine, MidiNoteSpecification


def test_default_set_is_live_12s(engine: LiveEngine) -> None:
    song = engine.song
    assert [t.name for t in song.tracks] == ["1-MIDI", "2-MIDI", "3-Audio", "4-Audio"]
    assert [t.name for t in song.return_tracks] == ["A-Reverb", "B-Delay"]
    assert song.master_track.name == "Main"
    assert len(song.scenes) == 8 and all(len(t.clip_slots) == 8 for t in song.tracks)
    assert (song.tempo, song.signature_numerator, song.signature_denominator) == (120.0, 4, 4)
    assert song.clip_trigger_quantization == 4 and not song.metronome
    assert (song.loop_start, song.loop_length) == (0.0, 16.0)
    mixer = song.tracks[0].mixer_device
    assert (mixer.volume.value, mixer.panning.value) == (0.85, 0.0)
    assert [s.value for s in mixer.sends] == [0.0, 0.0]
    assert all(len(t.devices) == 0 for t in song.tracks)
    assert song.tracks[0].has_midi_input and song.tracks[0].has_midi_output
    assert not song.tracks[0].has_audio_output and song.tracks[2].has_audio_input
    assert engine.application.get_major_version() == 12


def test_vectors_index_like_live(engine: LiveEngine) -> None:
    song = engine.song
    assert song.tracks[-1].name == "4-Audio"
    with pytest.raises(IndexError, match=r"^Index out of range$"):
        song.tracks[4]
    with pytest.raises(IndexError, match=r"^Index out of range$"):
        song.tracks[0].clip_slots[8]
    with pytest.raises(IndexError, match=r"^Index out of range$"):
        song.scenes[-9]
    with pytest.raises(TypeError):
        song.tracks[1.5]  # type: ignore[call-overload]
    assert song.tracks.index(song.tracks[2]) == 2
    with pytest.raises(ValueError):
        song.tracks.index(song.master_track)


def test_empty_slot_clip_is_none(engine: LiveEngine) -> None:
    slot = engine.song.tracks[0].clip_slots[0]
    assert slot.clip is None and not slot.has_clip
    with pytest.raises(AttributeError, match="'NoneType' object has no attribute 'name'"):
        _ = slot.clip.name  # type: ignore[union-attr]


def test_create_clip_defaults_and_errors(engine: LiveEngine) -> None:
    slot = engine.song.tracks[0].clip_slots[0]
    clip = slot.create_clip(4)
    assert (clip.name, clip.length, clip.looping, clip.loop_start, clip.loop_end) == (
        "", 4.0, True, 0.0, 4.0)
    assert isinstance(clip.length, float)
    with pytest.raises(RuntimeError):
        slot.create_clip(4.0)  # occupied
    with pytest.raises(RuntimeError):
        engine.song.tracks[2].clip_slots[0].create_clip(4.0)  # audio track
    with pytest.raises(RuntimeError):
        engine.song.tracks[1].clip_slots[0].create_clip(0.0)
    with pytest.raises(TypeError):
        engine.song.tracks[1].clip_slots[0].create_clip("4")  # type: ignore[arg-type]


def test_properties_that_do_not_apply_raise_runtime_error(engine: LiveEngine) -> None:
    song = engine.song
    clip = song.tracks[0].clip_slots[0].create_clip(4.0)
    for name in ("gain", "warping", "file_path", "pitch_coarse", "sample_length", "ram_mode",
                 "gain_display_string", "warp_mode", "pitch_fine"):
        with pytest.raises(RuntimeError):
            getattr(clip, name)
    with pytest.raises(RuntimeError):
        _ = song.tracks[0].fold_state
    group = engine.create_group_track(0, 1)
    with pytest.raises(RuntimeError):
        _ = group.arm
    with pytest.raises(RuntimeError):
        group.arm = True
    assert group.is_foldable and not group.can_be_armed
    assert song.tracks[1].is_grouped and song.tracks[1].group_track is group
    group.fold_state = True
    assert not song.tracks[1].is_visible
    with pytest.raises(RuntimeError):
        group.clip_slots[0].create_clip(4.0)


def test_setting_values_live_refuses(engine: LiveEngine) -> None:
    song = engine.song
    with pytest.raises(RuntimeError):
        song.tempo = 1000.0
    with pytest.raises(RuntimeError):
        song.tempo = 19.9
    with pytest.raises(TypeError):
        song.tempo = "fast"
    with pytest.raises(AttributeError):
        song.can_undo = True  # type: ignore[misc]
    with pytest.raises(RuntimeError):
        song.clip_trigger_quantization = 14
    clip = song.tracks[0].clip_slots[0].create_clip(4.0)
    with pytest.raises(RuntimeError):
        clip.loop_end = 0.0
    with pytest.raises(RuntimeError):
        clip.color_index = 70
    assert song.tempo == 120.0 and clip.loop_end == 4.0


def test_create_tracks_and_scenes(engine: LiveEngine) -> None:
    song = engine.song
    song.create_midi_track(-1)
    assert len(song.tracks) == 5 and song.tracks[4].name == "5-MIDI"
    song.create_audio_track(0)
    assert song.tracks[0].has_audio_input and len(song.tracks) == 6
    with pytest.raises(IndexError):
        song.create_midi_track(99)
    scene = song.create_scene(2)
    assert song.scenes[2] is scene and len(song.scenes) == 9
    assert all(len(t.clip_slots) == 9 for t in song.tracks)


def test_scene_insert_keeps_playing_slot_pointing_at_the_same_clip(engine: LiveEngine) -> None:
    song = engine.song
    clip = song.tracks[0].clip_slots[3].create_clip(4.0)
    clip.fire()
    song.create_scene(0)
    assert song.tracks[0].playing_slot_index == 4
    assert song.tracks[0].clip_slots[4].clip is clip


def test_duplicate_scene_inserts_copy_after(engine: LiveEngine) -> None:
    song = engine.song
    song.scenes[1].name = "Verse"
    clip = song.tracks[0].clip_slots[1].create_clip(2.0)
    clip.name = "riff"
    clip.add_new_notes([MidiNoteSpecification(60, 0.0, 1.0)])
    song.duplicate_scene(1)
    assert len(song.scenes) == 9 and song.scenes[2].name == "Verse"
    copy = song.tracks[0].clip_slots[2].clip
    assert copy is not None and copy is not clip and copy.name == "riff"
    assert [n.pitch for n in copy.get_all_notes_extended()] == [60]


def test_duplicate_and_delete_track(engine: LiveEngine) -> None:
    song = engine.song
    song.tracks[0].clip_slots[0].create_clip(4.0).name = "x"
    song.duplicate_track(0)
    assert song.tracks[1].name == "1-MIDI" and song.tracks[1].clip_slots[0].clip.name == "x"  # type: ignore[union-attr]
    song.delete_track(1)
    assert [t.name for t in song.tracks] == ["1-MIDI", "2-MIDI", "3-Audio", "4-Audio"]
    for _ in range(3):
        song.delete_track(0)
    with pytest.raises(RuntimeError):
        song.delete_track(0)  # Live keeps at least one track


def test_undo_redo_is_lifo(engine: LiveEngine) -> None:
    song = engine.song
    assert not song.can_undo
    song.create_scene(-1)
    song.create_midi_track(-1)
    slot = song.tracks[0].clip_slots[0]
    slot.create_clip(4.0)
    assert song.can_undo and (len(song.scenes), len(song.tracks)) == (9, 5)
    song.undo()
    assert not slot.has_clip and len(song.tracks) == 5
    song.undo()
    assert len(song.tracks) == 4 and len(song.scenes) == 9
    song.undo()
    assert len(song.scenes) == 8 and not song.can_undo and song.can_redo
    song.redo()
    assert len(song.scenes) == 9
    song.redo()
    assert len(song.tracks) == 5
    song.redo()
    assert slot.has_clip and not song.can_redo
    song.undo()
    song.delete_scene(0)  # a new edit drops the redo branch
    assert not song.can_redo


def test_undo_delete_scene_restores_its_clips(engine: LiveEngine) -> None:
    song = engine.song
    clip = song.tracks[1].clip_slots[3].create_clip(4.0)
    song.delete_scene(3)
    assert len(song.scenes) == 7
    song.undo()
    assert song.tracks[1].clip_slots[3].clip is clip


def test_return_tracks_add_sends_everywhere(engine: LiveEngine) -> None:
    song = engine.song
    track = song.create_return_track()
    assert track.name == "C-Return"
    assert all(len(t.mixer_device.sends) == 3 for t in song.tracks)
    song.tracks[0].mixer_device.sends[2].value = 0.5
    song.delete_return_track(0)
    assert [s.value for s in song.tracks[0].mixer_device.sends] == [0.0, 0.5]


def test_cue_points(engine: LiveEngine) -> None:
    song = engine.song
    song.current_song_time = 8.0
    song.set_or_delete_cue()
    song.current_song_time = 4.0
    song.set_or_delete_cue()
    assert [c.time for c in song.cue_points] == [4.0, 8.0]
    song.current_song_time = 0.0
    song.jump_to_next_cue()
    assert song.current_song_time == 4.0
    song.cue_points[1].jump()
    assert song.current_song_time == 8.0
    song.jump_to_prev_cue()
    assert song.current_song_time == 4.0
    song.set_or_delete_cue()  # one is there: delete it
    assert [c.time for c in song.cue_points] == [8.0]
    song.cue_points[0].name = "Drop"
    assert song.cue_points[0].name == "Drop"


def test_view_selection(engine: LiveEngine) -> None:
    song = engine.song
    view = song.view
    assert view.selected_track is song.tracks[0] and view.selected_scene is song.scenes[0]
    selected: list[object] = []
    view.add_selected_track_listener(lambda: selected.append(view.selected_track))
    view.selected_track = song.tracks[2]
    view.selected_track = song.tracks[2]
    assert selected == [song.tracks[2]]
    view.selected_scene = song.scenes[4]
    assert view.highlighted_clip_slot is song.tracks[2].clip_slots[4]
    device = engine.add_device(1, "Operator", "Operator", 1)
    view.select_device(device)
    assert song.tracks[1].view.selected_device is device and view.selected_track is song.tracks[1]
    assert song.appointed_device is device


def test_scene_tempo_and_signature(engine: LiveEngine) -> None:
    scene = engine.song.scenes[0]
    assert scene.tempo == -1.0 and not scene.tempo_enabled and scene.is_empty
    scene.tempo = 95.0
    assert scene.tempo == 95.0 and scene.tempo_enabled
    scene.tempo_enabled = False
    assert scene.tempo == -1.0
    engine.song.tracks[0].clip_slots[0].create_clip(1.0)
    assert not scene.is_empty


def test_tap_tempo_uses_the_clock(engine: LiveEngine, clock: object) -> None:
    from lom_helpers import VirtualClock

    assert isinstance(clock, VirtualClock)
    for step in range(4):
        clock.now = step * 0.5
        engine.song.tap_tempo()
    assert engine.song.tempo == pytest.approx(120.0)
    for step in range(4):
        clock.now = 10.0 + step * 0.4
        engine.song.tap_tempo()
    assert engine.song.tempo == pytest.approx(150.0)
