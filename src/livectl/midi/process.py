"""Run a sequencer in its own process, so heavy Python work elsewhere adds no jitter.

In one process a CPU-bound thread holds the GIL for up to the switch interval (5 ms), so
the sequencer's wake-ups are that late. A child process has its own interpreter and GIL.
The child opens the port itself (ports do not cross processes) and talks to the parent over
a pipe::

    proc = SequencerProcess(seq.spec(), "IAC Driver Bus 1")
    proc.start()              # returns once the child's port is open (or raises its error)
    proc.set_tempo(100)
    proc.stop()               # the child releases its notes and exits

The child releases its notes on stop, on SIGINT/SIGTERM (the exit guards), and when the
parent goes away (the pipe closes). Uses the ``spawn`` start method: a script that starts
one needs the usual ``if __name__ == "__main__":`` guard.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import threading
from multiprocessing.connection import Connection
from typing import Any

from livectl.checks import check_tempo
from livectl.errors import MIDIError
from livectl.midi.scheduler import PlayStats, Sequencer, SequenceSpec
from livectl.midi.timing import REALTIME_SPIN_NS, RealClock, use_realtime_scheduling

__all__ = ["SequencerProcess"]

log = logging.getLogger(__name__)


def _raise_priority(niceness: int) -> None:
    """Ask the OS to prefer this process (negative niceness needs CAP_SYS_NICE or root).

    On a busy machine the spinning scheduler competes with everything else for a core; a
    better priority keeps its wake-ups on time. Without the right it stays as it is.
    """
    if niceness == 0 or not hasattr(os, "nice"):
        return
    try:
        os.nice(niceness)
    except OSError as exc:
        log.debug("could not change the sequencer process priority: %s", exc)


def _child_main(conn: Connection, spec: SequenceSpec, port: dict[str, Any],
                repeats: int | None, niceness: int = 0) -> None:
    # Imported here: the child builds its own port with its own backend.
    from livectl.midi.ports import open_output

    _raise_priority(niceness)
    # Asked to be preferred: realtime scheduling where the OS grants it, so that no process of
    # ordinary priority delays a wake-up; then a short spin suffices (livectl.midi.timing).
    realtime = niceness < 0 and use_realtime_scheduling()
    seq = Sequencer.from_spec(spec, clock=RealClock(REALTIME_SPIN_NS) if realtime else None)
    try:
        out = open_output(port["name_or_index"], port["api"], port["virtual_name"],
                          client_name=port["client_name"])
    except Exception as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
        return

    def stop() -> None:
        try:
            seq.stop(timeout_s=10.0)  # the run releases its notes; the main thread reports
        except MIDIError as exc:
            log.warning("%s", exc)

    def listen() -> None:
        while True:
            try:
                cmd = conn.recv()
            except (EOFError, OSError):  # parent gone: stop and release
                stop()
                return
            if cmd[0] == "tempo":
                seq.set_tempo(cmd[1])
            elif cmd[0] == "stop":
                stop()
                return

    error = ""
    with out:
        # start() arms the run here, before any command can be read: a "stop" that the
        # parent sends as soon as it sees "ready" then ends the run instead of being wiped
        # out when the run begins. The main thread waits, so the exit guards' SIGINT and
        # SIGTERM handlers still interrupt it, and leaving ``with`` releases the notes.
        seq.start(out, repeats=repeats)
        threading.Thread(target=listen, name="livectl-seq-control", daemon=True).start()
        conn.send(("ready", out.name))
        try:
            seq.wait()
        except MIDIError as exc:
            cause = exc.__cause__ or exc
            error = f"{type(cause).__name__}: {cause}"
    stats = seq.stats
    try:
        conn.send(("done", stats.deadlines_ns, stats.sent_ns, stats.messages, error))
    except (OSError, ValueError):
        pass


class SequencerProcess:
    """A :class:`Sequencer` playing in a child process on its own output port."""

    def __init__(self, spec: SequenceSpec | Sequencer, name_or_index: int | str | None = None, *,
                 api: str | None = None, virtual_name: str | None = None,
                 client_name: str = "livectl-seq", start_timeout_s: float = 20.0,
                 niceness: int = -10) -> None:
        self.spec = spec.spec() if isinstance(spec, Sequencer) else spec
        self.niceness = niceness
        self._port = {"name_or_index": name_or_index, "api": api,
                      "virtual_name": virtual_name, "client_name": client_name}
        self.start_timeout_s = start_timeout_s
        self.port_name: str | None = None
        self.stats: PlayStats | None = None
        self.error: str | None = None
        self._conn: Connection | None = None
        self._proc: multiprocessing.process.BaseProcess | None = None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def start(self, *, repeats: int | None = None) -> None:
        """Start the child and wait until its port is open; raises its error if it fails."""
        if self._proc is not None:
            raise MIDIError("this SequencerProcess was already started; make a new one")
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        self._proc = ctx.Process(target=_child_main, args=(child, self.spec, self._port, repeats,
                                                                 self.niceness),
                                 name="livectl-sequencer", daemon=True)
        self._proc.start()
        child.close()
        self._conn = parent
        atexit.register(self._stop_at_exit)
        if not parent.poll(self.start_timeout_s):
            self.terminate()
            raise MIDIError(f"the sequencer process did not start within {self.start_timeout_s} s")
        try:
            reply = parent.recv()
        except EOFError:
            self._proc.join(5)
            raise MIDIError(
                f"the sequencer process died while starting (exit code {self._proc.exitcode})"
            ) from None
        if reply[0] == "error":
            self._proc.join(5)
            raise MIDIError(f"the sequencer process could not open its port: {reply[1]}")
        self.port_name = reply[1]

    def set_tempo(self, tempo_bpm: float) -> None:
        bpm = check_tempo(tempo_bpm)  # checked here, before it crosses the pipe
        self._command(("tempo", bpm))

    def _command(self, cmd: tuple[Any, ...]) -> None:
        if self._conn is None:
            raise MIDIError("the sequencer process is not running; start() it first")
        try:
            self._conn.send(cmd)
        except (OSError, ValueError) as exc:
            raise MIDIError(f"the sequencer process is gone ({exc})") from exc

    def _collect(self, timeout_s: float) -> bool:
        conn = self._conn
        if conn is None:
            return True
        try:
            if not conn.poll(timeout_s):
                return False
            msg = conn.recv()
        except (EOFError, OSError):
            return True
        if msg[0] == "done":
            _, deadlines, sent, count, error = msg
            self.stats = PlayStats(list(deadlines), list(sent), count)
            self.error = error or None
        return True

    def wait(self, timeout_s: float | None = None) -> bool:
        """Wait until the child has played to the end. False on timeout."""
        if not self._collect(3600.0 if timeout_s is None else timeout_s):
            return False
        if self._proc is not None:
            self._proc.join(10)
        self._close_conn()
        if self.error:
            raise MIDIError(f"the sequencer process failed: {self.error}")
        return True

    def stop(self, timeout_s: float = 10.0) -> None:
        """Ask the child to stop (it releases its notes), and wait for it; SIGTERM if it hangs."""
        proc = self._proc
        if proc is None or self._conn is None:
            return
        try:
            self._conn.send(("stop",))
        except (OSError, ValueError):
            pass
        self._collect(timeout_s)
        proc.join(timeout_s)
        if proc.is_alive():
            self.terminate()
        self._close_conn()

    def terminate(self) -> None:
        """SIGTERM the child: its exit guard releases the notes before it exits."""
        proc = self._proc
        if proc is not None and proc.is_alive():
            proc.terminate()
            proc.join(10)
            if proc.is_alive():
                proc.kill()
                proc.join(5)
        self._close_conn()

    def _close_conn(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        atexit.unregister(self._stop_at_exit)

    def _stop_at_exit(self) -> None:
        try:
            self.stop(timeout_s=5.0)
        except Exception:
            log.exception("stopping the sequencer process at exit failed")

    @property
    def is_running(self) -> bool:
        return self._proc is not None and self._proc.is_alive()

    def __enter__(self) -> SequencerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
