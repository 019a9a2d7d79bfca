"""The sequencer's logic, exactly, on a virtual clock (no sockets, no waiting)."""

from __future__ import annotations

import itertools
import threading

import pytest

from livectl.errors import MIDIError, RangeError, ValidationError
from livectl.midi import (
    CLOCK,
    CONTINUE,
    START,
    STOP,
    ControlChange,
    MIDIClock,
    NoteOff,
    NoteOn,
    Sequencer,
    SongPosition,
    VirtualClock,
)
from livectl.midi.scheduler import PPQN, timeline

MS = 1_000_000


class Recorder:
    """An output that records (virtual time ns, message)."""

    def __init__(self, clock: VirtualClock, fail_after: int | None = None) -> None:
        self.clock = clock
        self.sent: list[tuple[int, object]] = []
        self.fail_after = fail_after

    def send(self, msg: object) -> None:
        if self.fail_after is not None and len(self.sent) >= self.fail_after:
            raise RuntimeError("synth on fire")
        self.sent.append((self.clock.now_ns(), msg))

    def notes(self) -> list[tuple[float, object]]:
        return [(t / MS, m) for t, m in self.sent if isinstance(m, (NoteOn, NoteOff))]


def make(tempo=120.0, **kw):
    clock = VirtualClock()
    return Sequencer(tempo, clock=clock, **kw), clock, Recorder(clock)


def test_events_land_on_exact_beat_times():
    seq, _clock, out = make(120)
    seq.add_note(0, 60, 100, 1.0)
    seq.add_note(1.5, 62, 90, 0.25, channel=2)
    seq.add(3, ControlChange(1, 64))
    seq.play(out, lead_s=0)
    # 120 BPM: one beat = 500 ms
    assert [(t / MS, m) for t, m in out.sent] == [
        (0.0, NoteOn(60, 100)),
        (500.0, NoteOff(60)),
        (750.0, NoteOn(62, 90, 2)),
        (875.0, NoteOff(62, 0, 2)),
        (1500.0, ControlChange(1, 64)),
    ]


def test_no_drift_over_thousands_of_events():
    seq, _clock, out = make(137)  # a tempo whose tick is not a whole number of ns
    for i in range(4000):
        seq.add(i * 0.25, NoteOn(60, 1 + i % 127))
    stats = seq.play(out, lead_s=0)
    step_ns = 60e9 / 137 / 4
    errors = [t - round(i * step_ns) for i, (t, _) in enumerate(out.sent[:4000])]
    assert max(abs(e) for e in errors) <= 1  # rounding only, never accumulating
    assert stats.lateness_ns() == [0] * len(stats.sent_ns)


def test_same_tick_order_tempo_clock_noteoff_then_noteon():
    seq, _clock, out = make(120, send_clock=True)
    seq.add_note(0, 60, 100, 1.0)
    seq.add_note(1, 60, 100, 1.0)  # same pitch again right at the release
    seq.add(1, ControlChange(7, 100))
    seq.play(out, lead_s=0)
    at_one_beat = [m for t, m in out.sent if t == 500 * MS]
    assert at_one_beat == [CLOCK, NoteOff(60), ControlChange(7, 100), NoteOn(60)]


def test_loop_repeats_and_wraps_note_offs_at_the_loop_end():
    seq, _clock, out = make(120, loop_beats=2)
    seq.add_note(0, 36, 110, 0.5)
    seq.add_note(1, 38, 100, 1.0)  # ends exactly on the loop end
    seq.play(out, repeats=3, lead_s=0)
    assert out.notes() == [
        (0.0, NoteOn(36, 110)), (250.0, NoteOff(36)),
        (500.0, NoteOn(38)),
        (1000.0, NoteOff(38)), (1000.0, NoteOn(36, 110)), (1250.0, NoteOff(36)),
        (1500.0, NoteOn(38)),
        (2000.0, NoteOff(38)), (2000.0, NoteOn(36, 110)), (2250.0, NoteOff(36)),
        (2500.0, NoteOn(38)), (3000.0, NoteOff(38)),
    ]


def test_events_outside_the_loop_are_refused_before_playing():
    seq, _clock, out = make(120, loop_beats=2)
    seq.add(2, NoteOn(60))
    with pytest.raises(ValidationError, match="outside loop_beats"):
        seq.play(out)
    assert out.sent == []


def test_scheduled_tempo_change_reanchors_without_drift():
    seq, _clock, out = make(120)
    for beat in range(8):
        seq.add(beat, NoteOn(60))
    seq.add_tempo(4, 60)  # from beat 4 one beat = 1000 ms
    seq.play(out, lead_s=0)
    times = [t / MS for t, m in out.sent if isinstance(m, NoteOn)]
    assert times == [0, 500, 1000, 1500, 2000, 3000, 4000, 5000]
    # the eight unreleased note-ons are released at the end, at the last event's time
    assert [m for _, m in out.sent[8:]] == [NoteOff(60)] * 8
    assert seq.tempo_bpm == 60


def test_set_tempo_while_running_keeps_the_beat_position():
    seq, clock, out = make(120)
    for beat in range(6):
        seq.add(beat, NoteOn(60))

    def at(now_ns: int) -> None:
        if now_ns == 1250 * MS and seq.tempo_bpm == 120:  # halfway between beat 2 and 3
            seq.set_tempo(240)

    clock.advance_hook = at
    seq.add(2.5, ControlChange(1, 1))
    seq.play(out, lead_s=0)
    # until 1250 ms (beat 2.5) at 500 ms/beat, then 250 ms/beat
    played = [t / MS for t, m in out.sent if not isinstance(m, NoteOff)]
    assert played == [0, 500, 1000, 1250, 1375, 1625, 1875]


def test_stop_from_inside_releases_every_note_it_started():
    seq, clock, out = make(120, send_clock=True)
    seq.add_note(0, 60, 100, 8)
    seq.add_chord(1, [64, 67], 90, 8, channel=3)
    seq.add_note(2, 72, 100, 8)
    clock.advance_hook = lambda now: seq.stop(timeout_s=0) if now >= 600 * MS else None
    seq.play(out, lead_s=0)
    msgs = [m for _, m in out.sent]
    assert NoteOn(72) not in msgs
    tail = msgs[-4:]
    assert set(tail[:3]) == {NoteOff(60), NoteOff(64, 0, 3), NoteOff(67, 0, 3)}
    assert tail[3] == STOP


def test_exception_in_output_releases_notes_and_propagates():
    clock = VirtualClock()
    seq = Sequencer(120, clock=clock)
    seq.add_note(0, 60, 100, 4)
    seq.add_note(1, 62, 100, 4)
    seq.add(2, ControlChange(1, 2))
    sent: list[object] = []

    class Flaky:
        def send(self, msg):
            if isinstance(msg, ControlChange):
                raise OSError("port vanished")
            sent.append(msg)

    with pytest.raises(OSError, match="port vanished"):
        seq.play(Flaky(), lead_s=0)
    assert sent[-2:] == [NoteOff(60), NoteOff(62)]
    assert isinstance(seq.error, OSError)


def test_background_run_reraises_its_error_on_wait():
    clock = VirtualClock()
    seq = Sequencer(120, clock=clock)
    seq.add_note(0, 60)
    seq.start(Recorder(clock, fail_after=0))
    with pytest.raises(MIDIError, match="synth on fire"):
        seq.wait(5)


def test_midi_clock_24_pulses_per_quarter_with_start_and_stop():
    seq, _clock, out = make(120, send_clock=True, length_beats=2)
    seq.play(out, lead_s=0)
    msgs = [m for _, m in out.sent]
    assert msgs[0] == START and msgs[-1] == STOP
    pulses = [t for t, m in out.sent if m == CLOCK]
    assert len(pulses) == 48
    step = round(500 * MS / 24)
    assert {b - a for a, b in itertools.pairwise(pulses)} <= {step - 1, step, step + 1}


def test_continue_sends_song_position_then_continue_and_resumes_mid_bar():
    seq, _clock, out = make(120, send_clock=True, length_beats=4)
    seq.add(3, NoteOn(60))
    seq.add(1, NoteOn(59))  # before the resume point: skipped
    seq.play(out, from_beat=2, lead_s=0)
    msgs = [m for _, m in out.sent]
    assert msgs[:3] == [SongPosition(8), CONTINUE, CLOCK]
    assert NoteOn(59) not in msgs
    note_time = next(t for t, m in out.sent if m == NoteOn(60))
    assert note_time == 500 * MS  # one beat after the resume point


def test_midi_clock_object_runs_until_stopped():
    clock = VirtualClock()
    out = Recorder(clock)
    mc = MIDIClock(out, tempo_bpm=100, clock=clock)
    clock.advance_hook = lambda now: mc.sequencer.stop(timeout_s=0) if now >= 3 * 600 * MS else None
    mc.start()
    assert mc.sequencer.wait(5)
    pulses = [m for _, m in out.sent if m == CLOCK]
    # three beats at 100 BPM; the stop comes while waiting for pulse 73, which is not sent
    assert len(pulses) == 3 * 24
    assert out.sent[0][1] == START and out.sent[-1][1] == STOP


def test_timeline_is_pure_and_lazy_for_endless_loops():
    seq = Sequencer(120, loop_beats=1)
    seq.add_note(0, 60, 100, 0.5)
    items = timeline(seq.spec())
    first = [next(items) for _ in range(6)]
    assert [t for t, _ in first] == [0, PPQN // 2, PPQN, PPQN * 3 // 2, 2 * PPQN, PPQN * 5 // 2]


def test_bad_input_is_refused_with_field_range_and_value():
    seq = Sequencer(120)
    with pytest.raises(RangeError, match=r"tempo_bpm must be in range 20\.0\.\.999\.0 BPM, got 5"):
        seq.set_tempo(5)
    with pytest.raises(ValidationError, match="duration_beats"):
        seq.add_note(0, 60, 100, 0)
    with pytest.raises(RangeError, match="pitch"):
        seq.add_chord(0, [60, 200])
    with pytest.raises(ValidationError, match="beat must be >= 0"):
        seq.add(-1, NoteOn(60))
    with pytest.raises(ValidationError, match="message"):
        seq.add(0, (0x90, 60, 100))  # type: ignore[arg-type]
    assert seq.events == []  # nothing half-added
    with pytest.raises(RangeError, match="tempo_bpm"):
        Sequencer(1000)


def test_clock_pulses_follow_a_tempo_change_exactly():
    seq, _clock, out = make(120, send_clock=True, length_beats=2)
    seq.add_tempo(1, 240)
    seq.play(out, lead_s=0)
    pulses = [t for t, m in out.sent if m == CLOCK]
    assert len(pulses) == 48
    gaps = [b - a for a, b in itertools.pairwise(pulses)]
    first, second = gaps[:23], gaps[24:]
    assert set(first) <= {round(500 * MS / 24) + d for d in (-1, 0, 1)}
    assert set(second) <= {round(250 * MS / 24) + d for d in (-1, 0, 1)}
    assert pulses[24] == 500 * MS  # the pulse on beat 1 is where the change happens


def test_stop_right_after_start_ends_the_run_even_before_it_began():
    """stop() called before the background thread reached its first event still stops it
    (before: the thread cleared the stop flag when it began, so a looping run played on)."""
    began = threading.Event()

    class LateStart(Sequencer):
        def _validate(self) -> None:
            if threading.current_thread() is not threading.main_thread():
                began.set()
                self._stopping.wait(5)  # the thread begins only once stop() was asked for
            super()._validate()

    clock = VirtualClock()
    seq = LateStart(120, loop_beats=1, clock=clock)
    seq.add_note(0, 60, duration_beats=0.5)
    out = Recorder(clock)
    seq.start(out)
    try:
        seq.stop(timeout_s=2)
    finally:
        seq._stopping.set()  # end an endless run if the check fails
        seq.stop(timeout_s=5)
    assert began.is_set()
    assert not seq.is_running
    ons = sum(isinstance(m, NoteOn) for _, m in out.sent)
    offs = sum(isinstance(m, NoteOff) for _, m in out.sent)
    assert ons == offs


def test_play_while_a_background_run_plays_is_refused_and_the_run_goes_on():
    """Before: the second play() cleared the stop flag and re-anchored the clock under the
    running one, and both sent the same events."""
    seq = Sequencer(600, loop_beats=1)  # real clock: the background run waits between events
    seq.add_note(0, 60, duration_beats=0.5)
    sent: list[object] = []
    first_sent = threading.Event()

    class Out:
        def send(self, msg: object) -> None:
            sent.append(msg)
            first_sent.set()

    seq.start(Out())
    try:
        assert first_sent.wait(5)
        with pytest.raises(MIDIError, match="already playing"):
            seq.play(Out(), repeats=2)
        assert seq.is_running
    finally:
        seq.stop()
    assert not seq.is_running


def test_position_is_zero_before_a_run_and_stays_where_the_run_ended():
    """Before: position_beats() counted from the clock's origin when nothing had run, and
    kept counting after the run ended."""
    seq, clock, out = make(120)
    seq.add_note(0, 60, duration_beats=1.5)
    clock.advance(10**12)  # a perf_counter-like origin far in the past
    assert seq.position_beats() == 0
    seq.play(out, lead_s=0)
    assert seq.position_beats() == pytest.approx(1.5)  # the last event, the note-off
    clock.advance(5 * 10**9)
    assert seq.position_beats() == pytest.approx(1.5)
