"""Live.Song.Song: the set, its transport properties, its structure, Song.View, cue points."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from livectl.emulator.lom._observable import (
    Field,
    LomObject,
    as_bool,
    as_float,
    as_int,
    as_str,
    check_not_notifying,
)
from livectl.emulator.lom._transport import EPSILON, Transport
from livectl.emulator.lom._undo import UndoStack
from livectl.emulator.lom._validate import Check
from livectl.emulator.lom._vector import Vector
from livectl.emulator.lom.clip_slot import ClipSlot
from livectl.emulator.lom.enums import CaptureMode, LiveEnum, Quantization, RecordingQuantization
from livectl.emulator.lom.scene import Scene, check_denominator
from livectl.emulator.lom.song_time import SmptTime, smpte_time
from livectl.emulator.lom.song_view import SongView
from livectl.emulator.lom.track import Track

if TYPE_CHECKING:
    from livectl.emulator.lom.device import Device

__all__ = ["CuePoint", "Song"]

MAX_RETURNS = 12  # Live allows up to 12 return tracks
_TRACK_COLORS = (69, 13, 26, 1, 9, 17, 58, 12)  # cycled for new tracks; Live's choice differs


class CuePoint(LomObject, observable=("name", "time")):
    """A locator in the arrangement."""

    name = Field(as_str)
    time = Field[float](readonly=True)

    def __init__(self, song: Song, name: str, time: float) -> None:
        super().__init__()
        self._song = song
        self._name = name
        self._time = time

    def __repr__(self) -> str:
        return f"<CuePoint {self._name!r} @{self._time}>"

    @property
    def canonical_parent(self) -> Song:
        return self._song

    def jump(self) -> None:
        self._song._jump_to(self._time)


def _check_tempo(song: Song, value: float) -> float:
    if not 20.0 <= value <= 999.0:
        # Live refuses tempos outside 20..999 BPM (its exact text is not documented).
        raise RuntimeError(f"Invalid tempo {value}: must be in range 20..999 BPM")
    return value


class _EnumField(Field[int]):
    """A Field read back as a member of Live's enum (``str()`` gives Live's name)."""

    def __init__(self, enum: type[LiveEnum], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enum = enum

    def __get__(self, obj: object | None, objtype: type | None = None) -> Any:
        value = super().__get__(obj, objtype)
        return value if obj is None else self.enum(value)


def _in_range(name: str, low: int, high: int) -> Callable[[Song, int], int]:
    def check(song: Song, value: int) -> int:
        if not low <= value <= high:
            raise RuntimeError(f"Invalid {name} {value}: must be in range {low}..{high}")
        return value

    return check


def _check_non_negative(song: Song, value: float) -> float:
    if value < 0.0:
        raise RuntimeError(f"Invalid value {value}: must be >= 0")
    return value


def _check_positive(song: Song, value: float) -> float:
    if value <= 0.0:
        raise RuntimeError(f"Invalid loop length {value}: must be > 0")
    return value


def _check_groove(song: Song, value: float) -> float:
    if not 0.0 <= value <= 1.3125:
        raise RuntimeError(f"Invalid groove amount {value}: must be in range 0..1.3125")
    return value


class Song(
    LomObject,
    observable=(
        "tempo", "is_playing", "current_song_time", "signature_numerator",
        "signature_denominator", "clip_trigger_quantization", "midi_recording_quantization",
        "loop", "loop_start", "loop_length", "metronome", "groove_amount", "record_mode",
        "session_record", "session_record_status", "arrangement_overdub", "overdub",
        "punch_in", "punch_out", "nudge_up", "nudge_down", "back_to_arranger",
        "is_ableton_link_enabled", "is_ableton_link_start_stop_sync_enabled", "root_note",
        "scale_name", "scale_mode", "scale_intervals", "song_length", "start_time",
        "tracks", "visible_tracks", "return_tracks", "scenes", "cue_points",
        "can_jump_to_next_cue", "can_jump_to_prev_cue", "can_capture_midi", "appointed_device",
        "session_automation_record", "swing_amount", "tempo_follower_enabled",
        "exclusive_arm", "is_counting_in", "count_in_duration", "re_enable_automation_enabled",
        "data",
    ),
):
    """The Live set. Built empty; :class:`~livectl.emulator.lom.engine.LiveEngine` fills in
    Live 12's default set and drives the clock."""

    View = SongView
    Quantization = Quantization
    RecordingQuantization = RecordingQuantization
    CaptureMode = CaptureMode

    signature_numerator = Field(as_int, check=_in_range("signature numerator", 1, 99))
    signature_denominator = Field(as_int, check=check_denominator)
    # What the property setters below check, for a set loaded from a snapshot (_validate).
    loaded_checks: ClassVar[dict[str, Check]] = {
        "tempo": (as_float, _check_tempo),
        "loop_start": (as_float, _check_non_negative),
        "loop_length": (as_float, _check_positive),
        "current_song_time": (as_float, _check_non_negative),
        "back_to_arranger": (as_bool, None),
    }
    clip_trigger_quantization = _EnumField(
        Quantization, as_int, check=_in_range("clip trigger quantization", 0, 13))
    midi_recording_quantization = _EnumField(
        RecordingQuantization, as_int, check=_in_range("recording quantization", 0, 8))
    loop = Field(as_bool)
    metronome = Field(as_bool)
    groove_amount = Field(as_float, check=_check_groove)
    record_mode = Field(as_bool)
    session_record = Field(as_bool)
    session_record_status = Field[int](readonly=True)
    arrangement_overdub = Field(as_bool)
    overdub = Field(as_bool)
    punch_in = Field(as_bool)
    punch_out = Field(as_bool)
    nudge_up = Field(as_bool)
    nudge_down = Field(as_bool)
    is_ableton_link_enabled = Field(as_bool)
    is_ableton_link_start_stop_sync_enabled = Field(as_bool)
    root_note = Field(as_int, check=_in_range("root note", 0, 11))
    scale_name = Field(as_str)
    scale_mode = Field(as_bool)
    start_time = Field(as_float, check=_check_non_negative)
    session_automation_record = Field(as_bool)
    swing_amount = Field(as_float)
    tempo_follower_enabled = Field(as_bool)

    def __init__(
        self,
        *,
        clock: Callable[[], float] | None = None,
        sync: Callable[[], None] | None = None,
        deadline_changed: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self._clock = clock or (lambda: 0.0)
        self._sync_hook = sync
        self._deadline_hook = deadline_changed
        self._undo = UndoStack()
        self._transport = Transport(self)
        self._tracks: list[Track] = []
        self._returns: list[Track] = []
        self._scenes: list[Scene] = []
        self._cues: list[CuePoint] = []
        self._master = Track(self, "main", "Main", slots=0, sends=0)
        self._tempo = 120.0
        self._signature_numerator = 4
        self._signature_denominator = 4
        self._clip_trigger_quantization = int(Quantization.q_bar)
        self._midi_recording_quantization = 0
        self._is_playing = False
        self._current_song_time = 0.0
        self._published_time = 0.0
        self._loop = False
        self._loop_start = 0.0
        self._loop_length = 16.0
        self._metronome = False
        self._groove_amount = 1.0
        self._record_mode = False
        self._session_record = False
        self._session_record_status = 0
        self._arrangement_overdub = False
        self._overdub = False
        self._punch_in = False
        self._punch_out = False
        self._nudge_up = False
        self._nudge_down = False
        self._back_to_arranger = False  # derived: some track left the arrangement
        self._re_enable_automation_enabled = False  # derived: some automation overridden
        self._is_ableton_link_enabled = False
        self._is_ableton_link_start_stop_sync_enabled = False
        self._root_note = 0
        self._scale_name = "Major"
        self._scale_mode = False
        self._start_time = 0.0
        self._session_automation_record = False
        self._swing_amount = 0.0
        self._tempo_follower_enabled = False
        self._appointed_device: Device | None = None
        self._taps: list[float] = []
        self._data: dict[str, Any] = {}
        self._song_length = self._compute_song_length()
        self._view = SongView(self)

    def __repr__(self) -> str:
        return f"<Song {len(self._tracks)} tracks, {len(self._scenes)} scenes, {self._tempo} BPM>"

    # -- engine hooks -----------------------------------------------------------------------

    def _sync(self) -> None:
        """Bring song time up to the engine clock before a transport-affecting change."""
        if self._sync_hook is not None:
            self._sync_hook()

    def _engine_deadline_changed(self) -> None:
        if self._deadline_hook is not None:
            self._deadline_hook()

    def _transport_started_by_launch(self) -> None:
        """A clip or scene fired while stopped starts the transport at the start marker."""
        self._transport.start(from_time=self._start_time, resume=False)

    def _scene_contents_changed(self, index: int) -> None:
        """Hook for scene ``is_empty``-dependent state (nothing observable in Live)."""

    # -- identity and vectors -----------------------------------------------------------------

    @property
    def canonical_parent(self) -> None:
        return None

    @property
    def view(self) -> SongView:
        return self._view

    @property
    def name(self) -> str:
        return ""

    @property
    def file_path(self) -> str:
        return ""

    @property
    def tracks(self) -> Vector[Track]:
        return Vector(self._tracks)

    @property
    def visible_tracks(self) -> Vector[Track]:
        return Vector([t for t in self._tracks if t.is_visible])

    @property
    def return_tracks(self) -> Vector[Track]:
        return Vector(self._returns)

    @property
    def master_track(self) -> Track:
        return self._master

    @property
    def scenes(self) -> Vector[Scene]:
        return Vector(self._scenes)

    @property
    def cue_points(self) -> Vector[CuePoint]:
        return Vector(self._cues)

    @property
    def appointed_device(self) -> Device | None:
        return self._appointed_device

    @appointed_device.setter
    def appointed_device(self, device: Device | None) -> None:
        self._set_field("appointed_device", device)

    # -- simple read-only state ---------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return self._undo.can_undo

    @property
    def can_redo(self) -> bool:
        return self._undo.can_redo

    @property
    def can_capture_midi(self) -> bool:
        return False

    @property
    def can_jump_to_next_cue(self) -> bool:
        return any(c._time > self._current_song_time + EPSILON for c in self._cues)

    @property
    def can_jump_to_prev_cue(self) -> bool:
        return any(c._time < self._current_song_time - EPSILON for c in self._cues)

    @property
    def exclusive_arm(self) -> bool:
        return True

    @property
    def exclusive_solo(self) -> bool:
        return True

    @property
    def is_counting_in(self) -> bool:
        return False

    @property
    def count_in_duration(self) -> int:
        return 0

    @property
    def last_event_time(self) -> float:
        return self._song_length

    @property
    def re_enable_automation_enabled(self) -> bool:
        return self._re_enable_automation_enabled

    def _refresh_re_enable_automation(self) -> None:
        self._set_field("re_enable_automation_enabled",
                        bool(self._transport._arrangement.overridden))

    @property
    def back_to_arranger(self) -> bool:
        """True while a launched session clip keeps some track from its arrangement.

        Setting False plays the arrangement again on every track (Live lets only that be
        set; True is ignored, as the protocol reference notes)."""
        return self._back_to_arranger

    @back_to_arranger.setter
    def back_to_arranger(self, value: Any) -> None:
        if not as_bool(self, "back_to_arranger", value):
            self._transport._arrangement.back_to_arranger(list(self._tracks))

    def _refresh_back_to_arranger(self) -> None:
        self._set_field("back_to_arranger", any(t._back_to_arranger for t in self._tracks))

    @property
    def select_on_launch(self) -> bool:
        return True

    @property
    def scale_intervals(self) -> tuple[int, ...]:
        return (0, 2, 4, 5, 7, 9, 11) if self._scale_name == "Major" else (0,)

    @property
    def song_length(self) -> float:
        return self._song_length

    def _compute_song_length(self) -> float:
        ends = [self._loop_start + self._loop_length]
        ends += [c._time for c in self._cues]
        for track in self._tracks:
            ends += [c._arr_end for c in track._arrangement]
        return max(ends)

    def _refresh_song_length(self) -> None:
        self._set_field("song_length", self._compute_song_length())

    @property
    def loop_start(self) -> float:
        return self._loop_start

    @loop_start.setter
    def loop_start(self, value: Any) -> None:
        self._set_field("loop_start", _check_non_negative(self, as_float(self, "loop_start", value)))
        self._refresh_song_length()

    @property
    def loop_length(self) -> float:
        return self._loop_length

    @loop_length.setter
    def loop_length(self, value: Any) -> None:
        self._set_field("loop_length", _check_positive(self, as_float(self, "loop_length", value)))
        self._refresh_song_length()

    # -- transport ----------------------------------------------------------------------------

    @property
    def tempo(self) -> float:
        return self._tempo

    @tempo.setter
    def tempo(self, value: Any) -> None:
        number = _check_tempo(self, as_float(self, "tempo", value))
        self._sync()  # the beats played so far count at the old tempo
        self._set_field("tempo", number)

    @property
    def is_playing(self) -> bool:
        return self._is_playing

    @is_playing.setter
    def is_playing(self, value: Any) -> None:
        if as_bool(self, "is_playing", value):
            if not self._is_playing:
                self.continue_playing()
        else:
            self.stop_playing()

    @property
    def current_song_time(self) -> float:
        return self._current_song_time

    @current_song_time.setter
    def current_song_time(self, value: Any) -> None:
        self._jump_to(_check_non_negative(self, as_float(self, "current_song_time", value)))

    def _jump_to(self, time: float) -> None:
        self._sync()
        self._current_song_time = max(0.0, time)
        self._transport.regrid()
        self._transport._publish()

    def start_playing(self) -> None:
        """Play from the start marker (``start_time``), not from where the song stopped."""
        self._sync()
        self._transport.start(from_time=self._start_time, resume=True)

    def continue_playing(self) -> None:
        """Play on from the current position."""
        self._sync()
        if not self._is_playing:
            self._transport.start(from_time=self._current_song_time, resume=True)

    def play_selection(self) -> None:
        self.start_playing()

    def stop_playing(self) -> None:
        """Stop the transport; ``current_song_time`` stays where it stopped."""
        self._sync()
        self._transport.stop()

    def stop_all_clips(self, quantized: bool = True, /) -> None:
        self._sync()
        self._transport.stop_all(quantized=as_bool(self, "quantized", quantized))

    def jump_by(self, beats: float, /) -> None:
        self._jump_to(self._current_song_time + as_float(self, "beats", beats))

    def scrub_by(self, beats: float, /) -> None:
        self.jump_by(beats)

    def jump_to_next_cue(self) -> None:
        later = [c._time for c in self._cues if c._time > self._current_song_time + EPSILON]
        if later:
            self._jump_to(min(later))

    def jump_to_prev_cue(self) -> None:
        earlier = [c._time for c in self._cues if c._time < self._current_song_time - EPSILON]
        if earlier:
            self._jump_to(max(earlier))

    def is_cue_point_selected(self) -> bool:
        return any(abs(c._time - self._current_song_time) < EPSILON for c in self._cues)

    def set_or_delete_cue(self) -> None:
        """Add a locator at the playhead, or delete the one that is there."""
        self._sync()
        now = self._current_song_time
        for cue in self._cues:
            if abs(cue._time - now) < EPSILON:
                self._cues.remove(cue)
                cue._drop_listeners()
                break
        else:
            self._cues.append(CuePoint(self, str(len(self._cues) + 1), now))
            self._cues.sort(key=lambda c: c._time)
        self._notify("cue_points")
        self._refresh_song_length()

    def tap_tempo(self) -> None:
        """Each tap after the first sets the tempo from the mean interval of recent taps."""
        now = self._clock()
        if self._taps and now - self._taps[-1] > 2.0:
            self._taps.clear()  # a long pause starts a new tapping sequence
        self._taps = [*self._taps[-3:], now]
        if len(self._taps) >= 2:
            interval = (self._taps[-1] - self._taps[0]) / (len(self._taps) - 1)
            if interval > 0:
                self.tempo = min(999.0, max(20.0, 60.0 / interval))

    def trigger_session_record(self, record_length: float = 1.7976931348623157e308, /) -> None:
        """Toggle session recording; on, it records into the selected scene's free slots of
        armed tracks (starting the transport if needed)."""
        self._sync()
        if self._session_record:
            self.session_record = False
            self._set_field("session_record_status", 0)
            return
        self.session_record = True
        self._set_field("session_record_status", 1)
        index = self._scenes.index(self._view.selected_scene)
        for track in self._tracks:
            if track._can_record() and track._slots[index]._clip is None:
                track._slots[index].fire()

    def capture_midi(self, destination: int = 0, /) -> None:
        raise RuntimeError("No MIDI to capture")

    def re_enable_automation(self) -> None:
        """Every overridden automated parameter follows its automation again."""
        check_not_notifying()
        self._transport._arrangement.re_enable_all()

    def force_link_beat_time(self) -> None:
        """Link is not modelled; the beat time is already the engine's."""

    def get_data(self, key: str, default_value: Any, /) -> Any:
        return self._data.get(key, default_value)

    def set_data(self, key: str, value: Any, /) -> None:
        self._data[key] = value
        self._notify("data")

    def begin_undo_step(self) -> None:
        """Every undoable edit until the matching end_undo_step is one undo step."""
        self._undo.begin_group()

    def end_undo_step(self) -> None:
        """Close begin_undo_step (nested pairs: the outermost end closes the step)."""
        self._undo.end_group()

    def get_current_smpte_song_time(self, smpte_format: int, /) -> SmptTime:
        """The playhead as hours/minutes/seconds/frames of ``smpte_format`` (TimeFormat)."""
        return smpte_time(self.current_song_time * 60.0 / self._tempo, smpte_format)

    def undo(self) -> str:
        return self._undo.undo()

    def redo(self) -> str:
        return self._undo.redo()

    # -- structure ----------------------------------------------------------------------------

    def _insert_position(self, index: Any, size: int, what: str) -> int:
        if index is None:
            return size
        if isinstance(index, bool) or not isinstance(index, int):
            raise TypeError(f"{what} index must be an int, got {type(index).__name__}")
        if index == -1:
            return size
        if not 0 <= index <= size:
            raise IndexError("Index out of range")
        return index

    def _position(self, index: Any, items: list[Any], what: str) -> int:
        if isinstance(index, bool) or not isinstance(index, int):
            raise TypeError(f"{what} index must be an int, got {type(index).__name__}")
        if not -len(items) <= index < len(items):
            raise IndexError("Index out of range")
        return index % len(items)

    def _new_track(self, kind: str, name: str) -> Track:
        color = _TRACK_COLORS[(len(self._tracks) + len(self._returns)) % len(_TRACK_COLORS)]
        return Track(self, kind, name, slots=len(self._scenes), sends=len(self._returns),
                     color_index=color)

    def _insert_tracks(self, position: int, tracks: list[Track]) -> None:
        self._tracks[position:position] = tracks
        self._notify("tracks")
        self._notify("visible_tracks")

    def _remove_tracks(self, tracks: list[Track]) -> None:
        for track in tracks:
            self._transport.forget_track(track)
            self._tracks.remove(track)
        if self._view._selected_track in tracks:
            self._view._set_field("selected_track", self._tracks[0])
        self._notify("tracks")
        self._notify("visible_tracks")

    def _create_track(self, kind: str, index: Any) -> Track:
        position = self._insert_position(index, len(self._tracks), "track")
        label = "MIDI" if kind == "midi" else "Audio"
        track = self._new_track(kind, f"{position + 1}-{label}")
        self._undo.push(f"Create {label} Track", lambda: self._remove_tracks([track]),
                        lambda: self._insert_tracks(position, [track]))
        self._insert_tracks(position, [track])
        self._view.selected_track = track
        return track

    def create_midi_track(self, index: int | None = None, /) -> Track:
        return self._create_track("midi", index)

    def create_audio_track(self, index: int | None = None, /) -> Track:
        return self._create_track("audio", index)

    def create_return_track(self) -> Track:
        if len(self._returns) >= MAX_RETURNS:
            raise RuntimeError(f"Cannot create more than {MAX_RETURNS} return tracks")
        letter = chr(ord("A") + len(self._returns))
        track = self._new_track("return", f"{letter}-Return")

        def redo() -> None:
            position = len(self._returns)
            for owner in self._tracks + self._returns:
                owner._mixer._insert_send(position)
            self._returns.append(track)
            while len(track._mixer._sends) < len(self._returns):
                track._mixer._insert_send(len(track._mixer._sends))
            self._notify("return_tracks")

        def undo() -> None:
            self._delete_return(self._returns.index(track))

        self._undo.push("Create Return Track", undo, redo)
        redo()
        return track

    def _delete_return(self, position: int) -> None:
        track = self._returns.pop(position)
        for owner in self._tracks + self._returns:
            owner._mixer._delete_send(position)
        self._notify("return_tracks")
        if self._view._selected_track is track:
            self._view._set_field("selected_track", self._tracks[0])

    def delete_return_track(self, index: int, /) -> None:
        position = self._position(index, self._returns, "return track")
        track = self._returns[position]
        sends = [(o, o._mixer._sends[position]._value) for o in self._tracks + self._returns
                 if o is not track]

        def undo() -> None:
            for owner in self._tracks + self._returns:
                owner._mixer._insert_send(position)
            self._returns.insert(position, track)
            for owner, value in sends:
                owner._mixer._sends[position]._value = value
            self._notify("return_tracks")

        self._undo.push("Delete Return Track", undo,
                        lambda: self._delete_return(self._returns.index(track)))
        self._delete_return(position)

    def delete_track(self, index: int, /) -> None:
        position = self._position(index, self._tracks, "track")
        track = self._tracks[position]
        doomed = [track, *self._descendants(track)]
        if len(doomed) >= len(self._tracks):
            raise RuntimeError("Cannot delete the last track of the set")
        positions = [self._tracks.index(t) for t in doomed]

        def undo() -> None:
            for where, item in sorted(zip(positions, doomed, strict=True), key=lambda p: p[0]):
                self._tracks.insert(where, item)
            self._notify("tracks")
            self._notify("visible_tracks")

        self._undo.push("Delete Track", undo, lambda: self._remove_tracks(doomed))
        self._remove_tracks(doomed)

    def _descendants(self, track: Track) -> list[Track]:
        found: list[Track] = []
        for child in track._group_children():
            found.append(child)
            found.extend(self._descendants(child))
        return found

    def duplicate_track(self, index: int, /) -> None:
        """Insert a copy (clips, devices, mixer) right after the track."""
        position = self._position(index, self._tracks, "track")
        source = self._tracks[position]
        if source._kind == "group":
            raise RuntimeError("Duplicating group tracks is not supported by the emulator")
        copy = Track(self, source._kind, source._name, slots=len(self._scenes),
                     sends=len(self._returns), color_index=source._color_index)
        copy._load(source.to_dict(), source._group)
        self._undo.push("Duplicate Track", lambda: self._remove_tracks([copy]),
                        lambda: self._insert_tracks(position + 1, [copy]))
        self._insert_tracks(position + 1, [copy])
        self._view.selected_track = copy

    def _insert_scene(self, position: int, scene: Scene, slots: list[Any] | None = None) -> None:
        self._scenes.insert(position, scene)
        for i, track in enumerate(self._tracks):
            slot = slots[i] if slots is not None and i < len(slots) else ClipSlot(track)
            track._slots.insert(position, slot)
            track._notify("clip_slots")
            self._shift_slot_indices(track, position, +1)
        self._notify("scenes")

    def _remove_scene(self, scene: Scene) -> list[Any]:
        position = self._scenes.index(scene)
        removed = []
        for track in self._tracks:
            slot = track._slots[position]
            self._transport.forget_slot(track, slot)
            track._slots.pop(position)
            removed.append(slot)
            track._notify("clip_slots")
            self._shift_slot_indices(track, position, -1)
        self._scenes.pop(position)
        if self._view._selected_scene is scene:
            self._view._set_field("selected_scene", self._scenes[min(position, len(self._scenes) - 1)])
        self._notify("scenes")
        return removed

    def _shift_slot_indices(self, track: Track, position: int, delta: int) -> None:
        """Keep playing/fired slot indices pointing at the same slots after a row moves."""
        for name in ("playing_slot_index", "fired_slot_index"):
            value = getattr(track, "_" + name)
            if value >= position:
                track._set_field(name, value + delta)

    def create_scene(self, index: int, /) -> Scene:
        position = self._insert_position(index, len(self._scenes), "scene")
        scene = Scene(self)
        slots: list[Any] = []

        def redo() -> None:
            self._insert_scene(position, scene, slots or None)

        def undo() -> None:
            slots[:] = self._remove_scene(scene)

        self._undo.push("Create Scene", undo, redo)
        redo()
        return scene

    def delete_scene(self, index: int, /) -> None:
        position = self._position(index, self._scenes, "scene")
        if len(self._scenes) == 1:
            raise RuntimeError("Cannot delete the last scene of the set")
        scene = self._scenes[position]
        slots: list[Any] = []

        def redo() -> None:
            slots[:] = self._remove_scene(scene)

        def undo() -> None:
            self._insert_scene(position, scene, slots)

        self._undo.push("Delete Scene", undo, redo)
        redo()

    def duplicate_scene(self, index: int, /) -> None:
        """Insert a copy of the scene (and its clips) at ``index + 1``."""
        position = self._position(index, self._scenes, "scene")
        source = self._scenes[position]
        copy = Scene(self, source._name, source._color_index)
        copy._load(source.to_dict())
        self._copy_row(position, position + 1, copy, "Duplicate Scene")

    def _copy_row(self, source_row: int, position: int, scene: Scene, label: str) -> None:
        slots: list[Any] = []

        def redo() -> None:
            self._insert_scene(position, scene, slots or None)
            if not slots:
                for track in self._tracks:
                    source = track._slots[source_row if source_row < position else source_row + 1]
                    if source._clip is not None:
                        source._clone_into(track._slots[position])

        def undo() -> None:
            slots[:] = self._remove_scene(scene)

        self._undo.push(label, undo, redo)
        redo()
        self._view.selected_scene = scene

    def capture_and_insert_scene(self, capture_mode: int = 0, /) -> None:
        """A new scene after the selected one holding copies of the playing clips."""
        selected = self._scenes.index(self._view.selected_scene)
        position = selected + 1
        scene = Scene(self)
        playing = {t: s for t, s in self._transport._playing.items()}
        slots: list[Any] = []

        def redo() -> None:
            self._insert_scene(position, scene, slots or None)
            if not slots:
                for track, slot in playing.items():
                    if slot._clip is not None and track in self._tracks:
                        slot._clone_into(track._slots[position])

        def undo() -> None:
            slots[:] = self._remove_scene(scene)

        self._undo.push("Capture and Insert Scene", undo, redo)
        redo()
        self._view.selected_scene = scene
