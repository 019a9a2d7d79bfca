"""Arrangement clips and take lanes against Live's semantics, on a virtual clock."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest
from lom_helpers import Recorder, VirtualClock

from livectl.emulator.lom import LiveEngine

BEAT_S = 0.5  # at the default 120 BPM


def _wav(path: Path, seconds: float = 2.0, rate: int = 44100) -> str:
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(b"\0\0" * int(seconds * rate))
    return str(path)


def _play_to(engine: LiveEngine, clock: VirtualClock, beat: float) -> None:
    song = engine.song
    clock.advance((beat - song.current_song_time) * BEAT_S)
    engine.advance()


def test_create_midi_clip_reports_its_place(engine: LiveEngine) -> None:
    track = engine.song.tracks[0]
    clip = track.create_midi_clip(8, 4)
    assert (clip.start_time, clip.end_time, clip.length) == (8.0, 12.0, 4.0)
    assert clip.is_arrangement_clip and not clip.is_session_clip and not clip.is_take_lane_clip
    assert clip.canonical_parent is track and clip.is_midi_clip
    assert list(track.arrangement_clips) == [clip]
    assert engine.song.song_length >= 12.0


def test_end_time_is_fixed_at_placement(engine: LiveEngine) -> None:
    clip = engine.song.tracks[0].create_midi_clip(8, 4)
    ends = Recorder(lambda: clip.end_time)
    clip.add_end_time_listener(ends)
    clip.loop_end = 2.0
    clip.end_marker = 2.0
    assert clip.end_time == 12.0 and ends.values == []  # Live 12.4: the block stays
    with pytest.raises(AttributeError):
        clip.end_time = 3.0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("track_index", "args", "error", "text"),
    [
        (2, (0.0, 4.0), RuntimeError, "MIDI clips can only be created on MIDI tracks"),
        (0, (-1.0, 4.0), RuntimeError, "start_time must be in range 0..1576800"),
        (0, (1576801.0, 4.0), RuntimeError, "start_time must be in range 0..1576800"),
        (0, (0.0, 0.0), RuntimeError, "Invalid clip length"),
        (0, (0.0, float("nan")), RuntimeError, "Invalid clip length"),
        (0, ("0", 4.0), TypeError, "start_time must be a number"),
    ],
)
def test_create_midi_clip_refusals(
    engine: LiveEngine, track_index: int, args: tuple[object, object], error: type, text: str
) -> None:
    track = engine.song.tracks[track_index]
    with pytest.raises(error, match=text):
        track.create_midi_clip(*args)  # type: ignore[arg-type]
    assert list(track.arrangement_clips) == []


def test_create_audio_clip_and_live_s_refusals(engine: LiveEngine, tmp_path: Path) -> None:
    song = engine.song
    path = _wav(tmp_path / "two_seconds.wav")
    clip = song.tracks[2].create_audio_clip(path, 16.0)
    assert clip.is_audio_clip and clip.file_path == path and clip.warping
    assert (clip.start_time, clip.length, clip.end_time) == (16.0, 4.0, 20.0)  # 2 s at 120 BPM
    with pytest.raises(RuntimeError, match=r"^Audio clips can only be created on audio tracks$"):
        song.tracks[0].create_audio_clip(path, 0.0)
    with pytest.raises(ValueError, match=r"^Please provide an absolute path$"):
        song.tracks[2].create_audio_clip("two_seconds.wav", 0.0)
    with pytest.raises(ValueError, match=r"^The provided path does not appear to point to a valid"):
        song.tracks[2].create_audio_clip(str(tmp_path / "missing.wav"), 0.0)
    (tmp_path / "junk.wav").write_bytes(b"not a wave file")
    with pytest.raises(ValueError, match="valid audio file"):
        song.tracks[2].create_audio_clip(str(tmp_path / "junk.wav"), 0.0)
    assert len(song.tracks[2].arrangement_clips) == 1


def test_listeners_fire_once_per_change(engine: LiveEngine) -> None:
    track = engine.song.tracks[0]
    calls = Recorder(lambda: len(track.arrangement_clips))
    track.add_arrangement_clips_listener(calls)
    first = track.create_midi_clip(0, 4)
    track.create_midi_clip(8, 4)
    track.delete_clip(first)
    assert calls.values == [1, 2, 1]


def test_duplicate_clip_to_arrangement_copies_notes_and_settings(engine: LiveEngine) -> None:
    from livectl.emulator.lom import MidiNoteSpecification

    track = engine.song.tracks[0]
    source = track.clip_slots[0].create_clip(4.0)
    source.name = "Riff"
    source.add_new_notes([MidiNoteSpecification(60, 0.0, 1.0, 90, probability=0.5)])
    copy = track.duplicate_clip_to_arrangement(source, 32.0)
    assert copy.is_arrangement_clip and copy is not source and copy.name == "Riff"
    assert (copy.start_time, copy.end_time, copy.length) == (32.0, 36.0, 4.0)
    (note,) = copy.get_all_notes_extended()
    assert (note.pitch, note.velocity, note.probability) == (60, 90.0, 0.5)
    assert list(track.arrangement_clips) == [copy]
    again = engine.song.tracks[1].duplicate_clip_to_arrangement(copy, 0.0)  # arrangement source
    assert again.start_time == 0.0 and again.end_time == 4.0
    with pytest.raises(RuntimeError):
        engine.song.tracks[2].duplicate_clip_to_arrangement(source, 0.0)  # audio track
    with pytest.raises(TypeError):
        track.duplicate_clip_to_arrangement(track.clip_slots[0], 0.0)  # type: ignore[arg-type]


def test_a_new_clip_makes_room_as_in_live(engine: LiveEngine) -> None:
    track = engine.song.tracks[0]
    long = track.create_midi_clip(0, 16)
    inner = track.create_midi_clip(4, 4)  # falls inside: the long clip is split
    spans = [(c.start_time, c.end_time) for c in track.arrangement_clips]
    assert spans == [(0.0, 4.0), (4.0, 8.0), (8.0, 16.0)]
    assert track.arrangement_clips[0] is long and track.arrangement_clips[1] is inner
    track.create_midi_clip(2, 8)  # covers inner, trims the head and the tail around it
    assert [(c.start_time, c.end_time) for c in track.arrangement_clips] == [
        (0.0, 2.0), (2.0, 10.0), (10.0, 16.0)]


def test_delete_clip_refuses_another_track_s_clip(engine: LiveEngine) -> None:
    clip = engine.song.tracks[0].create_midi_clip(0, 4)
    with pytest.raises(RuntimeError, match="does not belong to this track"):
        engine.song.tracks[1].delete_clip(clip)
    engine.song.tracks[0].delete_clip(clip)
    assert list(engine.song.tracks[0].arrangement_clips) == []


def test_arrangement_clip_plays_when_song_time_passes_it(
    engine: LiveEngine, clock: VirtualClock
) -> None:
    song = engine.song
    clip = song.tracks[0].create_midi_clip(8, 4)
    seen: list[tuple[int, float]] = []
    clip.add_playing_status_listener(lambda: seen.append((clip.playing_status,
                                                           song.current_song_time)))
    song.start_playing()
    _play_to(engine, clock, 6.0)
    assert not clip.is_playing and clip.playing_status == 0
    _play_to(engine, clock, 9.5)
    assert clip.is_playing and clip.playing_status == 1
    assert clip.playing_position == pytest.approx(1.5)
    # one late advance across the end: the stop still happens at beat 12 exactly
    _play_to(engine, clock, 20.0)
    assert seen == [(1, 8.0), (0, 12.0)]
    assert not clip.is_playing and clip.playing_position == 0.0


def test_a_late_advance_across_a_whole_clip_still_starts_and_stops_it(
    engine: LiveEngine, clock: VirtualClock
) -> None:
    song = engine.song
    clip = song.tracks[0].create_midi_clip(2, 1)
    seen: list[tuple[int, float]] = []
    clip.add_playing_status_listener(lambda: seen.append((clip.playing_status,
                                                           song.current_song_time)))
    song.start_playing()
    _play_to(engine, clock, 10.0)
    assert seen == [(1, 2.0), (0, 3.0)]


def test_looping_arrangement_clip_position_wraps(engine: LiveEngine, clock: VirtualClock) -> None:
    song = engine.song
    clip = song.tracks[0].create_midi_clip(0, 8)
    clip.loop_end = 2.0  # the block stays 0..8; the loop repeats inside it
    song.start_playing()
    _play_to(engine, clock, 5.0)
    assert clip.is_playing and clip.playing_position == pytest.approx(1.0)


def test_session_clip_overrides_the_track_until_back_to_arranger(
    engine: LiveEngine, clock: VirtualClock
) -> None:
    song = engine.song
    track = song.tracks[0]
    arranged = track.create_midi_clip(0, 64)
    session = track.clip_slots[0].create_clip(4.0)
    flags = Recorder(lambda: (track.back_to_arranger, song.back_to_arranger))
    track.add_back_to_arranger_listener(flags)
    song.start_playing()
    _play_to(engine, clock, 1.0)
    assert arranged.is_playing and not track.back_to_arranger
    track.clip_slots[0].fire()
    _play_to(engine, clock, 4.5)  # launched on the bar
    assert session.is_playing and not arranged.is_playing
    assert track.back_to_arranger and song.back_to_arranger
    track.stop_all_clips(False)
    _play_to(engine, clock, 6.0)
    assert not session.is_playing and not arranged.is_playing  # still away from the arrangement
    track.back_to_arranger = True  # Live lets only False be set: no effect
    assert not arranged.is_playing
    track.back_to_arranger = False
    assert arranged.is_playing and not track.back_to_arranger and not song.back_to_arranger
    assert arranged.playing_position == pytest.approx(6.0)
    assert flags.values == [(True, True), (False, False)]


def test_song_back_to_arranger_stops_session_clips_everywhere(
    engine: LiveEngine, clock: VirtualClock
) -> None:
    song = engine.song
    arranged = [song.tracks[i].create_midi_clip(0, 16) for i in (0, 1)]
    clips = [song.tracks[i].clip_slots[0].create_clip(4.0) for i in (0, 1)]
    song.scenes[0].fire()
    assert all(c.is_playing for c in clips) and not any(a.is_playing for a in arranged)
    _play_to(engine, clock, 2.0)
    song.back_to_arranger = False
    assert not any(c.is_playing for c in clips) and all(a.is_playing for a in arranged)
    assert [t.playing_slot_index for t in song.tracks[:2]] == [-1, -1]


def test_stopping_the_transport_stops_arrangement_clips(
    engine: LiveEngine, clock: VirtualClock
) -> None:
    song = engine.song
    clip = song.tracks[0].create_midi_clip(0, 8)
    song.start_playing()
    _play_to(engine, clock, 2.0)
    assert clip.is_playing
    song.stop_playing()
    assert not clip.is_playing and clip.playing_status == 0
    song.current_song_time = 4.0
    song.continue_playing()
    assert clip.is_playing and clip.playing_position == pytest.approx(4.0)


def test_muted_arrangement_clip_does_not_play(engine: LiveEngine, clock: VirtualClock) -> None:
    song = engine.song
    clip = song.tracks[0].create_midi_clip(0, 8)
    clip.muted = True
    song.start_playing()
    _play_to(engine, clock, 1.0)
    assert not clip.is_playing


def test_arrangement_clip_cannot_be_fired(engine: LiveEngine) -> None:
    clip = engine.song.tracks[0].create_midi_clip(0, 4)
    with pytest.raises(RuntimeError):
        clip.fire()


def test_take_lanes(engine: LiveEngine, clock: VirtualClock, tmp_path: Path) -> None:
    song = engine.song
    track = song.tracks[0]
    lanes = Recorder(lambda: len(track.take_lanes))
    track.add_take_lanes_listener(lanes)
    lane = track.create_take_lane()
    assert lanes.values == [1] and list(track.take_lanes) == [lane]
    assert lane.canonical_parent is track and lane.name == "Take 1"
    names = Recorder(lambda: lane.name)
    lane.add_name_listener(names)
    lane.name = "Vocals A"
    lane.name = "Vocals A"
    assert names.values == ["Vocals A"]
    clip = lane.create_midi_clip(4.0, 4.0)
    assert clip.is_take_lane_clip and clip.is_arrangement_clip and not clip.is_session_clip
    assert list(lane.arrangement_clips) == [clip] and list(track.arrangement_clips) == []
    song.start_playing()
    _play_to(engine, clock, 5.0)
    assert not clip.is_playing  # take lanes do not play by themselves
    comp = track.duplicate_clip_to_arrangement(clip, 4.0)  # the comping route
    _play_to(engine, clock, 6.0)
    assert comp.is_playing and not comp.is_take_lane_clip
    track.delete_clip(clip)
    assert list(lane.arrangement_clips) == []
    audio_lane = song.tracks[2].create_take_lane()
    audio = audio_lane.create_audio_clip(_wav(tmp_path / "take.wav", 1.0), 32.0)
    assert audio.is_take_lane_clip and audio.start_time == 32.0 and audio.end_time == 34.0
    with pytest.raises(RuntimeError):
        audio_lane.create_midi_clip(0.0, 4.0)
    with pytest.raises(RuntimeError):
        song.return_tracks[0].create_take_lane()


def test_snapshot_keeps_arrangement_and_take_lanes(engine: LiveEngine, clock: VirtualClock) -> None:
    song = engine.song
    track = song.tracks[0]
    track.create_midi_clip(0, 16)
    track.create_midi_clip(4, 4)
    track.create_take_lane().create_midi_clip(8.0, 2.0)
    copy = LiveEngine(clock=clock)
    copy.load_dict(engine.to_dict())
    loaded = copy.song.tracks[0]
    assert [(c.start_time, c.end_time) for c in loaded.arrangement_clips] == [
        (c.start_time, c.end_time) for c in track.arrangement_clips]
    assert [(c.start_time, c.end_time, c.is_take_lane_clip)
            for c in loaded.take_lanes[0].arrangement_clips] == [(8.0, 10.0, True)]
    copy.song.start_playing()
    clock.advance(13 * BEAT_S)
    copy.advance()
    playing = [c for c in loaded.arrangement_clips if c.is_playing]
    # the split clip's tail resumes the original clip's time: 13 - 8 + 8 = 13 -> looped 0..16
    assert len(playing) == 1 and playing[0].playing_position == pytest.approx(13.0)


def test_deleting_the_track_that_left_the_arrangement_clears_the_song_flag(
    engine: LiveEngine, clock: VirtualClock
) -> None:
    song = engine.song
    song.tracks[1].clip_slots[0].create_clip(4.0).fire()
    assert song.back_to_arranger
    song.delete_track(1)
    _play_to(engine, clock, 1.0)
    assert not song.back_to_arranger
