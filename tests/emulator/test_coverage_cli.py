"""docs/coverage.md is current and complete; ``livectl emulator`` runs, answers, stops."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from emu_peer import Peer

from livectl.cli import main
from livectl.emulator.coverage import render

ROOT = Path(__file__).resolve().parents[2]


def test_coverage_doc_is_up_to_date_and_complete() -> None:
    text = render()
    assert "- Missing: **0** (none)" in text
    assert "(order identical)" in text
    committed = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    assert committed == text, "run: python -m livectl.emulator.coverage"


def test_cli_writes_the_coverage_list(tmp_path: Path) -> None:
    out = tmp_path / "coverage.md"
    assert main(["emulator", "--coverage", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == render()


def test_cli_rejects_a_negative_tick(capsys: object) -> None:
    assert main(["emulator", "--tick-ms", "-5"]) == 2


def test_cli_serves_until_interrupted(peer: Peer) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "livectl",
            "emulator",
            "--port",
            "0",
            "--json",
            "--tick-ms",
            "0",
            "--reply-port",
            str(peer.port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        info = json.loads(proc.stdout.readline())
        assert info["reply_port"] == peer.port and info["port"] > 0
        peer.connect(info["port"])
        peer.expect("/live/startup", timeout=10)
        assert peer.query("/live/song/get/tempo") == (120.0,)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
