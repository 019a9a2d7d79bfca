"""Helpers shared by the LOM tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class VirtualClock:
    """A clock that only moves when told: ``clock.now = 2.0`` or ``clock.advance(0.5)``."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now


class Recorder:
    """A listener that records ``read()`` each time Live calls it."""

    def __init__(self, read: Callable[[], Any]) -> None:
        self.read = read
        self.values: list[Any] = []

    def __call__(self) -> None:
        self.values.append(self.read())
