"""Endpoints of /live/track (spec §7)."""

from __future__ import annotations

from ._build import a, call, prop, props_block, query, reg
from .endpoint import Endpoint

_METHODS = (
    call("track", "delete_device", a("device_index")),
    call("track", "stop_all_clips"),
)


def _tp(name: str, t: type, rw: bool, observable: bool = True, notes: str = "") -> Endpoint:
    return prop("track", name, t, rw=rw, observable=observable, notes=notes)


_RO = (
    _tp("can_be_armed", bool, False, False),
    _tp("fired_slot_index", int, False, notes="-1 none, -2 stop button fired"),
    _tp("has_audio_input", bool, False),
    _tp("has_audio_output", bool, False),
    _tp("has_midi_input", bool, False),
    _tp("has_midi_output", bool, False),
    _tp("is_foldable", bool, False, False),
    _tp("is_grouped", bool, False, False),
    _tp("is_visible", bool, False, False),
    _tp("output_meter_level", float, False),
    _tp("output_meter_left", float, False),
    _tp("output_meter_right", float, False),
    _tp("playing_slot_index", int, False, notes="-1 when nothing plays"),
)
_RW = (
    _tp("arm", bool, True),
    _tp("color", int, True, notes="0x00RRGGBB, snapped to Live's palette"),
    _tp("color_index", int, True),
    _tp("current_monitoring_state", int, True, notes="enums.MonitoringState"),
    _tp("fold_state", int, True, False, notes="group tracks only; else None"),
    _tp("mute", bool, True),
    _tp("solo", bool, True),
    _tp("name", str, True),
)


def _mixer(name: str, notes: str) -> Endpoint:
    return prop("track", name, float, rw=True, echo_extra=False, notes=notes)


VOLUME = _mixer("volume", "mixer_device.volume.value, 0..1 (0.85 is about 0 dB)")
PANNING = _mixer("panning", "mixer_device.panning.value, -1..1")
SEND = prop(
    "track",
    "send",
    float,
    rw=True,
    listenable=False,
    observable=False,
    echo_extra=False,
    args=(a("send_index"),),
    reply="(t, send_index, value)",
    notes="set takes (t, send_index, value); send s feeds return track s",
)
DELETE_CLIP = call("track", "delete_clip", a("clip_index"))
_BULK = (
    query("track", "clips/name", tuple, reply="(t, name|None per slot)"),
    query("track", "clips/length", tuple, reply="(t, length|None per slot)"),
    query("track", "clips/color", tuple, reply="(t, color|None per slot)"),
    query("track", "arrangement_clips/name", tuple, reply="(t, name...)"),
    query("track", "arrangement_clips/length", tuple, reply="(t, length...)"),
    query("track", "arrangement_clips/start_time", tuple, reply="(t, start_time...)"),
    query("track", "num_devices", int, reply="(t, n)"),
    query("track", "devices/name", tuple, reply="(t, name...)"),
    query("track", "devices/type", tuple, reply="(t, type...)"),
    query("track", "devices/class_name", tuple, reply="(t, class_name...)"),
    query("track", "devices/can_have_chains", tuple, reply="(t, bool...)"),
)


def _routing(name: str) -> Endpoint:
    return prop(
        "track",
        name,
        str,
        rw=True,
        listenable=False,
        observable=False,
        echo_extra=False,
        reply="(t, display_name)",
        notes="set looks the name up among the available entries",
    )


def _available(name: str) -> Endpoint:
    return query("track", name, tuple, reply="(t, display_name...)")


_ROUTING = (
    (_available("available_output_routing_types"),),
    (_available("available_output_routing_channels"),),
    (_routing("output_routing_type"),),
    (_routing("output_routing_channel"),),
    (_available("available_input_routing_types"),),
    (_available("available_input_routing_channels"),),
    (_routing("input_routing_type"),),
    (_routing("input_routing_channel"),),
)


def register_track() -> None:
    for m in _METHODS:
        reg(m)
    props_block((*_RO, *_RW))
    # Mixer values register get, set, start_listen, stop_listen in that order.
    for p in (VOLUME, PANNING):
        reg(p, "get", "set", "start_listen", "stop_listen")
    reg(SEND, "get", "set")
    reg(DELETE_CLIP)
    for q in _BULK:
        reg(q)
    for (e,) in _ROUTING:
        reg(e)
