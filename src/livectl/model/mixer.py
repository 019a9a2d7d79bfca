"""Return tracks and the master (livectl's script only), and sends as one list on every track.

``song.return_tracks[r]`` and ``song.master_track`` have volume and panning (returns also
name, mute, solo and sends), devices (insert, delete, parameters). ``track.sends`` is a list
with one level per return track.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from livectl.checks import check_int_range, check_real_range
from livectl.client._request import Op, Request
from livectl.errors import ValidationError
from livectl.model import _ext, _ops
from livectl.model._base import LiveObject, Prop
from livectl.model._binding import Binding, Io
from livectl.model._params import (
    MASTER_DEVICE,
    RETURN_DEVICE,
    NestedParameters,
    ParameterNames,
)
from livectl.model._props import MasterTrackProps, ReturnTrackProps
from livectl.model.rack import device_name, insert_index
from livectl.protocol import Endpoint, endpoint

__all__ = ["MasterTrack", "MixerDevice", "ReturnTrack", "set_sends"]

_NUM_RETURNS = endpoint("song", "num_return_tracks")


def _count(ep: Endpoint, index: tuple[int, ...]) -> Op[int]:
    values = yield from _ops.query(ep, index)
    return int(values[0])


def _set_sends(ep: Endpoint, index: tuple[int, ...], values: tuple[float, ...],
               confirm: bool) -> Op[None]:
    n = yield from _count(_NUM_RETURNS, ())
    if len(values) > n:
        raise ValidationError(f"sends must have at most {n} values (one per return track), "
                              f"got {len(values)}", field="sends", value=values)
    yield Request(ep.set_address, (*index, *values), confirm=confirm, idempotent=True)


def set_sends(obj: LiveObject, values: Sequence[float]) -> Io[None]:
    """Set the sends of ``obj`` (a Track or a ReturnTrack) from a list of levels 0..1."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or not values:
        raise ValidationError(f"sends must be a non-empty list of levels 0..1, got {values!r}",
                              field="sends", value=values)
    levels = tuple(check_real_range(f"sends[{i}]", v, 0.0, 1.0) for i, v in enumerate(values))
    ep = endpoint(obj.DOMAIN, "sends")
    _ext.require(obj._binding, f"{obj.DOMAIN}.sends")
    return obj._binding.result(_set_sends(ep, obj.index, levels, obj._binding.confirm_writes))


def _listed(op: Op[tuple[Any, ...]]) -> Op[list[Any]]:
    values = yield from op
    return list(values)


class MixerDevice:
    """A device on a return track or the master: ``parameters`` by index or name."""

    def __init__(self, binding: Binding, spec: ParameterNames, index: tuple[int, ...],
                 name: str | None = None) -> None:
        self._binding = binding
        self._spec = spec
        self._index = index
        self.name = name

    @property
    def index(self) -> tuple[int, ...]:
        return self._index

    @property
    def parameters(self) -> NestedParameters:
        return NestedParameters(self._binding, self._spec, self._index)

    def __repr__(self) -> str:
        name = f" {self.name!r}" if self.name is not None else ""
        return f"<MixerDevice {self._spec.domain} {' '.join(map(str, self._index))}{name}>"


def _devices(binding: Binding, spec: ParameterNames, owner: tuple[int, ...],
             op: Op[tuple[Any, ...]]) -> Op[list[MixerDevice]]:
    names = yield from op
    return [MixerDevice(binding, spec, (*owner, i), str(n)) for i, n in enumerate(names)]


def _inserted(binding: Binding, spec: ParameterNames, owner: tuple[int, ...],
              op: Op[tuple[Any, ...]]) -> Op[MixerDevice]:
    values = yield from op
    return MixerDevice(binding, spec, (*owner, int(values[0])))


class _MixerTrack(LiveObject):
    """What return tracks and the master share: volume, panning, devices."""

    _SPEC: ParameterNames = RETURN_DEVICE
    volume: Prop[float] = Prop()
    panning: Prop[float] = Prop()

    @property
    def devices(self) -> Io[list[MixerDevice]]:
        """The devices on this track, as MixerDevice objects with their names."""
        op = _ops.query(self._ep("devices/name"), self._index)
        return self._run(_devices(self._binding, self._SPEC, self._index, op))

    def device(self, index: int) -> MixerDevice:
        """Device ``index`` (no I/O)."""
        return MixerDevice(self._binding, self._SPEC,
                           (*self._index, check_int_range("device", index, 0, 2**31 - 1)))

    def insert_device(self, name: str, index: int = -1) -> Io[MixerDevice]:
        """Insert Live's native audio effect ``name``; returns the MixerDevice."""
        op = _ext.call_reply(self._ep("insert_device"),
                             (*self._index, device_name(name), insert_index(index)))
        return self._run(_inserted(self._binding, self._SPEC, self._index, op))

    def delete_device(self, index: int) -> Io[None]:
        return self._call("delete_device", check_int_range("device", index, 0, 2**31 - 1))


class ReturnTrack(ReturnTrackProps, _MixerTrack):
    """``song.return_tracks[r]``: name, volume, panning, mute, solo, sends, devices."""

    DOMAIN = "return_track"
    _SPEC = RETURN_DEVICE

    @property
    def sends(self) -> Io[list[float]]:
        """This return's sends (to the other returns), a list of levels 0..1."""
        return self._run(_listed(_ops.query(self._ep("sends"), self._index)))

    def set_sends(self, values: Sequence[float]) -> Io[None]:
        return set_sends(self, values)

    def __repr__(self) -> str:
        name = f" {self._name!r}" if self._name is not None else ""
        return f"<ReturnTrack {self._index[0]}{name}>"


class MasterTrack(MasterTrackProps, _MixerTrack):
    """``song.master_track``: name (read-only), volume, panning, devices."""

    DOMAIN = "master_track"
    _SPEC = MASTER_DEVICE

    def __init__(self, binding: Binding) -> None:
        super().__init__(binding, ())

    def __repr__(self) -> str:
        return "<MasterTrack>"
