"""A track's ``<Devices>`` as the emulator's device snapshots (``Device.to_dict()``).

A device's XML tag is its Live class name (``Operator``, ``Eq8``, ``InstrumentGroupDevice``...),
the same name ``Device.class_name`` reports, so the emulator's catalogue gives its browser
name and parameters. Its shown name is ``UserName`` when set, else the preset it came from
(``LastPresetRef``), else the browser name. Racks keep their chains under ``Branches``
(``ReturnBranches`` for return chains), each with a ``DeviceChain/*/Devices`` list; a Drum
Rack chain's pad is ``BranchInfo/ReceivingNote`` (``ZoneSettings`` in older sets), stored as
128 - note. Max for Live devices name their ``.amxd`` under ``PatchSlot``; plug-ins their
name under ``PluginDesc``.

Read: the device, its on/off switch, rack chains (name, mixer, devices, drum pads) and macro
values and names. Not read (listed once in the warnings): other parameter values (devices
start at the catalogue's defaults) and plug-in or Max device parameters.
"""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from xml.etree import ElementTree as ET

from livectl.emulator.als._container import AlsError
from livectl.emulator.als._mixer import fader_from_gain
from livectl.emulator.als._values import Warnings, boolean, color, integer, number, text
from livectl.emulator.lom import _devices_catalogue as catalogue
from livectl.emulator.lom._device_factory import TYPES, create_device

__all__ = ["MAX_DEVICES", "MAX_RACK_DEPTH", "devices"]

MAX_DEVICES = 512  # on one chain
MAX_RACK_DEPTH = 16
_BROWSER_NAME = {
    spec[0]: name for name, spec in reversed(list(catalogue.DEVICES.items()))
    if not spec[0].startswith("MxDevice")
}
_MAX_TYPES = {"MxDeviceInstrument": 1, "MxDeviceAudioEffect": 2, "MxDeviceMidiEffect": 4}
_PARAMETER_NOTE = ("device parameter values other than on/off and rack macros are not read: "
                   "devices start at the emulator's defaults")


def devices(
    chain: ET.Element | None, where: str, kind: str, warnings: Warnings, depth: int = 0
) -> list[dict[str, Any]]:
    """The devices of a ``<Devices>`` element; ``kind`` is the track's ("midi", "audio"...)."""
    if chain is None:
        return []
    if depth > MAX_RACK_DEPTH:
        raise AlsError(f"{where}: racks nested deeper than {MAX_RACK_DEPTH} levels")
    if len(chain) > MAX_DEVICES:
        raise AlsError(f"{where}: more than {MAX_DEVICES} devices on one chain ({len(chain)})")
    out: list[dict[str, Any]] = []
    has_instrument = kind != "midi"  # after an instrument (or on audio tracks) all is audio
    for index, elem in enumerate(chain):
        data = _device(elem, f"{where} device {index} <{elem.tag}>", has_instrument, warnings,
                       depth)
        has_instrument = has_instrument or data["type"] == TYPES["instrument"]
        out.append(data)
    if out:
        warnings.add(_PARAMETER_NOTE)
    return out


def _device(
    elem: ET.Element, where: str, after_instrument: bool, warnings: Warnings, depth: int
) -> dict[str, Any]:
    tag = elem.tag
    browser_name = _BROWSER_NAME.get(tag)
    if browser_name is not None:
        data = create_device(browser_name, None).to_dict()
        shown = _shown_name(elem) or browser_name
    else:
        device_type = _MAX_TYPES.get(tag) or (TYPES["audio_effect"] if after_instrument
                                              else TYPES["instrument"])
        shown = _shown_name(elem) or _max_or_plugin_name(elem) or tag
        data = {"name": shown, "class_name": tag, "type": device_type, "parameters": []}
        if tag == "PluginDevice" or tag.startswith("MxDevice"):
            warnings.add(f"{where} {shown!r}: its parameters are not mapped (plug-in or Max "
                         "device: only its name and on/off are)")
        else:
            warnings.add(f"{where}: {tag!r} is not one of the emulator's devices; loaded by "
                         "name with no parameters")
    data["name"] = shown
    on = boolean(elem, "On/Manual", f"{where}: on", default=True)
    parameters = data["parameters"]
    if parameters and parameters[0]["name"] == "Device On":
        parameters[0]["value"] = 1.0 if on else 0.0
    elif not on:
        parameters.insert(0, {"name": "Device On", "value": 0.0, "min": 0.0, "max": 1.0,
                              "is_quantized": True, "value_items": ["Off", "On"]})
    if tag in catalogue.RACK_CLASSES:
        _rack(elem, data, where, warnings, depth)
    return data


def _shown_name(elem: ET.Element) -> str:
    user = text(elem, "UserName")
    if user:
        return user
    preset = elem.find("LastPresetRef/Value/FilePresetRef/FileRef")
    if preset is None:
        return ""
    return _stem(text(preset, "Name") or text(preset, "RelativePath") or text(preset, "Path"))


def _max_or_plugin_name(elem: ET.Element) -> str:
    patch = elem.find("PatchSlot/Value/MxDPatchRef/FileRef")
    if patch is not None:
        return _stem(text(patch, "Name") or text(patch, "RelativePath") or text(patch, "Path"))
    for info in elem.iterfind("PluginDesc/*"):
        name = text(info, "PlugName") or text(info, "Name")
        if name:
            return name
    return ""


def _stem(path: str) -> str:
    if not path:
        return ""
    return (PureWindowsPath(path) if "\\" in path else PurePosixPath(path)).stem


def _rack(elem: ET.Element, data: dict[str, Any], where: str, warnings: Warnings,
          depth: int) -> None:
    kind = "midi" if elem.tag in ("InstrumentGroupDevice", "DrumGroupDevice",
                                  "MidiEffectGroupDevice") else "audio"
    data["chains"] = [_chain(b, f"{where} chain {i}", kind, warnings, depth)
                      for i, b in enumerate(elem.iterfind("Branches/*"))]
    data["return_chains"] = [_chain(b, f"{where} return chain {i}", "audio", warnings, depth)
                             for i, b in enumerate(elem.iterfind("ReturnBranches/*"))]
    data["visible_macro_count"] = integer(elem, "NumVisibleMacroControls",
                                          f"{where}: visible macros", low=1, high=16, default=8)
    data["macro_names"] = [text(elem, f"MacroDisplayNames.{i}") or f"Macro {i + 1}"
                           for i in range(16)]
    by_name = {p["name"]: p for p in data["parameters"]}
    for i in range(16):
        macro = by_name.get(f"Macro {i + 1}")
        if macro is not None and elem.find(f"MacroControls.{i}/Manual") is not None:
            macro["value"] = number(elem, f"MacroControls.{i}/Manual", f"{where}: macro {i + 1}",
                                    low=macro["min"], high=macro["max"])
    data["macro_mappings"] = {}


def _chain(branch: ET.Element, where: str, kind: str, warnings: Warnings,
           depth: int) -> dict[str, Any]:
    name = text(branch, "Name/EffectiveName") or text(branch, "Name")
    mixer = branch.find("MixerDevice")
    chain: dict[str, Any] = {
        "name": name or "Chain",
        "color_index": color(branch, where, warnings),
        "mute": not boolean(mixer, "Speaker/Manual", f"{where}: speaker", default=True),
        "solo": boolean(branch, "IsSoloed", f"{where}: solo", default=False),
        "mixer": {
            "volume": fader_from_gain(number(mixer, "Volume/Manual", f"{where}: volume",
                                             low=0.0, high=2.0, default=1.0), top_db=6.0),
            "panning": number(mixer, "Panorama/Manual", f"{where}: pan", low=-1.0, high=1.0,
                              default=0.0),
            "chain_activator": 1.0 if boolean(mixer, "Speaker/Manual", f"{where}: speaker",
                                              default=True) else 0.0,
        },
        "devices": devices(branch.find("DeviceChain/*/Devices"), where, kind, warnings,
                           depth + 1),
    }
    if branch.tag == "DrumBranch":
        info = branch.find("BranchInfo")
        if info is None:
            info = branch.find("ZoneSettings")
        receiving = integer(info, "ReceivingNote", f"{where}: pad (ReceivingNote)", low=1,
                            high=128, default=92)
        chain["in_note"] = 128 - receiving
        chain["out_note"] = integer(info, "SendingNote", f"{where}: sending note", low=0,
                                    high=127, default=60)
        chain["choke_group"] = integer(info, "ChokeGroup", f"{where}: choke group", low=0,
                                       high=16, default=0)
    return chain
