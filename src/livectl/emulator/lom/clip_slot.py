"""Live.ClipSlot.ClipSlot: one cell of the session matrix."""

from __future__ import annotations

import wave
from typing import TYPE_CHECKING

from livectl.emulator.lom._observable import Field, LomObject, as_bool, as_float
from livectl.emulator.lom._palette import color_for_index
from livectl.emulator.lom.clip import Clip
from livectl.emulator.lom.enums import ClipSlotPlayingState

if TYPE_CHECKING:
    from livectl.emulator.lom.track import Track

__all__ = ["ClipSlot"]


class ClipSlot(
    LomObject,
    observable=("has_clip", "has_stop_button", "is_triggered", "playing_status",
                "controls_other_clips", "color", "color_index"),
):
    """A slot on a track. ``clip`` is None when empty (so ``slot.clip.name`` raises
    AttributeError on an empty slot, which AbletonOSC forwards verbatim)."""

    has_stop_button = Field(as_bool)
    is_triggered = Field[bool](readonly=True)

    def __init__(self, track: Track) -> None:
        super().__init__()
        self._track = track
        self._clip: Clip | None = None
        self._has_stop_button = True
        self._is_triggered = False

    def __repr__(self) -> str:
        return f"<ClipSlot {self._index()} of {self._track!r}>"

    def _index(self) -> int:
        return self._track._slots.index(self)

    @property
    def canonical_parent(self) -> Track:
        return self._track

    @property
    def clip(self) -> Clip | None:
        return self._clip

    @property
    def has_clip(self) -> bool:
        return self._clip is not None

    @property
    def is_group_slot(self) -> bool:
        return self._track._kind == "group"

    def _child_slots(self) -> list[ClipSlot]:
        index = self._index()
        return [t._slots[index] for t in self._track._group_children()]

    @property
    def controls_other_clips(self) -> bool:
        return self.is_group_slot and any(s.has_clip for s in self._child_slots())

    @property
    def color_index(self) -> int | None:
        if self._clip is not None:
            return self._clip.color_index
        if self.is_group_slot:
            for slot in self._child_slots():
                if slot._clip is not None:
                    return slot._clip.color_index
        return None

    @property
    def color(self) -> int | None:
        index = self.color_index
        return None if index is None else color_for_index(index)

    @property
    def is_playing(self) -> bool:
        if self.is_group_slot:
            return any(s.is_playing for s in self._child_slots())
        return self._clip is not None and self._clip._playing

    @property
    def is_recording(self) -> bool:
        if self.is_group_slot:
            return any(s.is_recording for s in self._child_slots())
        return self._clip is not None and self._clip._is_recording

    @property
    def playing_status(self) -> ClipSlotPlayingState:
        if self.is_recording:
            return ClipSlotPlayingState.recording
        return ClipSlotPlayingState.started if self.is_playing else ClipSlotPlayingState.stopped

    @property
    def will_record_on_start(self) -> bool:
        return self._clip is None and self._track._can_record()

    # -- clips ------------------------------------------------------------------------------

    def create_clip(self, length: float, /) -> Clip:
        """Make an empty MIDI clip of ``length`` beats (name "", looping 0..length)."""
        beats = as_float(self, "length", length)
        # Live's texts for these refusals are not documented; these say what is wrong.
        if self._track._kind not in ("midi",):
            raise RuntimeError("MIDI clips can only be created on MIDI tracks")
        if self._clip is not None:
            raise RuntimeError("Clip slot already has a clip")
        if beats <= 0.0:
            raise RuntimeError("Invalid clip length: must be > 0")
        if beats > 1e6:
            raise RuntimeError("Invalid clip length: too long")
        clip = Clip(self, beats, color_index=self._track._color_index)
        self._track._song._undo.push(
            "Create Clip", lambda: self._take_clip(), lambda: self._put_clip(clip)
        )
        self._put_clip(clip)
        return clip

    def create_audio_clip(self, file_path: str, /) -> Clip:
        """Make an audio clip from a WAV file (its length at the song's tempo)."""
        if self._track._kind != "audio":
            raise RuntimeError("Audio clips can only be created on audio tracks")
        if self._clip is not None:
            raise RuntimeError("Clip slot already has a clip")
        try:
            with wave.open(str(file_path), "rb") as handle:
                seconds = handle.getnframes() / handle.getframerate()
                rate = float(handle.getframerate())
        except (OSError, EOFError, wave.Error) as exc:
            raise RuntimeError(f"Could not load audio file {file_path!r}: {exc}") from exc
        song = self._track._song
        clip = Clip(self, max(seconds * song.tempo / 60.0, 1e-3), is_audio=True,
                    color_index=self._track._color_index, file_path=str(file_path),
                    sample_rate=rate)
        clip._seconds_per_beat = 60.0 / song.tempo
        song._undo.push("Create Clip", lambda: self._take_clip(), lambda: self._put_clip(clip))
        self._put_clip(clip)
        return clip

    def delete_clip(self) -> None:
        if self._clip is None:
            raise RuntimeError("No clip in this clip slot")
        clip = self._clip
        self._track._song._undo.push(
            "Delete Clip", lambda: self._put_clip(clip), lambda: self._take_clip()
        )
        self._take_clip()

    def duplicate_clip_to(self, target_clip_slot: ClipSlot, /) -> None:
        """Copy the clip (notes, name, settings) into ``target_clip_slot``, replacing its clip."""
        if not isinstance(target_clip_slot, ClipSlot):
            raise TypeError("duplicate_clip_to expects a ClipSlot")
        if self._clip is None:
            raise RuntimeError("Cannot duplicate an empty clip slot")
        source_audio = self._clip._is_audio
        target_kind = target_clip_slot._track._kind
        if target_kind not in ("midi", "audio") or (target_kind == "audio") != source_audio:
            raise RuntimeError("Cannot duplicate a clip to a track of a different type")
        if target_clip_slot is self:
            return
        copy = self._clone()
        previous = target_clip_slot._clip
        song = self._track._song

        def undo() -> None:
            target_clip_slot._take_clip()
            if previous is not None:
                target_clip_slot._put_clip(previous)

        def redo() -> None:
            if target_clip_slot._clip is not None:
                target_clip_slot._take_clip()
            target_clip_slot._put_clip(copy)

        song._undo.push("Duplicate Clip", undo, redo)
        redo()

    def _clone(self) -> Clip:
        assert self._clip is not None
        copy = Clip(None, self._clip.length, is_audio=self._clip._is_audio)
        copy._load(self._clip.to_dict())
        return copy

    def _clone_into(self, target: ClipSlot) -> None:
        """Copy this slot's clip into an empty ``target`` without an undo step of its own."""
        target._put_clip(self._clone())

    def _put_clip(self, clip: Clip) -> None:
        clip._slot = self
        self._clip = clip
        clip._attached()  # its envelopes automate this track's parameters
        self._notify("has_clip")
        self._notify("color")
        self._notify("color_index")
        self._track._song._scene_contents_changed(self._index())

    def _take_clip(self) -> Clip | None:
        clip = self._clip
        if clip is None:
            return None
        self._track._song._transport.forget_clip(self._track, clip)
        self._clip = None
        clip._drop_listeners()
        self._notify("has_clip")
        self._notify("color")
        self._notify("color_index")
        self._track._song._scene_contents_changed(self._index())
        return clip

    # -- launching --------------------------------------------------------------------------

    def fire(self) -> None:
        """Launch the clip; on an empty slot record (armed track) or act as stop button."""
        self._track._song._transport.fire_slot(self._track, self)

    def stop(self) -> None:
        """Stop the track's clip in this slot, as its stop button (quantized)."""
        self._track._request_stop(quantized=True)

    def set_fire_button_state(self, state: bool, /) -> None:
        """Press (True) or release (False) the launch button.

        A press fires; a release stops the clip when its launch mode is Gate (Live's launch
        modes: Trigger and Toggle ignore the release).
        """
        if as_bool(self, "state", state):
            self.fire()
        elif self._clip is not None and self._clip._launch_mode == 1:
            self._track._request_stop(quantized=True)

    def _set_triggered(self, value: bool) -> None:
        self._set_field("is_triggered", value)
