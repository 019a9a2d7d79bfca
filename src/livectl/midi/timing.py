"""Clocks the scheduler waits on: the real one (sleep, then spin) and a virtual one for tests.

Both measure time in integer nanoseconds. Waiting is always *until an absolute deadline*,
never *for a duration*, so errors do not add up from one event to the next.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import Protocol

__all__ = ["REALTIME_SPIN_NS", "Clock", "RealClock", "VirtualClock", "use_realtime_scheduling"]

#: How long a realtime-scheduled thread spins before a deadline: ordinary processes cannot
#: delay its wake-up, so a short stretch takes up the OS sleep's overshoot (a thread of
#: ordinary priority spins ``RealClock``'s default 1.5 ms instead).
REALTIME_SPIN_NS = 200_000


def use_realtime_scheduling(priority: int = 10) -> bool:
    """Put the calling thread (and threads it starts later) in the OS's first-in-first-out
    realtime class, if the OS allows it (Linux: root, CAP_SYS_NICE or an rtprio limit).

    Returns whether it did. Such a thread runs before every process of ordinary priority, so
    a sequencer in a process of its own keeps its deadlines on a busy machine (bench_midi: p99
    of tens of microseconds with a CPU-bound thread beside it, against milliseconds at nice
    -10). Keep such a thread mostly asleep: Linux lets realtime threads have at most 95 % of a
    core, then stops them for the rest of the second; at ``REALTIME_SPIN_NS`` a sequencer
    spins 20 % of the time at one event per millisecond.
    """
    setter = getattr(os, "sched_setscheduler", None)
    if setter is None:
        return False
    try:
        setter(0, os.SCHED_FIFO, os.sched_param(priority))
    except (OSError, ValueError):
        return False
    return True


class Clock(Protocol):
    def now_ns(self) -> int:
        """The current time in nanoseconds (any fixed origin)."""
        ...

    def sleep_until(self, deadline_ns: int, wake: threading.Event | None = None) -> bool:
        """Wait until ``deadline_ns``; return False if ``wake`` was set first (then re-plan)."""
        ...


class RealClock:
    """``time.perf_counter_ns`` (CLOCK_MONOTONIC on Linux: comparable across processes).

    Sleeps until ``spin_ns`` before the deadline, then spins. OS sleeps overshoot by 50-100 µs
    and more under load; the spin takes the last stretch exactly, at the cost of a core for
    ``spin_ns`` per event (1.5 ms by default: a few % CPU at 16th notes at 120 BPM).
    The coarse part waits on ``wake`` so that stop() and tempo changes take effect at once.
    """

    def __init__(self, spin_ns: int = 1_500_000) -> None:
        if spin_ns < 0:
            raise ValueError(f"spin_ns must be >= 0, got {spin_ns}")
        self.spin_ns = spin_ns

    def now_ns(self) -> int:
        return time.perf_counter_ns()

    def sleep_until(self, deadline_ns: int, wake: threading.Event | None = None) -> bool:
        now = time.perf_counter_ns
        while True:
            left = deadline_ns - now()
            if left <= 0:
                return True
            if left > self.spin_ns:
                seconds = (left - self.spin_ns) / 1e9
                if wake is not None:
                    if wake.wait(seconds):
                        return False
                else:
                    time.sleep(seconds)
            elif wake is not None and wake.is_set():
                return False


class VirtualClock:
    """Time that moves only when someone waits: ``sleep_until`` jumps straight to the deadline.

    Tests run a whole sequence instantly and assert exact times. ``advance_hook`` is called
    after each jump with the new time, so a test can act "at" a given moment (change the
    tempo, stop) from inside the run.
    """

    def __init__(self, start_ns: int = 0) -> None:
        self._now = start_ns
        self.waits: list[int] = []
        self.advance_hook: Callable[[int], object] | None = None

    def now_ns(self) -> int:
        return self._now

    def advance(self, ns: int) -> None:
        self._now += ns

    def sleep_until(self, deadline_ns: int, wake: threading.Event | None = None) -> bool:
        if wake is not None and wake.is_set():
            return False
        self.waits.append(deadline_ns)
        self._now = max(self._now, deadline_ns)
        if self.advance_hook is not None:
            self.advance_hook(self._now)
        return not (wake is not None and wake.is_set())
