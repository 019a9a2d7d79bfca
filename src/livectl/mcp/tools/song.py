"""Tools for the whole set: one compact snapshot, transport and tempo, scenes, undo/redo."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from livectl.mcp._registry import Ctx, tool
from livectl.mcp.tools._common import SceneIndex, check_scene, count

__all__: list[str] = []

_TRACK_PROPS = ("name", "color", "mute", "solo", "arm", "volume", "panning", "has_midi_input")


@tool("Read the set", writes=False)
def get_set(ctx: Ctx) -> dict[str, Any]:
    """Read the whole Live set in one compact snapshot: tempo, time signature, transport,
    every track (index, name, kind, mute/solo/arm, volume 0..1, pan -1..1, devices, and the
    clips in its slots as {slot: {name, length_beats}}), every scene, the return tracks.
    Call this first: the other tools take the 0-based indices it shows."""
    live = ctx.live
    song = live.query_many([(f"/live/song/get/{p}", ()) for p in (
        "tempo", "signature_numerator", "signature_denominator", "is_playing", "loop",
        "loop_start", "loop_length", "metronome", "num_tracks", "num_scenes", "can_undo",
        "can_redo")] + [("/live/song/get/scenes/name", ())])
    tempo, num, den, playing, loop, loop_start, loop_length, metronome, n_tracks, _n_scenes, \
        can_undo, can_redo = (r[0] for r in song[:-1])
    scene_names = list(song[-1])
    per_track = [*_TRACK_PROPS, "clips/name", "clips/length", "devices/name"]
    replies = live.query_many([(f"/live/track/get/{p}", (t,))
                               for t in range(int(n_tracks)) for p in per_track])
    tracks = []
    for t in range(int(n_tracks)):
        row = replies[t * len(per_track):(t + 1) * len(per_track)]
        values = dict(zip(_TRACK_PROPS, (r[-1] for r in row[:len(_TRACK_PROPS)]), strict=True))
        names, lengths, devices = (r[1:] for r in row[len(_TRACK_PROPS):])
        clips = {str(s): {"name": name, "length_beats": lengths[s]}
                 for s, name in enumerate(names) if name is not None}
        tracks.append({
            "index": t, "name": values["name"],
            "kind": "midi" if values["has_midi_input"] else "audio",
            "color": f"#{int(values['color']):06x}",
            "mute": values["mute"], "solo": values["solo"], "arm": values["arm"],
            "volume": round(float(values["volume"]), 4),
            "pan": round(float(values["panning"]), 4),
            "devices": list(devices), "clips": clips,
        })
    out: dict[str, Any] = {
        "tempo_bpm": round(float(tempo), 3), "time_signature": f"{num}/{den}",
        "is_playing": playing, "metronome": metronome,
        "loop": {"on": loop, "start_beats": loop_start, "length_beats": loop_length},
        "can_undo": can_undo, "can_redo": can_redo,
        "tracks": tracks,
        "scenes": [{"index": i, "name": name} for i, name in enumerate(scene_names)],
        "connected_to": "livectl's remote script" if ctx.extended else "AbletonOSC",
    }
    if ctx.extended:
        n_returns = int(live.query("/live/song/get/num_return_tracks")[0])
        out["return_tracks"] = [live.query("/live/return_track/get/name", r)[-1]
                                for r in range(n_returns)]
    return out


@tool("Start or stop the transport", writes=True, idempotent=True)
def transport(ctx: Ctx, action: Literal["play", "stop", "continue", "stop_all_clips"]) -> str:
    """Start playing from the start marker (play), stop, continue from where it stopped,
    or stop every playing clip (stop_all_clips; the transport keeps running)."""
    song = ctx.live.song
    {"play": song.start_playing, "stop": song.stop_playing,
     "continue": song.continue_playing, "stop_all_clips": song.stop_all_clips}[action]()
    return f"{action}: done (is_playing={song.is_playing})"


@tool("Set tempo, time signature, metronome, loop", writes=True, idempotent=True)
def set_song(
    ctx: Ctx,
    tempo_bpm: Annotated[float | None, Field(ge=20.0, le=999.0)] = None,
    numerator: Annotated[int | None, Field(ge=1, le=99, description="time signature top")] = None,
    denominator: Literal[1, 2, 4, 8, 16] | None = None,
    metronome: bool | None = None,
    loop: bool | None = None,
    loop_start_beats: Annotated[float | None, Field(ge=0.0, le=1_576_800.0)] = None,
    loop_length_beats: Annotated[float | None, Field(gt=0.0, le=1_576_800.0)] = None,
) -> dict[str, Any]:
    """Change the song's tempo (BPM), time signature, metronome or arrangement loop.
    Only the arguments given change; the answer shows the new values."""
    song = ctx.live.song
    if tempo_bpm is not None:
        song.tempo = tempo_bpm
    if numerator is not None or denominator is not None:
        song.set_time_signature(numerator or song.signature_numerator,
                                denominator or song.signature_denominator)
    for name, value in (("metronome", metronome), ("loop", loop),
                        ("loop_start", loop_start_beats), ("loop_length", loop_length_beats)):
        if value is not None:
            song.set(name, value)
    return {"tempo_bpm": round(float(song.tempo), 3),
            "time_signature": f"{song.signature_numerator}/{song.signature_denominator}",
            "metronome": song.metronome, "loop": song.loop,
            "loop_start_beats": song.loop_start, "loop_length_beats": song.loop_length}


@tool("Undo", writes=True, undo_step=False)
def undo(ctx: Ctx) -> str:
    """Undo the last change in Live (each tool that changed the set is one step)."""
    song = ctx.live.song
    if not song.can_undo:
        return "nothing to undo"
    song.undo()
    return f"undone (can_undo={song.can_undo}, can_redo={song.can_redo})"


@tool("Redo", writes=True, undo_step=False)
def redo(ctx: Ctx) -> str:
    """Redo the last change that undo took back."""
    song = ctx.live.song
    if not song.can_redo:
        return "nothing to redo"
    song.redo()
    return f"redone (can_undo={song.can_undo}, can_redo={song.can_redo})"


# -- scenes -----------------------------------------------------------------------------------


@tool("Create a scene", writes=True)
def create_scene(
    ctx: Ctx,
    index: Annotated[int, Field(ge=-1, le=9999, description="where; -1: at the end")] = -1,
    name: Annotated[str | None, Field(max_length=200)] = None,
) -> dict[str, Any]:
    """Insert a scene (a row of clip slots across all tracks); returns its index."""
    n = count(ctx, "/live/song/get/num_scenes")
    if index > n:
        raise ToolError(f"index must be in range -1..{n} (the set has {n} scenes), got {index}")
    scene = ctx.live.song.create_scene(index)
    if name is not None:
        scene.name = name
    return {"scene": scene.index[0], "name": name or ""}


@tool("Rename, color or fire a scene", writes=True, idempotent=True)
def set_scene(
    ctx: Ctx,
    scene: SceneIndex,
    name: Annotated[str | None, Field(max_length=200)] = None,
    color: Annotated[str | None, Field(pattern=r"^#[0-9a-fA-F]{6}$",
                                       description="#rrggbb")] = None,
    fire: bool = False,
) -> str:
    """Rename or color a scene, and/or fire it (launch every clip in its row)."""
    check_scene(ctx, scene)
    s = ctx.live.song.scenes[scene]
    if name is not None:
        s.name = name
    if color is not None:
        s.set("color", int(color[1:], 16))
    if fire:
        s.fire()
    return f"scene {scene}: done"


@tool("Delete a scene", writes=True, destructive=True)
def delete_scene(ctx: Ctx, scene: SceneIndex) -> str:
    """Delete a scene and every clip in its row (undo brings them back)."""
    check_scene(ctx, scene)
    ctx.live.song.delete_scene(scene)
    return f"deleted scene {scene}"
