"""Run a sequencer in its own process, so heavy Python work elsewhere adds no jitter.

In one process a CPU-bound thread holds the GIL for up to the switch interval (5 ms), so
the sequencer's wake-ups are that late. A child process has its own interpreter and GIL.
The child opens the port itself (ports do not cross processes) and talks to the parent over
a pipe::

    proc = SequencerProcess(seq.spec(), "IAC Driver Bus 1")
    proc.start()              # returns once the child's port is open (or raises its error)
    proc.set_tempo(100)
    proc.stop()               # the child releases its notes and exits

The child releases its notes on stop, on SIGTERM (the signal guard), and when the parent
goes away (the pipe closes). It ignores SIGINT: Ctrl-C in a terminal reaches the whole
process group, and it is the parent's to handle (a parent that catches it keeps playing; one
that does not exits, and the child stops with it).

A child can also die in ways it cannot handle (SIGKILL, a crash). Its port's table of
sounding notes lives in memory shared with the parent, and a watcher thread in the parent
notices the exit at once: it opens the same port and sends a note-off for every note the
child left sounding, then the next ``wait()``, ``stop()`` or ``set_tempo()`` raises
:class:`~livectl.errors.SequencerDiedError` (also logged when it happens). A virtual port
goes away with the child: there is nothing to release it on.

Uses the ``spawn`` start method: a script that starts one needs the usual
``if __name__ == "__main__":`` guard.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
import time
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any

from livectl.checks import check_tempo
from livectl.errors import LiveCtlError, MIDIError, SequencerDiedError
from livectl.midi._backend import Backend
from livectl.midi.guard import NoteTracker, release_notes_on_signals
from livectl.midi.ports import open_output
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


_SLOTS = 16 * 128  # one sounding-note count per (channel, pitch)
_RELEASE_RETRY_S = 5.0  # how long the parent keeps trying to release a dead child's notes


class _SharedTracker(NoteTracker):
    """The child port's table of sounding notes, mirrored into memory the parent can read
    after the child is gone (a note-on is counted before it is sent, so at worst the parent
    sends one note-off too many, never one too few)."""

    def __init__(self, counts: Any) -> None:
        super().__init__()
        self._shared = counts

    def _changed(self, channel: int, pitch: int, count: int) -> None:
        self._shared[(channel - 1) * 128 + pitch] = min(count, 0xFFFF)


def _child_main(conn: Connection, spec: SequenceSpec, port: dict[str, Any],
                repeats: int | None, niceness: int = 0, counts: Any = None) -> None:
    # Ctrl-C reaches the whole process group: it is the parent's to handle (see above).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    release_notes_on_signals()  # SIGTERM (terminate()) releases the notes, then exits 143
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
    if counts is not None:
        out.tracker = _SharedTracker(counts)  # before anything is sent

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
        # out when the run begins. The main thread waits, so the SIGTERM guard still
        # interrupts it, and leaving ``with`` releases the notes.
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
    """A :class:`Sequencer` playing in a child process on its own output port.

    If the child dies unasked (SIGKILL, a crash), the parent releases the notes it left
    sounding at once and the next ``wait()``, ``stop()`` or ``set_tempo()`` raises
    :class:`~livectl.errors.SequencerDiedError`; ``died`` keeps it afterwards.
    """

    def __init__(self, spec: SequenceSpec | Sequencer, name_or_index: int | str | None = None, *,
                 api: str | None = None, virtual_name: str | None = None,
                 client_name: str = "livectl-seq", start_timeout_s: float = 20.0,
                 niceness: int = -10) -> None:
        self.spec = spec.spec() if isinstance(spec, Sequencer) else spec
        self.niceness = niceness
        self._port = {"name_or_index": name_or_index, "api": api,
                      "virtual_name": virtual_name, "client_name": client_name}
        self._api = api  # for the parent's own port, if it must release a dead child's notes
        self._client_name = client_name
        self.start_timeout_s = start_timeout_s
        self.port_name: str | None = None
        self.stats: PlayStats | None = None
        self.error: str | None = None
        self.died: SequencerDiedError | None = None
        self._death_reported = False
        self._conn: Connection | None = None
        self._proc: multiprocessing.process.BaseProcess | None = None
        self._counts: Any = None
        self._watcher: threading.Thread | None = None
        # Only the watcher thread reaps the child (two threads in waitpid() on one pid race:
        # the loser sees no exit code); everyone else waits for this event.
        self._ended = threading.Event()
        self._asked_to_end = threading.Event()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def start(self, *, repeats: int | None = None) -> None:
        """Start the child and wait until its port is open; raises its error if it fails."""
        if self._proc is not None:
            raise MIDIError("this SequencerProcess was already started; make a new one")
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        self._counts = ctx.RawArray("H", _SLOTS)
        self._proc = ctx.Process(target=_child_main, args=(child, self.spec, self._port, repeats,
                                                                 self.niceness, self._counts),
                                 name="livectl-sequencer", daemon=True)
        self._proc.start()
        child.close()
        self._conn = parent
        self._watcher = threading.Thread(target=self._watch, name="livectl-seq-watch",
                                         daemon=True)
        self._watcher.start()
        atexit.register(self._stop_at_exit)
        if not parent.poll(self.start_timeout_s):
            self.terminate()
            raise MIDIError(f"the sequencer process did not start within {self.start_timeout_s} s")
        try:
            reply = parent.recv()
        except EOFError:
            self._ended.wait(5)
            self._death_reported = True  # this error says it
            raise MIDIError(
                f"the sequencer process died while starting (exit code {self._proc.exitcode})"
            ) from None
        if reply[0] == "error":
            self._ended.wait(5)
            raise MIDIError(f"the sequencer process could not open its port: {reply[1]}")
        self.port_name = reply[1]

    # -- the child's end -------------------------------------------------------------------
    def _watch(self) -> None:
        proc = self._proc
        if proc is None:
            return
        multiprocessing.connection.wait([proc.sentinel])
        proc.join()
        deadline = time.monotonic() + 1.0
        while proc.exitcode is None and time.monotonic() < deadline:
            time.sleep(0.01)  # another thread (active_children()) reaped it: its code comes
        try:
            released, failure = self._release_leftovers()
            code = proc.exitcode
            if code != 0 and not self._asked_to_end.is_set():
                how = (f"killed by {signal.Signals(-code).name}" if code is not None and code < 0
                       else f"exit code {code}")
                what = (failure if failure
                        else f"released {released} note(s) it left sounding" if released
                        else "it left no note sounding")
                self.died = SequencerDiedError(
                    f"the sequencer process (pid {proc.pid}) died while playing ({how}); "
                    f"{what}. Start a new SequencerProcess to play on.",
                    exitcode=code, released=released)
                log.error("%s", self.died)
        finally:
            self._ended.set()

    def _await_child_port_gone(self, timeout_s: float = 3.0) -> None:
        """Wait (bounded) until no source port of the child's client name is listed.

        With JACK, a client killed mid-cycle keeps its receivers from running until the
        server removes it: what another port sends in those cycles is lost, and a port
        opened during the removal had its note-offs mixed up at the receiver (one note-off
        four times, the others missing; jackd2 1.9.21, about 1 kill in 50). Listing the
        ports is a request the server answers after it dropped the dead client. Another
        process using the same client name only makes this wait the full ``timeout_s``.
        """
        backend = Backend.choose(self._api)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not any(n.startswith(self._client_name) for n in backend.input_names()):
                return
            time.sleep(0.01)

    def _release_leftovers(self) -> tuple[int, str]:
        """Note-offs for every note the dead child's port still counted.

        Returns how many were sent, and what went wrong if they could not be ("" if
        nothing did). Right after a kill JACK can refuse a new client for a moment ("JACK
        server not running?" while it removes the dead one, seen under load), so opening
        the port is retried for ``_RELEASE_RETRY_S``; a retry after a partial send only
        repeats note-offs, which never sound.
        """
        counts = self._counts
        if counts is None:
            return 0, ""
        left = [((i >> 7) + 1, i & 0x7F, counts[i]) for i in range(_SLOTS) if counts[i]]
        if not left:
            return 0, ""
        total = int(sum(n for _, _, n in left))
        if self._port["virtual_name"] is not None:
            log.warning("the sequencer process left %d note(s) sounding on its virtual port, "
                        "which went away with it; silence the receiver (livectl midi panic)",
                        total)
            return 0, ""
        deadline = time.monotonic() + _RELEASE_RETRY_S
        while True:
            try:
                self._await_child_port_gone()
                with open_output(self._port["name_or_index"], self._api,
                                 client_name=f"{self._client_name}-release") as out:
                    for channel, pitch, n in left:
                        for _ in range(n):
                            out.note_off(pitch, 0, channel)
                break
            except LiveCtlError as exc:
                if time.monotonic() >= deadline:
                    log.error("could not release the %d note(s) the sequencer process left "
                              "sounding: %s; try livectl midi panic", total, exc)
                    return 0, (f"could not release the {total} note(s) it left sounding "
                               f"({exc}); try livectl midi panic")
                log.debug("releasing a dead sequencer's notes: %s; retrying", exc)
                time.sleep(0.1)
        for i in range(_SLOTS):
            counts[i] = 0
        return total, ""

    def _raise_death(self) -> None:
        """Raise the child's unasked death, once (after its notes went out)."""
        if self._watcher is not None and self._ended.is_set():
            self._watcher.join(5.0)
        if self.died is not None and not self._death_reported:
            self._death_reported = True
            raise self.died

    # -- commands ----------------------------------------------------------------------------
    def set_tempo(self, tempo_bpm: float) -> None:
        bpm = check_tempo(tempo_bpm)  # checked here, before it crosses the pipe
        self._command(("tempo", bpm))

    def _command(self, cmd: tuple[Any, ...]) -> None:
        self._raise_death()
        if self._conn is None or self._ended.is_set():
            raise MIDIError("the sequencer process is not running; start() a new one")
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
        """Wait until the child has played to the end. False on timeout.

        Raises SequencerDiedError if it died unasked, MIDIError if its run failed.
        """
        if not self._collect(3600.0 if timeout_s is None else timeout_s):
            return False
        if self._proc is not None:
            self._ended.wait(10)
        self._close_conn()
        self._raise_death()
        if self.error:
            raise MIDIError(f"the sequencer process failed: {self.error}")
        return True

    def stop(self, timeout_s: float = 10.0) -> None:
        """Ask the child to stop (it releases its notes), and wait for it; SIGTERM if it hangs.

        Raises SequencerDiedError if it had died unasked (and that was not reported yet).
        """
        proc = self._proc
        if proc is None:
            return
        if self._conn is not None:
            self._asked_to_end.set()
            try:
                self._conn.send(("stop",))
            except (OSError, ValueError):
                pass
            self._collect(timeout_s)
            if not self._ended.wait(timeout_s):
                self.terminate()
            self._close_conn()
        self._ended.wait(10)  # the watcher has released what a dead child left
        self._raise_death()

    def terminate(self) -> None:
        """SIGTERM the child: its signal guard releases the notes before it exits."""
        proc = self._proc
        if proc is not None and not self._ended.is_set():
            self._asked_to_end.set()
            proc.terminate()
            if not self._ended.wait(10):
                proc.kill()
                self._ended.wait(5)
        self._close_conn()

    def _close_conn(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        atexit.unregister(self._stop_at_exit)

    def _stop_at_exit(self) -> None:
        try:
            self.stop(timeout_s=5.0)
        except SequencerDiedError:
            pass  # the watcher logged it when it happened
        except Exception:
            log.exception("stopping the sequencer process at exit failed")

    @property
    def is_running(self) -> bool:
        return self._proc is not None and not self._ended.is_set()

    def __enter__(self) -> SequencerProcess:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is None:
            self.stop()
            return
        try:  # an error already on its way out wins; the child's death goes to the log
            self.stop()
        except MIDIError as death:
            log.error("%s", death)
