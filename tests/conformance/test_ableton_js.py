"""ableton-js (npm) as shipped: its MIDI Remote Script hosted on the emulator, driven by its
own Node API.

The npm package (version pinned in ``ablejs/package.json``) is installed into a cache outside
the repository (``$LIVECTL_THIRDPARTY_CACHE``, else ``$XDG_CACHE_HOME/livectl/thirdparty``,
else ``~/.cache/livectl/thirdparty``; ``scripts/setup`` fills it). Its ``midi-script`` folder
is copied to a tmp dir under the name its own install script uses (``AbletonJS``) and loaded
unmodified by ``Emulator(remote_script=...)``. ``ablejs/driver.mjs`` (our code) then calls
ableton-js's Node API over every namespace the script serves and prints one JSON line per
check. Script and client find each other through port files in the temp dir, so both get
their own (``tempfile.tempdir`` here, ``TMPDIR`` for Node).

Two checks need the emulator's side: where the session box's red ring is (Live draws it; the
emulator keeps it on ``c_instance.session_highlight``) and MIDI arriving at the script's input
port (``RemoteScriptHost.receive_midi``). The driver asks for them with ``{"await": ...}``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from livectl.emulator import Emulator

HERE = Path(__file__).resolve().parent / "ablejs"
DRIVER = HERE / "driver.mjs"
PINNED = json.loads((HERE / "package.json").read_text(encoding="utf-8"))["dependencies"]["ableton-js"]
DRIVER_TIMEOUT_S = 240.0


def _cache_root() -> Path:
    explicit = os.environ.get("LIVECTL_THIRDPARTY_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "livectl" / "thirdparty"


def _installed_version(package_dir: Path) -> str | None:
    try:
        manifest = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    version = manifest.get("version")
    return version if isinstance(version, str) else None


def install_ableton_js() -> Path:
    """The pinned ableton-js package folder, installed with npm into the cache if needed."""
    prefix = _cache_root() / "ableton-js"
    package_dir = prefix / "node_modules" / "ableton-js"
    if _installed_version(package_dir) == PINNED:
        return package_dir
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is not installed: scripts/setup installs ableton-js with it (Node 20+)")
    prefix.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(HERE / "package.json", prefix / "package.json")
    done = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=prefix, capture_output=True, text=True, timeout=300, check=False,
    )
    if done.returncode != 0 or _installed_version(package_dir) != PINNED:
        pytest.fail(f"npm install ableton-js@{PINNED} in {prefix} failed:\n{done.stderr}")
    return package_dir


@pytest.fixture(scope="module")
def ableton_js() -> Path:
    if shutil.which("node") is None:
        pytest.skip("node is not installed (ableton-js needs Node 20+); this check did not run")
    return install_ableton_js()


@pytest.fixture
def script_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # ableton-js writes its port files to tempfile.gettempdir(): a private one per test.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


@pytest.fixture
def emulator(ableton_js: Path, script_tmp: Path) -> Iterator[Emulator]:
    folder = script_tmp / "AbletonJS"  # the name ableton-js's own copy-script installs it as
    shutil.copytree(ableton_js / "midi-script", folder)
    with Emulator(remote_script=folder) as emu:
        yield emu


class _Driver:
    """The Node driver as a child process; its stdout lines come in on a reader thread."""

    def __init__(self, package_dir: Path, tmpdir: Path) -> None:
        env = dict(os.environ, TMPDIR=str(tmpdir))
        self.proc = subprocess.Popen(
            ["node", str(DRIVER), str(package_dir)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
        self.lines: list[dict[str, Any]] = []
        self.stderr = ""
        self._cond = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            try:
                line = json.loads(raw)
            except json.JSONDecodeError:
                line = {"stdout": raw.rstrip("\n")}
            with self._cond:
                self.lines.append(line)
                self._cond.notify_all()
        with self._cond:
            self.lines.append({"eof": True})
            self._cond.notify_all()

    def next_line(self, index: int, deadline: float) -> dict[str, Any] | None:
        with self._cond:
            while len(self.lines) <= index:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._cond.wait(remaining)
            return self.lines[index]

    def finish(self) -> None:
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        assert self.proc.stderr is not None
        self.stderr = self.proc.stderr.read()


def _answer(emu: Emulator, request: dict[str, Any]) -> dict[str, Any]:
    """Do what the driver awaits on the emulator's side; the result is one more check."""
    host = emu.script_host
    kind = request["await"]
    if kind == "session_box":
        expected = (*request["expect"], False)
        ring = host.c_instance.session_highlight
        ok = ring == expected
        return {"check": "session.highlight", "ok": ok,
                "error": None if ok else f"red ring {ring}, expected {expected}"}
    if kind == "midi_in":
        message = tuple(request["bytes"])
        channel, note = message[0] & 0x0F, message[1]
        deadline = time.monotonic() + 5.0
        # Live calls build_midi_map on its next tick after request_rebuild_midi_map.
        while (channel, note) not in host.midi_maps.current.forwarded_notes:
            if time.monotonic() > deadline:
                return {"check": "midi.forward_mapping", "ok": False,
                        "error": f"the script did not forward note {note} on channel {channel}"}
            time.sleep(0.01)  # the map is built on the emulator thread; nothing to wait on
        host.receive_midi(message)
        return {"check": "midi.forward_mapping", "ok": True}
    return {"check": f"await.{kind}", "ok": False, "error": f"unknown request {request}"}


@pytest.mark.slow
# In the realtime phase (timing: its driver waits on the emulator's 100 ms tick). Its own
# failures under load (an arrangement clip deleted but still listed, a Reverb loaded but not
# listed) were ableton-js's address-based etags (driver.mjs now reads fresh; 10 runs of 10
# passed beside four CPU hogs). The differential test's lost step, once blamed on running
# beside it, was that test's own double barrier (test_differential.py).
@pytest.mark.timing
@pytest.mark.timeout(DRIVER_TIMEOUT_S + 60)
def test_ableton_js_node_api_over_every_namespace(
    emulator: Emulator, ableton_js: Path, script_tmp: Path
) -> None:
    assert emulator.script_host.messages[:1] and "Started server on port" in (
        emulator.script_host.messages[0]
    ), emulator.script_host.messages
    driver = _Driver(ableton_js, script_tmp)
    results: list[dict[str, Any]] = []
    deadline = time.monotonic() + DRIVER_TIMEOUT_S
    summary: dict[str, Any] | None = None
    index = 0
    try:
        while True:
            line = driver.next_line(index, deadline)
            if line is None:
                pytest.fail(f"the driver did not finish within {DRIVER_TIMEOUT_S:g} s; "
                            f"results so far: {results}")
            index += 1
            if "check" in line:
                results.append(line)
            elif "await" in line:
                results.append(_answer(emulator, line))
            elif "done" in line:
                summary = line
            elif "eof" in line:
                break
    finally:
        driver.finish()
    failures = [f"{r['check']}: {r.get('error')}" for r in results if not r["ok"]]
    assert summary is not None, f"the driver stopped early:\n{driver.stderr}\n{results}"
    assert not failures, "ableton-js checks failed:\n" + "\n".join(failures)
    names = {r["check"] for r in results}
    # Every namespace the script serves was exercised.
    for prefix in ("internal", "application", "application_view", "song", "song_view", "track",
                   "clip_slot", "clip", "scene", "arrangement", "session", "browser", "device",
                   "midi"):
        assert any(n.split(".")[0] == prefix for n in names), f"no check of {prefix}"
    assert summary["failed"] == 0 and driver.proc.returncode == 0, driver.stderr
