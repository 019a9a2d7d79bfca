"""Every exception livectl raises, in one place.

The tree::

    LiveCtlError                         base of everything livectl raises
    ├── ValidationError (ValueError)     bad input, raised before anything is sent
    │   └── RangeError                   a number outside its range (names field, range, value)
    ├── ProtocolError                    a datagram or reply that does not fit the protocol
    ├── LiveConnectionError (ConnectionError)
    │   ├── LiveTimeoutError (TimeoutError)   no reply in time; says what to check
    │   └── PortInUseError (OSError)          a UDP port another program holds
    ├── LiveError                        Live (or the emulator) answered /live/error
    │   └── UncertainLiveError           ... and it may belong to another message sent with it
    ├── NotFoundError (LookupError)      a track/clip/device/parameter/port that is not there
    ├── UnsupportedError                 the peer cannot do it (plain AbletonOSC: no extensions)
    ├── MIDIError                        MIDI layer
    │   ├── MIDIBackendError             no usable MIDI API (ALSA missing, JACK not running, ...)
    │   ├── SequencerDiedError           a SequencerProcess child ended unasked (killed, crashed)
    │   └── MIDIPortNotFoundError (NotFoundError)  lists the ports that exist and how to make one
    ├── ModelError                       generative models: untrained, bad file, wrong version
    └── EmulatorError                    emulator lifecycle (could not bind, remote script failed)

Leaves also inherit the built-in that fits, so ``except ValueError`` keeps working for callers
who do not know livectl. Low-level errors are translated at the boundary with
``raise ... from exc``. Messages say what to do next.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "EmulatorError",
    "LiveConnectionError",
    "LiveCtlError",
    "LiveError",
    "LiveTimeoutError",
    "MIDIBackendError",
    "MIDIError",
    "MIDIPortNotFoundError",
    "ModelError",
    "NotFoundError",
    "PortInUseError",
    "ProtocolError",
    "RangeError",
    "SequencerDiedError",
    "UncertainLiveError",
    "UnsupportedError",
    "ValidationError",
]


class LiveCtlError(Exception):
    """Base class of every error livectl raises."""


class ValidationError(LiveCtlError, ValueError):
    """Bad input from the caller. Raised before anything is sent.

    ``field`` names the argument, ``value`` is what was given.
    """

    def __init__(self, message: str, *, field: str | None = None, value: Any = None) -> None:
        super().__init__(message)
        self.field = field
        self.value = value


class RangeError(ValidationError):
    """A number outside its allowed range: ``"velocity must be in range 0..127, got 200"``."""

    def __init__(self, field: str, low: Any, high: Any, value: Any, *, unit: str = "") -> None:
        suffix = f" {unit}" if unit else ""
        super().__init__(
            f"{field} must be in range {low}..{high}{suffix}, got {value!r}",
            field=field,
            value=value,
        )
        self.low = low
        self.high = high


class ProtocolError(LiveCtlError):
    """A datagram or reply that does not fit the AbletonOSC protocol."""


class LiveConnectionError(LiveCtlError, ConnectionError):
    """Cannot talk to Live (or the emulator)."""


class LiveTimeoutError(LiveConnectionError, TimeoutError):
    """No reply arrived in time. The message lists what to check."""


class PortInUseError(LiveConnectionError, OSError):
    """A UDP port is held by another program. ``port`` names it."""

    def __init__(self, message: str, *, port: int) -> None:
        super().__init__(message)
        self.port = port


class LiveError(LiveCtlError):
    """Live answered ``/live/error``; ``address`` is the request that caused it, when known."""

    def __init__(self, message: str, *, address: str | None = None) -> None:
        text = f"{message} (in reply to {address})" if address else message
        super().__init__(text)
        self.live_message = message
        self.address = address


class UncertainLiveError(LiveError):
    """A ``/live/error`` that this call may have caused, or one of ``others`` messages sent at
    the same time (plain AbletonOSC's errors name no request). Raised in a call that got
    neither its reply nor a certain error; the write it made may or may not have happened."""

    def __init__(self, message: str, *, address: str | None = None, others: int = 0) -> None:
        super().__init__(message, address=address)
        self.others = others
        self.args = (f"{message} (Live reported this error while {address} and {others} other "
                     f"message(s) were in flight; plain AbletonOSC does not say which caused it, "
                     f"so {address} may or may not have been applied)",)


class NotFoundError(LiveCtlError, LookupError):
    """An object that is not there: a track, clip, device or parameter by name, a MIDI port."""


class UnsupportedError(LiveCtlError):
    """What was asked needs livectl's remote script (an extension beyond AbletonOSC) and the
    peer is plain AbletonOSC, or a script without that capability. Raised before any send."""


class MIDIError(LiveCtlError):
    """Base of the MIDI layer's errors."""


class MIDIBackendError(MIDIError, RuntimeError):
    """No usable MIDI API: the ALSA sequencer is missing, no JACK server runs, and so on."""


class SequencerDiedError(MIDIError):
    """A ``SequencerProcess`` child ended without being asked to (SIGKILL, a crash, the OOM
    killer). ``exitcode`` is its exit code (negative: killed by that signal); ``released`` is
    how many notes the parent released for it."""

    def __init__(self, message: str, *, exitcode: int | None, released: int) -> None:
        super().__init__(message)
        self.exitcode = exitcode
        self.released = released


class MIDIPortNotFoundError(MIDIError, NotFoundError):
    """No MIDI port matched. The message lists the ports there are and how to create one."""


class ModelError(LiveCtlError):
    """A generative model that cannot be used: untrained, bad file, unknown version."""


class EmulatorError(LiveCtlError, RuntimeError):
    """The emulator could not start, or a remote script failed to load."""
