"""Live's vectors (``song.tracks``, ``track.clip_slots``, ...): read-only sequences.

They behave like Boost.Python vectors: an index out of range raises
``IndexError("Index out of range")`` (the exact text AbletonOSC's tests compare), negative
indices count from the end, and non-integer indices raise TypeError. Vectors are views
on the owner's list, so a vector taken earlier sees later inserts and deletes, as in Live.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar, overload

__all__ = ["Vector"]

T = TypeVar("T")


class Vector(Sequence[T]):
    __slots__ = ("_items",)

    def __init__(self, items: list[T]) -> None:
        self._items = items

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return self._items[index]
        if isinstance(index, bool) or not isinstance(index, int):
            raise TypeError(
                f"No registered converter was able to produce a C++ rvalue of type int "
                f"from this Python object of type {type(index).__name__}"
            )
        size = len(self._items)
        if index < -size or index >= size:
            raise IndexError("Index out of range")
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._items))

    def __contains__(self, value: object) -> bool:
        return any(item is value for item in self._items)

    def index(self, value: Any, start: int = 0, stop: int | None = None) -> int:
        # Identity, not equality: two tracks with equal names are different objects.
        end = len(self._items) if stop is None else stop
        for position in range(start, end):
            if self._items[position] is value:
                return position
        raise ValueError(f"{value!r} is not in vector")

    def __repr__(self) -> str:
        return f"Vector({self._items!r})"
