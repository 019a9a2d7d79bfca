"""``livectl mcp --emulator`` as a subprocess, driven by the mcp SDK's stdio client: every
tool called with valid and with invalid arguments, and the emulated set checked afterwards
through a livectl client on the embedded emulator's UDP port."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from mcp_peer import call, fail, free_udp_port, mcp_session, text_of

import livectl
from livectl.compose.scales import parse_key
from livectl.mcp import TOOLS

pytestmark = pytest.mark.timeout(300)

PNG = b"\x89PNG\r\n\x1a\n"


class Ledger:
    """Which tools were called with valid and with invalid arguments."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.ok: set[str] = set()
        self.bad: set[str] = set()

    async def call(self, tool: str, /, **arguments: Any) -> Any:
        self.ok.add(tool)
        return await call(self.session, tool, **arguments)

    async def fail(self, tool: str, /, **arguments: Any) -> str:
        self.bad.add(tool)
        return await fail(self.session, tool, **arguments)


@pytest.mark.slow
async def test_tools_listed_with_schemas_and_read_only_mode() -> None:
    async with mcp_session("--emulator", "--tick-ms", "0") as session:
        tools = (await session.list_tools()).tools
        assert [t.name for t in tools] == [s.name for s in TOOLS]
        by_name = {t.name: t for t in tools}
        schema = by_name["generate_melody"].input_schema
        assert schema["properties"]["bars"]["minimum"] == 1
        assert schema["properties"]["bars"]["maximum"] == 64
        assert set(schema["required"]) == {"track", "slot"}
        assert by_name["get_set"].annotations.read_only_hint is True
        assert by_name["delete_track"].annotations.destructive_hint is True
        assert all(t.description and len(t.description) > 30 for t in tools)
    async with mcp_session("--emulator", "--tick-ms", "0", "--read-only") as session:
        names = {t.name for t in (await session.list_tools()).tools}
        assert names == {s.name for s in TOOLS if not s.writes}
        assert {"get_set", "get_notes", "render_piano_roll"} <= names
        assert "undo" not in names and "create_track" not in names
        result = await session.call_tool("create_track", {})
        assert result.is_error and "create_track" in text_of(result)


async def test_every_tool_valid_and_invalid_then_the_set() -> None:
    port = free_udp_port()
    async with mcp_session("--emulator", "--emulator-port", str(port), "--tick-ms", "0") \
            as session:
        with livectl.connect(port=port) as live:
            await _every_tool(session, live)


async def _every_tool(session: Any, live: Any) -> None:
    t = Ledger(session)
    snap = await t.call("get_set")
    n = len(snap["tracks"])
    assert snap["connected_to"] == "livectl's remote script"
    assert snap["tempo_bpm"] == 120.0 and snap["time_signature"] == "4/4"

    # -- song
    assert (await t.call("set_song", tempo_bpm=96, numerator=3, denominator=4,
                         metronome=True))["tempo_bpm"] == 96.0
    assert "tempo_bpm must be a number in range 20..999, got 5000" in \
        await t.fail("set_song", tempo_bpm=5000)
    assert live.song.tempo == 96.0 and live.song.signature_numerator == 3
    await t.call("transport", action="play")
    assert live.song.is_playing
    await t.call("transport", action="stop")
    assert "action must be one of 'play', 'stop'" in await t.fail("transport", action="dance")
    assert not live.song.is_playing

    # -- tracks
    made = await t.call("create_track", kind="midi", name="Lead", color="#ff0000")
    lead = made["track"]
    assert lead == n and live.song.tracks[lead].name == "Lead"
    assert "color must be a string" in await t.fail("create_track", color="red")
    assert "index must be in range -1..5" in await t.fail("create_track", index=n + 2)
    await t.call("set_track", track=lead, volume=0.5, pan=-0.25, mute=True, solo=False,
                 arm=True, name="Lead 2", color="#00ff00")
    tr = live.song.tracks[lead]
    assert (tr.name, tr.volume, tr.panning, tr.mute, tr.arm) == ("Lead 2", 0.5, -0.25, True,
                                                                  True)
    assert "volume must be a number in range 0..1, got 2" in \
        await t.fail("set_track", track=lead, volume=2)
    assert f"track must be in range 0..{n} (the set has {n + 1} tracks), got 99" in \
        await t.fail("set_track", track=99, mute=True)
    await t.call("set_send", track=lead, send=0, level=0.3)
    assert abs(tr.get_send(0) - 0.3) < 1e-6
    assert "send must be in range 0..1" in await t.fail("set_send", track=lead, send=5,
                                                        level=0.3)
    extra = (await t.call("create_track", kind="audio"))["track"]
    await t.call("delete_track", track=extra)
    assert "track is required" in await t.fail("delete_track")
    assert len(live.song.tracks) == n + 1

    # -- scenes
    scene = (await t.call("create_scene", name="Verse"))["scene"]
    assert live.song.scenes[scene].name == "Verse"
    assert "index must be in range -1.." in await t.fail("create_scene", index=500)
    await t.call("set_scene", scene=scene, name="Chorus", color="#123456")
    assert live.song.scenes[scene].name == "Chorus"
    assert "scene must be in range" in await t.fail("set_scene", scene=77, name="x")
    doomed = (await t.call("create_scene"))["scene"]
    await t.call("delete_scene", scene=doomed)
    assert "scene must be an integer in range 0..9999, got -3" in \
        await t.fail("delete_scene", scene=-3)

    # -- clips and notes
    notes = [{"pitch": 60, "start": 0, "duration": 1, "velocity": 90},
             {"pitch": 64, "start": 1, "duration": 0.5, "probability": 0.5,
              "velocity_deviation": 10, "release_velocity": 30}]
    await t.call("create_clip", track=lead, slot=0, length_beats=8, name="Riff", notes=notes)
    clip = live.song.tracks[lead].clip_slots[0].clip
    assert (clip.name, clip.length) == ("Riff", 8.0)
    assert [(x.pitch, x.start_beats, x.duration_beats) for x in clip.notes] == [(60, 0.0, 1.0),
                                                                    (64, 1.0, 0.5)]
    assert "notes[0].pitch must be an integer in range 0..127, got 200" in \
        await t.fail("create_clip", track=lead, slot=1, notes=[{"pitch": 200, "start": 0,
                                                               "duration": 1}])
    assert "already holds a clip" in await t.fail("create_clip", track=lead, slot=0)
    await t.call("add_notes", track=lead, slot=0,
                 notes=[{"pitch": 67, "start": 2, "duration": 1}])
    assert "notes is required" in await t.fail("add_notes", track=lead, slot=0)
    got = await t.call("get_notes", track=lead, slot=0)
    assert got["count"] == 3
    second = next(x for x in got["notes"] if x["pitch"] == 64)
    assert (second["probability"], second["velocity_deviation"],
            second["release_velocity"]) == (0.5, 10.0, 30.0)
    assert "holds no clip" in await t.fail("get_notes", track=lead, slot=1)
    removed = await t.call("remove_notes", track=lead, slot=0, note_ids=[second["note_id"]])
    assert removed == {"removed": 1, "left": 2}
    await t.call("remove_notes", track=lead, slot=0, pitch_from=67, pitch_to=67)
    assert [x.pitch for x in clip.notes] == [60]
    assert "pitch_to must be >= pitch_from" in await t.fail("remove_notes", track=lead,
                                                             slot=0, pitch_from=70,
                                                             pitch_to=60)
    await t.call("set_clip", track=lead, slot=0, name="Riff B", loop_start_beats=2,
                 loop_end_beats=6, looping=True)
    assert (clip.name, clip.loop_start, clip.loop_end) == ("Riff B", 2.0, 6.0)
    assert "loop_end_beats must be above loop_start_beats" in \
        await t.fail("set_clip", track=lead, slot=0, loop_start_beats=4, loop_end_beats=3)
    await t.call("fire_clip", track=lead, slot=0)
    assert "holds no clip" in await t.fail("fire_clip", track=lead, slot=3)
    await t.call("stop_clip", track=lead, slot=0)
    assert "slot must be in range" in await t.fail("stop_clip", track=lead, slot=400)
    await t.call("create_clip", track=lead, slot=2)
    await t.call("delete_clip", track=lead, slot=2)
    assert not live.song.tracks[lead].clip_slots[2].has_clip
    assert "holds no clip" in await t.fail("delete_clip", track=lead, slot=2)

    # -- devices
    found = await t.call("search_browser", text="reverb", category="audio_effects")
    assert any(item["name"] == "Reverb" for item in found["results"])
    assert "text must be a string of 1..200 characters" in \
        await t.fail("search_browser", text="")
    loaded = await t.call("load_device", track=lead, name="Operator")
    assert loaded["device"] == 0
    assert list(live.song.tracks[lead].devices.names()) == ["Operator"]
    assert "no device or browser item is named like" in \
        await t.fail("load_device", track=lead, name="Zzyzx Nonesuch")
    device = await t.call("get_device", track=lead, device=0)
    assert device["name"] == "Operator" and len(device["parameters"]) > 10
    assert "device must be in range 0..0" in await t.fail("get_device", track=lead, device=4)
    volume = next(p for p in device["parameters"] if p["name"] == "Volume")
    out = await t.call("set_parameter", track=lead, device=0, parameter="volume",
                       value=volume["min"])
    assert out["parameter"] == "Volume" and out["shown"]
    bad = await t.fail("set_parameter", track=lead, device=0, parameter="Volume",
                       value=volume["max"] + 10)
    assert f"value must be in range {volume['min']:g}..{volume['max']:g}" in bad
    assert "has no parameter named 'Nope'" in \
        await t.fail("set_parameter", track=lead, device=0, parameter="Nope", value=0)
    # As the text Live shows: a step by its text, a continuous value by bisection.
    algo = await t.call("set_parameter", track=lead, device=0, parameter="Algorithm",
                        display="3")
    assert (algo["value"], algo["shown"]) == (3.0, "3")
    vol = await t.call("set_parameter", track=lead, device=0, parameter="Volume",
                       display="0.25")
    assert vol["shown"] == "0.25" and abs(vol["value"] - 0.25) < 0.005
    assert "display must be in range 0.00..1.00, got '-6 dB'" in \
        await t.fail("set_parameter", track=lead, device=0, parameter="Volume",
                     display="-6 dB")
    assert live.song.tracks[lead].devices[0].parameters["Volume"].value == \
        pytest.approx(vol["value"], abs=1e-6)
    await t.call("load_device", track=lead, name="Reverb")
    await t.call("delete_device", track=lead, device=1)
    assert "device must be in range 0..0" in await t.fail("delete_device", track=lead,
                                                          device=1)

    # -- arrangement and automation
    arr = await t.call("create_arrangement_clip", track=lead, start_beats=8,
                       length_beats=4, name="Arr", notes=[{"pitch": 72, "start": 0,
                                                          "duration": 2}])
    listed = (await t.call("get_arrangement", track=lead))["clips"]
    assert [(c["start_beats"], c["length_beats"], c["name"]) for c in listed] == \
        [(8.0, 4.0, "Arr")]
    assert "length_beats must be a number in range 0..1576800, got 0" in \
        await t.fail("create_arrangement_clip", track=lead, start_beats=0, length_beats=0)
    assert "track must be in range" in await t.fail("get_arrangement", track=50)
    dup = await t.call("duplicate_clip_to_arrangement", track=lead, slot=0, time_beats=16)
    assert dup["index"] == 1
    assert "holds no clip" in await t.fail("duplicate_clip_to_arrangement", track=lead,
                                            slot=5, time_beats=0)
    await t.call("delete_arrangement_clip", track=lead, index=arr["index"])
    assert "index must be in range 0..0" in await t.fail("delete_arrangement_clip",
                                                          track=lead, index=3)
    written = await t.call("write_automation", track=lead, slot=0, parameter="volume",
                           points=[{"time_beats": 0, "value": 0.2, "duration_beats": 1},
                                   {"time_beats": 2, "value": 0.8, "duration_beats": 1}])
    assert written["points_written"] == 2 and written["envelope"]
    assert "parameter must be one of volume, panning" in \
        await t.fail("write_automation", track=lead, slot=0, parameter="loudness",
                     points=[{"time_beats": 0, "value": 1}])
    env = await t.call("get_automation", track=lead, slot=0, parameter="Volume")
    assert env["envelope"] == written["envelope"]
    assert "parameter is required" in await t.fail("get_automation", track=lead, slot=0)
    await t.call("clear_automation", track=lead, slot=0, parameter="volume")
    assert (await t.call("get_automation", track=lead, slot=0,
                         parameter="volume"))["envelope"] == []
    assert "holds no clip" in await t.fail("clear_automation", track=lead, slot=6)

    # -- livectl's generators and the piano roll
    mel = await t.call("generate_melody", track=lead, slot=1, key="A:minor", bars=4, seed=7)
    key = parse_key("A:minor")
    written_notes = live.song.tracks[lead].clip_slots[1].clip.notes
    assert len(written_notes) == mel["notes"] > 4
    assert all(key.contains(x.pitch) for x in written_notes)
    assert live.song.tracks[lead].clip_slots[1].clip.length == 16.0
    assert "key must be like C:major" in await t.fail("generate_melody", track=lead,
                                                      slot=1, key="H:weird")
    assert "bars must be an integer in range 1..64, got 0" in \
        await t.fail("generate_melody", track=lead, slot=1, bars=0)
    drums = await t.call("generate_drums", track=lead, slot=3, style="house", bars=2)
    assert drums["notes"] == len(live.song.tracks[lead].clip_slots[3].clip.notes) > 8
    assert "style must be one of" in await t.fail("generate_drums", track=lead, slot=3,
                                                  style="polka")
    picture = await t.call("render_piano_roll", track=lead, slot=1, key="A:minor")
    image = picture.content[0]
    assert image.type == "image" and image.mime_type == "image/png"
    assert base64.b64decode(image.data).startswith(PNG)
    assert "holds no clip" in await t.fail("render_piano_roll", track=lead, slot=7)

    # -- undo and redo
    tracks_before = len(live.song.tracks)
    await t.call("create_track", name="Temp")
    assert (await t.call("undo")).startswith("undone")
    assert len(live.song.tracks) == tracks_before
    assert (await t.call("redo")).startswith("redone")
    assert len(live.song.tracks) == tracks_before + 1
    assert "is not an argument of undo" in await t.fail("undo", steps=2)
    assert "is not an argument of redo" in await t.fail("redo", steps=2)

    names = {s.name for s in TOOLS}
    assert t.ok == names, names - t.ok
    assert t.bad == names - {"get_set"}, names - {"get_set"} - t.bad
    assert "is not an argument of get_set" in await fail(session, "get_set", verbose=True)


async def test_one_undo_removes_a_clip_with_its_notes() -> None:
    port = free_udp_port()
    async with mcp_session("--emulator", "--emulator-port", str(port), "--tick-ms", "10") \
            as session:
        live = livectl.connect(port=port)
        try:
            await _undo(session, live)
        finally:
            live.close()


async def _undo(session: Any, live: Any) -> None:
    track = (await call(session, "create_track", name="Keys"))["track"]
    await call(session, "create_clip", track=track, slot=0, name="Chords",
               notes=[{"pitch": p, "start": 0, "duration": 4} for p in (60, 64, 67)])
    slot = live.song.tracks[track].clip_slots[0]
    assert slot.has_clip and len(slot.clip.notes) == 3
    await call(session, "undo")
    assert not slot.has_clip
    assert len(live.song.tracks) == track + 1  # the track of the tool before stays
    await call(session, "redo")
    assert slot.has_clip and [n.pitch for n in slot.clip.notes] == [60, 64, 67]
    # A melody over an existing clip: one undo brings the old clip back.
    await call(session, "generate_melody", track=track, slot=0, bars=2, seed=1)
    assert slot.clip.name != "Chords"
    await call(session, "undo")
    assert slot.clip.name == "Chords" and len(slot.clip.notes) == 3
