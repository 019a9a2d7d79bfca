"""Extensions: racks, their chains, the devices in a chain and drum pads.

A chain is addressed by (track_index, device_index, chain_index) with device_index a rack
on the track; a device in it by one more index. A Drum Rack's pads are addressed by note
(0..127); ``/live/drum_pad/get/chains`` gives the indices of the pad's chains in the rack's
chain list, which /live/chain/* and /live/chain_device/* then take.
"""

from __future__ import annotations

from typing import Any

from ._args import Args, Registry, chain_of, device_of, rack_of
from ._context import Context, Handler

__all__ = ["handlers"]

R = Registry()


@R.on("device", "num_chains")
def _num_chains(ctx: Context, args: Args) -> tuple[Any, ...]:
    t, d, rack = rack_of(ctx, args)
    args.end()
    return (t, d, len(rack.chains))


@R.on("device", "chains/name")
def _chain_names(ctx: Context, args: Args) -> tuple[Any, ...]:
    t, d, rack = rack_of(ctx, args)
    args.end()
    return (t, d, *(c.name for c in rack.chains))


def _drum_rack(ctx: Context, args: Args) -> tuple[int, int, Any]:
    t, d, rack = rack_of(ctx, args)
    if not rack.can_have_drum_pads:
        raise args.fail(f"device_index {d} ({rack.name!r}) is not a Drum Rack: it has no pads")
    return t, d, rack


@R.on("device", "drum_pads")
def _drum_pads(ctx: Context, args: Args) -> tuple[Any, ...]:
    t, d, rack = _drum_rack(ctx, args)
    args.end()
    out: list[Any] = [t, d]
    for pad in rack.drum_pads:
        if len(pad.chains):
            out += (pad.note, pad.name)
    return tuple(out)


# ------------------------------------------------------------------ chains


def _chain_property(name: str) -> None:
    def param(chain: Any) -> Any:
        return getattr(chain.mixer_device, name)

    def get(ctx: Context, args: Args) -> tuple[Any, ...]:
        prefix, chain = chain_of(ctx, args)
        args.end()
        value = param(chain).value if name in ("volume", "panning") else getattr(chain, name)
        return (*prefix, value)

    def set_(ctx: Context, args: Args) -> None:
        _, chain = chain_of(ctx, args)
        if name in ("volume", "panning"):
            target = param(chain)
            value: Any = args.number("value", target.min, target.max)
            args.end()
            target.value = value
            return
        value = args.text("value") if name == "name" else args.flag("value")
        args.end()
        setattr(chain, name, value)

    R.on("chain", name, "get")(get)
    R.on("chain", name, "set")(set_)


for _name in ("name", "mute", "solo", "volume", "panning"):
    _chain_property(_name)


@R.on("chain", "num_devices")
def _num_devices(ctx: Context, args: Args) -> tuple[Any, ...]:
    prefix, chain = chain_of(ctx, args)
    args.end()
    return (*prefix, len(chain.devices))


@R.on("chain", "devices/name")
def _device_names(ctx: Context, args: Args) -> tuple[Any, ...]:
    prefix, chain = chain_of(ctx, args)
    args.end()
    return (*prefix, *(d.name for d in chain.devices))


@R.on("chain", "devices/class_name")
def _device_class_names(ctx: Context, args: Args) -> tuple[Any, ...]:
    prefix, chain = chain_of(ctx, args)
    args.end()
    return (*prefix, *(d.class_name for d in chain.devices))


@R.on("chain", "insert_device")
def _insert_device(ctx: Context, args: Args) -> tuple[Any, ...]:
    prefix, chain = chain_of(ctx, args)
    name = args.text("device_name")
    index = args.integer("device_index", -1, len(chain.devices), default=-1)
    args.end()
    device = chain.insert_device(name, index)
    return (*prefix, next(i for i, d in enumerate(chain.devices) if d is device))


@R.on("chain", "delete_device")
def _delete_device(ctx: Context, args: Args) -> None:
    _, chain = chain_of(ctx, args)
    index, _ = device_of(chain, args, "chain_device_index")
    args.end()
    chain.delete_device(index)


# ------------------------------------------------------------------ drum pads


def _pad(ctx: Context, args: Args) -> tuple[tuple[int, int, int], Any]:
    t, d, rack = _drum_rack(ctx, args)
    note = args.integer("note", 0, 127)
    return (t, d, note), rack.drum_pads[note]


@R.on("drum_pad", "name")
def _pad_name(ctx: Context, args: Args) -> tuple[Any, ...]:
    prefix, pad = _pad(ctx, args)
    args.end()
    return (*prefix, pad.name)


@R.on("drum_pad", "chains")
def _pad_chains(ctx: Context, args: Args) -> tuple[Any, ...]:
    (t, d, note), pad = _pad(ctx, args)
    args.end()
    rack_chains = list(ctx.song.tracks[t].devices[d].chains)
    indices = [i for i, c in enumerate(rack_chains) if any(c is p for p in pad.chains)]
    return (t, d, note, *indices)


def _pad_flag(name: str) -> None:
    def get(ctx: Context, args: Args) -> tuple[Any, ...]:
        prefix, pad = _pad(ctx, args)
        args.end()
        return (*prefix, getattr(pad, name))

    def set_(ctx: Context, args: Args) -> None:
        _, pad = _pad(ctx, args)
        value = args.flag("value")
        args.end()
        setattr(pad, name, value)

    R.on("drum_pad", name, "get")(get)
    R.on("drum_pad", name, "set")(set_)


for _name in ("mute", "solo"):
    _pad_flag(_name)


# ------------------------------------------------------------------ devices in a chain


def _chain_device(ctx: Context, args: Args) -> tuple[tuple[int, ...], Any]:
    prefix, chain = chain_of(ctx, args)
    cd, device = args.index("chain_device_index", chain.devices,
                            f"devices in chain {prefix[2]}")
    return (*prefix, cd), device


def _parameter(device: Any, args: Args) -> tuple[int, Any]:
    return args.index("parameter_index", device.parameters, f"parameters on {device.name!r}")


def _device_attr(name: str) -> None:
    def get(ctx: Context, args: Args) -> tuple[Any, ...]:
        prefix, device = _chain_device(ctx, args)
        args.end()
        return (*prefix, getattr(device, name))

    R.on("chain_device", name)(get)


for _name in ("name", "class_name"):
    _device_attr(_name)


@R.on("chain_device", "num_parameters")
def _num_parameters(ctx: Context, args: Args) -> tuple[Any, ...]:
    prefix, device = _chain_device(ctx, args)
    args.end()
    return (*prefix, len(device.parameters))


def _parameters(what: str) -> None:
    def get(ctx: Context, args: Args) -> tuple[Any, ...]:
        prefix, device = _chain_device(ctx, args)
        args.end()
        return (*prefix, *(getattr(p, what) for p in device.parameters))

    R.on("chain_device", f"parameters/{what}")(get)


for _name in ("name", "value", "min", "max"):
    _parameters(_name)


@R.on("chain_device", "parameter/value", "get")
def _get_value(ctx: Context, args: Args) -> tuple[Any, ...]:
    prefix, device = _chain_device(ctx, args)
    p, param = _parameter(device, args)
    args.end()
    return (*prefix, p, param.value)


@R.on("chain_device", "parameter/value", "set")
def _set_value(ctx: Context, args: Args) -> None:
    _, device = _chain_device(ctx, args)
    _, param = _parameter(device, args)
    value = args.number("value", param.min, param.max)
    args.end()
    param.value = value


@R.on("chain_device", "parameter/value_string")
def _value_string(ctx: Context, args: Args) -> tuple[Any, ...]:
    prefix, device = _chain_device(ctx, args)
    p, param = _parameter(device, args)
    args.end()
    return (*prefix, p, param.str_for_value(param.value))


def handlers() -> dict[str, Handler]:
    return R.handlers()
