"""Three client processes on one emulator, each with its own listener (issue 11's must-show):
each gets only its own values; one killed, the others go on and its listener expires."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from livectl.emulator import Emulator

CHILD = Path(__file__).resolve().parent / "session_child.py"
PROPS = ("tempo", "metronome", "loop")


def _reader(proc: subprocess.Popen[str], out: queue.Queue[Any]) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        out.put(json.loads(line))


def _expect(q: queue.Queue[Any], address: str, value: Any, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        got = q.get(timeout=max(0.01, deadline - time.monotonic()))
        assert got[0] == address, got  # never another client's listener
        if got[1] == [value]:
            return


def test_three_processes_get_only_their_own_values_and_a_killed_one_expires() -> None:
    # 3 s: a live child's pings outlast a stall of the machine (see test_session.LEASE_S).
    emu = Emulator(port=0, reply_port=9, tick_s=0.1, session_lease_s=3.0).start()
    procs: list[subprocess.Popen[str]] = []
    try:
        song = emu.engine.song
        base = {p: len(song._listeners.get(p, ())) for p in PROPS}
        queues: list[queue.Queue[Any]] = []
        for prop in PROPS:
            proc = subprocess.Popen([sys.executable, str(CHILD), str(emu.port), prop],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            procs.append(proc)
            q: queue.Queue[Any] = queue.Queue()
            threading.Thread(target=_reader, args=(proc, q), daemon=True).start()
            queues.append(q)
        _expect(queues[0], "/live/song/get/tempo", 120.0, timeout=20)
        _expect(queues[1], "/live/song/get/metronome", False, timeout=20)
        _expect(queues[2], "/live/song/get/loop", False, timeout=20)
        with emu.engine.lock:
            song.tempo = 97.0
            song.metronome = True
            song.loop = True
        _expect(queues[0], "/live/song/get/tempo", 97.0)
        _expect(queues[1], "/live/song/get/metronome", True)
        _expect(queues[2], "/live/song/get/loop", True)

        procs[0].kill()  # SIGKILL: no goodbye
        procs[0].wait(10)
        deadline = time.monotonic() + 10
        while len(song._listeners.get("tempo", ())) != base["tempo"]:
            assert time.monotonic() < deadline, "the killed client's listener never expired"
            time.sleep(0.05)
        with emu.engine.lock:
            song.metronome = False
            song.loop = False
        _expect(queues[1], "/live/song/get/metronome", False)
        _expect(queues[2], "/live/song/get/loop", False)
        assert len(emu.dispatcher.sessions.sessions) == 2
    finally:
        for proc in procs:
            if proc.poll() is None:
                assert proc.stdin is not None
                proc.stdin.close()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        emu.close()
