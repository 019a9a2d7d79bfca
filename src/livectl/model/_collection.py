"""Indexed collections of Live objects: tracks, scenes, clip slots, devices.

``coll[i]`` makes the object at index ``i`` with no I/O (negative counts from the end, as in
Live). ``coll["Bass"]`` finds by name with one query. ``len(coll)`` and iteration ask Live for
the count (sync only; on asyncio: ``await coll.count()``, ``await coll.all()``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar, overload

from livectl.checks import check_index
from livectl.client._request import Op
from livectl.errors import NotFoundError, ValidationError
from livectl.model._binding import Binding, Io

__all__ = ["Collection"]

T = TypeVar("T")


class Collection(Generic[T]):
    def __init__(
        self,
        binding: Binding,
        what: str,
        make: Callable[[int, str | None], T],
        count: Callable[[], Op[int]],
        names: Callable[[], Op[tuple[Any, ...]]] | None = None,
    ) -> None:
        self._binding = binding
        self._what = what
        self._make = make
        self._count = count
        self._names = names

    @overload
    def __getitem__(self, key: int) -> T: ...
    @overload
    def __getitem__(self, key: str) -> Io[T]: ...
    def __getitem__(self, key: int | str) -> T:
        if isinstance(key, str):
            return self._binding.result(self._by_name(key))
        if isinstance(key, slice):
            raise ValidationError(f"{self._what} index must be an int or a name, not a slice")
        return self._make(check_index(key, f"{self._what} index"), None)

    def _by_name(self, name: str) -> Op[T]:
        if self._names is None:
            raise ValidationError(f"{self._what}s cannot be found by name", field="name", value=name)
        names = yield from self._names()
        for i, n in enumerate(names):
            if n == name:
                return self._make(i, n)
        raise NotFoundError(f"no {self._what} named {name!r}; there are: "
                            f"{', '.join(map(repr, names)) or 'none'}")

    def _all(self) -> Op[list[T]]:
        if self._names is not None:
            names = yield from self._names()
            return [self._make(i, n) for i, n in enumerate(names)]
        n = yield from self._count()
        return [self._make(i, None) for i in range(n)]

    def count(self) -> Io[int]:
        """How many there are (awaitable on asyncio)."""
        return self._binding.result(self._count())

    def names(self) -> Io[tuple[Any, ...]]:
        if self._names is None:
            raise ValidationError(f"{self._what}s have no names query")
        return self._binding.result(self._names())

    def all(self) -> Io[list[T]]:
        """Every object, with names where Live gives them (awaitable on asyncio)."""
        return self._binding.result(self._all())

    def __len__(self) -> int:
        if self._binding.is_async:
            raise TypeError(f"on an asyncio connection use: await {self._what}s.count()")
        return self.count()

    def __iter__(self) -> Iterator[T]:
        if self._binding.is_async:
            raise TypeError(f"on an asyncio connection use: await {self._what}s.all()")
        return iter(self.all())

    def __repr__(self) -> str:
        return f"<{self._what}s>"
