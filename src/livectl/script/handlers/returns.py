"""Extensions: return tracks and the master track (mixer, devices), and every track's sends
as one list. Return tracks are addressed by ``return_index`` into ``song.return_tracks``;
the master track has no index.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._args import Args, Registry, device_of, return_of, track_of
from ._context import Context, Handler

__all__ = ["handlers"]

R = Registry()

Resolve = Callable[[Context, Args], "tuple[tuple[int, ...], Any]"]


def _return(ctx: Context, args: Args) -> tuple[tuple[int, ...], Any]:
    r, track = return_of(ctx, args)
    return (r,), track


def _master(ctx: Context, args: Args) -> tuple[tuple[int, ...], Any]:
    return (), ctx.song.master_track


def _track(ctx: Context, args: Args) -> tuple[tuple[int, ...], Any]:
    t, track = track_of(ctx, args)
    return (t,), track


@R.on("song", "num_return_tracks")
def _num_returns(ctx: Context, args: Args) -> tuple[Any, ...]:
    args.end()
    return (len(ctx.song.return_tracks),)


def _sends(domain: str, resolve: Resolve) -> None:
    def get(ctx: Context, args: Args) -> tuple[Any, ...]:
        prefix, track = resolve(ctx, args)
        args.end()
        return (*prefix, *(s.value for s in track.mixer_device.sends))

    def set_(ctx: Context, args: Args) -> None:
        _, track = resolve(ctx, args)
        sends = list(track.mixer_device.sends)
        if args.left > len(sends):
            raise args.fail(f"takes at most {len(sends)} send values (one per return track), "
                            f"got {args.left}")
        values = [args.number(f"send {i}", s.min, s.max) for i, s in enumerate(sends[:args.left])]
        for send, value in zip(sends, values, strict=False):
            send.value = value

    R.on(domain, "sends", "get")(get)
    R.on(domain, "sends", "set")(set_)


def _mixer(domain: str, resolve: Resolve, name: str) -> None:
    def get(ctx: Context, args: Args) -> tuple[Any, ...]:
        prefix, track = resolve(ctx, args)
        args.end()
        return (*prefix, getattr(track.mixer_device, name).value)

    def set_(ctx: Context, args: Args) -> None:
        _, track = resolve(ctx, args)
        param = getattr(track.mixer_device, name)
        value = args.number("value", param.min, param.max)
        args.end()
        param.value = value

    R.on(domain, name, "get")(get)
    R.on(domain, name, "set")(set_)


def _attribute(domain: str, resolve: Resolve, name: str, writable: bool) -> None:
    def get(ctx: Context, args: Args) -> tuple[Any, ...]:
        prefix, track = resolve(ctx, args)
        args.end()
        return (*prefix, getattr(track, name))

    def set_(ctx: Context, args: Args) -> None:
        _, track = resolve(ctx, args)
        value = args.text("value") if name == "name" else args.flag("value")
        args.end()
        setattr(track, name, value)

    R.on(domain, name, "get")(get)
    if writable:
        R.on(domain, name, "set")(set_)


def _devices(domain: str, resolve: Resolve) -> None:
    def num(ctx: Context, args: Args) -> tuple[Any, ...]:
        prefix, track = resolve(ctx, args)
        args.end()
        return (*prefix, len(track.devices))

    def names(ctx: Context, args: Args) -> tuple[Any, ...]:
        prefix, track = resolve(ctx, args)
        args.end()
        return (*prefix, *(d.name for d in track.devices))

    def insert(ctx: Context, args: Args) -> tuple[Any, ...]:
        prefix, track = resolve(ctx, args)
        name = args.text("device_name")
        index = args.integer("device_index", -1, len(track.devices), default=-1)
        args.end()
        device = track.insert_device(name, index)
        return (*prefix, next(i for i, d in enumerate(track.devices) if d is device))

    def delete(ctx: Context, args: Args) -> None:
        _, track = resolve(ctx, args)
        index, _ = device_of(track, args)
        args.end()
        track.delete_device(index)

    def parameter_names(ctx: Context, args: Args) -> tuple[Any, ...]:
        prefix, track = resolve(ctx, args)
        d, device = device_of(track, args)
        args.end()
        return (*prefix, d, *(p.name for p in device.parameters))

    def parameter(args: Args, track: Any) -> tuple[int, int, Any]:
        d, device = device_of(track, args)
        p, param = args.index("parameter_index", device.parameters,
                              f"parameters on {device.name!r}")
        return d, p, param

    def get_value(ctx: Context, args: Args) -> tuple[Any, ...]:
        prefix, track = resolve(ctx, args)
        d, p, param = parameter(args, track)
        args.end()
        return (*prefix, d, p, param.value)

    def set_value(ctx: Context, args: Args) -> None:
        _, track = resolve(ctx, args)
        _, _, param = parameter(args, track)
        value = args.number("value", param.min, param.max)
        args.end()
        param.value = value

    R.on(domain, "num_devices")(num)
    R.on(domain, "devices/name")(names)
    R.on(domain, "insert_device")(insert)
    R.on(domain, "delete_device")(delete)
    R.on(domain, "device/parameters/name")(parameter_names)
    R.on(domain, "device/parameter/value", "get")(get_value)
    R.on(domain, "device/parameter/value", "set")(set_value)


_sends("track", _track)
_sends("return_track", _return)
for _domain, _resolve in (("return_track", _return), ("master_track", _master)):
    _attribute(_domain, _resolve, "name", _domain == "return_track")
    for _name in ("volume", "panning"):
        _mixer(_domain, _resolve, _name)
    _devices(_domain, _resolve)
for _name in ("mute", "solo"):
    _attribute("return_track", _return, _name, True)


def handlers() -> dict[str, Handler]:
    return R.handlers()
