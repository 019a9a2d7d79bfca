"""Operations (see :mod:`livectl.client._request`) for plain gets, sets, calls and queries.

Each is written once and run by either client shell. Reply prefixes come from the endpoint
table (spec §2.1), never from a second copy of the addresses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from livectl.client._request import Batch, Op, Request, Windowed
from livectl.errors import NotFoundError
from livectl.protocol import Endpoint, route

__all__ = [
    "call", "get", "get_op", "get_request", "mapped", "query", "raw_prefix", "raw_query", "raw_query_many", "send", "set_", "unwrap",
]

T = TypeVar("T")
U = TypeVar("U")


def mapped(op: Op[T], f: Callable[[T], U]) -> Op[U]:
    """``op`` with ``f`` applied to its result: a step after the I/O, the same in both worlds."""
    result = yield from op
    return f(result)


def unwrap(values: tuple[Any, ...]) -> Any:
    """One value as itself, none as None, several as a tuple."""
    if len(values) == 1:
        return values[0]
    return values if values else None


# Requests are immutable: a get asked again (a loop reading the tempo) reuses its Request
# instead of building the frozen dataclass anew (~2 us). Bounded: emptied when full.
_GETS: dict[tuple[str, tuple[Any, ...]], Request] = {}
_MAX_GETS = 4096


def get(ep: Endpoint, args: tuple[Any, ...]) -> Op[Any]:
    """A property get: the reply echoes every argument we send (index + send/param index)."""
    return get_op(get_request(ep, args))


def get_op(request: Request) -> Op[Any]:
    """The operation of a get whose request is built (see :func:`get_request`)."""
    values = yield request
    return unwrap(values)


def get_request(ep: Endpoint, args: tuple[Any, ...]) -> Request:
    """The request of :func:`get` (which a sync engine may also run by itself: its
    ``fetch``), built once for each property and index."""
    key = (ep.get_address, args)
    try:
        request = _GETS.get(key)
        cacheable = True
    except TypeError:  # an unhashable argument: nothing to reuse
        request, cacheable = None, False
    if request is None:
        request = Request(ep.get_address, args, prefix=len(args), idempotent=True)
        if cacheable:
            if len(_GETS) >= _MAX_GETS:
                _GETS.clear()
            _GETS[key] = request
    return request


def set_(ep: Endpoint, args: tuple[Any, ...], *, confirm: bool) -> Op[None]:
    # Setting a value twice leaves what setting it once does: safe to resend on a timeout.
    yield Request(ep.set_address, args, confirm=confirm, idempotent=True)


def call(ep: Endpoint, args: tuple[Any, ...], *, confirm: bool) -> Op[None]:
    yield Request(ep.call_address, args, confirm=confirm)


def query(ep: Endpoint, args: tuple[Any, ...]) -> Op[tuple[Any, ...]]:
    """A custom getter: the reply echoes the index prefix only; returns the values after it."""
    values = yield Request(ep.get_address, args, prefix=len(ep.index_args), idempotent=True)
    return tuple(values)


def raw_prefix(address: str, args: tuple[Any, ...]) -> int:
    """How many leading arguments AbletonOSC echoes in the reply to ``address``."""
    try:
        r = route(address)
    except NotFoundError:
        return 0  # unknown to the table: match on the address alone
    ep = r.endpoint
    if "*" in args[: len(ep.index_args)]:
        return 0  # track index "*": the reply carries a real index (spec §7); match on address
    if ep.kind == "property":
        return min(len(args), len(ep.index_args) + len(ep.args))
    return min(len(args), len(ep.index_args))


def raw_query(address: str, args: tuple[Any, ...], prefix: int | None) -> Op[Any]:
    """``live.query``: the full reply arguments, or every (address, args) for a wildcard."""
    if "*" in address:
        n = raw_prefix(address, args) if prefix is None else prefix
        collected = yield Request(address, args, prefix=n, collect=True, idempotent=True)
        return collected
    n = raw_prefix(address, args) if prefix is None else prefix
    values = yield Request(address, args, prefix=n, idempotent=True)
    return tuple(args[:n]) + tuple(values)


def raw_query_many(items: list[tuple[str, tuple[Any, ...]]],
                   window: int | None = None) -> Op[list[tuple[Any, ...]]]:
    """Many plain queries sent at once (pipelined), or with at most ``window`` in flight;
    results in order; the first error raises."""
    prefixes = [raw_prefix(address, args) for address, args in items]
    requests = (Request(address, args, prefix=n, idempotent=True)
                for (address, args), n in zip(items, prefixes, strict=True))
    results = yield (Batch(requests) if window is None else Windowed(requests, window))
    out = []
    for (_, args), n, result in zip(items, prefixes, results, strict=True):
        if isinstance(result, BaseException):
            raise result
        out.append(tuple(args[:n]) + tuple(result))
    return out


def send(address: str, args: tuple[Any, ...], *, confirm: bool) -> Op[None]:
    yield Request(address, args, confirm=confirm)
