"""Racks: Live.RackDevice, Live.Chain, Live.DrumChain, Live.DrumPad, Live.ChainMixerDevice.

A rack (Instrument, Drum, Audio Effect or MIDI Effect Rack) holds chains, each a device
chain of its own with a small mixer. Its parameters are "Device On", sixteen macros and the
chain selector, as in Live 11+; ``visible_macro_count`` of them are shown (8 by default).
Macros can be mapped to parameters of devices in the chains (presets come mapped; the API
has no call to map one): moving a mapped macro moves its targets across their range.

A Drum Rack has 128 drum pads, one per MIDI note; a pad's chains are the rack's drum
chains whose ``in_note`` is the pad's note, and an empty pad is named after its note
("C1" is note 36, Live's naming). 16 pads are visible from ``drum_pads_scroll_position``
(rows of four; 9 shows notes 36..51, Live's default).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from livectl.emulator.lom import _device_chain
from livectl.emulator.lom._observable import (
    Field,
    LomObject,
    as_bool,
    as_int,
    as_str,
    check_not_notifying,
)
from livectl.emulator.lom._palette import check_color_index, color_property
from livectl.emulator.lom._vector import Vector
from livectl.emulator.lom.device import Device, DeviceParameter, DeviceView

if TYPE_CHECKING:
    from livectl.emulator.lom._undo import UndoStack

__all__ = ["Chain", "ChainMixerDevice", "DrumChain", "DrumPad", "RackDevice", "RackDeviceView",
           "note_name"]

MACRO_COUNT = 16
DEFAULT_VISIBLE_MACROS = 8
DEFAULT_SCROLL_ROW = 9  # pads 36..51 (C1..D#2) are visible in a new Drum Rack
_NOTE_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
# What the chains of each rack class hold (see _device_chain).
CHAIN_ACCEPTS = {
    "InstrumentGroupDevice": "midi",
    "DrumGroupDevice": "midi",
    "AudioEffectGroupDevice": "audio",
    "MidiEffectGroupDevice": "midi_effects",
}


def note_name(note: int) -> str:
    """Live's note name: 60 is C3, 36 is C1, 0 is C-2."""
    return f"{_NOTE_NAMES[note % 12]}{note // 12 - 2}"


def _check_note(obj: object, prop: str, value: Any) -> int:
    number = as_int(obj, prop, value)
    if not 0 <= number <= 127:
        raise RuntimeError(f"{prop} must be in range 0..127, got {number}")
    return number


class ChainMixerDevice(LomObject, observable=("sends",)):
    """A chain's volume, panning, activator and (Drum Rack) sends to the return chains."""

    def __init__(self, chain: Chain, sends: int = 0) -> None:
        super().__init__()
        self._chain = chain
        self._volume = DeviceParameter("Chain Volume", 0.85, 0.0, 1.0, parent=self)
        self._panning = DeviceParameter("Chain Pan", 0.0, -1.0, 1.0, parent=self, display="pan")
        self._activator = DeviceParameter("Chain Activator", 1.0, 0.0, 1.0, is_quantized=True,
                                          value_items=("Off", "On"), parent=self)
        self._sends = [self._new_send(i) for i in range(sends)]

    def _new_send(self, index: int) -> DeviceParameter:
        return DeviceParameter(f"{chr(ord('a') + index)}-Send", 0.0, 0.0, 1.0, parent=self)

    @property
    def canonical_parent(self) -> Chain:
        return self._chain

    @property
    def volume(self) -> DeviceParameter:
        return self._volume

    @property
    def panning(self) -> DeviceParameter:
        return self._panning

    @property
    def chain_activator(self) -> DeviceParameter:
        return self._activator

    @property
    def sends(self) -> Vector[DeviceParameter]:
        return Vector(self._sends)

    def to_dict(self) -> dict[str, Any]:
        return {"volume": self._volume.value, "panning": self._panning.value,
                "chain_activator": self._activator.value,
                "sends": [s.value for s in self._sends]}

    def _load(self, data: dict[str, Any]) -> None:
        self._volume._value = float(data.get("volume", 0.85))
        self._panning._value = float(data.get("panning", 0.0))
        self._activator._value = float(data.get("chain_activator", 1.0))
        for send, value in zip(self._sends, data.get("sends", ()), strict=False):
            send._value = float(value)


class Chain(
    LomObject,
    observable=("color_index", "color", "devices", "is_auto_colored", "mute",
                "muted_via_solo", "name", "solo"),
):
    """One chain of a rack: its own device chain and mixer."""

    derived_properties = {"color_index": ("color",)}  # noqa: RUF012 (as in Track)
    name = Field(as_str)
    color_index = Field(as_int, check=check_color_index)
    color = color_property()
    is_auto_colored = Field(as_bool)
    mute = Field(as_bool)

    def __init__(self, rack: RackDevice, name: str = "Chain", *, color_index: int = 0) -> None:
        super().__init__()
        self._rack = rack
        self._name = name
        self._color_index = color_index
        self._is_auto_colored = True
        self._mute = False
        self._solo = False
        self._devices: list[Device] = []
        self._mixer = ChainMixerDevice(self, len(rack._return_chains))

    def __repr__(self) -> str:
        return f"<Chain {self._name!r}>"

    @property
    def canonical_parent(self) -> RackDevice:
        return self._rack

    @property
    def devices(self) -> Vector[Device]:
        return Vector(self._devices)

    @property
    def mixer_device(self) -> ChainMixerDevice:
        return self._mixer

    @property
    def solo(self) -> bool:
        return self._solo

    @solo.setter
    def solo(self, value: Any) -> None:
        new = as_bool(self, "solo", value)
        if new == self._solo:
            return
        siblings = self._rack._all_chains()
        before = {id(c): c.muted_via_solo for c in siblings}
        self._set_field("solo", new)
        for chain in siblings:
            if chain.muted_via_solo != before[id(chain)]:
                chain._notify("muted_via_solo")

    @property
    def muted_via_solo(self) -> bool:
        soloed = [c for c in self._rack._all_chains() if c._solo]
        return bool(soloed) and not self._solo

    # Signal flow, from what the chain holds (Live's rule for tracks, applied to chains).
    @property
    def has_midi_input(self) -> bool:
        return self._accepts in ("midi", "midi_effects")

    @property
    def has_midi_output(self) -> bool:
        return self._accepts == "midi_effects" or (
            self._accepts == "midi" and not any(d.type == 1 for d in self._devices)
        )

    @property
    def has_audio_input(self) -> bool:
        return self._accepts == "audio"

    @property
    def has_audio_output(self) -> bool:
        return not self.has_midi_output

    # -- devices ----------------------------------------------------------------------------

    @property
    def _accepts(self) -> str:
        return CHAIN_ACCEPTS.get(self._rack.class_name, "midi")

    def _undo_stack(self) -> UndoStack | None:
        return self._rack._undo_stack()

    def _devices_changed(self) -> None:
        self._notify("devices")

    def insert_device(self, device_name: str, device_index: int = -1, /) -> Device:
        """Add a native device by name at ``device_index`` (-1: the last allowed place)."""
        from livectl.emulator.lom import _device_factory  # circular: it builds racks

        name = as_str(self, "device_name", device_name)
        index = as_int(self, "device_index", device_index)
        device = _device_factory.create_device(name, self)
        position = _device_chain.insert_position(self._accepts, self._devices, device, index)
        return _device_chain.place_device(self, device, position, "Insert Device")

    def _position(self, index: Any) -> int:
        number = as_int(self, "index", index)
        if not 0 <= number < len(self._devices):
            raise RuntimeError("Index out of range")
        return number

    def delete_device(self, index: int, /) -> None:
        position = self._position(index)
        device = self._devices[position]

        def redo() -> None:
            self._devices.remove(device)
            self._devices_changed()

        def undo() -> None:
            self._devices.insert(position, device)
            self._devices_changed()

        stack = self._undo_stack()
        if stack is not None:
            stack.push("Delete Device", undo, redo)
        redo()

    def duplicate_device(self, index: int, /) -> None:
        from livectl.emulator.lom import _device_factory

        position = self._position(index)
        copy = _device_factory.device_from_dict(self._devices[position].to_dict(), self)
        if copy.type == 1 and self._accepts == "midi":
            raise RuntimeError("Cannot duplicate the instrument: a chain holds one instrument")
        _device_chain.place_device(self, copy, position + 1, "Duplicate Device")

    # -- snapshot ---------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self._name, "color_index": self._color_index, "mute": self._mute,
            "solo": self._solo, "mixer": self._mixer.to_dict(),
            "devices": [d.to_dict() for d in self._devices],
        }

    def _load(self, data: dict[str, Any]) -> None:
        from livectl.emulator.lom import _device_factory

        self._name = str(data.get("name", self._name))
        self._color_index = int(data.get("color_index", self._color_index))
        self._mute = bool(data.get("mute", False))
        self._solo = bool(data.get("solo", False))
        self._mixer._load(data.get("mixer", {}))
        self._devices = [_device_factory.device_from_dict(d, self) for d in data.get("devices", ())]


class DrumChain(Chain, observable=("choke_group", "in_note", "out_note")):
    """A Drum Rack chain: played by ``in_note`` (its pad), sends ``out_note`` to its devices."""

    def __init__(self, rack: RackDevice, name: str = "Chain", *, in_note: int = 36,
                 color_index: int = 0) -> None:
        super().__init__(rack, name, color_index=color_index)
        self._in_note = in_note
        self._out_note = 60  # Live's pads send C3 to their devices
        self._choke_group = 0

    def _set_field(self, prop: str, value: Any) -> bool:
        changed = super()._set_field(prop, value)
        if changed and prop == "name":
            self._rack._pads_changed((self._in_note,))  # a pad is named after its chain
        return changed

    @property
    def in_note(self) -> int:
        return self._in_note

    @in_note.setter
    def in_note(self, value: Any) -> None:
        note = _check_note(self, "in_note", value)
        old = self._in_note
        if self._set_field("in_note", note):
            self._rack._pads_changed((old, note))

    @property
    def out_note(self) -> int:
        return self._out_note

    @out_note.setter
    def out_note(self, value: Any) -> None:
        self._set_field("out_note", _check_note(self, "out_note", value))

    @property
    def choke_group(self) -> int:
        return self._choke_group

    @choke_group.setter
    def choke_group(self, value: Any) -> None:
        group = as_int(self, "choke_group", value)
        if not 0 <= group <= 16:
            raise RuntimeError(f"choke_group must be in range 0..16 (0 = none), got {group}")
        self._set_field("choke_group", group)

    def to_dict(self) -> dict[str, Any]:
        return dict(super().to_dict(), in_note=self._in_note, out_note=self._out_note,
                    choke_group=self._choke_group)

    def _load(self, data: dict[str, Any]) -> None:
        super()._load(data)
        self._in_note = int(data.get("in_note", self._in_note))
        self._out_note = int(data.get("out_note", self._out_note))
        self._choke_group = int(data.get("choke_group", 0))


class DrumPad(LomObject, observable=("chains", "mute", "name", "solo")):
    """One of a Drum Rack's 128 pads."""

    mute = Field(as_bool)
    solo = Field(as_bool)

    def __init__(self, rack: RackDevice, note: int) -> None:
        super().__init__()
        self._rack = rack
        self._note = note
        self._mute = False
        self._solo = False

    def __repr__(self) -> str:
        return f"<DrumPad {self._note} {self.name!r}>"

    @property
    def canonical_parent(self) -> RackDevice:
        return self._rack

    @property
    def note(self) -> int:
        return self._note

    @property
    def name(self) -> str:
        chains = self._chains()
        return chains[0]._name if chains else note_name(self._note)

    def _chains(self) -> list[Chain]:
        return [c for c in self._rack._chains if getattr(c, "_in_note", None) == self._note]

    @property
    def chains(self) -> Vector[Chain]:
        return Vector(self._chains())

    def delete_all_chains(self) -> None:
        doomed = self._chains()
        if doomed:
            self._rack._remove_chains(doomed)


class RackDeviceView(
    DeviceView,
    observable=("drum_pads_scroll_position", "is_showing_chain_devices", "selected_chain",
                "selected_drum_pad"),
):
    is_showing_chain_devices = Field(as_bool)

    def __init__(self, device: Device) -> None:
        super().__init__(device)
        self._is_showing_chain_devices = False
        self._selected_chain: Chain | None = None
        self._drum_pads_scroll_position = DEFAULT_SCROLL_ROW
        self._selected_drum_pad: DrumPad | None = None

    @property
    def canonical_parent(self) -> RackDevice:
        assert isinstance(self._device, RackDevice)
        return self._device

    def _rack(self) -> RackDevice:
        assert isinstance(self._device, RackDevice)
        return self._device

    @property
    def selected_chain(self) -> Chain | None:
        return self._selected_chain

    @selected_chain.setter
    def selected_chain(self, chain: Any) -> None:
        if chain is not None and not any(chain is c for c in self._rack()._all_chains()):
            raise RuntimeError("The chain does not belong to this rack")
        self._set_field("selected_chain", chain)

    @property
    def drum_pads_scroll_position(self) -> int:
        self._rack()._need_pads()
        return self._drum_pads_scroll_position

    @drum_pads_scroll_position.setter
    def drum_pads_scroll_position(self, value: Any) -> None:
        rack = self._rack()
        rack._need_pads()
        row = as_int(self, "drum_pads_scroll_position", value)
        if not 0 <= row <= 28:
            raise RuntimeError(f"drum_pads_scroll_position must be in range 0..28, got {row}")
        if self._set_field("drum_pads_scroll_position", row):
            rack._notify("visible_drum_pads")

    @property
    def selected_drum_pad(self) -> DrumPad:
        rack = self._rack()
        pads = rack._need_pads()
        return self._selected_drum_pad or pads[36]

    @selected_drum_pad.setter
    def selected_drum_pad(self, pad: Any) -> None:
        pads = self._rack()._need_pads()
        if not any(pad is p for p in pads):
            raise RuntimeError("The drum pad does not belong to this rack")
        if pad is not self.selected_drum_pad:
            self._set_field("selected_drum_pad", pad)


class RackDevice(
    Device,
    observable=("chains", "drum_pads", "has_drum_pads", "has_macro_mappings",
                "is_showing_chains", "macros_mapped", "return_chains", "variation_count",
                "visible_drum_pads", "visible_macro_count"),
):
    """An Instrument, Drum, Audio Effect or MIDI Effect Rack."""

    View = RackDeviceView

    def __init__(self, name: str, class_name: str, type: int,
                 parameters: Any = (), *, track: object | None = None,
                 display_name: str | None = None) -> None:
        self._chains: list[Chain] = []
        self._return_chains: list[Chain] = []
        self._pads: list[DrumPad] = []
        self._mappings: dict[int, list[DeviceParameter]] = {}
        self._variations: list[tuple[float, ...]] = []
        self._selected_variation = -1
        self._last_recalled = -1
        self._visible_macro_count = DEFAULT_VISIBLE_MACROS
        self._is_showing_chains = False
        self._random = random.Random(0)
        super().__init__(name, class_name, type, parameters, track=track,
                         display_name=display_name)
        if class_name == "DrumGroupDevice":
            self._pads = [DrumPad(self, note) for note in range(128)]

    def _new_view(self) -> DeviceView:
        return RackDeviceView(self)

    def __repr__(self) -> str:
        return f"<RackDevice {self._name!r} ({self._class_name})>"

    @property
    def view(self) -> RackDeviceView:
        assert isinstance(self._view, RackDeviceView)
        return self._view

    @property
    def can_have_chains(self) -> bool:
        return True

    @property
    def can_have_drum_pads(self) -> bool:
        return self._class_name == "DrumGroupDevice"

    @property
    def can_show_chains(self) -> bool:
        return self._class_name in ("InstrumentGroupDevice", "DrumGroupDevice")

    @property
    def is_showing_chains(self) -> bool:
        return self._is_showing_chains

    @is_showing_chains.setter
    def is_showing_chains(self, value: Any) -> None:
        self._set_field("is_showing_chains", as_bool(self, "is_showing_chains", value))

    # -- chains -----------------------------------------------------------------------------

    @property
    def chains(self) -> Vector[Chain]:
        return Vector(self._chains)

    @property
    def return_chains(self) -> Vector[Chain]:
        return Vector(self._return_chains)

    def _all_chains(self) -> list[Chain]:
        return self._chains + self._return_chains

    def _undo_stack(self) -> UndoStack | None:
        owner: Any = self._track
        while owner is not None and not hasattr(owner, "_song"):
            rack = getattr(owner, "_rack", None)
            owner = None if rack is None else rack._track
        song = None if owner is None else owner._song
        return None if song is None else song._undo

    def _new_chain(self, name: str = "Chain", in_note: int | None = None) -> Chain:
        if self.can_have_drum_pads:
            note = in_note if in_note is not None else self.view.selected_drum_pad.note
            return DrumChain(self, name, in_note=note)
        return Chain(self, name)

    def insert_chain(self, index: int = -1, /) -> Chain:
        """A new empty chain at ``index`` (-1: at the end); returns it."""
        position = as_int(self, "index", index)
        if position == -1:
            position = len(self._chains)
        if not 0 <= position <= len(self._chains):
            raise RuntimeError("Index out of range")
        chain = self._new_chain()
        self._add_chains([chain], position, "Insert Chain")
        return chain

    def _add_chains(self, chains: Sequence[Chain], position: int, label: str | None) -> None:
        def redo() -> None:
            self._chains[position:position] = chains
            self._chains_changed(chains)

        def undo() -> None:
            for chain in chains:
                self._chains.remove(chain)
            self._chains_changed(chains)

        stack = self._undo_stack() if label else None
        if stack is not None and label:
            stack.push(label, undo, redo)
        redo()

    def _remove_chains(self, chains: list[Chain]) -> None:
        positions = [(self._chains.index(c), c) for c in chains]

        def redo() -> None:
            for _, chain in positions:
                self._chains.remove(chain)
            self._chains_changed(chains)

        def undo() -> None:
            for position, chain in positions:
                self._chains.insert(position, chain)
            self._chains_changed(chains)

        stack = self._undo_stack()
        if stack is not None:
            stack.push("Delete Chain", undo, redo)
        redo()

    def _chains_changed(self, touched: Sequence[Chain]) -> None:
        view = self.view
        if view._selected_chain is not None and view._selected_chain not in self._chains:
            view._set_field("selected_chain", self._chains[0] if self._chains else None)
        self._notify("chains")
        notes = [n for n in (getattr(c, "_in_note", None) for c in touched) if n is not None]
        if self._pads:
            self._pads_changed(tuple(notes))

    # -- drum pads --------------------------------------------------------------------------

    def _need_pads(self) -> list[DrumPad]:
        if not self.can_have_drum_pads:
            raise RuntimeError(f"{self._display_name} has no drum pads (it is not a Drum Rack)")
        return self._pads

    @property
    def drum_pads(self) -> Vector[DrumPad]:
        return Vector(self._need_pads())

    @property
    def visible_drum_pads(self) -> Vector[DrumPad]:
        pads = self._need_pads()
        first = self.view._drum_pads_scroll_position * 4
        return Vector(pads[first : first + 16])

    @property
    def has_drum_pads(self) -> bool:
        return any(p._chains() for p in self._need_pads())

    def _pads_changed(self, notes: tuple[int, ...]) -> None:
        for note in sorted(set(notes)):
            pad = self._pads[note]
            pad._notify("chains")
            pad._notify("name")
        self._notify("has_drum_pads")

    def copy_pad(self, source_index: int, destination_index: int, /) -> None:
        """Copy the chains of pad ``source_index`` onto pad ``destination_index`` (replacing)."""
        pads = self._need_pads()
        source = _check_note(self, "source_index", source_index)
        destination = _check_note(self, "destination_index", destination_index)
        existing = pads[destination]._chains()
        if existing:
            self._remove_chains(existing)
        copies: list[Chain] = []
        for chain in pads[source]._chains():
            copy = DrumChain(self, chain._name, in_note=destination)
            copy._load(dict(chain.to_dict(), in_note=destination))
            copies.append(copy)
        if copies:
            self._add_chains(copies, len(self._chains), "Copy Pad")

    # -- macros -----------------------------------------------------------------------------

    def _macros(self) -> list[DeviceParameter]:
        # Parameters 1..16 are the macros (0 is "Device On"), whatever they are renamed to.
        return self._parameters[1 : 1 + MACRO_COUNT]

    @property
    def chain_selector(self) -> DeviceParameter:
        return next(p for p in self._parameters if p.original_name == "Chain Selector")

    @property
    def visible_macro_count(self) -> int:
        return self._visible_macro_count

    def add_macro(self) -> None:
        if self._visible_macro_count >= MACRO_COUNT:
            raise RuntimeError(f"The maximum number of macros ({MACRO_COUNT}) is already visible")
        self._set_field("visible_macro_count", self._visible_macro_count + 1)

    def remove_macro(self) -> None:
        if self._visible_macro_count <= 1:
            raise RuntimeError("The minimum number of macros (1) is already visible")
        self._set_field("visible_macro_count", self._visible_macro_count - 1)

    @property
    def macros_mapped(self) -> tuple[bool, ...]:
        return tuple(bool(self._mappings.get(i)) for i in range(1, MACRO_COUNT + 1))

    @property
    def has_macro_mappings(self) -> bool:
        return any(self._mappings.values())

    def _map_macro(self, number: int, target: DeviceParameter, macro_name: str = "") -> None:
        """Map macro ``number`` (1..16) to ``target`` (presets use this; Live's API cannot)."""
        had = self.has_macro_mappings
        self._mappings.setdefault(number, []).append(target)
        macro = self._macros()[number - 1]
        if macro_name:
            macro._name = macro_name
        self._follow_macro(macro)
        self._notify("macros_mapped")
        if not had:
            self._notify("has_macro_mappings")

    def _follow_macro(self, macro: DeviceParameter) -> None:
        macros = self._macros()
        if macro not in macros:
            return
        fraction = (macro.value - macro.min) / ((macro.max - macro.min) or 1.0)
        for target in self._mappings.get(macros.index(macro) + 1, ()):
            value = target.min + fraction * (target.max - target.min)
            target._store(float(round(value)) if target.is_quantized else value)

    def _parameter_changed(self, parameter: DeviceParameter) -> None:
        super()._parameter_changed(parameter)
        self._follow_macro(parameter)

    def _refresh_active(self) -> None:
        super()._refresh_active()
        for chain in self._all_chains():
            for device in chain._devices:
                device._refresh_active()

    # -- variations -------------------------------------------------------------------------

    @property
    def variation_count(self) -> int:
        return len(self._variations)

    @property
    def selected_variation_index(self) -> int:
        return self._selected_variation

    @selected_variation_index.setter
    def selected_variation_index(self, value: Any) -> None:
        index = as_int(self, "selected_variation_index", value)
        if not -1 <= index < len(self._variations):
            raise RuntimeError("Index out of range")
        self._selected_variation = index

    def store_variation(self) -> None:
        check_not_notifying()
        self._variations.append(tuple(m.value for m in self._macros()))
        self._selected_variation = len(self._variations) - 1
        self._notify("variation_count")

    def _recall(self, index: int) -> None:
        for macro, value in zip(self._macros(), self._variations[index], strict=True):
            macro._store(value)
        self._last_recalled = index

    def recall_selected_variation(self) -> None:
        if 0 <= self._selected_variation < len(self._variations):
            self._recall(self._selected_variation)

    def recall_last_used_variation(self) -> None:
        if 0 <= self._last_recalled < len(self._variations):
            self._recall(self._last_recalled)

    def delete_selected_variation(self) -> None:
        if not 0 <= self._selected_variation < len(self._variations):
            return
        del self._variations[self._selected_variation]
        if self._last_recalled == self._selected_variation:
            self._last_recalled = -1
        self._selected_variation = min(self._selected_variation, len(self._variations) - 1)
        self._notify("variation_count")

    def randomize_macros(self) -> None:
        for macro in self._macros():
            macro.value = float(self._random.randint(0, 127))

    # -- snapshot ---------------------------------------------------------------------------

    def _mapping_path(self, target: DeviceParameter) -> list[int] | None:
        for c, chain in enumerate(self._chains):
            for d, device in enumerate(chain._devices):
                for p, parameter in enumerate(device._parameters):
                    if parameter is target:
                        return [c, d, p]
        return None

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["chains"] = [c.to_dict() for c in self._chains]
        data["return_chains"] = [c.to_dict() for c in self._return_chains]
        data["visible_macro_count"] = self._visible_macro_count
        data["macro_mappings"] = {
            str(number): [path for t in targets if (path := self._mapping_path(t))]
            for number, targets in self._mappings.items() if targets
        }
        data["macro_names"] = [m.name for m in self._macros()]
        if self._variations:
            data["variations"] = [list(v) for v in self._variations]
        return data

    def _load_rack(self, data: dict[str, Any]) -> None:
        for kind, target in (("chains", self._chains), ("return_chains", self._return_chains)):
            for chain_data in data.get(kind, ()):
                chain = (DrumChain(self, in_note=int(chain_data.get("in_note", 36)))
                         if "in_note" in chain_data else Chain(self))
                chain._load(chain_data)
                target.append(chain)
        self._visible_macro_count = int(data.get("visible_macro_count", DEFAULT_VISIBLE_MACROS))
        for macro, name in zip(self._macros(), data.get("macro_names", ()), strict=False):
            macro._name = str(name)
        for number, paths in data.get("macro_mappings", {}).items():
            for c, d, p in paths:
                target = self._chains[c]._devices[d]._parameters[p]
                self._mappings.setdefault(int(number), []).append(target)
        self._variations = [tuple(float(x) for x in v) for v in data.get("variations", ())]
        self._refresh_active()
