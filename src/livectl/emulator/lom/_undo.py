"""Live's undo history for structural edits, as closures over the objects involved.

Undo puts the *same* objects back (a deleted track returns as the object it was), which
keeps references held by the front end valid. The history is LIFO; a new edit after an
undo drops the redo branch, as in Live.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["UndoStack"]


@dataclass(frozen=True, slots=True)
class _Step:
    description: str
    undo: Callable[[], Any]
    redo: Callable[[], Any]


class UndoStack:
    def __init__(self, limit: int = 1000) -> None:
        self._done: list[_Step] = []
        self._undone: list[_Step] = []
        self._limit = limit
        self._replaying = False

    def push(self, description: str, undo: Callable[[], Any], redo: Callable[[], Any]) -> None:
        if self._replaying:
            return  # an undo/redo that calls public methods must not record again
        self._done.append(_Step(description, undo, redo))
        del self._done[: -self._limit]
        self._undone.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def undo(self) -> str:
        if not self._done:
            return ""
        step = self._done.pop()
        self._run(step.undo)
        self._undone.append(step)
        return step.description

    def redo(self) -> str:
        if not self._undone:
            return ""
        step = self._undone.pop()
        self._run(step.redo)
        self._done.append(step)
        return step.description

    def _run(self, action: Callable[[], Any]) -> None:
        self._replaying = True
        try:
            action()
        finally:
            self._replaying = False

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()
