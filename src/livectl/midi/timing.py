"""Clocks the scheduler waits on: the real one (sleep, then spin) and a virtual one for tests.

Both measure time in integer nanoseconds. Waiting is always *until an absolute deadline*,
never *for a duration*, so errors do not add up from one event to the next.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

__all__ = ["Clock", "RealClock", "VirtualClock"]


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
