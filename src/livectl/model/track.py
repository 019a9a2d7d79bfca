"""Tracks (``/live/track/...``): mixer, sends, clip slots, devices, playing/fired slot."""

from __future__ import annotations

from typing import Any

from livectl.checks import check_index, check_real_range
from livectl.client._request import Op
from livectl.model import _ops
from livectl.model._base import LiveObject, Prop
from livectl.model._collection import Collection
from livectl.model.clip import ClipSlot
from livectl.model.device import Device
from livectl.protocol import endpoint

__all__ = ["Track"]

_NUM_SCENES = endpoint("song", "num_scenes")
_SEND = endpoint("track", "send")


def _first(ep: Any, index: tuple[Any, ...]) -> Op[Any]:
    values = yield from _ops.query(ep, index)
    return values[0]


class Track(LiveObject):
    """``song.tracks[i]``. Returns and master cannot be reached through AbletonOSC (§2.2)."""

    DOMAIN = "track"
    name: Prop[str] = Prop()
    color: Prop[int] = Prop()
    mute: Prop[bool] = Prop()
    solo: Prop[bool] = Prop()
    arm: Prop[bool] = Prop()
    volume: Prop[float] = Prop()
    panning: Prop[float] = Prop()
    fired_slot_index: Prop[int] = Prop()
    playing_slot_index: Prop[int] = Prop()

    @property
    def track_index(self) -> int:
        return self._index[0]

    @property
    def clip_slots(self) -> Collection[ClipSlot]:
        t = self._index[0]
        return Collection(
            self._binding, "clip_slot",
            lambda i, _n: ClipSlot(self._binding, (t, i)),
            lambda: _first(_NUM_SCENES, ()),
            None,
        )

    @property
    def devices(self) -> Collection[Device]:
        t = self._index[0]
        return Collection(
            self._binding, "device",
            lambda i, _n: Device(self._binding, (t, i)),
            lambda: _first(endpoint("track", "num_devices"), (t,)),
            lambda: _ops.query(endpoint("track", "devices/name"), (t,)),
        )

    def clip_names(self) -> Any:
        """One name per clip slot (None for an empty slot)."""
        return self._query("clips/name")

    def get_send(self, send: int) -> Any:
        """The level of send ``send`` (to return track ``send``), 0..1."""
        return self._run(_ops.get(_SEND, (*self._index, check_index(send, "send"))))

    def set_send(self, send: int, value: float) -> Any:
        value = check_real_range("track.send", value, 0.0, 1.0)
        return self.set("send", value, check_index(send, "send"))

    def stop_all_clips(self) -> Any:
        return self._call("stop_all_clips")

    def delete_device(self, device: int) -> Any:
        return self._call("delete_device", check_index(device, "device"))

    def delete_clip(self, slot: int) -> Any:
        return self._call("delete_clip", check_index(slot, "slot"))

    def __repr__(self) -> str:
        name = f" {self._name!r}" if self._name is not None else ""
        return f"<Track {self._index[0]}{name}>"
