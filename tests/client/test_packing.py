"""Packed requests over real UDP: many requests in one datagram with livectl's script.

``query_many`` packs its requests into as few datagrams as hold them, and an asyncio client
packs the requests that tasks make in one iteration of the loop (``gather`` of gets); the
script answers each (coalesced). Checked at tick 0, at Live's 100 ms tick and through a
proxy that drops, duplicates and reorders.
"""

from __future__ import annotations

import asyncio
import random

import pytest
from client_proxy import Faults, LossyProxy

from livectl.client import aconnect, connect
from livectl.emulator import Emulator


@pytest.mark.parametrize("tick_s", [0.0, 0.1])
def test_query_many_packs_and_answers_every_request_in_order(reply_port: int,
                                                             tick_s: float) -> None:
    with Emulator(port=0, reply_port=reply_port, tick_s=tick_s) as emu, \
            connect(port=emu.port, timeout=2.0) as live:
        assert live.session is not None and "multi" in live.session.capabilities
        for i, track in enumerate(emu.engine.song.tracks):
            track.name = f"track {i}"
        items = [("/live/track/get/name", (i % 4,)) for i in range(600)]
        before = emu.received
        replies = live.query_many(items)
        datagrams = emu.received - before
        assert replies == [(i % 4, f"track {i % 4}") for i in range(600)]
        # 600 requests of ~76 bytes: several datagrams of at most max_part bytes, not 600.
        assert 2 <= datagrams <= 12


@pytest.mark.parametrize("tick_s", [0.0, 0.1])
async def test_gathered_async_gets_leave_packed(reply_port: int, tick_s: float) -> None:
    with Emulator(port=0, reply_port=reply_port, tick_s=tick_s) as emu:
        emu.engine.song.tempo = 133.0
        async with aconnect(port=emu.port, timeout=2.0) as live:
            before = emu.received
            values = await asyncio.gather(*(live.song.get("tempo") for _ in range(64)))
            assert values == [133.0] * 64
            assert emu.received - before <= 4  # 64 gets in one loop iteration: packed


async def test_a_lone_async_get_is_not_delayed_by_packing(emu: Emulator) -> None:
    async with aconnect(port=emu.port, timeout=2.0) as live:
        for _ in range(20):
            assert await asyncio.wait_for(live.song.get("tempo"), 0.5) == 120.0


@pytest.mark.slow  # 6-16 s under load: started first (tests/conftest.py)
def test_packed_requests_through_a_lossy_proxy(reply_port: int) -> None:
    """Drops 15 %, duplicates 10 %, reorders (0-20 ms): every packed query still gets its own
    answer, in order, and no write is applied twice."""
    rng = random.Random(7)
    with LossyProxy(reply_port, seed=7) as proxy, \
            Emulator(port=0, reply_port=proxy.back_port, tick_s=0.1) as emu, \
            connect(port=proxy.start(emu.port).port, reply_port=reply_port, timeout=0.3,
                    retries=10, protocol="livectl") as live:
        assert live.protocol == "livectl"
        proxy.faults = Faults(drop=0.15, duplicate=0.1, delay_max_s=0.02)
        for round_ in range(6):
            names = [f"r{round_}-{rng.randrange(1000)}" for _ in range(4)]
            for i, name in enumerate(names):
                live.song.tracks[i].name = name
            items = [("/live/track/get/name", (i % 4,)) for i in range(120)]
            assert live.query_many(items) == [(i % 4, names[i % 4]) for i in range(120)]
        live.song.tracks[0].clip_slots[0].create_clip(4.0)
        assert emu.engine.song.tracks[0].clip_slots[0].has_clip


def test_plain_abletonosc_gets_one_datagram_per_request(emu: Emulator, reply_port: int) -> None:
    """AbletonOSC treats a bundle as one batch that an error ends: never packed for it."""
    with connect(port=emu.port, reply_port=reply_port, protocol="abletonosc") as live:
        before = emu.received
        assert live.query_many([("/live/song/get/tempo", ())] * 10) == [(120.0,)] * 10
        assert emu.received - before == 10


@pytest.mark.parametrize("protocol", ["livectl", "abletonosc"])
@pytest.mark.parametrize("tick_s", [0.0, 0.1])
def test_query_many_with_a_window_answers_everything_in_order(reply_port: int, tick_s: float,
                                                              protocol: str) -> None:
    with Emulator(port=0, reply_port=reply_port, tick_s=tick_s) as emu, \
            connect(port=emu.port, reply_port=reply_port, timeout=2.0, protocol=protocol) as live:
        for i, track in enumerate(emu.engine.song.tracks):
            track.name = f"w{i}"
        items = [("/live/track/get/name", (i % 4,)) for i in range(300)]
        assert live.query_many(items, window=32) == [(i % 4, f"w{i % 4}") for i in range(300)]


def test_a_window_bounds_what_is_in_flight(emu: Emulator) -> None:
    """Never more than ``window`` requests unanswered: the emulator sees them arrive in
    datagrams of at most half the window."""
    with connect(port=emu.port, timeout=2.0) as live:
        seen: list[int] = []
        real = emu.dispatcher.handle_datagram

        def counting(data: bytes, sender: tuple[str, int]) -> bool:
            from livectl.protocol import decode_packet

            seen.append(len(decode_packet(data)))
            return real(data, sender)

        emu.dispatcher.handle_datagram = counting  # type: ignore[method-assign]
        try:
            live.query_many([("/live/song/get/tempo", ())] * 200, window=8)
        finally:
            emu.dispatcher.handle_datagram = real  # type: ignore[method-assign]
        assert sum(seen) == 200
        # Half a window a datagram, so that both ends work at once (see _exchange_window).
        assert max(seen) <= 4


@pytest.mark.parametrize("window", [0, -1, 1.5, True, "8"])
def test_a_bad_window_is_refused_before_sending(emu: Emulator, window: object) -> None:
    from livectl.errors import ValidationError

    with connect(port=emu.port, timeout=2.0) as live:
        before = emu.received
        with pytest.raises(ValidationError, match="window must be an int >= 1"):
            live.query_many([("/live/song/get/tempo", ())] * 3, window=window)  # type: ignore[arg-type]
        assert emu.received == before


async def test_async_query_many_with_a_window(emu: Emulator) -> None:
    async with aconnect(port=emu.port, timeout=2.0) as live:
        got = await live.query_many([("/live/song/get/tempo", ())] * 100, window=16)
        assert got == [(120.0,)] * 100


def test_windowed_queries_through_a_lossy_proxy(reply_port: int) -> None:
    with LossyProxy(reply_port, seed=11) as proxy, \
            Emulator(port=0, reply_port=proxy.back_port, tick_s=0.1) as emu, \
            connect(port=proxy.start(emu.port).port, reply_port=reply_port, timeout=0.3,
                    retries=10, protocol="livectl") as live:
        proxy.faults = Faults(drop=0.15, duplicate=0.1, delay_max_s=0.02)
        for i in range(4):
            live.song.tracks[i].name = f"lossy {i}"
        items = [("/live/track/get/name", (i % 4,)) for i in range(200)]
        assert live.query_many(items, window=16) == [(i % 4, f"lossy {i % 4}") for i in range(200)]
