"""Live.Device.Device, Live.DeviceParameter.DeviceParameter and Live.MixerDevice.MixerDevice.

A device sits on a track or, inside a rack, on a chain (:mod:`livectl.emulator.lom.rack`).
Parameter 0 is always "Device On"; turning it off makes the device inactive, and a rack
that is off makes every device inside it inactive too (``is_active``), as in Live.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from livectl.emulator.lom._observable import Field, LomObject, as_bool, as_float, as_int, as_str
from livectl.emulator.lom._vector import Vector
from livectl.emulator.lom.enums import DeviceType
from livectl.emulator.lom.envelope import override_parameter, re_enable_parameter

if TYPE_CHECKING:
    from livectl.emulator.lom.track import Track

__all__ = ["Device", "DeviceParameter", "MixerDevice"]


class DeviceParameter(
    LomObject, observable=("value", "name", "automation_state", "state", "display_value")
):
    """One automatable parameter: ``value`` must stay inside ``min``..``max``."""

    name = Field[str](readonly=True)
    automation_state = Field[int](readonly=True)
    state = Field[int](readonly=True)

    def __init__(
        self,
        name: str,
        value: float,
        min: float,
        max: float,
        *,
        is_quantized: bool = False,
        value_items: Sequence[str] = (),
        parent: object | None = None,
        display: str = "",
    ) -> None:
        super().__init__()
        self._name = name
        self._min = float(min)
        self._max = float(max)
        if not self._min <= float(value) <= self._max:
            raise ValueError(f"parameter {name!r}: value {value} outside {min}..{max}")
        self._value = float(value)
        self._default = float(value)
        self._is_quantized = bool(is_quantized)
        self._value_items = tuple(value_items)
        self._automation_state = 0
        self._state = 0
        self._parent = parent
        self._display = display  # "pan" or "" : how str_for_value formats

    def __repr__(self) -> str:
        return f"<DeviceParameter {self._name!r} {self._value}>"

    @property
    def canonical_parent(self) -> object | None:
        return self._parent

    @property
    def value(self) -> float:
        return self._value

    @value.setter
    def value(self, new: Any) -> None:
        number = as_float(self, "value", new)
        if not self._min <= number <= self._max:
            # Live raises and does not clamp (text as Live 12 reports it).
            raise RuntimeError("Invalid value. Check the parameters range with min/max")
        if self._is_quantized:
            number = float(round(number))
        self._store(number)
        if self._automation_state == 1:  # set by hand while automated: overridden
            override_parameter(self)

    def _store(self, number: float) -> None:
        """Set an in-range value, notify, and tell the owning device (racks follow macros)."""
        if self._set_field("value", number):
            self._notify("display_value")
            if isinstance(self._parent, Device):
                self._parent._parameter_changed(self)

    @property
    def display_value(self) -> str:
        return self.str_for_value(self._value)

    @property
    def min(self) -> float:
        return self._min

    @property
    def max(self) -> float:
        return self._max

    @property
    def is_quantized(self) -> bool:
        return self._is_quantized

    @property
    def is_enabled(self) -> bool:
        return True

    @property
    def original_name(self) -> str:
        return self._name

    @property
    def default_value(self) -> float:
        if self._is_quantized:
            raise RuntimeError("There is no default value available for this type of parameter")
        return self._default

    @property
    def value_items(self) -> tuple[str, ...]:
        return self._value_items

    @property
    def short_value_items(self) -> tuple[str, ...]:
        return self._value_items

    def str_for_value(self, value: float, /) -> str:
        """The value as Live's display would show it (units are approximations)."""
        number = as_float(self, "value", value)
        if self._is_quantized and self._value_items:
            index = round(number)
            if 0 <= index < len(self._value_items):
                return self._value_items[index]
        if self._display == "pan":
            # Live shows panning as 50L .. C .. 50R.
            amount = round(abs(number) * 50)
            return "C" if amount == 0 else f"{amount}{'L' if number < 0 else 'R'}"
        if self._is_quantized:
            return str(round(number))
        return f"{number:.2f}"

    def __str__(self) -> str:
        return self.str_for_value(self._value)

    def begin_gesture(self) -> None:
        """Undo grouping in Live; nothing to do here."""

    def end_gesture(self) -> None:
        """Undo grouping in Live; nothing to do here."""

    def re_enable_automation(self) -> None:
        """Back from overridden to following the automation."""
        re_enable_parameter(self)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self._name,
            "value": self._value,
            "min": self._min,
            "max": self._max,
            "is_quantized": self._is_quantized,
        }
        if self._value_items:
            data["value_items"] = list(self._value_items)
        return data


class DeviceView(LomObject, observable=("is_collapsed",)):
    is_collapsed = Field(as_bool)

    def __init__(self, device: Device) -> None:
        super().__init__()
        self._device = device
        self._is_collapsed = False

    @property
    def canonical_parent(self) -> Device:
        return self._device


class Device(
    LomObject,
    observable=("name", "is_active", "parameters", "latency_in_ms", "latency_in_samples",
                "is_using_compare_preset_b"),
):
    """A device on a track or rack chain. Parameter 0 is "Device On", as on every Live device.

    ``type`` is a ``DeviceType`` (an int whose ``str`` is the member name, as Live's Boost
    enums print). ``display_name`` is ``class_display_name``: the name Live's browser shows
    for the device ("Simpler" for class ``OriginalSimpler``); it defaults to ``name``.
    """

    View = DeviceView
    name = Field(as_str)
    is_active = Field[bool](readonly=True)
    is_using_compare_preset_b = Field(as_bool)

    def __init__(
        self,
        name: str,
        class_name: str,
        type: int,
        parameters: Sequence[dict[str, Any]] = (),
        *,
        track: object | None = None,
        display_name: str | None = None,
    ) -> None:
        super().__init__()
        self._name = name
        self._class_name = class_name
        self._display_name = name if display_name is None else display_name
        self._type = as_int(self, "type", type)
        self._track = track  # the owner: a Track or a rack Chain
        self._is_active = True
        self._is_using_compare_preset_b = False
        specs = list(parameters)
        if not specs or specs[0].get("name") != "Device On":
            specs.insert(0, {"name": "Device On", "value": 1.0, "min": 0.0, "max": 1.0,
                             "is_quantized": True, "value_items": ["Off", "On"]})
        self._parameters = [
            DeviceParameter(
                str(spec["name"]),
                float(spec.get("value", spec.get("min", 0.0))),
                float(spec.get("min", 0.0)),
                float(spec.get("max", 1.0)),
                is_quantized=bool(spec.get("is_quantized", False)),
                value_items=tuple(spec.get("value_items", ())),
                parent=self,
            )
            for spec in specs
        ]
        self._view = self._new_view()
        self._is_active = self._compute_active()

    def _new_view(self) -> DeviceView:
        return DeviceView(self)

    def __repr__(self) -> str:
        return f"<Device {self._name!r} ({self._class_name})>"

    @property
    def canonical_parent(self) -> Any:
        return self._track

    @property
    def class_name(self) -> str:
        return self._class_name

    @property
    def class_display_name(self) -> str:
        return self._display_name

    @property
    def type(self) -> DeviceType:
        try:
            return DeviceType(self._type)
        except ValueError:
            return DeviceType.undefined

    @property
    def parameters(self) -> Vector[DeviceParameter]:
        return Vector(self._parameters)

    @property
    def can_have_chains(self) -> bool:
        return False

    @property
    def can_have_drum_pads(self) -> bool:
        return False

    @property
    def can_compare_ab(self) -> bool:
        return False

    @property
    def latency_in_ms(self) -> float:
        return 0.0

    @property
    def latency_in_samples(self) -> int:
        return 0

    @property
    def view(self) -> DeviceView:
        return self._view

    def save_preset_to_compare_ab_slot(self) -> None:
        # Live: "Only relevant if can_compare_ab, otherwise throws."
        raise RuntimeError(f"{self._display_name} cannot compare A/B")

    def store_chosen_bank(self, script_index: int, bank_index: int, /) -> None:
        """Hardware bank memory; nothing to store in the emulator."""

    # -- activity --------------------------------------------------------------------------

    def _compute_active(self) -> bool:
        if self._parameters[0].value == 0.0:
            return False
        owner = self._track
        rack = getattr(owner, "canonical_parent", None)  # a Chain's parent is its rack
        if isinstance(rack, Device) and getattr(owner, "_devices", None) is not None:
            return rack._is_active
        return True

    def _refresh_active(self) -> None:
        """Recompute ``is_active`` (notifying on change); racks pass it on to their chains."""
        self._set_field("is_active", self._compute_active())

    def _parameter_changed(self, parameter: DeviceParameter) -> None:
        """A parameter's value changed (a hook: racks move mapped parameters with macros)."""
        if parameter is self._parameters[0]:
            self._refresh_active()

    def _attach(self, owner: object | None) -> None:
        """Put the device on ``owner`` (a track or chain); None when it is removed."""
        self._track = owner
        self._is_active = self._compute_active()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self._name,
            "class_name": self._class_name,
            "type": self._type,
            "parameters": [p.to_dict() for p in self._parameters],
        }
        if self._display_name != self._name:
            data["class_display_name"] = self._display_name
        return data


class MixerDevice(LomObject, observable=("sends", "crossfade_assign", "panning_mode")):
    """A track's mixer: volume (0..1, 0.85 is 0 dB), panning (-1..1), one send per return."""

    crossfade_assign = Field(as_int)
    panning_mode = Field(as_int)

    def __init__(self, track: Track, *, sends: int, is_main: bool = False) -> None:
        super().__init__()
        self._track = track
        self._is_main = is_main
        self._volume = DeviceParameter("Track Volume", 0.85, 0.0, 1.0, parent=self)
        self._panning = DeviceParameter("Track Panning", 0.0, -1.0, 1.0, parent=self, display="pan")
        self._activator = DeviceParameter(
            "Speaker On", 1.0, 0.0, 1.0, is_quantized=True, value_items=("Off", "On"), parent=self
        )
        self._left_split = DeviceParameter("Left Split Stereo Pan", -1.0, -1.0, 1.0, parent=self)
        self._right_split = DeviceParameter("Right Split Stereo Pan", 1.0, -1.0, 1.0, parent=self)
        self._sends: list[DeviceParameter] = [self._new_send(i) for i in range(sends)]
        self._crossfade_assign = 1  # NONE
        self._panning_mode = 0
        self._crossfader = DeviceParameter("Crossfade", 0.0, -1.0, 1.0, parent=self)
        self._cue_volume = DeviceParameter("Cue Volume", 0.85, 0.0, 1.0, parent=self)
        self._song_tempo = DeviceParameter("Song Tempo", 120.0, 20.0, 999.0, parent=self)

    def _new_send(self, index: int) -> DeviceParameter:
        return DeviceParameter(f"{chr(ord('A') + index)}-Send", 0.0, 0.0, 1.0, parent=self)

    def _insert_send(self, index: int) -> None:
        self._sends.insert(index, self._new_send(index))
        self._notify("sends")

    def _delete_send(self, index: int) -> None:
        del self._sends[index]
        self._notify("sends")

    @property
    def canonical_parent(self) -> Track:
        return self._track

    @property
    def volume(self) -> DeviceParameter:
        return self._volume

    @property
    def panning(self) -> DeviceParameter:
        return self._panning

    @property
    def track_activator(self) -> DeviceParameter:
        return self._activator

    @property
    def left_split_stereo(self) -> DeviceParameter:
        return self._left_split

    @property
    def right_split_stereo(self) -> DeviceParameter:
        return self._right_split

    @property
    def sends(self) -> Vector[DeviceParameter]:
        return Vector(self._sends)

    def _main_only(self, what: str, obj: DeviceParameter) -> DeviceParameter:
        if not self._is_main:
            raise RuntimeError(f"Only the main track has a {what}!")
        return obj

    @property
    def crossfader(self) -> DeviceParameter:
        return self._main_only("crossfader", self._crossfader)

    @property
    def cue_volume(self) -> DeviceParameter:
        return self._main_only("cue volume", self._cue_volume)

    @property
    def song_tempo(self) -> DeviceParameter:
        return self._main_only("song tempo", self._song_tempo)

    def to_dict(self) -> dict[str, Any]:
        return {
            "volume": self._volume.value,
            "panning": self._panning.value,
            "sends": [s.value for s in self._sends],
            "track_activator": self._activator.value,
        }
