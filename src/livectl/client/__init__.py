"""The livectl client: a typed, correlated, sync + asyncio API over AbletonOSC.

``connect(...)`` returns a :class:`Live`, ``await aconnect(...)`` an :class:`AsyncLive`; both
share one sans-I/O core (:mod:`livectl.client._core`: reply correlation by address and echoed
index prefix, /live/error routing, listeners, /live/startup handling) and differ only in how
they wait. ``live.song``, ``live.view``, ``live.application`` are the typed model
(:mod:`livectl.model`); ``live.query`` / ``live.send`` / ``live.listen`` reach every address.
"""

from __future__ import annotations

from livectl.client._live import AsyncLive, Live, aconnect, connect

__all__ = ["AsyncLive", "Live", "aconnect", "connect"]
