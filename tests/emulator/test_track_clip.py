"""Track, clip slot and clip addresses through the sans-I/O core."""

from __future__ import annotations

from emu_peer import CoreClient
from hypothesis import given, settings
from hypothesis import strategies as st

IDX = "Error handling OSC message: Index out of range"


def test_track_get_set_listen_and_index_echo(core: CoreClient) -> None:
    assert core.query("/live/track/get/name", 0, "x") == (0, "1-MIDI", "x")
    assert core.query("/live/track/get/name", -1) == (-1, "4-Audio")  # negative from the end
    assert core.query("/live/track/get/name", 2.0) == (2, "3-Audio")  # int-cast index
    assert core.send("/live/track/start_listen/mute", 1) == [("/live/track/get/mute", (1, False))]
    assert core.send("/live/track/set/mute", 1, 1) == [("/live/track/get/mute", (1, True))]
    assert core.send("/live/track/set/mute", 1, True) == []
    core.send("/live/track/stop_listen/mute", 1)
    assert core.send("/live/track/set/mute", 1, 0) == []
    assert core.query("/live/track/get/fold_state", 0) == (0, None)  # RuntimeError -> None
    assert core.error("/live/track/get/name", 9) == IDX
    assert core.error("/live/track/get/name") == (
        "Error handling OSC message: list index out of range"
    )
    assert core.error("/live/track/set/name", 0) == (
        "Error handling OSC message: tuple index out of range"
    )
    assert "invalid literal for int()" in core.error("/live/track/get/name", "one")


def test_track_star_index(core: CoreClient) -> None:
    # Getters answer for the first track only; setters and listeners cover every track.
    assert core.send("/live/track/get/name", "*") == [("/live/track/get/name", (0, "1-MIDI"))]
    core.send("/live/track/set/mute", "*", 1)
    assert [core.query("/live/track/get/mute", i)[1] for i in range(4)] == [True] * 4
    out = core.send("/live/track/start_listen/solo", "*")
    assert out == [("/live/track/get/solo", (i, False)) for i in range(4)]


def test_mixer_volume_panning_send(core: CoreClient) -> None:
    (t, vol) = core.query("/live/track/get/volume", 0, "ignored")
    assert t == 0 and abs(vol - 0.85) < 1e-6
    assert core.send("/live/track/start_listen/volume", 0) == [("/live/track/get/volume", (0, vol))]
    assert core.send("/live/track/set/volume", 0, 0.5) == [("/live/track/get/volume", (0, 0.5))]
    core.send("/live/track/stop_listen/volume", 0)
    core.send("/live/track/set/panning", 0, -0.5)
    assert core.query("/live/track/get/panning", 0) == (0, -0.5)
    core.send("/live/track/set/send", 0, 1, 0.25)
    assert core.query("/live/track/get/send", 0, 1) == (0, 1, 0.25)
    assert "not enough values to unpack" in core.error("/live/track/get/send", 0)


def test_track_bulk_getters_and_routing(core: CoreClient) -> None:
    core.send("/live/clip_slot/create_clip", 0, 1, 2)
    core.send("/live/clip/set/name", 0, 1, "b")
    assert core.query("/live/track/get/clips/name", 0) == (0, None, "b", *(None,) * 6)
    assert core.query("/live/track/get/clips/length", 0)[2] == 2.0
    assert core.query("/live/track/get/num_devices", 0) == (0, 0)
    inputs = core.query("/live/track/get/available_input_routing_types", 0)
    assert "All Ins" in inputs[1:]
    core.send("/live/track/set/input_routing_type", 0, "No Input")
    assert core.query("/live/track/get/input_routing_type", 0) == (0, "No Input")
    assert core.send("/live/track/set/input_routing_type", 0, "Nowhere") == []  # warning only
    core.send("/live/track/delete_clip", 0, 1)
    assert core.query("/live/track/get/clips/name", 0)[2] is None


def test_track_wildcard_skips_value_errors_in_order(core: CoreClient) -> None:
    out = core.send("/live/track/get/*", 0)
    addresses = [a for a, _ in out]
    assert "/live/track/get/send" not in addresses  # ValueError: skipped silently
    assert addresses[0] == "/live/track/get/can_be_armed"
    assert addresses.index("/live/track/get/name") < addresses.index("/live/track/get/volume")
    assert all(args[0] == 0 for _, args in out)


def test_clip_slot_create_has_clip_listener_duplicate(core: CoreClient) -> None:
    assert core.send("/live/clip_slot/start_listen/has_clip", 0, 0) == [
        ("/live/clip_slot/get/has_clip", (0, 0, False))
    ]
    assert core.send("/live/clip_slot/create_clip", 0, 0, 4) == [
        ("/live/clip_slot/get/has_clip", (0, 0, True))
    ]
    assert core.query("/live/clip/get/name", 0, 0) == (0, 0, "")
    assert core.query("/live/clip/get/length", 0, 0) == (0, 0, 4.0)
    err = core.error("/live/clip_slot/create_clip", 0, 0, 4)  # occupied slot: Live refuses
    assert err.startswith("Error handling OSC message: ")
    core.send("/live/clip/add/notes", 0, 0, 60, 0.0, 1.0, 90, False)
    core.send("/live/clip_slot/duplicate_clip_to", 0, 0, 1, 3)
    assert core.query("/live/clip/get/notes", 1, 3) == (1, 3, 60, 0.0, 1.0, 90.0, False)
    assert core.send("/live/clip_slot/delete_clip", 0, 0) == [
        ("/live/clip_slot/get/has_clip", (0, 0, False))
    ]
    core.send("/live/clip_slot/set/has_stop_button", 0, 0, False)
    assert core.query("/live/clip_slot/get/has_stop_button", 0, 0) == (0, 0, False)
    assert core.error("/live/clip_slot/get/has_clip", 0, 99) == IDX


def test_clip_on_empty_slot_errors_and_silent_wildcard(core: CoreClient) -> None:
    assert core.error("/live/clip/get/name", 0, 0) == (
        "Error handling OSC message: 'NoneType' object has no attribute 'name'"
    )
    assert core.send("/live/clip/get/*", 0, 0) == []  # every match skipped: nothing at all
    assert core.error("/live/clip/get/name", 0) == (
        "Error handling OSC message: list index out of range"
    )


def test_clip_properties_and_listener_raw_prefix(core: CoreClient) -> None:
    core.send("/live/clip_slot/create_clip", 0, 0, 4)
    out = core.send("/live/clip/start_listen/name", 0.0, 0.0)  # raw floats echoed (§2.1)
    assert out == [("/live/clip/get/name", (0.0, 0.0, ""))]
    assert core.send("/live/clip/set/name", 0, 0, "A") == [("/live/clip/get/name", (0.0, 0.0, "A"))]
    core.send("/live/clip/set/color", 0, 0, 0x1AFF2F)
    assert core.query("/live/clip/get/color", 0, 0) == (0, 0, 0x1AFF2F)
    core.send("/live/clip/set/color", 0, 0, 0x1A2F97)  # not a palette colour: snapped
    assert core.query("/live/clip/get/color", 0, 0) == (0, 0, 0x1A2F96)
    assert core.query("/live/clip/get/gain", 0, 0) == (0, 0, None)  # audio-only on MIDI clip
    assert core.query("/live/clip/get/is_midi_clip", 0, 0) == (0, 0, True)
    wild = core.send("/live/clip/get/*", 0, 0)
    names = [a for a, _ in wild]
    assert names[-1] == "/live/clip/get/notes" and len(names) == 36


def test_notes_order_ranges_and_remove(core: CoreClient) -> None:
    core.send("/live/clip_slot/create_clip", 0, 0, 4)
    core.send("/live/clip/add/notes", 0, 0, 60, 0.0, 0.25, 64, False, 67, -0.25, 0.5, 32, False)
    assert core.query("/live/clip/get/notes", 0, 0) == (
        0,
        0,
        60,
        0.0,
        0.25,
        64.0,
        False,
        67,
        -0.25,
        0.5,
        32.0,
        False,
    )
    core.send("/live/clip/add/notes", 0, 0, 72, 0.0, 0.25, 64, False, 60, 3.0, 0.25, 64, True)
    assert core.query("/live/clip/get/notes", 0, 0, 60, 11, 0, 2) == (
        0,
        0,
        60,
        0.0,
        0.25,
        64.0,
        False,
    )
    core.send("/live/clip/remove/notes", 0, 0, 60, 11, 0, 2)
    got = core.query("/live/clip/get/notes", 0, 0)
    assert got[2::5] == (60, 67, 72) and got[3::5] == (3.0, -0.25, 0.0)
    core.send("/live/clip/add/notes", 0, 0, 127, 0.0, 1.0, 100, False)
    assert 127 not in core.query("/live/clip/get/notes", 0, 0)[2::5]  # default span 127
    assert core.query("/live/clip/get/notes", 0, 0, 127, 1, -8192, 16384)[2] == 127
    core.send("/live/clip/remove/notes", 0, 0)  # the default range spares pitch 127 too
    assert core.query("/live/clip/get/notes", 0, 0, 0, 128, -8192, 16384) == (
        0,
        0,
        127,
        0.0,
        1.0,
        100.0,
        False,
    )
    assert core.error("/live/clip/get/notes", 0, 0, 60, 12) == (
        "Error handling OSC message: Invalid number of arguments for /clip/get/notes. "
        "Either 0 or 4 arguments must be passed."
    )
    assert "not enough values to unpack (expected 5, got 2)" in core.error(
        "/live/clip/add/notes", 0, 0, 60, 1.0
    )


def test_ten_thousand_note_clip(core: CoreClient) -> None:
    core.send("/live/clip_slot/create_clip", 0, 0, 256)
    expected = []
    for chunk in range(20):
        args: list[object] = []
        for i in range(500):
            n = chunk * 500 + i
            pitch, start = 24 + n % 80, (n // 80) * 0.25
            args += [pitch, start, 0.25, 100, False]
            expected.append((pitch, start))
        assert core.send("/live/clip/add/notes", 0, 0, *args) == []
    got = []
    for pitch in range(0, 128, 16):  # page by pitch: one reply would exceed a datagram
        reply = core.query("/live/clip/get/notes", 0, 0, pitch, 16, -8192, 16384)
        got += list(zip(reply[2::5], reply[3::5], strict=True))
    assert len(got) == 10_000
    assert got == sorted(expected)
    out = core.send("/live/clip/get/notes", 0, 0)
    assert out == [("/live/error", ("Socket error: [Errno 90] Message too long",))]


def test_clip_fire_and_quantized_launch(core: CoreClient) -> None:
    core.send("/live/clip_slot/create_clip", 0, 0, 4)
    core.send("/live/clip_slot/create_clip", 0, 1, 4)
    core.send("/live/track/start_listen/playing_slot_index", 0)
    out = core.send("/live/clip/fire", 0, 0)  # stopped transport: starts at once
    assert ("/live/track/get/playing_slot_index", (0, 0)) in out
    assert core.query("/live/clip/get/is_playing", 0, 0) == (0, 0, True)
    core.send("/live/song/set/clip_trigger_quantization", 7)  # 1/4: 0.5 s at 120 BPM
    core.advance(0.1)
    core.send("/live/clip/fire", 0, 1)
    assert core.query("/live/track/get/fired_slot_index", 0) == (0, 1)
    assert core.query("/live/clip/get/is_triggered", 0, 1) == (0, 1, True)
    out = core.advance(0.35)
    assert ("/live/track/get/playing_slot_index", (0, 1)) not in out
    out = core.advance(0.1)  # crosses beat 1 (0.5 s)
    assert ("/live/track/get/playing_slot_index", (0, 1)) in out
    assert core.query("/live/clip/get/is_playing", 0, 1) == (0, 1, True)


def test_audio_recording_on_armed_track(core: CoreClient) -> None:
    core.send("/live/track/set/arm", 2, 1)
    core.send("/live/clip_slot/fire", 2, 0)
    core.advance(1.0)
    core.send("/live/song/stop_playing")
    assert core.query("/live/clip_slot/get/has_clip", 2, 0) == (2, 0, True)
    assert core.query("/live/clip/get/is_audio_clip", 2, 0) == (2, 0, True)
    assert core.query("/live/clip/get/gain", 2, 0)[2] is not None


def test_listener_follows_the_object_and_stop_after_a_move_leaves_it(core: CoreClient) -> None:
    # Listeners attach to the object, not the index (§2.5); stopping at an index where a
    # different object now sits removes nothing (quirk §13 #12).
    core.send("/live/track/start_listen/name", 1)
    core.send("/live/song/create_midi_track", 0)  # old track 1 moves to index 2
    assert core.send("/live/track/set/name", 2, "moved") == [
        ("/live/track/get/name", (1, "moved"))
    ]  # still the registration's index
    assert core.send("/live/track/stop_listen/name", 1) == []
    assert core.send("/live/track/set/name", 2, "again") == [
        ("/live/track/get/name", (1, "again"))
    ]  # the old listener keeps sending
    assert core.send("/live/track/set/name", 1, "new one") == []
    # A stop_listen with a missing index raises and leaves the listener running.
    core.send("/live/song/start_listen/tempo")
    core.send("/live/clip_slot/start_listen/has_clip", 0, 0)
    assert core.error("/live/clip_slot/stop_listen/has_clip", 0) == (
        "Error handling OSC message: list index out of range"
    )
    assert core.send("/live/clip_slot/create_clip", 0, 0, 1) == [
        ("/live/clip_slot/get/has_clip", (0, 0, True))
    ]


_NOTE = st.tuples(
    st.integers(0, 127),
    st.sampled_from([-1.0, -0.25, 0.0, 0.5, 1.0, 1.75, 2.0, 3.5]),
    st.sampled_from([0.25, 0.5, 1.0]),
)


@settings(max_examples=120, deadline=None)
@given(
    notes=st.lists(_NOTE, max_size=25, unique_by=lambda n: (n[0], n[1])),
    pitch=st.tuples(st.integers(0, 127), st.integers(0, 128)),
    time=st.tuples(st.sampled_from([-2.0, -0.25, 0.0, 1.0, 2.0]), st.sampled_from([0.5, 1.0, 4.0])),
)
def test_note_range_queries_match_a_model(
    notes: list[tuple[int, float, float]],
    pitch: tuple[int, int],
    time: tuple[float, float],
) -> None:
    core = CoreClient()
    core.send("/live/clip_slot/create_clip", 0, 0, 4)
    args: list[object] = []
    for p, s, d in notes:
        args += [p, s, d, 100, False]
    if args:
        core.send("/live/clip/add/notes", 0, 0, *args)
    reply = core.query("/live/clip/get/notes", 0, 0, pitch[0], pitch[1], time[0], time[1])
    got = list(zip(reply[2::5], reply[3::5], strict=True))
    want = sorted(
        (p, s)
        for p, s, _ in notes
        if pitch[0] <= p < pitch[0] + pitch[1] and time[0] <= s < time[0] + time[1]
    )
    assert got == want  # half-open ranges on pitch and start, sorted by pitch then time
