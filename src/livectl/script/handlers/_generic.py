"""Target resolution per domain and the generic property/method handlers AbletonOSC shares.

Each domain resolves its index prefix exactly like AbletonOSC's ``create_*_callback``
wrappers, so Live's and Python's own exceptions arise naturally: ``int()`` on the prefix
(ValueError for text), ``list index out of range`` for a missing index, Live's ``Index out
of range`` for a vector, ``'NoneType' object has no attribute ...`` for an empty slot.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import LimitError
from ..table.endpoint import Endpoint
from ._context import Context, Handler, ListenerEntry

__all__ = [
    "RESOLVERS",
    "Target",
    "generic_handlers",
    "per_target",
    "start_listen",
    "stop_listen",
]

log = logging.getLogger(__name__)

# A bound of livectl's script: start_listen floods cannot register listeners without limit.
MAX_LISTENERS = 10_000


@dataclass(frozen=True)
class Target:
    """A resolved Live object with the reply prefix and the rest of the arguments.

    ``prefix`` is the int-cast index echo of replies; ``listen_prefix`` is what listener
    messages start with (raw arguments for clip, clip_slot and scene; §2.1). ``rest`` is what
    follows the index: a list for song, view, scene and device (AbletonOSC passes or slices
    the OSC list), a tuple for track, clip and clip_slot (``tuple(params[n:])``): which
    decides whether a missing value reads "list index out of range" or "tuple index out of
    range".
    """

    obj: Any
    prefix: tuple[Any, ...]
    listen_prefix: tuple[Any, ...]
    rest: Any


Resolver = Callable[[Context, list[Any]], Iterator[Target]]
TargetFn = Callable[[Context, Target], "tuple[Any, ...] | None"]


def _song(ctx: Context, args: list[Any]) -> Iterator[Target]:
    yield Target(ctx.song, (), (), args)


def _track(ctx: Context, args: list[Any]) -> Iterator[Target]:
    first = args[0]
    # Quirk §7/§13 #4: the string "*" addresses every track; callers decide whether the
    # first reply ends the loop (getters) or every track is visited (setters, listeners).
    indices: Any = range(len(ctx.song.tracks)) if first == "*" else (int(first),)
    rest = tuple(args[1:])
    for index in indices:
        yield Target(ctx.song.tracks[index], (index,), (index,), rest)


def _slot(ctx: Context, args: list[Any]) -> tuple[Any, tuple[int, int]]:
    t, c = int(args[0]), int(args[1])
    return ctx.song.tracks[t].clip_slots[c], (t, c)


def _clip_slot(ctx: Context, args: list[Any]) -> Iterator[Target]:
    slot, prefix = _slot(ctx, args)
    yield Target(slot, prefix, (args[0], args[1]), tuple(args[2:]))


def _clip(ctx: Context, args: list[Any]) -> Iterator[Target]:
    slot, prefix = _slot(ctx, args)
    # An empty slot gives None here; every clip call then raises AttributeError (§8.2).
    yield Target(slot.clip, prefix, (args[0], args[1]), tuple(args[2:]))


def _scene(ctx: Context, args: list[Any]) -> Iterator[Target]:
    s = int(args[0])
    # AbletonOSC's scene and device wrappers slice the OSC list without tuple(): a missing
    # value reads "list index out of range" there.
    yield Target(ctx.song.scenes[s], (s,), (args[0],), args[1:])


def _device(ctx: Context, args: list[Any]) -> Iterator[Target]:
    t, d = int(args[0]), int(args[1])
    # Quirk §8.4/§13 #6: device listener messages (and keys) carry no (t, d) prefix.
    yield Target(ctx.song.tracks[t].devices[d], (t, d), (), args[2:])


def _view(ctx: Context, args: list[Any]) -> Iterator[Target]:
    yield Target(ctx.song.view, (), (), args)


def _application(ctx: Context, args: list[Any]) -> Iterator[Target]:
    yield Target(ctx.application, (), (), args)


RESOLVERS: dict[str, Resolver] = {
    "song": _song,
    "track": _track,
    "clip_slot": _clip_slot,
    "clip": _clip,
    "scene": _scene,
    "device": _device,
    "view": _view,
    "application": _application,
}


def per_target(domain: str, fn: TargetFn) -> Handler:
    """Run ``fn`` on each resolved target; the first non-None result is the reply.

    Like AbletonOSC's wrappers, the reply is ``(*prefix, *result)``, and the loop over ``"*"``
    tracks returns from inside (quirk: a "*" getter answers for the first track only).
    """
    resolve = RESOLVERS[domain]

    def handler(ctx: Context, args: list[Any]) -> tuple[Any, ...] | None:
        for target in resolve(ctx, args):
            result = fn(ctx, target)
            if result is not None:
                return (*target.prefix, *result)
        return None

    return handler


def safe_get(obj: Any, prop: str) -> Any:
    """AbletonOSC's generic getter: only Live's RuntimeError becomes None (§3.3)."""
    try:
        return getattr(obj, prop)
    except RuntimeError:
        return None


def start_listen(
    ctx: Context,
    domain: str,
    target: Any,
    prop: str,
    params: tuple[Any, ...],
    address: str,
    value: Callable[[], Any] | None = None,
    extra: Callable[[], None] | None = None,
    key: str | None = None,
) -> None:
    """AbletonOSC's ``_start_listen``: replace an old listener, add, send the value at once.

    ``key`` names the listener when it differs from the observed property (a mixer
    parameter's ``value`` listened to as ``volume``).
    """
    if (domain, key or prop, params) in ctx.listeners:
        stop_listen(ctx, domain, target, prop, params, key=key)
    elif len(ctx.listeners) >= MAX_LISTENERS:
        raise LimitError(
            f"listeners must be at most {MAX_LISTENERS} at once; stop some first "
            f"(/live/{domain}/stop_listen/...)"
        )

    def fire() -> None:
        current = getattr(target, prop) if value is None else value()
        values = current if isinstance(current, tuple) else (current,)
        ctx.send(address, (*params, *values))
        if extra is not None:
            extra()

    def callback() -> None:
        # Called by Live on a change, outside any OSC message: a failure (an oversized
        # datagram, say) goes to Live's log, not to /live/error, and must not stop the set.
        try:
            fire()
        except Exception as exc:
            log.debug("listener %s %s could not send: %s", domain, prop, exc)

    # A property Live cannot observe has no add_<prop>_listener: AttributeError (§2.5).
    getattr(target, f"add_{prop}_listener")(callback)
    ctx.listeners[(domain, key or prop, params)] = ListenerEntry(target, prop, callback)
    fire()  # the value at once; here a failure is the message's error


def stop_listen(
    ctx: Context,
    domain: str,
    target: Any,
    prop: str,
    params: tuple[Any, ...],
    key: str | None = None,
) -> None:
    """AbletonOSC's ``_stop_listen``: remove from the object *now* at the index (quirk §13 #12)."""
    entry = ctx.listeners.pop((domain, key or prop, params), None)
    if entry is None:
        log.debug("no listener for %s %s %r", domain, prop, params)
        return
    try:
        getattr(target, f"remove_{prop}_listener")(entry.callback)
    except Exception as exc:  # AbletonOSC logs at INFO and forgets the key either way
        log.debug("could not remove listener %s %s: %s", domain, prop, exc)


def generic_handlers(ep: Endpoint) -> dict[str, Handler]:
    """get/set/start_listen/stop_listen handlers of a plain property, from its table entry."""
    domain, prop = ep.domain, ep.name
    get_address = ep.get_address

    def get(ctx: Context, t: Target) -> tuple[Any, ...]:
        # Quirk §2.3/§13 #5: extra arguments come back after the value.
        return (safe_get(t.obj, prop), *t.rest)

    def set_(ctx: Context, t: Target) -> None:
        setattr(t.obj, prop, t.rest[0])

    def start(ctx: Context, t: Target) -> None:
        # Extra arguments join the key and prefix every listener message (§2.3).
        start_listen(ctx, domain, t.obj, prop, (*t.listen_prefix, *t.rest), get_address)

    def stop(ctx: Context, t: Target) -> None:
        stop_listen(ctx, domain, t.obj, prop, (*t.listen_prefix, *t.rest))

    fns: dict[str, TargetFn] = {"get": get, "set": set_, "start_listen": start, "stop_listen": stop}
    return {ep.address(verb): per_target(domain, fns[verb]) for verb in ep.verbs}


def method_handler(ep: Endpoint) -> Handler:
    """A pass-through method: ``obj.<name>(*rest)``, no reply (§5.1, §7.1, §8)."""
    name = ep.name

    def call(ctx: Context, t: Target) -> None:
        getattr(t.obj, name)(*t.rest)

    return per_target(ep.domain, call)
