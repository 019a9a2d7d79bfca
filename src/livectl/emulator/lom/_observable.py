"""The base of every LOM object: Live-style listeners and typed, observed fields.

Live exposes each observable property ``p`` as three methods: ``add_p_listener(cb)``,
``remove_p_listener(cb)`` and ``p_has_listener(cb)``. Callbacks take no arguments and run
synchronously, in the thread that made the change, and only when the value really changed.
A property Live does not observe has no such methods at all (AbletonOSC relies on the
resulting AttributeError), so the methods are generated per class from an explicit list.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar, overload

__all__ = [
    "NOTIFICATION_CHANGE_ERROR",
    "Field",
    "LomObject",
    "argument_error",
    "as_bool",
    "as_float",
    "as_int",
    "as_str",
    "check_not_notifying",
]

log = logging.getLogger(__name__)

Listener = Callable[[], None]
T = TypeVar("T")

# Live forbids changing the set from inside a listener callback; scripts must defer the
# change (schedule_message). This is Live's text for it.
NOTIFICATION_CHANGE_ERROR = (
    "Changes cannot be triggered by notifications. You will need to defer your response."
)
_notifying = threading.local()  # per thread: how deep we are in listener callbacks


def check_not_notifying() -> None:
    """Raise Live's RuntimeError when called from inside a listener callback."""
    if getattr(_notifying, "depth", 0):
        raise RuntimeError(NOTIFICATION_CHANGE_ERROR)


def _make_listener_methods(prop: str) -> dict[str, Callable[..., Any]]:
    def add(self: LomObject, callback: Listener, /) -> None:
        self._add_listener(prop, callback)

    def remove(self: LomObject, callback: Listener, /) -> None:
        self._remove_listener(prop, callback)

    def has(self: LomObject, callback: Listener, /) -> bool:
        return callback in self._listeners.get(prop, ())

    methods: dict[str, Callable[..., Any]] = {
        f"add_{prop}_listener": add,
        f"remove_{prop}_listener": remove,
        f"{prop}_has_listener": has,
    }
    for name, func in methods.items():
        func.__name__ = name
        func.__qualname__ = name
        func.__doc__ = f'Listener for the property "{prop}" (called with no arguments).'
    return methods


class LomObject:
    """Base of the emulated Live objects: listener bookkeeping shared by all.

    Subclasses name their observable properties in the class statement::

        class Song(LomObject, observable=("tempo", "is_playing")): ...
    """

    observable_properties: ClassVar[frozenset[str]] = frozenset()
    # A change of the key also changes the listed derived properties (e.g. color_index ->
    # color): their listeners fire too.
    derived_properties: ClassVar[dict[str, tuple[str, ...]]] = {}

    def __init_subclass__(cls, observable: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.observable_properties = cls.observable_properties | frozenset(observable)
        for prop in observable:
            for name, func in _make_listener_methods(prop).items():
                setattr(cls, name, func)

    def __init__(self) -> None:
        self._listeners: dict[str, list[Listener]] = {}

    # -- listeners ---------------------------------------------------------------------------

    def _add_listener(self, prop: str, callback: Listener) -> None:
        if not callable(callback):
            raise TypeError(f"listener for {prop!r} must be callable, got {callback!r}")
        callbacks = self._listeners.setdefault(prop, [])
        if callback in callbacks:
            # Live refuses a second connection of the same callable (text from Live's
            # RuntimeError as remote-script authors quote it; not checked against Live 12).
            raise RuntimeError("Listener already connected")
        callbacks.append(callback)

    def _remove_listener(self, prop: str, callback: Listener) -> None:
        callbacks = self._listeners.get(prop, [])
        if callback not in callbacks:
            raise RuntimeError("Listener not connected")
        callbacks.remove(callback)

    def _notify(self, prop: str) -> None:
        """Call every listener of ``prop`` (a copy of the list: callbacks may unsubscribe)."""
        callbacks = self._listeners.get(prop)
        if not callbacks:
            return
        _notifying.depth = getattr(_notifying, "depth", 0) + 1
        try:
            for callback in list(callbacks):
                try:
                    callback()
                except Exception:
                    # Live logs a failing listener and carries on with the change; one broken
                    # observer must not break the set call or the transport.
                    log.exception("listener for %s.%s failed", type(self).__name__, prop)
        finally:
            _notifying.depth -= 1

    def _drop_listeners(self) -> None:
        """Silence the object (it was deleted): Live stops notifying for dead objects."""
        self._listeners.clear()

    def _set_field(self, prop: str, value: Any) -> bool:
        """Store ``value`` in ``_<prop>``; notify when it changed. Returns True on change."""
        attr = "_" + prop
        if getattr(self, attr) == value:
            return False
        check_not_notifying()
        setattr(self, attr, value)
        if prop in self.observable_properties:
            self._notify(prop)
        for derived in self.derived_properties.get(prop, ()):
            self._notify(derived)
        return True


# -- converters: Live's Boost bindings accept ints for floats and for bools -------------------


def argument_error(obj: object, prop: str, value: Any, ctype: str) -> TypeError:
    """Boost.Python's ArgumentError text for a setter given the wrong Python type.

    Live's bindings raise ``Boost.Python.ArgumentError`` (a TypeError) worded like this.
    """
    owner = type(obj).__name__
    return TypeError(
        f"Python argument types in\n    None.None({owner}, {type(value).__name__})\n"
        f"did not match C++ signature:\n    None(T{owner}PyHandle, {ctype}) [{prop}]"
    )


def as_bool(obj: object, prop: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return bool(value)
    raise argument_error(obj, prop, value, "bool")


def as_float(obj: object, prop: str, value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(float(value)):
            raise RuntimeError(f"Invalid value for {prop}: {value!r}")
        return float(value)
    if isinstance(value, bool):
        return float(value)
    raise argument_error(obj, prop, value, "float")


def as_int(obj: object, prop: str, value: Any) -> int:
    # Boost's int converter rejects floats, even integral ones.
    if isinstance(value, int):
        return int(value)
    raise argument_error(obj, prop, value, "int")


def as_str(obj: object, prop: str, value: Any) -> str:
    if isinstance(value, str):
        return value
    raise argument_error(obj, prop, value, "TString")


class Field(Generic[T]):
    """A stored, observed property: ``name = Field(default, as_float)``.

    The value lives in ``obj._<name>``. Setting converts (and checks) with ``convert``, then
    notifies listeners when the value changed. ``readonly`` fields raise AttributeError on
    set, as Boost does (``can't set attribute``). ``applies`` decides whether the property
    exists on this object at all; when it returns False, get and set raise RuntimeError
    with ``not_applicable`` as message, as Live does (e.g. audio-only clip properties).
    """

    def __init__(
        self,
        convert: Callable[[Any, str, Any], T] | None = None,
        *,
        readonly: bool = False,
        applies: Callable[[Any], bool] | None = None,
        not_applicable: str = "",
        check: Callable[[Any, T], T] | None = None,
    ) -> None:
        self.convert = convert
        self.readonly = readonly
        self.applies = applies
        self.not_applicable = not_applicable
        self.check = check
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, objtype: type | None = None) -> Field[T]: ...
    @overload
    def __get__(self, obj: object, objtype: type | None = None) -> T: ...
    def __get__(self, obj: object | None, objtype: type | None = None) -> Any:
        if obj is None:
            return self
        if self.applies is not None and not self.applies(obj):
            raise RuntimeError(self.not_applicable or f"{self.name} is not available here")
        return getattr(obj, "_" + self.name)

    def __set__(self, obj: Any, value: Any) -> None:
        if self.readonly:
            raise AttributeError("can't set attribute")
        if self.applies is not None and not self.applies(obj):
            raise RuntimeError(self.not_applicable or f"{self.name} is not available here")
        converted = self.convert(obj, self.name, value) if self.convert else value
        if self.check is not None:
            converted = self.check(obj, converted)
        obj._set_field(self.name, converted)
