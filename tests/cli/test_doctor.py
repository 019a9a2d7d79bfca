"""``livectl doctor``: what it finds with and without a server, in text and JSON."""

from __future__ import annotations

import contextlib
import json
import sys
import threading
from pathlib import Path

import pytest

from .conftest import ROOT, free_udp_port, run_cli


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
    lines = proc.stdout.splitlines()
    at = lines.index("✗ Script answering: neither livectl's script nor AbletonOSC answers at "
                     f"127.0.0.1:{port}")
    assert lines[at + 1] == (
        "    → in Live, choose \"livectl\" ('livectl script install' puts it there) or "
        "AbletonOSC as a Control Surface; without Live, 'livectl emulator'")


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


# ---------------------------------------------------------------------------- which script

def _capabilities() -> list[str]:
    """What livectl's script announces in its /livectl/connect answer."""
    from livectl.script.session import CAPABILITIES

    return list(CAPABILITIES)


def _script_check(proc) -> dict:
    return {c["name"]: c for c in json.loads(proc.stdout)}["Script answering"]


def test_doctor_names_livectls_script_in_the_emulator(emulator, conn):
    from livectl.script import VERSION

    check = _script_check(run_cli("doctor", *conn, "--json", timeout=30))
    assert check == {
        "name": "Script answering", "ok": True,
        "detail": f"livectl's script {VERSION} in livectl's emulator", "fix": "",
        "info": {"script": "livectl", "version": VERSION, "host": "emulator",
                 "capabilities": _capabilities()},
    }
    text = run_cli("doctor", *conn, timeout=30).stdout.splitlines()
    assert f"✓ Script answering: livectl's script {VERSION} in livectl's emulator" in text


def test_doctor_finds_livectls_script_while_another_client_holds_the_reply_port(emulator):
    """The AbletonOSC check cannot run (its replies go to a held port), but livectl's script
    answers doctor on doctor's own port."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as holder:
        holder.bind(("0.0.0.0", 0))
        held = holder.getsockname()[1]
        proc = run_cli("doctor", "--port", str(emulator.port), "--reply-port", str(held),
                       "--json", timeout=30)
    checks = {c["name"]: c for c in json.loads(proc.stdout)}
    assert checks["AbletonOSC answers"]["ok"] is False
    assert checks["Script answering"]["ok"] is True
    assert checks["Script answering"]["info"]["host"] == "emulator"


@contextlib.contextmanager
def _as_in_live(script_dir: Path):
    """``script_dir`` run by the remote-script host the way Live runs it: ticked on its own
    thread, with no emulator options but the ports (so no /emulator/* namespace)."""
    from livectl.emulator.host import RemoteScriptHost
    from livectl.emulator.lom import LiveEngine

    engine = LiveEngine()
    host = RemoteScriptHost(engine, script_dir,
                            options={"port": 0, "reply_port": free_udp_port()})
    host.start()
    stop = threading.Event()
    thread = threading.Thread(target=host.run, args=(stop,), kwargs={"period_s": 0.02},
                              daemon=True)
    thread.start()
    try:
        yield host.instance.port
    finally:
        stop.set()
        thread.join(timeout=5)
        with engine.lock:
            host.stop()


def test_doctor_names_livectls_script_in_live():
    from livectl.emulator.server import SCRIPT_PATH
    from livectl.script import VERSION

    with _as_in_live(SCRIPT_PATH) as port:
        check = _script_check(run_cli("doctor", "--port", str(port), "--reply-port",
                                      str(free_udp_port()), "--json", timeout=30))
    assert (check["ok"], check["detail"], check["fix"]) == (
        True, f"livectl's script {VERSION} in Live", "")
    assert check["info"]["host"] == "live" and check["info"]["version"] == VERSION


def test_doctor_says_how_to_update_an_older_script_in_live(tmp_path):
    import re

    from livectl.script import VERSION

    assert run_cli("script", "install", "--to", str(tmp_path)).returncode == 0
    init = tmp_path / "livectl" / "__init__.py"
    init.write_text(re.sub(r'^VERSION = "[^"]*"', 'VERSION = "0.0.1"', init.read_text(),
                           count=1, flags=re.M))
    with _as_in_live(tmp_path / "livectl") as port:
        check = _script_check(run_cli("doctor", "--port", str(port), "--reply-port",
                                      str(free_udp_port()), "--json", timeout=30))
    assert (check["ok"], check["detail"]) == (True, "livectl's script 0.0.1 in Live")
    assert check["fix"] == (f"this livectl has script {VERSION}: run 'livectl script install "
                            "--force', then restart Live (or set the Control Surface to None "
                            "and back)")


@pytest.mark.xdist_group("fixed-ports")  # AbletonOSC binds UDP 11000/11001
def test_doctor_names_abletonosc(tmp_path):
    """The real AbletonOSC, hosted on the emulator (its fixed ports 11000/11001): it answers
    AbletonOSC's addresses and ignores /livectl/connect."""
    sys.path.insert(0, str(ROOT / "tests" / "conformance"))
    from abletonosc_kit import PORT, REPLY_PORT, copy_abletonosc, hosted

    with hosted("script", copy_abletonosc(tmp_path)) as emulator:
        app = emulator.engine.application
        version = f"{app.get_major_version()}.{app.get_minor_version()}"
        proc = run_cli("doctor", "--port", str(PORT), "--reply-port", str(REPLY_PORT),
                       "--json", timeout=60)
    check = _script_check(proc)
    assert check == {
        "name": "Script answering", "ok": True,
        "detail": f"AbletonOSC (Live {version} at 127.0.0.1:{PORT}; no answer to "
                  "/livectl/connect)",
        "fix": "for request ids and several programs at once, use livectl's script instead: "
               "'livectl script install', then choose \"livectl\" instead of AbletonOSC",
        "info": {"script": "AbletonOSC", "version": None, "host": "unknown",
                 "capabilities": []},
    }
