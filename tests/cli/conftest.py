from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from livectl.emulator import Emulator

ROOT = Path(__file__).resolve().parents[2]


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(port=0, reply_port=free_udp_port(), tick_s=0) as emu:
        yield emu


@pytest.fixture
def transport_started(emulator: Emulator) -> threading.Event:
    """Set once the emulated transport starts playing (a LOM listener, no polling)."""
    song = emulator.engine.song
    started = threading.Event()

    def on_is_playing() -> None:
        if song.is_playing:
            started.set()

    with emulator.engine.lock:
        song.add_is_playing_listener(on_is_playing)
    return started


@pytest.fixture
def conn(emulator: Emulator) -> list[str]:
    """Connection options for a CLI command talking to the test's emulator."""
    return ["--port", str(emulator.port), "--reply-port", str(emulator.reply_port)]


def run_cli(*args: str, timeout: float = 90, env: dict[str, str] | None = None,
            input: str | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "livectl", *args],
        capture_output=True, text=True, timeout=timeout, env=full_env, cwd=ROOT, input=input,
    )
