"""Realtime scheduling for the sequencer process (livectl.midi.timing)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from livectl.midi import ControlChange, Sequencer, SequencerProcess
from livectl.midi.jack import realtime_allowed
from livectl.midi.timing import REALTIME_SPIN_NS, RealClock

PROBE = """
import os
from livectl.midi.timing import use_realtime_scheduling
granted = use_realtime_scheduling(7)
fifo = os.sched_getscheduler(0) == os.SCHED_FIFO
print(granted, fifo, os.sched_getparam(0).sched_priority if fifo else 0)
"""


def test_use_realtime_scheduling_says_what_it_did() -> None:
    # In a child process: the test process itself must stay an ordinary one.
    granted, fifo, priority = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True,
        timeout=60).stdout.split()
    assert granted == fifo  # True only when the thread really is in the FIFO class
    assert priority == ("7" if granted == "True" else "0")
    assert os.sched_getscheduler(0) != os.SCHED_FIFO
    assert 0 < REALTIME_SPIN_NS < RealClock().spin_ns


@pytest.mark.jack
@pytest.mark.parametrize("niceness", [-10, 0])
def test_sequencer_process_asks_for_realtime_only_when_it_should(jack: object,
                                                                 niceness: int) -> None:
    seq = Sequencer(62.5)
    for i in range(500):  # half a second of one event per millisecond
        seq.add(i / 960, ControlChange(20, i % 128))
    proc = SequencerProcess(seq.spec(), virtual_name="rt", api="jack", niceness=niceness,
                            client_name="livectl-rt-test")
    proc.start()  # returns once the child has set itself up and opened its port
    try:
        assert proc.pid is not None
        # (policy, priority) of every thread of the child. A realtime JACK server (the test
        # server is one where allowed) runs each client's process thread FIFO at its own
        # priority minus 5: that one is JACK's, not the sequencer's (FIFO 10).
        policies = {(os.sched_getscheduler(int(tid)), os.sched_getparam(int(tid)).sched_priority)
                    for tid in os.listdir(f"/proc/{proc.pid}/task")}
        if niceness < 0 and realtime_allowed():
            # the child's main thread and the threads it started afterwards (the sequencer's)
            assert os.sched_getscheduler(proc.pid) == os.SCHED_FIFO
        else:
            assert os.sched_getscheduler(proc.pid) != os.SCHED_FIFO
            assert (os.SCHED_FIFO, 10) not in policies, policies
        assert proc.wait(timeout_s=30)
        assert proc.stats is not None and len(proc.stats.sent_ns) == 500
    finally:
        proc.stop()
