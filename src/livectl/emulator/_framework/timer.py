"""``Live.Base.Timer``: Live's repeating timer, fired on the emulated engine's clock.

In Live, ``Timer(callback, interval, repeat=False, start=False)`` calls ``callback()`` once
``interval`` milliseconds after ``start()``, and again every ``interval`` ms when ``repeat``
is true, until ``stop()``. An exception in the callback stops the timer (Live's docstring:
"Errors in the callback will stop the timer"). Scripts use it where ``schedule_message``'s
~100 ms tick is too coarse: ableton-js polls its UDP socket with a 10 ms repeating timer.

Here each running host owns a :class:`TimerQueue`; ``Live.Base.Timer`` is a subclass bound to
it (``timer_class(queue)``), so timers from one script never fire in another host. The host
calls :meth:`TimerQueue.run_due` with the engine's clock, on every loop step and every tick;
:meth:`TimerQueue.next_due` tells the loop when to wake next.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

__all__ = ["MAX_INTERVAL_MS", "Timer", "TimerQueue", "timer_class"]

log = logging.getLogger(__name__)

MAX_INTERVAL_MS = 2**31 - 1  # Live's interval is a C int
_SLACK_S = 1e-9  # due times are sums of float intervals: do not miss one by a rounding error


class TimerQueue:
    """The timers of one script host, and when each is due (in engine-clock seconds)."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self._due: dict[Timer, float] = {}

    def __len__(self) -> int:
        return len(self._due)

    def schedule(self, timer: Timer, due: float) -> None:
        self._due[timer] = due

    def cancel(self, timer: Timer) -> None:
        self._due.pop(timer, None)

    def is_scheduled(self, timer: Timer) -> bool:
        return timer in self._due

    def next_due(self) -> float | None:
        """Clock time at which the earliest running timer fires, or None."""
        return min(self._due.values(), default=None)

    def clear(self) -> None:
        """Stop every timer (the script is unloaded)."""
        self._due.clear()

    def run_due(self, now: float | None = None) -> int:
        """Fire every timer due at clock time ``now``; returns how many callbacks ran.

        A repeating timer fires once per call at most: one that fell behind (a slow step)
        is rescheduled an interval from now rather than bursting to catch up, as a GUI
        timer does. A timer started by a callback here waits for its own interval.
        """
        moment = float(self.clock() if now is None else now)
        due = sorted(
            (when, n, timer)
            for n, (timer, when) in enumerate(self._due.items())
            if when <= moment + _SLACK_S
        )
        fired = 0
        for when, _, timer in due:
            if self._due.get(timer) != when:
                continue  # stopped or restarted by an earlier callback in this round
            if timer.repeat:
                step = timer.interval / 1000.0
                following = when + step
                self._due[timer] = following if following > moment + _SLACK_S else moment + step
            else:
                del self._due[timer]
            fired += 1
            try:
                timer.callback()
            except Exception:
                self._due.pop(timer, None)  # Live: errors in the callback stop the timer
                log.exception("Live.Base.Timer callback %r failed; the timer is stopped",
                              timer.callback)
        return fired


class Timer:
    """``Live.Base.Timer(callback, interval, repeat=False, start=False)``; interval in ms."""

    _queue: TimerQueue | None = None  # set on the per-host subclass made by timer_class()

    def __init__(self, callback: object, interval: int, repeat: bool = False,
                 start: bool = False) -> None:
        if not callable(callback):
            raise TypeError(f"Timer: callback must be callable, got {type(callback).__name__}")
        if isinstance(interval, bool) or not isinstance(interval, int):
            raise TypeError(f"Timer: interval must be an int (milliseconds), got {interval!r}")
        if not 0 <= interval <= MAX_INTERVAL_MS:
            raise ValueError(
                f"Timer: interval must be in range 0..{MAX_INTERVAL_MS} ms, got {interval}"
            )
        self._callback: Callable[[], Any] = callback
        self._interval = interval
        self._repeat = bool(repeat)
        if start:
            self.start()

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        kind = "repeating" if self._repeat else "one-shot"
        return f"<Timer {self._interval} ms {kind} {state}>"

    @property
    def callback(self) -> Callable[[], Any]:
        return self._callback

    @property
    def interval(self) -> int:
        return self._interval

    @property
    def repeat(self) -> bool:
        return self._repeat

    def _require_queue(self) -> TimerQueue:
        queue = type(self)._queue
        if queue is None:
            raise RuntimeError("Live.Base.Timer only runs inside a remote-script host")
        return queue

    @property
    def running(self) -> bool:
        queue = type(self)._queue
        return queue is not None and queue.is_scheduled(self)

    def start(self) -> None:
        """Start counting ``interval`` ms from now; a running timer keeps its schedule."""
        queue = self._require_queue()
        if not queue.is_scheduled(self):
            queue.schedule(self, queue.clock() + self._interval / 1000.0)

    def restart(self) -> None:
        """Start counting ``interval`` ms from now, running or not."""
        queue = self._require_queue()
        queue.schedule(self, queue.clock() + self._interval / 1000.0)

    def stop(self) -> None:
        """Stop the timer; its callback is not called again until it is started."""
        queue = type(self)._queue
        if queue is not None:
            queue.cancel(self)


def timer_class(queue: TimerQueue) -> type[Timer]:
    """A ``Live.Base.Timer`` whose instances run on ``queue``."""
    return type("Timer", (Timer,), {"_queue": queue, "__module__": "Live.Base"})
