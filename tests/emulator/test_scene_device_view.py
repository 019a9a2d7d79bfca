"""Scene, device, view, midimap and clip-filter addresses through the sans-I/O core."""

from __future__ import annotations

from emu_peer import CoreClient

FILTER = [
    ("Wah", 0x01, 2.0, 0.0, 1.0, False),
    ("Mode", 1.0, 0.0, 3.0, True),
]


def _add_filter_device(core: CoreClient, track: int = 0) -> int:
    index = core.core.add_device(
        track,
        "Auto Filter",
        "AutoFilter",
        2,
        [
            {"name": "Frequency", "value": 0.5, "min": 0.0, "max": 1.0, "is_quantized": False},
            {"name": "Mode", "value": 1.0, "min": 0.0, "max": 3.0, "is_quantized": True},
        ],
    )
    return index


def test_scene_properties_listen_and_fire(core: CoreClient) -> None:
    assert core.query("/live/scene/get/name", 1, "e") == (1, "", "e")
    assert core.send("/live/scene/start_listen/name", 1.0) == [("/live/scene/get/name", (1.0, ""))]
    assert core.send("/live/scene/set/name", 1, "Verse") == [
        ("/live/scene/get/name", (1.0, "Verse"))
    ]
    assert core.query("/live/scene/get/is_empty", 0) == (0, True)
    core.send("/live/clip_slot/create_clip", 0, 2, 4)
    core.send("/live/clip_slot/create_clip", 1, 2, 4)
    core.send("/live/scene/fire", 2)
    assert core.query("/live/track/get/playing_slot_index", 1) == (1, 2)
    assert core.error("/live/scene/get/name", 8) == (
        "Error handling OSC message: Index out of range"
    )
    core.send("/live/view/set/selected_scene", 2)
    core.send("/live/song/stop_all_clips")
    core.send("/live/scene/fire_selected")
    assert core.query("/live/track/get/playing_slot_index", 0) == (0, 2)
    assert core.query("/live/view/get/selected_scene") == (3,)  # fire_as_selected moves on


def test_device_queries_parameters_and_listeners(core: CoreClient) -> None:
    d = _add_filter_device(core)
    assert d == 0
    assert core.query("/live/track/get/num_devices", 0) == (0, 1)
    assert core.query("/live/track/get/devices/name", 0) == (0, "Auto Filter")
    assert core.query("/live/track/get/devices/type", 0) == (0, 2)
    assert core.query("/live/device/get/class_name", 0, 0) == (0, 0, "AutoFilter")
    names = core.query("/live/device/get/parameters/name", 0, 0)
    assert names == (0, 0, "Device On", "Frequency", "Mode")
    assert core.query("/live/device/get/num_parameters", 0, 0) == (0, 0, 3)
    assert core.query("/live/device/get/parameters/is_quantized", 0, 0)[2:] == (True, False, True)
    assert core.query("/live/device/get/parameter/value", 0, 0, 1) == (0, 0, 1, 0.5)
    assert core.query("/live/device/get/parameter/name", 0, 0, 2) == (0, 0, 2, "Mode")
    out = core.send("/live/device/start_listen/parameter/value", 0, 0, 1)
    assert [a for a, _ in out] == [
        "/live/device/get/parameter/value",
        "/live/device/get/parameter/value_string",
    ]
    assert out[0][1] == (0, 0, 1, 0.5)
    out = core.send("/live/device/set/parameter/value", 0, 0, 1, 0.75)
    assert out[0] == ("/live/device/get/parameter/value", (0, 0, 1, 0.75))
    assert out[1][0] == "/live/device/get/parameter/value_string"
    core.send("/live/device/stop_listen/parameter/value", 0, 0, 1)
    assert core.send("/live/device/set/parameter/value", 0, 0, 1, 0.25) == []
    core.send("/live/device/set/parameters/value", 0, 0, 1.0, 0.25, 2.0)
    assert core.query("/live/device/get/parameters/value", 0, 0)[2:] == (1.0, 0.25, 2.0)
    # Quirk §8.4/§13 #6: device listener messages carry no (t, d) prefix.
    assert core.send("/live/device/start_listen/name", 0, 0) == [
        ("/live/device/get/name", ("Auto Filter",))
    ]
    assert "add_class_name_listener" in core.error("/live/device/start_listen/class_name", 0, 0)
    assert core.error("/live/device/get/parameter/value", 0, 0, 9).endswith("Index out of range")


def test_view_selection(core: CoreClient) -> None:
    assert core.query("/live/view/get/selected_track") == (0,)
    assert core.send("/live/view/start_listen/selected_track") == [
        ("/live/view/get/selected_track", (0,))
    ]
    assert core.send("/live/view/set/selected_track", 2) == [
        ("/live/view/get/selected_track", (2,))
    ]
    core.send("/live/view/set/selected_scene", 1)
    assert core.query("/live/view/get/selected_scene") == (1,)
    core.send("/live/view/set/selected_clip", 3, 4)
    assert core.query("/live/view/get/selected_clip") == (3, 4)
    _add_filter_device(core, 1)
    # Quirk §6/§13 #7: this setter replies; selecting the device selects its track, and
    # that listener message goes out first, from inside the call.
    assert core.send("/live/view/set/selected_device", 1, 0) == [
        ("/live/view/get/selected_track", (1,)),
        ("/live/view/set/selected_device", (1, 0)),
    ]
    assert core.query("/live/view/get/selected_device") == (1, 0)


def test_midimap_and_clip_filter(core: CoreClient) -> None:
    _add_filter_device(core)
    assert core.send("/live/midimap/map_cc", 0, 0, 1, 0, 74) == []
    assert core.core.ctx.midi_mappings[(0, 74)].name == "Frequency"
    assert core.error("/live/midimap/map_cc", 0, 3, 1, 0, 74).endswith("Index out of range")
    core.send("/live/clip_slot/create_clip", 0, 0, 4)
    core.send("/live/clip/set/name", 0, 0, "Bass_C-E")
    core.send("/live/clip_slot/create_clip", 1, 0, 4)
    core.send("/live/clip/set/name", 1, 0, "Lead_D")
    core.send("/live/clips/filter", "C", "E", "G")
    assert core.query("/live/clip/get/muted", 0, 0)[2] is False
    assert core.query("/live/clip/get/muted", 1, 0)[2] is True
    core.send("/live/clips/unfilter")
    assert core.query("/live/clip/get/muted", 1, 0)[2] is False
