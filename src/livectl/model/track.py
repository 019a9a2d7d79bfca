"""Tracks (``/live/track/...``): mixer, sends, clip slots, devices, playing/fired slot."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from livectl.checks import check_index, check_real_range
from livectl.client._request import Op
from livectl.errors import ValidationError
from livectl.model import _ext, _ops
from livectl.model._base import LiveObject
from livectl.model._binding import Binding, Io
from livectl.model._collection import Collection
from livectl.model._props import TrackProps
from livectl.model.arrangement import MAX_BEATS, ArrangementClip, arrangement_clips, created_clip
from livectl.model.clip import ClipSlot
from livectl.model.device import Device
from livectl.model.mixer import set_sends
from livectl.model.rack import device_name, insert_index
from livectl.protocol import endpoint

__all__ = ["Track"]

_NUM_SCENES = endpoint("song", "num_scenes")
_SEND = endpoint("track", "send")


def _first(ep: Any, index: tuple[Any, ...]) -> Op[Any]:
    values = yield from _ops.query(ep, index)
    return values[0]


def _device(binding: Binding, t: int, op: Op[tuple[Any, ...]]) -> Op[Device]:
    values = yield from op
    return Device(binding, (t, int(values[0])))


def _listed(op: Op[tuple[Any, ...]]) -> Op[list[Any]]:
    values = yield from op
    return list(values)


class Track(TrackProps, LiveObject):
    """``song.tracks[i]``. Returns and master (``song.return_tracks``, ``song.master_track``)
    need livectl's script: AbletonOSC cannot reach them (§2.2)."""

    DOMAIN = "track"

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

    def clip_names(self) -> Io[tuple[str | None, ...]]:
        """One name per clip slot (None for an empty slot)."""
        return self._query("clips/name")

    def get_send(self, send: int) -> Io[float]:
        """The level of send ``send`` (to return track ``send``), 0..1."""
        return cast(float, self._run(_ops.get(_SEND, (*self._index, check_index(send, "send")))))

    def set_send(self, send: int, value: float) -> Io[None]:
        value = check_real_range("track.send", value, 0.0, 1.0)
        return self.set("send", value, check_index(send, "send"))

    def stop_all_clips(self) -> Io[None]:
        return self._call("stop_all_clips")

    def delete_device(self, device: int) -> Io[None]:
        return self._call("delete_device", check_index(device, "device"))

    def insert_device(self, name: str, index: int = -1) -> Io[Device]:
        """Insert Live's native device ``name`` (e.g. ``"Operator"``, ``"Reverb"``) at
        ``index`` (-1: where Live puts it, after the others); returns the new Device.
        livectl's script only (Live 12.3's Track.insert_device)."""
        op = _ext.call_reply(self._ep("insert_device"),
                             (self._index[0], device_name(name), insert_index(index)))
        return self._run(_device(self._binding, self._index[0], op))

    # -- sends as a list (livectl's script) --------------------------------------------------

    @property
    def sends(self) -> Io[list[float]]:
        """The send levels (0..1), one per return track, as a list."""
        return self._run(_listed(_ops.query(self._ep("sends"), self._index)))

    @sends.setter
    def sends(self, values: Sequence[float]) -> None:
        if self._binding.is_async:
            raise TypeError("on an asyncio connection use: await track.set_sends(values)")
        self.set_sends(values)

    def set_sends(self, values: Sequence[float]) -> Io[None]:
        """Set sends 0..len(values)-1 (the others stay); each 0..1."""
        return set_sends(self, values)

    # -- the arrangement (livectl's script) --------------------------------------------------

    @property
    def arrangement_clips(self) -> Io[list[ArrangementClip]]:
        """The clips of this track's arrangement, by start time, as Clip objects addressed by
        (track, arrangement index)."""
        op = _ops.query(self._ep("arrangement_clips"), self._index)
        return self._run(arrangement_clips(self._binding, self._index[0], op))

    def create_midi_clip(self, start_beats: float, length_beats: float) -> Io[ArrangementClip]:
        """An empty MIDI clip in the arrangement from ``start_beats`` (0-based beats: bar 5
        of 4/4 starts at 16) for ``length_beats``; returns it once it exists."""
        start = check_real_range("start_beats", start_beats, 0.0, MAX_BEATS)
        length = check_real_range("length_beats", length_beats, 0.0, MAX_BEATS)
        if length <= 0.0:
            raise ValidationError(f"length_beats must be in range >0..{int(MAX_BEATS)}, got "
                                  f"{length_beats!r}", field="length_beats", value=length_beats)
        op = _ext.call_reply(self._ep("create_midi_clip"), (self._index[0], start, length))
        return self._run(created_clip(self._binding, self._index[0], op))

    def delete_arrangement_clip(self, clip: int) -> Io[None]:
        return self._call("delete_arrangement_clip", check_index(clip, "clip",
                                                                 allow_negative=False))

    def delete_clip(self, slot: int) -> Io[None]:
        return self._call("delete_clip", check_index(slot, "slot"))

    def __repr__(self) -> str:
        name = f" {self._name!r}" if self._name is not None else ""
        return f"<Track {self._index[0]}{name}>"
