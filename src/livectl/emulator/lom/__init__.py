"""Live's object model (the ``Live`` module remote scripts see), in pure Python.

The emulator's state: :class:`LiveEngine` builds Live 12's default set and drives its clock;
``engine.song`` is a :class:`Song` with Live's API (names, argument orders, listeners,
errors), so AbletonOSC-style handlers and remote scripts run on it unchanged. Nothing
here knows OSC.

Modelled: tracks (MIDI, audio, group, returns, main) with mixer, sends, routing names and
devices; clip slots and session clips (MIDI with notes; audio made by recording or from a WAV);
scenes; cue points; Song.View; the transport clock with quantized launch/stop, legato,
Toggle and Gate, recording, the arrangement loop; undo/redo of structural edits; listeners
that fire on change only and refuse changes made from inside a notification, as Live does.

Devices by name (``Track.insert_device``), racks with chains, drum pads and macros, and
``Application.browser`` are modelled too, and so are arrangement clips with their playback,
take lanes, session-clip automation envelopes that parameters follow on the clock, and Live
12's extended notes (docs/emulator.md lists what, per class).

Not modelled: audio or MIDI signal (meters stay 0), grooves, warp markers, MIDI capture, Link,
Repeat launch mode, overdub and arrangement recording, Live's trimming of overlapping notes of
one pitch.
Error texts follow Live where they are known (``Index out of range``, ``Invalid value. Check
the parameters range with min/max``, the notification error); elsewhere they say plainly
what is wrong.
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
