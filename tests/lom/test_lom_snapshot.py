"""to_dict / load_dict: a JSON round trip of the whole set; reset gives the default set."""

from __future__ import annotations

import json

import pytest

from livectl.emulator.lom import LiveEngine, MidiNoteSpecification


def build(engine: LiveEngine) -> None:
    song = engine.song
    song.tempo = 97.5
    song.signature_numerator = 7
    song.metronome = True
    song.scenes[1].name = "Chorus"
    song.scenes[1].tempo = 140.0
    clip = song.tracks[0].clip_slots[1].create_clip(8.0)
    clip.name = "lead"
    clip.color = 0x1A2F96
    clip.loop_end = 6.0
    clip.add_new_notes([MidiNoteSpecification(60, 0.0, 1.0, 100), MidiNoteSpecification(127, -1.0, 0.5, 3)])
    song.tracks[1].mute = True
    song.tracks[1].mixer_device.sends[1].value = 0.3
    song.tracks[2].arm = True
    song.tracks[2].clip_slots[0].fire()
    song.stop_playing()
    engine.add_device(0, "Operator", "Operator", 1, [
        {"name": "Osc-A Level", "value": 0.7, "min": 0.0, "max": 1.0, "is_quantized": False}])
    song.create_return_track()
    engine.create_group_track(0, 1, "Group")
    song.current_song_time = 4.0
    song.set_or_delete_cue()
    song.view.selected_scene = song.scenes[3]


def test_round_trip_through_json(engine: LiveEngine) -> None:
    build(engine)
    data = json.loads(json.dumps(engine.to_dict()))
    other = LiveEngine(clock=lambda: 0.0)
    other.load_dict(data)
    assert other.to_dict() == data
    song = other.song
    assert song.tempo == 97.5 and song.signature_numerator == 7
    clip = song.tracks[1].clip_slots[1].clip
    assert clip is not None and clip.name == "lead" and clip.color_index == 64
    assert [(n.pitch, n.start_time, n.velocity) for n in clip.get_all_notes_extended()] == [
        (60, 0.0, 100.0), (127, -1.0, 3.0)]
    assert song.tracks[0].is_foldable and song.tracks[2].group_track is song.tracks[0]
    audio = song.tracks[3].clip_slots[0].clip
    assert audio is not None and audio.is_audio_clip
    assert [t.name for t in song.return_tracks] == ["A-Reverb", "B-Delay", "C-Return"]
    assert song.tracks[2].mixer_device.sends[1].value == 0.3
    assert [c.time for c in song.cue_points] == [4.0]
    assert song.view.selected_scene is song.scenes[3]
    assert song.tracks[1].devices[0].parameters[1].value == 0.7


def test_reset_restores_default_and_drops_listeners(engine: LiveEngine) -> None:
    build(engine)
    calls: list[float] = []
    engine.song.add_tempo_listener(lambda: calls.append(1.0))
    engine.reset()
    fresh = LiveEngine(clock=lambda: 0.0)
    assert engine.to_dict() == fresh.to_dict()
    engine.song.tempo = 130.0
    assert calls == []


def test_load_rejects_foreign_data(engine: LiveEngine) -> None:
    with pytest.raises(ValueError, match="snapshot"):
        engine.load_dict({"tracks": []})


@pytest.mark.parametrize(("where", "field", "value", "says"), [
    ("song", "tempo", "fast", "tempo = 'fast'"),
    ("song", "tempo", 5000.0, "Invalid tempo 5000.0"),
    ("song", "signature_denominator", 6, "signature_denominator = 6"),
    ("song", "loop_length", 0.0, "loop_length = 0.0"),
    ("song", "root_note", 12, "Invalid root note 12"),
    ("song", "metronome", "yes", "metronome = 'yes'"),
    ("scene", "time_signature_denominator", 6, "time_signature_denominator = 6"),
    ("scene", "tempo", 5.0, "tempo_value = 5.0"),
])
def test_a_snapshot_value_no_setter_takes_is_refused_naming_it(
        engine: LiveEngine, where: str, field: str, value: object, says: str) -> None:
    """A snapshot comes from outside (/emulator/load): each value must pass its setter's
    check. Before, a scene's 7/6 was stored and the clock raised on every tick after the
    scene launched (found by the 100k-datagram fuzz)."""
    build(engine)
    before = engine.to_dict()
    data = json.loads(json.dumps(before))
    target = data["song"] if where == "song" else data["scenes"][1]
    target[field] = value
    with pytest.raises(ValueError, match=r"^snapshot: ") as info:
        engine.load_dict(data)
    assert says in str(info.value)
    assert engine.to_dict() == before  # refused before anything changed


def test_a_loaded_snapshot_stores_values_as_the_setters_do(engine: LiveEngine) -> None:
    data = engine.to_dict()
    data["song"]["tempo"] = 97  # a JSON integer
    data["scenes"][0]["time_signature_denominator"] = 8
    data["scenes"][0]["time_signature_enabled"] = True
    engine.load_dict(json.loads(json.dumps(data)))
    song = engine.song
    assert song.tempo == 97.0 and isinstance(song.tempo, float)
    song.scenes[0].fire()
    song.start_playing()
    engine.advance()
    assert song.signature_denominator == 8


def test_a_scene_takes_only_the_denominators_the_song_takes(engine: LiveEngine) -> None:
    scene = engine.song.scenes[0]
    for good in (1, 2, 4, 8, 16):
        scene.time_signature_denominator = good
    with pytest.raises(RuntimeError, match="denominator 6: must be 1, 2, 4, 8 or 16"):
        scene.time_signature_denominator = 6
    assert scene.time_signature_denominator == 16
