"""MIDI ports: list them, open one by index or name, or create a virtual one.

``open_output()`` returns a :class:`MIDIOutput`: a context manager with typed, checked calls
(``note_on``, ``control_change``, ``pitch_bend``, ...) that remembers every sounding note and
releases it on ``close()`` and at interpreter exit, and on SIGINT/SIGTERM once the program
opted in with ``release_notes_on_signals()`` (see ``guard``).
Inputs are in ``livectl.midi.receive``.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from livectl.checks import check_real_range
from livectl.errors import MIDIBackendError, MIDIError, MIDIPortNotFoundError, ValidationError
from livectl.midi import guard
from livectl.midi._backend import JACK_SETTLE_NS, Backend
from livectl.midi.messages import (
    CC_ALL_NOTES_OFF,
    CC_ALL_SOUND_OFF,
    Aftertouch,
    ControlChange,
    Message,
    NoteOff,
    NoteOn,
    PitchBend,
    PolyAftertouch,
    ProgramChange,
    chord,
    from_bytes,
    pitch_list,
)
from livectl.midi.timing import RealClock

__all__ = [
    "MIDIOutput",
    "PortList",
    "list_inputs",
    "list_outputs",
    "list_ports",
    "open_output",
    "virtual_port_hint",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PortList:
    api: str
    outputs: tuple[str, ...]
    inputs: tuple[str, ...]


def list_outputs(api: str | None = None) -> list[str]:
    """Names of the ports we can send to, in index order."""
    return Backend.choose(api).output_names()


def list_inputs(api: str | None = None) -> list[str]:
    """Names of the ports we can receive from, in index order."""
    return Backend.choose(api).input_names()


def list_ports(api: str | None = None) -> PortList:
    backend = Backend.choose(api)
    return PortList(backend.api, tuple(backend.output_names()), tuple(backend.input_names()))


def virtual_port_hint(api: str, platform: str | None = None) -> str:
    """How to make a port Live can see, on the user's platform."""
    plat = platform or sys.platform
    if plat == "darwin" or api == "coremidi":
        return (
            "on macOS, enable the IAC Driver (Audio MIDI Setup > Window > Show MIDI Studio > "
            "double-click 'IAC Driver' > tick 'Device is online'), or create a virtual port "
            "with open_output(virtual_name='livectl')"
        )
    if plat.startswith("win") or api == "winmm":
        return (
            "on Windows, install loopMIDI (https://www.tobias-erichsen.de/software/loopmidi.html) "
            "and add a port with '+'; Windows MIDI cannot create virtual ports itself"
        )
    if api == "jack":
        return (
            "with JACK, create a virtual port with open_output(virtual_name='livectl'), or start "
            "the program that should receive (its input port then appears here)"
        )
    return (
        "on Linux, create a virtual port with open_output(virtual_name='livectl') "
        "(or 'modprobe snd-virmidi' for a kernel one)"
    )


def _pick(names: Sequence[str], wanted: int | str, kind: str, api: str) -> int:
    """Index of the port ``wanted`` names: an index, an exact name, or one name substring."""
    listing = "\n".join(f"  {i}: {n}" for i, n in enumerate(names)) or "  (none)"
    if isinstance(wanted, bool) or not isinstance(wanted, (int, str)):
        raise ValidationError(
            f"port must be an index or a name, got {type(wanted).__name__} {wanted!r}",
            field="port",
            value=wanted,
        )
    if isinstance(wanted, int):
        if 0 <= wanted < len(names):
            return wanted
        found = f"there are {len(names)}" if names else "there are none"
        raise MIDIPortNotFoundError(
            f"no MIDI {kind} port with index {wanted} ({found}, api {api!r}):\n{listing}\n"
            + virtual_port_hint(api)
        )
    if wanted in names:
        return list(names).index(wanted)
    matches = [i for i, n in enumerate(names) if wanted.lower() in n.lower()]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        shown = ", ".join(repr(names[i]) for i in matches)
        raise ValidationError(
            f"port name {wanted!r} matches {len(matches)} MIDI {kind} ports ({shown}); "
            "give more of the name or an index",
            field="port",
            value=wanted,
        )
    raise MIDIPortNotFoundError(
        f"no MIDI {kind} port matches {wanted!r} (api {api!r}); the ports there are:\n"
        f"{listing}\n" + virtual_port_hint(api)
    )


def _resolve(backend: Backend, names: list[str], name_or_index: int | str | None,
             virtual_name: str | None, kind: str) -> tuple[int | None, str]:
    if virtual_name is not None:
        if not isinstance(virtual_name, str) or not virtual_name.strip():
            raise ValidationError(
                f"virtual_name must be a non-empty string, got {virtual_name!r}",
                field="virtual_name",
                value=virtual_name,
            )
        if name_or_index is not None:
            raise ValidationError(
                "give either name_or_index (open an existing port) or virtual_name (create "
                f"one), not both; got {name_or_index!r} and {virtual_name!r}",
                field="virtual_name",
                value=virtual_name,
            )
        if not backend.supports_virtual:
            raise MIDIBackendError(
                f"the {backend.api!r} MIDI API cannot create virtual ports; "
                + virtual_port_hint(backend.api)
            )
        return None, virtual_name
    if name_or_index is None:
        if not names:
            raise MIDIPortNotFoundError(
                f"there are no MIDI {kind} ports (api {backend.api!r}); "
                + virtual_port_hint(backend.api)
            )
        return 0, names[0]
    index = _pick(names, name_or_index, kind, backend.api)
    return index, names[index]


class MIDIOutput:
    """An open output port. Use it as a context manager; ``close()`` twice is harmless.

    Every note-on is tracked; ``close()`` sends the matching note-offs, and so does
    interpreter exit for a port left open (``guard_exit``), or SIGINT/SIGTERM after
    ``livectl.midi.release_notes_on_signals()``.
    Channels are 1..16. All calls are thread-safe; nothing is sent if a check fails.
    """

    def __init__(self, raw: Any, *, name: str, api: str, is_virtual: bool,
                 guard_exit: bool = True) -> None:
        self._raw = raw
        self.name = name
        self.api = api
        self.is_virtual = is_virtual
        self.tracker = guard.NoteTracker()
        self._lock = threading.RLock()
        self._closed = False
        self._last_send_ns = 0
        if guard_exit:
            guard.register_output(self)

    @property
    def last_send_ns(self) -> int:
        """``time.perf_counter_ns()`` when the MIDI API last took a message from this port
        (stamped inside ``send``, once the backend call returned); 0 before the first."""
        return self._last_send_ns

    @property
    def closed(self) -> bool:
        return self._closed

    # -- sending ---------------------------------------------------------------------------
    def _send_raw(self, data: tuple[int, ...] | list[int]) -> None:
        with self._lock:
            if self._closed:
                raise MIDIError(f"MIDI output {self.name!r} is closed; open it again to send")
            # A note-on is tracked before it goes out, anything else after: an exit guard
            # that runs in between (a signal handler, in this thread) then sends one
            # note-off too many, never one too few.
            is_on = len(data) == 3 and data[0] & 0xF0 == 0x90 and data[2] > 0
            if is_on:
                self.tracker.observe(data)
            self._raw.send_message(list(data))
            self._last_send_ns = time.perf_counter_ns()
            if not is_on:
                self.tracker.observe(data)

    def send(self, msg: Message) -> None:
        """Send one message object from ``livectl.midi.messages``."""
        to_bytes = getattr(msg, "bytes", None)
        if to_bytes is None or not callable(to_bytes):
            raise ValidationError(
                f"msg must be a livectl.midi message (NoteOn, ControlChange, ...), got "
                f"{type(msg).__name__} {msg!r}; for raw bytes use send_bytes()",
                field="msg",
                value=msg,
            )
        self._send_raw(to_bytes())

    def send_bytes(self, data: Sequence[int]) -> None:
        """Send raw bytes, after checking that they form one supported message."""
        from_bytes(list(data))
        self._send_raw(tuple(data))

    def note_on(self, pitch: int, velocity: int = 100, channel: int = 1) -> None:
        self.send(NoteOn(pitch, velocity, channel))

    def note_off(self, pitch: int, velocity: int = 0, channel: int = 1) -> None:
        self.send(NoteOff(pitch, velocity, channel))

    def note(self, pitch: int, velocity: int = 100, duration_s: float = 0.5,
             channel: int = 1) -> None:
        """Play one note for ``duration_s`` seconds (blocks); the note-off is sent even on error.

        For many notes in time use :class:`~livectl.midi.Sequencer`, which schedules against
        absolute deadlines instead of sleeping between notes.
        """
        msg = NoteOn(pitch, velocity, channel)
        seconds = check_real_range("duration_s", duration_s, 0.0, 3600.0, unit="s")
        deadline = time.perf_counter_ns() + int(seconds * 1e9)
        self.send(msg)
        try:
            RealClock().sleep_until(deadline)  # sleep coarse, spin the last stretch
        finally:
            if not self._closed:
                self.send(NoteOff(pitch, 0, channel))

    def chord_on(self, pitches: Sequence[int], velocity: int = 100, channel: int = 1) -> None:
        """Note-ons for every pitch; all are checked before the first is sent."""
        for m in chord(pitches, velocity, channel):
            self.send(m)

    def chord_off(self, pitches: Sequence[int], channel: int = 1) -> None:
        msgs = [NoteOff(p, 0, channel) for p in pitch_list(pitches)]
        for m in msgs:
            self.send(m)

    def control_change(self, control: int, value: int, channel: int = 1) -> None:
        self.send(ControlChange(control, value, channel))

    def program_change(self, program: int, channel: int = 1) -> None:
        self.send(ProgramChange(program, channel))

    def pitch_bend(self, value: int, channel: int = 1) -> None:
        """Bend in -8192..8191 (0 = centre)."""
        self.send(PitchBend(value, channel))

    def aftertouch(self, pressure: int, channel: int = 1) -> None:
        """Channel pressure."""
        self.send(Aftertouch(pressure, channel))

    def poly_aftertouch(self, pitch: int, pressure: int, channel: int = 1) -> None:
        self.send(PolyAftertouch(pitch, pressure, channel))

    def all_notes_off(self, channel: int | None = None) -> None:
        """CC 123 on ``channel``, or on all 16 channels when it is None."""
        channels = range(1, 17) if channel is None else [channel]
        msgs = [ControlChange(CC_ALL_NOTES_OFF, 0, ch) for ch in channels]
        for m in msgs:
            self.send(m)

    # -- releasing -------------------------------------------------------------------------
    def release(self) -> int:
        """Send a note-off for every note this port still holds. Returns how many."""
        with self._lock:
            if self._closed:
                return 0
            sent = 0
            # One note at a time, forgotten only once its note-off went out: if a signal
            # handler's guard interrupts this loop, its own release carries on from here.
            while (note := self.tracker.first()) is not None:
                channel, pitch = note
                self._raw.send_message(list(NoteOff(pitch, 0, channel).bytes()))
                self._last_send_ns = time.perf_counter_ns()
                self.tracker.note_off(channel, pitch)
                sent += 1
            return sent

    def panic(self) -> None:
        """Silence everything: explicit note-offs for tracked notes, then CC 123 and CC 120
        on all 16 channels (explicit note-offs first because not every synth honours CC 123)."""
        with self._lock:
            self.release()
            for ch in range(1, 17):
                self._send_raw(ControlChange(CC_ALL_NOTES_OFF, 0, ch).bytes())
                self._send_raw(ControlChange(CC_ALL_SOUND_OFF, 0, ch).bytes())

    def close(self) -> None:
        """Release sounding notes and close the port. Idempotent and thread-safe."""
        with self._lock:
            if self._closed:
                return
            try:
                released = self.release()
                if released:
                    log.info("released %d sounding note(s) on %r", released, self.name)
            finally:
                self._closed = True
                guard.unregister_output(self)
                self._drain()
                self._raw.close_port()
                self._raw.delete()

    def _drain(self) -> None:
        """Let JACK deliver what was just sent before the port goes away.

        RtMidi's JACK ``closePort`` waits (up to 1 s) for the next process cycle while
        python-rtmidi holds the GIL. If a Python input callback in this same process has
        messages to deliver in that cycle, it needs the GIL, the JACK graph stalls and close
        takes ~0.5-1 s, delivering the last messages late (seen with jackd2 1.9.21 and
        python-rtmidi 1.5.8). Sleeping (GIL released) for two long periods after the last
        send avoids that; nothing is waited for if nothing was sent recently.
        """
        if self.api != "jack":
            return
        left = self._last_send_ns + JACK_SETTLE_NS - time.perf_counter_ns()
        if left > 0:
            time.sleep(left / 1e9)

    def __enter__(self) -> MIDIOutput:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        kind = "virtual " if self.is_virtual else ""
        return f"<MIDIOutput {kind}{self.name!r} api={self.api} {state}>"


def open_output(
    name_or_index: int | str | None = None,
    api: str | None = None,
    virtual_name: str | None = None,
    *,
    client_name: str = "livectl",
    guard_exit: bool = True,
) -> MIDIOutput:
    """Open an output port by index or name (substring), or create ``virtual_name``.

    With neither, the first port is opened. ``api`` (or ``LIVECTL_MIDI_API``) picks the MIDI
    API; see ``livectl.midi.resolve_api``. Raises MIDIPortNotFoundError listing the ports
    there are and how to make one on this platform.
    """
    backend = Backend.choose(api)
    names = backend.output_names() if virtual_name is None else []
    index, name = _resolve(backend, names, name_or_index, virtual_name, "output")
    raw = backend.open_output(index=index, virtual_name=virtual_name, client_name=client_name,
                              port_name="out")
    return MIDIOutput(raw, name=name, api=backend.api, is_virtual=virtual_name is not None,
                      guard_exit=guard_exit)
