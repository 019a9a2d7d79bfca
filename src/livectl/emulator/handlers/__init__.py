"""AbletonOSC's handlers over the emulated Live Object Model: one module per domain.

``build_handlers()`` returns address -> handler for every address of the endpoint table
(in registration order, which wildcard expansion relies on) plus the ``/emulator/*`` control
namespace. ``/live/api/reload`` is left to the server, which owns the handler state.
"""

from __future__ import annotations

from livectl.emulator.handlers import (
    application,
    clip,
    clip_slot,
    control,
    device,
    midimap,
    scene,
    song,
    track,
    view,
)
from livectl.emulator.handlers._context import Context, Handler, ListenerEntry
from livectl.protocol import REGISTRATION_ORDER

__all__ = ["Context", "Handler", "ListenerEntry", "build_handlers", "missing_addresses"]

_MODULES = (application, song, clip, clip_slot, track, device, view, scene, midimap)


def _collect() -> dict[str, Handler]:
    table: dict[str, Handler] = {}
    for module in _MODULES:
        table.update(module.handlers())
    return table


def missing_addresses(table: dict[str, Handler] | None = None) -> tuple[str, ...]:
    """Addresses of the endpoint table with no handler (the server adds /live/api/reload)."""
    table = _collect() if table is None else table
    return tuple(a for a in REGISTRATION_ORDER if a not in table)


def build_handlers() -> dict[str, Handler]:
    """Every handler, /live/ addresses in AbletonOSC's registration order, then /emulator/*."""
    table = _collect()
    ordered = {a: table[a] for a in REGISTRATION_ORDER if a in table}
    ordered.update(control.handlers())
    return ordered
