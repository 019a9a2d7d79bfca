"""Fixtures of the emulator tests (helpers live in emu_peer.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from emu_peer import CoreClient, Peer, start_emulator

from livectl.emulator import Emulator


@pytest.fixture
def peer() -> Iterator[Peer]:
    p = Peer()
    yield p
    p.close()


@pytest.fixture
def emu(peer: Peer) -> Iterator[Emulator]:
    """Tick 0 (immediate) emulator wired to ``peer``; /live/startup already consumed."""
    e = start_emulator(peer)
    peer.expect("/live/startup")
    peer.expect("/live/application/get/average_process_usage")
    yield e
    e.close()


@pytest.fixture
def core(tmp_path: Any) -> CoreClient:
    return CoreClient(structure_dir=str(tmp_path))
