"""Fixtures of the script tests: python-osc as the peer of an emulator hosting the script.

The Peer helper lives in tests/emulator/emu_peer.py; pytest's importlib mode does not put
test folders on sys.path, so that folder goes on the path here.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
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
