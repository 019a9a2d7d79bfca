"""Fixtures: a real Emulator on UDP (tick 0, free ports) and sync/asyncio clients on it."""

from __future__ import annotations

import socket
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

import livectl.client as client
from livectl.emulator import Emulator

# pytest's importlib mode puts no test folder on sys.path: this one holds client_proxy.py
# (a name unique to it).
sys.path.insert(0, str(Path(__file__).resolve().parent))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def new_port() -> Callable[[], int]:
    """A factory of free UDP port numbers on 127.0.0.1."""
    return free_port


@pytest.fixture
def reply_port() -> int:
    return free_port()


@pytest.fixture
def emu(reply_port: int) -> Iterator[Emulator]:
    with Emulator(port=0, reply_port=reply_port, tick_s=0) as e:
        yield e


@pytest.fixture
def live(emu: Emulator, reply_port: int) -> Iterator[client.Live]:
    with client.connect(port=emu.port, reply_port=reply_port, timeout=1.0) as lv:
        yield lv


@pytest.fixture
async def alive(emu: Emulator, reply_port: int) -> AsyncIterator[client.AsyncLive]:
    lv = await client.aconnect(port=emu.port, reply_port=reply_port, timeout=1.0)
    try:
        yield lv
    finally:
        await lv.aclose()
