"""Shared by the benchmarks: alternating rounds, medians, per-round ratios, targets.

A contender and its baseline are measured in the same run, in rounds; each round runs every
contender once, and the order turns round by round (A B, B A, ...), so a slow spell of a
shared machine does not fall on one side only. Results are medians, and each round's ratio is
printed beside the median of the ratios.

A bench's ``main(quick)`` may return a list of :class:`Target`; ``bench/run.py`` prints them
all again at the end.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Rounds", "ServerProcess", "Target", "alternate", "load_note", "timed"]


@dataclass(frozen=True)
class Target:
    """One line of the issue's "must show": what, the measured value, met or not."""

    what: str
    measured: str
    met: bool

    def line(self) -> str:
        return f"  [{'MET' if self.met else 'NOT MET'}] {self.what}: {self.measured}"


@dataclass
class Rounds:
    """Values per contender, one per round (seconds, or a rate: see ``higher_is_better``)."""

    values: dict[str, list[float]]
    unit: str = "s"

    def median(self, name: str) -> float:
        return statistics.median(self.values[name])

    def ratios(self, a: str, b: str) -> list[float]:
        return [x / y for x, y in zip(self.values[a], self.values[b], strict=True)]

    def ratio(self, a: str, b: str) -> float:
        """The median of the per-round ratios a / b."""
        return statistics.median(self.ratios(a, b))

    def show(self, a: str, b: str, what: str, fmt: str = "{:.3f}") -> str:
        per_round = " ".join(f"{r:.2f}" for r in self.ratios(a, b))
        return (f"  {what}: {a} {fmt.format(self.median(a))} {self.unit} / {b} "
                f"{fmt.format(self.median(b))} {self.unit} = {self.ratio(a, b):.2f}x "
                f"(median of {len(self.values[a])} rounds; per round: {per_round})")


def timed(fn: Callable[[], object]) -> float:
    """Wall-clock seconds of one call."""
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def alternate(rounds: int, contenders: dict[str, Callable[[], float]], unit: str = "s"
              ) -> Rounds:
    """Run each contender once per round, turning the order every round; each call returns
    its own measure (e.g. ``timed(...)`` or a rate)."""
    names = list(contenders)
    values: dict[str, list[float]] = {n: [] for n in names}
    for i in range(rounds):
        shift = i % len(names)
        for name in names[shift:] + names[:shift]:
            values[name].append(contenders[name]())
    return Rounds(values, unit)


def load_note() -> str:
    """The machine's load, printed beside absolute figures (they mean most when idle)."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (5 min {five:.2f}) on {os.cpu_count()} cores"


class ServerProcess:
    """A server in a process of its own (as Live is): ``python -c code *args``, which prints
    its port on the first line and runs until its standard input closes."""

    def __init__(self, code: str, *args: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", code, *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        self.port = int(self.proc.stdout.readline())

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
