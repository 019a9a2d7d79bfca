"""Devices, parameters and the mixer."""

from __future__ import annotations

import pytest
from lom_helpers import Recorder

from livectl.emulator.lom import DeviceType, LiveEngine

FILTER = [
    {"name": "Filter Freq", "value": 0.5, "min": 0.0, "max": 1.0, "is_quantized": False},
    {"name": "Filter Type", "value": 0.0, "min": 0.0, "max": 3.0, "is_quantized": True,
     "value_items": ["LP", "HP", "BP", "Notch"]},
]


def test_add_device_puts_device_on_first(engine: LiveEngine) -> None:
    device = engine.add_device(0, "Operator", "Operator", DeviceType.instrument, FILTER)
    track = engine.song.tracks[0]
    assert track.devices[0] is device and device.canonical_parent is track
    assert [p.name for p in device.parameters] == ["Device On", "Filter Freq", "Filter Type"]
    assert (device.class_name, device.type) == ("Operator", 1)
    # an instrument turns MIDI out into audio out
    assert track.has_audio_output and not track.has_midi_output


def test_parameter_range_error_and_listener(engine: LiveEngine) -> None:
    device = engine.add_device(1, "Auto Filter", "AutoFilter", DeviceType.audio_effect, FILTER)
    freq = device.parameters[1]
    rec = Recorder(lambda: freq.value)
    freq.add_value_listener(rec)
    freq.value = 0.75
    freq.value = 0.75
    with pytest.raises(RuntimeError, match=r"Invalid value\. Check the parameters range with min/max"):
        freq.value = 1.5
    assert rec.values == [0.75] and freq.value == 0.75
    assert freq.str_for_value(0.25) == "0.25"


def test_quantized_parameter_strings(engine: LiveEngine) -> None:
    device = engine.add_device(1, "Auto Filter", "AutoFilter", 2, FILTER)
    kind = device.parameters[2]
    kind.value = 2
    assert kind.is_quantized and str(kind) == "BP" and kind.value_items == ("LP", "HP", "BP", "Notch")
    assert str(device.parameters[0]) == "On"


def test_delete_device_and_undo(engine: LiveEngine) -> None:
    track = engine.song.tracks[0]
    engine.add_device(0, "A", "Operator", 1)
    engine.add_device(0, "B", "Reverb", 2)
    track.delete_device(0)
    assert [d.name for d in track.devices] == ["B"]
    engine.song.undo()
    assert [d.name for d in track.devices] == ["A", "B"]
    with pytest.raises(IndexError, match=r"^Index out of range$"):
        track.delete_device(5)


def test_mixer_values_and_pan_string(engine: LiveEngine) -> None:
    mixer = engine.song.tracks[0].mixer_device
    rec = Recorder(lambda: mixer.volume.value)
    mixer.volume.add_value_listener(rec)
    mixer.volume.value = 0.5
    mixer.panning.value = -0.5
    assert rec.values == [0.5] and str(mixer.panning) == "25L"
    with pytest.raises(RuntimeError):
        mixer.panning.value = 1.5
    with pytest.raises(RuntimeError, match="Only the main track has a crossfader"):
        _ = mixer.crossfader
    assert engine.song.master_track.mixer_device.crossfader.value == 0.0
