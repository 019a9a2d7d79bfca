"""Devices and their parameters (``/live/device/...``), by index and by name."""

from __future__ import annotations

from functools import partial
from typing import Any, cast, overload

from livectl.checks import check_index, check_real_range
from livectl.client._core import Subscription
from livectl.client._request import Op, Request
from livectl.errors import NotFoundError
from livectl.model import _ops
from livectl.model._base import LiveObject, ValueParameter
from livectl.model._binding import Binding, Io, Listener, T
from livectl.model._collection import Collection
from livectl.model._props import DeviceProps
from livectl.model.rack import Chain, DrumPads
from livectl.protocol import endpoint

__all__ = ["Device", "Parameter", "Parameters"]

_NAMES = endpoint("device", "parameters/name")
_PVALUE = endpoint("device", "parameter/value")
_PSTRING = endpoint("device", "parameter/value_string")
_PNAME = endpoint("device", "parameter/name")
_MIN = endpoint("device", "parameters/min")
_MAX = endpoint("device", "parameters/max")
_QUANT = endpoint("device", "parameters/is_quantized")
_VALUES = endpoint("device", "parameters/value")


def _find(index: tuple[int, int], name: str) -> Op[int]:
    names = yield from _ops.query(_NAMES, index)
    for i, n in enumerate(names):
        if n == name:
            return i
    raise NotFoundError(f"device {index} has no parameter named {name!r}; it has: "
                        f"{', '.join(map(repr, names))}")


def _info(index: tuple[int, int], p: int) -> Op[dict[str, Any]]:
    """One parameter's name, value, min, max, value string and is_quantized, in one batch."""
    lists = []
    for ep in (_NAMES, _MIN, _MAX, _QUANT):
        lists.append((yield from _ops.query(ep, index)))
    value = yield from _ops.get(_PVALUE, (*index, p))
    string = yield from _ops.query(_PSTRING, (*index, p))
    names, mins, maxs, quant = lists
    if not -len(names) <= p < len(names):
        raise NotFoundError(f"device {index} has {len(names)} parameters; index {p} is out of range")
    return {"name": names[p], "value": value, "min": mins[p], "max": maxs[p],
            "value_string": string[-1], "is_quantized": quant[p]}


def _set_param(index: tuple[int, int], p: int, value: float, confirm: bool) -> Op[None]:
    # Live raises for a value outside [min, max]; check first so nothing bad is sent.
    mins = yield from _ops.query(_MIN, index)
    maxs = yield from _ops.query(_MAX, index)
    if not -len(mins) <= p < len(mins):
        raise NotFoundError(f"device {index} has {len(mins)} parameters; index {p} is out of range")
    check_real_range(f"parameter {p} value", value, mins[p], maxs[p])
    yield Request(_PVALUE.set_address, (*index, p, value), confirm=confirm)


class Parameter(ValueParameter):
    """``device.parameters[p]``: value (get/set, range-checked), name, min, max, value_string."""

    def __init__(self, binding: Binding, index: tuple[int, int], p: int) -> None:
        self._binding = binding
        self._device = index
        self.parameter_index = p

    @property
    def index(self) -> tuple[int, int, int]:
        return (*self._device, self.parameter_index)

    def _run(self, op: Op[T]) -> Io[T]:
        return self._binding.result(op)

    def get_value(self) -> Io[float]:
        return cast(float, self._run(_ops.get(_PVALUE, self.index)))

    def set_value(self, value: float) -> Io[None]:
        check_real_range("parameter value", value, -1e9, 1e9)
        return self._run(_set_param(self._device, self.parameter_index, float(value),
                                    self._binding.confirm_writes))

    @property
    def name(self) -> Io[str]:
        return cast(str, self._run(_query_last(_PNAME, self.index)))

    @property
    def value_string(self) -> Io[str]:
        return cast(str, self._run(_query_last(_PSTRING, self.index)))

    def info(self) -> Io[dict[str, Any]]:
        """name, value, min, max, value_string, is_quantized as a dict."""
        return self._run(_info(self._device, self.parameter_index))

    @property
    def min(self) -> Io[float]:
        return cast(float, self._run(_pick(_MIN, self._device, self.parameter_index)))

    @property
    def max(self) -> Io[float]:
        return cast(float, self._run(_pick(_MAX, self._device, self.parameter_index)))

    def listen(self, callback: Any) -> Listener:
        """``callback(value)`` now and on every change of the value."""
        sub = Subscription(
            key=(_PVALUE.get_address, self.index),
            start=(_PVALUE.start_listen_address, self.index),
            stop=(_PVALUE.stop_listen_address, self.index),
            callback=lambda values: callback(_ops.unwrap(values)),
        )
        return Listener(self._binding, self._binding.subscribe(sub), repr(self))

    def __repr__(self) -> str:
        t, d = self._device
        return f"<Parameter {t} {d} {self.parameter_index}>"


def _query_last(ep: Any, index: tuple[int, ...]) -> Op[Any]:
    values = yield from _ops.query(ep, index)
    return values[-1]


def _pick(ep: Any, device: tuple[int, int], p: int) -> Op[Any]:
    values = yield from _ops.query(ep, device)
    return values[p]


class Parameters:
    """``device.parameters``: ``[i]`` by index (no I/O), ``["Name"]`` by name (one query)."""

    def __init__(self, binding: Binding, index: tuple[int, int]) -> None:
        self._binding = binding
        self._device = index

    @overload
    def __getitem__(self, key: int) -> Parameter: ...
    @overload
    def __getitem__(self, key: str) -> Io[Parameter]: ...
    def __getitem__(self, key: int | str) -> Parameter:
        if isinstance(key, str):
            make = partial(Parameter, self._binding, self._device)
            return self._binding.result(_ops.mapped(_find(self._device, key), make))
        return Parameter(self._binding, self._device, check_index(key, "parameter index"))

    def names(self) -> Io[tuple[str, ...]]:
        return self._binding.result(_ops.query(_NAMES, self._device))

    def values(self) -> Io[tuple[float, ...]]:
        return self._binding.result(_ops.query(_VALUES, self._device))

    def count(self) -> Io[int]:
        return cast(int, self._binding.result(_first(endpoint("device", "num_parameters"), self._device)))

    def __len__(self) -> int:
        if self._binding.is_async:
            raise TypeError("on an asyncio connection use: await device.parameters.count()")
        return int(self.count())


def _first(ep: Any, index: tuple[int, ...]) -> Op[Any]:
    values = yield from _ops.query(ep, index)
    return values[0]


class Device(DeviceProps, LiveObject):
    """``song.tracks[t].devices[d]``: name, class_name, type, parameters."""

    DOMAIN = "device"

    @property
    def parameters(self) -> Parameters:
        return Parameters(self._binding, (self._index[0], self._index[1]))

    @overload
    def parameter(self, key: int) -> Parameter: ...
    @overload
    def parameter(self, key: str) -> Io[Parameter]: ...
    def parameter(self, key: int | str) -> Parameter:
        """``parameters[key]``: by index (no I/O) or by name (one query)."""
        if isinstance(key, str):
            return self.parameters[key]  # a query (awaitable on asyncio)
        return self.parameters[key]

    # -- racks (livectl's script) ------------------------------------------------------------

    @property
    def chains(self) -> Collection[Chain]:
        """A rack's chains: ``device.chains[i].devices[j].parameters[...]`` (nested)."""
        index = self._index
        return Collection(
            self._binding, "chain",
            lambda i, n: Chain(self._binding, (*index, i), n),
            lambda: _first(self._ep("num_chains"), index),
            lambda: _ops.query(self._ep("chains/name"), index),
        )

    @property
    def drum_pads(self) -> DrumPads:
        """A Drum Rack's pads by MIDI note: ``device.drum_pads[36].chains``."""
        return DrumPads(self._binding, self._index)

    def _listen_prefix(self, ep: Any) -> tuple[Any, ...]:
        # AbletonOSC quirk (spec §8.4): device listener messages carry no (t, d) prefix.
        return ()

    def __repr__(self) -> str:
        return f"<Device {self._index[0]} {self._index[1]}>"
