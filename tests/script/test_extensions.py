"""livectl's extension addresses beyond AbletonOSC, end to end over UDP.

python-osc is the peer; the emulator hosts livectl's own remote script (tick 0). Each test
drives one capability the way a client would: devices and the browser, racks and drum pads,
the arrangement, automation, return and master tracks, Live 12's extended notes, views.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from emu_peer import Peer

from livectl.emulator import Emulator

ERROR = "/live/error"


def call(peer: Peer, address: str, *args: Any) -> tuple[Any, ...]:
    """Send; the reply on ``address`` (an error fails the test with its text)."""
    peer.send(address, *args)
    while True:
        got, values = peer.next()
        if got == address:
            return values
        assert got != ERROR, f"{address} {args}: {values[0]}"


def error(peer: Peer, address: str, *args: Any) -> str:
    """The /live/error text a message produces."""
    peer.send(address, *args)
    return str(peer.expect(ERROR)[0])


def do(peer: Peer, address: str, *args: Any) -> None:
    """Send a message that has no reply and check it raised nothing."""
    peer.send(address, *args)
    peer.sync()
    leftover = [m for m in peer.silent(0.0) if m[0] == ERROR]
    assert not leftover, leftover


def wait_for(check: Callable[[], bool], timeout: float = 10.0) -> None:
    """Poll every 2 ms (the emulator plays on its own clock; without a pause the poll kept
    a core busy)."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.002)


def new_midi_track(peer: Peer) -> int:
    do(peer, "/live/song/create_midi_track", -1)
    return int(call(peer, "/live/song/get/num_tracks")[0]) - 1


# ------------------------------------------------------------------ devices and the browser


def test_operator_on_a_new_midi_track_and_one_of_its_parameters(emu: Emulator, peer: Peer) -> None:
    t = new_midi_track(peer)
    assert call(peer, "/live/track/insert_device", t, "Operator") == (t, 0)
    assert call(peer, "/live/track/get/devices/name", t) == (t, "Operator")
    names = call(peer, "/live/device/get/parameters/name", t, 0)[2:]
    p = names.index("Filter Freq") if "Filter Freq" in names else 1
    low, high = (call(peer, f"/live/device/get/parameters/{w}", t, 0)[2 + p] for w in ("min", "max"))
    target = low + (high - low) / 2
    do(peer, "/live/device/set/parameter/value", t, 0, p, target)
    assert call(peer, "/live/device/get/parameter/value", t, 0, p) == (t, 0, p, target)
    # An effect after the instrument, then its deletion (AbletonOSC's delete_device).
    assert call(peer, "/live/track/insert_device", t, "Reverb") == (t, 1)
    do(peer, "/live/track/delete_device", t, 1)
    assert call(peer, "/live/track/get/num_devices", t) == (t, 1)


def test_insert_device_errors_name_the_value(emu: Emulator, peer: Peer) -> None:
    assert "Unknown device name 'Operatorr'" in error(peer, "/live/track/insert_device", 0,
                                                      "Operatorr")
    assert error(peer, "/live/track/insert_device", 99, "Operator").endswith(
        "/live/track/insert_device: track_index must be in range 0..3, got 99")
    assert "device_index must be in range -1..0, got 5" in error(
        peer, "/live/track/insert_device", 0, "Operator", 5)
    assert "device_name must be a string, got 3" in error(peer, "/live/track/insert_device", 0, 3)
    assert "missing argument device_name" in error(peer, "/live/track/insert_device", 0)


def test_browser_categories_children_and_search(emu: Emulator, peer: Peer) -> None:
    categories = call(peer, "/live/browser/get/categories")
    assert {"instruments", "drums", "audio_effects", "sounds"} <= set(categories)
    instruments = call(peer, "/live/browser/get/children", "instruments")
    names = instruments[0::4]
    assert "Operator" in names and len(instruments) % 4 == 0
    i = names.index("Operator")
    assert instruments[4 * i + 1 : 4 * i + 4] == ("query:Synths#Operator", False, True)
    found = call(peer, "/live/browser/search", "operator", "instruments")
    assert found[:2] == ("Operator", "query:Synths#Operator")
    assert len(call(peer, "/live/browser/search", "e", "", 3)) == 3 * 4
    sounds = call(peer, "/live/browser/get/children", "sounds")
    folder = sounds[0]
    assert sounds[2] is True  # a folder, browsed one level further
    inner = call(peer, "/live/browser/get/children", "sounds", folder)
    assert inner and inner[2] is False
    assert "category must be one of sounds, drums" in error(peer, "/live/browser/search", "x",
                                                            "nope")
    assert "folder 'Nope' is not a folder in sounds" in error(
        peer, "/live/browser/get/children", "sounds", "Nope")
    assert "max_results must be in range 1..500, got 0" in error(
        peer, "/live/browser/search", "x", "", 0)


def test_load_a_drum_kit_and_write_a_beat_into_its_pads(emu: Emulator, peer: Peer) -> None:
    t = new_midi_track(peer)
    found = call(peer, "/live/browser/search", "Kit", "drums")
    kit_name, kit_uri = found[0], found[1]
    assert call(peer, "/live/browser/load", t, kit_uri) == (t, 0)
    assert call(peer, "/live/track/get/devices/name", t) == (t, kit_name.removesuffix(".adg"))
    pads = call(peer, "/live/device/get/drum_pads", t, 0)[2:]
    notes, pad_names = list(pads[0::2]), list(pads[1::2])
    assert len(notes) >= 2 and all(0 <= n <= 127 for n in notes)
    assert call(peer, "/live/drum_pad/get/name", t, 0, notes[0]) == (t, 0, notes[0], pad_names[0])
    chains = call(peer, "/live/drum_pad/get/chains", t, 0, notes[0])[3:]
    assert len(chains) == 1
    ch = chains[0]
    chain_names = call(peer, "/live/device/get/chains/name", t, 0)[2:]
    assert call(peer, "/live/device/get/num_chains", t, 0) == (t, 0, len(chain_names))
    devices = call(peer, "/live/chain/get/devices/name", t, 0, ch)[3:]
    assert len(devices) >= 1
    # A parameter of the device inside the pad's chain, set and read back.
    params = call(peer, "/live/chain_device/get/parameters/name", t, 0, ch, 0)[4:]
    p = len(params) - 1
    low = call(peer, "/live/chain_device/get/parameters/min", t, 0, ch, 0)[4 + p]
    high = call(peer, "/live/chain_device/get/parameters/max", t, 0, ch, 0)[4 + p]
    do(peer, "/live/chain_device/set/parameter/value", t, 0, ch, 0, p, high)
    assert call(peer, "/live/chain_device/get/parameter/value", t, 0, ch, 0, p) == (
        t, 0, ch, 0, p, high)
    assert call(peer, "/live/chain_device/get/parameters/value", t, 0, ch, 0)[4 + p] == high
    assert f"value must be in range {low:g}..{high:g}" in error(
        peer, "/live/chain_device/set/parameter/value", t, 0, ch, 0, p, high + 1000)
    # Pad mute, and the beat: a four-on-the-floor on the first pad, backbeat on the second.
    do(peer, "/live/drum_pad/set/mute", t, 0, notes[1], True)
    assert call(peer, "/live/drum_pad/get/mute", t, 0, notes[1]) == (t, 0, notes[1], True)
    do(peer, "/live/drum_pad/set/mute", t, 0, notes[1], False)
    do(peer, "/live/clip_slot/create_clip", t, 0, 4.0)
    beat = [(notes[0], float(b)) for b in range(4)] + [(notes[1], 1.0), (notes[1], 3.0)]
    flat: list[Any] = []
    for pitch, start in beat:
        flat += [pitch, start, 0.25, 100.0, False]
    do(peer, "/live/clip/add/notes", t, 0, *flat)
    got = call(peer, "/live/clip/get/notes", t, 0)[2:]
    assert sorted(zip(got[0::5], got[1::5], strict=True)) == sorted(beat)


def test_rack_chains_insert_and_errors(emu: Emulator, peer: Peer) -> None:
    t = new_midi_track(peer)
    call(peer, "/live/track/insert_device", t, "Instrument Rack")
    assert call(peer, "/live/device/get/num_chains", t, 0) == (t, 0, 0)
    assert error(peer, "/live/chain/get/name", t, 0, 0).endswith(
        "chain_index 0: there are no chains in 'Instrument Rack'")
    assert call(peer, "/live/track/insert_device", t, "Reverb") == (t, 1)
    assert "is not a rack" in error(peer, "/live/device/get/num_chains", t, 1)
    assert "is not a Drum Rack" in error(peer, "/live/device/get/drum_pads", t, 0)


def test_chain_properties_and_devices_in_a_chain(emu: Emulator, peer: Peer) -> None:
    t = new_midi_track(peer)
    uri = call(peer, "/live/browser/search", "Kit", "drums")[1]
    call(peer, "/live/browser/load", t, uri)
    do(peer, "/live/chain/set/name", t, 0, 0, "Boom")
    assert call(peer, "/live/chain/get/name", t, 0, 0) == (t, 0, 0, "Boom")
    do(peer, "/live/chain/set/volume", t, 0, 0, 0.5)
    assert call(peer, "/live/chain/get/volume", t, 0, 0) == (t, 0, 0, 0.5)
    do(peer, "/live/chain/set/solo", t, 0, 0, True)
    assert call(peer, "/live/chain/get/solo", t, 0, 0) == (t, 0, 0, True)
    n = call(peer, "/live/chain/get/num_devices", t, 0, 0)[3]
    assert call(peer, "/live/chain/insert_device", t, 0, 0, "Saturator") == (t, 0, 0, n)
    assert call(peer, "/live/chain/get/devices/name", t, 0, 0)[-1] == "Saturator"
    assert call(peer, "/live/chain_device/get/name", t, 0, 0, n) == (t, 0, 0, n, "Saturator")
    do(peer, "/live/chain/delete_device", t, 0, 0, n)
    assert call(peer, "/live/chain/get/num_devices", t, 0, 0)[3] == n


# ------------------------------------------------------------------ arrangement


def test_arrangement_clip_at_bar_5_with_16_notes_plays(emu: Emulator, peer: Peer) -> None:
    t = new_midi_track(peer)
    bar5 = 16.0  # 4/4: bar 5 starts on beat 16
    assert call(peer, "/live/track/create_midi_clip", t, bar5, 4.0) == (t, 0)
    assert call(peer, "/live/track/get/arrangement_clips", t) == (t, bar5, 20.0, 4.0, "")
    notes = [(60 + i % 8, i * 0.25, 0.25, float(64 + i), i % 5 == 0) for i in range(16)]
    flat = [v for n in notes for v in n]
    do(peer, "/live/arrangement_clip/add/notes", t, 0, *flat)
    got = call(peer, "/live/arrangement_clip/get/notes", t, 0)[2:]
    back = sorted(tuple(got[i : i + 5]) for i in range(0, len(got), 5))
    assert back == sorted(notes)
    do(peer, "/live/arrangement_clip/set/name", t, 0, "Verse")
    assert call(peer, "/live/arrangement_clip/get/name", t, 0) == (t, 0, "Verse")
    # Play from just before bar 5, fast, until the clip plays and then has ended.
    do(peer, "/live/song/set/tempo", 480.0)
    do(peer, "/live/song/set/current_song_time", bar5 - 1.0)
    do(peer, "/live/song/start_playing")
    wait_for(lambda: call(peer, "/live/arrangement_clip/get/is_playing", t, 0)[2] is True)
    position = call(peer, "/live/arrangement_clip/get/playing_position", t, 0)[2]
    assert 0.0 <= position <= 4.0
    wait_for(lambda: call(peer, "/live/song/get/current_song_time")[0] > 20.5)
    assert call(peer, "/live/arrangement_clip/get/is_playing", t, 0)[2] is False
    do(peer, "/live/song/stop_playing")
    do(peer, "/live/arrangement_clip/remove/notes", t, 0, 60, 1, 0.0, 4.0)
    assert len(call(peer, "/live/arrangement_clip/get/notes", t, 0)[2:]) == 14 * 5


def test_duplicate_a_session_clip_to_the_arrangement_and_delete_it(
    emu: Emulator, peer: Peer
) -> None:
    t = new_midi_track(peer)
    do(peer, "/live/clip_slot/create_clip", t, 0, 2.0)
    do(peer, "/live/clip/add/notes", t, 0, 62, 0.5, 0.5, 90.0, False)
    do(peer, "/live/clip/set/name", t, 0, "Riff")
    assert call(peer, "/live/clip/duplicate_to_arrangement", t, 0, 8.0) == (t, 0, 0)
    assert call(peer, "/live/clip/duplicate_to_arrangement", t, 0, 0.0) == (t, 0, 0)
    clips = call(peer, "/live/track/get/arrangement_clips", t)
    assert clips == (t, 0.0, 2.0, 2.0, "Riff", 8.0, 10.0, 2.0, "Riff")
    assert call(peer, "/live/arrangement_clip/get/notes", t, 1)[2:] == (62, 0.5, 0.5, 90.0, False)
    do(peer, "/live/track/delete_arrangement_clip", t, 0)
    assert call(peer, "/live/track/get/arrangement_clips", t) == (t, 8.0, 10.0, 2.0, "Riff")
    assert error(peer, "/live/arrangement_clip/get/name", t, 1).endswith(
        "clip_index must be in range 0..0, got 1")
    assert "clip slot" in error(peer, "/live/clip/duplicate_to_arrangement", t, 1, 0.0)
    assert "time must be in range 0..1576800, got -1.0" in error(
        peer, "/live/clip/duplicate_to_arrangement", t, 0, -1.0)


def test_create_midi_clip_refuses_bad_input(emu: Emulator, peer: Peer) -> None:
    assert "length must be in range >0..1576800, got 0.0" in error(
        peer, "/live/track/create_midi_clip", 0, 0.0, 0.0)
    assert "start_time must be a number, got 'x'" in error(
        peer, "/live/track/create_midi_clip", 0, "x", 4.0)
    assert "takes 3 arguments, got 4" in error(peer, "/live/track/create_midi_clip", 0, 0.0,
                                               4.0, 1)
    assert "there are no arrangement clips on track 0" in error(
        peer, "/live/arrangement_clip/get/notes", 0, 0)


# ------------------------------------------------------------------ automation


def test_automate_a_parameter_with_four_steps_and_follow_it(emu: Emulator, peer: Peer) -> None:
    t = new_midi_track(peer)
    call(peer, "/live/track/insert_device", t, "Operator")
    do(peer, "/live/clip_slot/create_clip", t, 0, 4.0)
    quantized = call(peer, "/live/device/get/parameters/is_quantized", t, 0)[2:]
    p = quantized.index(False, 1)  # a continuous parameter (after "Device On")
    low = call(peer, "/live/device/get/parameters/min", t, 0)[2 + p]
    high = call(peer, "/live/device/get/parameters/max", t, 0)[2 + p]
    steps = [low + (high - low) * f for f in (0.125, 0.375, 0.625, 0.875)]
    assert "has no automation envelope in clip" in error(
        peer, "/live/clip/get/automation/value_at_time", t, 0, 0, p, 1.0)
    do(peer, "/live/clip/create_automation_envelope", t, 0, 0, p)
    for beat, value in enumerate(steps):
        do(peer, "/live/clip/automation/insert_step", t, 0, 0, p, float(beat), 1.0, value)
    for beat, value in enumerate(steps):
        assert call(peer, "/live/clip/get/automation/value_at_time", t, 0, 0, p, beat + 0.5) == (
            t, 0, 0, p, beat + 0.5, value)
    points = call(peer, "/live/clip/get/automation_envelope", t, 0, 0, p)[4:]
    times, values = points[0::2], points[1::2]
    assert len(times) == len(values) and list(times) == sorted(times)
    assert set(steps) <= set(values) and {0.0, 1.0, 2.0, 3.0, 4.0} <= set(times)
    # While the clip plays, the parameter follows the envelope step by step.
    do(peer, "/live/song/set/tempo", 240.0)
    do(peer, "/live/clip/fire", t, 0)
    seen: set[float] = set()

    def all_steps_seen() -> bool:
        seen.add(call(peer, "/live/device/get/parameter/value", t, 0, p)[3])
        return set(steps) <= seen

    wait_for(all_steps_seen, timeout=15.0)
    do(peer, "/live/song/stop_playing")
    # Clearing: one envelope, then all.
    do(peer, "/live/clip/clear_envelope", t, 0, 0, p)
    assert "has no automation envelope" in error(
        peer, "/live/clip/get/automation_envelope", t, 0, 0, p)
    do(peer, "/live/clip/create_automation_envelope", t, 0, -1, 0)  # the track's volume
    do(peer, "/live/clip/automation/insert_step", t, 0, -1, 0, 0.0, 2.0, 0.5)
    assert call(peer, "/live/clip/get/automation/value_at_time", t, 0, -1, 0, 1.0)[-1] == 0.5
    do(peer, "/live/clip/clear_all_envelopes", t, 0)
    assert "has no automation envelope" in error(
        peer, "/live/clip/get/automation_envelope", t, 0, -1, 0)


def test_automation_refuses_bad_input(emu: Emulator, peer: Peer) -> None:
    t = new_midi_track(peer)
    call(peer, "/live/track/insert_device", t, "Operator")
    do(peer, "/live/clip_slot/create_clip", t, 0, 4.0)
    do(peer, "/live/clip/create_automation_envelope", t, 0, 0, 1)
    assert "An envelope for this parameter already exists" in error(
        peer, "/live/clip/create_automation_envelope", t, 0, 0, 1)
    assert "value must be in range" in error(
        peer, "/live/clip/automation/insert_step", t, 0, 0, 1, 0.0, 1.0, 1e9)
    assert "duration must be in range 0..1576800, got -1.0" in error(
        peer, "/live/clip/automation/insert_step", t, 0, 0, 1, 0.0, -1.0, 0.0)
    assert "parameter_index must be in range" in error(
        peer, "/live/clip/create_automation_envelope", t, 0, 0, 10_000)
    assert f"clip slot ({t}, 1) is empty" in error(
        peer, "/live/clip/create_automation_envelope", t, 1, 0, 1)
    assert "device_index must be in range 0..0, got 3" in error(
        peer, "/live/clip/get/automation/value_at_time", t, 0, 3, 0, 0.0)


# ------------------------------------------------------------------ returns and master


def test_return_and_master_volume_read_and_set(emu: Emulator, peer: Peer) -> None:
    (n,) = call(peer, "/live/song/get/num_return_tracks")
    assert n >= 1
    do(peer, "/live/return_track/set/volume", 0, 0.5)
    assert call(peer, "/live/return_track/get/volume", 0) == (0, 0.5)
    do(peer, "/live/master_track/set/volume", 0.25)
    assert call(peer, "/live/master_track/get/volume") == (0.25,)
    do(peer, "/live/master_track/set/panning", -0.5)
    assert call(peer, "/live/master_track/get/panning") == (-0.5,)
    do(peer, "/live/return_track/set/name", 0, "Verb")
    assert call(peer, "/live/return_track/get/name", 0) == (0, "Verb")
    assert isinstance(call(peer, "/live/master_track/get/name")[0], str)
    # Sends as one list, on tracks and return tracks.
    do(peer, "/live/track/set/sends", 0, 0.25, 0.75)
    assert call(peer, "/live/track/get/sends", 0) == (0, 0.25, 0.75)[: n + 1]
    assert call(peer, "/live/track/get/send", 0, 1) == (0, 1, 0.75)  # AbletonOSC agrees
    # Devices on a return track and on the master.
    assert call(peer, "/live/return_track/insert_device", 0, "Reverb") == (0, 0)
    assert call(peer, "/live/master_track/insert_device", "Limiter") == (0,)
    assert call(peer, "/live/master_track/get/devices/name") == ("Limiter",)
    names = call(peer, "/live/return_track/get/device/parameters/name", 0, 0)[2:]
    do(peer, "/live/return_track/set/device/parameter/value", 0, 0, 0, 0.0)
    assert call(peer, "/live/return_track/get/device/parameter/value", 0, 0, 0) == (0, 0, 0, 0.0)
    assert names
    assert error(peer, "/live/master_track/insert_device", "Operator")  # Live refuses
    do(peer, "/live/master_track/delete_device", 0)
    assert call(peer, "/live/master_track/get/num_devices") == (0,)
    assert f"return_index must be in range 0..{n - 1}, got 9" in error(
        peer, "/live/return_track/get/volume", 9)
    assert "value must be in range 0..1, got 2.0" in error(
        peer, "/live/master_track/set/volume", 2.0)
    assert f"takes at most {n} send values" in error(
        peer, "/live/track/set/sends", 0, *([0.0] * (n + 1)))


# ------------------------------------------------------------------ Live 12 notes


def test_notes_with_probability_read_back_and_edited_by_id(emu: Emulator, peer: Peer) -> None:
    t = new_midi_track(peer)
    do(peer, "/live/clip_slot/create_clip", t, 0, 4.0)
    written = [(60, 0.0, 0.5, 100.0, False, 0.5, 10.0, 64.0),
               (64, 1.0, 0.5, 90.0, True, 0.5, 0.0, 32.0)]
    ids = call(peer, "/live/clip/add/notes_extended", t, 0, *[v for n in written for v in n])[2:]
    assert len(ids) == 2 and ids[0] != ids[1]
    got = call(peer, "/live/clip/get/notes_extended", t, 0)[2:]
    rows = [got[i : i + 9] for i in range(0, len(got), 9)]
    assert rows == [(i, *n) for i, n in zip(ids, written, strict=True)]
    # AbletonOSC's five-field reply sees the same notes.
    assert call(peer, "/live/clip/get/notes", t, 0)[2:7] == written[0][:5]
    # Modify by id: probability and release velocity of the first note.
    do(peer, "/live/clip/modify/notes", t, 0, ids[0], 60, 0.0, 0.5, 100.0, False, 0.25, 10.0,
       100.0)
    assert call(peer, "/live/clip/get/notes_by_id", t, 0, ids[0])[2:] == (
        ids[0], 60, 0.0, 0.5, 100.0, False, 0.25, 10.0, 100.0)
    do(peer, "/live/clip/remove/notes_by_id", t, 0, ids[1])
    assert len(call(peer, "/live/clip/get/notes_extended", t, 0)[2:]) == 9
    assert f"note_id {ids[1]} is not a note of this clip" in error(
        peer, "/live/clip/get/notes_by_id", t, 0, ids[1])
    assert "probability must be in range 0..1, got 1.5" in error(
        peer, "/live/clip/add/notes_extended", t, 0, 60, 0.0, 0.5, 100.0, False, 1.5, 0.0, 64.0)
    assert "groups of 8" in error(peer, "/live/clip/add/notes_extended", t, 0, 60, 0.0)
    assert "pitch must be in range 0..127, got 128" in error(
        peer, "/live/clip/add/notes_extended", t, 0, 128, 0.0, 0.5, 100.0, False, 1.0, 0.0, 64.0)


def test_extended_notes_on_arrangement_clips(emu: Emulator, peer: Peer) -> None:
    t = new_midi_track(peer)
    call(peer, "/live/track/create_midi_clip", t, 4.0, 4.0)
    ids = call(peer, "/live/arrangement_clip/add/notes_extended", t, 0,
               36, 0.0, 0.25, 127.0, False, 0.5, 20.0, 64.0,
               38, 1.0, 0.25, 100.0, False, 1.0, 0.0, 64.0)[2:]
    got = call(peer, "/live/arrangement_clip/get/notes_extended", t, 0, 36, 1, 0.0, 4.0)[2:]
    assert got == (ids[0], 36, 0.0, 0.25, 127.0, False, 0.5, 20.0, 64.0)
    do(peer, "/live/arrangement_clip/modify/notes", t, 0, ids[1], 40, 2.0, 0.5, 80.0, True, 0.5,
       0.0, 64.0)
    assert call(peer, "/live/arrangement_clip/get/notes_by_id", t, 0, ids[1])[2:] == (
        ids[1], 40, 2.0, 0.5, 80.0, True, 0.5, 0.0, 64.0)
    do(peer, "/live/arrangement_clip/remove/notes_by_id", t, 0, ids[0])
    assert call(peer, "/live/arrangement_clip/get/notes", t, 0)[2:] == (40, 2.0, 0.5, 80.0, True)
    assert "takes 0 or 4 range arguments" in error(
        peer, "/live/arrangement_clip/get/notes_extended", t, 0, 36)


# ------------------------------------------------------------------ views


def test_views_show_focus_hide_and_select_a_device(emu: Emulator, peer: Peer) -> None:
    do(peer, "/live/application/focus_view", "Arranger")
    assert call(peer, "/live/application/get/focused_document_view") == ("Arranger",)
    do(peer, "/live/application/show_view", "Session")
    assert call(peer, "/live/application/get/focused_document_view") == ("Session",)
    for name in ("Detail/Clip", "Detail/DeviceChain"):
        do(peer, "/live/application/show_view", name)
        assert call(peer, "/live/application/get/is_view_visible", name) == (name, True)
        do(peer, "/live/application/hide_view", name)
        assert call(peer, "/live/application/get/is_view_visible", name) == (name, False)
    assert "view_name must be one of Browser, Arranger" in error(
        peer, "/live/application/show_view", "Mixer")
    t = new_midi_track(peer)
    call(peer, "/live/track/insert_device", t, "Operator")
    call(peer, "/live/track/insert_device", t, "Reverb")
    do(peer, "/live/view/select_device", t, 1)
    assert call(peer, "/live/view/get/selected_device") == (t, 1)
