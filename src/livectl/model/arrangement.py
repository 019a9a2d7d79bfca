"""Arrangement clips (livectl's script only): Clip objects addressed by (track, arrangement
index), with the same note calls as session clips.

Live keeps a track's arrangement clips sorted by start time, so an index names the n-th clip
from the left *now*: creating a clip before it shifts it. ``track.arrangement_clips`` reads
them afresh; ``track.create_midi_clip`` and ``clip.duplicate_to_arrangement`` return the new
clip with the index Live gave it.
"""

from __future__ import annotations

from typing import Any

from livectl.client._request import Op
from livectl.errors import ProtocolError, UnsupportedError
from livectl.model._binding import Binding, Io
from livectl.model._props import ArrangementClipProps
from livectl.model.automation import MAX_BEATS, Envelope
from livectl.model.clip import Clip

__all__ = ["MAX_BEATS", "ArrangementClip", "arrangement_clips", "created_clip"]


class ArrangementClip(ArrangementClipProps, Clip):
    """A clip in a track's arrangement: name, muted, start_time, end_time, length,
    is_playing, playing_position; notes as on session clips (``notes``, ``add_notes``,
    ``set_notes``, ``remove_notes``, by id too). Not launchable; no clip automation (Live's
    API keeps clip envelopes on session clips only)."""

    DOMAIN = "arrangement_clip"

    def __init__(self, binding: Binding, index: tuple[int, ...], name: str | None = None) -> None:
        super().__init__(binding, index)
        self._name = name

    @property
    def arrangement_index(self) -> int:
        return self._index[1]

    def fire(self) -> Io[None]:
        raise UnsupportedError("an arrangement clip is not launched: play the song from its "
                               "start_time (song.current_song_time, song.start_playing())")

    stop = fire

    def duplicate_loop(self) -> Io[None]:
        raise UnsupportedError("duplicate_loop is a session clip call in livectl")

    def duplicate_to_arrangement(self, time: float) -> Io[ArrangementClip]:
        raise UnsupportedError("duplicate_to_arrangement copies a session clip; this clip is "
                               "in the arrangement already")

    def automation(self, parameter: Any) -> Envelope:
        raise UnsupportedError(
            "Live's API has no clip automation envelopes for arrangement clips "
            "(Clip.automation_envelope works on session clips only): automate a session clip "
            "and duplicate it to the arrangement, or draw arrangement automation in Live")

    def clear_automation(self) -> Io[None]:
        self.automation(None)  # raises UnsupportedError, as Live has no such envelopes

    def __repr__(self) -> str:
        name = f" {self._name!r}" if self._name is not None else ""
        return f"<ArrangementClip {self._index[0]} {self._index[1]}{name}>"


def arrangement_clips(binding: Binding, track: int,
                      op: Op[tuple[Any, ...]]) -> Op[list[ArrangementClip]]:
    """Clip objects from ``/live/track/get/arrangement_clips`` (start, end, length, name)."""
    values = yield from op
    if len(values) % 4:
        raise ProtocolError(f"arrangement_clips reply has {len(values)} values, not groups of 4")
    return [ArrangementClip(binding, (track, i // 4), str(values[i + 3]))
            for i in range(0, len(values), 4)]


def created_clip(binding: Binding, track: int, op: Op[tuple[Any, ...]]) -> Op[ArrangementClip]:
    """The clip a create/duplicate call made, from the arrangement index it replied."""
    values = yield from op
    return ArrangementClip(binding, (track, int(values[-1])))
