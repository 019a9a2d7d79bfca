"""The base of every model object: typed properties generated from the endpoint table.

Every object has a domain (``song``, ``track``, ...) and an index prefix (``(2,)`` for track 2).
Its properties are :class:`Prop` (read-write) and :class:`ReadOnlyProp` descriptors, declared
with their types in :mod:`livectl.model._props`, which is generated from the endpoint table
(``python -m livectl.model._typegen``; a test keeps it current), so mypy and editors see every
one and no address or property name is typed twice.

Types: a method that talks to Live is annotated ``-> Io[T]``: ``T`` on a sync ``Live``; on an
``AsyncLive`` the same objects are typed by the generated facades of
:mod:`livectl.model._async` (``AsyncSong``, ``AsyncTrack``, ...), where it is
``Awaitable[T]`` and a property read is awaitable too (``await live.song.tempo``).

Sync objects: ``track.mute`` reads, ``track.mute = True`` writes (and waits until AbletonOSC
handled it, so a /live/error reaches the caller). Asyncio objects: ``await track.get("mute")``,
``await track.set("mute", True)``; reading ``track.mute`` gives an awaitable too, assigning
raises TypeError (an assignment cannot be awaited).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Generic, Never, TypeVar, overload

from livectl.checks import check_index, check_int_range, check_real_range, check_tempo
from livectl.client._core import Subscription
from livectl.client._request import Op
from livectl.errors import ValidationError
from livectl.model import _ext, _ops
from livectl.model._binding import Binding, Io, Listener
from livectl.protocol import ROUTES, Endpoint, endpoint, properties

__all__ = ["Io", "LiveObject", "Prop", "ReadOnlyProp", "ValueParameter", "validate_value"]

T = TypeVar("T")


def _bool(field: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise ValidationError(f"{field} must be True or False, got {value!r}", field=field, value=value)


def _str(field: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"{field} must be a str, got {type(value).__name__} {value!r}",
                              field=field, value=value)
    return value


def _int(low: int, high: int) -> Callable[[str, Any], int]:
    return lambda field, value: check_int_range(field, value, low, high)


def _real(low: float, high: float) -> Callable[[str, Any], float]:
    return lambda field, value: check_real_range(field, value, low, high)


def _denominator(field: str, value: Any) -> int:
    v = check_int_range(field, value, 1, 16)
    if v not in (1, 2, 4, 8, 16):
        raise ValidationError(f"{field} must be one of 1, 2, 4, 8, 16, got {value!r}",
                              field=field, value=value)
    return v


# Ranges Live enforces (spec §3-§9); checked here so nothing bad is ever sent.
_RULES: dict[tuple[str, str], Callable[[str, Any], Any]] = {
    ("song", "tempo"): lambda f, v: check_tempo(v, f),
    ("scene", "tempo"): lambda f, v: check_tempo(v, f),
    ("song", "signature_numerator"): _int(1, 99),
    ("song", "signature_denominator"): _denominator,
    ("scene", "time_signature_numerator"): _int(1, 99),
    ("scene", "time_signature_denominator"): _denominator,
    ("song", "clip_trigger_quantization"): _int(0, 13),
    ("song", "midi_recording_quantization"): _int(0, 8),
    ("song", "root_note"): _int(0, 11),
    ("song", "groove_amount"): _real(0.0, 1.3125),
    ("song", "loop_length"): _real(0.0, 1e7),
    ("song", "current_song_time"): _real(0.0, 1e7),
    ("clip", "launch_mode"): _int(0, 3),
    ("clip", "launch_quantization"): _int(0, 14),
    ("clip", "warp_mode"): _int(0, 6),
    ("clip", "velocity_amount"): _real(0.0, 1.0),
    ("clip", "gain"): _real(0.0, 1.0),
    ("clip", "pitch_coarse"): _int(-48, 48),
    ("clip", "pitch_fine"): _real(-50.0, 50.0),
    ("track", "volume"): _real(0.0, 1.0),
    ("track", "panning"): _real(-1.0, 1.0),
    ("track", "send"): _real(0.0, 1.0),
    ("track", "current_monitoring_state"): _int(0, 2),
    ("track", "color_index"): _int(0, 69),
    ("clip", "color_index"): _int(0, 69),
    ("scene", "color_index"): _int(0, 69),
    ("track", "color"): _int(0, 0xFFFFFF),
    # livectl's extensions: chains, return tracks and the master have the same mixer ranges
    ("chain", "volume"): _real(0.0, 1.0),
    ("chain", "panning"): _real(-1.0, 1.0),
    ("return_track", "volume"): _real(0.0, 1.0),
    ("return_track", "panning"): _real(-1.0, 1.0),
    ("master_track", "volume"): _real(0.0, 1.0),
    ("master_track", "panning"): _real(-1.0, 1.0),
    ("clip", "color"): _int(0, 0xFFFFFF),
    ("scene", "color"): _int(0, 0xFFFFFF),
}


def validate_value(ep: Endpoint, value: Any) -> Any:
    """Check ``value`` for a set of ``ep``: ValidationError (a ValueError) before any send."""
    field = f"{ep.domain}.{ep.name}"
    rule = _RULES.get((ep.domain, ep.name))
    if rule is not None:
        return rule(field, value)
    if ep.value_type is bool:
        return _bool(field, value)
    if ep.value_type is str:
        return _str(field, value)
    if ep.value_type is int:
        return check_int_range(field, value, -(2**31), 2**31 - 1)
    if ep.value_type is float:
        return check_real_range(field, value, -1e9, 1e9)
    return value


class ValueParameter:
    """A parameter's ``value`` as a property over its ``get_value``/``set_value`` (device
    parameters and the nested ones of chains, mixers and pads). Assigning needs a sync
    connection: on asyncio, ``await parameter.set_value(v)``."""

    _binding: Binding

    def get_value(self) -> Io[float]:
        raise NotImplementedError

    def set_value(self, value: float) -> Io[None]:
        raise NotImplementedError

    @property
    def value(self) -> Io[float]:
        return self.get_value()

    @value.setter
    def value(self, value: float) -> None:
        if self._binding.is_async:
            raise TypeError("on an asyncio connection use: await parameter.set_value(v)")
        self.set_value(value)


class ReadOnlyProp(Generic[T]):
    """A typed, read-only property of a Live object, bound to one endpoint of the table.

    Assigning one is a type error for mypy (``value: Never``) and a ValidationError at run
    time (the endpoint has no ``set``).
    """

    def __init__(self, name: str = "") -> None:
        self.name = name

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = self.name or name

    @overload
    def __get__(self, obj: None, owner: type) -> ReadOnlyProp[T]: ...
    @overload
    def __get__(self, obj: LiveObject, owner: type) -> T: ...
    def __get__(self, obj: LiveObject | None, owner: type) -> Any:
        if obj is None:
            return self
        return obj.get(self.name)

    def __set__(self, obj: LiveObject, value: Never) -> None:
        self._assign(obj, value)

    def _assign(self, obj: LiveObject, value: Any) -> None:
        if obj._binding.is_async:
            raise TypeError(
                f"cannot assign {type(obj).__name__}.{self.name} on an asyncio connection; "
                f"use: await obj.set({self.name!r}, value)"
            )
        obj.set(self.name, value)


class Prop(ReadOnlyProp[T]):
    """A typed, writable property: ``track.mute = True`` (sync) sets it and waits until Live
    handled it."""

    @overload
    def __get__(self, obj: None, owner: type) -> Prop[T]: ...
    @overload
    def __get__(self, obj: LiveObject, owner: type) -> T: ...
    def __get__(self, obj: LiveObject | None, owner: type) -> Any:
        if obj is None:
            return self
        return obj.get(self.name)

    def __set__(self, obj: LiveObject, value: T) -> None:
        self._assign(obj, value)


# The table's endpoints by (domain, name), as LiveObject looks them up on every access: one
# dictionary lookup instead of two calls (the table is fixed once imported; bounded by it).
_ENDPOINTS: dict[tuple[str, str], Endpoint] = {}


class LiveObject:
    """A Live object at an index prefix, reached through a :class:`Binding`."""

    DOMAIN: ClassVar[str] = ""

    def __init__(self, binding: Binding, index: tuple[int, ...] = (), name: str | None = None) -> None:
        self._binding = binding
        self._index = index
        self._name = name  # last name seen or set, for repr; None: not known

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.DOMAIN:
            return
        for ep in properties(cls.DOMAIN):
            # Only plain names with a registered get address become attributes; the rest
            # (send, parameter/value, beat) have their own methods.
            if "/" in ep.name or ep.args or ep.get_address not in ROUTES:
                continue
            # Declared in the generated _props mixins; this only covers a table entry added
            # since the last generation (the currency test fails until it is regenerated).
            if ep.name in cls.__dict__ or hasattr(LiveObject, ep.name):
                continue
            if not isinstance(getattr(cls, ep.name, None), ReadOnlyProp):
                prop: ReadOnlyProp[Any] = Prop(ep.name) if ep.writable else ReadOnlyProp(ep.name)
                setattr(cls, ep.name, prop)
        for value in list(cls.__dict__.values()):
            if isinstance(value, ReadOnlyProp):
                endpoint(cls.DOMAIN, value.name)  # a typo in a hand-declared Prop fails at import

    # -- plumbing ---------------------------------------------------------------------------

    def _ep(self, name: str) -> Endpoint:
        ep = _ENDPOINTS.get((self.DOMAIN, name))
        if ep is None:
            ep = _ENDPOINTS[(self.DOMAIN, name)] = endpoint(self.DOMAIN, name)
        if ep.extension:  # beyond AbletonOSC: refused before sending unless livectl's script
            _ext.require(self._binding, f"{self.DOMAIN}.{name}")
        return ep

    def _run(self, op: Op[T]) -> Io[T]:
        # The sync result type; on asyncio the binding returns an awaitable of it, which the
        # generated Async* facades declare. (Binding.result without its call: the hot path.)
        return self._binding.run(op)  # type: ignore[no-any-return]

    @property
    def index(self) -> tuple[int, ...]:
        return self._index

    # -- generic access (works for every property of the table) -----------------------------

    def get(self, name: str, *args: Any) -> Io[Any]:
        """The value of property ``name`` (awaitable on an asyncio connection)."""
        ep = self._ep(name)
        if ep.kind != "property" or ep.get_address not in ROUTES:
            raise ValidationError(f"{self.DOMAIN}.{name} cannot be read with get", field=name)
        request = _ops.get_request(ep, (*self._index, *args) if args else self._index)
        fetch = self._binding.fetch
        if fetch is not None:
            return _ops.unwrap(fetch(request))
        return self._binding.run(_ops.get_op(request))

    def set(self, name: str, value: Any, *args: Any) -> Io[None]:
        """Set property ``name``; returns once AbletonOSC handled it (awaitable on asyncio)."""
        ep = self._ep(name)
        if not ep.writable:
            raise ValidationError(
                f"{self.DOMAIN}.{name} is read-only in AbletonOSC", field=name, value=value
            )
        value = validate_value(ep, value)
        self._after_set(name, value)
        return self._run(
            _ops.set_(ep, (*self._index, *args, value), confirm=self._binding.confirm_writes)
        )

    def _after_set(self, name: str, value: Any) -> None:
        """Hook after a validated set: objects cache their name for repr."""
        if name == "name":
            self._name = value

    def _call(self, name: str, *args: Any, confirm: bool | None = None) -> Io[None]:
        ep = self._ep(name)
        c = self._binding.confirm_writes if confirm is None else confirm
        return self._run(_ops.call(ep, (*self._index, *args), confirm=c))

    def _query(self, name: str, *args: Any) -> Io[tuple[Any, ...]]:
        return self._run(_ops.query(self._ep(name), (*self._index, *args)))

    def listen(self, name: str, callback: Callable[[Any], Any]) -> Listener:
        """Call ``callback(value)`` now and whenever property ``name`` changes.

        Returns a :class:`Listener`; ``close()`` it to unsubscribe. Subscriptions are restored
        automatically after ``/live/startup`` (Live or AbletonOSC restarted).
        """
        ep = self._ep(name)
        if not ep.listenable:
            raise ValidationError(f"{self.DOMAIN}.{name} has no listener in AbletonOSC", field=name)
        if not ep.observable:
            raise ValidationError(
                f"Live cannot observe {self.DOMAIN}.{name} (AbletonOSC would answer "
                f"'no attribute add_{name}_listener'); poll it with get({name!r}) instead",
                field=name,
            )
        prefix = self._listen_prefix(ep)
        sub = Subscription(
            key=(ep.get_address, prefix),
            start=(ep.start_listen_address, self._index),
            stop=(ep.stop_listen_address, self._index),
            callback=lambda values: callback(_ops.unwrap(values)),
        )
        return Listener(self._binding, self._binding.subscribe(sub), f"{self!r}.{name}")

    def _listen_prefix(self, ep: Endpoint) -> tuple[Any, ...]:
        return self._index

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LiveObject) and type(other) is type(self) and other._index == self._index

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._index))


def index_arg(value: Any, field: str) -> int:
    return check_index(value, field)
