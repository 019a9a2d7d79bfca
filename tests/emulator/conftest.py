"""Fixtures of the emulator tests (helpers live in emu_peer.py and fuzz_datagrams.py).

pytest runs in importlib mode, which does not put test folders on sys.path; the helpers
are plain modules of this folder, so the folder goes on the path here, before any test
module imports them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

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
