"""Remote-script host tests: the echo_surface script, loaded from its folder, over real UDP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from livectl.emulator.host import RemoteScriptHost
from livectl.emulator.lom import LiveEngine

SCRIPTS = Path(__file__).resolve().parent / "scripts"


@pytest.fixture
def engine() -> LiveEngine:
    return LiveEngine()


@pytest.fixture
def host(engine: LiveEngine) -> Iterator[RemoteScriptHost]:
    host = RemoteScriptHost(engine, SCRIPTS / "echo_surface")
    host.start()
    try:
        yield host
    finally:
        host.stop()
