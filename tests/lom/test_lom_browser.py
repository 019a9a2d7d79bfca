"""Application.browser: categories, items, load_item onto the selected track, hotswap."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from lom_helpers import Recorder

from livectl.emulator.lom import LiveEngine
from livectl.emulator.lom._devices_catalogue import AUDIO_EFFECTS, INSTRUMENTS, MIDI_EFFECTS
from livectl.emulator.lom.browser import Browser, BrowserItem, FilterType, Relation
from livectl.emulator.lom.rack import RackDevice

CATEGORIES = ("instruments", "audio_effects", "midi_effects", "drums", "sounds", "samples",
              "clips", "plugins", "max_for_live", "packs", "user_library", "current_project")


def walk(item: BrowserItem) -> Iterator[BrowserItem]:
    yield item
    for child in item.children:
        yield from walk(child)


def find(browser: Browser, uri: str) -> BrowserItem:
    for name in CATEGORIES:
        for item in walk(getattr(browser, name)):
            if item.uri == uri:
                return item
    raise LookupError(uri)


@pytest.fixture
def browser(engine: LiveEngine) -> Browser:
    return engine.application.browser


def test_categories_are_browser_items(browser: Browser) -> None:
    for name in CATEGORIES:
        root = getattr(browser, name)
        assert isinstance(root, BrowserItem) and root.is_folder and not root.is_loadable
    assert len(browser.user_folders) == 0 and len(browser.legacy_libraries) == 0
    assert [c.name for c in browser.colors][:2] == ["Red", "Orange"]


def test_every_live_12_device_is_listed_with_a_query_uri(browser: Browser) -> None:
    names = {i.name: i for i in browser.instruments.children}
    assert set(names) == set(INSTRUMENTS)
    for must in ("Analog", "Collision", "Drift", "Drum Rack", "Drum Sampler", "Electric",
                 "External Instrument", "Impulse", "Instrument Rack", "Meld", "Operator",
                 "Sampler", "Simpler", "Tension", "Wavetable"):
        assert must in names
    assert names["Operator"].uri == "query:Synths#Operator"
    audio = {i.name: i.uri for i in browser.audio_effects.children}
    assert set(audio) == set(AUDIO_EFFECTS) and len(audio) == 47
    assert audio["EQ Eight"] == "query:AudioFx#EQ%20Eight"
    midi = {i.name: i.uri for i in browser.midi_effects.children}
    assert set(midi) == set(MIDI_EFFECTS) and midi["Arpeggiator"] == "query:MidiFx#Arpeggiator"
    op = names["Operator"]
    assert op.is_device and op.is_loadable and not op.is_folder and op.source == "Live"
    # children and iter_children agree; a preset folder below the device
    assert [c.name for c in op.children] == [c.name for c in op.iter_children] == ["Bass"]
    preset = op.children[0].children[0]
    assert preset.name == "Sub Bass.adv" and preset.is_loadable and not preset.is_device
    assert preset.uri.startswith("query:Synths#Operator:Bass:FileId_")


def test_children_vector_is_a_copy(browser: Browser) -> None:
    children = browser.instruments.children
    children.append(browser.drums)
    assert len(browser.instruments.children) == len(children) - 1
    with pytest.raises(IndexError, match=r"^Index out of range$"):
        browser.instruments.children[999]


def test_load_instrument_onto_selected_track(engine: LiveEngine, browser: Browser) -> None:
    song = engine.song
    track = song.tracks[1]
    song.view.selected_track = track
    rec = Recorder(lambda: [d.name for d in track.devices])
    track.add_devices_listener(rec)
    item = find(browser, "query:Synths#Operator")
    browser.load_item(item)
    device = track.devices[0]
    assert (device.name, device.class_name, device.class_display_name) == (
        "Operator", "Operator", "Operator")
    assert str(device.type) == "instrument" and device.canonical_parent is track
    assert rec.values == [["Operator"]]
    assert track.view.selected_device is device and song.appointed_device is device
    assert item.is_selected and browser.instruments.is_selected
    assert not browser.drums.is_selected
    names = [p.name for p in device.parameters]
    assert names[0] == "Device On" and len(names) > 12
    for p in device.parameters:
        assert p.min <= p.value <= p.max
        if p.is_quantized and p.value_items:
            assert len(p.value_items) == round(p.max - p.min) + 1
    # a second instrument replaces the first, as Live's browser does
    browser.load_item(find(browser, "query:Synths#Wavetable"))
    assert [d.name for d in track.devices] == ["Wavetable"]
    song.undo()
    assert [d.name for d in track.devices] == ["Operator"]


def test_effects_take_their_places(engine: LiveEngine, browser: Browser) -> None:
    song = engine.song
    track = song.tracks[0]
    song.view.selected_track = track
    for uri in ("query:Synths#Drift", "query:AudioFx#Reverb", "query:MidiFx#Arpeggiator",
                "query:AudioFx#EQ%20Eight", "query:MidiFx#Chord"):
        browser.load_item(find(browser, uri))
    assert [d.name for d in track.devices] == ["Arpeggiator", "Chord", "Drift", "Reverb",
                                               "EQ Eight"]
    assert [str(d.type) for d in track.devices] == [
        "midi_effect", "midi_effect", "instrument", "audio_effect", "audio_effect"]
    # device_insert_mode 1: left of the selected device
    track.view.device_insert_mode = 1
    song.view.select_device(track.devices[3])
    browser.load_item(find(browser, "query:AudioFx#Saturator"))
    assert [d.name for d in track.devices][3:] == ["Saturator", "Reverb", "EQ Eight"]


def test_instrument_on_audio_track_is_refused(engine: LiveEngine, browser: Browser) -> None:
    song = engine.song
    audio = song.tracks[2]
    song.view.selected_track = audio
    with pytest.raises(RuntimeError, match="instrument cannot be placed on an audio-only"):
        browser.load_item(find(browser, "query:Synths#Operator"))
    with pytest.raises(RuntimeError, match="MIDI effect cannot be placed"):
        browser.load_item(find(browser, "query:MidiFx#Arpeggiator"))
    assert len(audio.devices) == 0
    browser.load_item(find(browser, "query:AudioFx#Compressor"))
    assert audio.devices[0].class_name == "Compressor2"
    # return and main tracks take audio effects
    song.view.selected_track = song.return_tracks[0]
    browser.load_item(find(browser, "query:AudioFx#Echo"))
    song.view.selected_track = song.master_track
    browser.load_item(find(browser, "query:AudioFx#Limiter"))
    assert song.return_tracks[0].devices[-1].name == "Echo"
    assert song.master_track.devices[0].class_name == "Limiter"


def test_drum_kit_loads_a_drum_rack_with_pads(engine: LiveEngine, browser: Browser) -> None:
    song = engine.song
    song.view.selected_track = song.tracks[0]
    kit = next(i for i in browser.drums.children if i.name == "Kit-Core 808.adg")
    assert kit.uri.startswith("query:Drums#FileId_") and kit.is_loadable
    browser.load_item(kit)
    rack = song.tracks[0].devices[0]
    assert isinstance(rack, RackDevice)
    assert (rack.name, rack.class_name, rack.class_display_name) == (
        "Kit-Core 808", "DrumGroupDevice", "Drum Rack")
    assert rack.can_have_drum_pads and rack.can_have_chains and rack.has_drum_pads
    kick = rack.drum_pads[36]
    assert kick.name == "Kick 808" and kick.note == 36
    chain = kick.chains[0]
    assert chain.in_note == 36 and chain.devices[0].class_name == "OriginalSimpler"
    assert chain.devices[0].canonical_parent is chain and chain.canonical_parent is rack
    assert song.tracks[0].can_show_chains


def test_sample_loads_simpler_and_preset_loads_rack(engine: LiveEngine, browser: Browser) -> None:
    song = engine.song
    song.view.selected_track = song.tracks[0]
    sample = browser.samples.children[0].children[0]
    browser.load_item(sample)
    assert song.tracks[0].devices[0].class_name == "OriginalSimpler"
    pad = next(i for i in browser.sounds.children if i.name == "Pad").children[0]
    browser.load_item(pad)
    rack = song.tracks[0].devices[0]
    assert isinstance(rack, RackDevice) and rack.name == "Warm Pad"
    assert rack.has_macro_mappings and rack.macros_mapped[:3] == (True, True, False)
    assert [c.name for c in rack.chains] == ["Wavetable", "Analog"]


def test_hotswap_replaces_target(engine: LiveEngine, browser: Browser) -> None:
    song = engine.song
    track = song.tracks[0]
    track.insert_device("Operator")
    track.insert_device("Reverb")
    rec = Recorder(lambda: browser.hotswap_target)
    browser.add_hotswap_target_listener(rec)
    browser.hotswap_target = track.devices[1]
    browser.hotswap_target = track.devices[1]
    assert rec.values == [track.devices[1]]
    assert browser.filter_type == FilterType.audio_effect_hotswap
    assert browser.relation_to_hotswap_target(find(browser, "query:AudioFx#Reverb")) == \
        Relation.equal
    assert browser.relation_to_hotswap_target(browser.audio_effects) == Relation.ancestor
    assert browser.relation_to_hotswap_target(browser.instruments) == Relation.none
    song.view.selected_track = song.tracks[1]  # hotswap ignores the selected track
    browser.load_item(find(browser, "query:AudioFx#Delay"))
    assert [d.name for d in track.devices] == ["Operator", "Delay"]
    assert browser.hotswap_target is track.devices[1] and len(song.tracks[1].devices) == 0
    with pytest.raises(RuntimeError, match="different types"):
        browser.load_item(find(browser, "query:Synths#Analog"))
    browser.hotswap_target = None
    assert browser.filter_type == FilterType.hotswap_off


def test_filter_type_and_errors(browser: Browser) -> None:
    rec = Recorder(lambda: browser.filter_type)
    browser.add_filter_type_listener(rec)
    browser.filter_type = FilterType.samples
    browser.filter_type = FilterType.samples
    assert rec.values == [FilterType.samples]
    with pytest.raises(RuntimeError, match=r"filter_type must be in range -1\.\.6, got 9"):
        browser.filter_type = 9
    with pytest.raises(RuntimeError, match="not loadable"):
        browser.load_item(browser.instruments)
    with pytest.raises(TypeError, match="expected a BrowserItem"):
        browser.load_item("query:Synths#Operator")  # type: ignore[arg-type]
    browser.preview_item(browser.samples.children[0].children[0])
    browser.stop_preview()
    assert hasattr(browser, "add_full_refresh_listener")


def test_browser_survives_across_calls_and_resets(engine: LiveEngine) -> None:
    assert engine.application.browser is engine.application.browser
    engine.reset()
    browser = engine.application.browser
    engine.song.view.selected_track = engine.song.tracks[0]
    browser.load_item(find(browser, "query:Synths#Meld"))
    assert engine.song.tracks[0].devices[0].class_name == "InstrumentMeld"


def test_live_module_exposes_browser_and_rack_classes(engine: LiveEngine) -> None:
    """Remote scripts import these by Live's names (``import Live; Live.Browser.Browser``)."""
    from livectl.emulator import _framework

    midi_maps: object = _framework.MidiMaps() if hasattr(_framework, "MidiMaps") else []
    modules = _framework.build_modules(engine, midi_maps)  # type: ignore[arg-type]
    live = modules["Live"]
    assert live.Browser.Browser is Browser and live.Browser.FilterType is FilterType
    assert live.Browser.Relation.none == 3 and live.Browser.BrowserItem is BrowserItem
    assert live.RackDevice.RackDevice is RackDevice
    assert live.Chain.Chain.__name__ == "Chain" and live.DrumChain.DrumChain.__name__ == "DrumChain"
    assert live.DrumPad.DrumPad.__name__ == "DrumPad"
    assert live.ChainMixerDevice.ChainMixerDevice.__name__ == "ChainMixerDevice"
    assert isinstance(modules["Live.Application"].get_application().browser, Browser)
