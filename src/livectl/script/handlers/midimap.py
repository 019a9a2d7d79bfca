"""Handler of /live/midimap/map_cc (spec §8.5)."""

from __future__ import annotations

from typing import Any

from ..table.endpoints import endpoint
from ._context import Context, Handler

__all__ = ["handlers"]


def _map_cc(ctx: Context, args: list[Any]) -> None:
    # One at a time, in order: a missing one is "list index out of range" (an IndexError,
    # which a wildcard does not skip), text a ValueError.
    t, d, p, channel, cc = (int(args[i]) for i in range(5))
    param = ctx.song.tracks[t].devices[d].parameters[p]
    # Replaces an earlier mapping of the same (channel, cc); channel counts from 0.
    ctx.midi_mappings[(channel, cc)] = param
    if ctx.rebuild_midi_map is not None:
        ctx.rebuild_midi_map()  # Live then calls build_midi_map with a fresh handle


def handlers() -> dict[str, Handler]:
    return {endpoint("midimap", "map_cc").call_address: _map_cc}
