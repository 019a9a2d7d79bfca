"""Extensions: a track's arrangement clips (list, create, duplicate from Session, delete)
and their properties, addressed by (track_index, clip_index) into ``track.arrangement_clips``
(Live keeps them sorted by start time, so an index can change when clips are added).
Notes on arrangement clips are in :mod:`.notes`.
"""

from __future__ import annotations

from typing import Any

from ._args import Args, Registry, arrangement_clip_of, clip_of, fmt, track_of
from ._context import Context, Handler

__all__ = ["MAX_BEATS", "handlers"]

R = Registry()

# Live's arrangement ends at 1,576,800 beats (Track.create_midi_clip refuses beyond it).
MAX_BEATS = 1_576_800.0


def _index_of(track: Any, clip: Any) -> int:
    for i, c in enumerate(track.arrangement_clips):
        if c is clip:
            return i
    raise RuntimeError("the clip is not in the track's arrangement")  # pragma: no cover


@R.on("track", "arrangement_clips")
def _clips(ctx: Context, args: Args) -> tuple[Any, ...]:
    t, track = track_of(ctx, args)
    args.end()
    out: list[Any] = [t]
    for clip in track.arrangement_clips:
        out += (clip.start_time, clip.end_time, clip.length, clip.name)
    return tuple(out)


@R.on("track", "create_midi_clip")
def _create_midi_clip(ctx: Context, args: Args) -> tuple[Any, ...]:
    t, track = track_of(ctx, args)
    start = args.number("start_time", 0.0, MAX_BEATS)
    length = args.number("length", 0.0, MAX_BEATS)
    args.end()
    if length <= 0.0:
        raise args.fail(f"length must be in range >0..{fmt(MAX_BEATS)}, got {length!r}")
    if not track.has_midi_input:
        raise args.fail(f"track_index {t} ({track.name!r}) is not a MIDI track")
    clip = track.create_midi_clip(start, length)
    return (t, _index_of(track, clip))


@R.on("track", "delete_arrangement_clip")
def _delete(ctx: Context, args: Args) -> None:
    (t, _), clip = arrangement_clip_of(ctx, args)
    args.end()
    ctx.song.tracks[t].delete_clip(clip)


@R.on("clip", "duplicate_to_arrangement")
def _duplicate(ctx: Context, args: Args) -> tuple[Any, ...]:
    (t, c), clip = clip_of(ctx, args)
    time = args.number("time", 0.0, MAX_BEATS)
    args.end()
    track = ctx.song.tracks[t]
    copy = track.duplicate_clip_to_arrangement(clip, time)
    return (t, c, _index_of(track, copy))


def _property(name: str, kind: str) -> None:
    def get(ctx: Context, args: Args) -> tuple[Any, ...]:
        prefix, clip = arrangement_clip_of(ctx, args)
        args.end()
        return (*prefix, getattr(clip, name))

    R.on("arrangement_clip", name, "get")(get)
    if not kind:
        return

    def set_(ctx: Context, args: Args) -> None:
        _, clip = arrangement_clip_of(ctx, args)
        value = args.text("value") if kind == "text" else args.flag("value")
        args.end()
        setattr(clip, name, value)

    R.on("arrangement_clip", name, "set")(set_)


for _name, _kind in (("name", "text"), ("muted", "flag"), ("start_time", ""), ("end_time", ""),
                     ("length", ""), ("is_midi_clip", ""), ("is_playing", ""),
                     ("playing_position", "")):
    _property(_name, _kind)


def handlers() -> dict[str, Handler]:
    return R.handlers()
