"""Listeners over real UDP: values now and on change, unsubscribe, restore after restart."""

from __future__ import annotations

import queue
import threading
from typing import Any

from livectl.client import Live, connect
from livectl.emulator import Emulator

WAIT = 3.0


def drain_after_round_trip(live: Live, q: queue.Queue[Any]) -> list[Any]:
    # A round trip orders us after every listener message AbletonOSC sent before it; drain()
    # then waits for their callbacks.
    live.test()
    assert live.drain()
    items = []
    while not q.empty():
        items.append(q.get_nowait())
    return items


def test_tempo_listener_gets_now_and_changes_until_closed(live: Live) -> None:
    q: queue.Queue[Any] = queue.Queue()
    handle = live.song.listen("tempo", q.put)
    assert q.get(timeout=WAIT) == 120.0
    live.song.tempo = 150
    assert q.get(timeout=WAIT) == 150.0
    handle.close()
    assert not handle.active
    live.song.tempo = 90
    assert drain_after_round_trip(live, q) == []
    handle.close()  # twice is harmless


def test_two_callbacks_share_one_live_listener(live: Live) -> None:
    a: queue.Queue[Any] = queue.Queue()
    b: queue.Queue[Any] = queue.Queue()
    ha = live.song.listen("tempo", a.put)
    assert a.get(timeout=WAIT) == 120.0
    with live.song.listen("tempo", b.put):
        live.song.tempo = 100
        assert a.get(timeout=WAIT) == 100.0 and b.get(timeout=WAIT) == 100.0
    live.song.tempo = 101  # b closed; a still listens
    assert a.get(timeout=WAIT) == 101.0
    assert drain_after_round_trip(live, b) == []
    ha.close()


def test_track_property_listener_is_per_track(live: Live) -> None:
    q: queue.Queue[Any] = queue.Queue()
    with live.song.tracks[1].listen("mute", q.put):
        assert q.get(timeout=WAIT) is False
        live.song.tracks[0].mute = True  # another track: nothing
        live.song.tracks[1].mute = True
        assert q.get(timeout=WAIT) is True
        assert drain_after_round_trip(live, q) == []


def test_clip_playing_position_and_beat(live: Live) -> None:
    clip = live.song.tracks[0].clip_slots[0].create_clip(4)
    positions: queue.Queue[float] = queue.Queue()
    beats: queue.Queue[int] = queue.Queue()
    live.song.tempo = 999  # fast: four beats in a quarter second
    with clip.listen("playing_position", positions.put), live.song.on_beat(beats.put):
        assert positions.get(timeout=WAIT) == 0.0
        clip.fire()
        seen = [positions.get(timeout=WAIT) for _ in range(5)]
        assert seen == sorted(seen) and seen[-1] > 0.0
        got = [beats.get(timeout=WAIT) for _ in range(3)]
        assert got == sorted(got) and got[-1] >= 2
    live.song.stop_playing()


def test_subscriptions_come_back_after_script_restart(live: Live) -> None:
    q: queue.Queue[Any] = queue.Queue()
    restarted = threading.Event()
    live.on_startup(restarted.set)
    live.song.listen("tempo", q.put)
    assert q.get(timeout=WAIT) == 120.0
    live.send("/emulator/restart")
    assert restarted.wait(WAIT)
    assert q.get(timeout=WAIT) == 120.0  # start_listen sent again: the value at once
    live.song.tempo = 130
    assert q.get(timeout=WAIT) == 130.0


def test_emulator_replaced_mid_session_recovers(reply_port: int) -> None:
    first = Emulator(port=0, reply_port=reply_port, tick_s=0).start()
    port = first.port
    with connect(port=port, reply_port=reply_port, timeout=0.3, retries=0) as live:
        q: queue.Queue[Any] = queue.Queue()
        live.song.listen("tempo", q.put)
        assert q.get(timeout=WAIT) == 120.0
        first.close()
        try:
            live.song.tempo  # noqa: B018
        except TimeoutError as exc:
            assert f"UDP port {port}" in str(exc) and "nothing is listening" in str(exc)
        else:  # pragma: no cover - the point of the test
            raise AssertionError("expected a timeout while the emulator is down")
        with Emulator(port=port, reply_port=reply_port, tick_s=0) as second:
            assert q.get(timeout=WAIT) == 120.0  # restored on /live/startup
            second.engine.song.tempo = 125.0
            second.wake()
            assert q.get(timeout=WAIT) == 125.0
            assert live.song.tempo == 125.0


def test_a_callback_may_query_live(live: Live) -> None:
    q: queue.Queue[Any] = queue.Queue()
    # The callback asks Live something: it must not block the thread that reads replies.
    with live.song.listen("tempo", lambda bpm: q.put((bpm, live.song.tracks[0].name))):
        assert q.get(timeout=WAIT) == (120.0, "1-MIDI")
        live.song.tempo = 90
        assert q.get(timeout=WAIT) == (90.0, "1-MIDI")


def test_raw_listen_on_any_address(live: Live) -> None:
    q: queue.Queue[Any] = queue.Queue()
    with live.listen("/live/track/get/name", 2, callback=q.put):
        assert q.get(timeout=WAIT) == ("3-Audio",)
        live.song.tracks[2].name = "Keys"
        assert q.get(timeout=WAIT) == ("Keys",)
