"""Hear the emulated set: the notes its session clips play, recorded on the song's clock.

:class:`AudioCapture` listens to the LOM as a remote script would (song time, tempo,
transport, each track's playing slot, mute and solo) and writes down every note a playing
MIDI clip sounds, at the beat it sounds: launches and stops at their quantized beat, looping
clips wrapping at their loop end (a note is cut there, as in Live), notes cut when their clip
stops or their track is muted (or silenced by another track's solo), muted notes and
deactivated clips left out. Beats become seconds through the tempo as it was at each moment;
time with the transport stopped passes on the engine's clock, so a render sounds as the set
was played. :meth:`AudioCapture.render` then plays the notes with the GM SoundFont
synthesizer of ``livectl.output.audio`` (drum tracks on channel 10).

Not captured: audio clips, arrangement clips, automation, velocity deviation, MIDI effects.
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from livectl.output.audio import DRUM_CHANNEL, Audio, SoundEvent, gm_program_for, render_events

__all__ = ["AudioCapture", "CapturedNote", "is_drum_track"]

EPSILON = 1e-9
_DRUM_WORDS = ("drum", "beat", "perc", "kit", "808", "909")


@dataclass(slots=True)
class CapturedNote:
    """A note the set played: on ``track`` (its name when captured), in transport beats (beats
    the transport has played since the capture began, which never run backwards)."""

    track: str
    drums: bool
    pitch: int
    velocity: int
    start_beats: float
    end_beats: float


@dataclass(slots=True)
class _Voice:
    clip: Any
    start_time: float  # the clip's start_time (song beats) when its launch was seen
    elapsed: float  # clip beats played since the launch


def is_drum_track(track: Any) -> bool:
    """A Drum Rack on the track, or a name that says drums: its notes go to channel 10."""
    for device in track.devices:
        if getattr(device, "can_have_drum_pads", False) or device.class_name == "DrumGroupDevice":
            return True
    name = str(track.name).lower()
    return any(word in name for word in _DRUM_WORDS)


def _onsets(clip: Any, start: float, span: float) -> list[tuple[float, Any, float]]:
    """(elapsed at the onset, note, longest it may sound) for the notes a clip sounds while
    its elapsed beats go from ``start`` to ``start + span`` (start included)."""
    marker, loop_start, loop_end = clip.start_marker, clip.loop_start, clip.loop_end
    looping = bool(clip.looping)
    notes = [n for n in clip.get_all_notes_extended() if not n.mute]
    found: list[tuple[float, Any, float]] = []
    stop = start + span
    # Pass 0 runs from the start marker; each later pass (looping) from the loop start.
    first_end = loop_end if looping else clip.end_marker
    passes: list[tuple[float, float, float]] = [(0.0, marker, first_end)]  # elapsed at pass start
    if looping and loop_end - loop_start > EPSILON:
        length = loop_end - loop_start
        base = max(0.0, first_end - marker)
        k0 = max(0, math.floor((start - base) / length))
        k1 = math.floor((stop - base) / length)
        passes += [(base + k * length, loop_start, loop_end) for k in range(k0, k1 + 1)]
    for pass_elapsed, clip_from, clip_to in passes:
        for n in notes:
            t = n.start_time
            if not clip_from - EPSILON <= t < clip_to - EPSILON:
                continue
            at = pass_elapsed + (t - clip_from)
            if start - EPSILON <= at < stop - EPSILON:
                cut = clip_to - t if looping else math.inf
                found.append((at, n, cut))
    found.sort(key=lambda f: (f[0], f[1].pitch))
    return found


class AudioCapture:
    """Records the notes an emulated Live set plays; ``render()`` / ``save()`` make sound.

    Attach it to a :class:`~livectl.emulator.lom.engine.LiveEngine` (``capture =
    AudioCapture(engine.song, clock=engine.clock)``, or ``Emulator(audio_capture=True)``);
    it follows the set until :meth:`close`. ``seed`` decides notes with probability < 1.
    """

    def __init__(self, song: Any, *, clock: Callable[[], float], seed: int = 0) -> None:
        self._song = song
        self._clock = clock
        self._random = random.Random(seed)
        self._lock = threading.RLock()
        self.notes: list[CapturedNote] = []
        self._voices: dict[Any, _Voice] = {}
        self._sounding: dict[Any, list[CapturedNote]] = {}
        self._beats = 0.0
        self._tempo_map: list[tuple[float, float, float]] = [(0.0, 0.0, float(song.tempo))]
        self._playing = bool(song.is_playing)
        self._last_time = float(song.current_song_time)
        self._stopped_at: float | None = None
        self._started = self._playing  # the sound begins at the first start
        self._closed = False
        self._tracks: list[Any] = []
        self._track_callbacks: dict[Any, list[tuple[str, Callable[[], None]]]] = {}
        self._song_callbacks = [("current_song_time", self._sync), ("tempo", self._on_tempo),
                                ("is_playing", self._on_playing), ("tracks", self._on_tracks)]
        for prop, callback in self._song_callbacks:
            getattr(song, f"add_{prop}_listener")(callback)
        self._on_tracks()
        if self._playing:
            for track in self._tracks:
                self._voice_from_track(track, elapsed_now=True)

    # -- listening -----------------------------------------------------------------------------

    def close(self) -> None:
        """Stop listening (the notes stay). Harmless twice."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._sync()
            self._cut_all(self._beats)
            for prop, callback in self._song_callbacks:
                getattr(self._song, f"remove_{prop}_listener")(callback)
            for track in list(self._track_callbacks):
                self._detach(track)

    def __enter__(self) -> AudioCapture:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _attach(self, track: Any) -> None:
        def on_slot() -> None:
            self._on_slot(track)

        callbacks: list[tuple[str, Callable[[], None]]] = [
            ("playing_slot_index", on_slot), ("mute", self._on_audibility),
            ("solo", self._on_audibility)]
        for prop, callback in callbacks:
            getattr(track, f"add_{prop}_listener")(callback)
        self._track_callbacks[track] = callbacks

    def _detach(self, track: Any) -> None:
        for prop, callback in self._track_callbacks.pop(track, []):
            remove = getattr(track, f"remove_{prop}_listener")
            try:
                remove(callback)
            except (RuntimeError, ValueError):  # a deleted track has let go of its listeners
                pass

    def _on_tracks(self) -> None:
        with self._lock:
            self._sync()
            tracks = list(self._song.tracks)
            for gone in [t for t in self._track_callbacks if t not in tracks]:
                self._cut(gone, self._beats)
                self._voices.pop(gone, None)
                self._detach(gone)
            for track in tracks:
                if track not in self._track_callbacks and track.has_midi_input:
                    self._attach(track)
            self._tracks = [t for t in tracks if t in self._track_callbacks]

    # -- time ----------------------------------------------------------------------------------

    def _sync(self) -> None:
        """Write down the notes sounded since the last sync, up to the song's time now."""
        with self._lock:
            if not self._playing:
                return
            song = self._song
            now = float(song.current_song_time)
            delta = now - self._last_time
            if delta < -EPSILON:
                # The playhead jumped back: the arrangement loop wrapped (clips played on), or
                # it was moved (clips did not move).
                loop_end = song.loop_start + song.loop_length
                if song.loop and abs(self._last_time - loop_end) < 0.5 + abs(delta):
                    delta = max(0.0, loop_end - self._last_time) + max(0.0, now - song.loop_start)
                else:
                    delta = 0.0
            delta = max(0.0, delta)
            for track, voice in list(self._voices.items()):
                self._play(track, voice, delta)
            self._beats += delta
            self._last_time = now

    def _play(self, track: Any, voice: _Voice, delta: float) -> None:
        clip = voice.clip
        relaunched = float(clip.start_time)
        if abs(relaunched - voice.start_time) > EPSILON:
            # Launched again while playing: the old pass ran until the new launch's beat.
            before = min(delta, max(0.0, relaunched - self._last_time))
            self._emit(track, voice, 0.0, before)
            self._cut(track, self._beats + before)
            voice.start_time, voice.elapsed = relaunched, 0.0
            self._emit(track, voice, before, delta - before)
        else:
            self._emit(track, voice, 0.0, delta)

    def _emit(self, track: Any, voice: _Voice, offset: float, span: float) -> None:
        if span <= 0.0:
            return
        if not voice.clip.muted and self._audible(track):
            drums = is_drum_track(track)
            name = str(track.name)
            for at, note, longest in _onsets(voice.clip, voice.elapsed, span):
                if note.probability < 1.0 and self._random.random() >= note.probability:
                    continue
                start = self._beats + offset + (at - voice.elapsed)
                captured = CapturedNote(name, drums, int(note.pitch),
                                        max(1, min(127, round(note.velocity))), start,
                                        start + min(float(note.duration), longest))
                self.notes.append(captured)
                self._sounding.setdefault(track, []).append(captured)
        voice.elapsed += span

    @staticmethod
    def _audible(track: Any) -> bool:
        return not track.mute and not track.muted_via_solo

    def _cut(self, track: Any, beats: float) -> None:
        for note in self._sounding.pop(track, []):
            note.end_beats = max(note.start_beats, min(note.end_beats, beats))

    def _cut_all(self, beats: float) -> None:
        for track in list(self._sounding):
            self._cut(track, beats)

    def _voice_from_track(self, track: Any, *, elapsed_now: bool) -> None:
        index = track.playing_slot_index
        old = self._voices.pop(track, None)
        if index < 0:
            return
        clip = track.clip_slots[index].clip
        if clip is None or not clip.is_midi_clip:
            return
        elapsed = 0.0
        if elapsed_now:  # joined a clip already playing: how far it is in
            elapsed = max(0.0, float(self._song.current_song_time) - float(clip.start_time))
        elif old is not None and clip.legato:
            elapsed = old.elapsed
        self._voices[track] = _Voice(clip, float(clip.start_time), elapsed)

    # -- events --------------------------------------------------------------------------------

    def _on_slot(self, track: Any) -> None:
        with self._lock:
            self._sync()
            self._cut(track, self._beats)
            self._voice_from_track(track, elapsed_now=False)

    def _on_audibility(self) -> None:
        with self._lock:
            self._sync()
            for track in self._tracks:
                if not self._audible(track):
                    self._cut(track, self._beats)

    def _on_tempo(self) -> None:
        with self._lock:
            self._sync()
            self._tempo_map.append((self._beats, self._seconds(self._beats),
                                    float(self._song.tempo)))

    def _on_playing(self) -> None:
        with self._lock:
            playing = bool(self._song.is_playing)
            if playing == self._playing:
                return
            if playing:
                if self._started and self._stopped_at is not None:
                    gap = max(0.0, float(self._clock()) - self._stopped_at)
                    self._tempo_map.append((self._beats, self._seconds(self._beats) + gap,
                                            float(self._song.tempo)))
                self._started = True
                self._playing = True
                self._last_time = float(self._song.current_song_time)
            else:
                self._sync()
                self._cut_all(self._beats)
                self._voices.clear()
                self._playing = False
                self._stopped_at = float(self._clock())

    # -- results -------------------------------------------------------------------------------

    def _seconds(self, beats: float) -> float:
        point = self._tempo_map[0]
        for candidate in self._tempo_map:
            if candidate[0] <= beats + EPSILON:
                point = candidate
            else:
                break
        at, seconds, tempo = point
        return seconds + (beats - at) * 60.0 / tempo

    def seconds(self) -> float:
        """How long the capture has run, in seconds of sound (from the first start)."""
        with self._lock:
            self._sync()
            end = self._seconds(self._beats)
            if not self._playing and self._stopped_at is not None:
                end += max(0.0, float(self._clock()) - self._stopped_at)
            return end if self._started else 0.0

    def events(self, programs: Mapping[str, int] | None = None) -> list[SoundEvent]:
        """The captured notes as sound events: drum tracks on channel 10, other tracks on
        channels 1, 2, ... in order of appearance, a GM program by track name (``programs``
        by track name overrides)."""
        with self._lock:
            self._sync()
            channels: dict[str, int] = {}
            free = [c for c in range(1, 17) if c != DRUM_CHANNEL]
            out: list[SoundEvent] = []
            for n in self.notes:
                if n.end_beats <= n.start_beats:
                    continue
                if n.drums:
                    channel, program = DRUM_CHANNEL, 0
                else:
                    channel = channels.setdefault(n.track, free[len(channels) % len(free)])
                    program = (programs or {}).get(n.track, gm_program_for(n.track))
                start = self._seconds(n.start_beats)
                out.append(SoundEvent(start, self._seconds(n.end_beats) - start, n.pitch,
                                      n.velocity, channel, program))
            return out

    def render(self, *, seconds: float | None = None, programs: Mapping[str, int] | None = None,
               soundfont: str | Path | None = None) -> Audio:
        """The set's sound so far (``seconds`` long, default: as long as the capture ran)."""
        events = self.events(programs)
        length = self.seconds() if seconds is None else seconds
        return render_events(events, seconds=length, soundfont=soundfont)

    def save(self, path: str | Path, **options: Any) -> Path:
        """Render and write a 16-bit WAV; returns the path."""
        return self.render(**options).save(path)
