"""The asyncio front end: the same model, awaited."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from livectl.client import AsyncLive
from livectl.emulator import Emulator
from livectl.errors import LiveError
from livectl.model import Note


async def test_get_set_and_methods(alive: AsyncLive, emu: Emulator) -> None:
    song = alive.song
    assert await song.get("tempo") == 120.0
    assert await song.tempo == 120.0  # reading a typed property gives an awaitable
    await song.set("tempo", 140)
    assert emu.engine.song.tempo == 140.0
    with pytest.raises(TypeError, match=r"await obj.set\('tempo', value\)"):
        song.tempo = 150
    with pytest.raises(ValueError, match=r"song\.tempo must be in range"):
        await song.set("tempo", 5)
    tracks = await song.tracks.all()
    assert repr(tracks[0]) == "<Track 0 '1-MIDI'>" and await song.tracks.count() == 4
    new = await song.create_midi_track()
    assert new.index == (4,)
    await song.start_playing()
    assert await song.get("is_playing") is True
    await song.stop_playing()
    assert (await alive.application.version)[0] in (11, 12)


async def test_clip_notes_and_errors(alive: AsyncLive) -> None:
    slot = alive.song.tracks[0].clip_slots[1]
    clip = await slot.create_clip(4)
    await clip.set("name", "A")
    await clip.add_notes([Note(60, 0, 1), Note(62, 1, 1, 80)])
    assert await clip.notes == [Note(60, 0.0, 1.0), Note(62, 1.0, 1.0, 80)]
    with pytest.raises(LiveError, match="already has a clip"):
        await slot.create_clip(4)
    replies = await alive.query("/live/clip/get/*", 0, 1)
    assert ("/live/clip/get/name", (0, 1, "A")) in replies


async def test_listener_on_the_loop(alive: AsyncLive) -> None:
    q: asyncio.Queue[Any] = asyncio.Queue()
    handle = alive.song.tracks[0].listen("name", q.put_nowait)
    assert await asyncio.wait_for(q.get(), 3.0) == "1-MIDI"
    await alive.song.tracks[0].set("name", "Lead")
    assert await asyncio.wait_for(q.get(), 3.0) == "Lead"
    handle.close()

    got: asyncio.Queue[Any] = asyncio.Queue()

    async def coroutine_callback(value: Any) -> None:  # awaitables are scheduled as tasks
        await got.put(value)

    with alive.song.listen("tempo", coroutine_callback):
        assert await asyncio.wait_for(got.get(), 3.0) == 120.0


async def test_device_parameter_by_name(alive: AsyncLive, emu: Emulator) -> None:
    emu.add_device(1, "Auto Filter", "AutoFilter", 2, [{"name": "Frequency", "value": 0.3}])
    param = await alive.song.tracks[1].devices[0].parameters["Frequency"]
    assert await param.get_value() == pytest.approx(0.3)
    await param.set_value(0.6)
    assert await param.get_value() == pytest.approx(0.6)


async def test_errors_in_a_tick_batch_reach_their_own_tasks(reply_port: int) -> None:
    """At Live's 100 ms tick an error ends the batch and the rest waits a tick (spec §1.4):
    the error still reaches the task that caused it, the others get their answers."""
    from livectl.client import aconnect

    with Emulator(port=0, reply_port=reply_port, tick_s=0.1) as _emu:
        live = await aconnect(port=_emu.port, reply_port=reply_port)
        async with live:
            results = await asyncio.gather(
                live.song.tracks[0].get("name"),
                live.song.tracks[40].get("name"),
                live.song.tracks[1].get("name"),
                live.song.get("tempo"),
                return_exceptions=True,
            )
    assert results[0] == "1-MIDI" and results[2] == "2-MIDI" and results[3] == 120.0
    assert isinstance(results[1], LiveError) and "Index out of range" in str(results[1])


async def test_a_cancelled_query_leaves_nothing_waiting(emu: Emulator, reply_port: int) -> None:
    # A task cancelled while its reply is lost must not stay registered: it would take the
    # reply meant for the next query on the same address, which would then time out.
    from livectl.client import aconnect

    live = await aconnect(port=emu.port, reply_port=reply_port, timeout=1.0, retries=0)
    try:
        emu.set_faults(drop=1.0)
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(live.song.get("tempo"), timeout=0.1)
        emu.set_faults()
        assert await live.song.get("tempo") == 120.0
    finally:
        await live.aclose()
