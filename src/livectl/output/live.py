"""Generated notes into a Live clip, through the livectl client (Live or the emulator).

    with livectl.connect() as live:
        write_clip(live, notes, track=0, slot=0, name="melody")
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from typing import Any

from livectl.checks import check_duration, check_index
from livectl.errors import ValidationError
from livectl.note import Note

__all__ = ["to_clip_notes", "write_clip"]

log = logging.getLogger(__name__)


def to_clip_notes(notes: Iterable[Note]) -> list[Note]:
    """The notes as a checked list (compose and the client share one :class:`Note`).

    A note's MIDI channel has no place in a Live clip (the track decides): it is not sent.
    """
    out = []
    for n in notes:
        if not isinstance(n, Note):
            raise ValidationError(f"expected livectl.Note, got {type(n).__name__}",
                                  field="notes", value=n)
        out.append(n)
    return out


def write_clip(live: Any, notes: Iterable[Note], *, track: int = 0, slot: int = 0,
               length_beats: float | None = None, name: str | None = None,
               replace: bool = True) -> Any:
    """Put ``notes`` into the clip at (track, slot) of a connected sync ``Live``; returns it.

    An empty slot gets a new MIDI clip of ``length_beats`` (default: the notes' end rounded up
    to whole bars of 4 beats). With ``replace`` the clip's old notes go; otherwise they stay.
    """
    clip_notes = to_clip_notes(notes)
    track = check_index(track, "track", allow_negative=False)
    slot = check_index(slot, "slot", allow_negative=False)
    if length_beats is None:
        end = max((n.end_beats for n in clip_notes), default=4.0)
        length_beats = max(4.0, 4.0 * math.ceil(end / 4.0 - 1e-9))
    length_beats = check_duration(length_beats, "length_beats")
    clip_slot = live.song.tracks[track].clip_slots[slot]
    if clip_slot.has_clip:
        clip = clip_slot.clip
    else:
        clip = clip_slot.create_clip(length_beats)
    if replace:
        clip.set_notes(clip_notes)
    else:
        clip.add_notes(clip_notes)
    if name is not None:
        clip.name = name
    log.info("wrote %d notes to clip (%d, %d)", len(clip_notes), track, slot)
    return clip
