"""Many threads and tasks querying at once: every caller gets its own answer."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from livectl.client import AsyncLive, Live
from livectl.emulator import Emulator


def _name_tracks(emu: Emulator, n: int) -> None:
    with emu.engine.lock:
        for _ in range(n - len(emu.engine.song.tracks)):
            emu.engine.song.create_midi_track(-1)
        for i, track in enumerate(emu.engine.song.tracks):
            track.name = f"track-{i}"


def test_threads_never_get_each_others_replies(live: Live, emu: Emulator) -> None:
    _name_tracks(emu, 12)

    def work(i: int) -> list[tuple[int, str]]:
        t = i % 12
        out = []
        for _ in range(20):
            out.append((t, live.song.tracks[t].name))
            out.append((-1, str(live.song.tempo)))
        return out

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = [r for chunk in pool.map(work, range(48)) for r in chunk]
    assert len(results) == 48 * 40
    for t, value in results:
        assert value == ("120.0" if t == -1 else f"track-{t}")


def test_threads_mix_reads_and_writes(live: Live) -> None:
    def work(t: int) -> bool:
        track = live.song.tracks[t]
        for k in range(15):
            vol = round(0.1 + 0.05 * ((t + k) % 10), 2)
            track.volume = vol
            if abs(track.volume - vol) > 1e-6:  # float32 on the wire
                return False
        return True

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(pool.map(work, range(4)))


async def test_tasks_never_get_each_others_replies(alive: AsyncLive, emu: Emulator) -> None:
    _name_tracks(emu, 10)

    async def one(i: int) -> tuple[int, str, float]:
        t = i % 10
        name = await alive.song.tracks[t].get("name")
        vol = await alive.song.tracks[t].get("volume")
        return t, name, vol

    results = await asyncio.gather(*(one(i) for i in range(300)))
    assert all(name == f"track-{t}" for t, name, _ in results)
