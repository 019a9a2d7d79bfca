"""``Emulator(remote_script=...)``: the script runs on the emulator's clock thread over UDP."""

from __future__ import annotations

import json
import logging
import re
import socket
from pathlib import Path

import pytest

from livectl.emulator.server import Emulator

SCRIPT = Path(__file__).parent / "scripts" / "echo_surface"


def test_emulator_runs_the_script_instead_of_abletonosc(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="livectl.emulator.host")
    with Emulator(port=0, remote_script=SCRIPT) as emulator:
        announced = [r.getMessage() for r in caplog.records if "listening on" in r.getMessage()]
        assert announced, "the script did not announce its port"
        port = int(re.search(r"127\.0\.0\.1:(\d+)", announced[-1]).group(1))  # type: ignore[union-attr]
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client:
            client.bind(("127.0.0.1", 0))
            client.settimeout(5.0)
            request = {"cmd": "clip", "track": 1, "slot": 0, "length": 2,
                       "notes": [[72, 0.5, 0.25, 80]]}
            client.sendto(json.dumps(request).encode(), ("127.0.0.1", port))
            reply, _ = client.recvfrom(65536)  # answered within a tick or two of real time
        assert json.loads(reply) == {"ok": True, "notes": 1}
        with emulator.engine.lock:
            clip = emulator.engine.song.tracks[1].clip_slots[0].clip
            assert clip is not None
            assert [(n.pitch, n.start_time) for n in clip.get_all_notes_extended()] == [(72, 0.5)]
