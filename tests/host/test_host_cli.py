"""``livectl emulator --remote-script PATH`` end to end: the CLI as a subprocess runs a script
folder, prints the script's status-bar message (where it listens), and the script answers."""

from __future__ import annotations

import json
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

SCRIPT = Path(__file__).parent / "scripts" / "echo_surface"


def _lines(stream: IO[str]) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _ask(client: socket.socket, port: int, request: dict[str, Any]) -> Any:
    client.sendto(json.dumps(request).encode(), ("127.0.0.1", port))
    while True:
        reply = json.loads(client.recvfrom(65536)[0])
        if "event" not in reply:  # tempo listener pushes are events, not replies
            return reply


def test_cli_runs_a_remote_script_folder() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "livectl", "emulator", "--json", "--remote-script", str(SCRIPT)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        lines = _lines(proc.stdout)
        info = json.loads(lines.get(timeout=20))
        assert info["remote_script"] == str(SCRIPT)
        assert info["port"] is None  # the built-in AbletonOSC front end stepped aside
        shown = json.loads(lines.get(timeout=10))["show_message"]
        match = re.search(r"127\.0\.0\.1:(\d+)", shown)
        assert match, shown
        port = int(match.group(1))
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client:
            client.bind(("127.0.0.1", 0))
            client.settimeout(5.0)
            assert _ask(client, port, {"cmd": "ping"}) == {"ok": True, "pong": True}
            assert _ask(client, port, {"cmd": "set_tempo", "bpm": 93}) == {"ok": True}
            clip = {"cmd": "clip", "track": 0, "slot": 2, "length": 4,
                    "notes": [[60, 0, 1, 100], [64, 1, 1, 90]]}
            assert _ask(client, port, clip) == {"ok": True, "notes": 2}
            # The clip slot now holds a clip: Live's error for a second create_clip.
            again = _ask(client, port, clip)
            assert again["ok"] is False and "already has a clip" in again["error"]
            tempo = _ask(client, port, {"cmd": "tempo"})
            assert tempo["tempo"] == 93.0 and tempo["seen"] == [93.0]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
        assert proc.stderr is not None
        assert "stopped" in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
