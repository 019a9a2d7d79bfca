"""The livectl client: a typed, correlated, sync + asyncio API over AbletonOSC.

Sync::

    live = connect()                      # host 127.0.0.1, port 11000, reply_port 11001
    live.song.tempo = 140                 # returns once AbletonOSC handled it
    clip = live.song.tracks[0].clip_slots[0].create_clip(4)   # returns once the clip exists
    clip.add_notes([Note(60, 0, 1), Note(64, 1, 1)])          # paged below 8 KB datagrams
    clip.fire()
    with live.song.listen("tempo", print):                    # value now, then on change
        ...
    live.query("/live/clip/get/*", 0, 0)  # raw; a wildcard returns every (address, args)
    live.close()

asyncio (same objects; everything that talks to Live is awaited)::

    live = await aconnect()
    await live.song.set("tempo", 140)
    clip = await live.song.tracks[0].clip_slots[0].create_clip(4)
    notes = await clip.notes

How it works: ``connect`` returns a :class:`Live`, ``aconnect`` an :class:`AsyncLive`. Both
share one sans-I/O core (:mod:`livectl.client._core`: replies matched by address and echoed
index prefix in FIFO order, /live/error routed to the request that caused it, listeners,
re-subscription on /live/startup) and one set of operations (multi-step behaviour such as
create-then-confirm or note paging is written once as a generator); the two shells differ only
in how they wait. Timeouts (default 1 s, gets retried once) raise LiveTimeoutError naming the
ports and the things to check; a taken reply port raises PortInUseError naming it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from livectl.client._live import AsyncLive, Live, aconnect, connect

__all__ = ["AsyncLive", "Live", "aconnect", "connect"]


def __getattr__(name: str) -> Any:
    # Lazy: livectl.model imports livectl.client._request/_core, and _live imports
    # livectl.model; importing _live here eagerly would make `import livectl.model` first
    # (e.g. `from livectl.model import Note`) fail on a circular import.
    if name in __all__:
        from livectl.client import _live

        return getattr(_live, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
