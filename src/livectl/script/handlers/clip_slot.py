"""Handlers of /live/clip_slot/* (spec §8.1)."""

from __future__ import annotations

from ..table.endpoints import ALL_ENDPOINTS
from ._context import Context, Handler
from ._generic import Target, generic_handlers, method_handler, per_target

__all__ = ["handlers"]


def _duplicate_clip_to(ctx: Context, t: Target) -> None:
    target_track, target_clip = t.rest  # not int-cast (§8.1)
    t.obj.duplicate_clip_to(ctx.song.tracks[target_track].clip_slots[target_clip])


def handlers() -> dict[str, Handler]:
    table: dict[str, Handler] = {}
    for ep in ALL_ENDPOINTS:
        if ep.domain != "clip_slot":
            continue
        if ep.name == "duplicate_clip_to":
            table[ep.call_address] = per_target("clip_slot", _duplicate_clip_to)
        elif ep.kind == "method":
            table[ep.call_address] = method_handler(ep)
        else:
            table.update(generic_handlers(ep))
    return table
