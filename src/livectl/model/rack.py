"""Racks (livectl's script only): a rack's chains, the devices in a chain and their parameters,
a Drum Rack's pads.

``device.chains[i]`` is a :class:`Chain` (name, mute, solo, volume, panning, ``devices``);
``chain.devices[j]`` a :class:`ChainDevice` whose ``parameters`` read and write like a track
device's; ``device.drum_pads[note]`` a :class:`DrumPad` whose ``chains`` are the rack's chains
that play at that note.
"""

from __future__ import annotations

from typing import Any, cast

from livectl.checks import check_int_range, check_pitch
from livectl.client._request import Op
from livectl.errors import ProtocolError, ValidationError
from livectl.model import _ext, _ops
from livectl.model._base import LiveObject
from livectl.model._binding import Binding, Io
from livectl.model._collection import Collection
from livectl.model._params import CHAIN_DEVICE, NestedParameter, NestedParameters
from livectl.model._props import ChainDeviceProps, ChainProps, DrumPadProps
from livectl.protocol import Endpoint, endpoint

__all__ = ["Chain", "ChainDevice", "DrumPad", "DrumPads", "device_name", "insert_index"]

_MAX_NAME = 256


def device_name(value: Any) -> str:
    """A native device's name as Live's browser spells it (e.g. ``"Operator"``)."""
    if not isinstance(value, str) or not value.strip() or len(value) > _MAX_NAME:
        raise ValidationError(
            f"device name must be a non-empty str of at most {_MAX_NAME} characters, "
            f"got {value!r}", field="name", value=value)
    return value


def insert_index(value: Any) -> int:
    """Where to insert a device: -1 (Live's place for it, at the end) or 0..n."""
    return check_int_range("index", value, -1, 2**31 - 1)


def _first(ep: Endpoint, index: tuple[int, ...]) -> Op[Any]:
    values = yield from _ops.query(ep, index)
    return values[0]


class ChainDevice(ChainDeviceProps, LiveObject):
    """``device.chains[c].devices[d]``: name, class_name, parameters (nested)."""

    DOMAIN = "chain_device"

    @property
    def parameters(self) -> NestedParameters:
        return NestedParameters(self._binding, CHAIN_DEVICE, self._index)

    def parameter(self, key: int | str) -> NestedParameter | Any:
        return self.parameters[key]

    def __repr__(self) -> str:
        return f"<ChainDevice {' '.join(map(str, self._index))}>"


def _made(binding: Binding, owner: tuple[int, ...], op: Op[tuple[Any, ...]]) -> Op[ChainDevice]:
    values = yield from op
    return ChainDevice(binding, (*owner, int(values[0])))


class Chain(ChainProps, LiveObject):
    """``device.chains[c]``: a rack's chain (track, device, chain index)."""

    DOMAIN = "chain"

    @property
    def devices(self) -> Collection[ChainDevice]:
        index = self._index
        return Collection(
            self._binding, "chain_device",
            lambda i, _n: ChainDevice(self._binding, (*index, i)),
            lambda: _first(self._ep("num_devices"), index),
            lambda: _ops.query(self._ep("devices/name"), index),
        )

    def insert_device(self, name: str, index: int = -1) -> Io[ChainDevice]:
        """Insert Live's native device ``name`` into this chain; returns the ChainDevice."""
        op = _ext.call_reply(self._ep("insert_device"),
                             (*self._index, device_name(name), insert_index(index)))
        return self._run(_made(self._binding, self._index, op))

    def delete_device(self, device: int) -> Io[None]:
        return self._call("delete_device", check_int_range("device", device, 0, 2**31 - 1))

    def __repr__(self) -> str:
        name = f" {self._name!r}" if self._name is not None else ""
        return f"<Chain {' '.join(map(str, self._index))}{name}>"


def _chains(binding: Binding, device: tuple[int, ...], op: Op[tuple[Any, ...]]) -> Op[list[Chain]]:
    values = yield from op
    return [Chain(binding, (*device, int(c))) for c in values]


def _name(op: Op[tuple[Any, ...]]) -> Op[Any]:
    values = yield from op
    return values[-1]


class DrumPad(DrumPadProps, LiveObject):
    """``device.drum_pads[note]``: a Drum Rack's pad at MIDI note ``note`` (0..127)."""

    DOMAIN = "drum_pad"

    @property
    def note(self) -> int:
        return self._index[2]

    @property
    def name(self) -> Io[str]:
        return cast(str, self._run(_name(_ops.query(self._ep("name"), self._index))))

    @property
    def chains(self) -> Io[list[Chain]]:
        """The rack's chains that play at this pad (usually one; none for an empty pad)."""
        op = _ops.query(self._ep("chains"), self._index)
        return self._run(_chains(self._binding, self._index[:2], op))

    def __repr__(self) -> str:
        return f"<DrumPad {' '.join(map(str, self._index))}>"


def _pads(binding: Binding, device: tuple[int, ...], op: Op[tuple[Any, ...]]) -> Op[list[DrumPad]]:
    values = yield from op
    if len(values) % 2:
        raise ProtocolError(f"drum_pads reply has {len(values)} values, not pairs")
    return [DrumPad(binding, (*device, int(values[i])), str(values[i + 1]))
            for i in range(0, len(values), 2)]


class DrumPads:
    """``device.drum_pads``: ``[note]`` (no I/O) and ``all()``: the pads that hold chains."""

    def __init__(self, binding: Binding, device: tuple[int, ...]) -> None:
        self._binding = binding
        self._device = device

    def __getitem__(self, note: int) -> DrumPad:
        return DrumPad(self._binding, (*self._device, check_pitch(note, "note")))

    def all(self) -> Io[list[DrumPad]]:
        """Every pad that holds a chain, with its name (awaitable on asyncio)."""
        ep = endpoint("device", "drum_pads")
        _ext.require(self._binding, "device.drum_pads")
        return self._binding.result(_pads(self._binding, self._device, _ops.query(ep, self._device)))

    def __repr__(self) -> str:
        return f"<DrumPads {' '.join(map(str, self._device))}>"
