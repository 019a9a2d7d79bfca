"""Arguments of livectl's extension addresses: read in order, checked, objects resolved.

AbletonOSC's own addresses keep AbletonOSC's loose parsing (its errors are part of the
protocol). livectl's extensions are strict instead: every argument is checked before Live
is touched, and a bad one is refused with the address, the field, the range and the value::

    /live/track/insert_device: track_index must be in range 0..3, got 7

:class:`Args` reads one message; the ``*_of`` helpers resolve Live objects by index with the
same kind of message. Errors are :class:`BadArgument` (a ValueError): the dispatcher sends
them as ``/live/error`` like any handler error.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from ..errors import ScriptError
from ..table.endpoint import Endpoint
from ._context import Context, Handler

__all__ = ["MAX_TEXT", "Args", "BadArgument", "ExtHandler", "Registry", "bind", "fmt"]

# Text arguments (names, URIs, search text) longer than this are refused.
MAX_TEXT = 1024
_MISSING: Any = object()

ExtHandler = Callable[[Context, "Args"], "tuple[Any, ...] | None"]


def fmt(bound: float) -> str:
    """A range bound as people write it: 0, 127, 1576800, 0.5."""
    if float(bound).is_integer() and abs(bound) < 1e15:
        return str(int(bound))
    return repr(float(bound))


class BadArgument(ScriptError, ValueError):
    """An argument of an extension address that is missing, of the wrong type or out of range."""


class Args:
    """The arguments of one message, read front to back."""

    def __init__(self, address: str, values: Sequence[Any]) -> None:
        self.address = address
        self.values = list(values)
        self.pos = 0

    def fail(self, text: str) -> BadArgument:
        return BadArgument(f"{self.address}: {text}")

    @property
    def left(self) -> int:
        """How many arguments have not been read."""
        return len(self.values) - self.pos

    def _absent(self, default: Any) -> bool:
        """True when an optional argument (one with a default) was left out."""
        return default is not _MISSING and self.pos >= len(self.values)

    def _take(self, field: str) -> Any:
        if self.pos >= len(self.values):
            raise self.fail(f"missing argument {field}")
        value = self.values[self.pos]
        self.pos += 1
        return value

    def integer(self, field: str, lo: int | None = None, hi: int | None = None, *,
            default: Any = _MISSING) -> Any:
        if self._absent(default):
            return default
        value = self._take(field)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"{field} must be an integer, got {value!r}")
        self._range(field, value, lo, hi)
        return value

    def number(self, field: str, lo: float | None = None, hi: float | None = None, *,
               default: Any = _MISSING) -> Any:
        if self._absent(default):
            return default
        value = self._take(field)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"{field} must be a number, got {value!r}")
        if not math.isfinite(value):
            raise self.fail(f"{field} must be a finite number, got {value!r}")
        self._range(field, value, lo, hi)
        return float(value)

    def text(self, field: str, *, default: Any = _MISSING) -> Any:
        if self._absent(default):
            return default
        value = self._take(field)
        if not isinstance(value, str):
            raise self.fail(f"{field} must be a string, got {value!r}")
        if len(value) > MAX_TEXT:
            raise self.fail(f"{field} must be at most {MAX_TEXT} characters, got {len(value)}")
        return value

    def flag(self, field: str, *, default: Any = _MISSING) -> Any:
        if self._absent(default):
            return default
        value = self._take(field)
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        raise self.fail(f"{field} must be a boolean (T/F, 0 or 1), got {value!r}")

    def _range(self, field: str, value: float, lo: float | None, hi: float | None) -> None:
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            low = "" if lo is None else fmt(lo)
            high = "" if hi is None else fmt(hi)
            raise self.fail(f"{field} must be in range {low}..{high}, got {value!r}")

    def index(self, field: str, items: Sequence[Any], what: str) -> tuple[int, Any]:
        """An index into ``items`` (Live's vector) and the item; the range is named."""
        count = len(items)
        if self.pos < len(self.values) and count == 0:
            raise self.fail(f"{field} {self.values[self.pos]!r}: there are no {what}")
        index: int = self.integer(field, 0, count - 1)
        return index, items[index]

    def end(self) -> None:
        """Refuse arguments nobody read."""
        if self.left > 0:
            extra = self.values[self.pos :]
            raise self.fail(
                f"takes {self.pos} arguments, got {len(self.values)} (extra: {extra!r})"
            )


def bind(ep: Endpoint, fn: ExtHandler, verb: str = "") -> tuple[str, Handler]:
    """The (address, handler) of ``fn`` at ``ep``'s address for ``verb`` (default: its own)."""
    address = ep.address(verb or ep.verbs[0])  # type: ignore[arg-type]

    def handler(ctx: Context, values: list[Any]) -> tuple[Any, ...] | None:
        return fn(ctx, Args(address, values))

    return address, handler


class Registry:
    """A module's extension handlers by (domain, name, verb), bound to the table's addresses."""

    def __init__(self) -> None:
        self._items: list[tuple[str, str, str, ExtHandler]] = []

    def on(self, domain: str, name: str, verb: str = "") -> Callable[[ExtHandler], ExtHandler]:
        def add(fn: ExtHandler) -> ExtHandler:
            self._items.append((domain, name, verb, fn))
            return fn

        return add

    def handlers(self) -> dict[str, Handler]:
        from ..table.endpoints import endpoint

        table: dict[str, Handler] = {}
        for domain, name, verb, fn in self._items:
            ep = endpoint(domain, name)
            if not ep.extension:  # pragma: no cover - a registry typo
                raise ValueError(f"{domain}/{name} is AbletonOSC's, not an extension")
            address, handler = bind(ep, fn, verb)
            table[address] = handler
        return table


# ------------------------------------------------------------------ resolving Live objects


def track_of(ctx: Context, args: Args) -> tuple[int, Any]:
    return args.index("track_index", ctx.song.tracks, "tracks")


def return_of(ctx: Context, args: Args) -> tuple[int, Any]:
    return args.index("return_index", ctx.song.return_tracks, "return tracks")


def device_of(owner: Any, args: Args, field: str = "device_index") -> tuple[int, Any]:
    return args.index(field, owner.devices, "devices on this track or chain")


def rack_of(ctx: Context, args: Args) -> tuple[int, int, Any]:
    """(t, d, rack) for a (track_index, device_index) that names a rack device."""
    t, track = track_of(ctx, args)
    d, device = device_of(track, args)
    if not device.can_have_chains:
        raise args.fail(
            f"device_index {d} ({device.name!r}) is not a rack: it has no chains"
        )
    return t, d, device


def chain_of(ctx: Context, args: Args) -> tuple[tuple[int, int, int], Any]:
    t, d, rack = rack_of(ctx, args)
    ch, chain = args.index("chain_index", rack.chains, f"chains in {rack.name!r}")
    return (t, d, ch), chain


def clip_of(ctx: Context, args: Args) -> tuple[tuple[int, int], Any]:
    """A session clip by (track_index, clip_index); an empty slot is refused by name."""
    t, track = track_of(ctx, args)
    c, slot = args.index("clip_index", track.clip_slots, "clip slots")
    if slot.clip is None:
        raise args.fail(f"clip slot ({t}, {c}) is empty: there is no clip")
    return (t, c), slot.clip


def arrangement_clip_of(ctx: Context, args: Args) -> tuple[tuple[int, int], Any]:
    t, track = track_of(ctx, args)
    i, clip = args.index("clip_index", track.arrangement_clips,
                         f"arrangement clips on track {t}")
    return (t, i), clip


def parameter_of(track: Any, args: Args) -> tuple[tuple[int, int], Any]:
    """A parameter by (device_index, parameter_index); device_index -1 is the track's mixer
    (parameter 0 volume, 1 panning, 2.. the sends)."""
    if args.pos < len(args.values) and args.values[args.pos] == -1:
        args.pos += 1
        mixer = track.mixer_device
        params = [mixer.volume, mixer.panning, *mixer.sends]
        p, param = args.index("parameter_index", params, "mixer parameters")
        return (-1, p), param
    d, device = device_of(track, args)
    p, param = args.index("parameter_index", device.parameters,
                          f"parameters on {device.name!r}")
    return (d, p), param
