"""AbletonOSC as shipped, and its own pytest suite, against the emulator.

The unmodified AbletonOSC lives outside the repository, at ``../shared/thirdparty/AbletonOSC``
relative to the repo root. :func:`copy_abletonosc` copies it to a temporary folder (the
script writes ``logs/abletonosc.log`` into its own folder). :func:`hosted` starts an
``Emulator`` on AbletonOSC's fixed ports (UDP 11000, replies to 11001, Live's 100 ms tick),
either hosting that copy as a Live remote script (``"script"``) or with livectl's built-in
front end (``"builtin"``). :func:`run_suite` runs AbletonOSC's own tests (``python -m
pytest`` in the copy, a separate process that is the OSC client) and reads the counts from
a JUnit XML report.

Used by ``tests/conformance/test_abletonosc_suite.py`` (one run per front end, in CI) and by
``scripts/conformance --repeat N`` (runs in a row).
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from livectl.emulator import Emulator
from livectl.errors import PortInUseError

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "thirdparty" / "AbletonOSC"
EXPECTED_TESTS = 54  # AbletonOSC's suite at the shared copy's revision
FRONT_ENDS = ("script", "builtin")
PORT, REPLY_PORT = 11000, 11001  # fixed in AbletonOSC and in its test client
SUITE_TIMEOUT_S = 300.0
PORT_WAIT_S = 60.0  # how long to wait for another user of the fixed ports to let go
NO_THIRDPARTY_ENV = "LIVECTL_NO_THIRDPARTY"


class AbletonOSCMissing(RuntimeError):
    """The shared AbletonOSC copy is not there."""


def missing_message() -> str:
    return (
        f"AbletonOSC is not at {SHARED}: the AbletonOSC conformance suite cannot run, so it "
        "has not passed. Put an unmodified AbletonOSC checkout there (with its tests/ folder), "
        f"or set {NO_THIRDPARTY_ENV}=1 to report this suite as skipped on purpose."
    )


def copy_abletonosc(dest: Path) -> Path:
    """Copy the shared AbletonOSC folder to ``dest/AbletonOSC`` (the name Live loads it by)."""
    if not (SHARED / "__init__.py").is_file() or not (SHARED / "tests").is_dir():
        raise AbletonOSCMissing(missing_message())
    target = dest / "AbletonOSC"
    shutil.copytree(SHARED, target, ignore=shutil.ignore_patterns("logs", "__pycache__",
                                                                 ".pytest_cache"))
    return target


def _udp_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


def wait_ports_free(timeout_s: float) -> None:
    """AbletonOSC's ports are fixed: wait (bounded) for another run to let go of them."""
    deadline = time.monotonic() + timeout_s
    while not (_udp_free(PORT) and _udp_free(REPLY_PORT)):
        if time.monotonic() > deadline:
            raise RuntimeError(f"UDP ports {PORT}/{REPLY_PORT} stay in use (another AbletonOSC "
                               "or emulator is running); AbletonOSC's suite needs both")
        time.sleep(0.2)


@contextlib.contextmanager
def hosted(front_end: str, script_dir: Path | None = None) -> Iterator[Emulator]:
    """A started Emulator on 11000/11001 with ``front_end`` ("script" needs ``script_dir``)."""
    if front_end not in FRONT_ENDS:
        raise ValueError(f"front_end must be one of {FRONT_ENDS}, got {front_end!r}")
    if front_end == "script" and script_dir is None:
        raise ValueError("front_end 'script' needs script_dir (a copy of AbletonOSC)")
    # Earlier emulators in this process (earlier runs, other tests) leave reference cycles
    # (LOM objects point at their parents); a full collection of them in the middle of a run
    # stalled the emulator's thread for ~200 ms once ~70k had piled up, and AbletonOSC's
    # client waits 150 ms for a reply. Collect them now, before the clock starts.
    gc.collect()
    deadline = time.monotonic() + PORT_WAIT_S
    while True:
        wait_ports_free(max(0.0, deadline - time.monotonic()))
        if front_end == "script":
            emulator = Emulator(remote_script=script_dir, tick_s=0.1)
        else:
            emulator = Emulator(port=PORT, reply_port=REPLY_PORT, tick_s=0.1)
        try:
            emulator.start()
        except PortInUseError:  # taken between the probe and the bind (a shared machine)
            emulator.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
            continue
        if front_end == "builtin" or _listening(emulator):
            break
        shown = emulator.script_host.messages  # AbletonOSC says so when it cannot bind
        emulator.close()
        if time.monotonic() > deadline:
            raise RuntimeError(f"AbletonOSC did not start listening: {shown!r}")
        time.sleep(0.5)
    with emulator:
        yield emulator


def _listening(emulator: Emulator) -> bool:
    return any(f"Listening for OSC on port {PORT}" in m for m in emulator.script_host.messages)


@dataclass(frozen=True)
class SuiteResult:
    tests: int
    passed: int
    failed: int  # failures + errors
    skipped: int
    failed_names: tuple[str, ...]
    seconds: float
    output: str

    @property
    def ok(self) -> bool:
        return self.passed == EXPECTED_TESTS and self.failed == 0 and self.skipped == 0

    def summary(self) -> str:
        text = f"{self.passed} passed, {self.failed} failed, {self.skipped} skipped " \
               f"of {self.tests} in {self.seconds:.1f} s"
        if self.failed_names:
            text += " (failed: " + ", ".join(self.failed_names) + ")"
        return text


def run_suite(script_dir: Path, *, timeout_s: float = SUITE_TIMEOUT_S) -> SuiteResult:
    """Run AbletonOSC's own pytest suite in ``script_dir`` (a copy) and count the outcome."""
    report = script_dir / "junit.xml"
    report.unlink(missing_ok=True)
    started = time.monotonic()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
         f"--junitxml={report}", "tests"],
        cwd=script_dir, capture_output=True, text=True, timeout=timeout_s, env=env, check=False,
    )
    seconds = time.monotonic() - started
    output = done.stdout + done.stderr
    if not report.is_file():
        raise RuntimeError(f"AbletonOSC's suite wrote no report (exit {done.returncode}):\n"
                           f"{output[-4000:]}")
    tests = passed = failed = skipped = 0
    failed_names: list[str] = []
    for case in ET.parse(report).getroot().iter("testcase"):
        tests += 1
        outcome = {child.tag for child in case}
        if outcome & {"failure", "error"}:
            failed += 1
            failed_names.append(case.get("name", "?"))
        elif "skipped" in outcome:
            skipped += 1
        else:
            passed += 1
    return SuiteResult(tests, passed, failed, skipped, tuple(failed_names), seconds, output)
