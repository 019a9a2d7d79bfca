"""Ableton Link: follow (and lead) a Link session's tempo, phase and transport.

Link keeps programs on one or more machines in time: every peer has its own beat timeline,
and Link keeps their tempos equal and their phases (the beat within a *quantum*, e.g. a
4-beat bar) aligned. :class:`LinkSession` is one Link peer; :class:`LinkFollower` keeps a
:class:`~livectl.midi.scheduler.Sequencer` (or a :class:`~livectl.midi.clock.MIDIClock`) on
the session: it starts on the session's next bar and follows every tempo change::

    from livectl.midi import open_output, Sequencer
    from livectl.midi.link import LinkFollower, LinkSession

    with LinkSession(quantum=4) as session, open_output("IAC") as out:
        session.wait_for_peers(1, timeout_s=5)       # Live with Link switched on, say
        seq = Sequencer(loop_beats=4)
        seq.add_note(0, 36, 110, 0.25, channel=10)
        with LinkFollower(session, seq) as follower:
            follower.start(out)                      # on the session's next bar
            follower.set_tempo(128)                  # proposes a tempo to every peer

Needs the ``link`` extra (``pip install 'livectl[link]'``): the LinkPython-extern binding,
which bundles Ableton's Link library. Link is GPL-2.0-or-later: see docs/midi.md for what
that means when you distribute a program that uses this module.

Times here are ``time.perf_counter_ns()`` (the sequencer's clock); Link's own clock (on Linux
CLOCK_MONOTONIC_RAW, a different origin and rate) is mapped onto it afresh at every capture.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from livectl.checks import check_real_range, check_tempo
from livectl.errors import MIDIBackendError, MIDIError
from livectl.midi.clock import MIDIClock
from livectl.midi.scheduler import Output, Sequencer, TempoChange

__all__ = ["LinkFollower", "LinkSession", "LinkTimeline", "LinkTimeoutError"]

log = logging.getLogger(__name__)

_REASSERT_S = 0.25  # a follower re-anchors its sequencer this often even when nothing moved
# Link applies enable() on its dispatcher thread, which Link::Link starts and which is woken
# by a condition variable notified without its lock: an enable() issued before that thread
# first waits is lost until its 0.5 s fallback wake-up (Ableton Link's
# LockFreeCallbackDispatcher). Meanwhile the peer is invisible, and a session it founds
# counts as 0.5 s younger than it is, so a peer joining "later" can tie with it in Link's
# age comparison and, by random session id, impose its own tempo on it (Ableton/link#146,
# "Session tempo is being reset when a new (enabled) client connects"). Measured here: 16 of
# 20 sessions enabled at once were found after 551 ms, 20 of 20 after 23-72 ms with 20 ms
# between creating and enabling.
_DISPATCHER_SETTLE_S = 0.02

LINK_EXTRA_HINT = ("Ableton Link needs the link extra: pip install 'livectl[link]' "
                   "(LinkPython-extern, which bundles Ableton Link, GPL-2.0-or-later)")
DISCOVERY_HINT = (
    "Link finds peers by UDP multicast (224.76.78.75 port 20808) on every network interface "
    "but loopback; peers on one machine hear each other through that interface's multicast "
    "loopback. Is a Link peer running with Link switched on (Live: Preferences > Link, Tempo "
    "& MIDI), and does this machine have an up interface with MULTICAST that no firewall "
    "blocks (`ip link` on Linux)?")


class LinkTimeoutError(MIDIError, TimeoutError):
    """No Link peer joined within the time given; the message says what to check."""


def _link_module() -> Any:
    try:
        import link
    except ImportError as exc:
        raise MIDIBackendError(LINK_EXTRA_HINT) from exc
    return link


def _check_quantum(quantum: float) -> float:
    return check_real_range("quantum", quantum, 1.0, 64.0, unit="beats")


@dataclass(frozen=True)
class LinkTimeline:
    """A Link session at one moment, on our clock: where its beats fall.

    ``beat`` values are this peer's (their magnitude is its own); their phase within
    ``quantum`` is shared by every peer in the session. ``tempo_bpm`` is the session tempo as
    Link shows it; ``beats_per_ns`` is how fast this peer's beat really runs (Link corrects
    clock drift through it), so times are computed from it.
    """

    tempo_bpm: float
    ref_ns: int
    ref_beat: float
    beats_per_ns: float
    quantum: float
    is_playing: bool
    peers: int

    def beat_at(self, ns: int) -> float:
        return self.ref_beat + (ns - self.ref_ns) * self.beats_per_ns

    def phase_at(self, ns: int) -> float:
        """The beat within the quantum at ``ns``, in ``[0, quantum)``."""
        return self.beat_at(ns) % self.quantum

    def ns_at(self, beat: float) -> int:
        return self.ref_ns + round((beat - self.ref_beat) / self.beats_per_ns)

    def next_bar(self, ns: int) -> float:
        """The first beat on a quantum boundary strictly after ``ns``."""
        beat = self.beat_at(ns)
        return (math.floor(beat / self.quantum) + 1) * self.quantum

    @property
    def effective_tempo_bpm(self) -> float:
        return self.beats_per_ns * 60e9


class LinkSession:
    """One Ableton Link peer (enabled at once unless ``enabled=False``).

    ``start_stop_sync`` shares transport start and stop with peers that have it on too.
    ``close()`` (or leaving the ``with`` block) leaves the session; twice is harmless.
    """

    def __init__(
        self,
        tempo_bpm: float = 120.0,
        *,
        quantum: float = 4.0,
        start_stop_sync: bool = False,
        enabled: bool = True,
        clock_ns: Callable[[], int] = time.perf_counter_ns,
    ) -> None:
        link = _link_module()
        self.quantum = _check_quantum(quantum)
        self.clock_ns = clock_ns
        self._link = link.Link(check_tempo(tempo_bpm))
        self._created = time.monotonic()
        self._link_clock = self._link.clock()
        self._closed = False
        self._link.startStopSyncEnabled = bool(start_stop_sync)
        # No Link callbacks (setTempoCallback, ...): the binding does not release the GIL
        # while Link joins its threads, so a Python callback running on Link's thread when
        # Link is disabled or destroyed deadlocks the process (seen with LinkPython-extern
        # 1.3.0; at interpreter exit it aborts instead). Followers poll, which is cheap.
        if enabled:
            self.enable()

    def __repr__(self) -> str:
        state = "closed" if self._closed else ("enabled" if self.enabled else "disabled")
        return (f"<LinkSession {self.tempo_bpm:.2f} BPM quantum {self.quantum:g} "
                f"{self.peers} peer(s) {state}>")

    # -- lifecycle ----------------------------------------------------------------------------
    @property
    def enabled(self) -> bool:
        return bool(self._link.enabled)

    def enable(self) -> None:
        """Join the network: discover peers and form a session with them."""
        if self._closed:
            raise MIDIError("this LinkSession is closed; create a new one")
        settle = self._created + _DISPATCHER_SETTLE_S - time.monotonic()
        if settle > 0 and not self.enabled:  # see _DISPATCHER_SETTLE_S
            time.sleep(settle)
        self._link.enabled = True

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._link.enabled = False

    def __enter__(self) -> LinkSession:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- peers --------------------------------------------------------------------------------
    @property
    def peers(self) -> int:
        """Other peers in the session (0: alone)."""
        return int(self._link.numPeers())

    def wait_for_peers(self, count: int = 1, timeout_s: float = 5.0) -> float:
        """Wait until at least ``count`` other peers are in the session; returns the seconds
        it took. Raises :class:`LinkTimeoutError` after ``timeout_s`` (never waits longer)."""
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 1000:
            raise MIDIError(f"count must be an int in range 1..1000, got {count!r}")
        timeout = check_real_range("timeout_s", timeout_s, 0.0, 600.0, unit="s")
        if not self.enabled:
            raise MIDIError("this LinkSession is not enabled; call enable() first")
        started = time.monotonic()
        deadline = started + timeout
        while self.peers < count:
            left = deadline - time.monotonic()
            if left <= 0:
                raise LinkTimeoutError(
                    f"no Ableton Link peer joined within {timeout:g} s (wanted {count}, "
                    f"found {self.peers}). {DISCOVERY_HINT}")
            time.sleep(min(left, 0.01))
        return time.monotonic() - started

    # -- state --------------------------------------------------------------------------------
    def _now_link_us(self, clock_ns: Callable[[], int]) -> tuple[int, int]:
        """(our clock in ns, Link's clock in µs) at one moment: Link's read between two of
        ours, paired with their midpoint."""
        before = clock_ns()
        micros = int(self._link_clock.micros())
        after = clock_ns()
        return (before + after) // 2, micros

    def timeline(self, quantum: float | None = None, *,
                 clock_ns: Callable[[], int] | None = None) -> LinkTimeline:
        """Capture the session now (``quantum``: this peer's, by default), its times on
        ``clock_ns`` (the session's clock, ``perf_counter_ns``, by default)."""
        q = self.quantum if quantum is None else _check_quantum(quantum)
        now_ns, micros = self._now_link_us(self.clock_ns if clock_ns is None else clock_ns)
        state = self._link.captureAppSessionState()
        beat = float(state.beatAtTime(micros, q))
        # The slope over one second ahead of the same captured timeline: the exact rate of
        # this peer's beats, which can differ from the shown tempo by drift compensation.
        slope = (float(state.beatAtTime(micros + 1_000_000, q)) - beat) / 1e9
        return LinkTimeline(float(state.tempo()), now_ns, beat, slope, q,
                            bool(state.isPlaying()), self.peers)

    @property
    def tempo_bpm(self) -> float:
        return float(self._link.captureAppSessionState().tempo())

    def set_tempo(self, tempo_bpm: float) -> None:
        """Propose a tempo to the whole session (it takes effect now, the beat kept)."""
        bpm = check_tempo(tempo_bpm)
        state = self._link.captureAppSessionState()
        state.setTempo(bpm, int(self._link_clock.micros()))
        self._link.commitAppSessionState(state)

    @property
    def start_stop_sync(self) -> bool:
        return bool(self._link.startStopSyncEnabled)

    @property
    def is_playing(self) -> bool:
        """The session's transport (shared with peers only under ``start_stop_sync``)."""
        return bool(self._link.captureAppSessionState().isPlaying())

    def set_playing(self, playing: bool) -> None:
        """Start or stop the session's transport now. A start maps beat 0 to the next moment
        in phase with the session (at once when alone), as Link's quantized launch does."""
        state = self._link.captureAppSessionState()
        now = int(self._link_clock.micros())
        if playing:
            state.setIsPlayingAndRequestBeatAtTime(True, now, 0.0, self.quantum)
        else:
            state.setIsPlaying(False, now)
        self._link.commitAppSessionState(state)


class LinkFollower:
    """Keeps a Sequencer (or a MIDIClock's) on a Link session's tempo and phase.

    ``start()`` starts it on the session's next bar (``quantum`` beats); a thread then
    looks at the session every ``poll_s`` and re-anchors the sequencer
    (``Sequencer.align``) whenever the session's tempo or phase has moved by more than
    ``tolerance_s``.
    Sequence beat *b* plays at session bar start + *b*: the sequence's beat phase is the
    session's. Tempo changes written into the sequence (``add_tempo``) are refused: the
    session owns the tempo; :meth:`set_tempo` proposes one to every peer.
    """

    def __init__(
        self,
        session: LinkSession,
        target: Sequencer | MIDIClock,
        *,
        poll_s: float = 0.005,
        tolerance_s: float = 50e-6,
    ) -> None:
        self.session = session
        if isinstance(target, MIDIClock):
            self.sequencer = target.sequencer
            self._output: Output | None = target.output
        else:
            self.sequencer = target
            self._output = None
        self.poll_s = check_real_range("poll_s", poll_s, 0.001, 1.0, unit="s")
        self.tolerance_s = check_real_range("tolerance_s", tolerance_s, 0.0, 0.1, unit="s")
        self.origin_beat = 0.0  # the session beat where the sequence's beat 0 fell
        self.start_ns: int | None = None
        self.alignments = 0
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._anchor: tuple[float, int, float] | None = None  # beat, ns, tempo sent last

    def __enter__(self) -> LinkFollower:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def start(self, output: Output | None = None, *, repeats: int | None = None,
              lead_s: float = 0.01) -> int:
        """Start the sequencer on the session's first bar at least ``lead_s`` from now;
        returns that bar's time (``perf_counter_ns``). A MIDIClock target sends Start at
        once and its first pulse on the bar (a receiver counts from the first pulse)."""
        out = output if output is not None else self._output
        if out is None:
            raise MIDIError("LinkFollower.start needs an output (or a MIDIClock target)")
        if self._thread is not None and self._thread.is_alive():
            raise MIDIError("this LinkFollower is already running; stop() it first")
        lead = check_real_range("lead_s", lead_s, 0.0, 10.0, unit="s")
        if any(isinstance(e.item, TempoChange) for e in self.sequencer.events):
            raise MIDIError("a sequence that follows Ableton Link takes its tempo from the "
                            "session: remove its add_tempo() events and call "
                            "LinkFollower.set_tempo() (or LinkSession.set_tempo) instead")
        timeline = self.session.timeline()
        bar = timeline.next_bar(timeline.ref_ns + int(lead * 1e9))
        at_ns = timeline.ns_at(bar)
        tempo = timeline.effective_tempo_bpm
        self.origin_beat = bar
        self.start_ns = at_ns
        self.sequencer.set_tempo(tempo)
        self._anchor = (0.0, at_ns, tempo)
        self._stopping.clear()
        self.sequencer.start(out, repeats=repeats, at_ns=at_ns)
        self._thread = threading.Thread(target=self._follow, name="livectl-link-follower",
                                        daemon=True)
        self._thread.start()
        return at_ns

    def set_tempo(self, tempo_bpm: float) -> None:
        """Propose a tempo to the session; the sequencer follows it like any other change."""
        self.session.set_tempo(tempo_bpm)
        self._wake.set()

    def position_beats(self) -> float:
        """The sequence's beat now by the session (negative before the first bar)."""
        timeline = self.session.timeline()
        return timeline.beat_at(timeline.ref_ns) - self.origin_beat

    def _follow(self) -> None:
        seq = self.sequencer
        next_assert = time.monotonic() + _REASSERT_S
        while not self._stopping.is_set():
            self._wake.wait(self.poll_s)
            self._wake.clear()
            if self._stopping.is_set() or not seq.is_running:
                break
            force = time.monotonic() >= next_assert
            try:
                self._align(force=force)
            except Exception:  # keep following; a bad capture is logged, not fatal
                log.exception("Link follower could not align the sequencer")
            if force:
                next_assert = time.monotonic() + _REASSERT_S

    def _align(self, *, force: bool = False) -> None:
        timeline = self.session.timeline()
        beat = timeline.beat_at(timeline.ref_ns) - self.origin_beat
        tempo = timeline.effective_tempo_bpm
        anchor = self._anchor
        if anchor is not None and not force:
            last_beat, last_ns, last_tempo = anchor
            predicted = last_beat + (timeline.ref_ns - last_ns) * last_tempo / 60e9
            off_s = abs(predicted - beat) * 60.0 / tempo
            if abs(tempo - last_tempo) < 1e-9 and off_s <= self.tolerance_s:
                return
        # Re-asserted now and then even when nothing moved: the sequencer's own start
        # anchors it once more, and this makes sure the session has the last word.
        self.sequencer.align(beat, timeline.ref_ns, tempo)
        self._anchor = (beat, timeline.ref_ns, tempo)
        self.alignments += 1

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop following and stop the sequencer (its notes released); twice is harmless."""
        self._stopping.set()
        self._wake.set()
        if self.sequencer.is_running:
            self.sequencer.stop(timeout_s)
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout_s)
