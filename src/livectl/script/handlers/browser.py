"""Extensions: native devices by name (Track.insert_device) and Live's browser.

``/live/browser/*`` reads ``Application.browser``: the category keys, one folder level,
a bounded search by name, and loading an item by URI onto a track (Live's browser loads
onto the selected track, so the track is selected first, as a user would).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ._args import Args, Registry, track_of
from ._context import Context, Handler

__all__ = ["CATEGORIES", "MAX_RESULTS", "MAX_VISITED", "handlers"]

R = Registry()

# Live.Browser.Browser's category properties, in the order Live's browser shows them.
CATEGORIES = (
    "sounds",
    "drums",
    "instruments",
    "audio_effects",
    "midi_effects",
    "max_for_live",
    "plugins",
    "clips",
    "samples",
    "packs",
    "user_library",
    "current_project",
)
# Bounds of a walk of the browser tree (a real library holds hundreds of thousands of items).
MAX_VISITED = 50_000
MAX_DEPTH = 8
MAX_RESULTS = 500
DEFAULT_RESULTS = 50


def _item(item: Any) -> tuple[Any, ...]:
    return (item.name, item.uri, bool(item.is_folder), bool(item.is_loadable))


def _category(ctx: Context, args: Args, name: str) -> Any:
    if name not in CATEGORIES:
        raise args.fail(f"category must be one of {', '.join(CATEGORIES)}; got {name!r}")
    return getattr(ctx.application.browser, name)


def _walk(roots: list[Any]) -> Iterator[Any]:
    """Items below ``roots``, depth first, at most MAX_VISITED of them, MAX_DEPTH deep."""
    stack = [(root, 0) for root in reversed(roots)]
    visited = 0
    while stack and visited < MAX_VISITED:
        item, depth = stack.pop()
        visited += 1
        yield item
        if depth < MAX_DEPTH and item.is_folder:
            stack.extend((child, depth + 1) for child in reversed(list(item.children)))


def _roots(ctx: Context) -> list[Any]:
    browser = ctx.application.browser
    return [getattr(browser, name) for name in CATEGORIES]


@R.on("track", "insert_device")
def _insert_device(ctx: Context, args: Args) -> tuple[Any, ...]:
    t, track = track_of(ctx, args)
    name = args.text("device_name")
    index = args.integer("device_index", -1, len(track.devices), default=-1)
    args.end()
    device = track.insert_device(name, index)
    return (t, _position(track.devices, device))


def _position(devices: Any, device: Any) -> int:
    for i, d in enumerate(devices):
        if d is device:
            return i
    raise RuntimeError("the device was not placed on the track")  # pragma: no cover


@R.on("browser", "categories")
def _categories(ctx: Context, args: Args) -> tuple[Any, ...]:
    args.end()
    return CATEGORIES


@R.on("browser", "children")
def _children(ctx: Context, args: Args) -> tuple[Any, ...]:
    name = args.text("category")
    item = _category(ctx, args, name)
    path = [name]
    while args.left:
        folder = args.text("folder")
        match = next((c for c in item.children if c.name == folder), None)
        if match is None or not match.is_folder:
            raise args.fail(f"folder {folder!r} is not a folder in {'/'.join(path)}")
        item, path = match, [*path, folder]
    out: list[Any] = []
    for child in item.children:
        out += _item(child)
    return tuple(out)


@R.on("browser", "search")
def _search(ctx: Context, args: Args) -> tuple[Any, ...]:
    text = args.text("text")
    if not text.strip():
        raise args.fail("text must not be empty")
    category = args.text("category", default="")
    limit = args.integer("max_results", 1, MAX_RESULTS, default=DEFAULT_RESULTS)
    args.end()
    roots = [_category(ctx, args, category)] if category else _roots(ctx)
    wanted = text.casefold()
    out: list[Any] = []
    found = 0
    for item in _walk(roots):
        if item in roots:
            continue
        if wanted in item.name.casefold():
            out += _item(item)
            found += 1
            if found >= limit:
                break
    return tuple(out)


@R.on("browser", "load")
def _load(ctx: Context, args: Args) -> tuple[Any, ...]:
    t, track = track_of(ctx, args)
    uri = args.text("uri")
    args.end()
    item = next((i for i in _walk(_roots(ctx)) if i.uri == uri), None)
    if item is None:
        raise args.fail(f"uri {uri!r} is not an item of Live's browser")
    if not item.is_loadable:
        raise args.fail(f"uri {uri!r} ({item.name!r}) is not loadable (a folder?)")
    ctx.song.view.selected_track = track
    ctx.application.browser.load_item(item)
    selected = track.view.selected_device
    return (t, _position(track.devices, selected) if selected is not None else -1)


def handlers() -> dict[str, Handler]:
    return R.handlers()
