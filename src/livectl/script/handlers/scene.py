"""Handlers of /live/scene/* (spec §8.3), over ``song.scenes[s]``."""

from __future__ import annotations

from typing import Any

from ..table.endpoints import ALL_ENDPOINTS
from ._context import Context, Handler
from ._generic import generic_handlers, method_handler

__all__ = ["handlers"]


def _fire_selected(ctx: Context, args: list[Any]) -> None:
    scene = ctx.song.view.selected_scene
    if scene:
        scene.fire_as_selected()


def handlers() -> dict[str, Handler]:
    table: dict[str, Handler] = {}
    for ep in ALL_ENDPOINTS:
        if ep.domain != "scene":
            continue
        if ep.name == "fire_selected":
            table[ep.call_address] = _fire_selected
        elif ep.kind == "method":
            table[ep.call_address] = method_handler(ep)
        else:
            table.update(generic_handlers(ep))
    return table
