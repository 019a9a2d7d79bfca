"""The session transport: song time, quantized launches, stops, recording.

Time is in beats. ``run(delta)`` moves the song forward by ``delta`` beats and applies every
event that falls inside the step at its exact beat (launches on quantization boundaries,
non-looping clips reaching their end, the arrangement loop wrapping), so the outcome does
not depend on how late or how often the engine is advanced.

Modelled on Live's behaviour as the protocol reference (§11) describes it: firing while
stopped starts the transport and the clip at once; while playing, a launch waits for the next
boundary of the clip's launch quantization with the slot triggered in between; at launch
``playing_slot_index`` goes straight from the old slot to the new one; a track plays one
clip at a time; a stop waits for the boundary too, with ``fired_slot_index`` -2 meanwhile.

After a start the playhead is first reported at the start position: Live's audio engine
picks the start up at its next buffer (``START_LATENCY_S``), so the moving song time and clip
positions reach listeners from then on, never a sliver of a beat right after the start.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from livectl.emulator.lom._observable import check_not_notifying
from livectl.emulator.lom.arrangement import ArrangementPlayer
from livectl.emulator.lom.clip import Clip
from livectl.emulator.lom.enums import clip_quantum_beats, song_quantum_beats

if TYPE_CHECKING:
    from livectl.emulator.lom.clip_slot import ClipSlot
    from livectl.emulator.lom.scene import Scene
    from livectl.emulator.lom.song import Song
    from livectl.emulator.lom.track import Track

__all__ = ["START_LATENCY_S", "Transport"]

EPSILON = 1e-9
# One audio buffer (512 samples at 44.1 kHz): after a start, the first movement of the
# playhead reaches listeners no sooner than this (seconds on the song's clock).
START_LATENCY_S = 512 / 44100
_MIN_RECORDED = 1.0 / 64.0


@dataclass(slots=True)
class _Pending:
    kind: str  # "clip", "record" or "stop"
    slot: ClipSlot | None
    target: float  # song time (beats) of the launch
    scene: Scene | None = None
    quantum: float = 0.0  # the grid the launch waits for (beats)


def next_boundary(time: float, quantum: float) -> float:
    """The first multiple of ``quantum`` at or after ``time`` (a time on a boundary stays)."""
    steps = math.ceil(time / quantum - EPSILON)
    return steps * quantum


class Transport:
    def __init__(self, song: Song) -> None:
        self._song = song
        self._pending: dict[Track, _Pending] = {}
        self._playing: dict[Track, ClipSlot] = {}
        self._resume: dict[Track, ClipSlot] = {}
        self._quiet_until = -math.inf  # clock time before which run() does not publish
        self._arrangement = ArrangementPlayer(song)  # arrangement clips and automation

    # -- queries ----------------------------------------------------------------------------

    def _bar_beats(self) -> float:
        song = self._song
        return song._signature_numerator * 4.0 / song._signature_denominator

    def _global_quantum(self) -> float:
        return song_quantum_beats(self._song._clip_trigger_quantization, self._bar_beats())

    def next_event_beats(self) -> float | None:
        """Beats from now to the next scheduled event, or None when nothing is due."""
        song = self._song
        now = song._current_song_time
        candidates = [p.target - now for p in self._pending.values()]
        for slot in self._playing.values():
            if slot._clip is not None:
                left = slot._clip._beats_until_end()
                if left is not None:
                    candidates.append(left)
        arrangement = self._arrangement.next_event_beats()
        if arrangement is not None:
            candidates.append(arrangement)
        return max(0.0, min(candidates)) if candidates else None

    # -- time -------------------------------------------------------------------------------

    def run(self, delta: float) -> None:
        """Advance song time by ``delta`` beats, applying due events at their exact beat."""
        song = self._song
        remaining = max(0.0, delta)
        for _ in range(100_000):  # bounded: each pass applies at least one event or ends
            step, wrap = self._next_step()
            if step is None or step > remaining + EPSILON:
                self._step(remaining)
                break
            step = max(0.0, step)
            self._step(step)
            remaining = max(0.0, remaining - step)
            if wrap:
                self._wrap_loop()
            self._apply_due()
            if not song._is_playing:
                break
        self._publish(moved=True)

    def _next_step(self) -> tuple[float | None, bool]:
        song = self._song
        step = self.next_event_beats()
        if song._loop and song._loop_length > 0:
            loop_end = song._loop_start + song._loop_length
            now = song._current_song_time
            # Wrap when the playhead reaches the loop end (a playhead already past the loop
            # region plays on, as in Live). At a tie, the wrap comes first: a launch due on
            # the loop end happens at the loop start, the same musical moment.
            if now <= loop_end + EPSILON and (step is None or loop_end - now <= step + EPSILON):
                return max(0.0, loop_end - now), True
        return step, False

    def _step(self, beats: float) -> None:
        if beats <= 0.0:
            return
        self._song._current_song_time += beats
        for slot in self._playing.values():
            clip = slot._clip
            if clip is not None:
                clip._elapsed += beats

    def _wrap_loop(self) -> None:
        song = self._song
        song._current_song_time = song._loop_start
        self.regrid()

    def regrid(self) -> None:
        """The playhead jumped (loop wrap, new song time): pending launches wait for the next
        boundary of their grid from the new position."""
        now = self._song._current_song_time
        for pending in self._pending.values():
            pending.target = next_boundary(now, pending.quantum)

    def _publish(self, *, moved: bool = False) -> None:
        """Fire the continuous listeners once per advance (song time, positions, growth).

        ``moved``: called for the playhead's own movement, which stays unreported for one
        audio buffer after a start (the start position was reported at the start).
        """
        song = self._song
        if moved and song._clock() < self._quiet_until:
            return
        if song._current_song_time != song._published_time:
            song._published_time = song._current_song_time
            song._notify("current_song_time")
        for slot in list(self._playing.values()):
            clip = slot._clip
            if clip is None:
                continue
            if clip._is_recording:
                clip._set_length(max(clip._elapsed, _MIN_RECORDED))
            clip._update_position()
        self._arrangement.update()

    def _apply_due(self) -> None:
        now = self._song._current_song_time
        for track, pending in list(self._pending.items()):
            if pending.target <= now + EPSILON and self._pending.get(track) is pending:
                del self._pending[track]
                self._apply(track, pending)
        for track, slot in list(self._playing.items()):
            clip = slot._clip
            left = None if clip is None else clip._beats_until_end()
            if left is not None and left <= EPSILON:
                self._stop_now(track)
        self._arrangement.apply()

    # -- transport control ------------------------------------------------------------------

    def start(self, *, from_time: float, resume: bool) -> None:
        song = self._song
        song._current_song_time = max(0.0, from_time)
        song._set_field("is_playing", True)
        if resume:
            for track, slot in list(self._resume.items()):
                if slot._clip is not None and slot in track._slots:
                    self._launch(track, slot, scene=None)
        self._resume.clear()
        self._publish()
        self._quiet_until = song._clock() + START_LATENCY_S

    def stop(self) -> None:
        song = self._song
        if not song._is_playing:
            return
        self._resume = {t: s for t, s in self._playing.items() if s._clip and not s._clip._is_recording}
        for track in list(self._pending):
            self._cancel_pending(track)
        for track in list(self._playing):
            self._stop_now(track)
        song._set_field("is_playing", False)
        self._arrangement.apply()

    def stop_all(self, *, quantized: bool) -> None:
        self._resume.clear()
        for track in list(self._song._tracks):
            self.stop_track(track, quantized=quantized)

    # -- launching --------------------------------------------------------------------------

    def fire_slot(
        self, track: Track, slot: ClipSlot, *, scene: Scene | None = None, now: bool = False
    ) -> None:
        """Launch ``slot``'s clip (or record into it, or stop the track, for an empty slot).

        ``now`` launches at once, ignoring quantization (a scene fired while stopped).
        """
        check_not_notifying()
        self._song._sync()
        if track._kind == "group":
            index = track._slots.index(slot)
            for child in track._group_children():
                self.fire_slot(child, child._slots[index], scene=scene, now=now)
            return
        clip = slot._clip
        song = self._song
        if clip is not None:
            if clip._launch_mode == 2 and clip._playing:  # Toggle: a second press stops
                self.stop_track(track, quantized=True)
                return
            if scene is not None:
                quantum = self._global_quantum()
            else:
                quantum = clip_quantum_beats(
                    clip._launch_quantization, song._clip_trigger_quantization, self._bar_beats()
                )
            self._schedule(track, _Pending("clip", slot, 0.0, scene), 0.0 if now else quantum)
        elif track._can_record():
            quantum = 0.0 if now else self._global_quantum()
            self._schedule(track, _Pending("record", slot, 0.0, scene), quantum)
        elif slot._has_stop_button:
            self.stop_track(track, quantized=not now)

    def fire_scene(self, scene: Scene, *, select: bool) -> None:
        song = self._song
        check_not_notifying()
        song._sync()
        index = scene._index()
        if select:
            song.view.selected_scene = scene
        was_playing = song._is_playing
        if not was_playing:
            self._resume.clear()
            song._transport_started_by_launch()
        for track in song._tracks:
            if track._kind == "group":
                continue  # the member tracks fire their own slots
            self.fire_slot(track, track._slots[index], scene=scene, now=not was_playing)
        if any(p.scene is scene for p in self._pending.values()):
            scene._set_field("is_triggered", True)
        else:
            self._scene_launched(scene)

    def _schedule(self, track: Track, pending: _Pending, quantum: float) -> None:
        song = self._song
        if not song._is_playing:
            self._resume.clear()
            song._transport_started_by_launch()
            self._cancel_pending(track)
            self._apply(track, pending)
            return
        if quantum <= 0.0:
            self._cancel_pending(track)
            self._apply(track, pending)
            return
        pending.quantum = quantum
        pending.target = next_boundary(song._current_song_time, quantum)
        self._cancel_pending(track)
        if pending.target <= song._current_song_time + EPSILON:
            self._apply(track, pending)  # fired exactly on a boundary: launch at once
            return
        self._pending[track] = pending
        if pending.kind in ("clip", "record") and pending.slot is not None:
            pending.slot._set_triggered(True)
            if pending.slot._clip is not None:
                pending.slot._clip._triggered = True
            track._set_field("fired_slot_index", track._slots.index(pending.slot))
        song._engine_deadline_changed()

    def stop_track(self, track: Track, *, quantized: bool) -> None:
        song = self._song
        check_not_notifying()
        song._sync()
        self._resume.pop(track, None)
        if track._kind == "group":
            for child in track._group_children():
                self.stop_track(child, quantized=quantized)
            return
        busy = track in self._playing or track in self._pending
        if not busy:
            return
        quantum = self._global_quantum()
        if not song._is_playing or not quantized or quantum <= 0.0 or track not in self._playing:
            self._cancel_pending(track)
            self._stop_now(track)
            return
        self._cancel_pending(track)
        target = next_boundary(song._current_song_time, quantum)
        self._pending[track] = _Pending("stop", None, target, quantum=quantum)
        track._set_field("fired_slot_index", -2)
        song._engine_deadline_changed()

    def _cancel_pending(self, track: Track) -> None:
        pending = self._pending.pop(track, None)
        if pending is None:
            return
        if pending.slot is not None:
            pending.slot._set_triggered(False)
            if pending.slot._clip is not None:
                pending.slot._clip._triggered = False
        if pending.scene is not None:
            self._maybe_untrigger_scene(pending.scene)
        track._set_field("fired_slot_index", -1)

    def _maybe_untrigger_scene(self, scene: Scene) -> None:
        if not any(p.scene is scene for p in self._pending.values()):
            scene._set_field("is_triggered", False)

    def _apply(self, track: Track, pending: _Pending) -> None:
        if pending.kind == "stop":
            track._set_field("fired_slot_index", -1)
            self._stop_now(track)
        elif pending.slot is not None:
            self._launch(track, pending.slot, scene=pending.scene)
        if pending.scene is not None and not any(
            p.scene is pending.scene for p in self._pending.values()
        ):
            self._scene_launched(pending.scene)

    def _scene_launched(self, scene: Scene) -> None:
        scene._set_field("is_triggered", False)
        song = self._song
        if scene._tempo_enabled:
            song.tempo = scene._tempo_value
        if scene._time_signature_enabled:
            song.signature_numerator = scene._time_signature_numerator
            song.signature_denominator = scene._time_signature_denominator

    def _launch(self, track: Track, slot: ClipSlot, *, scene: Scene | None) -> None:
        song = self._song
        if slot._clip is None:
            if not track._can_record():
                return
            self._start_recording(track, slot)
        clip = slot._clip
        assert clip is not None
        old_slot = self._playing.get(track)
        old_clip = None if old_slot is None else old_slot._clip
        carried = 0.0
        if old_clip is not None and old_clip is not clip:
            if clip._legato:
                carried = old_clip._elapsed
            self._halt_clip(old_clip)
        slot._set_triggered(False)
        clip._triggered = False
        clip._elapsed = carried
        clip._set_field("start_time", song._current_song_time)
        was_playing = clip._playing
        clip._playing = True
        self._playing[track] = slot
        self._arrangement.session_took_over(track)
        track._set_field("fired_slot_index", -1)
        # Straight from the old index to the new one: no -1 in between (spec §11).
        track._set_field("playing_slot_index", track._slots.index(slot))
        clip._update_position()
        if not was_playing:
            clip._notify("playing_status")
            slot._notify("playing_status")
        if old_slot is not None and old_slot is not slot:
            old_slot._notify("playing_status")

    def _start_recording(self, track: Track, slot: ClipSlot) -> None:
        song = self._song
        clip = Clip(slot, _MIN_RECORDED, is_audio=track._kind == "audio",
                    color_index=track._color_index, sample_rate=44100.0)
        clip._seconds_per_beat = 60.0 / song._tempo
        if clip._is_audio:
            clip._file_path = f"/emulator/Samples/Recorded/{track._name} {len(track._slots)}.wav"
        clip._is_recording = True
        song._undo.push("Record Clip", lambda: slot._take_clip(), lambda: slot._put_clip(clip))
        slot._put_clip(clip)

    def _halt_clip(self, clip: Clip) -> None:
        was = clip._playing
        clip._playing = False
        clip._triggered = False
        if clip._is_recording:
            clip._set_length(clip._elapsed if clip._elapsed > _MIN_RECORDED else 1.0)
            clip._set_field("is_recording", False)
        clip._elapsed = 0.0
        clip._set_field("playing_position", 0.0)
        if was:
            clip._notify("playing_status")

    def _stop_now(self, track: Track) -> None:
        slot = self._playing.pop(track, None)
        if slot is not None and slot._clip is not None:
            self._halt_clip(slot._clip)
            slot._notify("playing_status")
        track._set_field("playing_slot_index", -1)
        if track not in self._pending:
            track._set_field("fired_slot_index", -1)

    def forget_clip(self, track: Track, clip: Clip) -> None:
        """A clip leaves its slot (deleted, replaced): it stops and loses pending launches."""
        pending = self._pending.get(track)
        if pending is not None and pending.slot is not None and pending.slot._clip is clip:
            self._cancel_pending(track)
        slot = self._playing.get(track)
        if slot is not None and slot._clip is clip:
            self._stop_now(track)
        for tracks in (self._resume,):
            if track in tracks and tracks[track]._clip is clip:
                del tracks[track]

    def forget_slot(self, track: Track, slot: ClipSlot) -> None:
        """A slot leaves its track (its scene was deleted): nothing may launch or play there."""
        pending = self._pending.get(track)
        if pending is not None and pending.slot is slot:
            self._cancel_pending(track)
        if self._playing.get(track) is slot:
            self._stop_now(track)
        if self._resume.get(track) is slot:
            del self._resume[track]

    def forget_track(self, track: Track) -> None:
        self._cancel_pending(track)
        if track in self._playing:
            self._stop_now(track)
        self._resume.pop(track, None)
