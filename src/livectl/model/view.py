"""The view (``/live/view/...``) and the application (``/live/application/...``)."""

from __future__ import annotations

from typing import Any, cast

from livectl.checks import check_index
from livectl.client._request import Op
from livectl.errors import ValidationError
from livectl.model import _ext, _ops
from livectl.model._base import LiveObject
from livectl.model._binding import Binding, Io
from livectl.model._props import ViewProps
from livectl.protocol import Endpoint
from livectl.script.table.endpoints import VIEW_NAMES

__all__ = ["AppView", "Application", "View"]


class View(ViewProps, LiveObject):
    """Selection: ``selected_track``, ``selected_scene`` (ints), ``selected_clip`` and
    ``selected_device`` ((track, index) pairs)."""

    DOMAIN = "view"

    def select_clip(self, track: int, scene: int) -> Io[None]:
        return self._run_set("selected_clip", check_index(track, "track"), check_index(scene, "scene"))

    def select_device(self, track: Any, device: int | None = None) -> Io[None]:
        """Select a device: ``select_device(device)`` with a track Device, or
        ``select_device(track, device)`` with indices."""
        if device is None:
            index = getattr(track, "index", None)
            if not (isinstance(index, tuple) and len(index) == 2):
                raise ValidationError(f"select_device takes a track Device or (track, device) "
                                      f"indices, got {track!r}", field="device", value=track)
            track, device = index
        return self._run_set("selected_device", check_index(track, "track"),
                             check_index(device, "device"))

    def select_track(self, track: Any) -> Io[None]:
        """Select a track (a Track or its index)."""
        index = check_index(getattr(track, "track_index", track), "track", allow_negative=False)
        return self.set("selected_track", index)

    def select_scene(self, scene: Any) -> Io[None]:
        """Select a scene (a Scene or its index)."""
        index = getattr(scene, "index", (scene,))
        return self.set("selected_scene", check_index(index[0] if isinstance(index, tuple)
                                                      else index, "scene", allow_negative=False))

    def _run_set(self, name: str, *args: Any) -> Io[None]:
        return self._run(_ops.set_(self._ep(name), args, confirm=self._binding.confirm_writes))

    @property
    def selected_clip(self) -> Io[Any]:
        return self.get("selected_clip")

    @property
    def selected_device(self) -> Io[Any]:
        return self.get("selected_device")

    def __repr__(self) -> str:
        return "<View>"


class AppView(LiveObject):
    """``live.application.view`` (livectl's script): show, focus and hide Live's views,
    ``Session``, ``Arranger``, ``Detail``, ``Detail/Clip``, ``Detail/DeviceChain``, ``Browser``."""

    DOMAIN = "application"

    def __init__(self, binding: Binding) -> None:
        super().__init__(binding, ())

    def show(self, view: str) -> Io[None]:
        return self._call("show_view", _view_name(view))

    def focus(self, view: str) -> Io[None]:
        return self._call("focus_view", _view_name(view))

    def hide(self, view: str) -> Io[None]:
        return self._call("hide_view", _view_name(view))

    def is_visible(self, view: str) -> Io[bool]:
        return cast(bool, self._run(_last(_ext.query_args(self._ep("is_view_visible"), (_view_name(view),)))))

    @property
    def focused_document_view(self) -> Io[str]:
        """``"Session"`` or ``"Arranger"``: the main view shown."""
        return cast(str, self._run(_first(self._ep("focused_document_view"))))

    def __repr__(self) -> str:
        return "<AppView>"


def _view_name(value: Any) -> str:
    if value not in VIEW_NAMES:
        raise ValidationError(f"view must be one of {', '.join(VIEW_NAMES)}, got {value!r}",
                              field="view", value=value)
    return str(value)


def _last(op: Op[tuple[Any, ...]]) -> Op[Any]:
    values = yield from op
    return values[-1]


class Application(LiveObject):
    DOMAIN = "application"

    @property
    def view(self) -> AppView:
        """Live's application view: ``show``, ``focus``, ``hide``, ``is_visible``."""
        return AppView(self._binding)

    @property
    def version(self) -> Io[tuple[int, ...]]:
        """(major, minor), e.g. (12, 1)."""
        return self._query("version")

    @property
    def average_process_usage(self) -> Io[float]:
        return cast(float, self._run(_first(self._ep("average_process_usage"))))

    def __repr__(self) -> str:
        return "<Application>"


def _first(ep: Endpoint) -> Op[Any]:
    values = yield from _ops.query(ep, ())
    return values[0] if values else None
