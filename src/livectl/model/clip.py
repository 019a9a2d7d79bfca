"""Clip slots and clips (``/live/clip_slot/...``, ``/live/clip/...``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from livectl.checks import check_duration, check_index, check_real_range
from livectl.client._request import Batch, Op, Request
from livectl.errors import LiveError
from livectl.model import _ext, _ops
from livectl.model._base import LiveObject
from livectl.model._binding import Io
from livectl.model._props import ClipProps, ClipSlotProps
from livectl.model.automation import MAX_BEATS, Envelope, automation_target
from livectl.model.note import (
    FULL_RANGE,
    Note,
    as_notes,
    note_range,
    read_notes,
    remove_notes,
    replace_notes,
    write_notes,
)
from livectl.model.notes_ext import (
    check_ids,
    is_extended,
    modify_notes,
    notes_by_id,
    read_extended,
    remove_by_id,
    remove_range,
    replace_extended,
    write_extended,
)
from livectl.protocol import endpoint

if TYPE_CHECKING:
    from livectl.model.arrangement import ArrangementClip

__all__ = ["Clip", "ClipSlot"]

_CREATE = endpoint("clip_slot", "create_clip")
_HAS_CLIP = endpoint("clip_slot", "has_clip")


def _create_clip(index: tuple[int, int], length: float) -> Op[None]:
    # Confirmed by a barrier (so "slot already has a clip" reaches the caller), then checked
    # with has_clip: when this returns, the clip exists and notes can be added at once.
    yield Request(_CREATE.call_address, (*index, length), confirm=True)
    has = yield Request(_HAS_CLIP.get_address, index, prefix=2, idempotent=True)
    if not has or not has[0]:
        raise LiveError(f"create_clip did not create a clip in slot {index}", address=_CREATE.call_address)


def _all(requests: tuple[Request, ...]) -> Op[None]:
    results = yield Batch(requests)
    for r in results:
        if isinstance(r, BaseException):
            raise r


class ClipSlot(ClipSlotProps, LiveObject):
    """``song.tracks[t].clip_slots[c]``: ``has_clip``, ``create_clip``, ``fire``, ``stop``..."""

    DOMAIN = "clip_slot"

    @property
    def track_index(self) -> int:
        return self._index[0]

    @property
    def slot_index(self) -> int:
        return self._index[1]

    @property
    def clip(self) -> Clip:
        """The clip in this slot (no I/O; reading it answers /live/error if the slot is empty)."""
        return Clip(self._binding, self._index)

    def create_clip(self, length: float = 4.0) -> Io[Clip]:
        """Create an empty MIDI clip of ``length`` beats; returns the Clip once it exists."""
        length = check_duration(length, "length")
        op = _create_clip((self._index[0], self._index[1]), length)
        clip = self.clip
        return self._run(_ops.mapped(op, lambda _: clip))

    def fire(self) -> Io[None]:
        return self._call("fire")

    def stop(self) -> Io[None]:
        return self._call("stop")

    def delete_clip(self) -> Io[None]:
        return self._call("delete_clip")

    delete = delete_clip

    def duplicate_clip_to(self, track: int, slot: int) -> Io[None]:
        return self._call("duplicate_clip_to", check_index(track, "track"), check_index(slot, "slot"))

    def __repr__(self) -> str:
        return f"<ClipSlot {self._index[0]} {self._index[1]}>"


class Clip(ClipProps, LiveObject):
    """A session clip at (track, slot). Notes are read and written in safe-sized pages."""

    DOMAIN = "clip"

    def __init__(self, binding: Any, index: tuple[int, ...]) -> None:
        super().__init__(binding, index)
        # How many notes this object last saw in the clip: a hint for paging the next read.
        self._known_notes = 0

    @property
    def _ti(self) -> tuple[int, int]:
        return (self._index[0], self._index[1])

    def _counted(self, op: Op[list[Note]]) -> Op[list[Note]]:
        notes = yield from op
        self._known_notes = len(notes)
        return notes

    def _extended(self, notes: Sequence[Note] = ()) -> bool:
        """Whether notes travel with Live 12's fields and ids (livectl's script): always for
        arrangement clips; for session clips when the script answers. Refuses, before
        sending, notes with those fields on plain AbletonOSC."""
        if self.DOMAIN != "clip":
            _ext.require(self._binding, f"{self.DOMAIN} notes")
            return True
        capabilities = self._binding.capabilities()
        if capabilities is not None and _ext.CAPABILITY in capabilities:
            return True
        if any(is_extended(n) for n in notes):
            _ext.require(self._binding, "notes with probability, velocity_deviation or "
                                        "release_velocity")
        return False

    @property
    def notes(self) -> Io[list[Note]]:
        """Every note, sorted by (pitch, start_beats); paged, so 10,000+ notes work. With
        livectl's script the notes carry Live 12's fields and their note_id."""
        if self._extended():
            return self._run(self._counted(read_extended(self.DOMAIN, self._ti,
                                                         expected=self._known_notes)))
        return self._run(self._counted(read_notes(self._ti, expected=self._known_notes)))

    @notes.setter
    def notes(self, notes: Iterable[Note | Sequence[Any]]) -> None:
        self.set_notes(notes)

    def get_notes(self, pitch_start: int = 0, pitch_span: int = 128,
                  time_start: float = FULL_RANGE[2], time_span: float = FULL_RANGE[3]) -> Io[list[Note]]:
        """Notes with ``pitch_start <= pitch < pitch_start + pitch_span`` and start time in
        ``[time_start, time_start + time_span)``."""
        rng = note_range(pitch_start, pitch_span, time_start, time_span)
        if self._extended():
            return self._run(read_extended(self.DOMAIN, self._ti, rng))
        return self._run(read_notes(self._ti, rng))

    def add_notes(self, notes: Iterable[Note | Sequence[Any]]) -> Io[int]:
        """Add notes (existing ones stay); returns the number added once Live has them all."""
        checked = as_notes(notes)
        self._known_notes += len(checked)
        if self._extended(checked) and (self.DOMAIN != "clip" or any(map(is_extended, checked))):
            return self._run(write_extended(self.DOMAIN, self._ti, checked))
        return self._run(write_notes(self._ti, checked))

    def set_notes(self, notes: Iterable[Note | Sequence[Any]]) -> Io[int]:
        """Replace every note of the clip with ``notes``."""
        checked = as_notes(notes)
        self._known_notes = len(checked)
        session = self._extended(checked)  # livectl's script: requests are applied once
        if session and (self.DOMAIN != "clip" or any(map(is_extended, checked))):
            return self._run(replace_extended(self.DOMAIN, self._ti, checked))
        return self._run(replace_notes(self._ti, checked, session=session))

    def remove_notes(self, pitch_start: int = 0, pitch_span: int = 128,
                     time_start: float = FULL_RANGE[2], time_span: float = FULL_RANGE[3]) -> Io[None]:
        """Remove notes in the range (default: all, including pitch 127)."""
        rng = note_range(pitch_start, pitch_span, time_start, time_span)
        if self.DOMAIN != "clip":
            _ext.require(self._binding, f"{self.DOMAIN} notes")
            return self._run(remove_range(self.DOMAIN, self._ti, rng))
        return self._run(remove_notes(self._ti, rng))

    def fire(self) -> Io[None]:
        return self._call("fire")

    def stop(self) -> Io[None]:
        return self._call("stop")

    def duplicate_loop(self) -> Io[None]:
        return self._call("duplicate_loop")

    # -- livectl's script: note ids, automation, the arrangement -----------------------------

    def notes_by_id(self, ids: Iterable[int | Note]) -> Io[list[Note]]:
        """The notes with these ids (ints, or Notes read from this clip), each with its
        note_id, in the order asked (Live refuses an id the clip does not hold)."""
        checked = check_ids(ids)
        self._ep("notes_by_id")  # livectl's script only: refused before sending otherwise
        return self._run(notes_by_id(self.DOMAIN, self._ti, checked))

    def modify_notes(self, notes: Iterable[Note]) -> Io[None]:
        """Change notes in place (Live's apply_note_modifications): each Note carries the
        note_id it was read with, and its other fields are written as given, e.g.
        ``clip.modify_notes([dataclasses.replace(n, probability=0.5) for n in clip.notes])``."""
        requests = modify_notes(self.DOMAIN, self._ti, notes, self._binding.confirm_writes)
        self._ep("modify/notes")
        return self._run(_all(requests))

    def remove_notes_by_id(self, ids: Iterable[int | Note]) -> Io[None]:
        """Remove the notes with these ids (ints, or Notes read from this clip)."""
        checked = check_ids(ids)
        self._ep("remove/notes_by_id")
        return self._run(remove_by_id(self.DOMAIN, self._ti, checked))

    def automation(self, parameter: Any) -> Envelope:
        """The automation envelope of ``parameter`` in this session clip: a device Parameter
        of the clip's track, ``"volume"``, ``"panning"`` or ``("send", i)``. No I/O until
        used; the envelope is created by its first ``insert_step``."""
        _ext.require(self._binding, "clip.automation")
        return Envelope(self._binding, self._ti, automation_target(self._index[0], parameter))

    def clear_automation(self) -> Io[None]:
        """Remove every automation envelope of this clip (Live's clear_all_envelopes)."""
        return self._call("clear_all_envelopes")

    def duplicate_to_arrangement(self, time: float) -> Io[ArrangementClip]:
        """Copy this session clip into its track's arrangement at ``time`` beats; returns the
        arrangement clip."""
        from livectl.model.arrangement import created_clip  # arrangement builds on Clip

        time = check_real_range("time", time, 0.0, MAX_BEATS)
        op = _ext.call_reply(self._ep("duplicate_to_arrangement"), (*self._ti, time))
        return self._run(created_clip(self._binding, self._index[0], op))

    def __repr__(self) -> str:
        name = f" {self._name!r}" if self._name is not None else ""
        return f"<Clip {self._index[0]} {self._index[1]}{name}>"
