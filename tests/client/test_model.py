"""Every object of the typed model against the emulator over real UDP."""

from __future__ import annotations

import pytest

from livectl.client import Live
from livectl.emulator import Emulator
from livectl.errors import LiveError, NotFoundError, ValidationError
from livectl.model import Clip, CuePoint, Note, Track


def test_song_tempo_transport_and_settings(live: Live, emu: Emulator) -> None:
    song = live.song
    assert song.tempo == 120.0
    song.tempo = 140
    assert song.tempo == 140.0
    assert emu.engine.song.tempo == 140.0
    song.metronome = True
    assert song.metronome is True
    song.loop = True
    song.loop_start = 4.0
    song.loop_length = 8.0
    assert (song.loop, song.loop_start, song.loop_length) == (True, 4.0, 8.0)
    song.clip_trigger_quantization = 7
    assert song.clip_trigger_quantization == 7
    song.set_time_signature(3, 4)
    assert (song.signature_numerator, song.signature_denominator) == (3, 4)
    assert song.is_playing is False
    song.start_playing()
    assert song.is_playing is True
    song.stop_playing()
    assert song.is_playing is False
    song.continue_playing()
    assert song.is_playing is True
    song.stop_playing()
    assert song.get("groove_amount") == pytest.approx(emu.engine.song.groove_amount)


def test_song_structure_and_undo(live: Live) -> None:
    song = live.song
    n = len(song.tracks)
    new = song.create_midi_track()
    assert isinstance(new, Track) and new.index == (n,) and len(song.tracks) == n + 1
    new.name = "Bass"
    assert repr(new) == f"<Track {n} 'Bass'>"
    assert song.tracks["Bass"].index == (n,)
    copy = song.duplicate_track(n)
    assert copy.index == (n + 1,) and copy.name == "Bass"
    song.delete_track(n + 1)
    assert len(song.tracks) == n + 1
    scenes = len(song.scenes)
    scene = song.create_scene()
    assert scene.index == (scenes,) and len(song.scenes) == scenes + 1
    assert song.can_undo is True
    song.undo()
    assert len(song.scenes) == scenes
    song.redo()
    assert len(song.scenes) == scenes + 1
    dup = song.duplicate_scene(0)
    assert dup.index == (1,)
    song.delete_scene(1)
    assert len(song.scenes) == scenes + 1
    with pytest.raises(NotFoundError, match="no track named 'Nope'"):
        song.tracks["Nope"]


def test_cue_points(live: Live) -> None:
    song = live.song
    assert song.cue_points == []
    song.current_song_time = 8.0
    song.set_or_delete_cue()
    song.rename_cue(0, "Verse")
    assert song.cue_points == [CuePoint(0, "Verse", 8.0)]
    song.current_song_time = 0.0
    song.jump_to_cue("Verse")
    assert song.current_song_time == 8.0


def test_track_properties_sends_and_slots(live: Live) -> None:
    tracks = list(live.song.tracks)
    assert [repr(t) for t in tracks][:2] == ["<Track 0 '1-MIDI'>", "<Track 1 '2-MIDI'>"]
    t = live.song.tracks[1]
    t.mute = True
    t.solo = True
    t.arm = True
    t.volume = 0.5
    t.panning = -0.25
    t.color_index = 5
    assert (t.mute, t.solo, t.arm, t.volume, t.panning) == (True, True, True, 0.5, -0.25)
    assert t.color == 0x1AFF2F
    t.set_send(0, 0.75)
    assert t.get_send(0) == 0.75
    assert t.fired_slot_index == -1 and t.playing_slot_index == -1
    assert t.get("has_midi_input") is True
    assert len(t.clip_slots) == len(live.song.scenes)
    slot = t.clip_slots[2]
    assert repr(slot) == "<ClipSlot 1 2>" and slot.has_clip is False


def test_clip_slot_and_clip(live: Live, emu: Emulator) -> None:
    slot = live.song.tracks[0].clip_slots[0]
    clip = slot.create_clip(8)
    assert isinstance(clip, Clip) and slot.has_clip is True
    assert clip.length == 8.0 and clip.name == ""
    clip.name = "Intro"
    clip.looping = True
    clip.loop_start = 1.0
    clip.loop_end = 5.0
    clip.launch_mode = 2
    assert (clip.name, clip.looping, clip.loop_start, clip.loop_end, clip.launch_mode) == (
        "Intro", True, 1.0, 5.0, 2)
    assert repr(clip) == "<Clip 0 0 'Intro'>"
    clip.add_notes([Note(60, 0, 1), (67, -0.25, 0.5, 32), Note(127, 2, 1, 90, True)])
    assert clip.notes == [Note(60, 0.0, 1.0, 100), Note(67, -0.25, 0.5, 32),
                          Note(127, 2.0, 1.0, 90, True)]
    assert clip.get_notes(60, 1) == [Note(60, 0.0, 1.0, 100)]
    clip.remove_notes(60, 1)
    assert [n.pitch for n in clip.notes] == [67, 127]
    clip.set_notes([Note(72, 0, 2)])
    assert clip.notes == [Note(72, 0.0, 2.0)]
    clip.fire()
    assert live.song.tracks[0].playing_slot_index == 0
    assert clip.is_playing is True
    assert clip.playing_position >= 0.0
    clip.stop()
    live.song.stop_playing()
    slot.duplicate_clip_to(1, 3)
    assert live.song.tracks[1].clip_slots[3].clip.name == "Intro"
    slot.delete_clip()
    assert slot.has_clip is False
    with pytest.raises(LiveError, match="NoneType"):
        slot.clip.name  # noqa: B018 - reading it is the test
    with pytest.raises(LiveError, match="already has a clip"):
        live.song.tracks[1].clip_slots[3].create_clip(4)


def test_scenes(live: Live) -> None:
    scene = live.song.scenes[0]
    scene.name = "A"
    scene.color_index = 64
    assert (scene.name, scene.get("color")) == ("A", 0x1A2F96)
    assert repr(scene) == "<Scene 0 'A'>"
    assert live.song.scenes["A"].index == (0,)
    assert scene.is_empty is True
    live.song.tracks[0].clip_slots[0].create_clip(4)
    assert scene.is_empty is False
    scene.fire()
    assert live.song.tracks[0].playing_slot_index == 0
    live.song.stop_playing()


def test_devices_and_parameters(live: Live, emu: Emulator) -> None:
    emu.add_device(0, "Operator", "Operator", 1, [
        {"name": "Filter Freq", "value": 0.5, "min": 0.0, "max": 1.0},
        {"name": "Algorithm", "value": 3.0, "min": 0.0, "max": 10.0, "is_quantized": True},
    ])
    track = live.song.tracks[0]
    assert len(track.devices) == 1 and track.devices.names() == ("Operator",)
    dev = track.devices[0]
    assert (dev.name, dev.class_name, dev.type, repr(dev)) == (
        "Operator", "Operator", 1, "<Device 0 0>")
    assert track.devices["Operator"] == dev
    params = dev.parameters
    assert params.names() == ("Device On", "Filter Freq", "Algorithm") and len(params) == 3
    freq = params["Filter Freq"]
    assert freq.parameter_index == 1 and freq.value == 0.5 and (freq.min, freq.max) == (0.0, 1.0)
    freq.value = 0.25
    assert params[1].value == 0.25 and isinstance(freq.value_string, str)
    info = params[2].info()
    assert info["name"] == "Algorithm" and info["max"] == 10.0 and info["is_quantized"] is True
    with pytest.raises(ValidationError, match=r"parameter 1 value must be in range 0.0..1.0"):
        freq.value = 2.0
    with pytest.raises(NotFoundError, match="'Filter Freq'"):
        params["Cutoff"]
    track.delete_device(0)
    assert len(track.devices) == 0


def test_view_and_application(live: Live) -> None:
    view = live.view
    view.selected_track = 2
    view.selected_scene = 1
    assert (view.selected_track, view.selected_scene) == (2, 1)
    view.select_clip(3, 4)
    assert view.selected_clip == (3, 4)
    major, minor = live.application.version
    assert major in (11, 12) and isinstance(minor, int)
    assert isinstance(live.application.average_process_usage, float)


def test_raw_query_send_and_wildcard(live: Live) -> None:
    assert live.query("/live/song/get/tempo") == (120.0,)
    assert live.query("/live/track/get/name", 1) == (1, "2-MIDI")
    live.send("/live/song/set/tempo", 133.0, confirm=True)
    assert live.query("/live/song/get/tempo") == (133.0,)
    replies = live.query("/live/track/get/*", 0)
    addresses = [a for a, _ in replies]
    assert "/live/track/get/name" in addresses and "/live/track/get/clips/name" in addresses
    assert dict(replies)["/live/track/get/name"] == (0, "1-MIDI")
    with pytest.raises(LiveError, match="Unknown OSC address: /live/nope"):
        live.query("/live/nope")
    with pytest.raises(LiveError, match="Index out of range"):
        live.send("/live/track/set/mute", 99, 1, confirm=True)


def test_with_lives_100_ms_tick(reply_port: int) -> None:
    """At Live's real pace (a batch every 100 ms) create-then-write never races."""
    from livectl.client import connect

    with Emulator(port=0, reply_port=reply_port, tick_s=0.1) as emu, \
            connect(port=emu.port, reply_port=reply_port) as live:
        live.song.tempo = 140
        clip = live.song.tracks[0].clip_slots[0].create_clip(4)
        clip.add_notes([Note(60 + i, i, 1) for i in range(4)])
        clip.fire()
        assert [n.pitch for n in clip.notes] == [60, 61, 62, 63]
        assert live.song.tempo == 140.0 and live.song.is_playing is True


def test_track_star_index(live: Live) -> None:
    # AbletonOSC quirk (§7): "*" as track index; a getter answers for the first track only.
    assert live.query("/live/track/get/name", "*") == (0, "1-MIDI")
    live.send("/live/track/set/mute", "*", True, confirm=True)
    assert all(t.mute for t in live.song.tracks)


def test_query_many_pipelines_in_order(live: Live, emu: Emulator) -> None:
    items = [("/live/track/get/name", (i % 4,)) for i in range(40)] + [("/live/song/get/tempo", ())]
    before = emu.received
    replies = live.query_many(items)
    # One datagram per request with AbletonOSC; livectl's script reads them packed (41 small
    # requests fit one datagram) and answers them in one datagram too.
    packed = live.session is not None and "multi" in live.session.capabilities
    assert emu.received - before == (1 if packed else 41)
    names = [t.name for t in emu.engine.song.tracks]
    assert replies[:40] == [(i % 4, names[i % 4]) for i in range(40)]
    assert replies[40] == (120.0,)
    with pytest.raises(LiveError, match="Index out of range"):
        live.query_many([("/live/track/get/name", (0,)), ("/live/track/get/name", (40,))])
    with pytest.raises(ValidationError, match="no wildcard"):
        live.query_many([("/live/track/get/*", (0,))])
