"""Live's undo history for structural edits, as closures over the objects involved.

Undo puts the *same* objects back (a deleted track returns as the object it was), which
keeps references held by the front end valid. The history is LIFO; a new edit after an
undo drops the redo branch, as in Live. ``begin_group``/``end_group`` (Song.begin_undo_step /
end_undo_step) make every edit between them one step; they nest, the outermost end closes it.
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
        self._depth = 0  # open begin_group calls
        self._group: list[_Step] = []

    def begin_group(self) -> None:
        self._depth += 1

    def end_group(self) -> None:
        """Close one begin_group; the outermost makes the edits since it one step. An end
        without a begin is ignored (Live's end_undo_step does not raise either)."""
        if self._depth == 0:
            return
        self._depth -= 1
        if self._depth == 0:
            self._close_group()

    def _close_group(self) -> None:
        steps, self._group = self._group, []
        if len(steps) == 1:
            self._done.append(steps[0])
        elif steps:
            def undo() -> None:
                for step in reversed(steps):
                    step.undo()

            def redo() -> None:
                for step in steps:
                    step.redo()

            self._done.append(_Step(steps[0].description, undo, redo))
        del self._done[: -self._limit]

    def push(self, description: str, undo: Callable[[], Any], redo: Callable[[], Any]) -> None:
        # Every structural edit records an undo step first, so this is where a change made
        # from inside a listener callback is refused, as Live refuses it.
        check_not_notifying()
        if self._replaying:
            return  # an undo/redo that calls public methods must not record again
        if self._depth:
            self._group.append(_Step(description, undo, redo))
            self._undone.clear()
            return
        self._done.append(_Step(description, undo, redo))
        del self._done[: -self._limit]
        self._undone.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._done or self._group)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def undo(self) -> str:
        check_not_notifying()
        if self._depth:  # undo inside an open step: the step ends first
            self._depth = 0
            self._close_group()
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
        self._depth = 0
        self._group.clear()
        self._done.clear()
        self._undone.clear()
