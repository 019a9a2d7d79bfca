"""Song, application and api addresses through the sans-I/O core (real codec, fake clock)."""

from __future__ import annotations

import json
from pathlib import Path

from emu_peer import CoreClient


def test_get_set_and_extra_argument_echo(core: CoreClient) -> None:
    assert core.query("/live/song/get/tempo") == (120.0,)
    assert core.query("/live/song/get/tempo", 7, "x") == (120.0, 7, "x")  # §2.3
    assert core.send("/live/song/set/tempo", 140) == []  # no reply to a set
    assert core.query("/live/song/get/tempo") == (140.0,)
    core.send("/live/song/set/metronome", 1)  # ints work as bools (§3.1)
    assert core.query("/live/song/get/metronome") == (True,)
    assert core.query("/live/song/get/root_note") == (0,)  # Live 12 property


def test_listener_sends_at_once_then_only_on_change_with_extra_prefix(core: CoreClient) -> None:
    assert core.send("/live/song/start_listen/tempo", 5) == [("/live/song/get/tempo", (5, 120.0))]
    assert core.send("/live/song/set/tempo", 120) == []  # same value: Live stays silent
    assert core.send("/live/song/set/tempo", 90) == [("/live/song/get/tempo", (5, 90.0))]
    assert core.send("/live/song/stop_listen/tempo", 5) == []
    assert core.send("/live/song/set/tempo", 91) == []


def test_non_observable_property_listen_error_text(core: CoreClient) -> None:
    assert core.error("/live/song/start_listen/can_undo") == (
        "Error handling OSC message: 'Song' object has no attribute 'add_can_undo_listener'"
    )


def test_methods_structure_queries_and_undo(core: CoreClient) -> None:
    assert core.query("/live/song/get/num_tracks") == (4,)
    assert core.query("/live/song/get/num_scenes") == (8,)
    core.send("/live/song/create_midi_track", -1)
    assert core.query("/live/song/get/num_tracks") == (5,)
    assert core.query("/live/song/get/track_names") == (
        "1-MIDI",
        "2-MIDI",
        "3-Audio",
        "4-Audio",
        "5-MIDI",
    )
    assert core.query("/live/song/get/track_names", 1, 3) == ("2-MIDI", "3-Audio")
    assert core.query("/live/song/get/track_names", 3, -1) == ("4-Audio", "5-MIDI")
    core.send("/live/song/create_scene", -1)
    assert core.query("/live/song/get/num_scenes") == (9,)
    core.send("/live/song/undo")
    assert core.query("/live/song/get/num_scenes") == (8,)
    core.send("/live/song/redo")
    assert core.query("/live/song/get/num_scenes") == (9,)
    assert core.query("/live/song/get/scenes/name", 0, 2) == ("", "")
    assert core.query("/live/song/get/scenes/name", 0, -1) == ()  # -1 is not special


def test_structure_query_errors(core: CoreClient) -> None:
    assert "not enough values to unpack" in core.error("/live/song/get/track_names", 1)
    assert "'float' object cannot be interpreted as an integer" in core.error(
        "/live/song/get/track_names", 0.0, 2.0
    )
    assert core.error("/live/song/get/track_names", 0, 9) == (
        "Error handling OSC message: Index out of range"
    )


def test_track_data_order_and_unknown_prefix(core: CoreClient) -> None:
    core.send("/live/clip_slot/create_clip", 1, 2, 4)
    core.send("/live/clip/set/name", 1, 2, "c12")
    data = core.query("/live/song/get/track_data", 0, 2, "track.name", "clip.name")
    assert data == ("1-MIDI", *(None,) * 8, "2-MIDI", None, None, "c12", *(None,) * 5)
    out = core.send("/live/song/get/track_data", 0, 1, "foo.name", "track.name")
    # The ERROR log keeps only what follows its first ": " (§1.8), and processing goes on.
    assert out == [("/live/error", ("foo",)), ("/live/song/get/track_data", ("1-MIDI",))]


def test_export_structure(core: CoreClient, tmp_path: Path) -> None:
    core.send("/live/clip_slot/create_clip", 0, 0, 8)
    assert core.query("/live/song/export/structure") == (1,)
    data = json.loads((tmp_path / "abletonosc-song-structure.json").read_text())
    assert [t["name"] for t in data["tracks"]] == ["1-MIDI", "2-MIDI", "3-Audio", "4-Audio"]
    assert data["tracks"][0]["clips"] == [{"index": 0, "name": "", "length": 8.0}]


def test_cue_points(core: CoreClient) -> None:
    assert core.query("/live/song/get/cue_points") == ()
    core.send("/live/song/cue_point/add_or_delete")
    core.send("/live/song/cue_point/set/name", 0, "intro")
    assert core.query("/live/song/get/cue_points") == ("intro", 0.0)
    core.send("/live/song/set/current_song_time", 8.0)
    core.send("/live/song/cue_point/jump", "intro")
    assert core.query("/live/song/get/current_song_time") == (0.0,)
    core.send("/live/song/set/current_song_time", 8.0)
    core.send("/live/song/cue_point/jump", 0.0)  # a float is silently ignored
    assert core.query("/live/song/get/current_song_time") == (8.0,)
    core.send("/live/song/cue_point/jump", 0)
    assert core.query("/live/song/get/current_song_time") == (0.0,)
    assert core.error("/live/song/cue_point/jump", 3).endswith("Index out of range")


def test_transport_time_and_beat_listener(core: CoreClient) -> None:
    assert core.send("/live/song/start_listen/beat") == []  # nothing at once (§5.4)
    core.send("/live/song/start_playing")
    out = core.advance(1.6)  # 120 BPM: 3.2 beats
    beats = [a[0] for addr, a in out if addr == "/live/song/get/beat"]
    assert beats == [0, 1, 2, 3]
    core.send("/live/song/stop_playing")
    assert core.advance(1.0) == []
    stopped = core.query("/live/song/get/current_song_time")[0]
    assert 3.1 < stopped < 3.3  # stays where it stopped
    core.send("/live/song/continue_playing")
    out = core.advance(0.5)
    assert [a for addr, a in out if addr == "/live/song/get/beat"] == [(4,)]
    # Moving back sends the beat, from inside the set call (listeners fire synchronously).
    assert core.send("/live/song/set/current_song_time", 1.0) == [("/live/song/get/beat", (1,))]
    core.send("/live/song/stop_listen/beat")
    assert [m for m in core.advance(1.0) if m[0] == "/live/song/get/beat"] == []


def test_song_time_listener_fires_while_playing(core: CoreClient) -> None:
    core.send("/live/song/start_listen/current_song_time")
    core.send("/live/song/start_playing")
    out = core.advance(0.5)
    times = [a[0] for addr, a in out if addr == "/live/song/get/current_song_time"]
    assert len(times) >= 5 and times == sorted(times)


def test_application_and_api(core: CoreClient) -> None:
    assert core.query("/live/application/get/version") == (12, 1)
    (usage,) = core.query("/live/application/get/average_process_usage")
    assert isinstance(usage, float)
    assert core.send("/live/test") == [("/live/test", ("ok",))]
    assert core.query("/live/api/get/log_level") == ("info",)
    core.send("/live/api/set/log_level", "debug")
    assert core.query("/live/api/get/log_level") == ("debug",)
    assert core.error("/live/api/set/log_level", "loud") == "Error handling OSC message: "
    assert core.send("/live/api/show_message", "hi") == []
    assert core.core.ctx.status_message == "hi"


def test_reload_sends_startup_and_clears_listeners(core: CoreClient) -> None:
    core.send("/live/song/start_listen/tempo")
    out = core.send("/live/api/reload")
    assert out == [("/live/startup", ()), ("/live/application/get/average_process_usage", ())]
    assert core.send("/live/song/set/tempo", 99) == []  # the listener is gone
    assert core.query("/live/song/get/tempo") == (99.0,)  # handlers still registered
