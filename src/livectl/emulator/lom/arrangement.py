"""The arrangement: clips placed on a track's timeline, take lanes, and their playback.

Placement (``Track.create_midi_clip``, ``create_audio_clip``, ``duplicate_clip_to_arrangement``,
``TakeLane.create_*``): a clip occupies [start_time, end_time) of its lane, fixed at
placement (Live 12.4: ``end_time`` has no setter and does not follow later loop or marker
edits). A new clip makes room as in Live's arrangement: clips it covers go, clips it overlaps
are trimmed (one it falls inside is split in two). Take-lane clips never play; only the
track's main lane does.

Playback (:class:`ArrangementPlayer`, driven by the transport at exact song times): while the
transport plays, the main-lane clip under the playhead of each MIDI or audio track plays
(``is_playing``, ``playing_status``, ``playing_position`` in clip time) unless the track left
the arrangement: launching a session clip there sets ``Track.back_to_arranger`` and silences
the track's arrangement (clips and automation) until ``back_to_arranger`` is set to False on
the track or the song. Deactivated (``muted``) clips do not play.

Automation: an automated parameter follows the envelope of the session clip playing on its
track (at the clip's playing position), else, in arrangement mode, the track's arrangement
automation (what ``duplicate_clip_to_arrangement`` leaves of a session clip's envelopes,
Live 12.4 behaviour: the envelope goes to the track's lane, the arrangement clip has none).
Values follow once per transport advance, like ``playing_position``.
"""

from __future__ import annotations

import math
import os
import wave
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from livectl.emulator.lom._observable import Field, LomObject, as_str, check_not_notifying
from livectl.emulator.lom._vector import Vector
from livectl.emulator.lom.clip import Clip, loop_position
from livectl.emulator.lom.envelope import (
    TIME_LIMIT,
    AutomationState,
    Envelope,
    refresh_automation_state,
)

if TYPE_CHECKING:
    from livectl.emulator.lom.device import DeviceParameter
    from livectl.emulator.lom.song import Song
    from livectl.emulator.lom.track import Track

__all__ = [
    "ArrangementPlayer",
    "TakeLane",
    "create_audio_clip",
    "create_midi_clip",
    "delete_arrangement_clip",
    "dump_track",
    "duplicate_clip_to_arrangement",
    "load_track",
]

EPSILON = 1e-9
MAX_TAKE_LANES = 256  # a bound on create_take_lane (Live's own limit is not documented)


class TakeLane(LomObject, observable=("name", "arrangement_clips")):
    """Live.TakeLane.TakeLane: one take lane of a track (Live 12.2+)."""

    name = Field(as_str)

    def __init__(self, track: Track, name: str) -> None:
        super().__init__()
        self._track = track
        self._name = name
        self._clips: list[Clip] = []

    def __repr__(self) -> str:
        return f"<TakeLane {self._name!r} of {self._track!r}>"

    @property
    def canonical_parent(self) -> Track:
        return self._track

    @property
    def arrangement_clips(self) -> Vector[Clip]:
        return Vector(self._clips)

    def create_midi_clip(self, start_time: float, length: float, /) -> Clip:
        return create_midi_clip(self._track, start_time, length, lane=self)

    def create_audio_clip(self, file_path: str, start_time: float, /) -> Clip:
        return create_audio_clip(self._track, file_path, start_time, lane=self)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self._name, "clips": [c.to_dict() for c in self._clips]}


# -- placement ------------------------------------------------------------------------------------


def _time(what: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{what} must be a number, got {type(value).__name__}")
    number = float(value)
    if not 0.0 <= number <= TIME_LIMIT:  # also refuses NaN
        raise RuntimeError(f"{what} must be in range 0..{TIME_LIMIT:.0f}, got {value!r}")
    return number


def _length(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"length must be a number, got {type(value).__name__}")
    number = float(value)
    if not (number > 0.0 and math.isfinite(number)) or number > TIME_LIMIT:
        raise RuntimeError(f"Invalid clip length {value!r}: must be in range >0..{TIME_LIMIT:.0f}")
    return number


def create_midi_clip(track: Track, start_time: Any, length: Any, *, lane: TakeLane | None = None) -> Clip:
    """An empty MIDI clip at ``start_time`` (looping over its length, as a new MIDI clip)."""
    check_not_notifying()
    if track._kind != "midi":
        raise RuntimeError("MIDI clips can only be created on MIDI tracks")
    start = _time("start_time", start_time)
    beats = _length(length)
    clip = Clip(None, beats, color_index=track._color_index)
    _place(track, clip, start, beats, lane)
    return clip


def create_audio_clip(track: Track, file_path: Any, position: Any, *, lane: TakeLane | None = None) -> Clip:
    """An audio clip of a WAV file at ``position`` (its length at the song's tempo).

    Error texts and order as probed on Live 12.4: the track type, then the path's form,
    then the file.
    """
    check_not_notifying()
    if track._kind != "audio":
        raise RuntimeError("Audio clips can only be created on audio tracks")
    if not isinstance(file_path, str):
        raise TypeError(f"file_path must be a str, got {type(file_path).__name__}")
    if not os.path.isabs(file_path):
        raise ValueError("Please provide an absolute path")
    start = _time("position", position)
    try:
        with wave.open(file_path, "rb") as handle:
            rate = float(handle.getframerate())
            seconds = handle.getnframes() / rate
    except (OSError, EOFError, wave.Error, ZeroDivisionError) as exc:
        raise ValueError("The provided path does not appear to point to a valid audio file") from exc
    song = track._song
    beats = max(seconds * song._tempo / 60.0, 1e-3)
    clip = Clip(None, beats, is_audio=True, color_index=track._color_index, file_path=file_path,
                sample_rate=rate)
    clip._seconds_per_beat = 60.0 / song._tempo
    _place(track, clip, start, beats, lane)
    return clip


def duplicate_clip_to_arrangement(track: Track, clip: Any, destination_time: Any) -> Clip:
    """A copy of ``clip`` (session or arrangement) at ``destination_time`` on ``track``'s
    main lane, spanning the clip's length; a session clip's envelopes become the track's
    arrangement automation over that span."""
    check_not_notifying()
    if not isinstance(clip, Clip):
        raise TypeError(f"duplicate_clip_to_arrangement expects a Clip, got {type(clip).__name__}")
    if track._kind not in ("midi", "audio") or (track._kind == "audio") != clip._is_audio:
        raise RuntimeError("Cannot duplicate the clip: the clip and the track types differ")
    start = _time("destination_time", destination_time)
    span = clip.length
    copy = Clip(None, span, is_audio=clip._is_audio)
    copy._load({k: v for k, v in clip.to_dict().items() if k != "envelopes"})
    copy._arr_offset = clip._arr_offset if clip.is_arrangement_clip else 0.0
    _place(track, copy, start, span, None)
    if clip._envelopes:
        origin = start - copy._arr_offset
        timing = (copy._start_marker, copy._loop_start, copy._loop_end, copy._looping)
        for parameter, envelope in clip._envelopes.items():
            if _owner(parameter) is not track:
                continue  # another track's parameter has no lane here
            _add_lane_segment(track, parameter, _Segment(start, start + span, origin, timing,
                                                         envelope._copy_for(copy)))
        refresh_automation_state(track, list(clip._envelopes))
    return copy


def _owner(parameter: DeviceParameter) -> Track | None:
    from livectl.emulator.lom.envelope import owner_track

    return owner_track(parameter)


def _lane_clips(track: Track, lane: TakeLane | None) -> list[Clip]:
    return track._arrangement if lane is None else lane._clips


def _place(track: Track, clip: Clip, start: float, span: float, lane: TakeLane | None) -> None:
    clip._slot = None
    clip._track = track
    clip._lane = lane
    clip._start_time = start
    clip._arr_end = start + span
    clips = _lane_clips(track, lane)
    _make_room(track, clips, start, start + span)
    position = sum(1 for c in clips if c._start_time <= start)
    clips.insert(position, clip)
    _clips_changed(track, lane)


def _clips_changed(track: Track, lane: TakeLane | None) -> None:
    (track if lane is None else lane)._notify("arrangement_clips")
    song = track._song
    song._refresh_song_length()
    song._transport._arrangement.apply()


def _make_room(track: Track, clips: list[Clip], start: float, end: float) -> None:
    """Live keeps one clip per moment of a lane: cut [start, end) out of the others."""
    player = track._song._transport._arrangement
    for other in list(clips):
        a, b = other._start_time, other._arr_end
        if b <= start + EPSILON or a >= end - EPSILON:
            continue
        if a >= start - EPSILON and b <= end + EPSILON:  # covered: it goes
            player.forget(other)
            clips.remove(other)
            other._drop_listeners()
            continue
        if a < start and b > end:  # the new clip falls inside: split it
            tail = Clip(None, other.length, is_audio=other._is_audio)
            tail._load(other.to_dict())
            tail._track, tail._lane = track, other._lane
            tail._start_time, tail._arr_end = end, b
            tail._arr_offset = other._arr_offset + (end - a)
            clips.insert(clips.index(other) + 1, tail)
        if a < start:  # keep its head
            other._set_field("arr_end", start)
            other._notify("end_time")
        else:  # keep its tail
            other._arr_offset += end - a
            other._set_field("start_time", end)


def delete_arrangement_clip(track: Track, clip: Clip) -> bool:
    """Remove an arrangement or take-lane clip of ``track``; False when it is not one."""
    for lane in [None, *track._take_lanes]:
        clips = _lane_clips(track, lane)
        if any(c is clip for c in clips):
            track._song._transport._arrangement.forget(clip)
            clips.remove(clip)
            clip._drop_listeners()
            _clips_changed(track, lane)
            return True
    return False


# -- arrangement automation (a track's lane, written by duplicate_clip_to_arrangement) ---------


@dataclass(slots=True)
class _Segment:
    start: float  # song beats
    end: float
    origin: float  # song time at which the clip's elapsed time is 0
    timing: tuple[float, float, float, bool]  # start_marker, loop_start, loop_end, looping
    envelope: Envelope

    def position(self, time: float, *, inclusive_end: bool = False) -> float:
        return loop_position(*self.timing, time - self.origin, inclusive_end=inclusive_end)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "origin": self.origin,
                "timing": list(self.timing), "points": self.envelope.to_list()}


def _add_lane_segment(track: Track, parameter: DeviceParameter, segment: _Segment) -> None:
    kept: list[_Segment] = []
    for old in track._lane_automation.get(parameter, []):
        if old.end <= segment.start or old.start >= segment.end:
            kept.append(old)
            continue
        if old.start < segment.start:
            kept.append(_Segment(old.start, segment.start, old.origin, old.timing, old.envelope))
        if old.end > segment.end:
            kept.append(_Segment(segment.end, old.end, old.origin, old.timing, old.envelope))
    kept.append(segment)
    kept.sort(key=lambda s: s.start)
    track._lane_automation[parameter] = kept


def lane_value(segments: list[_Segment], time: float) -> float:
    """The arrangement automation's value at song ``time``: inside a segment its envelope,
    before the first the first value, between and after the last value reached."""
    held = segments[0].envelope._value_at(segments[0].position(segments[0].start))
    for segment in segments:
        if time < segment.start:
            break
        if time < segment.end:
            return segment.envelope._value_at(segment.position(time))
        held = segment.envelope._value_at(segment.position(segment.end, inclusive_end=True))
    return held


# -- snapshots ------------------------------------------------------------------------------------


def dump_track(track: Track) -> dict[str, Any]:
    """A track's arrangement state as plain data (empty parts left out)."""
    from livectl.emulator.lom.envelope import parameter_ref

    data: dict[str, Any] = {}
    if track._arrangement:
        data["arrangement_clips"] = [c.to_dict() for c in track._arrangement]
    if track._take_lanes:
        data["take_lanes"] = [lane.to_dict() for lane in track._take_lanes]
    lanes = []
    for parameter, segments in track._lane_automation.items():
        ref = parameter_ref(track, parameter)
        if ref is not None and segments:
            lanes.append({"parameter": ref, "segments": [s.to_dict() for s in segments]})
    if lanes:
        data["arrangement_automation"] = lanes
    if track._back_to_arranger:
        data["back_to_arranger"] = True
    return data


def _loaded_clip(track: Track, data: dict[str, Any], lane: TakeLane | None) -> Clip:
    clip = Clip(None, 1.0, is_audio=bool(data.get("is_audio_clip")))
    clip._load(data)
    clip._track, clip._lane = track, lane
    clip._start_time = float(data.get("start_time", 0.0))
    clip._arr_end = float(data.get("end_time", clip._start_time + clip.length))
    clip._arr_offset = float(data.get("arrangement_offset", 0.0))
    return clip


def load_track(track: Track, data: dict[str, Any]) -> None:
    """Rebuild what :func:`dump_track` wrote (on a fresh track, devices already loaded)."""
    from livectl.emulator.lom.envelope import resolve_parameter_ref

    for clip_data in data.get("arrangement_clips", ()):
        track._arrangement.append(_loaded_clip(track, clip_data, None))
    track._arrangement.sort(key=lambda c: c._start_time)
    for lane_data in data.get("take_lanes", ()):
        lane = TakeLane(track, str(lane_data.get("name", "")))
        lane._clips = [_loaded_clip(track, c, lane) for c in lane_data.get("clips", ())]
        track._take_lanes.append(lane)
    for item in data.get("arrangement_automation", ()):
        parameter = resolve_parameter_ref(track, item.get("parameter"))
        if parameter is None:
            continue
        segments = []
        for seg in item.get("segments", ()):
            envelope = Envelope(None, parameter)
            envelope._load(seg.get("points", ()))
            start_marker, loop_start, loop_end, looping = seg["timing"]
            segments.append(_Segment(float(seg["start"]), float(seg["end"]),
                                     float(seg["origin"]),
                                     (float(start_marker), float(loop_start), float(loop_end),
                                      bool(looping)), envelope))
        track._lane_automation[parameter] = segments
        parameter._automation_state = int(AutomationState.playing)
    track._back_to_arranger = bool(data.get("back_to_arranger", False))


# -- playback -------------------------------------------------------------------------------------


def follow(parameter: DeviceParameter, value: float) -> None:
    """Move an automated parameter to its envelope's value (no override, no undo)."""
    number = min(max(value, parameter._min), parameter._max)
    if parameter._is_quantized:
        number = float(round(number))
    parameter._store(number)  # as a value set from the set itself: rack macros move targets


class ArrangementPlayer:
    """Plays each track's arrangement under the song's playhead; owned by the transport."""

    def __init__(self, song: Song) -> None:
        self._song = song
        self._active: dict[Track, Clip] = {}
        self.overridden: set[DeviceParameter] = set()  # automation overridden by hand

    # -- which clip plays -----------------------------------------------------------------------

    def _plays_arrangement(self, track: Track) -> bool:
        return (self._song._is_playing and track._kind in ("midi", "audio")
                and not track._back_to_arranger)

    def _due(self, track: Track, now: float) -> Clip | None:
        if not self._plays_arrangement(track):
            return None
        for clip in track._arrangement:
            if clip._start_time > now + EPSILON:
                break
            if now < clip._arr_end - EPSILON and not clip._muted:
                return clip
        return None

    def next_event_beats(self) -> float | None:
        """Beats from now to the next arrangement clip start or end on a playing track."""
        song = self._song
        if not song._is_playing:
            return None
        now = song._current_song_time
        best: float | None = None
        for track in song._tracks:
            if not self._plays_arrangement(track):
                continue
            for clip in track._arrangement:
                for edge in (clip._start_time, clip._arr_end):
                    if edge > now + EPSILON and (best is None or edge - now < best):
                        best = edge - now
        return best

    def apply(self) -> None:
        """Start and stop arrangement clips for the current song time (at exact event times:
        the transport calls this at each due event)."""
        song = self._song
        now = song._current_song_time
        for track in list(self._active):
            if track not in song._tracks:
                self._halt(track)
        for track in song._tracks:
            wanted = self._due(track, now)
            current = self._active.get(track)
            if wanted is current:
                continue
            if current is not None:
                self._halt(track)
            if wanted is not None:
                self._active[track] = wanted
                wanted._playing = True
                wanted._set_field("playing_position", self._position(wanted, now))
                wanted._notify("playing_status")

    def _halt(self, track: Track) -> None:
        clip = self._active.pop(track, None)
        if clip is None:
            return
        clip._playing = False
        clip._set_field("playing_position", 0.0)
        clip._notify("playing_status")

    def forget(self, clip: Clip) -> None:
        """A clip leaves the arrangement: it stops at once."""
        for track, active in list(self._active.items()):
            if active is clip:
                self._halt(track)

    @staticmethod
    def _position(clip: Clip, now: float) -> float:
        return clip._position_for(now - clip._start_time + clip._arr_offset)

    # -- session against arrangement --------------------------------------------------------------

    def session_took_over(self, track: Track) -> None:
        """A session clip launched on ``track``: it leaves the arrangement (Back to Arranger)."""
        if track._kind not in ("midi", "audio"):
            return
        self._set_away(track, True)
        self._halt(track)
        slot = self._song._transport._playing.get(track)
        if slot is not None and slot._clip is not None:
            self.follow_now(slot._clip)  # its envelopes apply from the launch on

    def _set_away(self, track: Track, away: bool) -> None:
        """Track.back_to_arranger and the song's: both true before either listener runs."""
        if track._back_to_arranger == away:
            return
        check_not_notifying()
        track._back_to_arranger = away
        self._song._refresh_back_to_arranger()
        track._notify("back_to_arranger")

    def back_to_arranger(self, tracks: list[Track]) -> None:
        """Stop the session clips of ``tracks`` and play their arrangement again."""
        check_not_notifying()
        song = self._song
        song._sync()
        targets: list[Track] = []
        for track in tracks:
            targets += track._group_children() if track._kind == "group" else [track]
        for track in targets:
            if not track._back_to_arranger:
                continue
            song._transport.stop_track(track, quantized=False)
            self._set_away(track, False)
        self.update()

    # -- continuous state -------------------------------------------------------------------------

    def update(self) -> None:
        """After an advance or a jump: clips under the playhead, positions, automation."""
        self.apply()
        song = self._song
        song._refresh_back_to_arranger()  # a deleted track may have been the one away
        now = song._current_song_time
        for clip in self._active.values():
            clip._set_field("playing_position", self._position(clip, now))
        if not song._is_playing:
            return
        for slot in list(song._transport._playing.values()):
            if slot._clip is not None:
                self.follow_now(slot._clip)
        for track in song._tracks:
            if track._lane_automation and self._plays_arrangement(track):
                for parameter, segments in track._lane_automation.items():
                    if parameter not in self.overridden and segments:
                        follow(parameter, lane_value(segments, now))

    def follow_now(self, clip: Clip) -> None:
        """A playing session clip's automated parameters take its envelopes' values."""
        if not clip._playing or not self._song._is_playing:
            return
        position = clip._position_for(clip._elapsed)
        for parameter, envelope in clip._envelopes.items():
            if parameter not in self.overridden:
                follow(parameter, envelope._value_at(position))

    # -- overriding -------------------------------------------------------------------------------

    def override(self, parameter: DeviceParameter) -> None:
        """A hand-set value of an automated parameter: automation stops moving it."""
        if parameter._automation_state != AutomationState.playing:
            return
        self.overridden.add(parameter)
        parameter._set_field("automation_state", int(AutomationState.overridden))
        self._song._refresh_re_enable_automation()

    def re_enable(self, parameter: DeviceParameter) -> None:
        if parameter not in self.overridden:
            return
        self.overridden.discard(parameter)
        parameter._set_field("automation_state", int(AutomationState.playing))
        self._song._refresh_re_enable_automation()
        self.update()

    def re_enable_all(self) -> None:
        for parameter in list(self.overridden):
            self.re_enable(parameter)
