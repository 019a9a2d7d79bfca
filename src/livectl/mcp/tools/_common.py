"""Argument types shared by the tools (their JSON schema comes from these) and the checks
that need Live (an index inside the set, a slot that holds a clip)."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, ConfigDict, Field

from livectl.mcp._registry import Ctx

__all__ = [
    "Beats",
    "Length",
    "NoteIn",
    "Optional01",
    "SceneIndex",
    "SlotIndex",
    "TrackIndex",
    "check_clip",
    "check_scene",
    "check_slot",
    "check_track",
    "count",
]

# Live's arrangement ends at 1,576,800 beats; no clip position or length goes beyond it.
MAX_BEATS = 1_576_800.0

TrackIndex = Annotated[int, Field(ge=0, le=9999, description=(
    "track index, 0-based (Live's track 1 is 0); get_set lists them"))]
SlotIndex = Annotated[int, Field(ge=0, le=9999, description=(
    "clip slot index, 0-based: the scene row (Live's scene 1 is 0)"))]
SceneIndex = Annotated[int, Field(ge=0, le=9999, description="scene index, 0-based")]
Beats = Annotated[float, Field(ge=0.0, le=MAX_BEATS, description="a time in beats")]
Length = Annotated[float, Field(gt=0.0, le=MAX_BEATS, description=(
    "a length in beats (a 4/4 bar is 4 beats)"))]
Optional01 = Annotated[float | None, Field(ge=0.0, le=1.0)]


class NoteIn(BaseModel):
    """One note, with Live 12's fields (probability, velocity deviation, release velocity)."""

    model_config = ConfigDict(extra="forbid")

    pitch: Annotated[int, Field(ge=0, le=127, description="MIDI pitch, 60 = C3 (middle C)")]
    start: Annotated[float, Field(ge=0.0, le=MAX_BEATS, description="start in beats")]
    duration: Annotated[float, Field(gt=0.0, le=MAX_BEATS, description="length in beats")]
    velocity: Annotated[float, Field(ge=1.0, le=127.0)] = 100.0
    mute: bool = False
    probability: Annotated[float, Field(ge=0.0, le=1.0, description=(
        "chance the note plays (Live 12)"))] = 1.0
    velocity_deviation: Annotated[float, Field(ge=-127.0, le=127.0, description=(
        "random velocity range added on each play (Live 12)"))] = 0.0
    release_velocity: Annotated[float, Field(ge=0.0, le=127.0)] = 64.0

    @property
    def plain(self) -> bool:
        """True when it has nothing plain AbletonOSC would drop."""
        return (self.probability == 1.0 and self.velocity_deviation == 0.0
                and self.release_velocity == 64.0)


def count(ctx: Ctx, address: str, *args: Any) -> int:
    return int(ctx.live.query(address, *args)[-1])


def _in_range(field: str, value: int, size: int, what: str) -> None:
    if size == 0:
        raise ToolError(f"{field} {value}: the set has no {what}s")
    if not 0 <= value < size:
        raise ToolError(f"{field} must be in range 0..{size - 1} (the set has {size} {what}s), "
                        f"got {value}")


def check_track(ctx: Ctx, track: int) -> None:
    _in_range("track", track, count(ctx, "/live/song/get/num_tracks"), "track")


def check_scene(ctx: Ctx, scene: int, field: str = "scene") -> None:
    _in_range(field, scene, count(ctx, "/live/song/get/num_scenes"), "scene")


def check_slot(ctx: Ctx, track: int, slot: int) -> None:
    check_track(ctx, track)
    check_scene(ctx, slot, "slot")


def check_clip(ctx: Ctx, track: int, slot: int) -> None:
    """The slot exists and holds a clip."""
    check_slot(ctx, track, slot)
    if not ctx.live.query("/live/clip_slot/get/has_clip", track, slot)[-1]:
        raise ToolError(f"track {track} slot {slot} holds no clip: create_clip (or "
                        "generate_melody / generate_drums) makes one")
