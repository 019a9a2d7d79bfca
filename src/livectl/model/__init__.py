"""Typed objects over a livectl client: Song, Track, ClipSlot, Clip, Note, Scene, Device,
Parameter, View, Application.

Objects carry their indices (shown in their repr, e.g. ``<Track 2 'Bass'>``) and do I/O only
when a property is read or a method called. Their properties come from the endpoint table in
:mod:`livectl.protocol`. On an asyncio connection every call that does I/O returns an
awaitable: ``await song.get("tempo")``, ``await song.set("tempo", 140)``,
``await slot.create_clip(4)``; listeners (``obj.listen(name, callback)``) are the same in both.
"""

from __future__ import annotations

from livectl.model._binding import Binding, Listener
from livectl.model.clip import Clip, ClipSlot
from livectl.model.device import Device, Parameter, Parameters
from livectl.model.note import SAFE_DATAGRAM, Note
from livectl.model.scene import Scene
from livectl.model.song import CuePoint, Song
from livectl.model.track import Track
from livectl.model.view import Application, View

__all__ = [
    "SAFE_DATAGRAM",
    "Application",
    "Binding",
    "Clip",
    "ClipSlot",
    "CuePoint",
    "Device",
    "Listener",
    "Note",
    "Parameter",
    "Parameters",
    "Scene",
    "Song",
    "Track",
    "View",
]
