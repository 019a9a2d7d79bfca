"""A SequencerProcess child that dies unasked: the parent releases its notes and says so.

Measured here: 20 SIGKILLs of a child holding notes on a real JACK port: every time the
receiver ends with no note sounding, and every time the parent raises SequencerDiedError.
"""

from __future__ import annotations

import os
import signal
import time

import pytest
from midi_helpers import unique

from livectl.errors import MIDIError, SequencerDiedError
from livectl.midi import ControlChange, NoteTracker, Sequencer, SequencerProcess

pytestmark = pytest.mark.jack

MARKER = (0xB0, 99, 1)  # the child sends it once all its notes sound


def _spec() -> Sequencer:
    seq = Sequencer(120)
    seq.add_note(0, 60, 100, 100)
    seq.add_chord(0.02, [64, 67], 90, 100, channel=2)
    seq.add_note(0.03, 60, 80, 100)  # the same pitch twice: two note-offs are owed
    for i in range(40):  # repeated: on a loaded machine JACK can drop one event in an xrun
        seq.add(0.05 + 0.05 * i, ControlChange(99, 1))
    seq.add_note(90, 72)  # far away: the run is still going when the kill comes
    return seq


def stuck_notes(data: list[tuple[int, ...]]) -> list[tuple[int, int]]:
    """What a synth would still sound, counted as a port counts (never below zero)."""
    tracker = NoteTracker()
    for d in data:
        tracker.observe(d)
    return tracker.sounding()


def test_sigkill_of_the_child_20_times_leaves_no_note_and_reports_each(receiver, jack):
    stuck_total, errors = 0, []
    for round_ in range(20):
        start = len(receiver.messages)
        proc = SequencerProcess(_spec(), receiver.port_name, api="jack",
                                client_name=unique("doomed"))
        proc.start()
        try:
            assert receiver.wait_for(
                lambda ms, start=start: MARKER in [m.data for m in ms[start:]], timeout_s=20), (
                f"round {round_}: {receiver.data()[start:]}; jackd:\n{jack.log_text()[-2000:]}")
            # Sounding now (a loaded machine can make JACK drop an event in an xrun, so the
            # count is not asserted: the claim is about what did sound).
            assert stuck_notes(receiver.data()[start:])
            assert proc.pid is not None
            os.kill(proc.pid, signal.SIGKILL)
            # The parent releases on its own, before anyone calls it...
            assert receiver.wait_for(
                lambda ms, start=start: not stuck_notes([m.data for m in ms[start:]]),
                timeout_s=10), f"round {round_}: {receiver.data()[start:]}"
            # ...and reports the death at the next call.
            with pytest.raises(SequencerDiedError) as died:
                proc.wait(timeout_s=10)
            errors.append(died.value)
        finally:
            if proc.is_running:
                proc.terminate()
        stuck_total += len(stuck_notes(receiver.data()[start:]))
        assert not proc.is_running
    assert stuck_total == 0
    assert len(errors) == 20
    for err in errors:
        assert err.exitcode == -signal.SIGKILL and err.released == 4  # the child's own count
        assert "died while playing (killed by SIGKILL); released 4 note(s)" in str(err)
        assert isinstance(err, MIDIError)
    assert sum(e.released for e in errors) >= 20  # the parent, not the dead child, sent them


def test_the_death_is_raised_once_then_kept_and_later_calls_say_it_is_gone(receiver):
    proc = SequencerProcess(_spec(), receiver.port_name, api="jack", client_name=unique("d"))
    proc.start()
    assert receiver.wait_for(lambda ms: MARKER in [m.data for m in ms], timeout_s=20)
    assert proc.pid is not None
    os.kill(proc.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while proc.is_running and time.monotonic() < deadline:  # the parent notices by itself
        time.sleep(0.01)
    assert not proc.is_running
    with pytest.raises(SequencerDiedError, match="killed by SIGKILL"):
        proc.set_tempo(100)
    assert proc.died is not None and proc.died.released == 4
    with pytest.raises(MIDIError, match="not running; start\\(\\) a new one"):
        proc.set_tempo(100)
    proc.stop()  # reported already: stop is quiet
    assert not stuck_notes(receiver.data())


def test_an_asked_for_end_is_no_death(receiver):
    proc = SequencerProcess(_spec(), receiver.port_name, api="jack", client_name=unique("d"))
    proc.start()
    assert receiver.wait_for(lambda ms: MARKER in [m.data for m in ms], timeout_s=20)
    proc.terminate()  # SIGTERM: the child's own guard releases, exit code 143
    proc.stop()
    assert proc.died is None
    assert receiver.wait_for(lambda ms: not stuck_notes([m.data for m in ms]), timeout_s=10)
