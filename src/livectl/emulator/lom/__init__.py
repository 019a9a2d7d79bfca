"""Live's object model (the ``Live`` module remote scripts see), in pure Python.

The emulator's state: :class:`LiveEngine` builds Live 12's default set and drives its clock;
``engine.song`` is a :class:`Song` with Live's API (names, argument orders, listeners,
errors), so AbletonOSC-style handlers and remote scripts run on it unchanged. Nothing
here knows OSC.
"""

from livectl.emulator.lom.application import Application
from livectl.emulator.lom.clip import Clip
from livectl.emulator.lom.clip_slot import ClipSlot
from livectl.emulator.lom.device import Device, DeviceParameter, MixerDevice
from livectl.emulator.lom.engine import TICK_SECONDS, LiveEngine
from livectl.emulator.lom.enums import (
    ClipLaunchQuantization,
    DeviceType,
    LaunchMode,
    Quantization,
    RecordingQuantization,
    WarpMode,
)
from livectl.emulator.lom.notes import MidiNote, MidiNoteSpecification
from livectl.emulator.lom.scene import Scene
from livectl.emulator.lom.song import CuePoint, Song
from livectl.emulator.lom.track import Track

__all__ = [
    "TICK_SECONDS",
    "Application",
    "Clip",
    "ClipLaunchQuantization",
    "ClipSlot",
    "CuePoint",
    "Device",
    "DeviceParameter",
    "DeviceType",
    "LaunchMode",
    "LiveEngine",
    "MidiNote",
    "MidiNoteSpecification",
    "MixerDevice",
    "Quantization",
    "RecordingQuantization",
    "Scene",
    "Song",
    "Track",
    "WarpMode",
]
