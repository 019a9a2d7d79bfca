"""Scenes (``/live/scene/...``)."""

from __future__ import annotations

from typing import Any

from livectl.model._base import LiveObject, Prop

__all__ = ["Scene"]


class Scene(LiveObject):
    DOMAIN = "scene"
    name: Prop[str] = Prop()
    tempo: Prop[float] = Prop()
    is_empty: Prop[bool] = Prop()

    def fire(self) -> Any:
        return self._call("fire")

    def fire_as_selected(self) -> Any:
        return self._call("fire_as_selected")

    def __repr__(self) -> str:
        name = f" {self._name!r}" if self._name is not None else ""
        return f"<Scene {self._index[0]}{name}>"
