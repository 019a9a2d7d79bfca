"""The livectl client: a typed, correlated, sync + asyncio API over AbletonOSC.

``connect(...)`` returns a :class:`Live`, ``await aconnect(...)`` an :class:`AsyncLive`; both
share one sans-I/O core (:mod:`livectl.client._core`: reply correlation by address and echoed
index prefix, /live/error routing, listeners, /live/startup handling) and differ only in how
they wait. ``live.song``, ``live.view``, ``live.application`` are the typed model
(:mod:`livectl.model`); ``live.query`` / ``live.send`` / ``live.listen`` reach every address.
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
