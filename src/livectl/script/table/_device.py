"""Endpoints of /live/device, /live/view, /live/scene and /live/midimap (spec §6, §8.3-8.5)."""

from __future__ import annotations

from ._build import a, call, prop, props_block, query, reg

# --------------------------------------------------------------------------- device (§8.4)

# Quirk (§8.4, §13 #6): device listener messages carry no (t, d) prefix.
_DEVICE_PROPS = (
    prop("device", "class_name", str, rw=False, observable=False),
    prop(
        "device",
        "name",
        str,
        rw=False,
        notes="listener messages have no (t, d) prefix (AbletonOSC quirk)",
    ),
    prop("device", "type", int, rw=False, observable=False, notes="enums.DeviceType"),
)
_PARAMS = (
    query("device", "num_parameters", int, reply="(t, d, n)"),
    query("device", "parameters/name", tuple, reply="(t, d, name...)"),
)
PARAMETERS_VALUE = prop(
    "device",
    "parameters/value",
    tuple,
    rw=True,
    listenable=False,
    observable=False,
    echo_extra=False,
    reply="(t, d, value...)",
    notes="set: values for parameters 0..n-1",
)
_PARAMS_MORE = (
    query("device", "parameters/min", tuple, reply="(t, d, min...)"),
    query("device", "parameters/max", tuple, reply="(t, d, max...)"),
    query("device", "parameters/is_quantized", tuple, reply="(t, d, bool...)"),
)
PARAMETER_VALUE = prop(
    "device",
    "parameter/value",
    float,
    rw=True,
    echo_extra=False,
    args=(a("parameter_index"),),
    reply="(t, d, p, value)",
    notes="listener also sends get/parameter/value_string (t, d, p, string)",
)
PARAMETER_VALUE_STRING = query(
    "device", "parameter/value_string", str, a("parameter_index"), reply="(t, d, p, string)"
)
PARAMETER_NAME = query(
    "device", "parameter/name", str, a("parameter_index"), reply="(t, d, p, name)"
)


def register_device() -> None:
    props_block(_DEVICE_PROPS)
    for q in _PARAMS:
        reg(q)
    reg(PARAMETERS_VALUE, "get")
    for q in _PARAMS_MORE:
        reg(q)
    reg(PARAMETERS_VALUE, "set")
    reg(PARAMETER_VALUE, "get")
    reg(PARAMETER_VALUE_STRING)
    reg(PARAMETER_VALUE, "set")
    reg(PARAMETER_NAME)
    reg(PARAMETER_VALUE, "start_listen", "stop_listen")


# --------------------------------------------------------------------------- view (§6)

_VIEW = (
    prop("view", "selected_scene", int, rw=True, echo_extra=False, reply="(scene_index,)"),
    prop("view", "selected_track", int, rw=True, echo_extra=False, reply="(track_index,)"),
    prop(
        "view",
        "selected_clip",
        tuple,
        rw=True,
        listenable=False,
        observable=False,
        echo_extra=False,
        reply="(track_index, scene_index)",
        args=(a("track_index"), a("scene_index")),
    ),
    prop(
        "view",
        "selected_device",
        tuple,
        rw=True,
        listenable=False,
        observable=False,
        echo_extra=False,
        reply="(track_index, device_index)",
        args=(a("track_index"), a("device_index")),
        notes="set replies on /live/view/set/selected_device (AbletonOSC quirk)",
    ),
)


def register_view() -> None:
    for verb in ("get", "set", "start_listen", "stop_listen"):
        for p in _VIEW:
            if verb in p.verbs:
                reg(p, verb)


# --------------------------------------------------------------------------- scene (§8.3)

_SCENE_METHODS = (
    call(
        "scene",
        "fire",
        a("force_legato", bool, optional=True),
        a("can_select_scene_on_launch", bool, optional=True),
    ),
    call("scene", "fire_as_selected"),
)
_SCENE_PROPS = (
    prop("scene", "is_empty", bool, rw=False, observable=False),
    prop("scene", "is_triggered", bool, rw=False),
    prop("scene", "color", int, rw=True),
    prop("scene", "color_index", int, rw=True),
    prop("scene", "name", str, rw=True),
    prop("scene", "tempo", float, rw=True, notes="-1 when the scene has no tempo"),
    prop("scene", "tempo_enabled", bool, rw=True),
    prop("scene", "time_signature_numerator", int, rw=True),
    prop("scene", "time_signature_denominator", int, rw=True),
    prop("scene", "time_signature_enabled", bool, rw=True),
)
FIRE_SELECTED = call("scene", "fire_selected", index_args=())


def register_scene() -> None:
    for m in _SCENE_METHODS:
        reg(m)
    props_block(_SCENE_PROPS)
    reg(FIRE_SELECTED)


# --------------------------------------------------------------------------- midimap (§8.5)

MAP_CC = call(
    "midimap",
    "map_cc",
    a("track_index"),
    a("device_index"),
    a("parameter_index"),
    a("channel"),
    a("cc"),
    notes="channel counts from 0; no unmap, no query",
)


def register_midimap() -> None:
    reg(MAP_CC)
