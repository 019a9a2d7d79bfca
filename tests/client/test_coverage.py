"""Every readable property of every object answers through the typed model's ``get``, and
the typed attributes are exactly the table's properties (no address typed twice)."""

from __future__ import annotations

import pytest

from livectl.client import Live
from livectl.emulator import Emulator
from livectl.model import Clip, ClipSlot, Device, Scene, Song, Track, View
from livectl.model._base import LiveObject, ReadOnlyProp
from livectl.protocol import ROUTES, properties

MODEL = {"song": Song, "track": Track, "clip_slot": ClipSlot, "clip": Clip, "scene": Scene,
         "device": Device, "view": View}


@pytest.mark.parametrize("domain", sorted(MODEL))
def test_typed_attributes_come_from_the_table(domain: str) -> None:
    cls = MODEL[domain]
    plain = {ep.name for ep in properties(domain)
             if "/" not in ep.name and not ep.args and ep.get_address in ROUTES}
    attrs = {name for name in dir(cls) if isinstance(getattr(cls, name, None), ReadOnlyProp)}
    assert plain <= attrs
    assert all(getattr(cls, a).name in plain for a in attrs)


def test_every_property_get_answers(live: Live, emu: Emulator) -> None:
    emu.add_device(0, "Operator", "Operator", 1, [{"name": "Volume", "value": 0.5}])
    live.song.tracks[0].clip_slots[0].create_clip(4)
    objects: dict[str, LiveObject] = {
        "song": live.song, "track": live.song.tracks[0],
        "clip_slot": live.song.tracks[0].clip_slots[0],
        "clip": live.song.tracks[0].clip_slots[0].clip, "scene": live.song.scenes[0],
        "device": live.song.tracks[0].devices[0], "view": live.view,
    }
    answered = 0
    for domain, obj in objects.items():
        for ep in properties(domain):
            if ep.get_address not in ROUTES or ep.args or "/" in ep.name:
                continue
            if domain == "view" and ep.name == "selected_device":
                continue  # Live raises when no device is selected (spec §6)
            value = obj.get(ep.name)
            if ep.value_type is not None and value is not None and ep.value_type is not tuple:
                assert isinstance(value, (ep.value_type, int) if ep.value_type is float
                                  else ep.value_type), (domain, ep.name, value)
            answered += 1
    assert answered >= 110
