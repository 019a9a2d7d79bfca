"""Scenes (``/live/scene/...``)."""

from __future__ import annotations

from livectl.model._base import LiveObject
from livectl.model._binding import Io
from livectl.model._props import SceneProps

__all__ = ["Scene"]


class Scene(SceneProps, LiveObject):
    DOMAIN = "scene"

    def fire(self) -> Io[None]:
        return self._call("fire")

    def fire_as_selected(self) -> Io[None]:
        return self._call("fire_as_selected")

    def __repr__(self) -> str:
        name = f" {self._name!r}" if self._name is not None else ""
        return f"<Scene {self._index[0]}{name}>"
