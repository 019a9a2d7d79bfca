"""Tools for the arrangement (clips on a track's timeline) and clip automation; both need
livectl's remote script (plain AbletonOSC has neither)."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, ConfigDict, Field

from livectl.mcp._registry import Ctx, tool
from livectl.mcp.tools._common import (
    MAX_BEATS,
    Beats,
    Length,
    NoteIn,
    SlotIndex,
    TrackIndex,
    check_clip,
    check_track,
)
from livectl.mcp.tools.clips import MAX_NOTES, write_notes

__all__: list[str] = []

_MIXER = ("volume", "panning")


def _arrangement_clips(ctx: Ctx, track: int) -> list[dict[str, Any]]:
    flat = ctx.live.query("/live/track/get/arrangement_clips", track)[1:]
    return [{"index": i // 4, "start_beats": flat[i], "end_beats": flat[i + 1],
             "length_beats": flat[i + 2], "name": flat[i + 3]} for i in range(0, len(flat), 4)]


@tool("Read a track's arrangement", writes=False)
def get_arrangement(ctx: Ctx, track: TrackIndex) -> dict[str, Any]:
    """The clips on a track's arrangement timeline, by start time (index, start, end,
    length in beats, name)."""
    ctx.require_extensions("the arrangement")
    check_track(ctx, track)
    return {"track": track, "clips": _arrangement_clips(ctx, track)}


@tool("Create an arrangement clip", writes=True)
def create_arrangement_clip(
    ctx: Ctx,
    track: TrackIndex,
    start_beats: Beats,
    length_beats: Length,
    name: Annotated[str | None, Field(max_length=200)] = None,
    notes: Annotated[list[NoteIn] | None, Field(max_length=MAX_NOTES)] = None,
) -> dict[str, Any]:
    """Create a MIDI clip on a MIDI track's arrangement timeline at start_beats, optionally
    named and with notes (times from the clip start)."""
    ctx.require_extensions("the arrangement")
    check_track(ctx, track)
    live = ctx.live
    _, index = live.query("/live/track/create_midi_clip", track, start_beats, length_beats)
    if name is not None:
        live.send("/live/arrangement_clip/set/name", track, index, name, confirm=True)
    out: dict[str, Any] = {"track": track, "index": index, "start_beats": start_beats,
                           "length_beats": length_beats}
    if notes:
        out |= write_notes(ctx, "arrangement_clip", (track, index), notes)
    return out


@tool("Copy a session clip to the arrangement", writes=True)
def duplicate_clip_to_arrangement(ctx: Ctx, track: TrackIndex, slot: SlotIndex,
                                  time_beats: Beats) -> dict[str, Any]:
    """Copy the clip in a session slot onto the same track's arrangement at time_beats."""
    ctx.require_extensions("the arrangement")
    check_clip(ctx, track, slot)
    reply = ctx.live.query("/live/clip/duplicate_to_arrangement", track, slot, time_beats)
    return {"track": track, "index": reply[-1], "start_beats": time_beats}


@tool("Delete an arrangement clip", writes=True, destructive=True)
def delete_arrangement_clip(
    ctx: Ctx, track: TrackIndex,
    index: Annotated[int, Field(ge=0, le=99999, description="from get_arrangement")],
) -> str:
    """Delete a clip from a track's arrangement (undo brings it back)."""
    ctx.require_extensions("the arrangement")
    check_track(ctx, track)
    n = len(_arrangement_clips(ctx, track))
    if not 0 <= index < n:
        raise ToolError(f"index must be in range 0..{n - 1} (track {track} has {n} "
                        f"arrangement clips), got {index}" if n else
                        f"track {track} has no arrangement clips")
    ctx.live.send("/live/track/delete_arrangement_clip", track, index, confirm=True)
    return f"deleted arrangement clip {index} of track {track}"


# -- automation -------------------------------------------------------------------------------


class Point(BaseModel):
    """One automation step: the value from time_beats for duration_beats."""

    model_config = ConfigDict(extra="forbid")

    time_beats: Annotated[float, Field(ge=0.0, le=MAX_BEATS)]
    value: float
    duration_beats: Annotated[float, Field(ge=0.0, le=MAX_BEATS)] = 0.0


def _target(ctx: Ctx, track: int, device: int, parameter: str) -> tuple[int, int, str]:
    """(device, parameter index, name): device -1 is the mixer (volume, panning, send A...)."""
    if device == -1:
        names = [*_MIXER, *(f"send {chr(65 + i)}" for i in range(12))]
    else:
        n = int(ctx.live.query("/live/track/get/num_devices", track)[-1])
        if not 0 <= device < n:
            raise ToolError(f"device must be -1 (the mixer) or in range 0..{n - 1}, got {device}")
        names = list(ctx.live.query("/live/device/get/parameters/name", track, device)[2:])
    lowered = [str(n).lower() for n in names]
    if parameter.lower() not in lowered:
        raise ToolError(f"parameter must be one of {', '.join(map(str, names))}; got "
                        f"{parameter!r}")
    p = lowered.index(parameter.lower())
    return device, p, str(names[p])


@tool("Write automation into a clip", writes=True)
def write_automation(
    ctx: Ctx,
    track: TrackIndex,
    slot: SlotIndex,
    parameter: Annotated[str, Field(min_length=1, max_length=200, description=(
        "a parameter name from get_device, or volume / panning / send A.. with device -1"))],
    points: Annotated[list[Point], Field(min_length=1, max_length=2000)],
    device: Annotated[int, Field(ge=-1, le=999, description="-1: the track's mixer")] = -1,
) -> dict[str, Any]:
    """Draw a parameter's automation in a session clip: each point holds value from
    time_beats for duration_beats (0: a single breakpoint). Values are in the parameter's
    own range (volume 0..1, panning -1..1). Existing automation of the parameter is kept
    outside the points' times."""
    ctx.require_extensions("automation")
    check_clip(ctx, track, slot)
    d, p, name = _target(ctx, track, device, parameter)
    live = ctx.live
    try:
        live.query("/live/clip/get/automation_envelope", track, slot, d, p)
    except Exception:  # none yet: make one
        live.send("/live/clip/create_automation_envelope", track, slot, d, p, confirm=True)
    for pt in points:
        live.send("/live/clip/automation/insert_step", track, slot, d, p, pt.time_beats,
                  pt.duration_beats, pt.value, confirm=True)
    return {"track": track, "slot": slot, "device": d, "parameter": name,
            "points_written": len(points), "envelope": _envelope(ctx, track, slot, d, p)}


def _envelope(ctx: Ctx, track: int, slot: int, d: int, p: int) -> list[list[float]]:
    flat = ctx.live.query("/live/clip/get/automation_envelope", track, slot, d, p)[4:]
    return [[round(flat[i], 4), round(flat[i + 1], 4)] for i in range(0, len(flat), 2)]


@tool("Read automation from a clip", writes=False)
def get_automation(
    ctx: Ctx, track: TrackIndex, slot: SlotIndex,
    parameter: Annotated[str, Field(min_length=1, max_length=200)],
    device: Annotated[int, Field(ge=-1, le=999, description="-1: the track's mixer")] = -1,
) -> dict[str, Any]:
    """A parameter's automation breakpoints in a session clip, as [time_beats, value]."""
    ctx.require_extensions("automation")
    check_clip(ctx, track, slot)
    d, p, name = _target(ctx, track, device, parameter)
    try:
        points = _envelope(ctx, track, slot, d, p)
    except Exception:
        points = []
    return {"track": track, "slot": slot, "device": d, "parameter": name, "envelope": points}


@tool("Clear automation in a clip", writes=True, destructive=True)
def clear_automation(
    ctx: Ctx, track: TrackIndex, slot: SlotIndex,
    parameter: Annotated[str | None, Field(max_length=200, description=(
        "one parameter; none: every envelope of the clip"))] = None,
    device: Annotated[int, Field(ge=-1, le=999)] = -1,
) -> str:
    """Remove a parameter's automation from a session clip, or all of the clip's automation."""
    ctx.require_extensions("automation")
    check_clip(ctx, track, slot)
    if parameter is None:
        ctx.live.send("/live/clip/clear_all_envelopes", track, slot, confirm=True)
        return f"cleared every envelope of track {track} slot {slot}"
    d, p, name = _target(ctx, track, device, parameter)
    ctx.live.send("/live/clip/clear_envelope", track, slot, d, p, confirm=True)
    return f"cleared {name} in track {track} slot {slot}"
