"""``livectl doctor``: what it finds with and without a server, in text and JSON."""

from __future__ import annotations

import json

from .conftest import free_udp_port, run_cli


def test_doctor_with_emulator_reports_live_answering(emulator, conn):
    proc = run_cli("doctor", *conn, "--json", "--midi-api", "jack", timeout=30)
    checks = {c["name"]: c for c in json.loads(proc.stdout)}
    assert checks[f"UDP {emulator.port} (AbletonOSC)"]["ok"] is True
    answer = checks["AbletonOSC answers"]
    assert answer["ok"] is True and answer["detail"].startswith("Live 12.")
    # The MIDI part depends on a JACK server; whatever it says, it says it as a check.
    assert "MIDI API" in checks
    assert proc.returncode == (0 if all(c["ok"] for c in checks.values()) else 1)


def test_doctor_without_server_says_what_to_fix():
    port, reply = free_udp_port(), free_udp_port()
    proc = run_cli("doctor", "--port", str(port), "--reply-port", str(reply), timeout=30)
    assert proc.returncode == 1
    assert "nothing listens" in proc.stdout
    assert "livectl emulator" in proc.stdout
    assert "✗ AbletonOSC answers" in proc.stdout


def test_doctor_names_a_held_reply_port(emulator):
    import socket

    holder = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    holder.bind(("0.0.0.0", 0))
    held = holder.getsockname()[1]
    try:
        proc = run_cli("doctor", "--port", str(emulator.port), "--reply-port", str(held),
                       "--json", timeout=30)
    finally:
        holder.close()
    checks = {c["name"]: c for c in json.loads(proc.stdout)}
    assert checks[f"UDP {held} (replies)"]["ok"] is False
    assert str(held) in checks[f"UDP {held} (replies)"]["fix"]
    assert proc.returncode == 1
