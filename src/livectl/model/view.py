"""The view (``/live/view/...``) and the application (``/live/application/...``)."""

from __future__ import annotations

from typing import Any

from livectl.checks import check_index
from livectl.client._request import Op
from livectl.model import _ops
from livectl.model._base import LiveObject, Prop
from livectl.protocol import Endpoint

__all__ = ["Application", "View"]


class View(LiveObject):
    """Selection: ``selected_track``, ``selected_scene`` (ints), ``selected_clip`` and
    ``selected_device`` ((track, index) pairs)."""

    DOMAIN = "view"
    selected_track: Prop[int] = Prop()
    selected_scene: Prop[int] = Prop()

    def select_clip(self, track: int, scene: int) -> Any:
        return self._run_set("selected_clip", check_index(track, "track"), check_index(scene, "scene"))

    def select_device(self, track: int, device: int) -> Any:
        return self._run_set("selected_device", check_index(track, "track"),
                             check_index(device, "device"))

    def _run_set(self, name: str, *args: Any) -> Any:
        return self._run(_ops.set_(self._ep(name), args, confirm=self._binding.confirm_writes))

    @property
    def selected_clip(self) -> Any:
        return self.get("selected_clip")

    @property
    def selected_device(self) -> Any:
        return self.get("selected_device")

    def __repr__(self) -> str:
        return "<View>"


class Application(LiveObject):
    DOMAIN = "application"

    @property
    def version(self) -> Any:
        """(major, minor), e.g. (12, 1)."""
        return self._query("version")

    @property
    def average_process_usage(self) -> Any:
        return self._run(_first(self._ep("average_process_usage")))

    def __repr__(self) -> str:
        return "<Application>"


def _first(ep: Endpoint) -> Op[Any]:
    values = yield from _ops.query(ep, ())
    return values[0] if values else None
