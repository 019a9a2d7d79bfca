"""A set rebuilt from a snapshot holds only values the API would have accepted.

Loading (``_snapshot.load_song`` and the objects' ``_load``) stores values directly, without
the setters' checks, so that order does not matter (a loop end past the song's end, a
selected scene not yet built). A snapshot comes from outside (``/emulator/load`` takes one
over the network), so afterwards :func:`check_loaded` runs every stored value of every
object through the conversion and the check its setter uses: a tempo of ``"fast"`` or a
scene's time signature of 7/6 is refused with the setter's own message, before the set is
used, instead of breaking the clock on its next tick. Values are normalised as a setter
would store them (a JSON ``120`` tempo becomes ``120.0``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from livectl.emulator.lom._observable import Field, LomObject

__all__ = ["Check", "check_loaded"]

#: (convert, check) for a stored value; either may be None. A class lists the ones its
#: properties apply but which are not :class:`Field` s in ``loaded_checks``, keyed by the
#: stored attribute's name without its underscore.
Check = tuple[Callable[[Any, str, Any], Any] | None, Callable[[Any, Any], Any] | None]


_CHECKS: dict[type, tuple[tuple[str, Check], ...]] = {}


def _checks(cls: type) -> tuple[tuple[str, Check], ...]:
    """The checks of ``cls``'s stored values, found once per class (a set has thousands of
    objects of a few classes)."""
    known = _CHECKS.get(cls)
    if known is not None:
        return known
    found: dict[str, Check] = {}
    for klass in cls.__mro__:
        for name, attr in vars(klass).items():
            if (name not in found and isinstance(attr, Field) and not attr.readonly
                    and (attr.convert or attr.check)):
                found[name] = (attr.convert, attr.check)
        for name, check in vars(klass).get("loaded_checks", {}).items():
            found.setdefault(name, check)
    known = _CHECKS[cls] = tuple(found.items())
    return known


def _children(value: Any) -> Iterator[Any]:
    if isinstance(value, LomObject):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            if isinstance(item, (LomObject, list, tuple)):
                yield from _children(item)
    elif isinstance(value, dict):
        for item in value.values():
            if isinstance(item, (LomObject, list, tuple)):
                yield from _children(item)


def check_loaded(root: LomObject) -> None:
    """ValueError naming the object, the property and the value for the first stored value
    that its setter would refuse; every other value is stored as the setter would."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        state = vars(obj)
        for name, (convert, check) in _checks(type(obj)):
            key = "_" + name
            if key not in state:
                continue
            value = state[key]
            try:
                converted = convert(obj, name, value) if convert is not None else value
                if check is not None:
                    converted = check(obj, converted)
            except (RuntimeError, TypeError, ValueError) as exc:
                raise ValueError(f"snapshot: {obj!r} {name} = {value!r}: {exc}") from None
            state[key] = converted
        for value in state.values():
            stack.extend(_children(value))
