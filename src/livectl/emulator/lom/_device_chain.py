"""Where a device may go in a device chain (a track's or a rack chain's), as Live decides.

A chain that carries MIDI in (a MIDI track, a chain of an Instrument or Drum Rack) holds
MIDI effects, then at most one instrument, then audio effects; audio effects need the
instrument before them. Audio tracks, return tracks, the main track and Audio Effect Rack
chains hold audio effects only; MIDI Effect Rack chains MIDI effects only.

``accepts`` names the chain kind: ``"midi"``, ``"audio"`` or ``"midi_effects"``.
These functions only compute positions and raise Live-style errors; the owner inserts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from livectl.emulator.lom.enums import DeviceType

if TYPE_CHECKING:
    from livectl.emulator.lom._undo import UndoStack
    from livectl.emulator.lom.device import Device

__all__ = [
    "DeviceOwner", "browser_position", "check_kind", "insert_position", "place_device", "role",
]

# Live.Track.DeviceInsertMode values (Track.View.device_insert_mode).
INSERT_DEFAULT, INSERT_SELECTED_LEFT, INSERT_SELECTED_RIGHT = 0, 1, 2

_ROLE_WORDS = {
    DeviceType.instrument: "an instrument",
    DeviceType.audio_effect: "an audio effect",
    DeviceType.midi_effect: "a MIDI effect",
}
_CHAIN_WORDS = {
    "midi": "a MIDI track or chain",
    "audio": "an audio-only track or chain (audio, return or main track, Audio Effect Rack)",
    "midi_effects": "a MIDI Effect Rack chain",
}


def role(device: Device) -> DeviceType:
    return device.type


def _layout(devices: Sequence[Device]) -> tuple[int, int | None]:
    """(number of leading MIDI effects, index of the instrument or None)."""
    leading = 0
    while leading < len(devices) and role(devices[leading]) == DeviceType.midi_effect:
        leading += 1
    instrument = next(
        (i for i, d in enumerate(devices) if role(d) == DeviceType.instrument), None
    )
    return leading, instrument


def check_kind(accepts: str, device: Device) -> None:
    """Refuse a device the chain can never hold (an instrument on an audio track...)."""
    kind = role(device)
    allowed = {
        "midi": (DeviceType.midi_effect, DeviceType.instrument, DeviceType.audio_effect),
        "audio": (DeviceType.audio_effect,),
        "midi_effects": (DeviceType.midi_effect,),
    }[accepts]
    if kind not in allowed:
        raise RuntimeError(
            f"Cannot place {device.class_display_name!r}: {_ROLE_WORDS.get(kind, 'this device')}"
            f" cannot be placed on {_CHAIN_WORDS[accepts]}"
        )


def _valid_range(accepts: str, devices: Sequence[Device], device: Device) -> range:
    check_kind(accepts, device)
    kind = role(device)
    if accepts != "midi":
        return range(0, len(devices) + 1)
    leading, instrument = _layout(devices)
    if kind == DeviceType.midi_effect:
        return range(0, leading + 1)
    if kind == DeviceType.instrument:
        if instrument is not None:
            raise RuntimeError(
                f"Cannot place {device.class_display_name!r}: this chain already has an "
                f"instrument ({devices[instrument].name!r})"
            )
        return range(leading, leading + 1)
    if instrument is None:
        raise RuntimeError(
            f"Cannot place {device.class_display_name!r}: an audio effect on a MIDI chain "
            "needs an instrument before it"
        )
    return range(instrument + 1, len(devices) + 1)


def insert_position(accepts: str, devices: Sequence[Device], device: Device, index: int) -> int:
    """Position for ``insert_device(name, index)``: -1 is the last allowed place."""
    allowed = _valid_range(accepts, devices, device)
    if index == -1:
        return allowed[-1]
    if not 0 <= index <= len(devices):
        raise IndexError("Index out of range")
    if index not in allowed:
        raise RuntimeError(
            f"Cannot place {device.class_display_name!r} at index {index}: allowed are "
            f"{allowed.start}..{allowed.stop - 1}"
        )
    return index


def browser_position(
    accepts: str,
    devices: Sequence[Device],
    device: Device,
    *,
    insert_mode: int = INSERT_DEFAULT,
    selected: Device | None = None,
) -> tuple[int, Device | None]:
    """Where the browser loads ``device``: (position, device it replaces or None).

    An instrument replaces the chain's instrument, as Live's browser does; other devices
    go to the end of their section, or next to the selected device when the track view's
    ``device_insert_mode`` says so (clamped into their section).
    """
    check_kind(accepts, device)
    if accepts == "midi" and role(device) == DeviceType.instrument:
        leading, instrument = _layout(devices)
        if instrument is not None:
            return instrument, devices[instrument]
        return leading, None
    allowed = _valid_range(accepts, devices, device)
    position = allowed[-1]
    if insert_mode != INSERT_DEFAULT and selected is not None:
        try:
            at = next(i for i, d in enumerate(devices) if d is selected)
        except StopIteration:
            at = None
        if at is not None:
            wanted = at if insert_mode == INSERT_SELECTED_LEFT else at + 1
            position = min(max(wanted, allowed.start), allowed.stop - 1)
    return position, None


class DeviceOwner(Protocol):
    """A track or rack chain: what :func:`place_device` needs from it."""

    _devices: list[Device]

    def _devices_changed(self) -> None: ...

    def _undo_stack(self) -> UndoStack | None: ...


def place_device(
    owner: DeviceOwner, device: Device, position: int, label: str,
    *, replaces: Device | None = None,
) -> Device:
    """Insert ``device`` at ``position`` (replacing ``replaces``), undoably; return it."""

    def redo() -> None:
        if replaces is not None:
            owner._devices.remove(replaces)
        owner._devices.insert(position, device)
        device._attach(owner)
        owner._devices_changed()

    def undo() -> None:
        owner._devices.remove(device)
        if replaces is not None:
            owner._devices.insert(position, replaces)
        owner._devices_changed()

    stack = owner._undo_stack()
    if stack is not None:
        stack.push(label, undo, redo)
    redo()
    return device
