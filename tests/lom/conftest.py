"""LOM tests: a LiveEngine on a virtual clock the test moves by hand."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# pytest runs in importlib mode (test basenames repeat across folders), which does not put
# test folders on sys.path: put this one there for lom_helpers (a name unique to it).
sys.path.insert(0, str(Path(__file__).resolve().parent))

from lom_helpers import VirtualClock

from livectl.emulator.lom import LiveEngine


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def engine(clock: VirtualClock) -> LiveEngine:
    return LiveEngine(clock=clock)
