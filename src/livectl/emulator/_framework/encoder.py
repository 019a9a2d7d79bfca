"""``_Framework.EncoderElement`` and the ``InputControlElement`` constants it is built on.

An encoder is a hardware knob sending one MIDI message (usually a CC) on one channel. In
Live's framework a script connects it to a ``DeviceParameter`` (``connect_to``); when Live
asks for the MIDI map, a connected encoder maps its CC straight onto the parameter
(``Live.MidiMap.map_midi_cc``), an unconnected one asks for its messages to be forwarded to
the script, whose ``receive_value`` then notifies the encoder's value listeners.
Written from the framework's documented behaviour, not from its code.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from livectl.emulator._framework.midi_map import MapMode, relative_delta

__all__ = [
    "MIDI_CC_TYPE",
    "MIDI_NOTE_TYPE",
    "MIDI_PB_TYPE",
    "MIDI_SYSEX_TYPE",
    "EncoderElement",
    "InputControlElement",
    "framework_modules",
]

MIDI_NOTE_TYPE = 0
MIDI_CC_TYPE = 1
MIDI_PB_TYPE = 2
MIDI_SYSEX_TYPE = 3
_TYPES = (MIDI_NOTE_TYPE, MIDI_CC_TYPE, MIDI_PB_TYPE)


def _check(name: str, value: Any, top: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
        raise ValueError(f"{name} must be in range 0..{top}, got {value!r}")
    return value


class InputControlElement:
    """A control that sends one kind of MIDI message: type, channel, identifier."""

    def __init__(self, msg_type: int, channel: int, identifier: int, *args: Any,
                 **kwargs: Any) -> None:
        if msg_type not in _TYPES:
            raise ValueError(f"msg_type must be MIDI_NOTE_TYPE, MIDI_CC_TYPE or MIDI_PB_TYPE "
                             f"(0..2), got {msg_type!r}")
        self._msg_type = msg_type
        self._channel = _check("channel", channel, 15)
        self._identifier = _check("identifier", identifier, 127)
        self._parameter: Any = None
        self._value_listeners: list[tuple[Callable[..., Any], bool]] = []
        self._last_value: int | None = None

    def __repr__(self) -> str:
        return (f"<{type(self).__name__} type {self._msg_type} channel {self._channel} "
                f"id {self._identifier}>")

    def message_type(self) -> int:
        return self._msg_type

    def message_channel(self) -> int:
        return self._channel

    def message_identifier(self) -> int:
        return self._identifier

    # -- parameter connection ---------------------------------------------------------------

    def connect_to(self, parameter: Any) -> None:
        """Map this control onto ``parameter`` from the next MIDI map build on."""
        self._parameter = parameter

    def release_parameter(self) -> None:
        self._parameter = None

    def mapped_parameter(self) -> Any:
        return self._parameter

    def install_connections(self, midi_map_handle: int, midi_map: ModuleType,
                            script_handle: Any = None) -> bool:
        """Called while the surface builds its MIDI map: map onto the connected parameter,
        or forward the messages to the script so ``receive_value`` sees them."""
        if self._parameter is not None and self._msg_type == MIDI_CC_TYPE:
            return bool(midi_map.map_midi_cc(midi_map_handle, self._parameter, self._channel,
                                             self._identifier, self._map_mode(), True))
        if self._parameter is not None and self._msg_type == MIDI_NOTE_TYPE:
            return bool(midi_map.map_midi_note(midi_map_handle, self._parameter, self._channel,
                                               self._identifier))
        if self._parameter is not None:
            return bool(midi_map.map_midi_pitchbend(midi_map_handle, self._parameter,
                                                    self._channel, True))
        if self._msg_type == MIDI_CC_TYPE:
            return bool(midi_map.forward_midi_cc(script_handle, midi_map_handle, self._channel,
                                                 self._identifier))
        if self._msg_type == MIDI_NOTE_TYPE:
            return bool(midi_map.forward_midi_note(script_handle, midi_map_handle,
                                                   self._channel, self._identifier))
        return bool(midi_map.forward_midi_pitchbend(script_handle, midi_map_handle,
                                                    self._channel))

    def _map_mode(self) -> int:
        return MapMode.absolute

    # -- values -----------------------------------------------------------------------------

    def add_value_listener(self, callback: Callable[..., Any],
                           identify_sender: bool = False) -> None:
        if not callable(callback):
            raise TypeError("add_value_listener needs a callable")
        if self.value_has_listener(callback):
            raise RuntimeError("Listener already connected")  # Live's text for a double add
        self._value_listeners.append((callback, bool(identify_sender)))

    def remove_value_listener(self, callback: Callable[..., Any]) -> None:
        for entry in self._value_listeners:
            if entry[0] == callback:
                self._value_listeners.remove(entry)
                return
        raise RuntimeError("Listener not connected")

    def value_has_listener(self, callback: Callable[..., Any]) -> bool:
        return any(entry[0] == callback for entry in self._value_listeners)

    def receive_value(self, value: int) -> None:
        """A forwarded message's value (0..127) reached the script: tell the listeners."""
        self._last_value = _check("value", value, 127)
        for callback, identify in list(self._value_listeners):
            if identify:
                callback(value, self)
            else:
                callback(value)

    def disconnect(self) -> None:
        self._value_listeners.clear()
        self._parameter = None


class EncoderElement(InputControlElement):
    """``_Framework.EncoderElement.EncoderElement(msg_type, channel, identifier, map_mode)``."""

    def __init__(self, msg_type: int, channel: int, identifier: int, map_mode: int,
                 encoder_sensitivity: float | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(msg_type, channel, identifier)
        mode = int(map_mode)
        if not 0 <= mode <= 9:
            raise ValueError(f"map_mode must be a Live.MidiMap.MapMode (0..9), got {map_mode!r}")
        self._mode = mode
        self._sensitivity = 1.0 if encoder_sensitivity is None else float(encoder_sensitivity)

    def message_map_mode(self) -> int:
        return self._mode

    @property
    def encoder_sensitivity(self) -> float:
        return self._sensitivity

    def _map_mode(self) -> int:
        return self._mode

    def relative_value_to_delta(self, value: int) -> int:
        """Steps a relative encoder's value means (0 for an absolute encoder)."""
        if self._mode in (MapMode.absolute, MapMode.absolute_14_bit):
            return 0
        return relative_delta(self._mode, _check("value", value, 127))


def framework_modules() -> dict[str, ModuleType]:
    """``_Framework.InputControlElement`` and ``_Framework.EncoderElement``."""
    input_element = ModuleType("_Framework.InputControlElement", "Emulated (livectl)")
    encoder = ModuleType("_Framework.EncoderElement", "Emulated (livectl)")
    for module in (input_element, encoder):
        for name, value in {
            "InputControlElement": InputControlElement,
            "MIDI_NOTE_TYPE": MIDI_NOTE_TYPE,
            "MIDI_CC_TYPE": MIDI_CC_TYPE,
            "MIDI_PB_TYPE": MIDI_PB_TYPE,
            "MIDI_SYSEX_TYPE": MIDI_SYSEX_TYPE,
        }.items():
            setattr(module, name, value)
    encoder.EncoderElement = EncoderElement  # type: ignore[attr-defined]
    return {"_Framework.InputControlElement": input_element, "_Framework.EncoderElement": encoder}
