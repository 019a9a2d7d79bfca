"""The host waits for the threads a script started once its disconnect() told them to end."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import pytest

from livectl.emulator import host as host_module
from livectl.emulator._script_threads import script_threads
from livectl.emulator.host import RemoteScriptHost
from livectl.emulator.lom import LiveEngine

SCRIPT = Path(__file__).resolve().parent / "scripts" / "thread_surface"


def test_stop_waits_for_script_threads_and_names_a_stuck_one(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(host_module, "_THREAD_JOIN_S", 0.5)
    host = RemoteScriptHost(LiveEngine(), SCRIPT)
    host.start()
    surface = host.instance
    try:
        found = {t.name for t in script_threads(SCRIPT)}
        assert found == {"thread_surface-worker", "thread_surface-stuck"}
        with caplog.at_level(logging.WARNING, logger="livectl.emulator.host"):
            started = time.monotonic()
            host.stop()
            took = time.monotonic() - started
        assert not surface.worker.is_alive()  # ended during stop(), which waited for it
        assert surface.stuck.is_alive()  # cannot end: stop() gave up after the bound
        assert 0.4 < took < 3.0
        assert "'thread_surface-stuck'" in caplog.text
        assert "thread_surface-worker" not in caplog.text
    finally:
        surface.release.set()
        surface.stuck.join(5)
    assert not surface.stuck.is_alive()
    assert script_threads(SCRIPT) == []


def test_threads_outside_the_script_are_not_waited_for() -> None:
    stop = threading.Event()
    bystander = threading.Thread(target=stop.wait, daemon=True)
    bystander.start()
    try:
        assert bystander not in script_threads(SCRIPT)
        host = RemoteScriptHost(LiveEngine(), SCRIPT)
        host.start()
        host.instance.release.set()  # both script threads can end
        started = time.monotonic()
        host.stop()
        assert time.monotonic() - started < 2.0
        assert bystander.is_alive()
    finally:
        stop.set()
        bystander.join(5)
