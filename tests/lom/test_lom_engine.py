"""LiveEngine: the scheduler tick, deadlines, and notes queries against a brute-force model."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lom_helpers import VirtualClock

from livectl.emulator.lom import LiveEngine, MidiNoteSpecification


def test_schedule_message_runs_on_the_due_tick(engine: LiveEngine) -> None:
    ran: list[object] = []
    engine.schedule_message(1, lambda: ran.append("a"))
    engine.schedule_message(3, ran.append, "c")
    engine.schedule_message(0, lambda: ran.append("zero"))  # like Live: next tick
    engine.tick()
    assert ran == ["a", "zero"]
    engine.tick()
    assert ran == ["a", "zero"]
    engine.tick()
    assert ran == ["a", "zero", "c"]


def test_a_failing_scheduled_message_does_not_stop_the_others(engine: LiveEngine) -> None:
    ran: list[int] = []

    def broken() -> None:
        raise ValueError("boom")

    engine.schedule_message(1, broken)
    engine.schedule_message(1, lambda: ran.append(1))
    engine.tick()
    assert ran == [1]


def test_next_deadline_is_none_without_pending_events(engine: LiveEngine, clock: VirtualClock) -> None:
    assert engine.next_deadline() is None
    engine.song.start_playing()
    assert engine.next_deadline() is None  # playing, but nothing scheduled


def test_deadline_listener_hears_new_launches(engine: LiveEngine, clock: VirtualClock) -> None:
    woken: list[int] = []
    engine.add_deadline_listener(lambda: woken.append(1))
    clip = engine.song.tracks[0].clip_slots[0].create_clip(4.0)
    engine.song.start_playing()
    clock.now = 0.1
    clip.fire()
    assert woken == [1]


def test_time_does_not_move_while_stopped(engine: LiveEngine, clock: VirtualClock) -> None:
    clock.now = 5.0
    engine.advance()
    engine.song.start_playing()
    assert engine.song.current_song_time == 0.0
    clock.now = 5.5
    engine.advance()
    assert engine.song.current_song_time == pytest.approx(1.0)


note = st.tuples(st.integers(0, 127), st.floats(-16, 16, allow_nan=False).map(lambda x: round(x, 3)))


@settings(max_examples=60, deadline=None)
@given(
    notes=st.lists(note, max_size=40),
    from_pitch=st.integers(-5, 130),
    pitch_span=st.integers(0, 140),
    from_time=st.floats(-20, 20, allow_nan=False),
    time_span=st.floats(0, 40, allow_nan=False),
)
def test_range_query_matches_brute_force(
    notes: list[tuple[int, float]], from_pitch: int, pitch_span: int, from_time: float, time_span: float
) -> None:
    engine = LiveEngine(clock=lambda: 0.0)
    clip = engine.song.tracks[0].clip_slots[0].create_clip(4.0)
    clip.add_new_notes([MidiNoteSpecification(p, t, 0.5) for p, t in notes])
    got = [(n.pitch, n.start_time) for n in clip.get_notes_extended(from_pitch, pitch_span, from_time, time_span)]
    expected = sorted(
        (p, t) for p, t in notes
        if from_pitch <= p < from_pitch + pitch_span and from_time <= t < from_time + time_span
    )
    assert got == expected
