"""The client's listener registry, shared by both cores (plain AbletonOSC and sessions).

Subscriptions with equal keys ``(address, prefix)`` share one listener in Live: the first
one's arrival starts it, the last one's removal stops it. Incoming values are looked up by
address in O(1), then matched by prefix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Listeners", "Subscription", "prefix_matches"]

Key = tuple[str, tuple[Any, ...]]
Callback = Callable[[tuple[Any, ...]], None]


@dataclass(eq=False)
class Subscription:
    """One callback on a listener message stream; ``key`` is shared by equal subscriptions."""

    key: Key
    start: tuple[str, tuple[Any, ...]]
    stop: tuple[str, tuple[Any, ...]]
    callback: Callback
    active: bool = True


def prefix_matches(args: tuple[Any, ...], prefix: tuple[Any, ...]) -> bool:
    """``args`` start with ``prefix`` (a bool never stands for an index)."""
    if len(args) < len(prefix):
        return False
    return all(a == p and type(a) is not bool for a, p in zip(args, prefix, strict=False))


class Listeners:
    """Subscriptions by key, indexed by address."""

    def __init__(self) -> None:
        self._by_key: dict[Key, list[Subscription]] = {}
        self._by_address: dict[str, dict[tuple[Any, ...], list[Subscription]]] = {}

    def add(self, sub: Subscription) -> bool:
        """Add ``sub``; True if it is the first on its key (start the listener)."""
        subs = self._by_key.setdefault(sub.key, [])
        subs.append(sub)
        self._by_address.setdefault(sub.key[0], {})[sub.key[1]] = subs
        return len(subs) == 1

    def remove(self, sub: Subscription) -> bool:
        """Remove ``sub``; True if it was the last on its key (stop the listener)."""
        if not sub.active:
            return False
        sub.active = False
        subs = self._by_key.get(sub.key, [])
        if sub in subs:
            subs.remove(sub)
        if subs:
            return False
        self._by_key.pop(sub.key, None)
        by_prefix = self._by_address.get(sub.key[0], {})
        by_prefix.pop(sub.key[1], None)
        if not by_prefix:
            self._by_address.pop(sub.key[0], None)
        return True

    def all(self) -> list[Subscription]:
        return [sub for subs in self._by_key.values() for sub in subs]

    def firsts(self) -> list[Subscription]:
        """One subscription per live key (what to start again after a restart)."""
        return [subs[0] for subs in self._by_key.values() if subs]

    @property
    def count(self) -> int:
        return sum(len(s) for s in self._by_key.values())

    def deliver(self, address: str, args: tuple[Any, ...]) -> list[Callable[[], None]]:
        """Calls of every callback listening to ``address`` with a matching prefix."""
        calls: list[Callable[[], None]] = []
        for prefix, subs in self._by_address.get(address, {}).items():
            if prefix_matches(args, prefix):
                values = args[len(prefix):]
                calls.extend(_bind(sub.callback, values) for sub in list(subs))
        return calls


def _bind(callback: Callback, values: tuple[Any, ...]) -> Callable[[], None]:
    return lambda: callback(values)
