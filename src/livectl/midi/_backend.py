"""The one module that imports python-rtmidi: which MIDI API, and raw port objects.

The API is an explicit value, never module-global state (mido's ``set_backend`` is what we
avoid): every port call takes ``api=`` and resolves it here, in this order:

1. the ``api`` argument (``"alsa" | "jack" | "coremidi" | "winmm"``);
2. the environment variable ``LIVECTL_MIDI_API``;
3. the platform default: CoreMIDI on macOS, WinMM on Windows; on Linux the ALSA sequencer,
   or JACK when ``/dev/snd/seq`` does not exist and a JACK server answers.

Constructing an rtmidi client with a missing API raises ``SystemError`` from C++
(``MidiOutAlsa::initialize: error creating ALSA sequencer client object``, ``MidiOutJack::
initialize: JACK server not running?``); here it becomes a :class:`MIDIBackendError` that says
what to do.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import rtmidi

from livectl.errors import MIDIBackendError, ValidationError

__all__ = ["API_NAMES", "ENV_VAR", "Backend", "compiled_apis", "resolve_api"]

log = logging.getLogger(__name__)

ENV_VAR = "LIVECTL_MIDI_API"

_API_CODES: dict[str, int] = {
    "alsa": rtmidi.API_LINUX_ALSA,
    "jack": rtmidi.API_UNIX_JACK,
    "coremidi": rtmidi.API_MACOSX_CORE,
    "winmm": rtmidi.API_WINDOWS_MM,
}
API_NAMES: tuple[str, ...] = tuple(_API_CODES)

_ALSA_SEQ_DEVICE = "/dev/snd/seq"
# Two periods of 1024 frames at 48 kHz, with margin: long enough for JACK to apply a graph
# change (a new connection) or deliver what was just sent before a port goes away.
JACK_SETTLE_NS = 45_000_000

# rtmidi's input callback: (([status, data...], delta_seconds), user_data)
RawCallback = Callable[[tuple[list[int], float], Any], None]


def compiled_apis() -> list[str]:
    """Names of the MIDI APIs this python-rtmidi build supports, e.g. ``['alsa', 'jack']``."""
    codes = set(rtmidi.get_compiled_api())
    return [name for name, code in _API_CODES.items() if code in codes]


_JACK_LOG = logging.getLogger("livectl.midi.libjack")
_jack_callbacks: list[Any] = []  # keeps the ctypes callbacks alive while libjack holds them


def _route_libjack_messages() -> None:
    """Send libjack's messages to logging (DEBUG) instead of stderr. Once per process.

    libjack prints "Cannot connect to server socket ..." and friends on stderr whenever a
    client cannot reach a server, which is exactly what probing for a server does. Our own
    error already says what is wrong and what to do, so those lines only confuse; with
    ``-vv`` (DEBUG logging) they are still there. python-rtmidi's wheel bundles its own
    libjack, so the library is found among the loaded objects rather than by name.
    """
    if _jack_callbacks or not sys.platform.startswith("linux"):
        return
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = sorted({line.split()[-1] for line in maps if "libjack" in line})
        if not paths:
            return
        lib = ctypes.CDLL(paths[0])
        handler_type = ctypes.CFUNCTYPE(None, ctypes.c_char_p)

        def handler(text: bytes | None) -> None:
            _JACK_LOG.debug("%s", (text or b"").decode(errors="replace"))

        callback = handler_type(handler)
        lib.jack_set_error_function(callback)
        lib.jack_set_info_function(callback)
        _jack_callbacks.append(callback)
    except (OSError, AttributeError) as exc:  # an unusual build: keep libjack's own output
        log.debug("could not route libjack messages to logging: %s", exc)


def _jack_server_answers() -> bool:
    """Can a JACK client connect? Constructing one is the only sure test."""
    os.environ.setdefault("JACK_NO_START_SERVER", "1")
    _route_libjack_messages()
    try:
        probe = rtmidi.MidiOut(rtmidi.API_UNIX_JACK, "livectl-probe")
    except rtmidi.RtMidiError:
        return False
    probe.delete()
    return True


def resolve_api(api: str | None = None, *, platform: str | None = None) -> str:
    """Pick the MIDI API by argument, then ``LIVECTL_MIDI_API``, then the platform default."""
    chosen = api if api is not None else os.environ.get(ENV_VAR) or None
    source = "api" if api is not None else ENV_VAR
    if chosen is not None:
        name = str(chosen).strip().lower()
        if name not in _API_CODES:
            raise ValidationError(
                f"{source} must be one of {', '.join(API_NAMES)}, got {chosen!r}",
                field=source,
                value=chosen,
            )
        if name not in compiled_apis():
            raise MIDIBackendError(
                f"MIDI API {name!r} is not available in this python-rtmidi build "
                f"(it has: {', '.join(compiled_apis()) or 'none'}); choose one of those"
            )
        return name
    plat = platform or sys.platform
    if plat == "darwin":
        return "coremidi"
    if plat.startswith("win"):
        return "winmm"
    if os.path.exists(_ALSA_SEQ_DEVICE) or "jack" not in compiled_apis():
        return "alsa"
    if _jack_server_answers():
        log.info("no ALSA sequencer (%s missing); using the running JACK server", _ALSA_SEQ_DEVICE)
        return "jack"
    raise MIDIBackendError(
        f"no MIDI API is usable: the ALSA sequencer is missing ({_ALSA_SEQ_DEVICE} does not "
        "exist; load the snd-seq kernel module, or give the container /dev/snd) and no JACK "
        "server is running (start one, e.g. 'jackd -d dummy', or livectl.midi.JackServer, "
        f"then set {ENV_VAR}=jack)"
    )


def _translate(api: str, exc: BaseException) -> MIDIBackendError:
    hints = {
        "alsa": "the ALSA sequencer is not available (is /dev/snd/seq there? try "
        f"{ENV_VAR}=jack with a JACK server running)",
        "jack": "no JACK server answered (start one, e.g. 'jackd -d dummy', and set "
        "JACK_DEFAULT_SERVER if it has a name)",
        "coremidi": "CoreMIDI could not create a client",
        "winmm": "Windows MIDI could not be opened",
    }
    return MIDIBackendError(f"cannot use MIDI API {api!r}: {hints[api]} ({exc})")


@dataclass(frozen=True)
class Backend:
    """One MIDI API, chosen explicitly. Makes raw rtmidi ports; knows nothing of messages."""

    api: str

    @classmethod
    def choose(cls, api: str | None = None) -> Backend:
        return cls(resolve_api(api))

    @property
    def supports_virtual(self) -> bool:
        """WinMM cannot create virtual ports (use loopMIDI there)."""
        return self.api != "winmm"

    def _code(self) -> int:
        return _API_CODES[self.api]

    def _make(self, kind: type[Any], client_name: str) -> Any:
        if self.api == "jack":
            # Never let libjack spawn a default (ALSA, realtime) server behind our back.
            os.environ.setdefault("JACK_NO_START_SERVER", "1")
            _route_libjack_messages()
        try:
            return kind(self._code(), client_name)
        except rtmidi.RtMidiError as exc:
            raise _translate(self.api, exc) from exc

    def _names(self, kind: type[Any]) -> list[str]:
        client = self._make(kind, "livectl-list")
        try:
            return list(client.get_ports())
        finally:
            client.delete()

    def output_names(self) -> list[str]:
        return self._names(rtmidi.MidiOut)

    def input_names(self) -> list[str]:
        return self._names(rtmidi.MidiIn)

    def open_output(
        self, *, index: int | None, virtual_name: str | None, client_name: str, port_name: str
    ) -> Any:
        """An rtmidi ``MidiOut`` opened on port ``index`` or as a new virtual port."""
        client = self._make(rtmidi.MidiOut, client_name)
        return self._open(client, index=index, virtual_name=virtual_name, port_name=port_name)

    def open_input(
        self,
        *,
        index: int | None,
        virtual_name: str | None,
        client_name: str,
        port_name: str,
        callback: RawCallback | None,
        receive_timing: bool,
        receive_sysex: bool,
    ) -> Any:
        client = self._make(rtmidi.MidiIn, client_name)
        port = self._open(client, index=index, virtual_name=virtual_name, port_name=port_name)
        # rtmidi drops clock/timing and sysex by default; MIDI clock tests need timing.
        port.ignore_types(sysex=not receive_sysex, timing=not receive_timing, active_sense=True)
        if callback is not None:
            port.set_callback(callback)
        return port

    def _open(self, client: Any, *, index: int | None, virtual_name: str | None,
              port_name: str) -> Any:
        try:
            if virtual_name is not None:
                client.open_virtual_port(virtual_name)
            else:
                client.open_port(index if index is not None else 0, port_name)
        except rtmidi.RtMidiError as exc:
            client.delete()
            raise MIDIBackendError(
                f"could not open MIDI port ({self.api}): {exc}; check that the port still "
                "exists ('livectl midi ports')"
            ) from exc
        if self.api == "jack" and virtual_name is None:
            # JACK applies a new connection to its graph at a later process cycle; a message
            # sent at once can go out on the old graph and be lost (seen under load: 1 in 30
            # first messages). Two long periods are enough for the switch.
            time.sleep(JACK_SETTLE_NS / 1e9)
        return client
