"""Importable stand-ins for the modules a Live remote script imports.

``build_modules(engine)`` returns the module objects to place in ``sys.modules`` under
Live's names: ``Live`` (Song, Track, Clip, ClipSlot, Scene, Device, DeviceParameter,
MixerDevice, Application, Base, MidiMap), ``_Framework.ControlSurface``,
``_Framework.EncoderElement``, ``_Framework.InputControlElement``,
``_Framework.ControlSurfaceComponent`` and ``ableton.v2.control_surface``.
"""

from __future__ import annotations

import logging
from types import ModuleType
from typing import Any

from livectl.emulator._framework.control_surface import (
    CInstance,
    Component,
    ControlSurface,
    ControlSurfaceComponent,
    V2ControlSurface,
)
from livectl.emulator._framework.encoder import EncoderElement, framework_modules
from livectl.emulator._framework.midi_map import MidiMaps, midi_map_module
from livectl.emulator._framework.session import SessionComponent
from livectl.emulator._framework.timer import TimerQueue, timer_class
from livectl.emulator.lom import (
    LiveEngine,
    application,
    arrangement,
    clip,
    clip_slot,
    device,
    enums,
    envelope,
    scene,
    song_time,
)
from livectl.emulator.lom import browser as browser_module
from livectl.emulator.lom import rack as rack_module
from livectl.emulator.lom import song as song_module
from livectl.emulator.lom import track as track_module
from livectl.emulator.lom.notes import MidiNote, MidiNoteSpecification

__all__ = [
    "CInstance",
    "Component",
    "ControlSurface",
    "ControlSurfaceComponent",
    "EncoderElement",
    "MidiMaps",
    "SessionComponent",
    "TimerQueue",
    "V2ControlSurface",
    "build_modules",
]

log = logging.getLogger("livectl.emulator.remote_script")


def _module(name: str, doc: str, **attrs: Any) -> ModuleType:
    module = ModuleType(name, doc)
    for key, value in attrs.items():
        setattr(module, key, value)
    return module


def build_modules(engine: LiveEngine, midi_maps: MidiMaps, *,
                  timers: TimerQueue | None = None) -> dict[str, ModuleType]:
    """The ``sys.modules`` entries for Live's names, bound to ``engine``.

    ``Live.Base.Timer`` instances run on ``timers`` (the host fires it on the engine's clock).
    """
    if timers is None:
        timers = TimerQueue(engine.clock)

    def get_application() -> application.Application:
        return engine.application  # the current one, also after engine.reset()

    modules = {
        "Live.Application": _module("Live.Application", "Emulated Live.Application",
                                    Application=application.Application,
                                    get_application=get_application),
        "Live.Song": _module("Live.Song", "Emulated Live.Song", Song=song_module.Song,
                             CuePoint=song_module.CuePoint, Quantization=enums.Quantization,
                             RecordingQuantization=enums.RecordingQuantization,
                             CaptureMode=enums.CaptureMode,
                             SessionRecordStatus=enums.SessionRecordStatus,
                             SmptTime=song_time.SmptTime, TimeFormat=song_time.TimeFormat),
        "Live.Track": _module("Live.Track", "Emulated Live.Track", Track=track_module.Track,
                              RoutingType=track_module.RoutingType,
                              RoutingChannel=track_module.RoutingChannel,
                              DeviceInsertMode=enums.DeviceInsertMode),
        "Live.Clip": _module("Live.Clip", "Emulated Live.Clip", Clip=clip.Clip,
                             MidiNoteSpecification=MidiNoteSpecification, MidiNote=MidiNote,
                             LaunchMode=enums.LaunchMode, WarpMode=enums.WarpMode,
                             ClipLaunchQuantization=enums.ClipLaunchQuantization),
        "Live.ClipSlot": _module("Live.ClipSlot", "Emulated Live.ClipSlot",
                                 ClipSlot=clip_slot.ClipSlot,
                                 ClipSlotPlayingState=enums.ClipSlotPlayingState),
        "Live.Scene": _module("Live.Scene", "Emulated Live.Scene", Scene=scene.Scene),
        "Live.Envelope": _module("Live.Envelope", "Emulated Live.Envelope",
                                 Envelope=envelope.Envelope, EnvelopeEvent=envelope.EnvelopeEvent,
                                 EnvelopeEventControlCoefficients=(
                                     envelope.EnvelopeEventControlCoefficients),
                                 EnvelopeEventVector=envelope.EnvelopeEventVector),
        "Live.TakeLane": _module("Live.TakeLane", "Emulated Live.TakeLane",
                                 TakeLane=arrangement.TakeLane),
        "Live.Device": _module("Live.Device", "Emulated Live.Device", Device=device.Device,
                               DeviceType=enums.DeviceType),
        "Live.DeviceParameter": _module("Live.DeviceParameter", "Emulated Live.DeviceParameter",
                                        DeviceParameter=device.DeviceParameter,
                                        AutomationState=envelope.AutomationState,
                                        ParameterState=envelope.ParameterState),
        "Live.MixerDevice": _module("Live.MixerDevice", "Emulated Live.MixerDevice",
                                    MixerDevice=device.MixerDevice),
        "Live.Browser": _module("Live.Browser", "Emulated Live.Browser",
                                Browser=browser_module.Browser,
                                BrowserItem=browser_module.BrowserItem,
                                BrowserItemIterator=browser_module.BrowserItemIterator,
                                BrowserItemVector=browser_module.BrowserItemVector,
                                FilterType=browser_module.FilterType,
                                Relation=browser_module.Relation),
        "Live.RackDevice": _module("Live.RackDevice", "Emulated Live.RackDevice",
                                   RackDevice=rack_module.RackDevice),
        "Live.Chain": _module("Live.Chain", "Emulated Live.Chain", Chain=rack_module.Chain),
        "Live.DrumChain": _module("Live.DrumChain", "Emulated Live.DrumChain",
                                  DrumChain=rack_module.DrumChain),
        "Live.DrumPad": _module("Live.DrumPad", "Emulated Live.DrumPad",
                                DrumPad=rack_module.DrumPad),
        "Live.ChainMixerDevice": _module("Live.ChainMixerDevice", "Emulated Live.ChainMixerDevice",
                                         ChainMixerDevice=rack_module.ChainMixerDevice),
        "Live.Base": _module("Live.Base", "Emulated Live.Base", log=lambda text: log.info("%s", text),
                             Timer=timer_class(timers)),
        "Live.MidiMap": midi_map_module(midi_maps),
    }
    live = _module("Live", "The emulated Live module (livectl)")
    live.__path__ = []  # a package, so "import Live.Song" works
    for name, module in modules.items():
        setattr(live, name.split(".", 1)[1], module)
    modules["Live"] = live

    framework = _module("_Framework", "Emulated _Framework")
    framework.__path__ = []
    surface = _module("_Framework.ControlSurface", "", ControlSurface=ControlSurface)
    component = _module("_Framework.ControlSurfaceComponent", "",
                        ControlSurfaceComponent=ControlSurfaceComponent)
    framework.ControlSurface = surface  # type: ignore[attr-defined]
    framework.ControlSurfaceComponent = component  # type: ignore[attr-defined]
    session = _module("_Framework.SessionComponent", "", SessionComponent=SessionComponent)
    framework.SessionComponent = session  # type: ignore[attr-defined]
    modules["_Framework.SessionComponent"] = session
    for name, module in framework_modules().items():  # EncoderElement, InputControlElement
        setattr(framework, name.split(".", 1)[1], module)
        modules[name] = module

    ableton = _module("ableton", "Emulated ableton")
    ableton.__path__ = []
    v2 = _module("ableton.v2", "")
    v2.__path__ = []
    control_surface = _module("ableton.v2.control_surface", "", ControlSurface=V2ControlSurface,
                              Component=Component)
    control_surface.__path__ = []
    cs_component = _module("ableton.v2.control_surface.component", "", Component=Component)
    control_surface.component = cs_component  # type: ignore[attr-defined]
    v2.control_surface = control_surface  # type: ignore[attr-defined]
    ableton.v2 = v2  # type: ignore[attr-defined]
    modules.update({
        "_Framework": framework,
        "_Framework.ControlSurface": surface,
        "_Framework.ControlSurfaceComponent": component,
        "ableton": ableton,
        "ableton.v2": v2,
        "ableton.v2.control_surface": control_surface,
        "ableton.v2.control_surface.component": cs_component,
    })
    return modules
