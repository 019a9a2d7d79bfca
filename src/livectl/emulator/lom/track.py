"""Live.Track.Track: MIDI, audio and group tracks, return tracks and the main track."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from livectl.emulator.lom import arrangement
from livectl.emulator.lom._device_chain import insert_position, place_device
from livectl.emulator.lom._device_factory import create_device, device_from_dict
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
from livectl.emulator.lom.arrangement import MAX_TAKE_LANES, TakeLane
from livectl.emulator.lom.clip import Clip
from livectl.emulator.lom.clip_slot import ClipSlot
from livectl.emulator.lom.device import Device, DeviceParameter, MixerDevice
from livectl.emulator.lom.enums import DeviceType, MonitoringState

if TYPE_CHECKING:
    from livectl.emulator.lom.song import Song

__all__ = ["RoutingChannel", "RoutingType", "Track", "TrackView"]

KINDS = ("midi", "audio", "group", "return", "main")


class RoutingType:
    """Live.Track.RoutingType: one entry of a track's routing chooser."""

    def __init__(self, display_name: str, category: int) -> None:
        self.display_name = display_name
        self.category = category
        self.attached_object = None

    def __repr__(self) -> str:
        return f"<RoutingType {self.display_name!r}>"


class RoutingChannel:
    """Live.Track.RoutingChannel: a channel of a routing type."""

    def __init__(self, display_name: str, layout: int) -> None:
        self.display_name = display_name
        self.layout = layout

    def __repr__(self) -> str:
        return f"<RoutingChannel {self.display_name!r}>"


class TrackView(LomObject, observable=("selected_device", "is_collapsed", "device_insert_mode")):
    is_collapsed = Field(as_bool)
    device_insert_mode = Field(as_int)

    def __init__(self, track: Track) -> None:
        super().__init__()
        self._track = track
        self._selected_device: Device | None = None
        self._is_collapsed = False
        self._device_insert_mode = 0

    @property
    def canonical_parent(self) -> Track:
        return self._track

    @property
    def selected_device(self) -> Device | None:
        return self._selected_device

    def select_instrument(self) -> bool:
        for device in self._track._devices:
            if device.type == DeviceType.instrument:
                self._track._song.view.select_device(device)
                return True
        return False



def _check_monitoring(track: Track, value: int) -> int:
    if not 0 <= value <= 2:
        raise RuntimeError(f"Invalid monitoring state {value}: must be 0 (In), 1 (Auto) or 2 (Off)")
    return value


def _armable(track: Track) -> bool:
    return track._kind in ("midi", "audio")


def _is_group(track: Track) -> bool:
    return track._kind == "group"


def _has_monitoring(track: Track) -> bool:
    return track._kind in ("midi", "audio")


class Track(
    LomObject,
    observable=(
        "name", "color", "color_index", "mute", "solo", "arm", "current_monitoring_state",
        "playing_slot_index", "fired_slot_index", "has_audio_input", "has_audio_output",
        "has_midi_input", "has_midi_output", "output_meter_level", "output_meter_left",
        "output_meter_right", "input_meter_level", "input_meter_left", "input_meter_right",
        "clip_slots", "devices", "arrangement_clips", "muted_via_solo", "implicit_arm",
        "is_frozen", "is_showing_chains", "back_to_arranger", "performance_impact",
        "input_routing_type", "input_routing_channel", "output_routing_type",
        "output_routing_channel", "available_input_routing_types",
        "available_input_routing_channels", "available_output_routing_types",
        "available_output_routing_channels", "data", "take_lanes",
    ),
):
    """A track of the set. ``kind`` is one of "midi", "audio", "group", "return", "main"."""

    View = TrackView
    monitoring_states = MonitoringState
    derived_properties: ClassVar[dict[str, tuple[str, ...]]] = {"color_index": ("color",)}

    name = Field(as_str)
    color_index = Field(as_int, check=check_color_index)
    mute = Field(as_bool)
    solo = Field(as_bool)
    arm = Field(as_bool, applies=_armable, not_applicable="Track cannot be armed")
    current_monitoring_state = Field(
        as_int, check=_check_monitoring, applies=_has_monitoring,
        not_applicable="Track has no monitoring state",
    )
    fold_state = Field(as_bool, applies=_is_group, not_applicable="Track is not foldable")
    playing_slot_index = Field[int](readonly=True)
    fired_slot_index = Field[int](readonly=True)
    output_meter_level = Field[float](readonly=True)
    output_meter_left = Field[float](readonly=True)
    output_meter_right = Field[float](readonly=True)
    input_meter_level = Field[float](readonly=True)
    input_meter_left = Field[float](readonly=True)
    input_meter_right = Field[float](readonly=True)

    def __init__(
        self, song: Song, kind: str, name: str, *, slots: int, sends: int, color_index: int = 0
    ) -> None:
        super().__init__()
        if kind not in KINDS:
            raise ValueError(f"track kind must be one of {KINDS}, got {kind!r}")
        self._song = song
        self._kind = kind
        self._name = name
        self._color_index = color_index
        self._mute = False
        self._solo = False
        self._arm = False
        self._current_monitoring_state = 1  # Auto
        self._fold_state = False
        self._playing_slot_index = -1
        self._fired_slot_index = -1
        self._output_meter_level = 0.0
        self._output_meter_left = 0.0
        self._output_meter_right = 0.0
        self._input_meter_level = 0.0
        self._input_meter_left = 0.0
        self._input_meter_right = 0.0
        self._back_to_arranger = False
        self._implicit_arm = False
        self._group: Track | None = None
        self._slots: list[ClipSlot] = (
            [ClipSlot(self) for _ in range(slots)] if kind in ("midi", "audio", "group") else []
        )
        self._devices: list[Device] = []
        self._arrangement: list[Clip] = []
        self._take_lanes: list[TakeLane] = []
        self._lane_automation: dict[DeviceParameter, list[Any]] = {}  # see .arrangement
        self._mixer = MixerDevice(self, sends=0 if kind == "main" else sends, is_main=kind == "main")
        self._view = TrackView(self)
        self._data: dict[str, Any] = {}
        self._routing = self._default_routing()
        self._io = self._io_flags()

    def __repr__(self) -> str:
        return f"<Track {self._name!r} ({self._kind})>"

    # -- identity ---------------------------------------------------------------------------

    @property
    def canonical_parent(self) -> Song:
        return self._song

    @property
    def view(self) -> TrackView:
        return self._view

    color = color_property()

    @property
    def can_be_armed(self) -> bool:
        return _armable(self)

    @property
    def implicit_arm(self) -> bool:
        return self._implicit_arm

    @implicit_arm.setter
    def implicit_arm(self, value: Any) -> None:
        self._set_field("implicit_arm", as_bool(self, "implicit_arm", value))

    @property
    def is_foldable(self) -> bool:
        return self._kind == "group"

    @property
    def is_grouped(self) -> bool:
        return self._group is not None

    @property
    def group_track(self) -> Track | None:
        return self._group

    @property
    def is_visible(self) -> bool:
        group = self._group
        while group is not None:
            if group._fold_state:
                return False
            group = group._group
        return True

    @property
    def is_part_of_selection(self) -> bool:
        return self._song.view.selected_track is self

    @property
    def is_frozen(self) -> bool:
        return False

    @property
    def can_be_frozen(self) -> bool:
        return self._kind in ("midi", "audio")

    def _instrument_rack(self) -> Any:
        """The track's instrument when it is a rack that can show chains, else None."""
        for device in self._devices:
            if device.type == DeviceType.instrument and getattr(device, "can_show_chains", False):
                return device
        return None

    @property
    def can_show_chains(self) -> bool:
        return self._instrument_rack() is not None

    @property
    def is_showing_chains(self) -> bool:
        rack = self._instrument_rack()
        return bool(rack is not None and rack.is_showing_chains)

    @is_showing_chains.setter
    def is_showing_chains(self, value: Any) -> None:
        """Shows the chains of the track's Instrument/Drum Rack (no rack: nothing to show)."""
        show = as_bool(self, "is_showing_chains", value)
        rack = self._instrument_rack()
        if rack is not None and rack.is_showing_chains != show:
            rack.is_showing_chains = show
            self._notify("is_showing_chains")

    @property
    def muted_via_solo(self) -> bool:
        soloed = [t for t in self._song._tracks + self._song._returns if t._solo]
        return bool(soloed) and not self._solo and self._kind != "main"

    @property
    def performance_impact(self) -> float:
        return 0.0

    def _io_flags(self) -> tuple[bool, bool, bool, bool]:
        """(has_audio_input, has_audio_output, has_midi_input, has_midi_output)."""
        if self._kind == "midi":
            has_instrument = any(d.type == DeviceType.instrument for d in self._devices)
            return (False, has_instrument, True, not has_instrument)
        if self._kind == "audio":
            return (True, True, False, False)
        return (False, True, False, False)

    def _refresh_io(self) -> None:
        new = self._io_flags()
        old, self._io = self._io, new
        for name, before, after in zip(
            ("has_audio_input", "has_audio_output", "has_midi_input", "has_midi_output"),
            old, new, strict=True,
        ):
            if before != after:
                self._notify(name)

    @property
    def has_audio_input(self) -> bool:
        return self._io[0]

    @property
    def has_audio_output(self) -> bool:
        return self._io[1]

    @property
    def has_midi_input(self) -> bool:
        return self._io[2]

    @property
    def has_midi_output(self) -> bool:
        return self._io[3]

    # -- vectors ----------------------------------------------------------------------------

    @property
    def clip_slots(self) -> Vector[ClipSlot]:
        return Vector(self._slots)

    @property
    def devices(self) -> Vector[Device]:
        return Vector(self._devices)

    @property
    def arrangement_clips(self) -> Vector[Clip]:
        return Vector(self._arrangement)

    @property
    def take_lanes(self) -> Vector[TakeLane]:
        return Vector(self._take_lanes)

    def create_take_lane(self) -> TakeLane:
        """A new, empty take lane (named "Take N", as Live names new lanes)."""
        check_not_notifying()
        if self._kind not in ("midi", "audio"):
            raise RuntimeError("Take lanes can only be created on MIDI and audio tracks")
        if len(self._take_lanes) >= MAX_TAKE_LANES:
            raise RuntimeError(f"Cannot create more than {MAX_TAKE_LANES} take lanes")
        lane = TakeLane(self, f"Take {len(self._take_lanes) + 1}")
        self._take_lanes.append(lane)
        self._notify("take_lanes")
        return lane

    @property
    def back_to_arranger(self) -> bool:
        """True while a launched session clip keeps this track from its arrangement;
        setting False stops it and plays the arrangement again (True is ignored)."""
        return self._back_to_arranger

    @back_to_arranger.setter
    def back_to_arranger(self, value: Any) -> None:
        if not as_bool(self, "back_to_arranger", value):
            self._song._transport._arrangement.back_to_arranger([self])

    @property
    def mixer_device(self) -> MixerDevice:
        return self._mixer

    def _group_children(self) -> list[Track]:
        return [t for t in self._song._tracks if t._group is self]

    # -- routing ----------------------------------------------------------------------------

    def _default_routing(self) -> dict[str, Any]:
        main_name = "Main"
        if self._kind == "midi":
            inputs = [RoutingType("All Ins", 0), RoutingType("No Input", 6)]
            in_channels = [RoutingChannel("All Channels", 0)] + [
                RoutingChannel(f"Ch. {i}", 0) for i in range(1, 17)
            ]
        elif self._kind == "audio":
            inputs = [RoutingType("Ext. In", 0), RoutingType("Resampling", 2),
                      RoutingType("No Input", 6)]
            in_channels = [RoutingChannel(n, 2 if "/" in n else 1) for n in ("1/2", "1", "2")]
        else:
            inputs, in_channels = [], []
        if self._kind == "main":
            outputs = [RoutingType("Ext. Out", 0)]
            out_channels = [RoutingChannel("1/2", 2)]
        elif self._kind == "midi":
            outputs = [RoutingType("No Output", 6)]
            out_channels = []
        else:
            outputs = [RoutingType(main_name, 3), RoutingType("Ext. Out", 0),
                       RoutingType("Sends Only", 6)]
            out_channels = [RoutingChannel("Track In", 2)]
        return {
            "inputs": inputs, "in_channels": in_channels,
            "outputs": outputs, "out_channels": out_channels,
            "input_routing_type": inputs[0] if inputs else RoutingType("No Input", 6),
            "input_routing_channel": in_channels[0] if in_channels else RoutingChannel("", 0),
            "output_routing_type": outputs[0],
            "output_routing_channel": out_channels[0] if out_channels else RoutingChannel("", 0),
        }

    @property
    def available_input_routing_types(self) -> tuple[RoutingType, ...]:
        return tuple(self._routing["inputs"])

    @property
    def available_input_routing_channels(self) -> tuple[RoutingChannel, ...]:
        return tuple(self._routing["in_channels"])

    @property
    def available_output_routing_types(self) -> tuple[RoutingType, ...]:
        return tuple(self._routing["outputs"])

    @property
    def available_output_routing_channels(self) -> tuple[RoutingChannel, ...]:
        return tuple(self._routing["out_channels"])

    def _set_routing(self, key: str, pool: str, value: Any) -> None:
        if not any(value is item for item in self._routing[pool]):
            raise RuntimeError(f"Invalid routing: {value!r} is not available on this track")
        if self._routing[key] is not value:
            self._routing[key] = value
            self._notify(key)

    @property
    def input_routing_type(self) -> RoutingType:
        return self._routing["input_routing_type"]  # type: ignore[no-any-return]

    @input_routing_type.setter
    def input_routing_type(self, value: RoutingType) -> None:
        self._set_routing("input_routing_type", "inputs", value)

    @property
    def input_routing_channel(self) -> RoutingChannel:
        return self._routing["input_routing_channel"]  # type: ignore[no-any-return]

    @input_routing_channel.setter
    def input_routing_channel(self, value: RoutingChannel) -> None:
        self._set_routing("input_routing_channel", "in_channels", value)

    @property
    def output_routing_type(self) -> RoutingType:
        return self._routing["output_routing_type"]  # type: ignore[no-any-return]

    @output_routing_type.setter
    def output_routing_type(self, value: RoutingType) -> None:
        self._set_routing("output_routing_type", "outputs", value)

    @property
    def output_routing_channel(self) -> RoutingChannel:
        return self._routing["output_routing_channel"]  # type: ignore[no-any-return]

    @output_routing_channel.setter
    def output_routing_channel(self, value: RoutingChannel) -> None:
        self._set_routing("output_routing_channel", "out_channels", value)

    # -- methods ----------------------------------------------------------------------------

    def _can_record(self) -> bool:
        return self._kind in ("midi", "audio") and self._arm

    def stop_all_clips(self, quantized: bool = True, /) -> None:
        self._request_stop(quantized=as_bool(self, "quantized", quantized))

    def _request_stop(self, *, quantized: bool) -> None:
        self._song._transport.stop_track(self, quantized=quantized)

    def delete_device(self, index: int, /) -> None:
        position = self._device_position(index)
        device = self._devices[position]

        def undo() -> None:
            self._devices.insert(position, device)
            self._devices_changed()

        def redo() -> None:
            self._devices.remove(device)
            self._devices_changed()

        self._song._undo.push("Delete Device", undo, redo)
        redo()

    def duplicate_device(self, index: int, /) -> None:
        position = self._device_position(index)
        source = self._devices[position]
        if source.type == DeviceType.instrument and self._kind == "midi":
            # Live will not duplicate a track's instrument: a track holds one.
            raise RuntimeError("Cannot duplicate the instrument: a track holds one instrument")
        copy = device_from_dict(source.to_dict(), self)

        def undo() -> None:
            self._devices.remove(copy)
            self._devices_changed()

        def redo() -> None:
            self._devices.insert(position + 1, copy)
            self._devices_changed()

        self._song._undo.push("Duplicate Device", undo, redo)
        redo()

    def _device_position(self, index: Any) -> int:
        if isinstance(index, bool) or not isinstance(index, int):
            raise TypeError(f"device index must be an int, got {type(index).__name__}")
        if not -len(self._devices) <= index < len(self._devices):
            raise IndexError("Index out of range")
        return index % len(self._devices)

    def _add_device(self, device: Device, index: int = -1) -> Device:
        position = len(self._devices) if index < 0 else min(index, len(self._devices))
        self._devices.insert(position, device)
        self._devices_changed()
        return device

    # -- devices by name (Live 12.3) and the browser's loading ------------------------------

    def insert_device(self, device_name: str, device_index: int = -1, /) -> Device:
        """Add a native device by name at ``device_index`` (-1: the last allowed place).

        Live's placement rules apply (see ``_device_chain``): MIDI effects before the
        instrument, audio effects after it, one instrument per track, no instrument or
        MIDI effect on audio, return or main tracks.
        """
        name = as_str(self, "device_name", device_name)
        index = as_int(self, "device_index", device_index)
        device = create_device(name, self)
        position = insert_position(self._device_accepts, self._devices, device, index)
        return place_device(self, device, position, "Insert Device")

    @property
    def _device_accepts(self) -> str:
        return "midi" if self._kind == "midi" else "audio"

    def _undo_stack(self) -> Any:
        return self._song._undo

    def _devices_changed(self) -> None:
        view = self._view
        if view._selected_device is not None and view._selected_device not in self._devices:
            view._set_field("selected_device", self._devices[0] if self._devices else None)
        self._notify("devices")
        self._refresh_io()

    def duplicate_clip_slot(self, index: int, /) -> int:
        """Copy the clip at ``index`` to the next slot (Live inserts a scene if needed)."""
        source = self.clip_slots[index]
        position = self._slots.index(source)
        if source.clip is None:
            raise RuntimeError("Cannot duplicate an empty clip slot")
        if position + 1 >= len(self._slots) or self._slots[position + 1].has_clip:
            self._song.create_scene(position + 1)
        source.duplicate_clip_to(self._slots[position + 1])
        return position + 1

    def delete_clip(self, clip: Clip, /) -> None:
        """Delete an arrangement, take-lane or session clip of this track."""
        check_not_notifying()
        if arrangement.delete_arrangement_clip(self, clip):
            return
        for slot in self._slots:
            if slot._clip is clip:
                slot.delete_clip()
                return
        raise RuntimeError("Clip does not belong to this track")

    def create_midi_clip(self, start_time: float, length: float, /) -> Clip:
        """An empty arrangement MIDI clip at ``start_time`` (Live 12.1+)."""
        return arrangement.create_midi_clip(self, start_time, length)

    def create_audio_clip(self, file_path: str, position: float, /) -> Clip:
        """An arrangement audio clip of a WAV file at ``position`` (Live 12.1+)."""
        return arrangement.create_audio_clip(self, file_path, position)

    def duplicate_clip_to_arrangement(self, clip: Clip, destination_time: float, /) -> Clip:
        return arrangement.duplicate_clip_to_arrangement(self, clip, destination_time)

    def jump_in_running_session_clip(self, beats: float, /) -> None:
        index = self._playing_slot_index
        clip = self._slots[index]._clip if index >= 0 else None
        if clip is not None:
            clip.move_playing_pos(beats)

    def get_data(self, key: str, default_value: Any, /) -> Any:
        return self._data.get(key, default_value)

    def set_data(self, key: str, value: Any, /) -> None:
        self._data[key] = value
        self._notify("data")

    # -- snapshot ---------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self._kind,
            "name": self._name,
            "color_index": self._color_index,
            "mute": self._mute,
            "solo": self._solo,
            "arm": self._arm,
            "current_monitoring_state": self._current_monitoring_state,
            "fold_state": self._fold_state,
            "mixer": self._mixer.to_dict(),
            "devices": [d.to_dict() for d in self._devices],
            "clips": [None if s._clip is None else s._clip.to_dict() for s in self._slots],
            "has_stop_buttons": [s._has_stop_button for s in self._slots],
        }
        data.update(arrangement.dump_track(self))
        return data

    def _load(self, data: dict[str, Any], group: Track | None) -> None:
        for key in ("name", "color_index", "mute", "solo", "arm", "current_monitoring_state",
                    "fold_state"):
            if key in data:
                setattr(self, "_" + key, data[key])
        self._group = group
        mixer = data.get("mixer", {})
        self._mixer._volume._value = float(mixer.get("volume", 0.85))
        self._mixer._panning._value = float(mixer.get("panning", 0.0))
        self._mixer._activator._value = float(mixer.get("track_activator", 1.0))
        for send, value in zip(self._mixer._sends, mixer.get("sends", ()), strict=False):
            send._value = float(value)
        self._devices = [
            device_from_dict(d, self) for d in data.get("devices", ())
        ]
        for slot, clip_data, stop in zip(
            self._slots, data.get("clips", ()), data.get("has_stop_buttons", ()), strict=False
        ):
            slot._has_stop_button = bool(stop)
            if clip_data is not None:
                clip = Clip(slot, 1.0, is_audio=bool(clip_data.get("is_audio_clip")))
                clip._load(clip_data)
                slot._clip = clip
        arrangement.load_track(self, data)
        self._io = self._io_flags()
