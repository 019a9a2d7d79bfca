"""Live's undo history for structural edits, as closures over the objects involved.

Undo puts the *same* objects back (a deleted track returns as the object it was), which
keeps references held by the front end valid. The history is LIFO; a new edit after an
undo drops the redo branch, as in Live.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from livectl.emulator.lom._observable import check_not_notifying

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
        # Every structural edit records an undo step first, so this is where a change made
        # from inside a listener callback is refused, as Live refuses it.
        check_not_notifying()
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
        check_not_notifying()
        if not self._done:
            return ""
        step = self._done.pop()
        self._run(step.undo)
        self._undone.append(step)
        return step.description

    def redo(self) -> str:
        check_not_notifying()
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
