"""Builds devices from the catalogue: native devices by name, presets, drum kits, samples.

``owner`` is the track or chain the device is made for (it becomes ``canonical_parent``
once placed). Unknown names raise RuntimeError naming what was asked for.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from livectl.emulator.lom import _devices_catalogue as catalogue
from livectl.emulator.lom.device import Device
from livectl.emulator.lom.rack import DrumChain, RackDevice

__all__ = [
    "create_device",
    "create_kit",
    "create_preset",
    "create_sample_player",
    "device_from_dict",
    "is_max_device",
    "parameter_dicts",
]

TYPES = {"instrument": 1, "audio_effect": 2, "midi_effect": 4}


def parameter_dicts(specs: tuple[tuple[Any, ...], ...]) -> list[dict[str, Any]]:
    """The catalogue's parameter tuples as the dicts :class:`Device` takes."""
    out: list[dict[str, Any]] = []
    for spec in specs:
        if isinstance(spec[1], tuple):
            name, items, default = spec
            out.append({"name": name, "value": float(default), "min": 0.0,
                        "max": float(len(items) - 1), "is_quantized": True,
                        "value_items": list(items)})
        else:
            name, low, high, default = spec[:4]
            out.append({"name": name, "value": float(default), "min": float(low),
                        "max": float(high), "is_quantized": len(spec) > 4})
    return out


def is_max_device(name: str) -> bool:
    spec = catalogue.DEVICES.get(name)
    return spec is not None and spec[0].startswith("MxDevice")


def _build(name: str, owner: object | None, *, label: str | None = None) -> Device:
    class_name, kind, specs = catalogue.DEVICES[name]
    cls = RackDevice if class_name in catalogue.RACK_CLASSES else Device
    return cls(label or name, class_name, TYPES[kind], parameter_dicts(specs), track=owner,
               display_name=name)


def create_device(name: str, owner: object | None, *, allow_max: bool = False) -> Device:
    """A native device by its browser name ("Operator", "EQ Eight", "Drum Rack"...)."""
    if name not in catalogue.DEVICES:
        raise RuntimeError(f"Unknown device name {name!r}: not one of Live's native devices")
    if is_max_device(name) and not allow_max:
        raise RuntimeError(
            f"Cannot insert {name!r} by name: it is a Max for Live device (load it from the "
            "browser)"
        )
    return _build(name, owner)


def _stem(file_name: str) -> str:
    return PurePosixPath(file_name).stem


def create_preset(preset: str, owner: object | None) -> Device:
    """A preset from ``catalogue.PRESETS``: a tweaked device, or a rack with mapped macros."""
    spec = catalogue.PRESETS[preset]
    if "device" in spec:
        device = _build(spec["device"], owner, label=_stem(preset))
        by_name = {p.original_name: p for p in device._parameters}
        for parameter_name, value in spec.get("values", {}).items():
            by_name[parameter_name]._value = float(value)
        return device
    rack = _build(spec["rack"], owner, label=_stem(preset))
    assert isinstance(rack, RackDevice)
    chains = []
    for chain_name, members in spec["chains"]:
        chain = rack._new_chain(chain_name)
        for member in members:
            made = (create_preset(member, chain) if member in catalogue.PRESETS
                    else _build(member, chain))
            chain._devices.append(made)
        chains.append(chain)
    rack._add_chains(chains, 0, None)
    for number, (macro_name, c, d, parameter_name) in spec.get("macros", {}).items():
        target = next(p for p in chains[c]._devices[d]._parameters
                      if p.original_name == parameter_name)
        rack._map_macro(number, target, macro_name)
    return rack


def create_sample_player(sample: str, owner: object | None) -> Device:
    """A Simpler playing ``sample`` (what Live makes when a sample is loaded on a MIDI track)."""
    return _build("Simpler", owner, label=_stem(sample))


def create_kit(kit: str, owner: object | None) -> RackDevice:
    """A Drum Rack with one chain per pad of ``catalogue.DRUM_KITS[kit]``, a Simpler on each."""
    rack = _build("Drum Rack", owner, label=_stem(kit))
    assert isinstance(rack, RackDevice)
    chains = []
    for note, (chain_name, sample) in sorted(catalogue.DRUM_KITS[kit].items()):
        chain = DrumChain(rack, chain_name, in_note=note)
        chain._devices.append(create_sample_player(sample, chain))
        chains.append(chain)
    rack._add_chains(chains, 0, None)
    return rack


def device_from_dict(data: dict[str, Any], owner: object | None) -> Device:
    """Rebuild a device (racks with their chains) from ``Device.to_dict()`` data."""
    class_name = str(data["class_name"])
    display_name = data.get("class_display_name")
    if class_name in catalogue.RACK_CLASSES:
        rack = RackDevice(str(data["name"]), class_name, int(data["type"]),
                          data.get("parameters", ()), track=owner, display_name=display_name)
        rack._load_rack(data)
        return rack
    return Device(str(data["name"]), class_name, int(data["type"]), data.get("parameters", ()),
                  track=owner, display_name=display_name)
