"""Live.Clip.Clip: a session or arrangement clip, MIDI (with notes) or audio.

Session clips sit in a clip slot; arrangement clips (``Track.create_midi_clip``,
``duplicate_clip_to_arrangement``, take lanes) are placed by :mod:`.arrangement`, which also
plays them. Session clips hold automation envelopes (:mod:`.envelope`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
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
from livectl.emulator.lom._palette import check_color_index, color_property
from livectl.emulator.lom._vector import Vector
from livectl.emulator.lom.enums import WarpMode
from livectl.emulator.lom.envelope import (
    NOT_SESSION_OR_OTHER_TRACK,
    Envelope,
    owner_track,
    parameter_ref,
    refresh_automation_state,
    resolve_parameter_ref,
)
from livectl.emulator.lom.notes import MidiNote, MidiNoteSpecification, NoteStore

if TYPE_CHECKING:
    from livectl.emulator.lom.arrangement import TakeLane
    from livectl.emulator.lom.clip_slot import ClipSlot
    from livectl.emulator.lom.device import DeviceParameter
    from livectl.emulator.lom.song import Song
    from livectl.emulator.lom.track import Track

__all__ = ["Clip", "ClipView", "loop_position"]

_NOTE_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
_AUDIO_ONLY = "This property is only available for audio clips"  # Live's wording not known
_MIDI_ONLY = "This function is only available for MIDI clips"


def _is_audio(clip: Clip) -> bool:
    return clip._is_audio


def loop_position(
    start_marker: float, loop_start: float, loop_end: float, looping: bool, elapsed: float,
    *, inclusive_end: bool = False,
) -> float:
    """The clip time reached ``elapsed`` beats after playing from the start marker: a looping
    clip wraps from loop end to loop start (``inclusive_end``: exactly at the loop end it
    stays there, the end of a pass rather than the start of the next)."""
    position = start_marker + elapsed
    if looping and (position > loop_end if inclusive_end else position >= loop_end):
        span = loop_end - loop_start
        if span > 0:
            position = loop_start + math.fmod(position - loop_end, span)
            if inclusive_end and position == loop_start:
                position = loop_end
    return position



def _grid_beats(grid: int, bar: float) -> float | None:
    """Beats of a Clip.GridQuantization step (no_grid: None) for a bar of ``bar`` beats."""
    steps = {1: 8 * bar, 2: 4 * bar, 3: 2 * bar, 4: bar, 5: 2.0, 6: 1.0, 7: 0.5, 8: 0.25,
             9: 0.125}
    if grid == 0:
        return None
    if grid not in steps:
        raise RuntimeError(f"Invalid quantization grid {grid}: must be in range 0..9")
    return steps[grid]


def _check_unit(clip: Clip, value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise RuntimeError(f"Invalid value {value}: must be in range 0..1")
    return value


def _check_launch_mode(clip: Clip, value: int) -> int:
    if not 0 <= value <= 3:
        raise RuntimeError(f"Invalid launch mode {value}: must be in range 0..3")
    return value


def _check_launch_quantization(clip: Clip, value: int) -> int:
    if not 0 <= value <= 14:
        raise RuntimeError(f"Invalid launch quantization {value}: must be in range 0..14")
    return value


def _check_pitch_coarse(clip: Clip, value: int) -> int:
    if not -48 <= value <= 48:
        raise RuntimeError(f"Invalid pitch_coarse {value}: must be in range -48..48")
    return value


def _check_pitch_fine(clip: Clip, value: float) -> float:
    if not -50.0 <= value <= 50.0:
        raise RuntimeError(f"Invalid pitch_fine {value}: must be in range -50..50")
    return value


def _check_warp_mode(clip: Clip, value: int) -> int:
    if value not in set(WarpMode) - {WarpMode.rex}:
        raise RuntimeError(f"Invalid warp mode {value}")
    return value


def _check_signature(clip: Clip, value: int) -> int:
    if not 1 <= value <= 99:
        raise RuntimeError(f"Invalid time signature value {value}")
    return value


class ClipView(LomObject):
    """Clip.View: the detail view of the clip (grid settings only)."""

    grid_is_triplet = Field(as_bool)
    grid_quantization = Field(as_int)

    def __init__(self, clip: Clip) -> None:
        super().__init__()
        self._clip = clip
        self._grid_is_triplet = False
        self._grid_quantization = 8  # g_sixteenth

    @property
    def canonical_parent(self) -> Clip:
        return self._clip

    def show_loop(self) -> None:
        """GUI only."""

    def show_envelope(self) -> None:
        """GUI only."""

    def hide_envelope(self) -> None:
        """GUI only."""

    def select_envelope_parameter(self, device_parameter: object, /) -> None:
        """GUI only."""


class Clip(
    LomObject,
    observable=(
        "name", "color", "color_index", "end_marker", "start_marker", "loop_start", "loop_end",
        "looping", "position", "launch_mode", "launch_quantization", "legato", "muted",
        "velocity_amount", "playing_position", "playing_status", "is_recording",
        "is_overdubbing", "notes", "start_time", "end_time", "gain", "file_path",
        "pitch_coarse", "pitch_fine", "warping", "warp_mode", "ram_mode", "signature_numerator",
        "signature_denominator", "has_envelopes", "groove", "loop_jump", "warp_markers",
    ),
):
    """A clip in a clip slot. Created by ``ClipSlot.create_clip`` (MIDI) or by recording.

    Audio-only properties raise RuntimeError on MIDI clips and the notes API raises
    RuntimeError on audio clips, as in Live.
    """

    View = ClipView
    derived_properties: ClassVar[dict[str, tuple[str, ...]]] = {"color_index": ("color",), "loop_start": ("position",)}

    name = Field(as_str)
    color_index = Field(as_int, check=check_color_index)
    launch_mode = Field(as_int, check=_check_launch_mode)
    launch_quantization = Field(as_int, check=_check_launch_quantization)
    legato = Field(as_bool)
    muted = Field(as_bool)
    velocity_amount = Field(as_float, check=_check_unit)
    signature_numerator = Field(as_int, check=_check_signature)
    signature_denominator = Field(as_int, check=_check_signature)
    playing_position = Field[float](readonly=True)
    is_recording = Field[bool](readonly=True)
    is_overdubbing = Field[bool](readonly=True)
    start_time = Field[float](readonly=True)
    has_envelopes = Field[bool](readonly=True)
    gain = Field(as_float, check=_check_unit, applies=_is_audio, not_applicable=_AUDIO_ONLY)
    pitch_coarse = Field(as_int, check=_check_pitch_coarse, applies=_is_audio, not_applicable=_AUDIO_ONLY)
    pitch_fine = Field(as_float, check=_check_pitch_fine, applies=_is_audio, not_applicable=_AUDIO_ONLY)
    warping = Field(as_bool, applies=_is_audio, not_applicable=_AUDIO_ONLY)
    warp_mode = Field(as_int, check=_check_warp_mode, applies=_is_audio, not_applicable=_AUDIO_ONLY)
    ram_mode = Field(as_bool, applies=_is_audio, not_applicable=_AUDIO_ONLY)
    file_path = Field[str](readonly=True, applies=_is_audio, not_applicable=_AUDIO_ONLY)

    def __init__(
        self,
        slot: ClipSlot | None,
        length: float,
        *,
        is_audio: bool = False,
        color_index: int = 0,
        file_path: str = "",
        sample_rate: float = 44100.0,
    ) -> None:
        super().__init__()
        self._slot = slot
        self._is_audio = is_audio
        self._name = ""
        self._color_index = color_index
        self._loop_start = 0.0
        self._loop_end = float(length)
        self._start_marker = 0.0
        self._end_marker = float(length)
        self._looping = True
        self._launch_mode = 0
        self._launch_quantization = 0
        self._legato = False
        self._muted = False
        self._velocity_amount = 0.0
        self._signature_numerator = 4
        self._signature_denominator = 4
        self._playing_position = 0.0
        self._is_recording = False
        self._is_overdubbing = False
        self._start_time = 0.0
        self._has_envelopes = False
        self._gain = 0.4
        self._pitch_coarse = 0
        self._pitch_fine = 0.0
        self._warping = True
        self._warp_mode = int(WarpMode.beats)
        self._ram_mode = False
        self._file_path = file_path
        self._sample_rate = sample_rate
        self._seconds_per_beat = 0.5
        self._notes = NoteStore()
        self._view = ClipView(self)
        # arrangement placement (set by .arrangement): owner track, take lane, the fixed
        # end, and the clip time at the placement's start (after a trim from the left)
        self._track: Track | None = None
        self._lane: TakeLane | None = None
        self._arr_end = float(length)
        self._arr_offset = 0.0
        self._envelopes: dict[DeviceParameter, Envelope] = {}
        self._pending_envelopes: list[dict[str, Any]] = []
        # transport state, driven by the song's transport
        self._playing = False
        self._triggered = False
        self._elapsed = 0.0  # beats played since launch

    def __repr__(self) -> str:
        kind = "audio" if self._is_audio else "MIDI"
        return f"<Clip {self._name!r} {kind} {self.length}>"

    # -- identity ---------------------------------------------------------------------------

    @property
    def canonical_parent(self) -> ClipSlot | Track | TakeLane | None:
        if self._slot is not None:
            return self._slot
        return self._lane if self._lane is not None else self._track

    def _owner_track(self) -> Track | None:
        return self._slot._track if self._slot is not None else self._track

    def _song_or_none(self) -> Song | None:
        track = self._owner_track()
        return None if track is None else track._song

    @property
    def view(self) -> ClipView:
        return self._view

    @property
    def is_midi_clip(self) -> bool:
        return not self._is_audio

    @property
    def is_audio_clip(self) -> bool:
        return self._is_audio

    @property
    def is_arrangement_clip(self) -> bool:
        return self._slot is None

    @property
    def is_session_clip(self) -> bool:
        return self._slot is not None

    @property
    def is_take_lane_clip(self) -> bool:
        return self._lane is not None

    @property
    def has_groove(self) -> bool:
        return False

    @property
    def groove(self) -> None:
        """Grooves are not modelled: always None."""
        return None

    @groove.setter
    def groove(self, value: None) -> None:
        if value is not None:
            raise RuntimeError("Grooves are not modelled by the emulator")

    color = color_property()

    # -- loop and markers -------------------------------------------------------------------

    @property
    def length(self) -> float:
        """Loop length when looping, else end_marker - start_marker (Live's definition)."""
        if self._looping:
            return self._loop_end - self._loop_start
        return self._end_marker - self._start_marker

    @property
    def end_time(self) -> float:
        """Session clips: loop end when looping, else the end marker. Arrangement clips: the
        end of their place in the arrangement, fixed when placed (as in Live 12.4)."""
        if self.is_arrangement_clip:
            return self._arr_end
        return self._loop_end if self._looping else self._end_marker

    @property
    def looping(self) -> bool:
        return self._looping

    @looping.setter
    def looping(self, value: Any) -> None:
        if self._is_recording:
            raise RuntimeError("Cannot change looping while the clip is recording")
        old_end = self.end_time
        self._set_field("looping", as_bool(self, "looping", value))
        if self.end_time != old_end:
            self._notify("end_time")

    @property
    def loop_start(self) -> float:
        return self._loop_start

    @loop_start.setter
    def loop_start(self, value: Any) -> None:
        number = as_float(self, "loop_start", value)
        if number >= self._loop_end:
            raise RuntimeError("LoopStart behind LoopEnd")
        self._set_field("loop_start", number)

    @property
    def loop_end(self) -> float:
        return self._loop_end

    @loop_end.setter
    def loop_end(self, value: Any) -> None:
        number = as_float(self, "loop_end", value)
        if number <= self._loop_start:
            raise RuntimeError("LoopEnd before LoopStart")
        old_end = self.end_time
        self._set_field("loop_end", number)
        if self.end_time != old_end:
            self._notify("end_time")

    @property
    def position(self) -> float:
        """The loop position: setting it moves loop start and loop end together."""
        return self._loop_start

    @position.setter
    def position(self, value: Any) -> None:
        number = as_float(self, "position", value)
        span = self._loop_end - self._loop_start
        if number == self._loop_start:
            return
        old_end = self.end_time
        self._set_field("loop_start", number)
        self._set_field("loop_end", number + span)
        if self.end_time != old_end:
            self._notify("end_time")

    @property
    def start_marker(self) -> float:
        return self._start_marker

    @start_marker.setter
    def start_marker(self, value: Any) -> None:
        number = as_float(self, "start_marker", value)
        if number >= self._end_marker:
            raise RuntimeError("StartMarker behind EndMarker")
        self._set_field("start_marker", number)

    @property
    def end_marker(self) -> float:
        return self._end_marker

    @end_marker.setter
    def end_marker(self, value: Any) -> None:
        number = as_float(self, "end_marker", value)
        if number <= self._start_marker:
            raise RuntimeError("EndMarker before StartMarker")
        old_end = self.end_time
        self._set_field("end_marker", number)
        if self.end_time != old_end:
            self._notify("end_time")

    def _set_length(self, length: float) -> None:
        """Recording grows the clip: loop end and end marker follow."""
        old_end = self.end_time
        self._set_field("loop_end", self._loop_start + length)
        self._set_field("end_marker", self._start_marker + length)
        if self.end_time != old_end:
            self._notify("end_time")

    # -- playback ---------------------------------------------------------------------------

    @property
    def is_playing(self) -> bool:
        """True once actually playing (not merely triggered); not observable in Live."""
        return self._playing

    @is_playing.setter
    def is_playing(self, value: Any) -> None:
        if as_bool(self, "is_playing", value):
            self.fire()
        else:
            self.stop()

    @property
    def is_triggered(self) -> bool:
        return self._triggered

    @property
    def playing_status(self) -> int:
        if self._is_recording:
            return 2
        return 1 if self._playing else 0

    @property
    def will_record_on_start(self) -> bool:
        return False

    def fire(self) -> None:
        """Launch the clip, on the next boundary of its launch quantization."""
        if self._slot is None:
            raise RuntimeError("Arrangement clips cannot be fired")
        self._slot.fire()

    def stop(self) -> None:
        """Stop the clip if it plays or waits to play (quantized, as the stop button)."""
        if self._slot is None:
            return
        if self._playing or self._triggered:
            self._slot._track._request_stop(quantized=True)

    def set_fire_button_state(self, state: bool, /) -> None:
        """Press (True) or release (False) the launch button: release stops a Gate clip."""
        if self._slot is not None:
            self._slot.set_fire_button_state(state)

    def move_playing_pos(self, beats: float, /) -> None:
        if self._playing:
            self._elapsed = max(0.0, self._elapsed + as_float(self, "beats", beats))
            self._update_position()

    def _position_for(self, elapsed: float) -> float:
        return loop_position(self._start_marker, self._loop_start, self._loop_end,
                             self._looping, elapsed)

    def _beats_until_end(self) -> float | None:
        """Beats until a non-looping clip reaches its end marker (None while looping)."""
        if self._looping or self._is_recording:
            return None
        return max(0.0, self._end_marker - self._start_marker - self._elapsed)

    def _update_position(self) -> None:
        self._set_field("playing_position", self._position_for(self._elapsed))

    # -- audio -----------------------------------------------------------------------------

    @property
    def gain_display_string(self) -> str:
        if not self._is_audio:
            raise RuntimeError(_AUDIO_ONLY)
        # Live's gain runs 0..1 with 0.4 at 0 dB; below that the curve is not documented, so
        # this shows a plain 20*log10 ratio (an approximation of Live's display).
        if self._gain <= 0.0:
            return "-inf dB"
        return f"{20.0 * math.log10(self._gain / 0.4):.1f} dB"

    @property
    def sample_length(self) -> int:
        if not self._is_audio:
            raise RuntimeError(_AUDIO_ONLY)
        return round(self.length * self._seconds_per_beat * self._sample_rate)

    @property
    def sample_rate(self) -> float:
        if not self._is_audio:
            raise RuntimeError(_AUDIO_ONLY)
        return self._sample_rate

    @property
    def available_warp_modes(self) -> tuple[int, ...]:
        if not self._is_audio:
            raise RuntimeError(_AUDIO_ONLY)
        return tuple(int(m) for m in WarpMode if m != WarpMode.rex)

    # -- notes ------------------------------------------------------------------------------

    def _midi_only(self) -> NoteStore:
        if self._is_audio:
            raise RuntimeError(_MIDI_ONLY)
        return self._notes

    def _notes_to_change(self) -> NoteStore:
        check_not_notifying()
        return self._midi_only()

    def add_new_notes(self, notes: Iterable[MidiNoteSpecification], /) -> tuple[int, ...]:
        """Add notes (existing ones stay); returns the new note ids in the given order."""
        ids = self._notes_to_change().add(notes)
        if ids:
            self._notify("notes")
        return ids

    def get_notes_extended(
        self, from_pitch: int, pitch_span: int, from_time: float, time_span: float, /
    ) -> tuple[MidiNote, ...]:
        """Notes with from_pitch <= pitch < from_pitch + pitch_span and a start in
        [from_time, from_time + time_span), sorted by pitch, then start time."""
        store = self._midi_only()
        self._check_range(from_pitch, pitch_span, from_time, time_span)
        return store.get(from_pitch, pitch_span, float(from_time), float(time_span))

    def get_all_notes_extended(self) -> tuple[MidiNote, ...]:
        return self._midi_only().all()

    def get_notes_by_id(self, note_ids: Iterable[int], /) -> tuple[MidiNote, ...]:
        return self._midi_only().by_ids(note_ids)

    def remove_notes_extended(
        self, from_pitch: int, pitch_span: int, from_time: float, time_span: float, /
    ) -> None:
        store = self._notes_to_change()
        self._check_range(from_pitch, pitch_span, from_time, time_span)
        if store.remove(from_pitch, pitch_span, float(from_time), float(time_span)):
            self._notify("notes")

    def remove_notes_by_id(self, note_ids: Iterable[int], /) -> None:
        if isinstance(note_ids, int):
            raise TypeError("remove_notes_by_id expects one iterable of note ids")
        if self._notes_to_change().remove_ids(note_ids):
            self._notify("notes")

    def apply_note_modifications(self, notes: Iterable[MidiNote], /) -> None:
        """Replace notes by id with the given edited copies (all or nothing: every id must be
        in the clip and every note in Live's ranges)."""
        if self._notes_to_change().modify(notes):
            self._notify("notes")

    def duplicate_notes_by_id(
        self, note_ids: Iterable[int], destination_time: float | None = None,
        transposition_amount: int = 0, /,
    ) -> tuple[int, ...]:
        """Copy the given notes so the first lands on ``destination_time`` (default: right
        after the last one ends), transposed; returns the new ids. Copies transposed out of
        0..127 are left out."""
        store = self._notes_to_change()
        if isinstance(note_ids, int):
            raise TypeError("duplicate_notes_by_id expects one iterable of note ids")
        destination = None if destination_time is None else as_float(
            self, "destination_time", destination_time)
        transpose = as_int(self, "transposition_amount", transposition_amount)
        copies = store.id_copies(note_ids, destination, transpose)
        return self._add_copies(copies)

    def duplicate_region(
        self, region_start: float, region_length: float, destination_time: float,
        pitch: int = -1, transposition_amount: int = 0, /,
    ) -> None:
        """Copy the notes starting in [region_start, region_start + region_length) (of
        ``pitch`` unless -1) to ``destination_time``, transposed."""
        store = self._notes_to_change()
        start = as_float(self, "region_start", region_start)
        length = as_float(self, "region_length", region_length)
        destination = as_float(self, "destination_time", destination_time)
        only = as_int(self, "pitch", pitch)
        if length < 0.0:
            raise RuntimeError(f"Invalid region_length {length}: must be >= 0")
        if not -1 <= only <= 127:
            raise RuntimeError(f"Invalid pitch {only}: must be -1 (all) or in range 0..127")
        copies = store.shifted_copies(start, start + length, destination - start, pitch=only,
                                      transpose=as_int(self, "transposition_amount",
                                                       transposition_amount))
        self._add_copies(copies)

    def _add_copies(self, copies: list[MidiNote]) -> tuple[int, ...]:
        if not copies:
            return ()
        self._notes.add_notes(copies)
        self._notify("notes")
        return tuple(n.note_id for n in copies)

    def quantize(self, quantization_grid: int, amount: float, /) -> None:
        """Move note starts toward the grid (Clip.GridQuantization) by ``amount`` (0..1)."""
        self._quantize(None, quantization_grid, amount)

    def quantize_pitch(self, note: int, quantization_grid: int, amount: float, /) -> None:
        """As quantize, for the notes of one pitch."""
        pitch = as_int(self, "note", note)
        if not 0 <= pitch <= 127:
            raise RuntimeError(f"Invalid note {pitch}: must be in range 0..127")
        self._quantize(pitch, quantization_grid, amount)

    def _quantize(self, pitch: int | None, grid: Any, amount: Any) -> None:
        store = self._notes_to_change()
        bar = self._signature_numerator * 4.0 / self._signature_denominator
        step = _grid_beats(as_int(self, "quantization_grid", grid), bar)
        strength = as_float(self, "amount", amount)
        if not 0.0 <= strength <= 1.0:
            raise RuntimeError(f"Invalid amount {strength}: must be in range 0..1")
        if step is None:
            return
        moved = []
        for n in store.all():
            if pitch is None or n.pitch == pitch:
                target = round(n.start_time / step) * step
                n.start_time = n.start_time + (target - n.start_time) * strength
                moved.append(n)
        if moved and store.modify(moved):
            self._notify("notes")

    # Live 10's note API, still present in Live 12 (deprecated): time-first arguments and
    # tuples (pitch, time, duration, velocity, mute).
    def get_notes(
        self, from_time: float, from_pitch: int, time_span: float, pitch_span: int, /
    ) -> tuple[tuple[int, float, float, float, bool], ...]:
        return tuple(
            (n.pitch, n.start_time, n.duration, n.velocity, n.mute)
            for n in self.get_notes_extended(from_pitch, pitch_span, from_time, time_span)
        )

    def remove_notes(self, from_time: float, from_pitch: int, time_span: float, pitch_span: int, /) -> None:
        self.remove_notes_extended(from_pitch, pitch_span, from_time, time_span)

    def set_notes(self, notes: tuple[tuple[int, float, float, float, bool], ...], /) -> None:
        self.add_new_notes(MidiNoteSpecification(p, t, d, v, m) for p, t, d, v, m in notes)

    def select_all_notes(self) -> None:
        """Selection is GUI state; not modelled."""

    def deselect_all_notes(self) -> None:
        """Selection is GUI state; not modelled."""

    def select_notes_by_id(self, note_ids: Iterable[int], /) -> None:
        """Selection is GUI state; not modelled."""

    def get_selected_notes_extended(self) -> tuple[MidiNote, ...]:
        self._midi_only()
        return ()

    def note_number_to_name(self, midi_pitch: int, /) -> str:
        pitch = as_int(self, "midi_pitch", midi_pitch)
        return f"{_NOTE_NAMES[pitch % 12]}{pitch // 12 - 2}"

    def duplicate_loop(self) -> None:
        """Double the loop: the loop's notes and envelope breakpoints are copied after it
        and loop_end moves on."""
        span = self._loop_end - self._loop_start
        if not self._is_audio:
            copies = self._notes.shifted_copies(self._loop_start, self._loop_end, span)
            if copies:
                self._notes.add_notes(copies)
                self._notify("notes")
        for envelope in self._envelopes.values():
            envelope._repeat(self._loop_start, self._loop_end)
        old_loop_end = self._loop_end
        self.loop_end = old_loop_end + span
        if self._end_marker == old_loop_end:
            self.end_marker = self._loop_end

    def crop(self) -> None:
        """Drop what lies outside the loop (or the markers) and start the clip at 0."""
        start, end = (self._loop_start, self._loop_end) if self._looping else (
            self._start_marker, self._end_marker)
        if not self._is_audio:
            kept = [n for n in self._notes.clear() if start <= n.start_time < end]
            self._notes.add_notes(n._with(start_time=n.start_time - start) for n in kept)
            self._notify("notes")
        for envelope in self._envelopes.values():
            envelope._shift(-start)
        self._set_field("loop_start", 0.0)
        self._set_field("start_marker", 0.0)
        self._set_field("loop_end", end - start)
        self._set_field("end_marker", end - start)

    # -- automation envelopes -----------------------------------------------------------------

    @property
    def automation_envelopes(self) -> Vector[Envelope]:
        return Vector(list(self._envelopes.values()))

    def _envelope_target(self, device_parameter: Any) -> DeviceParameter | None:
        """The parameter when this session clip may hold its envelope, else None."""
        from livectl.emulator.lom.device import DeviceParameter

        if not isinstance(device_parameter, DeviceParameter):
            raise TypeError(
                f"expected a Live.DeviceParameter.DeviceParameter, got "
                f"{type(device_parameter).__name__}")
        if self._slot is None or owner_track(device_parameter) is not self._slot._track:
            return None
        return device_parameter

    def automation_envelope(self, device_parameter: DeviceParameter, /) -> Envelope | None:
        """The parameter's envelope; None when there is none, for arrangement clips and for
        parameters of another track (as Live documents it)."""
        parameter = self._envelope_target(device_parameter)
        return None if parameter is None else self._envelopes.get(parameter)

    def create_automation_envelope(self, device_parameter: DeviceParameter, /) -> Envelope:
        check_not_notifying()
        parameter = self._envelope_target(device_parameter)
        if parameter is None:
            raise RuntimeError(NOT_SESSION_OR_OTHER_TRACK)
        if parameter in self._envelopes:
            # Live documents that this "should only be used if the envelope doesn't exist";
            # its text for the refusal is not known.
            raise RuntimeError("An envelope for this parameter already exists in the clip")
        envelope = Envelope(self, parameter)
        self._envelopes[parameter] = envelope
        self._envelopes_changed([parameter])
        return envelope

    def clear_envelope(self, device_parameter: DeviceParameter, /) -> None:
        check_not_notifying()
        parameter = self._envelope_target(device_parameter)
        if parameter is not None and self._envelopes.pop(parameter, None) is not None:
            self._envelopes_changed([parameter])

    def clear_all_envelopes(self) -> None:
        check_not_notifying()
        if self._envelopes:
            gone = list(self._envelopes)
            self._envelopes.clear()
            self._envelopes_changed(gone)

    def _envelopes_changed(self, parameters: list[DeviceParameter]) -> None:
        self._set_field("has_envelopes", bool(self._envelopes))
        refresh_automation_state(self._owner_track(), parameters)

    def _attached(self) -> None:
        """Put into a slot: envelopes loaded from a copy find their parameters on its track."""
        if self._pending_envelopes:
            self._resolve_envelopes()
        elif self._envelopes:
            refresh_automation_state(self._owner_track(), list(self._envelopes))

    def _resolve_envelopes(self) -> None:
        track = self._owner_track()
        if track is None or self._slot is None:
            return
        pending, self._pending_envelopes = self._pending_envelopes, []
        for item in pending:
            parameter = resolve_parameter_ref(track, item.get("parameter"))
            if parameter is None:
                continue  # that device is not on this track: the envelope is dropped
            envelope = Envelope(self, parameter)
            envelope._load(item.get("points", ()))
            self._envelopes[parameter] = envelope
        self._has_envelopes = bool(self._envelopes)
        refresh_automation_state(track, list(self._envelopes))

    def _drop_listeners(self) -> None:
        """The clip left the set: its listeners go, and its envelopes stop automating."""
        super()._drop_listeners()
        if self._envelopes:
            refresh_automation_state(self._owner_track(), list(self._envelopes))

    @staticmethod
    def _check_range(from_pitch: Any, pitch_span: Any, from_time: Any, time_span: Any) -> None:
        for name, value in (("from_pitch", from_pitch), ("pitch_span", pitch_span)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name} must be an int, got {type(value).__name__}")
        for name, value in (("from_time", from_time), ("time_span", time_span)):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError(f"{name} must be a float, got {type(value).__name__}")

    # -- snapshot ---------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self._name,
            "is_audio_clip": self._is_audio,
            "color_index": self._color_index,
            "looping": self._looping,
            "loop_start": self._loop_start,
            "loop_end": self._loop_end,
            "start_marker": self._start_marker,
            "end_marker": self._end_marker,
            "launch_mode": self._launch_mode,
            "launch_quantization": self._launch_quantization,
            "legato": self._legato,
            "muted": self._muted,
            "velocity_amount": self._velocity_amount,
            "signature_numerator": self._signature_numerator,
            "signature_denominator": self._signature_denominator,
        }
        if self._is_audio:
            data.update(
                gain=self._gain,
                pitch_coarse=self._pitch_coarse,
                pitch_fine=self._pitch_fine,
                warping=self._warping,
                warp_mode=self._warp_mode,
                ram_mode=self._ram_mode,
                file_path=self._file_path,
                sample_rate=self._sample_rate,
                seconds_per_beat=self._seconds_per_beat,
            )
        else:
            data["notes"] = [n.to_dict() for n in self._notes]
        track = self._owner_track()
        envelopes = [{"parameter": parameter_ref(track, p), "points": e.to_list()}
                     for p, e in self._envelopes.items()] if track is not None else []
        if self._pending_envelopes:
            envelopes += self._pending_envelopes
        data["envelopes"] = [e for e in envelopes if e["parameter"] is not None]
        if self.is_arrangement_clip and self._track is not None:
            data.update(start_time=self._start_time, end_time=self._arr_end,
                        arrangement_offset=self._arr_offset)
        return data

    def _load(self, data: dict[str, Any]) -> None:
        for key in ("name", "color_index", "looping", "loop_start", "loop_end", "start_marker",
                    "end_marker", "launch_mode", "launch_quantization", "legato", "muted",
                    "velocity_amount", "signature_numerator", "signature_denominator", "gain",
                    "pitch_coarse", "pitch_fine", "warping", "warp_mode", "ram_mode",
                    "file_path", "sample_rate", "seconds_per_beat"):
            if key in data:
                setattr(self, "_" + key, data[key])
        if not self._is_audio:
            self._notes.clear()
            self._notes.add_notes(MidiNote(**n) for n in data.get("notes", ()))
        self._pending_envelopes = [dict(e) for e in data.get("envelopes", ())]
        if self._slot is not None:
            self._resolve_envelopes()
