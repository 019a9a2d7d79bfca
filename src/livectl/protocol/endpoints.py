"""THE endpoint table of AbletonOSC, as livectl's remote script holds it.

The table lives in ``livectl.script.table`` (the script loads inside Live with the standard
library only, and the client, the emulator and the docs read the same table). This module
re-exports it and turns the script's ``UnknownAddress`` into livectl's :class:`NotFoundError`.
"""

from __future__ import annotations

from livectl.errors import NotFoundError
from livectl.script.errors import UnknownAddress
from livectl.script.table import endpoints as _table
from livectl.script.table.endpoint import Endpoint, Route
from livectl.script.table.endpoints import (
    ADDRESSES,
    ALL_ENDPOINTS,
    BEAT_ADDRESS,
    ENDPOINTS,
    ERROR_ADDRESS,
    EXTENSION_ENDPOINTS,
    EXTENSION_ORDER,
    REGISTRATION_ORDER,
    ROUTES,
    STARTUP_ADDRESS,
    match,
    properties,
)

__all__ = [
    "ADDRESSES",
    "ALL_ENDPOINTS",
    "BEAT_ADDRESS",
    "ENDPOINTS",
    "ERROR_ADDRESS",
    "EXTENSION_ENDPOINTS",
    "EXTENSION_ORDER",
    "REGISTRATION_ORDER",
    "ROUTES",
    "STARTUP_ADDRESS",
    "endpoint",
    "match",
    "properties",
    "route",
]


def endpoint(domain: str, name: str) -> Endpoint:
    """The endpoint named ``name`` in ``domain``, e.g. ``endpoint("song", "tempo")``."""
    try:
        return _table.endpoint(domain, name)
    except UnknownAddress as exc:
        raise NotFoundError(str(exc).replace("see ALL_ENDPOINTS", "see livectl.protocol.ALL_ENDPOINTS")) from None


def route(address: str) -> Route:
    """The route registered at ``address``; NotFoundError if there is no such address."""
    try:
        return _table.route(address)
    except UnknownAddress as exc:
        raise NotFoundError(str(exc)) from None
