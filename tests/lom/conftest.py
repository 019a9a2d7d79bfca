"""LOM tests: a LiveEngine on a virtual clock the test moves by hand."""

from __future__ import annotations

import pytest
from lom_helpers import VirtualClock

from livectl.emulator.lom import LiveEngine


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def engine(clock: VirtualClock) -> LiveEngine:
    return LiveEngine(clock=clock)
