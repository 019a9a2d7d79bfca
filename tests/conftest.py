"""Suite-wide: which tests must not run at the same time as each other under pytest-xdist.

``scripts/test`` runs the suite on several worker processes (``-n``) with ``--dist loadgroup``:
every test carrying ``@pytest.mark.xdist_group(name)`` runs on one worker, one after another.
Tests are put in a group here by what they share, so a new test is grouped without anyone
remembering to:

- ``jack``: the JACK server of tests/midi/conftest.py (every test that asks for the ``jack``
  fixture, directly or through ``receiver``/``python_env``, or is marked ``jack``), and
  tests/output/test_output_play.py (a JACK server of its own; libjack timing under load);
- ``link``: Ableton Link peers find each other by multicast on this machine, so two Link
  tests at once would join one session (tests/midi/test_link.py,
  tests/emulator/test_emulator_link.py);
- ``fixed-ports``: UDP 11000/11001 (AbletonOSC's fixed ports) or TCP 9877 (AbletonMCP's):
  a test that binds them carries ``@pytest.mark.xdist_group("fixed-ports")`` itself.

An explicit ``xdist_group`` mark on a test wins over these rules. With ``-n``, tests marked
``slow`` and grouped tests are collected first, so they start first (xdist hands out work in
collection order). Without ``-n`` (a plain ``python -m pytest``), this changes nothing.

Timing: on 2 cores shared by several workers, a test that measures latency (JACK delivery
within a period, Link phase, AbletonOSC's client that waits 150 ms for an answer at Live's
100 ms tick) would measure the other workers. So under xdist, the ``fixed-ports`` and ``link``
tests and those marked ``timing`` run at a raised priority (nice -10; threads and processes
they start inherit it): the bounds stay as they are. It needs root or CAP_SYS_NICE; without,
the tests run at the normal priority. Not the ``jack`` group: livectl.midi raises jackd and
its sequencer processes itself (relative to its caller: raising the test too made JACK lose
events in a parallel run).

Phases: the ``jack`` and ``link`` groups carry a mark of the same name (added here), so
``-m "jack or link or timing"`` selects every real-time test. Even at a raised priority these
measured the other workers (1-7 timing failures in most ``-n 6`` runs on 2 cores), so
``scripts/test`` runs the suite in two phases, chosen by ``LIVECTL_TEST_PHASE``: ``parallel``
(under xdist) deselects the real-time tests and the ``fixed-ports`` group; ``realtime`` runs
only them, on workers of its own (one per group), by default at the same time as the
parallel phase but ahead of it in the OS's scheduler (scripts/test). Unset: everything, as
selected on the command line. The phase composes with the user's own ``-m``/``-k``/paths
(it deselects after them).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

JACK_FIXTURES = frozenset({"jack", "receiver", "python_env", "jack_env"})
REAL_TIME_MARKS = ("jack", "link", "timing")  # run in the realtime phase (scripts/test)
REAL_TIME_GROUPS = frozenset({"fixed-ports"})  # so does every test of these groups
PHASES = ("parallel", "realtime")
# The folders of tests/ that hold real-time tests: the only ones the realtime phase imports.
REAL_TIME_DIRS = ("cli", "conformance", "emulator", "midi", "output")
TESTS = Path(__file__).resolve().parent
LINK_FILES = ("tests/midi/test_link.py", "tests/emulator/test_emulator_link.py")
TIMING_GROUPS = frozenset({"fixed-ports", "link"})  # not jack: livectl.midi sets its own
RAISED_BY = int(os.environ.get("LIVECTL_TEST_RAISE", "10"))  # nice steps: a nice -10 thread weighs ~9x a nice 0 one in Linux's scheduler


def _group(item: pytest.Item) -> str | None:
    path = item.path.as_posix()
    if any(path.endswith(name) for name in LINK_FILES):
        return "link"
    if item.get_closest_marker("jack") is not None or JACK_FIXTURES & set(
            getattr(item, "fixturenames", ())):
        return "jack"
    return None


def _starts_late(item: pytest.Item) -> bool:
    """False for what should start first: slow tests and groups (which run one after another)."""
    return item.get_closest_marker("slow") is None and item.get_closest_marker(
        "xdist_group") is None


def _group_name(item: pytest.Item) -> str | None:
    mark = item.get_closest_marker("xdist_group")
    return mark and (mark.args[0] if mark.args else mark.kwargs.get("name"))


def _real_time(item: pytest.Item) -> bool:
    return (any(item.get_closest_marker(name) is not None for name in REAL_TIME_MARKS)
            or _group_name(item) in REAL_TIME_GROUPS)


def _top_dir(path: Path) -> str | None:
    """The folder of tests/ that ``path`` is in (None: tests/ itself or outside it)."""
    try:
        parts = path.relative_to(TESTS).parts
    except ValueError:
        return None
    return parts[0] if len(parts) > 1 else None


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """The realtime phase does not import folders that hold no real-time test (the
    parallel phase checks that they hold none, in pytest_collection_modifyitems): importing
    them (the mcp SDK, music21, hypothesis strategies...) cost each of its workers CPU
    seconds that the parallel phase, running at the same time, was waiting for."""
    if _phase() != "realtime" or collection_path == TESTS:
        return None
    if collection_path.parent == TESTS and collection_path.is_file():
        return collection_path.name != "conftest.py"  # tests/test_*.py hold none
    top = _top_dir(collection_path)
    if top is None or top in REAL_TIME_DIRS:
        return None
    return True


def _phase() -> str | None:
    phase = os.environ.get("LIVECTL_TEST_PHASE") or None
    if phase is not None and phase not in PHASES:
        raise pytest.UsageError(
            f"LIVECTL_TEST_PHASE must be one of {', '.join(PHASES)} or unset, not {phase!r}")
    return phase


@pytest.hookimpl(tryfirst=True)  # before xdist reads the marks (its hook appends @group)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        group = _group(item)
        if group is None:
            continue
        if item.get_closest_marker(group) is None:  # so that -m jack / -m link select it
            item.add_marker(getattr(pytest.mark, group))
        if item.get_closest_marker("xdist_group") is None:  # an explicit one wins
            item.add_marker(pytest.mark.xdist_group(group))
    phase = _phase()
    if phase == "parallel":
        stray = sorted({item.nodeid.split("::")[0] for item in items
                        if _real_time(item) and _top_dir(item.path) not in REAL_TIME_DIRS})
        if stray:
            raise pytest.UsageError(
                f"real-time tests outside tests/{{{','.join(REAL_TIME_DIRS)}}}, which the "
                f"realtime phase would not collect: {', '.join(stray)} (add the folder to "
                "REAL_TIME_DIRS in tests/conftest.py)")
    if phase is not None:
        keep = phase == "realtime"
        selected = [item for item in items if _real_time(item) == keep]
        deselected = [item for item in items if _real_time(item) != keep]
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = selected
    if getattr(config.option, "numprocesses", None):
        # xdist hands out work in collection order: the long ones first, so that no worker
        # starts a 30 s test when the others are already done. (Stable: same order on every
        # worker, as xdist requires; without -n the order stays as written.)
        items.sort(key=_starts_late)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Everything collection made (the imported modules: numpy, music21, the mcp SDK and
    pydantic, hypothesis; the test items) lives until the end: gc.freeze() moves it out of
    the garbage collector's view, so a full collection no longer walks ~100,000 objects that
    cannot be garbage. Measured over tests/client, emulator and script on 6 workers: full
    collections 31.9 s -> 4.6 s in all, pytest's 5 collections at the end 4.0 -> 0.4 s.
    What the tests create is collected as before."""
    gc.freeze()


def _timing(item: pytest.Item) -> bool:
    if item.get_closest_marker("timing") is not None:
        return True
    return _group_name(item) in TIMING_GROUPS


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    """Setup, call and teardown of a timing test at a raised priority (xdist workers only):
    set for this thread, so what the test starts (emulator threads, jackd, child processes)
    inherits it. In scripts/test's realtime phase this raises them within that phase's own
    session, which the scheduler already puts ahead of the parallel workers."""
    if "PYTEST_XDIST_WORKER" not in os.environ or not _timing(item):
        yield
        return
    before = os.getpriority(os.PRIO_PROCESS, 0)
    try:
        os.setpriority(os.PRIO_PROCESS, 0, before - RAISED_BY)
    except OSError:  # not root: run as is
        yield
        return
    try:
        yield
    finally:
        os.setpriority(os.PRIO_PROCESS, 0, before)


# -- a private network for Ableton Link tests ------------------------------------------------
CLONE_NEWNET = 0x40000000  # <sched.h>
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1  # <linux/sockios.h>, <net/if.h>


def _loopback_up() -> None:
    import fcntl
    import socket
    import struct

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        ifreq = struct.pack("16sH22x", b"lo", 0)
        flags = struct.unpack("16sH22x", fcntl.ioctl(s, SIOCGIFFLAGS, ifreq))[1]
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH22x", b"lo", flags | IFF_UP))


@pytest.fixture
def private_network() -> Iterator[bool]:
    """Link joins every peer it finds on the network into one session, so any other Link
    peer on the machine (another test run, an engineer's Live or a second checkout's
    tests) changes a test's tempo and peer count. A test using this runs in a network
    namespace of its own, loopback only: the main thread enters it (the threads and child
    processes it starts afterwards, Link's among them, are in it too) and leaves it after the
    test. One per test, not per module: an earlier test's Link peers, closed but leaving on
    Link's own thread, cannot meet the next test's sessions either. Yields False, on the
    shared network, where the kernel refuses (not root)."""
    import ctypes
    import threading

    libc = ctypes.CDLL(None, use_errno=True)
    if threading.current_thread() is not threading.main_thread():
        yield False
        return
    home = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    try:
        if libc.unshare(CLONE_NEWNET) != 0:
            yield False
            return
        try:
            _loopback_up()
            yield True
        finally:
            if libc.setns(home, CLONE_NEWNET) != 0:
                err = ctypes.get_errno()
                raise OSError(err, f"could not return to the machine's network: {os.strerror(err)}")
    finally:
        os.close(home)
