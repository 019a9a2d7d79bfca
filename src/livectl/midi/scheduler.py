"""A sequencer that keeps time: events in beats, sent on absolute deadlines.

Positions are integer ticks at :data:`PPQN` per quarter note, so beat arithmetic is exact.
The time of tick *t* is ``anchor_ns + (t - anchor_tick) * ns_per_tick``, always computed
from the anchor, never by adding up waits: an event that is late does not make the next one
late (the naive ``sleep(step)`` loop drifts by the sum of every overshoot). A tempo change
moves the anchor to the moment of the change.

The stream of what to send (:func:`timeline`) is pure; the runner waits on an injected
:class:`~livectl.midi.timing.Clock`, so tests drive a virtual clock and check exact times.

    seq = Sequencer(tempo_bpm=120, loop_beats=4)
    seq.add_note(0, 36, 110, 0.25, channel=10)
    with open_output("IAC") as out:
        seq.start(out)         # background thread; seq.play(out) blocks instead
        ...
        seq.set_tempo(96)      # takes effect at once
        seq.stop()             # every note it started gets its note-off
"""

from __future__ import annotations

import heapq
import itertools
import logging
import math
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from livectl.checks import check_beats, check_duration, check_int_range, check_tempo
from livectl.errors import MIDIError, ValidationError
from livectl.midi.guard import NoteTracker
from livectl.midi.messages import (
    CLOCK,
    CONTINUE,
    START,
    STOP,
    Message,
    NoteOff,
    NoteOn,
    SongPosition,
    chord,
)
from livectl.midi.timing import Clock, RealClock

__all__ = [
    "PPQN",
    "TICKS_PER_CLOCK",
    "Event",
    "Output",
    "PlayStats",
    "SequenceSpec",
    "Sequencer",
    "TempoChange",
    "timeline",
]

log = logging.getLogger(__name__)

PPQN = 960  # ticks per quarter note: divisible by 24 (MIDI clock), 3 (triplets) and 16 (64ths)
TICKS_PER_CLOCK = PPQN // 24  # MIDI clock runs at 24 per quarter note

# Order of things due on the same tick: tempo first (it sets the deadline), then the clock
# pulse, then note-offs before note-ons (so a repeated pitch is not cut by its own release).
_PRIO_TEMPO, _PRIO_CLOCK, _PRIO_OFF, _PRIO_OTHER, _PRIO_ON = range(5)


class Output(Protocol):
    def send(self, msg: Message) -> None: ...


@dataclass(frozen=True)
class TempoChange:
    """A scheduled tempo change (not a MIDI message: it moves the sequencer's own clock)."""

    tempo_bpm: float

    def __post_init__(self) -> None:
        check_tempo(self.tempo_bpm)


@dataclass(frozen=True)
class Event:
    tick: int
    item: Message | TempoChange

    @property
    def beat(self) -> float:
        return self.tick / PPQN

    @property
    def priority(self) -> int:
        item = self.item
        if isinstance(item, TempoChange):
            return _PRIO_TEMPO
        if isinstance(item, NoteOff) or (isinstance(item, NoteOn) and item.velocity == 0):
            return _PRIO_OFF
        if isinstance(item, NoteOn):
            return _PRIO_ON
        return _PRIO_OTHER


@dataclass(frozen=True)
class SequenceSpec:
    """Everything a sequencer plays, as a picklable value (for a separate process)."""

    events: tuple[Event, ...]
    tempo_bpm: float
    loop_beats: float | None = None
    send_clock: bool = False
    length_beats: float | None = None


def beat_to_tick(beat: float, field_name: str = "beat") -> int:
    value = check_beats(beat, field_name)
    if value < 0:
        raise ValidationError(f"{field_name} must be >= 0 beats, got {beat!r}",
                              field=field_name, value=beat)
    return round(value * PPQN)


def timeline(
    spec: SequenceSpec, *, repeats: int | None = None, start_tick: int = 0
) -> Iterator[tuple[int, Message | TempoChange]]:
    """Everything to send, in order, as ``(tick, item)``; pure and lazy (loops are endless
    when ``repeats`` is None). Clock pulses are included when ``spec.send_clock``."""
    base = sorted(spec.events, key=lambda e: (e.tick, e.priority))
    loop = beat_to_tick(spec.loop_beats) if spec.loop_beats is not None else None
    last_event = max((e.tick for e in base), default=0)
    length = beat_to_tick(spec.length_beats) if spec.length_beats is not None else None
    if loop is not None:
        end_tick = math.inf if repeats is None else float(loop * repeats)
        cycles: Iterator[int] = itertools.count() if repeats is None else iter(range(repeats))
    else:
        end_tick = float(max(last_event, length or 0))
        cycles = iter(range(1))
    if spec.send_clock and loop is None and not base and length is None:
        end_tick = math.inf  # a clock with nothing to play runs until stopped

    seq = itertools.count()
    heap: list[tuple[int, int, int, Message | TempoChange]] = []
    next_cycle_tick = 0

    def push_cycle() -> bool:
        nonlocal next_cycle_tick
        k = next(cycles, None)
        if k is None:
            return False
        offset = k * loop if loop is not None else 0
        for e in base:
            heapq.heappush(heap, (e.tick + offset, e.priority, next(seq), e.item))
        next_cycle_tick = offset + loop if loop is not None else math.inf  # type: ignore[assignment]
        return True

    more = push_cycle()
    if loop is not None and not base and not spec.send_clock:
        return
    next_clock = -(-start_tick // TICKS_PER_CLOCK) * TICKS_PER_CLOCK if spec.send_clock else None
    while True:
        # All of the next cycle must be queued before anything at or after its start is sent.
        while more and (not heap or heap[0][0] >= next_cycle_tick):
            more = push_cycle()
            if loop is not None and not base:
                break
        event_tick = heap[0][0] if heap else math.inf
        if next_clock is not None and next_clock <= event_tick and next_clock < end_tick:
            if next_clock >= start_tick:
                yield next_clock, CLOCK
            next_clock += TICKS_PER_CLOCK
            continue
        if not heap:
            return
        tick, _, _, item = heapq.heappop(heap)
        if tick >= start_tick:
            yield tick, item


@dataclass
class PlayStats:
    """What one run did: deadlines and actual send times (ns), for lateness and drift.

    A send time is the port's own stamp when it has one (``MIDIOutput.last_send_ns``: taken
    inside ``send``), else the clock's time right after ``send()`` returned."""

    deadlines_ns: list[int] = field(default_factory=list)
    sent_ns: list[int] = field(default_factory=list)
    messages: int = 0

    def lateness_ns(self) -> list[int]:
        return [s - d for d, s in zip(self.deadlines_ns, self.sent_ns, strict=True)]


class Sequencer:
    """Events in beats at a tempo, played on absolute deadlines.

    Not thread-safe to edit while running (add events before ``start``); ``set_tempo`` and
    ``stop`` are safe from any thread.
    """

    def __init__(
        self,
        tempo_bpm: float = 120.0,
        *,
        loop_beats: float | None = None,
        send_clock: bool = False,
        length_beats: float | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._tempo = check_tempo(tempo_bpm)
        self.loop_beats = None if loop_beats is None else check_duration(loop_beats, "loop_beats")
        self.length_beats = (None if length_beats is None
                             else check_duration(length_beats, "length_beats"))
        self.send_clock = bool(send_clock)
        self.clock: Clock = clock if clock is not None else RealClock()
        self.events: list[Event] = []
        self.stats = PlayStats()
        self.error: BaseException | None = None
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._anchor_ns = 0
        self._anchor_tick = 0.0
        self._ns_per_tick = self._tick_ns(self._tempo)
        self._running = False

    @staticmethod
    def _tick_ns(tempo_bpm: float) -> float:
        return 60e9 / (tempo_bpm * PPQN)

    @classmethod
    def from_spec(cls, spec: SequenceSpec, clock: Clock | None = None) -> Sequencer:
        seq = cls(spec.tempo_bpm, loop_beats=spec.loop_beats, send_clock=spec.send_clock,
                  length_beats=spec.length_beats, clock=clock)
        seq.events = list(spec.events)
        return seq

    def spec(self) -> SequenceSpec:
        return SequenceSpec(tuple(self.events), self._tempo, self.loop_beats, self.send_clock,
                            self.length_beats)

    # -- building --------------------------------------------------------------------------
    def add(self, beat: float, message: Message) -> None:
        """Send ``message`` at ``beat`` (0 = start)."""
        if not hasattr(message, "bytes"):
            raise ValidationError(
                f"message must be a livectl.midi message, got {type(message).__name__} "
                f"{message!r}", field="message", value=message)
        self.events.append(Event(beat_to_tick(beat), message))

    def add_note(self, beat: float, pitch: int, velocity: int = 100,
                 duration_beats: float = 1.0, channel: int = 1) -> None:
        """A note-on at ``beat`` and its note-off ``duration_beats`` later (checked first)."""
        on = NoteOn(pitch, velocity, channel)
        off = NoteOff(pitch, 0, channel)
        start = beat_to_tick(beat)
        length = round(check_duration(duration_beats, "duration_beats") * PPQN)
        self.events.append(Event(start, on))
        self.events.append(Event(start + max(1, length), off))

    def add_chord(self, beat: float, pitches: Sequence[int], velocity: int = 100,
                  duration_beats: float = 1.0, channel: int = 1) -> None:
        # chord() checks every pitch before anything is added; add_note checks the rest
        # before it appends, so a bad chord adds nothing.
        for on in chord(pitches, velocity, channel):
            self.add_note(beat, on.pitch, velocity, duration_beats, channel)

    def add_tempo(self, beat: float, tempo_bpm: float) -> None:
        """Change tempo at ``beat`` (repeats every loop when looping)."""
        self.events.append(Event(beat_to_tick(beat), TempoChange(tempo_bpm)))

    def clear(self) -> None:
        self.events.clear()

    # -- tempo ------------------------------------------------------------------------------
    @property
    def tempo_bpm(self) -> float:
        return self._tempo

    def set_tempo(self, tempo_bpm: float) -> None:
        """Change tempo now; while running, the beat position at this moment is kept."""
        bpm = check_tempo(tempo_bpm)
        with self._lock:
            if self._running:
                now = self.clock.now_ns()
                self._anchor_tick = self._position_at(now)
                self._anchor_ns = now
            self._tempo = bpm
            self._ns_per_tick = self._tick_ns(bpm)
        self._wake.set()

    def _position_at(self, now_ns: int) -> float:
        return self._anchor_tick + (now_ns - self._anchor_ns) / self._ns_per_tick

    def position_beats(self) -> float:
        """Where the sequencer is now, in beats from the start (not wrapped by the loop);
        0 before the first run, and where the last run ended after it."""
        with self._lock:
            if not self._running:
                return self._anchor_tick / PPQN
            return self._position_at(self.clock.now_ns()) / PPQN

    def _deadline(self, tick: int) -> int:
        return self._anchor_ns + round((tick - self._anchor_tick) * self._ns_per_tick)

    def align(self, beat: float, at_ns: int, tempo_bpm: float) -> None:
        """Re-anchor a running sequencer to an outside timeline: ``beat`` (from the start, not
        wrapped by the loop) falls at clock time ``at_ns``, at ``tempo_bpm`` from there on.
        How a follower of Ableton Link (:mod:`livectl.midi.link`) keeps it on the session's
        tempo and phase; events already due are sent at once, none is skipped."""
        bpm = check_tempo(tempo_bpm)
        with self._lock:
            self._anchor_tick = check_beats(beat, "beat") * PPQN
            self._anchor_ns = int(at_ns)
            self._tempo = bpm
            self._ns_per_tick = self._tick_ns(bpm)
        self._wake.set()

    # -- running ----------------------------------------------------------------------------
    def _validate(self) -> None:
        if self.loop_beats is None:
            return
        loop = beat_to_tick(self.loop_beats)
        for e in self.events:
            is_off = e.priority == _PRIO_OFF
            if e.tick > loop or (e.tick == loop and not is_off):
                raise ValidationError(
                    f"event at beat {e.beat:g} lies outside loop_beats={self.loop_beats:g} "
                    "(only note-offs may end at or after the loop end); lengthen the loop or "
                    "move the event", field="beat", value=e.beat)

    def play(self, output: Output, *, repeats: int | None = None, from_beat: float = 0.0,
             resume: bool = False, lead_s: float = 0.002,
             at_ns: int | None = None) -> PlayStats:
        """Play in this thread until the end, ``stop()``, or an exception (notes released).

        With ``send_clock``, a run from beat 0 begins with Start; ``resume=True`` or a later
        ``from_beat`` sends the song position and Continue instead. ``lead_s`` puts the first
        deadline a little ahead, so the first event is not late by the setup time; ``at_ns``
        puts it at that clock time instead (a Link follower starts on the session's next bar).
        """
        self._refuse_if_running()
        self._stopping.clear()
        return self._run(output, repeats=repeats, from_beat=from_beat, resume=resume,
                         lead_s=lead_s, at_ns=at_ns)

    def _refuse_if_running(self) -> None:
        # Two runs would share one anchor and one stop flag (each re-anchoring the other's
        # deadlines): one at a time per Sequencer.
        with self._lock:
            busy = self._running or self.is_running
        if busy:
            raise MIDIError("the sequencer is already playing; stop() it first, or use "
                            "another Sequencer")

    def _run(self, output: Output, *, repeats: int | None, from_beat: float, resume: bool,
             lead_s: float = 0.002, at_ns: int | None = None) -> PlayStats:
        """play() without clearing the stop flag: start() clears it in the caller's thread,
        so a stop() that comes before the background thread gets here still counts."""
        self._validate()
        if repeats is not None:
            check_int_range("repeats", repeats, 1, 1 << 30)
        start_tick = beat_to_tick(from_beat, "from_beat")
        self._wake.clear()
        self.stats = PlayStats()
        self.error = None
        tracker = NoteTracker()
        with self._lock:
            self._anchor_tick = float(start_tick)
            self._anchor_ns = (self.clock.now_ns() + int(lead_s * 1e9) if at_ns is None
                               else int(at_ns))
            self._running = True
        try:
            if self.send_clock:
                if start_tick == 0 and not resume:
                    self._emit(output, START, tracker)
                else:
                    self._emit(output, SongPosition(min(start_tick // (PPQN // 4), 16383)),
                               tracker)
                    self._emit(output, CONTINUE, tracker)
            self._loop(output, tracker, timeline(self.spec(), repeats=repeats,
                                                 start_tick=start_tick))
        except BaseException as exc:
            self.error = exc
            raise
        finally:
            with self._lock:
                self._running = False
                # Freeze the position where the run ended (not before its start: a stop in
                # the lead-in would otherwise read as a little before it).
                self._anchor_tick = max(float(start_tick),
                                        self._position_at(self.clock.now_ns()))
            self._finish(output, tracker)
        return self.stats

    def _loop(self, output: Output, tracker: NoteTracker,
              items: Iterator[tuple[int, Message | TempoChange]]) -> None:
        clock, stats = self.clock, self.stats
        # A port that stamps its sends (MIDIOutput.last_send_ns, on perf_counter_ns like the
        # real clock) says when the message went out; otherwise the time after send() returns.
        stamped = isinstance(clock, RealClock) and hasattr(output, "last_send_ns")
        for tick, item in items:
            while True:
                if self._stopping.is_set():
                    return
                self._wake.clear()  # before reading the anchor, so no tempo change is missed
                with self._lock:
                    deadline = self._deadline(tick)
                if clock.sleep_until(deadline, self._wake):
                    break  # deadline reached; otherwise tempo changed or stop: plan again
                if self._stopping.is_set():
                    return
            if isinstance(item, TempoChange):
                with self._lock:  # re-anchor on the nominal deadline, so no drift creeps in
                    self._anchor_tick = float(tick)
                    self._anchor_ns = deadline
                    self._tempo = item.tempo_bpm
                    self._ns_per_tick = self._tick_ns(item.tempo_bpm)
                continue
            self._emit(output, item, tracker)
            stats.deadlines_ns.append(deadline)
            stats.sent_ns.append(output.last_send_ns if stamped  # type: ignore[attr-defined]
                                 else clock.now_ns())

    def _emit(self, output: Output, msg: Message, tracker: NoteTracker) -> None:
        output.send(msg)
        self.stats.messages += 1
        tracker.observe(msg.bytes())

    def _finish(self, output: Output, tracker: NoteTracker) -> None:
        """Release what this run started, then stop the clock; never hides the first error."""
        try:
            for channel, pitch, count in tracker.take_release():
                for _ in range(count):
                    output.send(NoteOff(pitch, 0, channel))
            if self.send_clock:
                output.send(STOP)
        except MIDIError as exc:  # the port was closed under us (e.g. the exit guard did it)
            log.debug("could not release notes on stop: %s", exc)

    def start(self, output: Output, *, repeats: int | None = None,
              from_beat: float = 0.0, resume: bool = False, at_ns: int | None = None) -> None:
        """Play in a background thread. ``stop()`` ends it; ``wait()`` joins it."""
        self._refuse_if_running()
        self._validate()

        def run() -> None:
            try:
                self._run(output, repeats=repeats, from_beat=from_beat, resume=resume,
                          at_ns=at_ns)
            except BaseException as exc:  # kept for wait(); play() already released notes
                log.debug("sequencer stopped by %r", exc)

        self._stopping.clear()
        self._thread = threading.Thread(target=run, name="livectl-sequencer", daemon=True)
        self._thread.start()

    @property
    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Wait for the background run to end; re-raises its error. False on timeout."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout_s)
            if thread.is_alive():
                return False
        if self.error is not None:
            raise MIDIError(f"the sequencer stopped with an error: {self.error!r}") from self.error
        return True

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop now; notes the run started are released before this returns."""
        self._stopping.set()
        self._wake.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout_s)
            if thread.is_alive():
                raise MIDIError(f"the sequencer did not stop within {timeout_s} s")
