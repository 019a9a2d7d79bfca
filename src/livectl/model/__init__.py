"""Typed objects over a livectl client: Song, Track, ClipSlot, Clip, Note, Scene, Device,
Parameter, View, Application; with livectl's script also Browser, racks (Chain, DrumPad),
arrangement clips, automation Envelopes, return tracks and the master.

Objects carry their indices (shown in their repr, e.g. ``<Track 2 'Bass'>``) and do I/O only
when a property is read or a method called. Their properties come from the endpoint table in
:mod:`livectl.protocol`. On an asyncio connection every call that does I/O returns an
awaitable: ``await song.get("tempo")``, ``await song.set("tempo", 140)``,
``await slot.create_clip(4)``; listeners (``obj.listen(name, callback)``) are the same in both.
"""

from __future__ import annotations

from livectl.model._binding import Binding, Listener
from livectl.model._params import NestedParameter, NestedParameters
from livectl.model.arrangement import ArrangementClip
from livectl.model.automation import Envelope
from livectl.model.browser import Browser, BrowserItem
from livectl.model.clip import Clip, ClipSlot
from livectl.model.device import Device, Parameter, Parameters
from livectl.model.mixer import MasterTrack, MixerDevice, ReturnTrack
from livectl.model.note import SAFE_DATAGRAM, Note
from livectl.model.rack import Chain, ChainDevice, DrumPad, DrumPads
from livectl.model.scene import Scene
from livectl.model.song import CuePoint, Song
from livectl.model.track import Track
from livectl.model.view import Application, AppView, View

__all__ = [
    "SAFE_DATAGRAM",
    "AppView",
    "Application",
    "ArrangementClip",
    "Binding",
    "Browser",
    "BrowserItem",
    "Chain",
    "ChainDevice",
    "Clip",
    "ClipSlot",
    "CuePoint",
    "Device",
    "DrumPad",
    "DrumPads",
    "Envelope",
    "Listener",
    "MasterTrack",
    "MixerDevice",
    "NestedParameter",
    "NestedParameters",
    "Note",
    "Parameter",
    "Parameters",
    "ReturnTrack",
    "Scene",
    "Song",
    "Track",
    "View",
]
