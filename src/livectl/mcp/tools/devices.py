"""Tools for devices: load by name or browser search, read parameters, set one by name
(as a number in its range or as the text Live shows, unit included: "-6 dB", "2.5 kHz")."""

from __future__ import annotations

import re
from typing import Annotated, Any

from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from livectl.mcp._registry import Ctx, tool
from livectl.mcp.tools._common import TrackIndex, check_track, count

__all__: list[str] = []

DeviceIndex = Annotated[int, Field(ge=0, le=999, description=(
    "device index on the track, 0-based, left to right"))]
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?", re.IGNORECASE)
_SCALE = {"k": 1e3, "m": 1e-3}


def _check_device(ctx: Ctx, track: int, device: int) -> None:
    check_track(ctx, track)
    n = count(ctx, "/live/track/get/num_devices", track)
    if not 0 <= device < n:
        raise ToolError(f"device must be in range 0..{n - 1} (track {track} has {n} devices), "
                        f"got {device}" if n else f"track {track} has no devices: load_device "
                        "puts one there")


@tool("Search Live's browser", writes=False)
def search_browser(
    ctx: Ctx,
    text: Annotated[str, Field(min_length=1, max_length=200)],
    category: Annotated[str | None, Field(max_length=40, description=(
        "instruments, audio_effects, midi_effects, drums, sounds, samples, ..."))] = None,
    max_results: Annotated[int, Field(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """Find devices, presets and samples in Live's browser whose name contains text
    (case-insensitive). load_device takes a name or uri from the results."""
    ctx.require_extensions("browsing")
    flat = ctx.live.query("/live/browser/search", text, category or "", max_results)
    return {"results": [{"name": flat[i], "uri": flat[i + 1], "is_folder": flat[i + 2],
                         "is_loadable": flat[i + 3]} for i in range(0, len(flat), 4)]}


@tool("Load a device onto a track", writes=True)
def load_device(
    ctx: Ctx,
    track: TrackIndex,
    name: Annotated[str, Field(min_length=1, max_length=300, description=(
        "a Live device (Operator, Wavetable, Drift, Reverb, EQ Eight...), a browser item's "
        "name, or a uri from search_browser"))],
) -> dict[str, Any]:
    """Put a device on a track: Live's built-in devices by name, anything else (presets,
    drum kits, plug-ins) by searching the browser for the name. Instruments go first in the
    chain, effects after them."""
    ctx.require_extensions("loading devices")
    check_track(ctx, track)
    live = ctx.live
    if ":" not in name:
        try:
            t, d = live.query("/live/track/insert_device", track, name)
            return {"track": t, "device": d, "name": name, "loaded_from": "native device"}
        except Exception as exc:  # not a native device name: the browser may know it
            if "Unknown device name" not in str(exc):
                raise
        flat = live.query("/live/browser/search", name, "", 50)
        items = [(flat[i], flat[i + 1]) for i in range(0, len(flat), 4) if flat[i + 3]]
        if not items:
            raise ToolError(f"no device or browser item is named like {name!r}: search_browser "
                            "lists what there is")
        exact = [it for it in items if it[0].rsplit(".", 1)[0].lower() == name.lower()]
        item_name, uri = (exact or items)[0]
    else:
        item_name, uri = name, name
    t, d = live.query("/live/browser/load", track, uri)
    return {"track": t, "device": d, "name": item_name, "loaded_from": uri}


@tool("Read a device's parameters", writes=False)
def get_device(ctx: Ctx, track: TrackIndex, device: DeviceIndex) -> dict[str, Any]:
    """A device's name and every parameter: index, name, value, min, max, the text Live
    shows for the value (with its unit) and whether it only takes whole steps."""
    _check_device(ctx, track, device)
    live = ctx.live
    fields = ("name", "value", "min", "max", "is_quantized")
    lists = live.query_many([(f"/live/device/get/parameters/{f}", (track, device))
                             for f in fields])
    names, values, mins, maxs, quant = (r[2:] for r in lists)
    strings = live.query_many([("/live/device/get/parameter/value_string", (track, device, p))
                               for p in range(len(names))])
    params = [{"index": p, "name": names[p], "value": round(float(values[p]), 4),
               "min": mins[p], "max": maxs[p], "shown": s[-1], "whole_steps": bool(quant[p])}
              for p, s in enumerate(strings)]
    return {"track": track, "device": device,
            "name": live.query("/live/device/get/name", track, device)[-1],
            "class_name": live.query("/live/device/get/class_name", track, device)[-1],
            "parameters": params}


def _number(text: str) -> float | None:
    """The number in a value text, scaled by a k/m prefix on its unit: '2.5 kHz' -> 2500."""
    m = _NUMBER.search(text.replace(",", ""))
    if m is None:
        return None
    rest = text[m.end():].strip()
    scale = _SCALE.get(rest[:1], 1.0) if len(rest) > 1 else 1.0
    return float(m.group()) * scale


class _Param:
    def __init__(self, ctx: Ctx, track: int, device: int, p: int) -> None:
        self.live, self.index = ctx.live, (track, device, p)

    def set(self, value: float) -> str:
        self.live.send("/live/device/set/parameter/value", *self.index, value, confirm=True)
        return str(self.live.query("/live/device/get/parameter/value_string", *self.index)[-1])


def _from_display(param: _Param, text: str, low: float, high: float, whole: bool) -> float:
    """The value whose shown text is ``text``: an exact match among whole steps, else a
    bisection on the shown number (Live's value-to-text maps are monotonic)."""
    if whole and high - low <= 256:
        for v in range(int(low), int(high) + 1):
            if param.set(float(v)).strip().lower() == text.strip().lower():
                return float(v)
    target = _number(text)
    if target is None:
        raise ToolError(f"display must hold a number or one of the texts the parameter "
                        f"shows, got {text!r}")
    lo_n, hi_n = _number(param.set(low)), _number(param.set(high))
    if lo_n is None or hi_n is None:
        raise ToolError(f"this parameter shows no numbers; give value in {low:g}..{high:g}")
    rising = hi_n >= lo_n
    if not min(lo_n, hi_n) <= target <= max(lo_n, hi_n):
        raise ToolError(f"display must be in range {param.set(low)}..{param.set(high)}, got "
                        f"{text!r}")
    a, b = low, high
    for _ in range(40):
        mid = (a + b) / 2
        shown = _number(param.set(mid))
        if shown is None or abs(b - a) < 1e-6 * max(1.0, high - low):
            break
        if shown == target:  # shows exactly what was asked: inside the range that shows it
            return float(round(mid)) if whole else mid
        if (shown < target) == rising:
            a = mid
        else:
            b = mid
    return round((a + b) / 2) if whole else (a + b) / 2


@tool("Set a device parameter", writes=True, idempotent=True)
def set_parameter(
    ctx: Ctx,
    track: TrackIndex,
    device: DeviceIndex,
    parameter: Annotated[str, Field(min_length=1, max_length=200, description=(
        "the parameter's name as get_device shows it (case does not matter)"))],
    value: Annotated[float | None, Field(description=(
        "the parameter's own number, inside its min..max from get_device"))] = None,
    display: Annotated[str | None, Field(max_length=100, description=(
        "or the text Live shows, with its unit: '-6 dB', '2.5 kHz', '50 %', 'Sine'"))] = None,
) -> dict[str, Any]:
    """Set one parameter of a device by name, either as a number in its range (value) or as
    the text Live shows for it, unit included (display). The answer gives the text Live
    shows afterwards."""
    if (value is None) == (display is None):
        raise ToolError("give exactly one of value (a number in the parameter's range) or "
                        "display (the text Live shows, e.g. '-6 dB')")
    _check_device(ctx, track, device)
    live = ctx.live
    lists = live.query_many([(f"/live/device/get/parameters/{f}", (track, device))
                             for f in ("name", "min", "max", "is_quantized")])
    names, mins, maxs, quant = (r[2:] for r in lists)
    matches = [i for i, n in enumerate(names) if n == parameter] or \
              [i for i, n in enumerate(names) if str(n).lower() == parameter.lower()]
    if not matches:
        raise ToolError(f"device {device} on track {track} has no parameter named "
                        f"{parameter!r}; it has: {', '.join(map(str, names))}")
    p = matches[0]
    low, high = float(mins[p]), float(maxs[p])
    param = _Param(ctx, track, device, p)
    if value is not None:
        if not low <= value <= high:
            raise ToolError(f"value must be in range {low:g}..{high:g} for {names[p]!r} "
                            f"(or give display with its unit), got {value:g}")
        target = float(value)
    else:
        assert display is not None
        before = float(live.query("/live/device/get/parameter/value", track, device, p)[-1])
        try:
            target = _from_display(param, display, low, high, bool(quant[p]))
        except BaseException:
            param.set(before)  # the search tried values: put the old one back
            raise
    shown = param.set(target)
    return {"track": track, "device": device, "parameter": names[p], "index": p,
            "value": round(target, 6), "shown": shown}


@tool("Delete a device", writes=True, destructive=True)
def delete_device(ctx: Ctx, track: TrackIndex, device: DeviceIndex) -> str:
    """Remove a device from a track (undo brings it back)."""
    _check_device(ctx, track, device)
    ctx.live.song.tracks[track].delete_device(device)
    return f"deleted device {device} of track {track}"
