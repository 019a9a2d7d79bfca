"""A Live tick is one moment: launches in one tick share one boundary, and the first playhead
reported after a start is the start position (issue 10; both seen in AbletonOSC's own suite:
test_song_stop_all_clips, test_clip_playing_position_listen)."""

from __future__ import annotations

import pytest
from lom_helpers import Recorder, VirtualClock

from livectl.emulator.lom import LiveEngine
from livectl.emulator.lom._transport import START_LATENCY_S


def test_clips_fired_in_one_tick_while_stopped_start_together(
    engine: LiveEngine, clock: VirtualClock
) -> None:
    song = engine.song
    first = song.tracks[0].clip_slots[0].create_clip(4.0)
    second = song.tracks[1].clip_slots[0].create_clip(4.0)
    clock.now = 5.0

    def handle_batch() -> None:  # what AbletonOSC does with two /live/clip/fire in one tick
        first.fire()
        clock.advance(0.002)  # handling a datagram takes time; song time must not move
        second.fire()

    engine.schedule_message(1, handle_batch)
    engine.tick()
    assert song.is_playing
    assert first.is_playing and second.is_playing  # the second did not wait a whole bar
    assert not second.is_triggered and song.tracks[1].fired_slot_index == -1
    assert first.start_time == second.start_time == 0.0
    assert song.current_song_time == 0.0


def test_time_stands_still_inside_a_moment_and_counts_from_its_start(
    engine: LiveEngine, clock: VirtualClock
) -> None:
    song = engine.song
    song.start_playing()
    clock.now = 1.0
    with engine.moment():
        assert song.current_song_time == pytest.approx(2.0)  # brought up to the clock once
        clock.now = 1.05
        song.tempo = 120.0  # a transport-affecting call inside: no sync, no movement
        assert song.current_song_time == pytest.approx(2.0)
        with engine.moment():  # re-entrant
            clock.now = 1.1
            engine.advance()
            assert song.current_song_time == pytest.approx(2.0)
    clock.now = 1.5
    engine.advance()
    assert song.current_song_time == pytest.approx(3.0)  # no time lost to the moment


def test_a_fire_in_a_later_tick_still_waits_for_the_next_bar(
    engine: LiveEngine, clock: VirtualClock
) -> None:
    song = engine.song
    first = song.tracks[0].clip_slots[0].create_clip(4.0)
    second = song.tracks[1].clip_slots[0].create_clip(4.0)
    with engine.moment():
        first.fire()
    clock.now = 0.1  # next tick
    with engine.moment():
        second.fire()
    assert first.is_playing and not second.is_playing and second.is_triggered
    assert engine.next_deadline() == pytest.approx(2.0)  # beat 4 at 120 BPM


def test_first_reported_position_after_a_start_is_the_start_position(
    engine: LiveEngine, clock: VirtualClock
) -> None:
    song = engine.song
    clip = song.tracks[0].clip_slots[0].create_clip(4.0)
    positions = Recorder(lambda: clip.playing_position)
    song_times = Recorder(lambda: song.current_song_time)
    clip.add_playing_position_listener(positions)
    song.add_current_song_time_listener(song_times)
    clock.now = 3.0
    with engine.moment():
        clip.fire()
    assert clip.is_playing and clip.playing_position == 0.0
    # The server's next step comes right after the tick: the audio engine has not picked the
    # start up yet, so nothing moves for listeners (Live: the start lands on the next buffer).
    clock.now = 3.0001
    engine.advance()
    clock.now = 3.0 + START_LATENCY_S / 2
    engine.advance()
    assert positions.values == [] and song_times.values == []
    clock.now = 3.05
    engine.advance()
    assert positions.values == [pytest.approx(0.1)]  # then it moves, timed from the start
    assert song_times.values == [pytest.approx(0.1)]
    assert song.current_song_time == pytest.approx(0.1)


def test_a_jump_right_after_a_start_is_reported_at_once(
    engine: LiveEngine, clock: VirtualClock
) -> None:
    song = engine.song
    song_times = Recorder(lambda: song.current_song_time)
    song.add_current_song_time_listener(song_times)
    song.start_playing()
    clock.now = START_LATENCY_S / 4
    song.current_song_time = 8.0  # an explicit jump is not the playhead moving on its own
    assert song_times.values[-1] == 8.0
