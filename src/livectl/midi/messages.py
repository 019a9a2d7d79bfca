"""MIDI messages as frozen, checked values.

Channels are 1..16 here, as a musician counts them; the wire byte uses 0..15. Every field is
checked when the message is made (``livectl.checks``), so a message that exists is valid and
``bytes()`` cannot fail. ``from_bytes`` reads them back (the monitor and the tests use it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from livectl.checks import (
    check_channel,
    check_data_byte,
    check_int_range,
    check_pitch,
    check_pitchwheel,
    check_velocity,
)
from livectl.errors import ValidationError

__all__ = [
    "CLOCK",
    "CONTINUE",
    "START",
    "STOP",
    "Aftertouch",
    "AllNotesOff",
    "ControlChange",
    "Message",
    "NoteOff",
    "NoteOn",
    "PitchBend",
    "PolyAftertouch",
    "ProgramChange",
    "SongPosition",
    "SystemRealtime",
    "all_notes_off",
    "chord",
    "describe",
    "from_bytes",
]

# Controller numbers with a fixed meaning (MIDI 1.0 channel mode messages).
CC_ALL_SOUND_OFF = 120
CC_RESET_ALL_CONTROLLERS = 121
CC_ALL_NOTES_OFF = 123


@dataclass(frozen=True, slots=True)
class NoteOn:
    pitch: int
    velocity: int = 100
    channel: int = 1

    def __post_init__(self) -> None:
        check_pitch(self.pitch)
        check_velocity(self.velocity)
        check_channel(self.channel)

    def bytes(self) -> tuple[int, ...]:
        return (0x90 | (self.channel - 1), self.pitch, self.velocity)


@dataclass(frozen=True, slots=True)
class NoteOff:
    pitch: int
    velocity: int = 0
    channel: int = 1

    def __post_init__(self) -> None:
        check_pitch(self.pitch)
        check_velocity(self.velocity)
        check_channel(self.channel)

    def bytes(self) -> tuple[int, ...]:
        return (0x80 | (self.channel - 1), self.pitch, self.velocity)


@dataclass(frozen=True, slots=True)
class PolyAftertouch:
    """Pressure on one sounding key."""

    pitch: int
    pressure: int
    channel: int = 1

    def __post_init__(self) -> None:
        check_pitch(self.pitch)
        check_data_byte(self.pressure, "pressure")
        check_channel(self.channel)

    def bytes(self) -> tuple[int, ...]:
        return (0xA0 | (self.channel - 1), self.pitch, self.pressure)


@dataclass(frozen=True, slots=True)
class ControlChange:
    control: int
    value: int
    channel: int = 1

    def __post_init__(self) -> None:
        check_data_byte(self.control, "control")
        check_data_byte(self.value, "value")
        check_channel(self.channel)

    def bytes(self) -> tuple[int, ...]:
        return (0xB0 | (self.channel - 1), self.control, self.value)


@dataclass(frozen=True, slots=True)
class ProgramChange:
    program: int
    channel: int = 1

    def __post_init__(self) -> None:
        check_data_byte(self.program, "program")
        check_channel(self.channel)

    def bytes(self) -> tuple[int, ...]:
        return (0xC0 | (self.channel - 1), self.program)


@dataclass(frozen=True, slots=True)
class Aftertouch:
    """Channel pressure (one value for the whole channel)."""

    pressure: int
    channel: int = 1

    def __post_init__(self) -> None:
        check_data_byte(self.pressure, "pressure")
        check_channel(self.channel)

    def bytes(self) -> tuple[int, ...]:
        return (0xD0 | (self.channel - 1), self.pressure)


@dataclass(frozen=True, slots=True)
class PitchBend:
    """Bend in -8192..8191, 0 = centre (the wire carries value + 8192 as 14 bits, LSB first)."""

    value: int
    channel: int = 1

    def __post_init__(self) -> None:
        check_pitchwheel(self.value, "pitch_bend")
        check_channel(self.channel)

    def bytes(self) -> tuple[int, ...]:
        raw = self.value + 8192
        return (0xE0 | (self.channel - 1), raw & 0x7F, raw >> 7)


@dataclass(frozen=True, slots=True)
class SongPosition:
    """Song position pointer, in MIDI beats (16th notes) from the start, 0..16383."""

    sixteenths: int

    def __post_init__(self) -> None:
        check_int_range("sixteenths", self.sixteenths, 0, 16383)

    def bytes(self) -> tuple[int, ...]:
        return (0xF2, self.sixteenths & 0x7F, self.sixteenths >> 7)


_REALTIME_NAMES = {0xF8: "clock", 0xFA: "start", 0xFB: "continue", 0xFC: "stop"}


@dataclass(frozen=True, slots=True)
class SystemRealtime:
    """A one-byte system real-time message: clock (0xF8), start, continue, stop."""

    status: int

    def __post_init__(self) -> None:
        if self.status not in _REALTIME_NAMES:
            raise ValidationError(
                "status must be one of 0xF8 clock, 0xFA start, 0xFB continue, 0xFC stop, "
                f"got {self.status!r}",
                field="status",
                value=self.status,
            )

    @property
    def name(self) -> str:
        return _REALTIME_NAMES[self.status]

    def bytes(self) -> tuple[int, ...]:
        return (self.status,)


CLOCK = SystemRealtime(0xF8)
START = SystemRealtime(0xFA)
CONTINUE = SystemRealtime(0xFB)
STOP = SystemRealtime(0xFC)

Message = (
    NoteOn
    | NoteOff
    | PolyAftertouch
    | ControlChange
    | ProgramChange
    | Aftertouch
    | PitchBend
    | SongPosition
    | SystemRealtime
)


def AllNotesOff(channel: int = 1) -> ControlChange:
    """CC 123: the receiver releases every note on ``channel`` (not every synth honours it)."""
    return ControlChange(CC_ALL_NOTES_OFF, 0, channel)


def all_notes_off(channels: Iterable[int] = range(1, 17)) -> list[ControlChange]:
    return [AllNotesOff(ch) for ch in channels]


def pitch_list(pitches: Sequence[int]) -> list[int]:
    """The pitches of a chord as a list, each checked (0..127); the one check every chord
    call uses, so all of them name a bad argument the same way."""
    if isinstance(pitches, (str, bytes)) or not isinstance(pitches, Sequence) or not pitches:
        raise ValidationError(
            f"pitches must be a non-empty list of ints 0..127, got {pitches!r}",
            field="pitches",
            value=pitches,
        )
    for p in pitches:
        check_pitch(p)
    return list(pitches)


def chord(pitches: Sequence[int], velocity: int = 100, channel: int = 1) -> list[NoteOn]:
    """Note-ons for every pitch of a chord, all checked before any is returned."""
    return [NoteOn(p, velocity, channel) for p in pitch_list(pitches)]


def from_bytes(data: Sequence[int]) -> Message:
    """Parse one wire message (a note-on with velocity 0 stays a NoteOn, as it was sent)."""
    if not data:
        raise ValidationError("data must hold a MIDI message, got no bytes", field="data",
                              value=data)
    status = data[0]
    if status in _REALTIME_NAMES:
        return SystemRealtime(status)
    if status == 0xF2 and len(data) == 3:
        return SongPosition(data[1] | (data[2] << 7))
    kind, channel = status & 0xF0, (status & 0x0F) + 1
    need = 2 if kind in (0xC0, 0xD0) else 3
    if status < 0x80 or status >= 0xF0 or len(data) != need:
        raise ValidationError(
            f"data is not a supported MIDI message: {bytes(data).hex(' ')}",
            field="data",
            value=data,
        )
    a = data[1]
    if kind == 0x90:
        return NoteOn(a, data[2], channel)
    if kind == 0x80:
        return NoteOff(a, data[2], channel)
    if kind == 0xA0:
        return PolyAftertouch(a, data[2], channel)
    if kind == 0xB0:
        return ControlChange(a, data[2], channel)
    if kind == 0xC0:
        return ProgramChange(a, channel)
    if kind == 0xD0:
        return Aftertouch(a, channel)
    return PitchBend((a | (data[2] << 7)) - 8192, channel)


def describe(data: Sequence[int]) -> str:
    """A one-line human reading of raw bytes, for the monitor: ``note_on ch1 pitch=60 vel=100``."""
    try:
        msg = from_bytes(data)
    except ValidationError:
        return "unknown " + bytes(data).hex(" ")
    match msg:
        case SystemRealtime():
            return msg.name
        case SongPosition():
            return f"song_position {msg.sixteenths}"
        case NoteOn() | NoteOff():
            kind = "note_on" if isinstance(msg, NoteOn) else "note_off"
            return f"{kind} ch{msg.channel} pitch={msg.pitch} vel={msg.velocity}"
        case ControlChange():
            return f"control_change ch{msg.channel} control={msg.control} value={msg.value}"
        case ProgramChange():
            return f"program_change ch{msg.channel} program={msg.program}"
        case PitchBend():
            return f"pitch_bend ch{msg.channel} value={msg.value}"
        case Aftertouch():
            return f"aftertouch ch{msg.channel} pressure={msg.pressure}"
        case PolyAftertouch():
            return f"poly_aftertouch ch{msg.channel} pitch={msg.pitch} pressure={msg.pressure}"
    return bytes(data).hex(" ")  # pragma: no cover - every parsed type is matched above
