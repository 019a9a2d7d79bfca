"""Parameters of devices reached through livectl's extensions: a device inside a rack's chain
(``/live/chain_device/...``) and the devices of return tracks and the master
(``/live/return_track/device/...``, ``/live/master_track/device/...``).

One small class for all three, parametrised by the endpoint names of its domain (the table
spells them differently per domain). Values are range-checked against the parameter's
min/max before sending where the domain can report them; Live checks the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast, overload

from livectl.checks import check_index, check_real_range
from livectl.client._request import Op, Request
from livectl.errors import NotFoundError, ValidationError
from livectl.model import _ext
from livectl.model._base import ValueParameter
from livectl.model._binding import Binding, Io, T
from livectl.protocol import Endpoint, endpoint

__all__ = ["NestedParameter", "NestedParameters", "ParameterNames"]


@dataclass(frozen=True)
class ParameterNames:
    """The endpoint names of one domain's device parameters."""

    domain: str
    names: str
    value: str
    mins: str | None = None
    maxs: str | None = None
    string: str | None = None

    def ep(self, name: str) -> Endpoint:
        return endpoint(self.domain, name)


CHAIN_DEVICE = ParameterNames("chain_device", "parameters/name", "parameter/value",
                              "parameters/min", "parameters/max", "parameter/value_string")
RETURN_DEVICE = ParameterNames("return_track", "device/parameters/name", "device/parameter/value")
MASTER_DEVICE = ParameterNames("master_track", "device/parameters/name", "device/parameter/value")


def _list(ep: Endpoint, owner: tuple[int, ...]) -> Op[tuple[Any, ...]]:
    """A per-parameter list; the reply echoes every index sent."""
    values = yield Request(ep.get_address, owner, prefix=len(owner), idempotent=True)
    return tuple(values)


def _find(spec: ParameterNames, owner: tuple[int, ...], name: str) -> Op[int]:
    names = yield from _list(spec.ep(spec.names), owner)
    for i, n in enumerate(names):
        if n == name:
            return i
    raise NotFoundError(f"{spec.domain} device {owner} has no parameter named {name!r}; it has: "
                        f"{', '.join(map(repr, names)) or 'none'}")


def _pick(spec: ParameterNames, what: str, owner: tuple[int, ...], p: int) -> Op[Any]:
    values = yield from _list(spec.ep(what), owner)
    if not -len(values) <= p < len(values):
        raise NotFoundError(f"{spec.domain} device {owner} has {len(values)} parameters; "
                            f"index {p} is out of range")
    return values[p]


def _get(spec: ParameterNames, owner: tuple[int, ...], p: int) -> Op[Any]:
    ep = spec.ep(spec.value)
    values = yield Request(ep.get_address, (*owner, p), prefix=len(owner) + 1, idempotent=True)
    return values[0]


def _set(spec: ParameterNames, owner: tuple[int, ...], p: int, value: float,
         confirm: bool) -> Op[None]:
    if spec.mins is not None and spec.maxs is not None:
        # Live raises for a value outside [min, max]; checked first so nothing bad is sent.
        low = yield from _pick(spec, spec.mins, owner, p)
        high = yield from _pick(spec, spec.maxs, owner, p)
        check_real_range(f"parameter {p} value", value, low, high)
    ep = spec.ep(spec.value)
    yield Request(ep.set_address, (*owner, p, value), confirm=confirm, idempotent=True)


def _string(spec: ParameterNames, owner: tuple[int, ...], p: int) -> Op[Any]:
    assert spec.string is not None
    ep = spec.ep(spec.string)
    values = yield Request(ep.get_address, (*owner, p), prefix=len(owner) + 1, idempotent=True)
    return values[-1]


class NestedParameter(ValueParameter):
    """One parameter: ``value`` (get/set), ``name``, ``min``/``max`` and ``value_string`` where
    the domain reports them. Sync: ``p.value = 0.5``; asyncio: ``await p.set_value(0.5)``."""

    def __init__(self, binding: Binding, spec: ParameterNames, owner: tuple[int, ...],
                 p: int) -> None:
        self._binding = binding
        self._spec = spec
        self._owner = owner
        self.parameter_index = p

    @property
    def index(self) -> tuple[int, ...]:
        return (*self._owner, self.parameter_index)

    def _run(self, op: Op[T]) -> Io[T]:
        _ext.require(self._binding, f"{self._spec.domain} device parameters")
        return self._binding.result(op)

    def get_value(self) -> Io[float]:
        return cast(float, self._run(_get(self._spec, self._owner, self.parameter_index)))

    def set_value(self, value: float) -> Io[None]:
        value = check_real_range("parameter value", value, -1e9, 1e9)
        return self._run(_set(self._spec, self._owner, self.parameter_index, value,
                              self._binding.confirm_writes))

    @property
    def name(self) -> Io[str]:
        return cast(str, self._run(_pick(self._spec, self._spec.names, self._owner, self.parameter_index)))

    @property
    def min(self) -> Io[float]:
        return cast(float, self._run(_pick(self._spec, self._need("mins"), self._owner, self.parameter_index)))

    @property
    def max(self) -> Io[float]:
        return cast(float, self._run(_pick(self._spec, self._need("maxs"), self._owner, self.parameter_index)))

    @property
    def value_string(self) -> Io[str]:
        self._need("string")
        return cast(str, self._run(_string(self._spec, self._owner, self.parameter_index)))

    def _need(self, what: str) -> str:
        name: str | None = getattr(self._spec, what)
        if name is None:
            raise ValidationError(f"{self._spec.domain} device parameters have no {what} "
                                  f"address", field=what)
        return name

    def __repr__(self) -> str:
        return f"<Parameter {self._spec.domain} {' '.join(map(str, self.index))}>"


class NestedParameters:
    """``[i]`` by index (no I/O), ``["Name"]`` by name (one query), ``names()``, ``count()``."""

    def __init__(self, binding: Binding, spec: ParameterNames, owner: tuple[int, ...]) -> None:
        self._binding = binding
        self._spec = spec
        self._owner = owner

    def _run(self, op: Op[T]) -> Io[T]:
        _ext.require(self._binding, f"{self._spec.domain} device parameters")
        return self._binding.result(op)

    @overload
    def __getitem__(self, key: int) -> NestedParameter: ...
    @overload
    def __getitem__(self, key: str) -> Io[NestedParameter]: ...
    def __getitem__(self, key: int | str) -> NestedParameter:
        if isinstance(key, str):
            op = self._named(key)
            return self._run(op)
        return NestedParameter(self._binding, self._spec, self._owner,
                               check_index(key, "parameter index"))

    def _named(self, name: str) -> Op[NestedParameter]:
        p = yield from _find(self._spec, self._owner, name)
        return NestedParameter(self._binding, self._spec, self._owner, p)

    def names(self) -> Io[tuple[str, ...]]:
        return self._run(_list(self._spec.ep(self._spec.names), self._owner))

    def count(self) -> Io[int]:
        return self._run(_count(self._spec, self._owner))

    def __len__(self) -> int:
        if self._binding.is_async:
            raise TypeError("on an asyncio connection use: await device.parameters.count()")
        return int(self.count())


def _count(spec: ParameterNames, owner: tuple[int, ...]) -> Op[int]:
    names = yield from _list(spec.ep(spec.names), owner)
    return len(names)
