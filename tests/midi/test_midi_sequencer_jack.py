"""The sequencer, MIDI clock and sequencer process on real JACK ports."""

from __future__ import annotations

import itertools
import statistics

import pytest
from midi_helpers import unique

from livectl.errors import MIDIError
from livectl.midi import (
    ControlChange,
    MIDIClock,
    NoteOn,
    Sequencer,
    SequencerProcess,
    open_output,
    play,
)

pytestmark = pytest.mark.jack


def test_events_arrive_within_one_period_of_their_deadline_without_drift(receiver, jack):
    seq = Sequencer(120)
    step = 0.03  # beats: 15 ms at 120 BPM
    n = 80
    for i in range(n):
        seq.add(i * step, ControlChange(21, i))
    with open_output(receiver.port_name, api="jack", client_name=unique("tx")) as out:
        stats = seq.play(out)
    data = receiver.wait_count(n)
    assert [m.data for m in data] == [(0xB0, 21, i) for i in range(n)]
    late_ms = [(m.time_ns - d) / 1e6 for m, d in zip(data, stats.deadlines_ns, strict=True)]
    period_ms = jack.period_s * 1000
    assert min(late_ms) >= 0
    # JACK delivers at the next period boundary: half a period on average, one at most. The
    # tail gets generous room: CI machines are shared and jackd runs without realtime.
    assert statistics.median(late_ms) <= period_ms
    assert statistics.quantiles(late_ms, n=10)[-1] <= period_ms + 2.0
    assert max(late_ms) <= 50.0
    # no drift: the last quarter is not later than the first quarter (beyond JACK's jitter)
    q = n // 4
    assert statistics.mean(late_ms[-q:]) - statistics.mean(late_ms[:q]) < period_ms / 2
    send_late_ms = [x / 1e6 for x in stats.lateness_ns()]
    assert statistics.median(send_late_ms) < 1.0


def test_stop_while_playing_releases_every_note(receiver):
    seq = Sequencer(120, loop_beats=1)
    seq.add_note(0, 60, 100, 0.9)
    seq.add_note(0, 64, 100, 0.9, channel=2)
    with open_output(receiver.port_name, api="jack", client_name=unique("tx")) as out:
        seq.start(out)
        assert receiver.wait_for(lambda ms: len(ms) >= 2)
        seq.stop()
        assert not seq.is_running
        assert len(out.tracker) == 0  # released by the sequencer, not left for close()
    assert receiver.wait_for(lambda ms: not receiver.balance() and len(ms) >= 4)
    assert seq.wait(0)


def test_set_tempo_while_running_changes_the_spacing(receiver):
    seq = Sequencer(60, loop_beats=0.5)  # a pulse every 500 ms at 60 BPM...
    seq.add(0, ControlChange(5, 1))
    with open_output(receiver.port_name, api="jack", client_name=unique("tx")) as out:
        seq.set_tempo(600)  # ...set before start: every 50 ms
        seq.start(out)
        assert receiver.wait_for(lambda ms: len(ms) >= 3)
        seq.set_tempo(300)  # now every 100 ms
        count = len(receiver.messages)
        assert receiver.wait_for(lambda ms: len(ms) >= count + 4)
        seq.stop()
    times = [m.time_ns / 1e6 for m in receiver.messages]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    # arrivals are quantised to JACK periods (5.3 ms): generous bounds on each side
    assert 35 <= gaps[0] <= 70
    assert 85 <= statistics.median(gaps[-3:]) <= 120


def test_exception_in_the_main_thread_releases_notes_of_a_background_run(receiver):
    seq = Sequencer(120)
    seq.add_note(0, 50, 100, 50)
    seq.add_note(0, 55, 100, 50)
    with pytest.raises(RuntimeError, match="boom"), \
         open_output(receiver.port_name, api="jack", client_name=unique("tx")) as out:
        seq.start(out)
        assert receiver.wait_for(lambda ms: len(ms) >= 2)
        raise RuntimeError("boom")
    assert receiver.wait_for(lambda ms: len(ms) >= 4 and not receiver.balance())
    seq.stop()  # the run ended on its own: its port was closed under it


def test_play_helper_takes_tuples_and_note_like_objects(receiver):
    class Duck:
        def __init__(self, start, pitch):
            self.start, self.pitch, self.velocity, self.duration = start, pitch, 90, 0.1

    stats = play([(0, 60, 100, 0.1), Duck(0.2, 62)], receiver.port_name, api="jack",
                 tempo_bpm=300, channel=4)
    assert stats.messages == 4
    receiver.wait_count(4)
    assert receiver.data() == [(0x93, 60, 100), (0x83, 60, 0), (0x93, 62, 90), (0x83, 62, 0)]


def test_midi_clock_pulses_at_the_tempo_with_start_and_stop(receiver):
    with open_output(receiver.port_name, api="jack", client_name=unique("tx")) as out:
        clock = MIDIClock(out, tempo_bpm=240)  # a pulse every 10.4 ms
        clock.start()
        assert receiver.wait_for(lambda ms: len(ms) >= 1 + 48)  # start + two beats
        clock.stop()
        clock.resume(from_beat=4)
        assert receiver.wait_for(lambda ms: (0xFB,) in [m.data for m in ms])
        clock.stop()
    data = receiver.data()
    assert data[0] == (0xFA,)
    first_stop = data.index((0xFC,))
    pulses = [m.time_ns for m in receiver.messages[1:first_stop]]
    assert all(d == (0xF8,) for d in data[1:first_stop])
    per_pulse_ms = (pulses[-1] - pulses[0]) / (len(pulses) - 1) / 1e6
    assert per_pulse_ms == pytest.approx(60_000 / 240 / 24, rel=0.05)
    resume = data[first_stop + 1:]
    assert resume[:2] == [(0xF2, 16, 0), (0xFB,)]  # song position 16 sixteenths = beat 4
    assert data[-1] == (0xFC,)


def test_sequencer_process_plays_changes_tempo_and_releases_on_stop(receiver):
    seq = Sequencer(200, loop_beats=1)
    seq.add_note(0, 48, 100, 0.75, channel=3)
    seq.add(0.5, ControlChange(9, 9, channel=3))
    proc = SequencerProcess(seq.spec(), receiver.port_name, api="jack",
                            client_name=unique("proc"))
    proc.start()
    try:
        assert proc.port_name == receiver.port_name
        assert receiver.wait_for(lambda ms: len(ms) >= 3, timeout_s=10)
        proc.set_tempo(400)
        assert receiver.wait_for(lambda ms: len(ms) >= 9, timeout_s=10)
    finally:
        proc.stop()
    assert not proc.is_running
    assert receiver.wait_for(lambda ms: not receiver.balance())
    assert proc.stats is not None and proc.stats.messages >= 9
    assert NoteOn(48, 100, 3).bytes() in receiver.data()


def test_sequencer_process_reports_a_missing_port_in_the_parent(jack):
    seq = Sequencer(120)
    seq.add_note(0, 60)
    proc = SequencerProcess(seq.spec(), "no-such-port", api="jack")
    with pytest.raises(MIDIError, match="no-such-port"):
        proc.start()
