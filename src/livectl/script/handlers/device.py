"""Handlers of /live/device/* (spec §8.4), over ``song.tracks[t].devices[d]``."""

from __future__ import annotations

import logging
from typing import Any

from ..table.endpoints import ALL_ENDPOINTS, endpoint
from ._context import Context, Handler
from ._generic import (
    RESOLVERS,
    Target,
    generic_handlers,
    per_target,
    start_listen,
)

__all__ = ["handlers"]

log = logging.getLogger(__name__)


def _parameters(attr: str) -> Any:
    def fn(ctx: Context, t: Target) -> tuple[Any, ...]:
        return tuple(getattr(p, attr) for p in t.obj.parameters)

    return fn


def _num_parameters(ctx: Context, t: Target) -> tuple[Any, ...]:
    return (len(t.obj.parameters),)


def _set_parameters(ctx: Context, t: Target) -> None:
    # Values beyond the parameter count raise Live's IndexError (§8.4).
    for index, value in enumerate(t.rest):
        t.obj.parameters[index].value = value


def _get_parameter_value(ctx: Context, t: Target) -> tuple[Any, ...]:
    index = t.rest[0]
    return (index, t.obj.parameters[int(index)].value)


def _get_parameter_value_string(ctx: Context, t: Target) -> tuple[Any, ...]:
    index = t.rest[0]
    param = t.obj.parameters[int(index)]
    return (index, param.str_for_value(param.value))


def _get_parameter_name(ctx: Context, t: Target) -> tuple[Any, ...]:
    index = t.rest[0]
    return (index, t.obj.parameters[int(index)].name)


def _set_parameter_value(ctx: Context, t: Target) -> None:
    index, value = t.rest[:2]
    t.obj.parameters[int(index)].value = value


_VALUE = endpoint("device", "parameter/value")
_VALUE_STRING = endpoint("device", "parameter/value_string")


def _listen_params(args: list[Any]) -> tuple[Any, ...]:
    # The key and the message prefix are the raw argument list, extras included, with the
    # parameter index uncast (§8.4).
    return tuple(args)


def _value_string_sender(ctx: Context, param: Any, params: tuple[Any, ...]) -> Any:
    def send() -> None:
        ctx.send(_VALUE_STRING.get_address, (*params, param.str_for_value(param.value)))

    return send


def _start_value(ctx: Context, args: list[Any]) -> None:
    for t in _resolve(ctx, args):
        param = t.obj.parameters[args[2]]  # the OSC list: "list index out of range"
        params = _listen_params(args)
        extra = _value_string_sender(ctx, param, params)
        start_listen(ctx, "device", param, "value", params, _VALUE.get_address, extra=extra)


def _stop_value(ctx: Context, args: list[Any]) -> None:
    # Unlike the generic stop_listen, AbletonOSC looks the key up first (an unknown key is
    # only a warning, whatever the arguments) and lets Live's errors through.
    key = ("device", "value", _listen_params(args))
    for t in _resolve(ctx, args):
        entry = ctx.listeners.get(key)
        if entry is None:
            log.debug("no parameter listener for %r", key[2])
            return
        t.obj.parameters[args[2]].remove_value_listener(entry.callback)
        del ctx.listeners[key]


def _resolve(ctx: Context, args: list[Any]) -> list[Target]:
    return list(RESOLVERS["device"](ctx, args))


_QUERIES: dict[str, Any] = {
    "num_parameters": _num_parameters,
    "parameters/name": _parameters("name"),
    "parameters/min": _parameters("min"),
    "parameters/max": _parameters("max"),
    "parameters/is_quantized": _parameters("is_quantized"),
    "parameter/value_string": _get_parameter_value_string,
    "parameter/name": _get_parameter_name,
}


def handlers() -> dict[str, Handler]:
    table: dict[str, Handler] = {}
    for ep in ALL_ENDPOINTS:
        if ep.domain != "device":
            continue
        if ep.name in _QUERIES:
            table[ep.get_address] = per_target("device", _QUERIES[ep.name])
        elif ep.name == "parameters/value":
            table[ep.get_address] = per_target("device", _parameters("value"))
            table[ep.set_address] = per_target("device", _set_parameters)
        elif ep.name == "parameter/value":
            table[ep.get_address] = per_target("device", _get_parameter_value)
            table[ep.set_address] = per_target("device", _set_parameter_value)
            table[ep.start_listen_address] = _start_value
            table[ep.stop_listen_address] = _stop_value
        else:
            table.update(generic_handlers(ep))
    return table
