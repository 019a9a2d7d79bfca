"""Extensions: automation envelopes of session clips (Live's Clip/Envelope API).

The parameter is named by (device_index, parameter_index) on the clip's own track, or
(-1, p) for the track's mixer (0 volume, 1 panning, 2.. sends). Live keeps clip envelopes
on session clips only: for an arrangement clip or another track's parameter Live refuses
(``Not a session clip or parameter belongs to another track.``), so these addresses take
session clips. A parameter without an envelope is refused by name.
"""

from __future__ import annotations

from typing import Any

from ._args import Args, Registry, clip_of, parameter_of
from ._context import Context, Handler

__all__ = ["handlers"]

R = Registry()

_MAX_TIME = 1_576_800.0


def _target(ctx: Context, args: Args) -> tuple[tuple[int, ...], Any, Any]:
    """((t, c, d, p), clip, parameter)."""
    (t, c), clip = clip_of(ctx, args)
    (d, p), param = parameter_of(ctx.song.tracks[t], args)
    return (t, c, d, p), clip, param


def _envelope(args: Args, prefix: tuple[int, ...], clip: Any, param: Any) -> Any:
    envelope = clip.automation_envelope(param)
    if envelope is None:
        t, c, d, p = prefix
        raise args.fail(
            f"parameter {param.name!r} (device_index {d}, parameter_index {p}) has no "
            f"automation envelope in clip ({t}, {c}); create one first "
            "(/live/clip/create_automation_envelope)"
        )
    return envelope


@R.on("clip", "create_automation_envelope")
def _create(ctx: Context, args: Args) -> None:
    _, clip, param = _target(ctx, args)
    args.end()
    clip.create_automation_envelope(param)


@R.on("clip", "automation_envelope")
def _get(ctx: Context, args: Args) -> tuple[Any, ...]:
    prefix, clip, param = _target(ctx, args)
    args.end()
    envelope = _envelope(args, prefix, clip, param)
    out: list[Any] = list(prefix)
    for event in envelope.events_in_range(-_MAX_TIME, _MAX_TIME):
        out += (event.time, event.value)
    return tuple(out)


@R.on("clip", "automation/insert_step")
def _insert_step(ctx: Context, args: Args) -> None:
    prefix, clip, param = _target(ctx, args)
    time = args.number("time", -_MAX_TIME, _MAX_TIME)
    duration = args.number("duration", 0.0, _MAX_TIME)
    value = args.number("value", param.min, param.max)
    args.end()
    _envelope(args, prefix, clip, param).insert_step(time, duration, value)


@R.on("clip", "automation/value_at_time")
def _value_at(ctx: Context, args: Args) -> tuple[Any, ...]:
    prefix, clip, param = _target(ctx, args)
    time = args.number("time", -_MAX_TIME, _MAX_TIME)
    args.end()
    return (*prefix, time, _envelope(args, prefix, clip, param).value_at_time(time))


@R.on("clip", "clear_envelope")
def _clear(ctx: Context, args: Args) -> None:
    prefix, clip, param = _target(ctx, args)
    args.end()
    _envelope(args, prefix, clip, param)
    clip.clear_envelope(param)


@R.on("clip", "clear_all_envelopes")
def _clear_all(ctx: Context, args: Args) -> None:
    _, clip = clip_of(ctx, args)
    args.end()
    clip.clear_all_envelopes()


def handlers() -> dict[str, Handler]:
    return R.handlers()
