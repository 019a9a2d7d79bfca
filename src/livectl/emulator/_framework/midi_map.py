"""``Live.MidiMap``: the MIDI mappings a remote script installs in ``build_midi_map``.

How Live uses it: a script calls ``request_rebuild_midi_map()``; Live then calls the script's
``build_midi_map(midi_map_handle)`` with a fresh handle (an int), and inside that call the
script maps CCs to parameters (``map_midi_cc``) or asks for messages to be forwarded to its
``receive_midi`` (``forward_midi_cc``/``forward_midi_note``/``forward_midi_pitchbend``). The
new map replaces the old one. MIDI arriving on the script's input port goes through the map:
a mapped CC moves its parameter (Live does this itself; the script never sees the message),
a forwarded message reaches ``receive_midi``, anything else is dropped.

``MidiMaps`` is the registry behind the handles; ``midi_map_module(maps)`` builds the module
object a script imports. Names and signatures as in ableton-live-stubs 12.3 (``MidiMap.pyi``);
the value conversions are the documented meaning of each ``MapMode``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

__all__ = ["MapMode", "MidiMap", "MidiMaps", "midi_map_module", "relative_delta"]


class MapMode(int):
    """How a mapped CC's value moves the parameter (``Live.MidiMap.MapMode``)."""

    absolute = 0
    relative_signed_bit = 1
    relative_binary_offset = 2
    relative_two_compliment = 3
    relative_signed_bit2 = 4
    absolute_14_bit = 5
    relative_smooth_signed_bit = 6
    relative_smooth_binary_offset = 7
    relative_smooth_two_compliment = 8
    relative_smooth_signed_bit2 = 9


_MODES = range(10)


class FeedbackRule:
    """The feedback structures (``CCFeedbackRule`` etc.): plain settable fields."""

    def __init__(self) -> None:
        self.channel = 0
        self.delay_in_ms = 0.0
        self.enabled = True


class CCFeedbackRule(FeedbackRule):
    def __init__(self) -> None:
        super().__init__()
        self.cc_no = 0
        self.cc_value_map: tuple[int, ...] = ()


class NoteFeedbackRule(FeedbackRule):
    def __init__(self) -> None:
        super().__init__()
        self.note_no = 0
        self.vel_map: tuple[int, ...] = ()


class PitchBendFeedbackRule(FeedbackRule):
    def __init__(self) -> None:
        super().__init__()
        self.value_pair_map: tuple[tuple[int, int], ...] = ()


@dataclass(slots=True)
class _CCMapping:
    parameter: Any
    mode: int
    sensitivity: float
    msb: int | None = None  # absolute_14_bit: the coarse byte waiting for its fine byte


@dataclass
class MidiMap:
    """One built map: what ``build_midi_map`` installed under one handle."""

    handle: int
    cc: dict[tuple[int, int], _CCMapping] = field(default_factory=dict)
    notes: dict[tuple[int, int], Any] = field(default_factory=dict)
    pitchbend: dict[int, Any] = field(default_factory=dict)
    forwarded_cc: dict[tuple[int, int], bool] = field(default_factory=dict)
    forwarded_notes: dict[tuple[int, int], bool] = field(default_factory=dict)
    forwarded_pitchbend: set[int] = field(default_factory=set)

    def route(self, midi_bytes: tuple[int, ...]) -> tuple[bool, bool]:
        """Apply one short MIDI message: (handled by a mapping, forward to the script)."""
        status, data = midi_bytes[0], midi_bytes[1:]
        kind, channel = status & 0xF0, status & 0x0F
        if kind == 0xB0 and len(data) >= 2:
            number, value = data[0], data[1]
            mapping = self.cc.get((channel, number))
            fine = self.cc.get((channel, number - 32)) if number >= 32 else None
            if fine is not None and fine.mode == MapMode.absolute_14_bit and fine.msb is not None:
                _set_scaled(fine.parameter, (fine.msb << 7 | value) / 16383.0)
                fine.msb = None
                return True, False
            if mapping is not None:
                _apply_cc(mapping, value)
                return True, False
            if (channel, number) in self.forwarded_cc:
                return False, True
            return False, False
        if kind in (0x90, 0x80) and len(data) >= 2:
            note, velocity = data[0], data[1]
            parameter = self.notes.get((channel, note))
            if parameter is not None:
                if kind == 0x90 and velocity > 0:  # a mapped note toggles its parameter
                    value = parameter.min if parameter.value > parameter.min else parameter.max
                    parameter.value = value
                return True, False
            return False, (channel, note) in self.forwarded_notes
        if kind == 0xE0 and len(data) >= 2:
            parameter = self.pitchbend.get(channel)
            if parameter is not None:
                _set_scaled(parameter, (data[1] << 7 | data[0]) / 16383.0)
                return True, False
            return False, channel in self.forwarded_pitchbend
        return False, False


def _set_scaled(parameter: Any, share: float) -> None:
    value = parameter.min + (parameter.max - parameter.min) * min(1.0, max(0.0, share))
    if parameter.is_quantized:
        value = float(round(value))
    parameter.value = min(parameter.max, max(parameter.min, value))


def relative_delta(mode: int, value: int) -> int:
    """Encoder steps from one relative CC value, per the MapMode's encoding."""
    base = mode - 5 if mode >= 6 else mode  # the smooth variants encode the same way
    if base == MapMode.relative_signed_bit:  # bit 6 set = negative, low 6 bits the size
        return -(value & 0x3F) if value & 0x40 else value & 0x3F
    if base == MapMode.relative_signed_bit2:  # bit 6 set = positive
        return value & 0x3F if value & 0x40 else -(value & 0x3F)
    if base == MapMode.relative_binary_offset:  # 64 = no change
        return value - 64
    return value - 128 if value >= 64 else value  # two's complement


def _apply_cc(mapping: _CCMapping, value: int) -> None:
    parameter = mapping.parameter
    if mapping.mode == MapMode.absolute:
        _set_scaled(parameter, value / 127.0)
    elif mapping.mode == MapMode.absolute_14_bit:
        mapping.msb = value  # the fine byte follows on controller + 32
    else:
        span = parameter.max - parameter.min
        step = 1.0 if parameter.is_quantized else span / 127.0 * mapping.sensitivity
        current = parameter.value + relative_delta(mapping.mode, value) * step
        parameter.value = min(parameter.max, max(parameter.min, current))


class MidiMaps:
    """The handles Live hands out and the map in force (the last one built)."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._building: dict[int, MidiMap] = {}
        self.current = MidiMap(0)
        self.builds = 0

    def begin(self) -> int:
        """A fresh handle for one ``build_midi_map`` call."""
        handle = next(self._ids)
        self._building[handle] = MidiMap(handle)
        return handle

    def finish(self, handle: int) -> MidiMap:
        """The build is over: its map replaces the one in force."""
        self.current = self._building.pop(handle)
        self.builds += 1
        return self.current

    def abandon(self, handle: int) -> None:
        self._building.pop(handle, None)

    def building(self, handle: Any) -> MidiMap:
        if isinstance(handle, bool) or not isinstance(handle, int):
            raise TypeError(f"midi_map_handle must be the int Live passed to build_midi_map, "
                            f"got {type(handle).__name__}")
        found = self._building.get(handle)
        if found is None:
            # A handle is only valid inside the build_midi_map call it was passed to.
            raise RuntimeError(f"invalid midi_map_handle {handle}: only valid inside "
                               "build_midi_map")
        return found


def _check(name: str, value: Any, top: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
        raise ValueError(f"{name} must be in range 0..{top}, got {value!r}")
    return value


def _check_parameter(parameter: Any) -> Any:
    if not all(hasattr(parameter, a) for a in ("value", "min", "max", "is_quantized")):
        raise TypeError(f"parameter must be a DeviceParameter, got {type(parameter).__name__}")
    return parameter


def midi_map_module(maps: MidiMaps) -> ModuleType:
    """The ``Live.MidiMap`` module over ``maps``."""

    def map_midi_cc(midi_map_handle: int, parameter: Any, midi_channel: int,
                    controller_number: int, map_mode: int, avoid_takeover: bool,
                    sensitivity: float = 1.0, /) -> bool:
        target = maps.building(midi_map_handle)
        key = (_check("midi_channel", midi_channel, 15),
               _check("controller_number", controller_number, 127))
        mode = int(map_mode)
        if mode not in _MODES:
            raise ValueError(f"map_mode must be in range 0..9, got {map_mode!r}")
        target.cc[key] = _CCMapping(_check_parameter(parameter), mode, float(sensitivity))
        return True

    def map_midi_cc_with_feedback_map(midi_map_handle: int, parameter: Any, midi_channel: int,
                                      controller_number: int, map_mode: int,
                                      feedback_rule: CCFeedbackRule, avoid_takeover: bool,
                                      sensitivity: float = 1.0, /) -> bool:
        return map_midi_cc(midi_map_handle, parameter, midi_channel, controller_number,
                           map_mode, avoid_takeover, sensitivity)

    def map_midi_note(midi_map_handle: int, device_parameter: Any, midi_channel: int,
                      note: int, /) -> bool:
        target = maps.building(midi_map_handle)
        key = (_check("midi_channel", midi_channel, 15), _check("note", note, 127))
        target.notes[key] = _check_parameter(device_parameter)
        return True

    def map_midi_note_with_feedback_map(midi_map_handle: int, device_parameter: Any,
                                        midi_channel: int, note: int,
                                        feedback_rule: NoteFeedbackRule, /) -> bool:
        return map_midi_note(midi_map_handle, device_parameter, midi_channel, note)

    def map_midi_pitchbend(midi_map_handle: int, device_parameter: Any, midi_channel: int,
                           needs_takeover: bool, /) -> bool:
        target = maps.building(midi_map_handle)
        target.pitchbend[_check("midi_channel", midi_channel, 15)] = _check_parameter(
            device_parameter)
        return True

    def map_midi_pitchbend_with_feedback_map(midi_map_handle: int, device_parameter: Any,
                                             midi_channel: int,
                                             feedback_rule: PitchBendFeedbackRule,
                                             needs_takeover: bool, /) -> bool:
        return map_midi_pitchbend(midi_map_handle, device_parameter, midi_channel, needs_takeover)

    def forward_midi_cc(script_handle: Any, midi_map_handle: int, midi_channel: int,
                        controller_number: int, should_consume_event: bool = True, /) -> bool:
        target = maps.building(midi_map_handle)
        key = (_check("midi_channel", midi_channel, 15),
               _check("controller_number", controller_number, 127))
        target.forwarded_cc[key] = bool(should_consume_event)
        return True

    def forward_midi_note(script_handle: Any, midi_map_handle: int, midi_channel: int,
                          note: int, should_consume_event: bool = True, /) -> bool:
        target = maps.building(midi_map_handle)
        key = (_check("midi_channel", midi_channel, 15), _check("note", note, 127))
        target.forwarded_notes[key] = bool(should_consume_event)
        return True

    def forward_midi_pitchbend(script_handle: Any, midi_map_handle: int,
                               midi_channel: int, /) -> bool:
        target = maps.building(midi_map_handle)
        target.forwarded_pitchbend.add(_check("midi_channel", midi_channel, 15))
        return True

    def send_feedback_for_parameter(midi_map_handle: int, device_parameter: Any, /) -> None:
        maps.building(midi_map_handle)  # feedback goes to hardware: nothing to model

    module = ModuleType("Live.MidiMap", "Emulated Live.MidiMap (livectl)")
    for name, value in {
        "MapMode": MapMode,
        "CCFeedbackRule": CCFeedbackRule,
        "NoteFeedbackRule": NoteFeedbackRule,
        "PitchBendFeedbackRule": PitchBendFeedbackRule,
        "map_midi_cc": map_midi_cc,
        "map_midi_cc_with_feedback_map": map_midi_cc_with_feedback_map,
        "map_midi_note": map_midi_note,
        "map_midi_note_with_feedback_map": map_midi_note_with_feedback_map,
        "map_midi_pitchbend": map_midi_pitchbend,
        "map_midi_pitchbend_with_feedback_map": map_midi_pitchbend_with_feedback_map,
        "forward_midi_cc": forward_midi_cc,
        "forward_midi_note": forward_midi_note,
        "forward_midi_pitchbend": forward_midi_pitchbend,
        "send_feedback_for_parameter": send_feedback_for_parameter,
    }.items():
        setattr(module, name, value)
    return module
