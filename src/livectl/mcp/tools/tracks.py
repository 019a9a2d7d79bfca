"""Tools for tracks: create, name, color, arm, mute, solo, volume, pan, sends, delete."""

from __future__ import annotations

from typing import Annotated, Literal

from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from livectl.mcp._registry import Ctx, tool
from livectl.mcp.tools._common import TrackIndex, check_track, count

__all__: list[str] = []

Color = Annotated[str | None, Field(pattern=r"^#[0-9a-fA-F]{6}$", description=(
    "#rrggbb; Live picks the nearest of its track colors"))]


@tool("Create a track", writes=True)
def create_track(
    ctx: Ctx,
    kind: Literal["midi", "audio"] = "midi",
    index: Annotated[int, Field(ge=-1, le=9999, description="where; -1: at the end")] = -1,
    name: Annotated[str | None, Field(max_length=200)] = None,
    color: Color = None,
) -> dict[str, object]:
    """Insert a MIDI track (for notes and instruments) or an audio track; returns its index.
    A new MIDI track is empty: load_device puts an instrument on it."""
    n = count(ctx, "/live/song/get/num_tracks")
    if index > n:
        raise ToolError(f"index must be in range -1..{n} (the set has {n} tracks), got {index}")
    song = ctx.live.song
    track = song.create_midi_track(index) if kind == "midi" else song.create_audio_track(index)
    if name is not None:
        track.name = name
    if color is not None:
        track.color = int(color[1:], 16)
    return {"track": track.track_index, "kind": kind, "name": track.name}


@tool("Change a track's mixer and name", writes=True, idempotent=True)
def set_track(
    ctx: Ctx,
    track: TrackIndex,
    name: Annotated[str | None, Field(max_length=200)] = None,
    color: Color = None,
    arm: bool | None = None,
    mute: bool | None = None,
    solo: bool | None = None,
    volume: Annotated[float | None, Field(ge=0.0, le=1.0, description=(
        "fader position 0..1; 0.85 is 0 dB"))] = None,
    pan: Annotated[float | None, Field(ge=-1.0, le=1.0, description=(
        "-1 left, 0 center, 1 right"))] = None,
) -> dict[str, object]:
    """Rename, color, arm, mute, solo a track or move its volume fader and pan knob. Only
    the arguments given change; the answer shows the track's new state."""
    check_track(ctx, track)
    t = ctx.live.song.tracks[track]
    if name is not None:
        t.name = name
    if color is not None:
        t.color = int(color[1:], 16)
    if arm is not None:
        t.arm = arm
    for prop, value in (("mute", mute), ("solo", solo), ("volume", volume), ("panning", pan)):
        if value is not None:
            t.set(prop, value)
    return {"track": track, "name": t.name, "color": f"#{int(t.color):06x}", "arm": t.arm,
            "mute": t.mute, "solo": t.solo, "volume": round(float(t.volume), 4),
            "pan": round(float(t.panning), 4)}


@tool("Set a send level", writes=True, idempotent=True)
def set_send(
    ctx: Ctx,
    track: TrackIndex,
    send: Annotated[int, Field(ge=0, le=11, description="0 = send A (to return track A)")],
    level: Annotated[float, Field(ge=0.0, le=1.0)],
) -> str:
    """Set how much of a track goes to a return track (send A is 0, B is 1, ...)."""
    check_track(ctx, track)
    sends = len(ctx.live.query("/live/track/get/sends", track)) - 1 if ctx.extended else None
    if sends is not None and not 0 <= send < max(sends, 1):
        raise ToolError(f"send must be in range 0..{sends - 1} (the set has {sends} return "
                        f"tracks), got {send}" if sends else "the set has no return tracks")
    t = ctx.live.song.tracks[track]
    t.set_send(send, level)
    return f"track {track} send {send}: {float(t.get_send(send)):.3f}"


@tool("Delete a track", writes=True, destructive=True)
def delete_track(ctx: Ctx, track: TrackIndex) -> str:
    """Delete a track with its clips and devices (undo brings it back)."""
    check_track(ctx, track)
    ctx.live.song.delete_track(track)
    return f"deleted track {track}"
