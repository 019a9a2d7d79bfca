"""A headless JACK2 server with the dummy driver: MIDI ports on Linux without a sound card.

Linux machines without the ALSA sequencer (containers, CI, most VMs: no ``/dev/snd/seq``) can
still have virtual MIDI ports through JACK. :class:`JackServer` starts ``jackd`` with the
dummy driver under a dedicated server name, waits until clients can connect, and stops it
cleanly. The test suite, the benchmarks and the examples use it; so can a user::

    with JackServer("livectl") as server:      # sets JACK_DEFAULT_SERVER for child processes
        with open_output(virtual_name="out", api="jack") as out: ...

Lessons built in (measured on Debian 12, jackd2 1.9.21; see docs/midi.md):

* ``--no-realtime``: no rtprio, memlock or CAP_SYS_NICE needed.
* ``--port-max 64``: the shared-memory segment is ~40 MB instead of ~107 MB, which fits
  Docker's default 64 MB ``/dev/shm`` (the stock size dies there with a bus error).
* ``jack_wait -c`` always exits 0; its output ("running" / "not running") is what counts.
* A jackd killed with SIGKILL can leave a stale ``/dev/shm/jack-shm-registry`` whose pid is
  an unreaped zombie; the next start then fails with "server already active". When no live
  jackd exists we delete the registry and retry once (``--replace-registry`` is broken in
  1.9.21). We stop with SIGTERM and wait, to avoid making that state ourselves.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType

from livectl.checks import check_int_range
from livectl.errors import MIDIBackendError
from livectl.midi.timing import use_realtime_scheduling

__all__ = ["JackServer", "jack_env", "jackd_available", "realtime_allowed"]

log = logging.getLogger(__name__)

_SHM = Path("/dev/shm")


def jackd_available() -> bool:
    """True when the ``jackd`` and ``jack_wait`` programs are on PATH."""
    return shutil.which("jackd") is not None and shutil.which("jack_wait") is not None


def jack_env(name: str) -> dict[str, str]:
    """Environment variables a JACK client needs to reach server ``name`` and nothing else.

    ``JACK_NO_START_SERVER`` stops libjack from spawning a default (ALSA, realtime) server when
    ours is not found; ``JACK_NO_AUDIO_RESERVATION`` keeps it off D-Bus.
    """
    return {
        "JACK_DEFAULT_SERVER": name,
        "JACK_NO_START_SERVER": "1",
        "JACK_NO_AUDIO_RESERVATION": "1",
    }


def _is_running(name: str, env: dict[str, str]) -> bool:
    result = subprocess.run(
        ["jack_wait", "-s", name, "-c"],
        capture_output=True,
        text=True,
        env=env,
        timeout=10,
        check=False,
    )
    return result.stdout.strip() == "running"


def _live_jackd_exists() -> bool:
    """Any jackd process that is not a zombie (for the stale-registry recovery)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            text = stat.read_text()
            comm = text[text.index("(") + 1 : text.rindex(")")]
            state = text[text.rindex(")") + 2 :].split()[0]
            if comm == "jackd" and state != "Z":
                return True
    return False


def _jackd_processes() -> list[tuple[int, int, str]]:
    """(pid, parent pid, command line) of every live jackd."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            text = stat.read_text()
            comm = text[text.index("(") + 1 : text.rindex(")")]
            fields = text[text.rindex(")") + 2 :].split()
            if comm != "jackd" or fields[0] == "Z":
                continue
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            found.append((int(stat.parent.name), int(fields[1]), cmdline.strip()))
    return sorted(found)


def _too_many_servers_message(name: str) -> str:
    lines = [
        f"jackd {name!r} did not start: JACK allows only a few servers per machine and they "
        "are all taken."
    ]
    orphans = [(pid, cmd) for pid, ppid, cmd in _jackd_processes() if ppid == 1]
    if orphans:
        lines.append("These look orphaned (their parent is gone); stop the ones you own with "
                     "'kill PID' (SIGTERM, not -9):")
        lines += [f"  {pid}: {cmd}" for pid, cmd in orphans]
    return "\n".join(lines)


def realtime_allowed() -> bool:
    """May this process (and the children it starts, jackd's among them) use realtime
    scheduling? Asked of the OS by a throwaway thread that tries (root without
    CAP_SYS_NICE, as in some containers, may not; an rtprio limit may): the caller's own
    threads stay as they are."""
    granted: list[bool] = []
    probe = threading.Thread(target=lambda: granted.append(use_realtime_scheduling(1)),
                             name="livectl-realtime-probe")
    probe.start()
    probe.join()
    return bool(granted and granted[0])


class JackServer:
    """A ``jackd -d dummy`` server with a lifecycle: ``start()`` returns once clients can connect.

    ``niceness`` (default -10) is applied to jackd when allowed, so a busy machine does not
    starve it. ``period`` frames at ``rate`` Hz set the MIDI delivery granularity (256 @ 48 kHz = 5.33 ms):
    JACK hands an event to its receiver at the start of the next period. ``set_env=True``
    also writes :func:`jack_env` into ``os.environ`` so that this process and its children find
    the server; it is restored on :meth:`stop`.

    ``realtime=True`` runs jackd with realtime scheduling where the system allows it (root,
    or an ``rtprio`` limit; :func:`realtime_allowed` says): JACK then runs its clients'
    process threads, receivers' included, at a realtime priority. Without it they compete
    with everything else, and JACK2 (asynchronous by default) hands an event to a receiver
    whose cycle runs late from a buffer its sender has already cleared: the event is lost.
    Measured with ``livectl demo --midi`` into a receiver on a 2-core machine: the demo's
    last note-off was lost in 8 runs of 147 without, in none of 45 with. Off by default (the
    ``--no-realtime`` server needs no privileges).
    """

    def __init__(
        self,
        name: str = "livectl",
        *,
        period: int = 256,
        rate: int = 48000,
        port_max: int = 64,
        set_env: bool = True,
        start_timeout_s: float = 10.0,
        niceness: int = -10,
        realtime: bool = False,
    ) -> None:
        self.name = name
        # Checked here, so a bad value is named before jackd runs (jackd's own messages vary).
        self.period = check_int_range("period", period, 16, 8192)
        self.rate = check_int_range("rate", rate, 8000, 192000)
        self.port_max = check_int_range("port_max", port_max, 1, 4096)
        self.set_env = set_env
        self.start_timeout_s = start_timeout_s
        self.niceness = niceness
        self.realtime = bool(realtime) and realtime_allowed()
        self._proc: subprocess.Popen[bytes] | None = None
        self._log_path: Path | None = None
        self._saved_env: dict[str, str | None] = {}

    @property
    def period_s(self) -> float:
        """Length of one JACK period in seconds."""
        return self.period / self.rate

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def env(self) -> dict[str, str]:
        """A copy of ``os.environ`` with this server's client variables, for subprocesses."""
        return {**os.environ, **jack_env(self.name)}

    def start(self) -> JackServer:
        if not jackd_available():
            raise MIDIBackendError(
                "jackd is not installed; install JACK2 (Debian/Ubuntu: "
                "'apt-get install --no-install-recommends jackd2', or run scripts/setup)"
            )
        if self._proc is not None:
            return self
        env = self.env()
        if _is_running(self.name, env):
            raise MIDIBackendError(
                f"a JACK server named {self.name!r} is already running; pick another name "
                "or use that server directly (set JACK_DEFAULT_SERVER)"
            )
        for attempt in (1, 2):
            if self._launch(env):
                break
            text = self.log_text()
            self._reap()
            self._drop_log()  # stop() is not reached when start() fails
            if attempt == 1 and "already active" in text and not _live_jackd_exists():
                log.warning("stale JACK shm registry found; removing it and retrying")
                self._clean_shm(registry=True)
                continue
            if "Too many servers" in text:
                raise MIDIBackendError(_too_many_servers_message(self.name))
            raise MIDIBackendError(f"jackd {self.name!r} did not start; its log:\n{text}")
        if self.set_env:
            for key, value in jack_env(self.name).items():
                self._saved_env[key] = os.environ.get(key)
                os.environ[key] = value
        log.info("jackd %r ready (pid %s)", self.name, self.pid)
        return self

    def _command(self) -> list[str]:
        """jackd's command line, behind two small wrappers when the system has them.

        * ``setpriv --pdeathsig TERM``: jackd gets SIGTERM when this process dies, even by
          SIGKILL or a CI timeout; otherwise it lives on as an orphan, holding one of JACK's
          few server slots ("Too many servers already active" for the next run). The signal
          follows the thread that started the server, so start it from one that lives as
          long as the server (the main thread, a session fixture).
        * ``nice -n N``: without realtime scheduling jackd competes with everything for the
          CPU, and on a loaded 2-core machine it misses cycles and drops MIDI events. A
          better niceness (root or CAP_SYS_NICE) avoids most of that; without the right,
          ``nice`` says so and runs jackd unchanged.

        Both are exec wrappers (no ``preexec_fn``, which is unsafe with threads), so jackd
        keeps the pid we started.
        """
        jackd = [
            "jackd", "--realtime" if self.realtime else "--no-realtime",
            "--name", self.name, "--port-max", str(self.port_max),
            "-d", "dummy", "-r", str(self.rate), "-p", str(self.period), "-C", "0", "-P", "0",
        ]
        if self.niceness and shutil.which("nice"):
            jackd = ["nice", "-n", str(self.niceness), *jackd]
        if shutil.which("setpriv"):
            jackd = ["setpriv", "--pdeathsig", "TERM", *jackd]
        return jackd

    def _launch(self, env: dict[str, str]) -> bool:
        fd, path = tempfile.mkstemp(prefix=f"jackd-{self.name}-", suffix=".log")
        self._log_path = Path(path)
        with os.fdopen(fd, "wb") as logfile:
            self._proc = subprocess.Popen(
                self._command(),
                stdout=logfile,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
            )
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                return False
            if _is_running(self.name, env):
                return True
            # Readiness has no event to wait on: jackd prints nothing when it is ready, so
            # poll the server with jack_wait (a few ms each) until the deadline.
            time.sleep(0.02)
        return False

    def log_text(self) -> str:
        if self._log_path is None:
            return ""
        try:
            return self._log_path.read_text(errors="replace")
        except OSError:
            return ""

    def _reap(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                # JACK can take > 5 s when a client died without closing; SIGKILL would leave
                # a stale registry, so give it time first.
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)

    def _clean_shm(self, *, registry: bool = False) -> None:
        patterns = [f"jack_{self.name}_*", f"jack_sem.*_{self.name}_*"]
        if registry:
            patterns += ["jack-shm-registry", f"jack-{os.getuid()}-*"]
        for pattern in patterns:
            for path in _SHM.glob(pattern):
                with contextlib.suppress(OSError):
                    if path.is_dir():
                        shutil.rmtree(path)
                    else:
                        path.unlink()

    def stop(self) -> None:
        """Stop the server, restore the environment and remove its /dev/shm files. Idempotent."""
        self._reap()
        # The registry is shared by every JACK server on the host: remove it only when no
        # jackd is left, so a parallel run's server is not disturbed.
        self._clean_shm(registry=self._log_path is not None and not _live_jackd_exists())
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._saved_env = {}
        self._drop_log()

    def _drop_log(self) -> None:
        if self._log_path is not None:
            with contextlib.suppress(OSError):
                self._log_path.unlink()
            self._log_path = None

    def __enter__(self) -> JackServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = f"pid {self.pid}" if self._proc else "stopped"
        return f"<JackServer {self.name!r} period={self.period}@{self.rate} {state}>"
