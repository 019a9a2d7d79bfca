"""Extensions: Live's views (Application.View) and selecting a device (Song.View).

View names are Live's: Browser, Arranger, Session, Detail, Detail/Clip, Detail/DeviceChain.
"""

from __future__ import annotations

from typing import Any

from ..table.endpoints import VIEW_NAMES
from ._args import Args, Registry, device_of, track_of
from ._context import Context, Handler

__all__ = ["handlers"]

R = Registry()


def _view_name(args: Args) -> str:
    name: str = args.text("view_name")
    if name not in VIEW_NAMES:
        raise args.fail(f"view_name must be one of {', '.join(VIEW_NAMES)}; got {name!r}")
    return name


@R.on("application", "focused_document_view")
def _focused(ctx: Context, args: Args) -> tuple[Any, ...]:
    args.end()
    return (ctx.application.view.focused_document_view,)


@R.on("application", "is_view_visible")
def _visible(ctx: Context, args: Args) -> tuple[Any, ...]:
    name = _view_name(args)
    args.end()
    return (name, bool(ctx.application.view.is_view_visible(name)))


def _verb(verb: str) -> None:
    def run(ctx: Context, args: Args) -> None:
        name = _view_name(args)
        args.end()
        getattr(ctx.application.view, verb)(name)

    R.on("application", verb)(run)


for _verb_name in ("show_view", "focus_view", "hide_view"):
    _verb(_verb_name)


@R.on("view", "select_device")
def _select_device(ctx: Context, args: Args) -> None:
    _, track = track_of(ctx, args)
    _, device = device_of(track, args)
    args.end()
    ctx.song.view.select_device(device)


def handlers() -> dict[str, Handler]:
    return R.handlers()
