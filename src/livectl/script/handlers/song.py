"""Handlers of /live/song/* (spec §5), over ``engine.song``."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from typing import Any

from ..table.endpoints import ALL_ENDPOINTS, endpoint
from ._context import Context, Handler
from ._generic import generic_handlers, method_handler

__all__ = ["handlers"]

log = logging.getLogger(__name__)

_CUSTOM = {"beat"}


def _num_tracks(ctx: Context, args: list[Any]) -> tuple[Any, ...]:
    return (len(ctx.song.tracks),)


def _num_scenes(ctx: Context, args: list[Any]) -> tuple[Any, ...]:
    return (len(ctx.song.scenes),)


def _range(args: list[Any], count: int, minus_one_means_all: bool) -> range:
    if len(args) == 0:
        low, high = 0, count
    else:
        low, high = args  # any other count: ValueError from unpacking, as in AbletonOSC
    if minus_one_means_all and high == -1:
        high = count
    return range(low, high)  # not int-cast: floats give a TypeError (§5.3)


def _track_names(ctx: Context, args: list[Any]) -> tuple[Any, ...]:
    tracks = ctx.song.tracks
    return tuple(tracks[i].name for i in _range(args, len(tracks), True))


def _scene_names(ctx: Context, args: list[Any]) -> tuple[Any, ...]:
    # Unlike track_names, -1 is not special here (§5.3).
    scenes = ctx.song.scenes
    return tuple(scenes[i].name for i in _range(args, len(scenes), False))


def _track_data(ctx: Context, args: list[Any]) -> tuple[Any, ...]:
    low, high, *props = args
    low, high = int(low), int(high)
    song = ctx.song
    tracks = list(song.tracks)
    if high == -1:
        high = len(tracks)
    out: list[Any] = []
    for index in range(low, high):
        track = song.tracks[index]
        for prop in props:
            kind, name = prop.split(".")
            if kind == "track":
                if name == "num_devices":
                    out.append(len(track.devices))
                    continue
                value = getattr(track, name)
                if type(value) is type(track) and value in tracks:
                    value = tracks.index(value)  # a Track (group_track) goes out as its index
                out.append(value)
            elif kind == "clip":
                out.extend(
                    getattr(slot.clip, name) if slot.clip is not None else None
                    for slot in track.clip_slots
                )
            elif kind == "clip_slot":
                out.extend(getattr(slot, name) for slot in track.clip_slots)
            elif kind == "device":
                out.extend(getattr(device, name) for device in track.devices)
            else:
                # AbletonOSC logs this at ERROR without its "AbletonOSC:" prefix, so the
                # /live/error text keeps only what follows the first ": " (§1.8): the name.
                ctx.error(f"Unknown object identifier in get/track_data: {kind}")
    return tuple(out)


def _structure(ctx: Context) -> dict[str, Any]:
    song = ctx.song
    tracks = list(song.tracks)
    out = []
    for index, track in enumerate(tracks):
        group = getattr(track, "group_track", None)
        out.append(
            {
                "index": index,
                "name": track.name,
                "is_foldable": track.is_foldable,
                "group_track": tracks.index(group) if group in tracks else None,
                "clips": [
                    {"index": i, "name": s.clip.name, "length": s.clip.length}
                    for i, s in enumerate(track.clip_slots)
                    if s.clip is not None
                ],
                "devices": [
                    {
                        "class_name": d.class_name,
                        "type": int(d.type),
                        "name": d.name,
                        "parameters": [
                            {
                                "name": p.name,
                                "value": p.value,
                                "min": p.min,
                                "max": p.max,
                                "is_quantized": p.is_quantized,
                            }
                            for p in d.parameters
                        ],
                    }
                    for d in track.devices
                ],
            }
        )
    return {"tracks": out}


def _export_structure(ctx: Context, args: list[Any]) -> tuple[Any, ...]:
    # The file is written to a new, exclusively created temporary file in the same folder
    # and then renamed over the target: a symlink planted at the target is replaced, never
    # followed, so a datagram cannot make the script overwrite the file a link points to.
    path = os.path.join(ctx.structure_dir, "abletonosc-song-structure.json")
    text = json.dumps(_structure(ctx), indent=2)
    fd, tmp = tempfile.mkstemp(prefix=".abletonosc-song-structure.", dir=ctx.structure_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return (1,)


def _cue_points(ctx: Context, args: list[Any]) -> tuple[Any, ...]:
    out: list[Any] = []
    for cue in ctx.song.cue_points:
        out.extend((cue.name, cue.time))
    return tuple(out)


def _cue_jump(ctx: Context, args: list[Any]) -> None:
    which = args[0]
    if isinstance(which, str):
        for cue in ctx.song.cue_points:  # every match jumps; the last one wins (§5.1)
            if cue.name == which:
                cue.jump()
    elif isinstance(which, int):
        ctx.song.cue_points[which].jump()
    # A float is silently ignored, as in AbletonOSC.
    return None


def _cue_add_or_delete(ctx: Context, args: list[Any]) -> None:
    # AbletonOSC calls song.set_or_delete_cue(*args): extra arguments are Live's TypeError.
    ctx.song.set_or_delete_cue(*args)


def _cue_set_name(ctx: Context, args: list[Any]) -> None:
    ctx.song.cue_points[args[0]].name = args[1]


def _start_beat(ctx: Context, args: list[Any]) -> None:
    song = ctx.song
    if ctx.beat_callback is not None:
        try:
            song.remove_current_song_time_listener(ctx.beat_callback)
        except Exception:
            log.debug("old beat listener already gone", exc_info=True)
    address = endpoint("song", "beat").get_address

    def beat() -> None:
        now = song.current_song_time
        # last_time starts at -1.0 and is never reset by start/stop (§5.4).
        if int(now) > int(ctx.beat_last_time) or now < ctx.beat_last_time:
            ctx.send(address, (int(now),))
        ctx.beat_last_time = now

    song.add_current_song_time_listener(beat)
    ctx.beat_callback = beat  # no message at once (§5.4)


def _stop_beat(ctx: Context, args: list[Any]) -> None:
    if ctx.beat_callback is not None:
        try:
            ctx.song.remove_current_song_time_listener(ctx.beat_callback)
        except Exception:  # errors are ignored (§5.4)
            log.debug("beat listener already gone", exc_info=True)
        ctx.beat_callback = None


_QUERIES: dict[str, Any] = {
    "num_tracks": _num_tracks,
    "num_scenes": _num_scenes,
    "track_names": _track_names,
    "scenes/name": _scene_names,
    "track_data": _track_data,
    "export_structure": _export_structure,
    "cue_points": _cue_points,
    "cue_point/jump": _cue_jump,
    "cue_point/add_or_delete": _cue_add_or_delete,
    "cue_point/set/name": _cue_set_name,
}


def handlers() -> dict[str, Handler]:
    table: dict[str, Handler] = {}
    for ep in ALL_ENDPOINTS:
        if ep.domain != "song":
            continue
        if ep.name in _QUERIES:
            table[ep.addresses()[0]] = _QUERIES[ep.name]
        elif ep.kind == "method":
            table[ep.call_address] = method_handler(ep)
        elif ep.kind == "property" and ep.name not in _CUSTOM:
            table.update(generic_handlers(ep))
    beat = endpoint("song", "beat")
    table[beat.start_listen_address] = _start_beat
    table[beat.stop_listen_address] = _stop_beat
    return table
