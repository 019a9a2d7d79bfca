"""Handlers of /live/view/* (spec §6), over ``song.view``."""

from __future__ import annotations

from typing import Any

from ..table.endpoints import endpoint
from ._context import Context, Handler
from ._generic import start_listen, stop_listen

__all__ = ["handlers"]


def _scene_index(ctx: Context) -> int:
    return list(ctx.song.scenes).index(ctx.song.view.selected_scene)


def _track_index(ctx: Context) -> int:
    # A selected return or master track is not in song.tracks: ValueError (§6).
    return list(ctx.song.tracks).index(ctx.song.view.selected_track)


def _get_scene(ctx: Context, args: list[Any]) -> tuple[Any, ...]:
    return (_scene_index(ctx),)


def _get_track(ctx: Context, args: list[Any]) -> tuple[Any, ...]:
    return (_track_index(ctx),)


def _get_clip(ctx: Context, args: list[Any]) -> tuple[Any, ...]:
    # Simply (selected track, selected scene), not the highlighted slot (§6).
    return (_track_index(ctx), _scene_index(ctx))


def _get_device(ctx: Context, args: list[Any]) -> tuple[Any, ...]:
    track = ctx.song.view.selected_track
    devices = list(track.devices)
    return (_track_index(ctx), devices.index(track.view.selected_device))


def _set_scene(ctx: Context, args: list[Any]) -> None:
    ctx.song.view.selected_scene = ctx.song.scenes[args[0]]


def _set_track(ctx: Context, args: list[Any]) -> None:
    ctx.song.view.selected_track = ctx.song.tracks[args[0]]


def _set_clip(ctx: Context, args: list[Any]) -> None:
    ctx.song.view.selected_track = ctx.song.tracks[args[0]]
    ctx.song.view.selected_scene = ctx.song.scenes[args[1]]


def _set_device(ctx: Context, args: list[Any]) -> tuple[Any, ...]:
    device = ctx.song.tracks[args[0]].devices[args[1]]
    ctx.song.view.select_device(device)
    # Quirk §6/§13 #7: this setter replies, with the raw indices.
    return (args[0], args[1])


def _listen_handlers(prop: str, index: Any) -> tuple[Handler, Handler]:
    address = endpoint("view", prop).get_address

    # Every argument joins the listener key and prefixes its messages, as elsewhere (§2.3).
    def start(ctx: Context, args: list[Any]) -> None:
        params = tuple(args)
        start_listen(ctx, "view", ctx.song.view, prop, params, address, value=lambda: index(ctx))

    def stop(ctx: Context, args: list[Any]) -> None:
        stop_listen(ctx, "view", ctx.song.view, prop, tuple(args))

    return start, stop


def handlers() -> dict[str, Handler]:
    table: dict[str, Handler] = {}
    getters = {
        "selected_scene": _get_scene,
        "selected_track": _get_track,
        "selected_clip": _get_clip,
        "selected_device": _get_device,
    }
    setters = {
        "selected_scene": _set_scene,
        "selected_track": _set_track,
        "selected_clip": _set_clip,
        "selected_device": _set_device,
    }
    for name, fn in getters.items():
        ep = endpoint("view", name)
        table[ep.get_address] = fn
        table[ep.set_address] = setters[name]
    for name, index in (("selected_scene", _scene_index), ("selected_track", _track_index)):
        ep = endpoint("view", name)
        table[ep.start_listen_address], table[ep.stop_listen_address] = _listen_handlers(
            name, index
        )
    return table
