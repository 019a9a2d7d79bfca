"""``_Framework.SessionComponent.SessionComponent``: the session box ("red ring").

A session component is a window of ``num_tracks`` x ``num_scenes`` clip slots on Live's
session grid, at ``track_offset()`` / ``scene_offset()``. A control surface shows it in
Live's GUI with ``set_highlighting_session_component(session)``; from then on every move of
the box reaches Live as ``c_instance.set_session_highlight(track_offset, scene_offset,
width, height, include_return_tracks)``, and ``(-1, -1, -1, -1, False)`` hides it.

Behaviour modelled (from Live's documented framework behaviour, not its code):
``set_offsets`` refuses negative offsets; an offset past the last track (scene) leaves that
axis where it was; offset listeners and the highlight fire only when the box moves; when
tracks or scenes are deleted under the box, it moves back to stay inside the set. Buttons,
clip-slot sub-components and skinning are not modelled (no hardware here).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from livectl.emulator._framework.control_surface import ControlSurfaceComponent

__all__ = ["HighlightCallback", "SessionComponent"]

HighlightCallback = Callable[[int, int, int, int, bool], None]
_HIDDEN = (-1, -1, -1, -1, False)
_MAX_SIZE = 1024  # no surface has a bigger grid; bounds what a script can ask for


def _check_count(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"SessionComponent: {name} must be an int, got {value!r}")
    if not 0 <= value <= _MAX_SIZE:
        raise ValueError(f"SessionComponent: {name} must be in range 0..{_MAX_SIZE}, got {value}")
    return value


def _check_offset(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"SessionComponent: {name} must be an int, got {value!r}")
    if value < 0:
        raise ValueError(f"SessionComponent: {name} must be >= 0, got {value}")
    return value


class SessionComponent(ControlSurfaceComponent):
    """``SessionComponent(num_tracks=0, num_scenes=0, auto_name=False, enable_skinning=False)``."""

    def __init__(self, num_tracks: int = 0, num_scenes: int = 0, auto_name: bool = False,
                 enable_skinning: bool = False, *args: Any, **kwargs: Any) -> None:
        width = _check_count("num_tracks", num_tracks)
        height = _check_count("num_scenes", num_scenes)
        super().__init__(*args, **kwargs)
        self._width = width
        self._height = height
        self._track_offset = 0
        self._scene_offset = 0
        self._show_highlight = False
        self._highlighting_callback: HighlightCallback | None = None
        self._offset_listeners: list[Callable[..., Any]] = []
        self._shown: tuple[int, int, int, int, bool] | None = None
        song: Any = self.song()  # listener methods are generated per property
        song.add_visible_tracks_listener(self._on_set_changed)
        song.add_scenes_listener(self._on_set_changed)

    def __repr__(self) -> str:
        return (f"<SessionComponent {self._width}x{self._height} at track "
                f"{self._track_offset} scene {self._scene_offset}>")

    # -- the box ------------------------------------------------------------------------------

    def width(self) -> int:
        return self._width

    def height(self) -> int:
        return self._height

    def track_offset(self) -> int:
        return self._track_offset

    def scene_offset(self) -> int:
        return self._scene_offset

    def tracks_to_use(self) -> tuple[Any, ...]:
        """The tracks the box moves over: the song's visible tracks."""
        return tuple(self.song().visible_tracks)

    def set_offsets(self, track_offset: int, scene_offset: int) -> None:
        """Move the box; an offset past the last track (scene) leaves that axis unchanged."""
        track_offset = _check_offset("track_offset", track_offset)
        scene_offset = _check_offset("scene_offset", scene_offset)
        new_track = track_offset if track_offset < len(self.tracks_to_use()) else self._track_offset
        new_scene = scene_offset if scene_offset < len(self.song().scenes) else self._scene_offset
        self._move(new_track, new_scene)

    def _move(self, track_offset: int, scene_offset: int) -> None:
        if (track_offset, scene_offset) == (self._track_offset, self._scene_offset):
            return
        self._track_offset = track_offset
        self._scene_offset = scene_offset
        for listener in list(self._offset_listeners):
            listener()
        self._update_highlight()

    def _on_set_changed(self) -> None:
        # Tracks or scenes were deleted under the box: it moves back inside the set.
        last_track = max(0, len(self.tracks_to_use()) - 1)
        last_scene = max(0, len(self.song().scenes) - 1)
        self._move(min(self._track_offset, last_track), min(self._scene_offset, last_scene))

    # -- offset listeners (Live's add_offset_listener family) ---------------------------------

    def add_offset_listener(self, listener: Callable[..., Any]) -> None:
        if not callable(listener):
            raise TypeError("add_offset_listener needs a callable")
        if listener in self._offset_listeners:
            raise RuntimeError("Listener already connected")
        self._offset_listeners.append(listener)

    def remove_offset_listener(self, listener: Callable[..., Any]) -> None:
        if listener not in self._offset_listeners:
            raise RuntimeError("Listener not connected")
        self._offset_listeners.remove(listener)

    def offset_has_listener(self, listener: Callable[..., Any]) -> bool:
        return listener in self._offset_listeners

    # -- the red ring -------------------------------------------------------------------------

    def set_highlighting_callback(self, callback: HighlightCallback | None) -> None:
        """Where the box is reported (the control surface's highlight hook)."""
        if callback is not None and not callable(callback):
            raise TypeError("set_highlighting_callback needs a callable or None")
        if self._highlighting_callback is not None and callback != self._highlighting_callback:
            self._report(_HIDDEN)  # the old owner's ring goes away
        self._highlighting_callback = callback
        self._shown = None
        self._update_highlight()

    def set_show_highlight(self, show: bool) -> None:
        self._show_highlight = bool(show)
        self._update_highlight()

    @property
    def show_highlight(self) -> bool:
        return self._show_highlight

    def on_enabled_changed(self) -> None:
        self._update_highlight()

    def _update_highlight(self) -> None:
        if self._highlighting_callback is None:
            return
        if self._show_highlight and self.is_enabled():
            ring = (self._track_offset, self._scene_offset, self._width, self._height, False)
        else:
            ring = _HIDDEN
        if ring != self._shown:
            self._report(ring)

    def _report(self, ring: tuple[int, int, int, int, bool]) -> None:
        self._shown = ring
        if self._highlighting_callback is not None:
            self._highlighting_callback(*ring)

    def disconnect(self) -> None:
        song: Any = self.song()
        if song.visible_tracks_has_listener(self._on_set_changed):
            song.remove_visible_tracks_listener(self._on_set_changed)
        if song.scenes_has_listener(self._on_set_changed):
            song.remove_scenes_listener(self._on_set_changed)
        self._offset_listeners.clear()
        if self._shown not in (None, _HIDDEN):
            self._report(_HIDDEN)
        self._highlighting_callback = None
        super().disconnect()
