"""MIDI tests run on real ports: a JACK2 server with the dummy driver, for the whole session.

``scripts/setup`` installs jackd2, so a missing jackd is a broken setup: the fixture FAILS
(it does not skip). The server has a unique name; clients find it through
``JACK_DEFAULT_SERVER``, which the server sets in ``os.environ`` (so subprocesses inherit it).
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Test helpers live in midi_helpers.py beside this file; with --import-mode=importlib the
# test folders are not on sys.path, so put this one there (the name is unique to it).
sys.path.insert(0, str(Path(__file__).resolve().parent))

from midi_helpers import ROOT, Receiver, unique

from livectl.midi import JackServer
from livectl.midi.jack import jackd_available


def _sigterm_stops_the_session(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


@pytest.fixture(scope="session", autouse=True)
def _graceful_sigterm() -> Iterator[None]:
    """SIGTERM (a CI timeout, say) ends the session like Ctrl-C, so fixtures are torn down
    and the JACK server is stopped. Set before any port is opened: livectl's own exit guard
    only takes over a default handler, and its SystemExit inside a test would just fail that
    test while the session carried on."""
    previous = signal.getsignal(signal.SIGTERM)
    if previous == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _sigterm_stops_the_session)
    yield
    if previous == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, previous)


@pytest.fixture(scope="session")
def jack() -> Iterator[JackServer]:
    if not jackd_available():
        pytest.fail(
            "jackd/jack_wait not found: the MIDI tests need JACK2 (run scripts/setup, or "
            "'apt-get install --no-install-recommends jackd2')"
        )
    # Realtime where allowed (CI runs as root): a receiver's JACK thread is then never late
    # behind the other processes, which in JACK2's asynchronous mode loses its events (the
    # demo's last note-off, ~1 run in 20).
    server = JackServer(f"livectl-test-{os.getpid()}", period=256, rate=48000, realtime=True)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def receiver(jack: JackServer) -> Iterator[Receiver]:
    rx = Receiver(unique("rx"))
    try:
        yield rx
    finally:
        rx.close()


@pytest.fixture
def python_env(jack: JackServer) -> dict[str, str]:
    """Environment for a child Python: the JACK server, the JACK API, and the package path."""
    env = jack.env()
    env["LIVECTL_MIDI_API"] = "jack"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env["PYTHONUNBUFFERED"] = "1"
    return env


@pytest.fixture
def python() -> str:
    return sys.executable
