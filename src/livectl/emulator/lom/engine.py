"""LiveEngine: the emulated Live application: its set, its clock and its scheduler.

The engine owns one :class:`Song` (Live 12's default set when built), the
:class:`Application`, an injectable clock and an ``RLock`` that front ends hold while they
call into the LOM. ``advance()`` moves the transport to the clock's time; ``tick()`` runs
the ``schedule_message`` callbacks that are due, as Live does every ~100 ms.

A tick is one moment of Live's main thread (``moment()``): song time does not move while a
tick's work runs, so everything a script does in one tick happens at one song time (two clips
fired in one tick while stopped start together, as in Live).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from livectl.emulator.lom._snapshot import dump_song, load_song
from livectl.emulator.lom._validate import check_loaded
from livectl.emulator.lom.application import Application
from livectl.emulator.lom.device import Device
from livectl.emulator.lom.scene import Scene
from livectl.emulator.lom.song import Song
from livectl.emulator.lom.track import Track

__all__ = ["DEFAULT_VERSION", "TICK_SECONDS", "LiveEngine"]

log = logging.getLogger(__name__)

TICK_SECONDS = 0.1  # Live runs remote-script timers about every 100 ms
DEFAULT_VERSION = (12, 1, 5)

# Live 12's default set (protocol reference §5.3, §7.2): two MIDI tracks without
# instruments, two audio tracks, returns A and B, 8 scenes. Scene names: Live 12 shows
# unnamed scenes by number, but the LOM name of an unnamed scene is "" (AbletonOSC's tests
# only read names they set), so the emulator uses "". Colours are our pick: Live's default
# colours are not documented.
DEFAULT_TRACKS = (("midi", "1-MIDI", 1), ("midi", "2-MIDI", 9), ("audio", "3-Audio", 17),
                  ("audio", "4-Audio", 26))
DEFAULT_RETURNS = (("A-Reverb", 8), ("B-Delay", 3))
DEFAULT_SCENES = 8


class LiveEngine:
    """The emulated Live: ``engine.song``, ``engine.application``, ``engine.advance()``."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        *,
        version: tuple[int, int, int] = DEFAULT_VERSION,
    ) -> None:
        self.clock = clock
        self.lock = threading.RLock()
        self.version = version
        self._advancing = False
        self._held = 0  # depth of moment(): song time stands still while > 0
        self._tick_count = 0
        self._scheduled: list[tuple[int, int, Callable[..., Any], Any]] = []
        self._sequence = 0
        self._deadline_listeners: list[Callable[[], None]] = []
        self.song: Song
        self.application: Application
        self._last = float(clock())
        self._build(None)

    # -- construction -------------------------------------------------------------------------

    def _new_song(self) -> Song:
        return Song(clock=self.clock, sync=self.advance, deadline_changed=self._deadline_changed)

    def _build(self, data: dict[str, Any] | None) -> None:
        song = self._new_song()
        if data is None:
            self._fill_default(song)
        else:
            load_song(song, data)
            check_loaded(song)  # a value no setter would take is refused here, not on a tick
        self.song = song
        self.application = Application(song, self.version)
        self._last = float(self.clock())

    @staticmethod
    def _fill_default(song: Song) -> None:
        for _ in range(DEFAULT_SCENES):
            song._scenes.append(Scene(song))
        for name, color in DEFAULT_RETURNS:
            song._returns.append(Track(song, "return", name, slots=0,
                                       sends=len(DEFAULT_RETURNS), color_index=color))
        for kind, name, color in DEFAULT_TRACKS:
            song._tracks.append(Track(song, kind, name, slots=DEFAULT_SCENES,
                                      sends=len(DEFAULT_RETURNS), color_index=color))
        song._view._selected_track = song._tracks[0]
        song._view._selected_scene = song._scenes[0]

    def reset(self) -> None:
        """Back to the default set: fresh objects, so no listener survives."""
        with self.lock:
            self._build(None)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able snapshot of the whole set."""
        with self.lock:
            return dump_song(self.song)

    def load_dict(self, data: dict[str, Any]) -> None:
        """Replace the set with a snapshot from :meth:`to_dict` (fresh objects)."""
        with self.lock:
            self._build(data)

    # -- time ---------------------------------------------------------------------------------

    def advance(self, now: float | None = None) -> None:
        """Move the transport to clock time ``now`` (default: ``clock()``).

        Song time grows by elapsed * tempo / 60 while playing; launches and stops due in
        between happen at their exact beat, however late this is called.
        """
        with self.lock:
            if self._advancing or self._held:
                # A listener reacting inside an advance, or a tick's work: time stands still.
                return
            moment = float(self.clock() if now is None else now)
            elapsed = moment - self._last
            if elapsed <= 0.0:
                return
            self._last = moment
            song = self.song
            if not song._is_playing:
                return
            self._advancing = True
            try:
                song._transport.run(elapsed * song._tempo / 60.0)
            finally:
                self._advancing = False

    def retime(self, song_time: float, at: float) -> None:
        """Re-time the transport so that song time reaches ``song_time`` at clock time ``at``
        and runs on at the tempo from there: how an outside timebase (Ableton Link, in
        ``emulator/link.py``) keeps the song in its phase. Song time never runs backwards:
        when it is ahead, it holds still until the outside time catches up. Nothing fires
        now; the next ``advance()`` moves it (and applies what falls due on the way)."""
        with self.lock:
            self.advance()
            song = self.song
            ahead_beats = float(song_time) - song._current_song_time
            self._last = float(at) - ahead_beats * 60.0 / song._tempo
            self._deadline_changed()  # quantized launches now fall due at other clock times

    def next_deadline(self) -> float | None:
        """Clock time of the next quantized launch/stop/clip end, or None."""
        with self.lock:
            song = self.song
            if not song._is_playing:
                return None
            beats = song._transport.next_event_beats()
            if beats is None:
                return None
            return self._last + beats * 60.0 / song._tempo

    @contextlib.contextmanager
    def moment(self) -> Iterator[None]:
        """One moment of Live's main thread (a tick's work): hold the lock, bring song time up
        to the clock once, then keep it still until the block ends. Re-entrant."""
        with self.lock:
            if not self._held:
                self.advance()
            self._held += 1
            try:
                yield
            finally:
                self._held -= 1

    def add_deadline_listener(self, callback: Callable[[], None]) -> None:
        """``callback()`` runs when a new quantized launch is scheduled (wake a server)."""
        self._deadline_listeners.append(callback)

    def _deadline_changed(self) -> None:
        for callback in list(self._deadline_listeners):
            callback()

    # -- Live's scheduler ---------------------------------------------------------------------

    def schedule_message(
        self, delay_in_ticks: int, callback: Callable[..., Any], parameter: Any = None
    ) -> None:
        """Run ``callback`` (with ``parameter`` when given) after ``delay_in_ticks`` ticks.

        As in Live, a delay of 0 or 1 runs at the next tick.
        """
        if not callable(callback):
            raise TypeError("schedule_message needs a callable")
        with self.lock:  # the tick count moves on the emulator thread
            due = self._tick_count + max(1, int(delay_in_ticks))
            self._sequence += 1
            self._scheduled.append((due, self._sequence, callback, parameter))

    def tick(self) -> None:
        """One Live tick (~100 ms): run the scheduled callbacks that are due, in order."""
        with self.moment():
            self._tick_count += 1
            due = sorted(e for e in self._scheduled if e[0] <= self._tick_count)
            self._scheduled = [e for e in self._scheduled if e[0] > self._tick_count]
            for _, _, callback, parameter in due:
                try:
                    if parameter is None:
                        callback()
                    else:
                        callback(parameter)
                except Exception:
                    log.exception("scheduled message %r failed", callback)

    # -- set building helpers -----------------------------------------------------------------

    def add_device(
        self,
        track_index: int,
        name: str,
        class_name: str,
        type: int,
        parameters: Sequence[dict[str, Any]] = (),
    ) -> Device:
        """Put a device at the end of ``song.tracks[track_index]``'s chain.

        ``parameters``: dicts with name, value, min, max, is_quantized, value_items (optional).
        A "Device On" parameter is added in front unless the first one is already it.
        """
        with self.lock:
            track = self.song.tracks[track_index]
            device = Device(name, class_name, type, parameters, track=track)
            return track._add_device(device)

    def create_group_track(self, first: int, last: int, name: str = "Group") -> Track:
        """Group ``song.tracks[first:last + 1]`` under a new group track inserted before them."""
        with self.lock:
            song = self.song
            members = song._tracks[first : last + 1]
            if not members:
                raise IndexError("Index out of range")
            group = Track(song, "group", name, slots=len(song._scenes),
                          sends=len(song._returns), color_index=members[0]._color_index)
            group._group = members[0]._group
            for member in members:
                member._group = group
            song._tracks.insert(first, group)
            song._notify("tracks")
            song._notify("visible_tracks")
            return group
