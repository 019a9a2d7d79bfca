"""The script's handlers, written against Live's API: one module per domain.

``build_handlers()`` returns address -> handler for every address of the endpoint table, in
registration order (which wildcard expansion relies on): AbletonOSC's, then livectl's
extensions (browser, rack, arrangement, notes, automation, returns, app_view, undo). ``/live/api/reload`` and
``/live/test`` are left to the dispatcher, which owns the handler state.
"""

from __future__ import annotations

from ..table.endpoints import ADDRESSES
from . import (
    app_view,
    application,
    arrangement,
    automation,
    browser,
    clip,
    clip_slot,
    device,
    midimap,
    notes,
    rack,
    returns,
    scene,
    song,
    track,
    undo,
    view,
)
from ._context import Context, Handler, ListenerEntry

__all__ = ["Context", "Handler", "ListenerEntry", "build_handlers", "missing_addresses"]

_MODULES = (application, song, clip, clip_slot, track, device, view, scene, midimap)
# livectl's extensions beyond AbletonOSC.
_EXTENSIONS = (browser, rack, arrangement, notes, automation, returns, app_view, undo)


def _collect() -> dict[str, Handler]:
    table: dict[str, Handler] = {}
    for module in (*_MODULES, *_EXTENSIONS):
        table.update(module.handlers())
    return table


def missing_addresses(table: dict[str, Handler] | None = None) -> tuple[str, ...]:
    """Addresses of the endpoint table with no handler (the server adds /live/api/reload)."""
    table = _collect() if table is None else table
    return tuple(a for a in ADDRESSES if a not in table)


def build_handlers() -> dict[str, Handler]:
    """Every handler, in the table's registration order."""
    table = _collect()
    ordered = {a: table[a] for a in ADDRESSES if a in table}
    return ordered
