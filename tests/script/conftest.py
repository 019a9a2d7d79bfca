"""Fixtures of the script tests: python-osc as the peer of an emulator hosting the script.

The Peer helper lives in tests/emulator/emu_peer.py; pytest's importlib mode does not put
test folders on sys.path, so that folder goes on the path here.
"""

from __future__ import annotations

import sys
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "emulator"))

from emu_peer import Peer, start_emulator

from livectl.emulator import Emulator


@pytest.fixture
def peer() -> Iterator[Peer]:
    p = Peer()
    yield p
    p.close()


@pytest.fixture
def emu(peer: Peer) -> Iterator[Emulator]:
    """Tick-0 emulator running livectl's script, wired to ``peer``; startup consumed."""
    e = start_emulator(peer)
    peer.expect("/live/startup")
    peer.expect("/live/application/get/average_process_usage")
    yield e
    e.close()


@pytest.fixture
def bytes_grown() -> Callable[[Callable[[], object]], int]:
    """``bytes_grown(work)``: by how many bytes the traced heap grew over ``work()`` (for the
    tests that feed the codec's caches ever new shapes and check memory stays bounded)."""

    def measure(work: Callable[[], object]) -> int:
        tracemalloc.start()
        try:
            before = tracemalloc.take_snapshot()
            work()
            after = tracemalloc.take_snapshot()
        finally:
            tracemalloc.stop()
        return sum(stat.size_diff for stat in after.compare_to(before, "filename"))

    return measure
