"""The small control-surface framework remote scripts import, over the emulated Live.

Remote scripts subclass ``_Framework.ControlSurface.ControlSurface`` (Live 9-11 style) or
``ableton.v2.control_surface.ControlSurface`` (AbletonOSC's choice) and build components
from ``ControlSurfaceComponent`` / ``Component``. This module gives the subset such scripts
use: ``song()``, ``application()``, ``schedule_message``, ``show_message``,
``log_message``, ``component_guard``, the lifecycle hooks Live calls, and a ``c_instance``
standing in for the object Live hands to ``create_instance``. Written from the documented
behaviour of Live's framework, not from its code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from livectl.emulator.lom import Application, LiveEngine, Song

__all__ = [
    "CInstance",
    "Component",
    "ControlSurface",
    "ControlSurfaceComponent",
    "V2ControlSurface",
]

log = logging.getLogger(__name__)


class CInstance:
    """What Live passes to ``create_instance``: the script's handle on Live."""

    def __init__(self, engine: LiveEngine, *, on_message: Callable[[str], None],
                 on_log: Callable[[str], None]) -> None:
        self._engine = engine
        self._on_message = on_message
        self._on_log = on_log
        self.sent_midi: list[tuple[int, ...]] = []
        self.rebuild_requests = 0
        # Options for livectl's own script (its docstring lists them); absent in real Live.
        self.livectl_options: dict[str, Any] = {}
        self.session_highlight: tuple[int, int, int, int, bool] | None = None

    def song(self) -> Song:
        return self._engine.song

    def application(self) -> Application:
        return self._engine.application

    def show_message(self, message: str) -> None:
        self._on_message(str(message))

    def log_message(self, message: str) -> None:
        self._on_log(str(message))

    def schedule_message(self, delay_in_ticks: int, callback: Callable[..., Any],
                         parameter: Any = None) -> None:
        self._engine.schedule_message(delay_in_ticks, callback, parameter)

    def send_midi(self, midi_event_bytes: tuple[int, ...]) -> None:
        self.sent_midi.append(tuple(midi_event_bytes))

    def request_rebuild_midi_map(self) -> None:
        self.rebuild_requests += 1

    def instance_identifier(self) -> int:
        return 0

    def set_session_highlight(self, track_offset: int, scene_offset: int, width: int,
                              height: int, include_return_tracks: bool) -> None:
        """Where Live draws the red session ring; ``(-1, -1, -1, -1, False)`` hides it.

        The GUI is not modelled: the last ring is kept in ``session_highlight`` (None when
        hidden) so hosts and tests can see where the script put it.
        """
        ring = (track_offset, scene_offset, width, height)
        if any(isinstance(v, bool) or not isinstance(v, int) for v in ring):
            raise TypeError(f"set_session_highlight: offsets and size must be ints, got {ring}")
        if ring == (-1, -1, -1, -1):
            self.session_highlight = None
        elif min(ring) < 0:
            raise ValueError(f"set_session_highlight: offsets and size must be >= 0, got {ring}")
        else:
            self.session_highlight = (*ring, bool(include_return_tracks))

    def handle(self) -> int:
        """The script's handle, passed back to Live.MidiMap's functions."""
        return id(self)

    def set_feedback_channels(self, channels: Any) -> None:
        """MIDI feedback routing: not modelled."""

    def set_controlled_track(self, track: Any) -> None:
        """Hardware-controlled track: not modelled."""


_current: list[_SurfaceBase] = []  # the loaded surface, for components built without one


class _SurfaceBase:
    """What both frameworks' ControlSurface classes share."""

    def __init__(self, c_instance: CInstance, *args: Any, **kwargs: Any) -> None:
        self._c_instance = c_instance
        self._components: list[_ComponentBase] = []
        _current[:] = [self]

    # -- what scripts call --------------------------------------------------------------------

    @property
    def c_instance(self) -> CInstance:
        return self._c_instance

    def schedule_message(self, delay_in_ticks: int, callback: Callable[..., Any],
                         parameter: Any = None) -> None:
        """Call ``callback`` after ``delay_in_ticks`` Live ticks (~100 ms each)."""
        self._c_instance.schedule_message(delay_in_ticks, callback, parameter)

    def show_message(self, message: str) -> None:
        """Live's status bar line."""
        self._c_instance.show_message(message)

    def log_message(self, *message: Any) -> None:
        """A line in Live's Log.txt."""
        self._c_instance.log_message(" ".join(str(m) for m in message))

    @contextmanager
    def component_guard(self) -> Iterator[None]:
        """Live batches notifications while components are built; nothing to batch here."""
        yield

    def register_component(self, component: _ComponentBase) -> None:
        if component not in self._components:
            self._components.append(component)

    @property
    def components(self) -> tuple[_ComponentBase, ...]:
        return tuple(self._components)

    def request_rebuild_midi_map(self) -> None:
        self._c_instance.request_rebuild_midi_map()

    def send_midi(self, midi_event_bytes: tuple[int, ...]) -> None:
        self._c_instance.send_midi(midi_event_bytes)

    # -- what Live calls ----------------------------------------------------------------------

    def update_display(self) -> None:
        """Called by Live every ~100 ms."""

    def refresh_state(self) -> None:
        """Called by Live when the script should resend its whole state."""

    def build_midi_map(self, midi_map_handle: Any) -> None:
        """Called by Live to (re)build MIDI mappings."""

    def receive_midi(self, midi_bytes: tuple[int, ...]) -> None:
        """MIDI from the script's input port."""

    def connect_script_instances(self, instances: Any) -> None:
        """Called once all scripts are loaded."""

    def port_settings_changed(self) -> None:
        """MIDI port preferences changed."""

    def can_lock_to_devices(self) -> bool:
        return False

    def suggest_input_port(self) -> str:
        return ""

    def suggest_output_port(self) -> str:
        return ""

    def disconnect(self) -> None:
        """Called when the script is unloaded: components disconnect too."""
        for component in reversed(self._components):
            component.disconnect()
        self._components.clear()
        if _current and _current[0] is self:
            _current.clear()


class ControlSurface(_SurfaceBase):
    """``_Framework.ControlSurface.ControlSurface``: ``song()`` and ``application()`` are
    methods here (the older framework's style)."""

    def song(self) -> Song:
        return self._c_instance.song()

    def application(self) -> Application:
        return self._c_instance.application()

    def set_highlighting_session_component(self, session_component: Any) -> None:
        """Show ``session_component``'s box as Live's red ring (one ring per surface)."""
        previous = getattr(self, "_highlighting_session", None)
        if previous is not None and previous is not session_component:
            previous.set_highlighting_callback(None)
        self._highlighting_session = session_component
        session_component.set_highlighting_callback(self._c_instance.set_session_highlight)
        session_component.set_show_highlight(True)

    def highlighting_session_component(self) -> Any:
        return getattr(self, "_highlighting_session", None)


class V2ControlSurface(_SurfaceBase):
    """``ableton.v2.control_surface.ControlSurface``: ``song`` and ``application`` are
    properties (AbletonOSC writes ``self.song.tempo``)."""

    @property
    def song(self) -> Song:
        return self._c_instance.song()

    @property
    def application(self) -> Application:
        return self._c_instance.application()


class _ComponentBase:
    """What both frameworks' components share: enabling and the hooks."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._enabled = bool(kwargs.pop("is_enabled", True))
        self._surface = _current[0] if _current else None
        if self._surface is not None:
            self._surface.register_component(self)

    def _require_surface(self) -> _SurfaceBase:
        if self._surface is None:
            raise RuntimeError("components must be created while a control surface is loaded")
        return self._surface

    def is_enabled(self) -> bool:
        return self._enabled

    def set_enabled(self, enable: bool) -> None:
        if bool(enable) != self._enabled:
            self._enabled = bool(enable)
            self.on_enabled_changed()
            self.update()

    def on_enabled_changed(self) -> None:
        """Hook for subclasses."""

    def update(self) -> None:
        """Hook for subclasses: refresh what the component shows."""

    def disconnect(self) -> None:
        """Hook for subclasses: drop listeners."""


class ControlSurfaceComponent(_ComponentBase):
    """``_Framework.ControlSurfaceComponent``: ``song()``/``application()`` methods."""

    def song(self) -> Song:
        return self._require_surface().c_instance.song()

    def application(self) -> Application:
        return self._require_surface().c_instance.application()


class Component(_ComponentBase):
    """``ableton.v2.control_surface.Component``: ``song``/``application`` properties."""

    @property
    def song(self) -> Song:
        return self._require_surface().c_instance.song()

    @property
    def application(self) -> Application:
        return self._require_surface().c_instance.application()
