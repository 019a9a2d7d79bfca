"""THE endpoint table of AbletonOSC: every address, as data, in registration order.

Built from the spec (``abletonosc-protocol.md``, AbletonOSC at commit 0ca68214). The order in
which the ``register_*`` functions of the private modules add routes mirrors the order in which AbletonOSC's
handlers register their addresses (§2.4), because wildcard replies come in that order.
Checked against the spec's Appendix A by ``tests/emulator/test_endpoints.py``.

Public names:

- ``REGISTRATION_ORDER``: every AbletonOSC address, in AbletonOSC's order (494); wildcards
  select among these only.
- ``EXTENSION_ORDER``: livectl's extensions beyond AbletonOSC (``_ext``), registered after.
- ``ADDRESSES``: both, AbletonOSC's first.
- ``ROUTES``: address -> :class:`Route` (endpoint + verb), extensions included.
- ``ENDPOINTS``: address -> :class:`Endpoint`, extensions included.
- ``ALL_ENDPOINTS``: every AbletonOSC endpoint once, in first-registration order.
- ``EXTENSION_ENDPOINTS``: every extension endpoint once (``Endpoint.extension`` is True).
- ``endpoint(domain, name)``, ``route(address)``, ``match(pattern)``.
- ``STARTUP_ADDRESS``, ``ERROR_ADDRESS``, ``BEAT_ADDRESS``: outbound-only addresses.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from ..errors import UnknownAddress, UnsupportedPattern
from . import _build, _clip, _device, _ext, _song, _track
from ._ext import EXTENDED_NOTE_FIELDS, NOTE_FIELDS, VIEW_NAMES
from .endpoint import Endpoint, Route

__all__ = [
    "ADDRESSES",
    "ALL_ENDPOINTS",
    "BEAT_ADDRESS",
    "ENDPOINTS",
    "ERROR_ADDRESS",
    "EXTENDED_NOTE_FIELDS",
    "EXTENSION_ENDPOINTS",
    "EXTENSION_ORDER",
    "NOTE_FIELDS",
    "REGISTRATION_ORDER",
    "ROUTES",
    "STARTUP_ADDRESS",
    "VIEW_NAMES",
    "endpoint",
    "match",
    "properties",
    "route",
]


STARTUP_ADDRESS = "/live/startup"
ERROR_ADDRESS = "/live/error"
BEAT_ADDRESS = _song.SONG_BEAT.get_address

# AbletonOSC's Manager creates its handlers in this order (§1.10, §2.4).
for _register in (
    _song.register_api,
    _song.register_song,
    _song.register_application,
    _clip.register_clip,
    _clip.register_clip_slot,
    _track.register_track,
    _device.register_device,
    _device.register_view,
    _device.register_scene,
    _device.register_midimap,
):
    _register()
# livectl's own addresses come after all of AbletonOSC's.
_ext.register_extensions()

REGISTRATION_ORDER: tuple[str, ...] = tuple(
    address for address, ep, _ in _build.ORDER if not ep.extension
)
EXTENSION_ORDER: tuple[str, ...] = tuple(
    address for address, ep, _ in _build.ORDER if ep.extension
)
ADDRESSES: tuple[str, ...] = REGISTRATION_ORDER + EXTENSION_ORDER
ROUTES: Mapping[str, Route] = MappingProxyType(
    {address: Route(address, ep, verb) for address, ep, verb in _build.ORDER}
)
ENDPOINTS: Mapping[str, Endpoint] = MappingProxyType(
    {address: r.endpoint for address, r in ROUTES.items()}
)
ALL_ENDPOINTS: tuple[Endpoint, ...] = tuple(
    dict.fromkeys(ep for _, ep, _ in _build.ORDER if not ep.extension)
)
EXTENSION_ENDPOINTS: tuple[Endpoint, ...] = tuple(
    dict.fromkeys(ep for _, ep, _ in _build.ORDER if ep.extension)
)
if len(ROUTES) != len(ADDRESSES):  # pragma: no cover - a table typo
    raise RuntimeError("an address is registered twice in the endpoint table")


def endpoint(domain: str, name: str) -> Endpoint:
    """The endpoint named ``name`` in ``domain``, e.g. ``endpoint("song", "tempo")``."""
    try:
        return _build.BY_NAME[(domain, name)]
    except KeyError:
        raise UnknownAddress(
            f"no AbletonOSC endpoint {name!r} in domain {domain!r}; "
            f"see ALL_ENDPOINTS for the list"
        ) from None


def route(address: str) -> Route:
    """The route registered at ``address``; UnknownAddress if AbletonOSC has no such address."""
    try:
        return ROUTES[address]
    except KeyError:
        raise UnknownAddress(f"Unknown OSC address: {address}") from None


def properties(domain: str) -> tuple[Endpoint, ...]:
    """The AbletonOSC properties of ``domain``, in registration order."""
    return tuple(ep for ep in ALL_ENDPOINTS if ep.domain == domain and ep.kind == "property")


# Characters AbletonOSC would hand to ``re`` as regex syntax. livectl's script refuses them
# in wildcard addresses: a 24-byte pattern such as ``/live/((.+)+)+!*`` makes a backtracking
# regex engine run for ever, and no AbletonOSC client sends anything but ``*``.
REGEX_SYNTAX = frozenset("()[]{}+?|^$\\")
MAX_PATTERN = 256


@lru_cache(maxsize=512)
def match(pattern: str) -> tuple[Route, ...]:
    """Routes a wildcard address selects, in registration order, as AbletonOSC selects them.

    AbletonOSC (§1.6) turns each ``*`` into ``[^/]+`` and uses ``re.match``: anchored at the
    start only, so it is a prefix match (``/live/track/get/*`` also selects
    ``/live/track/get/clips/name``). Copied on purpose, but without a regex engine: ``*`` is
    matched by a linear-time scan and every other character stands for itself, so no pattern
    can make matching slow. :class:`UnsupportedPattern` (a ValueError, so the message gets
    ``/live/error``) for regex syntax, which AbletonOSC would have interpreted.
    """
    if len(pattern) > MAX_PATTERN:
        raise UnsupportedPattern(
            f"wildcard address is {len(pattern)} characters long, more than {MAX_PATTERN}"
        )
    bad = sorted(set(pattern) & REGEX_SYNTAX)
    if bad:
        raise UnsupportedPattern(
            f"wildcard address {pattern!r} has regex syntax {''.join(bad)!r}; "
            "only '*' (one or more characters other than '/') is a wildcard here"
        )
    # What comes before the first '*' must start the address: most addresses fail that
    # one C-level test, and only the rest are scanned.
    star = pattern.find("*")
    literal = pattern if star < 0 else pattern[:star]
    return tuple(ROUTES[a] for a in REGISTRATION_ORDER
                 if a.startswith(literal) and glob_prefix(pattern, a))


def glob_prefix(pattern: str, address: str) -> bool:
    """True when ``pattern`` (``*`` = one or more characters other than ``/``) matches the
    start of ``address``. Linear in len(pattern) * len(address): a set of positions."""
    positions = {0}
    for ch in pattern:
        nxt: set[int] = set()
        if ch == "*":
            for pos in positions:
                end = pos
                while end < len(address) and address[end] != "/":
                    end += 1
                    nxt.add(end)
        else:
            for pos in positions:
                if pos < len(address) and address[pos] == ch:
                    nxt.add(pos + 1)
        if not nxt:
            return False
        positions = nxt
    return True
