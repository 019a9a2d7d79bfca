"""The asyncio API's shapes: aconnect awaited or as a context manager, close/aclose, listen
awaited or as a context manager (sync too), callback signature and removal."""

from __future__ import annotations

import asyncio
import socket
import threading
from typing import Any

import pytest

from livectl.client import AsyncLive, Live, aconnect
from livectl.emulator import Emulator
from livectl.errors import LiveConnectionError


def _bound(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return True
        return False


async def test_aconnect_as_async_context_manager_closes_at_the_end(emu: Emulator, reply_port: int) -> None:
    async with aconnect(port=emu.port, reply_port=reply_port) as live:
        assert isinstance(live, AsyncLive)
        assert await live.song.tempo == 120.0
        assert _bound(reply_port)
    assert not _bound(reply_port)  # closed: the reply port is free again
    with pytest.raises(LiveConnectionError, match="closed"):
        await live.song.get("tempo")


async def test_aconnect_awaited_and_close_is_awaitable(emu: Emulator, reply_port: int) -> None:
    live = await aconnect(port=emu.port, reply_port=reply_port)
    assert await live.test() == ("ok",)
    await live.close()  # an awaitable alias of aclose()
    assert not _bound(reply_port)
    live2 = await aconnect(port=emu.port, reply_port=reply_port)
    live2.close()  # and a plain call closes too (the loop frees the port on its next turn)
    for _ in range(100):
        if not _bound(reply_port):
            break
        await asyncio.sleep(0.01)
    assert not _bound(reply_port)
    await live2.aclose()  # idempotent


async def test_an_aconnect_is_used_once(emu: Emulator, reply_port: int) -> None:
    connecting = aconnect(port=emu.port, reply_port=reply_port)
    live = await connecting
    try:
        with pytest.raises(RuntimeError, match="already awaited"):
            await connecting
    finally:
        await live.aclose()


async def test_listen_awaited_and_async_with(alive: AsyncLive, emu: Emulator) -> None:
    values: list[Any] = []
    got = asyncio.Event()

    def on_tempo(value: float) -> None:  # the documented signature: one value
        values.append(value)
        got.set()

    listener = await alive.song.listen("tempo", on_tempo)
    await asyncio.wait_for(got.wait(), 3.0)
    assert values == [120.0] and listener.active
    await listener.aclose()
    assert not listener.active

    async with alive.song.listen("tempo", on_tempo) as again:
        got.clear()
        await asyncio.wait_for(got.wait(), 3.0)  # the current value first
        got.clear()
        await alive.song.set("tempo", 133)
        await asyncio.wait_for(got.wait(), 3.0)
        assert again.active
    assert not again.active and values[-1] == 133.0
    await alive.song.set("tempo", 90)
    await alive.test()  # a round trip: a listener message would have come before its reply
    assert values[-1] == 133.0


async def test_an_async_callback_is_scheduled_as_a_task(alive: AsyncLive) -> None:
    seen: list[Any] = []

    async def on_tempo(value: float) -> None:
        await asyncio.sleep(0)
        seen.append(value)

    async with alive.song.listen("tempo", on_tempo):
        for _ in range(100):
            if seen:
                break
            await asyncio.sleep(0.02)
    assert seen == [120.0]


def test_listen_is_a_context_manager_in_the_sync_world(live: Live) -> None:
    values: list[Any] = []
    got = threading.Event()

    def on_name(value: str) -> None:
        values.append(value)
        got.set()

    with live.song.tracks[0].listen("name", on_name) as listener:
        assert got.wait(3.0) and listener.active
    assert not listener.active and values == ["1-MIDI"]
