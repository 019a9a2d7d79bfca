"""Tools for clip slots, session clips and their notes (with Live 12's note fields)."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from livectl.mcp._registry import Ctx, tool
from livectl.mcp.tools._common import (
    MAX_BEATS,
    Length,
    NoteIn,
    SlotIndex,
    TrackIndex,
    check_clip,
    check_slot,
)
from livectl.model import Note

__all__ = ["note_dicts", "read_notes", "write_notes"]

MAX_NOTES = 5000
# Notes per add/notes_extended message: 8 values of 4 bytes plus 8 type tags each, so 150
# notes stay well below the 8,000-byte datagrams the client keeps to.
_PAGE = 150
_EXT_FIELDS = ("note_id", "pitch", "start", "duration", "velocity", "mute", "probability",
               "velocity_deviation", "release_velocity")

Notes = Annotated[list[NoteIn], Field(max_length=MAX_NOTES)]


def write_notes(ctx: Ctx, where: str, index: tuple[int, int], notes: list[NoteIn]) -> dict[str, Any]:
    """Add ``notes`` to the clip at ``index`` (``where``: clip or arrangement_clip)."""
    if ctx.extended:
        ids: list[int] = []
        for i in range(0, len(notes), _PAGE):
            flat: list[Any] = []
            for n in notes[i:i + _PAGE]:
                flat += (n.pitch, float(n.start), float(n.duration), float(n.velocity),
                         n.mute, float(n.probability), float(n.velocity_deviation),
                         float(n.release_velocity))
            ids += ctx.live.query(f"/live/{where}/add/notes_extended", *index, *flat)[2:]
        return {"added": len(notes), "note_ids": ids}
    if where != "clip":
        ctx.require_extensions("notes in arrangement clips")
    clip = ctx.live.song.tracks[index[0]].clip_slots[index[1]].clip
    clip.add_notes([Note(n.pitch, n.start, n.duration, n.velocity, n.mute) for n in notes])
    out: dict[str, Any] = {"added": len(notes)}
    if not all(n.plain for n in notes):
        out["note"] = ("probability, velocity_deviation and release_velocity were not written: "
                       "plain AbletonOSC has no Live 12 note fields (livectl's script has)")
    return out


def read_notes(ctx: Ctx, where: str, index: tuple[int, int]) -> list[dict[str, Any]]:
    """Every note of the clip, sorted by start then pitch."""
    if ctx.extended:
        flat = ctx.live.query(f"/live/{where}/get/notes_extended", *index)[2:]
        notes = [dict(zip(_EXT_FIELDS, flat[i:i + 9], strict=True))
                 for i in range(0, len(flat), 9)]
    else:
        clip = ctx.live.song.tracks[index[0]].clip_slots[index[1]].clip
        notes = [{"pitch": n.pitch, "start": n.start_beats, "duration": n.duration_beats,
                  "velocity": n.velocity, "mute": n.mute} for n in clip.notes]
    return sorted(notes, key=lambda n: (n["start"], n["pitch"]))


def note_dicts(notes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rounded for the model to read (float32 values come back as 0.10000000149011612)."""
    out = []
    for n in notes:
        d = {k: round(v, 4) if isinstance(v, float) else v for k, v in n.items()}
        out.append(d)
    return out


@tool("Create a clip", writes=True)
def create_clip(
    ctx: Ctx,
    track: TrackIndex,
    slot: SlotIndex,
    length_beats: Length = 4.0,
    name: Annotated[str | None, Field(max_length=200)] = None,
    notes: Notes | None = None,
) -> dict[str, Any]:
    """Create a MIDI clip in an empty slot of a MIDI track, optionally named and filled with
    notes (times in beats from the clip start). One undo removes the clip with its notes."""
    check_slot(ctx, track, slot)
    live = ctx.live
    if live.query("/live/clip_slot/get/has_clip", track, slot)[-1]:
        raise ToolError(f"track {track} slot {slot} already holds a clip: delete_clip first, "
                        "or pick an empty slot (get_set shows them)")
    if not live.query("/live/track/get/has_midi_input", track)[-1]:
        raise ToolError(f"track {track} is an audio track: MIDI clips go on MIDI tracks")
    clip = live.song.tracks[track].clip_slots[slot].create_clip(length_beats)
    if name is not None:
        clip.name = name
    out: dict[str, Any] = {"track": track, "slot": slot, "length_beats": length_beats}
    if notes:
        out |= write_notes(ctx, "clip", (track, slot), notes)
    return out


@tool("Change a clip", writes=True, idempotent=True)
def set_clip(
    ctx: Ctx,
    track: TrackIndex,
    slot: SlotIndex,
    name: Annotated[str | None, Field(max_length=200)] = None,
    looping: bool | None = None,
    loop_start_beats: Annotated[float | None, Field(ge=0.0, le=MAX_BEATS)] = None,
    loop_end_beats: Annotated[float | None, Field(gt=0.0, le=MAX_BEATS)] = None,
) -> dict[str, Any]:
    """Rename a clip, turn its loop on or off, or move its loop start/end (beats).
    Only the arguments given change."""
    check_clip(ctx, track, slot)
    clip = ctx.live.song.tracks[track].clip_slots[slot].clip
    if name is not None:
        clip.name = name
    if looping is not None:
        clip.looping = looping
    start = clip.loop_start if loop_start_beats is None else loop_start_beats
    end = clip.loop_end if loop_end_beats is None else loop_end_beats
    if end <= start:
        raise ToolError(f"loop_end_beats must be above loop_start_beats ({start:g}), got {end:g}")
    # Live refuses a start past the current end: move the end first when it grows.
    if loop_end_beats is not None and end > clip.loop_end:
        clip.loop_end = end
    if loop_start_beats is not None:
        clip.loop_start = start
    if loop_end_beats is not None:
        clip.loop_end = end
    return {"track": track, "slot": slot, "name": clip.name, "looping": clip.looping,
            "loop_start_beats": clip.loop_start, "loop_end_beats": clip.loop_end,
            "length_beats": clip.length}


@tool("Launch a clip", writes=True, idempotent=True)
def fire_clip(ctx: Ctx, track: TrackIndex, slot: SlotIndex) -> str:
    """Launch the clip in a slot (it starts at the next quantization point; the transport
    starts if it was stopped)."""
    check_clip(ctx, track, slot)
    ctx.live.song.tracks[track].clip_slots[slot].fire()
    return f"fired track {track} slot {slot}"


@tool("Stop a track's clip", writes=True, idempotent=True)
def stop_clip(ctx: Ctx, track: TrackIndex, slot: SlotIndex) -> str:
    """Stop the clip playing in a slot."""
    check_slot(ctx, track, slot)
    ctx.live.song.tracks[track].clip_slots[slot].stop()
    return f"stopped track {track} slot {slot}"


@tool("Delete a clip", writes=True, destructive=True)
def delete_clip(ctx: Ctx, track: TrackIndex, slot: SlotIndex) -> str:
    """Delete the clip in a slot (undo brings it back)."""
    check_clip(ctx, track, slot)
    ctx.live.song.tracks[track].clip_slots[slot].delete_clip()
    return f"deleted the clip in track {track} slot {slot}"


# -- notes ------------------------------------------------------------------------------------


@tool("Add notes to a clip", writes=True)
def add_notes(ctx: Ctx, track: TrackIndex, slot: SlotIndex,
              notes: Annotated[list[NoteIn], Field(min_length=1, max_length=MAX_NOTES)]
              ) -> dict[str, Any]:
    """Add notes to an existing clip (its other notes stay). start/duration in beats from
    the clip start; Live 12 fields: probability 0..1, velocity_deviation, release_velocity."""
    check_clip(ctx, track, slot)
    return write_notes(ctx, "clip", (track, slot), notes)


@tool("Read a clip's notes", writes=False)
def get_notes(ctx: Ctx, track: TrackIndex, slot: SlotIndex) -> dict[str, Any]:
    """Read a clip: name, length, loop and every note (pitch, start, duration, velocity,
    mute, and with livectl's script note_id and Live 12's probability, velocity_deviation,
    release_velocity), sorted by start."""
    check_clip(ctx, track, slot)
    clip = ctx.live.song.tracks[track].clip_slots[slot].clip
    notes = read_notes(ctx, "clip", (track, slot))
    return {"track": track, "slot": slot, "name": clip.name, "length_beats": clip.length,
            "looping": clip.looping, "loop_start_beats": clip.loop_start,
            "loop_end_beats": clip.loop_end, "count": len(notes), "notes": note_dicts(notes)}


@tool("Remove notes from a clip", writes=True, destructive=True)
def remove_notes(
    ctx: Ctx,
    track: TrackIndex,
    slot: SlotIndex,
    note_ids: Annotated[list[int] | None, Field(max_length=MAX_NOTES, description=(
        "remove exactly these notes (ids from get_notes); else the range below"))] = None,
    pitch_from: Annotated[int, Field(ge=0, le=127)] = 0,
    pitch_to: Annotated[int, Field(ge=0, le=127, description="inclusive")] = 127,
    start_from_beats: Annotated[float, Field(ge=0.0, le=MAX_BEATS)] = 0.0,
    start_to_beats: Annotated[float | None, Field(gt=0.0, le=MAX_BEATS, description=(
        "exclusive; default: the end of the clip"))] = None,
) -> dict[str, Any]:
    """Remove notes from a clip: by id, or every note whose pitch is in pitch_from..pitch_to
    and whose start is in [start_from_beats, start_to_beats). With no arguments: all notes."""
    check_clip(ctx, track, slot)
    before = len(read_notes(ctx, "clip", (track, slot)))
    if note_ids is not None:
        ctx.require_extensions("removing notes by id")
        if note_ids:
            ctx.live.send("/live/clip/remove/notes_by_id", track, slot, *note_ids, confirm=True)
    else:
        if pitch_to < pitch_from:
            raise ToolError(f"pitch_to must be >= pitch_from ({pitch_from}), got {pitch_to}")
        end = MAX_BEATS if start_to_beats is None else start_to_beats
        if end <= start_from_beats:
            raise ToolError(f"start_to_beats must be above start_from_beats "
                            f"({start_from_beats:g}), got {end:g}")
        clip = ctx.live.song.tracks[track].clip_slots[slot].clip
        clip.remove_notes(pitch_from, pitch_to - pitch_from + 1, start_from_beats,
                          end - start_from_beats)
    after = len(read_notes(ctx, "clip", (track, slot)))
    return {"removed": before - after, "left": after}
