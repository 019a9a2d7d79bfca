"""No stuck notes: a table of sounding notes, and the exits that flush it.

:class:`NoteTracker` counts note-ons per (channel, pitch); every output port owns one and
sends the matching note-offs when it closes. Closing happens on ``with`` exit, on an
exception that unwinds it, and, for ports left open, through the exits here:

* ``atexit`` closes every port still open (this covers an uncaught exception and an uncaught
  Ctrl-C, which Python turns into KeyboardInterrupt and then runs atexit). Always on: it
  changes nothing for a program that goes on running.
* :func:`release_notes_on_signals` (opt-in: it changes process-wide behaviour, so a library
  does not do it behind the program's back; the ``livectl`` command turns it on):
  a SIGTERM handler closes every port and raises ``SystemExit(143)`` so ``finally`` blocks
  run (Python's default SIGTERM action kills the process without running anything), and a
  SIGINT handler closes them first and then raises KeyboardInterrupt as usual, so a sequencer
  thread cannot play on while the main thread unwinds. Without it, a Ctrl-C the program
  catches leaves its ports open and playing, as the program asked.

Handlers are installed only over the default ones: a program that set its own keeps it.
Closing is thread-safe, and a closed port refuses further note-ons, so a background
sequencer cannot start a note after the flush.
"""

from __future__ import annotations

import atexit
import logging
import signal
import threading
from collections import Counter
from types import FrameType
from typing import Protocol

from livectl.errors import MIDIError

__all__ = [
    "NoteTracker",
    "close_all_outputs",
    "register_output",
    "release_notes_on_signals",
    "unregister_output",
]

log = logging.getLogger(__name__)


class NoteTracker:
    """Sounding notes as a count per (channel 1..16, pitch).

    A pitch struck twice before release counts 2 (a second note-on over a sounding one is
    legal MIDI); ``note_off`` lowers the count and never below zero.
    """

    def __init__(self) -> None:
        self._counts: Counter[tuple[int, int]] = Counter()
        # Reentrant on purpose: the exit guards run as signal handlers, which Python runs in
        # the main thread between two bytecodes, possibly while that thread holds this lock
        # (a plain Lock hung the process there).
        self._lock = threading.RLock()

    def _changed(self, channel: int, pitch: int, count: int) -> None:
        """Called under the lock with a pitch's new count; a subclass may mirror the table
        (``SequencerProcess`` shares its child's with the parent)."""

    def note_on(self, channel: int, pitch: int) -> None:
        with self._lock:
            self._counts[(channel, pitch)] += 1
            self._changed(channel, pitch, self._counts[(channel, pitch)])

    def note_off(self, channel: int, pitch: int) -> None:
        with self._lock:
            key = (channel, pitch)
            if self._counts[key] > 1:
                self._counts[key] -= 1
                self._changed(channel, pitch, self._counts[key])
            elif self._counts.pop(key, None) is not None:
                self._changed(channel, pitch, 0)

    def observe(self, data: tuple[int, ...] | list[int]) -> None:
        """Update from raw bytes (note-on with velocity 0 is a note-off, as MIDI says)."""
        if len(data) != 3:
            return
        kind, channel = data[0] & 0xF0, (data[0] & 0x0F) + 1
        if kind == 0x90 and data[2] > 0:
            self.note_on(channel, data[1])
        elif kind == 0x80 or kind == 0x90:
            self.note_off(channel, data[1])
        elif kind == 0xB0 and data[1] in (120, 123):  # all sound off / all notes off
            self.clear(channel)

    def clear(self, channel: int | None = None) -> None:
        with self._lock:
            for key in [k for k in self._counts if channel is None or k[0] == channel]:
                del self._counts[key]
                self._changed(key[0], key[1], 0)

    def first(self) -> tuple[int, int] | None:
        """One sounding (channel, pitch), the lowest, or None; releasing notes one by one
        (see ``MIDIOutput.release``) lets a release interrupted by a signal be finished."""
        with self._lock:
            return min(self._counts) if self._counts else None

    def sounding(self) -> list[tuple[int, int]]:
        """(channel, pitch) pairs still sounding, each once, sorted."""
        with self._lock:
            return sorted(self._counts)

    def take_release(self) -> list[tuple[int, int, int]]:
        """Empty the table; return (channel, pitch, count) for every note that needs a note-off."""
        with self._lock:
            items = sorted((ch, p, n) for (ch, p), n in self._counts.items())
            self.clear()
        return items

    def __len__(self) -> int:
        with self._lock:
            return sum(self._counts.values())


class _Closable(Protocol):
    def close(self) -> None: ...


# Strong references on purpose: a port dropped without close() must not be garbage
# collected, because rtmidi's destructor would close it without sending the note-offs. It
# stays open (and its notes tracked) until close() or interpreter exit.
_open_outputs: set[_Closable] = set()
_registry_lock = threading.RLock()  # reentrant: a signal handler may take it (see NoteTracker)
_atexit_done = False


def register_output(port: _Closable) -> None:
    """Hold ``port`` until it closes, and close it at interpreter exit if it is still open."""
    global _atexit_done
    with _registry_lock:
        _open_outputs.add(port)
        if not _atexit_done:
            atexit.register(close_all_outputs)
            _atexit_done = True


def unregister_output(port: _Closable) -> None:
    with _registry_lock:
        _open_outputs.discard(port)


def close_all_outputs() -> int:
    """Close every open output port (each sends its note-offs). Returns how many were open."""
    with _registry_lock:
        ports = list(_open_outputs)
    for port in ports:
        try:
            port.close()
        except Exception:  # one broken port must not keep the others' notes hanging
            log.exception("closing %r at exit failed", port)
    return len(ports)


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    close_all_outputs()
    raise SystemExit(128 + signum)


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    close_all_outputs()
    raise KeyboardInterrupt


def release_notes_on_signals() -> list[signal.Signals]:
    """Release every open output's notes on SIGINT (Ctrl-C) and SIGTERM. Opt-in, idempotent.

    SIGINT: every open output is closed (its notes released), then KeyboardInterrupt is raised
    as usual. SIGTERM: the same, then ``SystemExit(143)``, so ``finally`` blocks and ``with``
    exits run (Python's default SIGTERM kills the process without them, leaving notes
    sounding). Call it once, from the main thread, near the start of a program that plays
    MIDI and is not itself interested in these signals; a handler the program set already is
    kept. Returns the signals whose handler it installed (now or in an earlier call).

    Raises MIDIError from a thread other than the main thread (Python only lets the main
    thread set signal handlers).
    """
    if threading.current_thread() is not threading.main_thread():
        raise MIDIError("release_notes_on_signals() must be called from the main thread "
                        "(only it may set signal handlers)")
    installed = []
    with _registry_lock:
        for signum, handler, default in ((signal.SIGINT, _on_sigint, signal.default_int_handler),
                                         (signal.SIGTERM, _on_sigterm, signal.SIG_DFL)):
            current = signal.getsignal(signum)
            if current is default:
                signal.signal(signum, handler)
                current = handler
            if current is handler:
                installed.append(signum)
    return installed
