"""Track.insert_device (Live 12.3), racks, chains, drum pads and macros."""

from __future__ import annotations

import pytest
from lom_helpers import Recorder

from livectl.emulator.lom import LiveEngine
from livectl.emulator.lom.rack import Chain, DrumChain, RackDevice, note_name


def rack_on(engine: LiveEngine, name: str, track: int = 0) -> RackDevice:
    device = engine.song.tracks[track].insert_device(name)
    assert isinstance(device, RackDevice)
    return device


def test_insert_device_by_name_follows_live_placement(engine: LiveEngine) -> None:
    track = engine.song.tracks[0]
    rec = Recorder(lambda: len(track.devices))
    track.add_devices_listener(rec)
    op = track.insert_device("Operator")
    assert op is track.devices[0] and op.canonical_parent is track
    track.insert_device("Reverb")
    track.insert_device("Arpeggiator")  # -1: the last place a MIDI effect may go
    track.insert_device("Utility", 2)
    assert [d.name for d in track.devices] == ["Arpeggiator", "Operator", "Utility", "Reverb"]
    assert rec.values == [1, 2, 3, 4]
    assert track.devices[2].class_name == "StereoGain"
    with pytest.raises(RuntimeError, match="already has an instrument"):
        track.insert_device("Analog")
    with pytest.raises(RuntimeError, match=r"at index 0: allowed are 2\.\.4"):
        track.insert_device("Saturator", 0)
    with pytest.raises(IndexError, match=r"^Index out of range$"):
        track.insert_device("Saturator", 9)
    with pytest.raises(RuntimeError, match="Unknown device name 'Foo'"):
        track.insert_device("Foo")
    with pytest.raises(RuntimeError, match="Max for Live device"):
        track.insert_device("LFO")
    with pytest.raises(TypeError):
        track.insert_device(5)  # type: ignore[arg-type]
    assert rec.values == [1, 2, 3, 4]  # refused inserts change nothing


def test_midi_track_needs_instrument_before_audio_effects(engine: LiveEngine) -> None:
    track = engine.song.tracks[1]
    with pytest.raises(RuntimeError, match="needs an instrument before it"):
        track.insert_device("Reverb")
    audio = engine.song.tracks[2]
    with pytest.raises(RuntimeError, match="instrument cannot be placed"):
        audio.insert_device("Simpler")
    assert audio.insert_device("Auto Filter").class_name == "AutoFilter"


def test_return_and_main_tracks_take_devices(engine: LiveEngine) -> None:
    song = engine.song
    ret = song.return_tracks[1]
    ret.insert_device("Delay")
    song.master_track.insert_device("Glue Compressor")
    song.master_track.insert_device("Limiter")
    assert [d.name for d in song.master_track.devices] == ["Glue Compressor", "Limiter"]
    assert ret.devices[0].canonical_parent is ret
    assert len(ret.mixer_device.sends) == len(song.return_tracks)
    song.master_track.delete_device(0)
    assert [d.name for d in song.master_track.devices] == ["Limiter"]


def test_undo_insert_and_duplicate(engine: LiveEngine) -> None:
    track = engine.song.tracks[0]
    track.insert_device("Drift")
    track.insert_device("Chorus-Ensemble")
    track.duplicate_device(1)
    assert [d.name for d in track.devices] == ["Drift", "Chorus-Ensemble", "Chorus-Ensemble"]
    assert track.devices[1] is not track.devices[2]
    with pytest.raises(RuntimeError, match="holds one instrument"):
        track.duplicate_device(0)
    engine.song.undo()
    engine.song.undo()
    assert [d.name for d in track.devices] == ["Drift"]


def test_instrument_rack_chains(engine: LiveEngine) -> None:
    rack = rack_on(engine, "Instrument Rack")
    assert rack.can_have_chains and not rack.can_have_drum_pads and len(rack.chains) == 0
    rec = Recorder(lambda: len(rack.chains))
    rack.add_chains_listener(rec)
    first = rack.insert_chain()
    second = rack.insert_chain(0)
    assert isinstance(first, Chain) and list(rack.chains) == [second, first]
    assert rec.values == [1, 2]
    op = first.insert_device("Operator")
    first.insert_device("Reverb")
    assert op.canonical_parent is first and first.canonical_parent is rack
    assert [d.name for d in first.devices] == ["Operator", "Reverb"]
    assert first.has_audio_output and not first.has_midi_output
    with pytest.raises(RuntimeError, match="already has an instrument"):
        first.insert_device("Wavetable")
    first.delete_device(1)
    assert [d.name for d in first.devices] == ["Operator"]
    with pytest.raises(RuntimeError, match="Index out of range"):
        first.delete_device(4)
    with pytest.raises(RuntimeError, match="Index out of range"):
        rack.insert_chain(7)
    with pytest.raises(RuntimeError, match="no drum pads"):
        _ = rack.drum_pads
    assert engine.song.tracks[0].can_show_chains
    track = engine.song.tracks[0]
    shown = Recorder(lambda: track.is_showing_chains)
    track.add_is_showing_chains_listener(shown)
    track.is_showing_chains = True
    track.is_showing_chains = True
    assert shown.values == [True] and rack.is_showing_chains


def test_effect_rack_chains_hold_their_kind(engine: LiveEngine) -> None:
    audio_rack = rack_on(engine, "Audio Effect Rack", track=2)
    chain = audio_rack.insert_chain()
    chain.insert_device("Saturator")
    with pytest.raises(RuntimeError, match="MIDI effect cannot be placed"):
        chain.insert_device("Arpeggiator")
    assert chain.has_audio_input and chain.has_audio_output
    midi_rack = rack_on(engine, "MIDI Effect Rack", track=1)
    mchain = midi_rack.insert_chain()
    mchain.insert_device("Scale")
    with pytest.raises(RuntimeError, match="instrument cannot be placed"):
        mchain.insert_device("Operator")
    assert mchain.has_midi_output and str(midi_rack.type) == "midi_effect"


def test_chain_mute_solo_and_mixer(engine: LiveEngine) -> None:
    rack = rack_on(engine, "Instrument Rack")
    a, b = rack.insert_chain(), rack.insert_chain()
    muted = Recorder(lambda: b.muted_via_solo)
    b.add_muted_via_solo_listener(muted)
    a.solo = True
    a.solo = True
    assert muted.values == [True] and not a.muted_via_solo
    a.solo = False
    assert muted.values == [True, False]
    color = Recorder(lambda: (a.color_index, a.color))
    a.add_color_listener(color)
    a.color_index = 5
    assert color.values == [(5, 0x1AFF2F)]
    mixer = a.mixer_device
    assert mixer.canonical_parent is a and mixer.volume.value == 0.85
    assert (mixer.panning.min, mixer.panning.max) == (-1.0, 1.0)
    assert mixer.chain_activator.is_quantized and len(mixer.sends) == 0


def test_drum_rack_pads(engine: LiveEngine) -> None:
    rack = rack_on(engine, "Drum Rack")
    pads = rack.drum_pads
    assert len(pads) == 128 and [p.note for p in pads] == list(range(128))
    assert pads[36].name == "C1" == note_name(36) and pads[60].name == "C3"
    assert not rack.has_drum_pads and len(pads[36].chains) == 0
    assert [p.note for p in rack.visible_drum_pads] == list(range(36, 52))
    visible = Recorder(lambda: rack.visible_drum_pads[0].note)
    rack.add_visible_drum_pads_listener(visible)
    rack.view.drum_pads_scroll_position = 10
    rack.view.drum_pads_scroll_position = 10
    assert visible.values == [40]
    with pytest.raises(RuntimeError, match=r"0\.\.28"):
        rack.view.drum_pads_scroll_position = 40
    # a new chain goes to the selected pad
    rack.view.selected_drum_pad = pads[38]
    names = Recorder(lambda: pads[38].name)
    pads[38].add_name_listener(names)
    chain = rack.insert_chain()
    assert isinstance(chain, DrumChain) and chain.in_note == 38
    chain.name = "Snare"
    chain.insert_device("Drum Sampler")
    assert list(pads[38].chains) == [chain] and rack.has_drum_pads
    assert names.values == ["Chain", "Snare"]  # D1 -> the new chain -> its new name
    # moving a chain to another pad moves it between pads
    chain.in_note = 40
    assert len(pads[38].chains) == 0 and list(pads[40].chains) == [chain]
    assert names.values == ["Chain", "Snare", "D1"] and pads[40].name == "Snare"
    with pytest.raises(RuntimeError, match=r"in_note must be in range 0\.\.127, got 128"):
        chain.in_note = 128
    rack.copy_pad(40, 41)
    assert pads[41].chains[0].devices[0].class_name == "DrumCell"
    assert pads[41].chains[0] is not chain
    pads[40].delete_all_chains()
    assert len(pads[40].chains) == 0 and len(rack.chains) == 1
    engine.song.undo()
    assert list(pads[40].chains) == [chain]
    pads[40].mute = True
    assert pads[40].mute


def test_kit_pads_have_chains_with_devices(engine: LiveEngine) -> None:
    browser = engine.application.browser
    engine.song.view.selected_track = engine.song.tracks[0]
    browser.load_item(next(i for i in browser.drums.children if i.name == "Kit-Core 909.adg"))
    rack = engine.song.tracks[0].devices[0]
    assert isinstance(rack, RackDevice)
    filled = [p for p in rack.drum_pads if len(p.chains)]
    assert [p.note for p in filled] == [36, 38, 39, 42, 46, 51]
    for pad in filled:
        chain = pad.chains[0]
        assert chain.in_note == pad.note and pad.name == chain.name
        assert chain.devices[0].class_display_name == "Simpler"


def test_macros_visible_count_and_mapping(engine: LiveEngine) -> None:
    rack = rack_on(engine, "Instrument Rack")
    names = [p.name for p in rack.parameters]
    assert names[0] == "Device On" and names[1:17] == [f"Macro {i}" for i in range(1, 17)]
    assert rack.chain_selector.name == "Chain Selector"
    assert rack.visible_macro_count == 8 and not rack.has_macro_mappings
    assert rack.macros_mapped == (False,) * 16
    count = Recorder(lambda: rack.visible_macro_count)
    rack.add_visible_macro_count_listener(count)
    rack.add_macro()
    rack.remove_macro()
    assert count.values == [9, 8]
    for _ in range(7):
        rack.remove_macro()
    with pytest.raises(RuntimeError, match="minimum number of macros"):
        rack.remove_macro()
    # a preset rack comes with mapped macros that move their targets
    browser = engine.application.browser
    engine.song.view.selected_track = engine.song.tracks[1]
    pad = next(i for i in browser.sounds.children if i.name == "Pad").children[0]
    browser.load_item(pad)
    warm = engine.song.tracks[1].devices[0]
    assert isinstance(warm, RackDevice) and warm.parameters[1].name == "Filter"
    target = next(p for p in warm.chains[0].devices[0].parameters if p.name == "Filter 1 Freq")
    moved = Recorder(lambda: target.value)
    target.add_value_listener(moved)
    assert target.value == 0.0  # mapped to macro 1 at 0
    warm.parameters[1].value = 0.0
    warm.parameters[1].value = 63.5
    warm.parameters[1].value = 63.5
    assert moved.values == [0.5]
    with pytest.raises(RuntimeError, match="Invalid value"):
        warm.parameters[1].value = 200


def test_variations(engine: LiveEngine) -> None:
    rack = rack_on(engine, "Audio Effect Rack", track=2)
    macro = rack.parameters[1]
    counts = Recorder(lambda: rack.variation_count)
    rack.add_variation_count_listener(counts)
    macro.value = 10
    rack.store_variation()
    macro.value = 90
    rack.store_variation()
    rack.selected_variation_index = 0
    rack.recall_selected_variation()
    assert macro.value == 10
    rack.delete_selected_variation()
    assert counts.values == [1, 2, 1] and rack.variation_count == 1
    with pytest.raises(RuntimeError, match="Index out of range"):
        rack.selected_variation_index = 3
    rack.randomize_macros()
    assert all(0 <= m.value <= 127 for m in list(rack.parameters)[1:17])


def test_device_on_makes_nested_devices_inactive(engine: LiveEngine) -> None:
    rack = rack_on(engine, "Instrument Rack")
    chain = rack.insert_chain()
    inner = chain.insert_device("Analog")
    active = Recorder(lambda: inner.is_active)
    inner.add_is_active_listener(active)
    rack.parameters[0].value = 0
    rack.parameters[0].value = 0
    assert not rack.is_active and active.values == [False]
    rack.parameters[0].value = 1
    assert inner.is_active and active.values == [False, True]
    inner.parameters[0].value = 0
    assert not inner.is_active and rack.is_active


def test_snapshot_round_trip_keeps_racks(engine: LiveEngine) -> None:
    browser = engine.application.browser
    song = engine.song
    song.view.selected_track = song.tracks[0]
    browser.load_item(next(i for i in browser.drums.children if i.name == "Kit-Core 808.adg"))
    song.view.selected_track = song.tracks[1]
    browser.load_item(next(i for i in browser.sounds.children if i.name == "Pad").children[0])
    song.tracks[1].devices[0].parameters[2].value = 100
    song.master_track.insert_device("Limiter")
    data = engine.to_dict()
    engine.load_dict(data)
    song = engine.song
    kit = song.tracks[0].devices[0]
    assert isinstance(kit, RackDevice) and kit.drum_pads[36].chains[0].name == "Kick 808"
    warm = song.tracks[1].devices[0]
    assert isinstance(warm, RackDevice) and warm.macros_mapped[:2] == (True, True)
    assert warm.parameters[2].name == "Space" and warm.parameters[2].value == 100
    target = warm.chains[0].devices[1].parameters
    warm.parameters[2].value = 0
    assert next(p for p in target if p.name == "Dry/Wet").value == 0.0
    assert song.master_track.devices[0].name == "Limiter"
    assert engine.to_dict() == data or engine.to_dict()["tracks"][0] == data["tracks"][0]
