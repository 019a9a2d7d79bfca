"""Correlation at Live's real tick (100 ms) over real UDP: refused writes, late replies, lost
note pages, and a lossy network in both directions (tests/client/client_proxy.py).

``LIVECTL_LONG=1`` runs the long versions (1,000 refused writes, a longer lossy session).
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterator

import pytest
from client_proxy import Faults, LossyProxy

from livectl.client import Live, connect
from livectl.emulator import Emulator
from livectl.errors import LiveError, LiveTimeoutError
from livectl.model import Note
from livectl.protocol import decode_packet

LONG = os.environ.get("LIVECTL_LONG") == "1"


@pytest.fixture(params=["abletonosc", "livectl"])
def protocol(request: pytest.FixtureRequest) -> str:
    """Each correlation test runs with plain AbletonOSC rules and with livectl's sessions."""
    return str(request.param)


@pytest.fixture
def emu_tick(reply_port: int) -> Iterator[Emulator]:
    with Emulator(port=0, reply_port=reply_port, tick_s=0.1) as e:
        yield e


def test_refused_writes_all_raise_at_live_tick(emu_tick: Emulator, reply_port: int,
                                                protocol: str) -> None:
    n = 1000 if LONG else 20
    reported_success = 0
    raised: list[str] = []
    with connect(port=emu_tick.port, reply_port=reply_port, timeout=1.0,
                 protocol=protocol) as live:
        for _ in range(n):
            try:
                live.song.loop_length = 0.0
                reported_success += 1
            except LiveError as exc:
                raised.append(str(exc))
        print(f"{n} refused writes: {reported_success} reported as success")
        live.song.loop_length = 8.0  # and a good write after all that succeeds
        assert live.song.loop_length == 8.0
    assert reported_success == 0
    assert all("Invalid loop length" in text for text in raised)


def test_refused_and_good_writes_interleaved_from_threads(emu_tick: Emulator, reply_port: int,
                                                          protocol: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with connect(port=emu_tick.port, reply_port=reply_port, timeout=2.0,
                 protocol=protocol) as live:
        def bad(_: int) -> str:
            try:
                live.song.loop_length = 0.0
            except LiveError as exc:
                return "raised" if "loop length" in str(exc) else f"wrong error {exc}"
            return "success"

        def good(i: int) -> str:
            try:
                live.song.tracks[i % 4].name = f"n{i}"
            except LiveError as exc:
                return f"error in the wrong call: {exc}"
            return "ok"

        with ThreadPoolExecutor(max_workers=6) as pool:
            bads = list(pool.map(bad, range(12)))
            goods = list(pool.map(good, range(12)))
    # Several refused writes in one tick: each error is certain only by elimination; none
    # may be reported as a success, and no good write may get an error.
    assert "success" not in bads, bads
    assert all(g == "ok" for g in goods), goods


@pytest.mark.parametrize("address", ["/live/track/get/name", "/live/track/get/volume"])
def test_a_late_reply_after_a_timeout_is_not_the_next_answer(
    emu_tick: Emulator, reply_port: int, address: str, protocol: str
) -> None:
    """get/name echoes a token (matched exactly); get/volume cannot (a placeholder absorbs
    the late reply)."""
    track = emu_tick.engine.song.tracks[0]
    with connect(port=emu_tick.port, reply_port=reply_port, timeout=0.5, retries=0,
                 protocol=protocol) as live:
        track.name, track.mixer_device.volume.value = "old", 0.25
        emu_tick.set_faults(delay_s=0.55, delay_share=1.0)
        with pytest.raises(LiveTimeoutError):
            live.query(address, 0)
        # The late reply (old values) arrives while the next request on that address waits.
        emu_tick.set_faults(delay_s=0.2, delay_share=1.0)
        track.name, track.mixer_device.volume.value = "new", 0.75
        assert live.query(address, 0)[1] in ("new", 0.75)
        emu_tick.set_faults()
        assert live.query(address, 0)[1] in ("new", 0.75)


def _notes(n: int, seed: int = 3) -> list[Note]:
    rng = random.Random(seed)
    return sorted({Note(rng.randrange(128), rng.randrange(256) / 4, 0.25, 100)
                   for _ in range(n)}, key=lambda x: (x.pitch, x.start_beats))


def test_a_lost_notes_reply_is_asked_again_not_split(reply_port: int) -> None:
    notes = _notes(200)
    with LossyProxy(reply_port) as proxy, \
            Emulator(port=0, reply_port=proxy.back_port, tick_s=0.1) as emu, \
            connect(port=proxy.start(emu.port).port, reply_port=reply_port, timeout=0.5,
                    protocol="abletonosc") as live:  # AbletonOSC's own notes replies
        clip = live.song.tracks[0].clip_slots[0].create_clip(64)
        clip.add_notes(notes)
        lost = []

        def drop_first_notes_reply(direction: str, data: bytes) -> bool:
            if direction == "down" and not lost and decode_packet(data)[0].address == "/live/clip/get/notes":
                lost.append(data)
                return True
            return False

        proxy.rule = drop_first_notes_reply
        asked_before = proxy.up.by_address.get("#bundle", 0) + proxy.up.by_address.get(
            "/live/clip/get/notes", 0)
        assert clip.notes == notes
        asked = proxy.up.by_address.get("#bundle", 0) + proxy.up.by_address.get(
            "/live/clip/get/notes", 0) - asked_before
        assert lost, "the rule never fired"
        assert asked == 2, f"{asked} requests: a lost reply must be asked again, not split"


def _lossy_session(live: Live, emu: Emulator, rounds: int, rng: random.Random,
                   slowest: list[float] | None = None) -> dict[str, int]:
    """Mixed confirmed operations; returns what went wrong (all zero when correct).
    ``slowest`` gets the longest single operation's duration (s)."""
    bad = {"notes_lost": 0, "notes_doubled": 0, "wrong_error": 0, "stale_read": 0,
           "refused_reported_ok": 0, "timeouts": 0}
    clip = live.song.tracks[1].clip_slots[0].clip
    written: list[Note] = []
    for i in range(rounds):
        kind = rng.choice(["tempo", "name", "refused", "notes", "read"])
        began = time.monotonic()
        try:
            if kind == "tempo":
                value = float(60 + i % 100)
                live.song.tempo = value
                if live.song.tempo != value:
                    bad["stale_read"] += 1
            elif kind == "name":
                live.song.tracks[i % 4].name = f"t{i}"
                if live.song.tracks[i % 4].name != f"t{i}":
                    bad["stale_read"] += 1
            elif kind == "refused":
                try:
                    live.song.loop_length = 0.0
                    bad["refused_reported_ok"] += 1
                except LiveError as exc:
                    if "loop length" not in str(exc):
                        bad["wrong_error"] += 1
            elif kind == "notes":
                page = [Note(rng.randrange(128), (len(written) + k) / 2, 0.25, 90)
                        for k in range(rng.randrange(1, 60))]
                clip.add_notes(page)
                written.extend(page)
            else:
                got = clip.notes
                want = sorted(written, key=lambda x: (x.pitch, x.start_beats))
                bad["notes_lost"] += len(set(want) - set(got))
                bad["notes_doubled"] += len(got) - len(set(got))
        except LiveTimeoutError:
            bad["timeouts"] += 1
        except LiveError as exc:
            if kind != "refused":
                bad["wrong_error"] += 1
                print("error in the wrong call:", kind, exc)
        if slowest is not None:
            slowest[0] = max(slowest[0], time.monotonic() - began)
    emu_notes = emu.engine.song.tracks[1].clip_slots[0].clip.get_notes_extended(0, 128, -1e4, 2e4)
    keys = [(n.pitch, n.start_time) for n in emu_notes]
    bad["notes_lost"] += len({(n.pitch, n.start_beats) for n in written} - set(keys))
    bad["notes_doubled"] += len(keys) - len(set(keys))
    return bad


@pytest.mark.slow  # scheduled first under xdist (tests/conftest.py)
@pytest.mark.parametrize("seed", [1, 2])
def test_lossy_network_both_ways_loses_and_doubles_nothing(reply_port: int, seed: int,
                                                           protocol: str) -> None:
    rounds = 400 if LONG else 60
    faults = Faults(drop=0.1, duplicate=0.1, delay_max_s=0.03)
    with LossyProxy(reply_port, seed=seed) as proxy, \
            Emulator(port=0, reply_port=proxy.back_port, tick_s=0.1) as emu, \
            connect(port=proxy.start(emu.port).port, reply_port=reply_port, timeout=0.3,
                    retries=8, protocol=protocol) as live:
        # create_clip is not idempotent (a lost reply leaves it unknown): before the faults.
        live.song.tracks[1].clip_slots[0].create_clip(64)
        proxy.faults = faults
        bad = _lossy_session(live, emu, rounds, random.Random(seed))
    print(f"{protocol} seed {seed}: {rounds} operations, proxy up {proxy.up}, down {proxy.down}: "
          f"{bad}")
    assert live.protocol == protocol
    assert bad == {k: 0 for k in bad}


@pytest.mark.slow
@pytest.mark.timeout(1200 if LONG else 120)
def test_two_thousand_operations_through_a_20_percent_lossy_proxy(reply_port: int) -> None:
    """Issue 11's must-show, with livectl's script: drop 20 %, duplicate 10 % and reorder
    (0-30 ms delays) both ways; mixed operations lose, double, misattribute and go stale on
    nothing, and none hangs past its timeout. 2,000 operations with LIVECTL_LONG=1 (about 5
    minutes: note reads grow with the clip), 100 in CI; the same session at Live's 100 ms
    tick is test_lossy_network_both_ways_loses_and_doubles_nothing."""
    rounds = 2000 if LONG else 100
    faults = Faults(drop=0.2, duplicate=0.1, delay_max_s=0.03)
    started = time.monotonic()
    with LossyProxy(reply_port, seed=20) as proxy, \
            Emulator(port=0, reply_port=proxy.back_port, tick_s=0) as emu, \
            connect(port=proxy.start(emu.port).port, reply_port=reply_port, timeout=2.0,
                    retries=2, protocol="livectl") as live:
        live.song.tracks[1].clip_slots[0].create_clip(64)
        proxy.faults = faults
        slowest = [0.0]
        bad: dict[str, int] = {}
        rng = random.Random(20)
        for _ in range(0, rounds, 100):  # in slices
            part = _lossy_session(live, emu, 100, rng, slowest)
            for key, value in part.items():
                bad[key] = bad.get(key, 0) + value
        retransmits = live._engine.core.retransmits
    took = time.monotonic() - started
    print(f"{rounds} operations through {proxy.up.dropped + proxy.down.dropped} drops and "
          f"{proxy.up.duplicated + proxy.down.duplicated} duplicates: {bad}, "
          f"{retransmits} retransmits, {took:.1f} s, slowest operation {slowest[0]:.2f} s")
    timeouts = bad.pop("timeouts")
    assert bad == {k: 0 for k in bad}
    # A timeout is allowed (20 % loss both ways can outlast any retry budget), a hang is not:
    # every operation ends within its attempts' time (a read or write is a few requests).
    assert timeouts <= rounds // 100
    assert slowest[0] < 4 * 2.0 * 3 + 5.0
    assert min(proxy.up.dropped, proxy.down.dropped) > rounds // 5  # the faults happened
