"""Live's clock: transport time, quantized launches and stops, recording (spec §11)."""

from __future__ import annotations

import pytest
from lom_helpers import Recorder, VirtualClock

from livectl.emulator.lom import ClipLaunchQuantization, LiveEngine, Quantization


def midi_clip(engine: LiveEngine, track: int, slot: int, length: float = 4.0):  # type: ignore[no-untyped-def]
    return engine.song.tracks[track].clip_slots[slot].create_clip(length)


def test_song_time_follows_clock_and_tempo(engine: LiveEngine, clock: VirtualClock) -> None:
    song = engine.song
    song.start_playing()
    clock.now = 1.0
    engine.advance()
    assert song.current_song_time == pytest.approx(2.0)  # 120 BPM: 2 beats per second
    song.tempo = 60.0  # the beats so far count at 120
    clock.now = 2.0
    engine.advance()
    assert song.current_song_time == pytest.approx(3.0)


def test_stop_freezes_position_continue_resumes_start_restarts(
    engine: LiveEngine, clock: VirtualClock
) -> None:
    song = engine.song
    song.start_playing()
    clock.now = 1.5
    song.stop_playing()
    assert (song.is_playing, song.current_song_time) == (False, pytest.approx(3.0))
    clock.now = 10.0
    engine.advance()
    assert song.current_song_time == pytest.approx(3.0)
    song.continue_playing()
    clock.now = 10.5
    engine.advance()
    assert song.current_song_time == pytest.approx(4.0)
    song.stop_playing()
    song.start_playing()
    assert song.current_song_time == 0.0


def test_fire_while_stopped_starts_transport_and_clip_at_once(engine: LiveEngine) -> None:
    clip = midi_clip(engine, 0, 0)
    track = engine.song.tracks[0]
    clip.fire()
    assert engine.song.is_playing
    assert clip.is_playing and not clip.is_triggered
    assert track.playing_slot_index == 0


def test_launch_waits_for_the_next_bar_exactly(engine: LiveEngine, clock: VirtualClock) -> None:
    song = engine.song
    first = midi_clip(engine, 0, 0)
    second = midi_clip(engine, 0, 1)
    track = song.tracks[0]
    first.fire()  # transport starts at t=0
    clock.now = 0.3
    second.fire()  # 1 Bar at 120 BPM: the launch is at t = 2.0 s (beat 4)
    slot = track.clip_slots[1]
    assert second.is_triggered and slot.is_triggered and track.fired_slot_index == 1
    assert not second.is_playing and track.playing_slot_index == 0
    assert engine.next_deadline() == pytest.approx(2.0)
    clock.now = 1.999
    engine.advance()
    assert not second.is_playing and slot.is_triggered
    clock.now = 2.0
    engine.advance()
    assert second.is_playing and not slot.is_triggered and track.fired_slot_index == -1
    assert not first.is_playing
    assert second.start_time == pytest.approx(4.0)
    assert second.playing_position == pytest.approx(0.0)


def test_late_advance_still_launches_on_the_boundary(engine: LiveEngine, clock: VirtualClock) -> None:
    first = midi_clip(engine, 0, 0, 8.0)
    second = midi_clip(engine, 0, 1, 8.0)
    first.fire()
    clock.now = 0.5
    second.fire()
    clock.now = 2.75  # advanced 0.75 s after the boundary at 2.0 s
    engine.advance()
    assert second.is_playing
    assert second.start_time == pytest.approx(4.0)
    assert second.playing_position == pytest.approx(1.5)  # 0.75 s * 2 beats/s


def test_sixteenth_quantization_launches_within_125_ms(engine: LiveEngine, clock: VirtualClock) -> None:
    song = engine.song
    song.clip_trigger_quantization = int(Quantization.q_sixtenth)
    clip = midi_clip(engine, 1, 0)
    song.start_playing()
    clock.now = 0.01
    clip.fire()
    assert clip.is_triggered
    assert engine.next_deadline() == pytest.approx(0.125)
    clock.now = 0.125
    engine.advance()
    assert clip.is_playing and clip.start_time == pytest.approx(0.25)


def test_clip_launch_quantization_overrides_global(engine: LiveEngine, clock: VirtualClock) -> None:
    clip = midi_clip(engine, 0, 0)
    clip.launch_quantization = int(ClipLaunchQuantization.q_quarter)
    engine.song.start_playing()
    clock.now = 0.1
    clip.fire()
    clock.now = 0.49
    engine.advance()
    assert not clip.is_playing
    clock.now = 0.5
    engine.advance()
    assert clip.is_playing and clip.start_time == pytest.approx(1.0)


def test_playing_slot_index_goes_old_to_new_without_minus_one(
    engine: LiveEngine, clock: VirtualClock
) -> None:
    track = engine.song.tracks[0]
    a, b = midi_clip(engine, 0, 0), midi_clip(engine, 0, 3)
    rec = Recorder(lambda: track.playing_slot_index)
    fired = Recorder(lambda: track.fired_slot_index)
    track.add_playing_slot_index_listener(rec)
    track.add_fired_slot_index_listener(fired)
    a.fire()
    clock.now = 1.0
    b.fire()
    clock.now = 3.0
    engine.advance()
    assert rec.values == [0, 3]
    assert fired.values == [3, -1]


def test_looping_clip_wraps_playing_position(engine: LiveEngine, clock: VirtualClock) -> None:
    clip = midi_clip(engine, 0, 0, 4.0)
    positions = Recorder(lambda: clip.playing_position)
    clip.add_playing_position_listener(positions)
    clip.fire()
    for step in range(1, 6):
        clock.now = step * 0.5
        engine.advance()
    assert positions.values == pytest.approx([1.0, 2.0, 3.0, 0.0, 1.0])
    assert clip.is_playing


def test_non_looping_clip_stops_at_its_end(engine: LiveEngine, clock: VirtualClock) -> None:
    clip = midi_clip(engine, 0, 0, 2.0)
    clip.looping = False
    track = engine.song.tracks[0]
    clip.fire()
    assert engine.next_deadline() == pytest.approx(1.0)
    clock.now = 5.0
    engine.advance()
    assert not clip.is_playing and track.playing_slot_index == -1
    assert engine.song.is_playing  # the transport runs on


def test_stop_is_quantized_with_fired_slot_minus_two(engine: LiveEngine, clock: VirtualClock) -> None:
    clip = midi_clip(engine, 0, 0)
    track = engine.song.tracks[0]
    clip.fire()
    clock.now = 0.5
    track.stop_all_clips()
    assert track.fired_slot_index == -2 and clip.is_playing
    clock.now = 2.0
    engine.advance()
    assert not clip.is_playing
    assert (track.playing_slot_index, track.fired_slot_index) == (-1, -1)


def test_stop_button_of_an_empty_slot_stops_the_track(engine: LiveEngine, clock: VirtualClock) -> None:
    clip = midi_clip(engine, 0, 0)
    track = engine.song.tracks[0]
    clip.fire()
    clock.now = 0.2
    track.clip_slots[5].fire()  # empty, unarmed, has a stop button
    assert track.fired_slot_index == -2
    clock.now = 2.0
    engine.advance()
    assert not clip.is_playing


def test_stop_all_clips_when_stopped_is_immediate(engine: LiveEngine, clock: VirtualClock) -> None:
    song = engine.song
    clip = midi_clip(engine, 0, 0)
    clip.fire()
    clock.now = 1.0
    song.stop_playing()
    song.stop_all_clips()
    assert not clip.is_playing and not song.is_playing
    assert song.tracks[0].playing_slot_index == -1


def test_stop_playing_then_start_resumes_the_clips_that_played(
    engine: LiveEngine, clock: VirtualClock
) -> None:
    clip = midi_clip(engine, 0, 0)
    clip.fire()
    clock.now = 1.0
    engine.song.stop_playing()
    assert not clip.is_playing
    engine.song.start_playing()
    assert clip.is_playing and clip.playing_position == 0.0


def test_song_time_listener_fires_while_playing(engine: LiveEngine, clock: VirtualClock) -> None:
    song = engine.song
    rec = Recorder(lambda: song.current_song_time)
    song.add_current_song_time_listener(rec)
    song.start_playing()
    for step in range(1, 4):
        clock.now = step * 0.1
        engine.advance()
    engine.advance()  # same time again: nothing new
    assert rec.values == pytest.approx([0.2, 0.4, 0.6])


def test_scene_fire_launches_row_and_applies_scene_tempo(engine: LiveEngine, clock: VirtualClock) -> None:
    song = engine.song
    a = midi_clip(engine, 0, 2)
    b = midi_clip(engine, 1, 2)
    scene = song.scenes[2]
    scene.tempo = 100.0
    song.start_playing()
    clock.now = 0.5
    scene.fire()
    assert scene.is_triggered and a.is_triggered and b.is_triggered
    assert song.view.selected_scene is scene
    clock.now = 2.0
    engine.advance()
    assert a.is_playing and b.is_playing and not scene.is_triggered
    assert song.tempo == 100.0


def test_fire_on_armed_audio_track_records_an_audio_clip(engine: LiveEngine, clock: VirtualClock) -> None:
    song = engine.song
    track = song.tracks[2]
    track.arm = True
    slot = track.clip_slots[0]
    assert slot.will_record_on_start
    slot.fire()  # transport stopped: starts and records at once
    clip = slot.clip
    assert clip is not None and clip.is_audio_clip and clip.is_recording
    assert slot.playing_status == 2
    clock.now = 2.0
    engine.advance()
    assert clip.length == pytest.approx(4.0)
    song.stop_playing()
    assert slot.has_clip and not clip.is_recording and clip.length == pytest.approx(4.0)
    clip.gain = 0.5
    clip.pitch_coarse = 4
    clip.pitch_fine = 0.5
    clip.warping = False
    assert (clip.gain, clip.pitch_coarse, clip.pitch_fine, clip.warping) == (0.5, 4, 0.5, False)
    assert clip.sample_length == 88200 and clip.file_path.endswith(".wav")


def test_group_slot_fires_member_tracks(engine: LiveEngine) -> None:
    a = midi_clip(engine, 0, 0)
    b = midi_clip(engine, 1, 0)
    group = engine.create_group_track(0, 1, "Drums")
    group.clip_slots[0].fire()
    assert a.is_playing and b.is_playing
    assert group.clip_slots[0].is_playing and group.clip_slots[0].is_group_slot


def test_deleting_a_playing_clip_stops_the_track(engine: LiveEngine) -> None:
    clip = midi_clip(engine, 0, 0)
    track = engine.song.tracks[0]
    clip.fire()
    track.clip_slots[0].delete_clip()
    assert track.playing_slot_index == -1 and not clip.is_playing


def test_arrangement_loop_wraps_song_time(engine: LiveEngine, clock: VirtualClock) -> None:
    song = engine.song
    song.loop = True
    song.loop_start = 0.0
    song.loop_length = 4.0
    song.start_playing()
    clock.now = 2.5  # 5 beats: wraps once at beat 4
    engine.advance()
    assert song.current_song_time == pytest.approx(1.0)


def test_deleting_the_scene_of_a_pending_launch_cancels_it(engine: LiveEngine, clock: VirtualClock) -> None:
    song = engine.song
    playing = midi_clip(engine, 0, 0)
    waiting = midi_clip(engine, 0, 5)
    track = song.tracks[0]
    playing.fire()
    clock.now = 0.5
    waiting.fire()
    assert track.fired_slot_index == 5
    song.delete_scene(5)
    assert track.fired_slot_index == -1
    clock.now = 3.0
    engine.advance()  # nothing left to launch: the old clip plays on
    assert playing.is_playing and track.playing_slot_index == 0


def test_arrangement_clip_extends_song_length(engine: LiveEngine) -> None:
    song = engine.song
    assert song.song_length == 16.0
    clip = song.tracks[0].create_midi_clip(20.0, 8.0)
    assert clip.is_arrangement_clip and clip.start_time == 20.0
    assert [c.length for c in song.tracks[0].arrangement_clips] == [8.0]
    assert song.song_length == 28.0


def test_jumping_the_playhead_keeps_pending_launches_on_the_grid(
    engine: LiveEngine, clock: VirtualClock
) -> None:
    song = engine.song
    first, second = midi_clip(engine, 0, 0), midi_clip(engine, 0, 1)
    first.fire()
    clock.now = 0.5  # beat 1: the launch waits for beat 4
    second.fire()
    song.current_song_time = 9.0  # now the next bar starts at beat 12
    clock.now = 1.9  # beat 9 + 2.8 = 11.8
    engine.advance()
    assert not second.is_playing
    clock.now = 2.0
    engine.advance()
    assert second.is_playing and second.start_time == pytest.approx(12.0)


def test_gate_clip_stops_on_release_toggle_on_second_press(engine: LiveEngine, clock: VirtualClock) -> None:
    gate = midi_clip(engine, 0, 0)
    gate.launch_mode = 1
    gate.set_fire_button_state(True)
    assert gate.is_playing
    gate.set_fire_button_state(False)  # released: stops on the next bar
    clock.now = 2.0
    engine.advance()
    assert not gate.is_playing
    toggle = midi_clip(engine, 1, 0)
    toggle.launch_mode = 2
    toggle.fire()
    assert toggle.is_playing
    clock.now = 2.5
    toggle.fire()  # second press stops
    clock.now = 4.0
    engine.advance()
    assert not toggle.is_playing


def test_launch_due_on_the_loop_end_happens_at_the_loop_start(
    engine: LiveEngine, clock: VirtualClock
) -> None:
    song = engine.song
    song.loop = True
    song.loop_length = 4.0
    first, second = midi_clip(engine, 0, 0), midi_clip(engine, 0, 1)
    first.fire()
    clock.now = 0.5
    second.fire()  # due at beat 4 = the loop end
    clock.now = 2.5  # 5 beats in: wrapped at 4, now at 1
    engine.advance()
    assert song.current_song_time == pytest.approx(1.0)
    assert second.is_playing and second.start_time == 0.0
    assert second.playing_position == pytest.approx(1.0)
    clock.now = 6.5  # 13 beats: wraps every 4 beats
    engine.advance()
    assert song.current_song_time == pytest.approx(1.0)
