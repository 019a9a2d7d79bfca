"""Handlers of /live/track/* (spec §7), over ``song.tracks[i]`` (or every track for "*")."""

from __future__ import annotations

import logging
from typing import Any

from ..table.endpoints import ALL_ENDPOINTS, endpoint
from ._context import Context, Handler
from ._generic import (
    Target,
    generic_handlers,
    method_handler,
    per_target,
    start_listen,
    stop_listen,
)

__all__ = ["handlers"]

log = logging.getLogger(__name__)


def _mixer_handlers(name: str) -> dict[str, Handler]:
    """volume/panning: a DeviceParameter on mixer_device.

    get/set ignore extra arguments; start/stop_listen key on (index, *extras) and prefix every
    message with them, like any other listener (§2.3).
    """
    ep = endpoint("track", name)

    def param(t: Target) -> Any:
        return getattr(t.obj.mixer_device, name)

    def get(ctx: Context, t: Target) -> tuple[Any, ...]:
        return (param(t).value,)

    def set_(ctx: Context, t: Target) -> None:
        param(t).value = t.rest[0]

    def start(ctx: Context, t: Target) -> None:
        p = param(t)
        params = (*t.prefix, *t.rest)
        start_listen(ctx, "track", p, "value", params, ep.get_address, key=name)

    def stop(ctx: Context, t: Target) -> None:
        stop_listen(ctx, "track", param(t), "value", (*t.prefix, *t.rest), key=name)

    return {
        ep.get_address: per_target("track", get),
        ep.set_address: per_target("track", set_),
        ep.start_listen_address: per_target("track", start),
        ep.stop_listen_address: per_target("track", stop),
    }


def _get_send(ctx: Context, t: Target) -> tuple[Any, ...]:
    # Exactly one send id: none or more is a ValueError (so a wildcard skips it, §1.6).
    (send_id,) = t.rest
    return (send_id, t.obj.mixer_device.sends[send_id].value)


def _set_send(ctx: Context, t: Target) -> None:
    send_id, value = t.rest
    t.obj.mixer_device.sends[send_id].value = value


def _delete_clip(ctx: Context, t: Target) -> None:
    t.obj.clip_slots[t.rest[0]].delete_clip()


def _clips(attr: str) -> Any:
    def fn(ctx: Context, t: Target) -> tuple[Any, ...]:
        return tuple(
            getattr(s.clip, attr) if s.clip is not None else None for s in t.obj.clip_slots
        )

    return fn


def _arrangement(attr: str) -> Any:
    def fn(ctx: Context, t: Target) -> tuple[Any, ...]:
        return tuple(getattr(c, attr) for c in t.obj.arrangement_clips)

    return fn


def _devices(attr: str) -> Any:
    def fn(ctx: Context, t: Target) -> tuple[Any, ...]:
        return tuple(getattr(d, attr) for d in t.obj.devices)

    return fn


def _num_devices(ctx: Context, t: Target) -> tuple[Any, ...]:
    return (len(t.obj.devices),)


def _available(attr: str) -> Any:
    def fn(ctx: Context, t: Target) -> tuple[Any, ...]:
        return tuple(r.display_name for r in getattr(t.obj, attr))

    return fn


def _routing_handlers(attr: str) -> dict[str, Handler]:
    ep = endpoint("track", attr)
    available = "available_" + attr.replace("_type", "_types").replace("_channel", "_channels")

    def get(ctx: Context, t: Target) -> tuple[Any, ...]:
        return (getattr(t.obj, attr).display_name,)

    def set_(ctx: Context, t: Target) -> None:
        name = str(t.rest[0])
        for entry in getattr(t.obj, available):
            if entry.display_name == name:
                setattr(t.obj, attr, entry)
                return
        # No match: AbletonOSC logs a WARNING and does nothing else (§7.5).
        log.debug("no %s named %r on track %s", attr, name, t.prefix[0])

    return {ep.get_address: per_target("track", get), ep.set_address: per_target("track", set_)}


_QUERIES: dict[str, Any] = {
    "clips/name": _clips("name"),
    "clips/length": _clips("length"),
    "clips/color": _clips("color"),
    "arrangement_clips/name": _arrangement("name"),
    "arrangement_clips/length": _arrangement("length"),
    "arrangement_clips/start_time": _arrangement("start_time"),
    "num_devices": _num_devices,
    "devices/name": _devices("name"),
    "devices/type": _devices("type"),
    "devices/class_name": _devices("class_name"),
    "devices/can_have_chains": _devices("can_have_chains"),
}


def handlers() -> dict[str, Handler]:
    table: dict[str, Handler] = {}
    routing = (
        "output_routing_type",
        "output_routing_channel",
        "input_routing_type",
        "input_routing_channel",
    )
    for ep in ALL_ENDPOINTS:
        if ep.domain != "track":
            continue
        if ep.name in _QUERIES:
            table[ep.get_address] = per_target("track", _QUERIES[ep.name])
        elif ep.name.startswith("available_"):
            table[ep.get_address] = per_target("track", _available(ep.name))
        elif ep.name in routing:
            table.update(_routing_handlers(ep.name))
        elif ep.name in ("volume", "panning"):
            table.update(_mixer_handlers(ep.name))
        elif ep.name == "send":
            table[ep.get_address] = per_target("track", _get_send)
            table[ep.set_address] = per_target("track", _set_send)
        elif ep.name == "delete_clip":
            table[ep.call_address] = per_target("track", _delete_clip)
        elif ep.kind == "method":
            table[ep.call_address] = method_handler(ep)
        else:
            table.update(generic_handlers(ep))
    return table
