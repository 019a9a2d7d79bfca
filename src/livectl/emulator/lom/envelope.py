"""Live.Envelope: automation envelopes of session clips, and parameters following them.

An envelope is a list of breakpoints (time in clip beats, value) kept sorted by time; two
breakpoints may share a time (a vertical jump, as a step makes). Between breakpoints the
value is interpolated linearly (curved segments, ``control_coefficients``, are stored but
drawn straight); before the first breakpoint it is the first value, after the last the last
one, and at a jump the later one. Quantized parameters hold each value until the next
breakpoint, as Live draws them.

Live's rules (from the stubs' docstrings and probes of Live 12.4 published by script
authors): ``Clip.automation_envelope`` returns None for arrangement clips and for parameters
of another track; ``create_automation_envelope`` then raises
``RuntimeError("Not a session clip or parameter belongs to another track.")``.

Automation state (``DeviceParameter.automation_state``): ``none`` (0) without an envelope on
its track, ``playing`` (1) with one, ``overridden`` (2) after a hand-set value until
``re_enable_automation`` (the parameter's or the song's).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from livectl.emulator.lom._observable import LomObject, check_not_notifying

if TYPE_CHECKING:
    from livectl.emulator.lom.clip import Clip
    from livectl.emulator.lom.device import DeviceParameter
    from livectl.emulator.lom.track import Track

__all__ = [
    "NOT_SESSION_OR_OTHER_TRACK",
    "AutomationState",
    "Envelope",
    "EnvelopeEvent",
    "EnvelopeEventControlCoefficients",
    "EnvelopeEventVector",
    "ParameterState",
    "override_parameter",
    "owner_track",
    "parameter_ref",
    "re_enable_parameter",
    "refresh_automation_state",
    "resolve_parameter_ref",
]

NOT_SESSION_OR_OTHER_TRACK = "Not a session clip or parameter belongs to another track."
TIME_LIMIT = 1576800.0  # Live's arrangement limit in beats (Track.create_midi_clip's range)


class AutomationState(IntEnum):
    none = 0
    playing = 1
    overridden = 2


class ParameterState(IntEnum):
    enabled = 0
    irrelevant = 1
    disabled = 2


def _number(what: str, name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{what}: {name} must be a number, got {type(value).__name__}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{what}: {name} must be finite, got {value!r}")
    return number


class EnvelopeEventControlCoefficients:
    """The curve handles of a breakpoint's segment (stored; the emulator draws straight)."""

    __slots__ = ("x1", "x2", "y1", "y2")

    def __init__(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.x1 = _number("EnvelopeEventControlCoefficients", "x1", x1)
        self.y1 = _number("EnvelopeEventControlCoefficients", "y1", y1)
        self.x2 = _number("EnvelopeEventControlCoefficients", "x2", x2)
        self.y2 = _number("EnvelopeEventControlCoefficients", "y2", y2)

    def __repr__(self) -> str:
        return f"EnvelopeEventControlCoefficients({self.x1}, {self.y1}, {self.x2}, {self.y2})"


def _straight() -> EnvelopeEventControlCoefficients:
    return EnvelopeEventControlCoefficients(0.0, 0.0, 1.0, 1.0)


class EnvelopeEvent:
    """One breakpoint: ``time`` (clip beats), ``value``, ``control_coefficients``.

    Like MidiNote, a copy: editing it changes nothing in the envelope.
    """

    __slots__ = ("control_coefficients", "time", "value")

    def __init__(
        self, time: float, value: float, control_coefficients: EnvelopeEventControlCoefficients
    ) -> None:
        self.time = _number("EnvelopeEvent", "time", time)
        self.value = _number("EnvelopeEvent", "value", value)
        if not isinstance(control_coefficients, EnvelopeEventControlCoefficients):
            raise TypeError("EnvelopeEvent: control_coefficients must be "
                            "EnvelopeEventControlCoefficients")
        self.control_coefficients = control_coefficients

    def __repr__(self) -> str:
        return f"EnvelopeEvent(time={self.time}, value={self.value})"


class EnvelopeEventVector(list[EnvelopeEvent]):
    """Live's container of envelope events (a list: append and extend work)."""

    def append(self, value: EnvelopeEvent, /) -> None:
        if not isinstance(value, EnvelopeEvent):
            raise TypeError(f"EnvelopeEventVector holds EnvelopeEvent, got {type(value).__name__}")
        super().append(value)

    def extend(self, values: Iterable[EnvelopeEvent], /) -> None:
        for value in values:
            self.append(value)


class Envelope(LomObject):
    """The automation envelope of one parameter in one session clip."""

    def __init__(self, clip: Clip | None, parameter: DeviceParameter) -> None:
        super().__init__()
        self._clip = clip
        self._parameter = parameter
        # (time, value); a fresh envelope holds the parameter's value, as Live draws it
        self._times: list[float] = [0.0]
        self._values: list[float] = [parameter._value]

    def __repr__(self) -> str:
        return f"<Envelope {self._parameter._name!r} {len(self._times)} events>"

    @property
    def canonical_parent(self) -> Clip | None:
        return self._clip  # None only for a track's arrangement automation (not exposed)

    # -- reading ------------------------------------------------------------------------------

    def value_at_time(self, time: float, /) -> float:
        return self._value_at(_number("value_at_time", "time", time))

    def _value_at(self, time: float) -> float:
        times, values = self._times, self._values
        if not times:
            return self._parameter._value
        after = bisect.bisect_right(times, time)  # first breakpoint later than time
        if after == 0:
            return values[0]
        if after == len(times) or self._parameter._is_quantized:
            return values[after - 1]
        t0, t1 = times[after - 1], times[after]
        v0, v1 = values[after - 1], values[after]
        return v0 + (v1 - v0) * (time - t0) / (t1 - t0)

    def _left_value(self, time: float) -> float:
        """The value just before ``time`` (the left limit at a jump)."""
        times = self._times
        if not times:
            return self._parameter._value
        before = bisect.bisect_left(times, time)
        if before == 0:
            return self._values[0]
        if before == len(times) or self._parameter._is_quantized:
            return self._values[before - 1]
        t0, t1 = times[before - 1], times[before]
        v0, v1 = self._values[before - 1], self._values[before]
        return v0 + (v1 - v0) * (time - t0) / (t1 - t0)

    def events_in_range(self, start_time: float, end_time: float, /) -> EnvelopeEventVector:
        """The breakpoints with start_time <= time < end_time, in time order."""
        start = _number("events_in_range", "start_time", start_time)
        end = _number("events_in_range", "end_time", end_time)
        lo = bisect.bisect_left(self._times, start)
        hi = bisect.bisect_left(self._times, end)
        return EnvelopeEventVector(
            EnvelopeEvent(self._times[i], self._values[i], _straight()) for i in range(lo, hi)
        )

    # -- writing ------------------------------------------------------------------------------

    def insert_step(self, start_time: float, length: float, value: float, /) -> None:
        """Hold ``value`` from start_time for ``length`` beats; the curve outside the step
        is kept (jumps at both ends)."""
        check_not_notifying()
        start = _number("insert_step", "start_time", start_time)
        span = _number("insert_step", "length", length)
        level = _number("insert_step", "value", value)
        parameter = self._parameter
        if not abs(start) <= TIME_LIMIT:
            raise RuntimeError(
                f"insert_step: start_time must be in range -{TIME_LIMIT:.0f}..{TIME_LIMIT:.0f}, "
                f"got {start}")
        if span < 0.0:
            raise RuntimeError(f"insert_step: length must be >= 0, got {span}")
        if not parameter._min <= level <= parameter._max:
            raise RuntimeError(
                f"insert_step: value must be in the parameter's range "
                f"{parameter._min:g}..{parameter._max:g}, got {level}")
        if span == 0.0:
            return  # a step of no length changes no point of the curve
        end = start + span
        before, after = self._left_value(start), self._value_at(end)
        lo = bisect.bisect_left(self._times, start)
        hi = bisect.bisect_right(self._times, end)
        points = [(start, before), (start, level), (end, level), (end, after)]
        self._times[lo:hi] = [t for t, _ in points]
        self._values[lo:hi] = [v for _, v in points]
        self._simplify(lo, lo + len(points))
        self._changed()

    def delete_events_in_range(self, start_time: float, end_time: float, /) -> None:
        """Remove the breakpoints with start_time <= time < end_time."""
        check_not_notifying()
        start = _number("delete_events_in_range", "start_time", start_time)
        end = _number("delete_events_in_range", "end_time", end_time)
        lo = bisect.bisect_left(self._times, start)
        hi = bisect.bisect_left(self._times, end)
        if hi > lo:
            del self._times[lo:hi]
            del self._values[lo:hi]
            self._changed()

    def _simplify(self, lo: int, hi: int) -> None:
        """Drop breakpoints in [lo, hi) that repeat their neighbours (no visible change)."""
        times, values = self._times, self._values
        i = max(1, lo)
        while i < min(hi, len(times)):
            same_as_previous = times[i] == times[i - 1] and values[i] == values[i - 1]
            if same_as_previous:
                del times[i]
                del values[i]
                hi -= 1
            else:
                i += 1

    def _changed(self) -> None:
        clip = self._clip
        song = None if clip is None else clip._song_or_none()
        if song is not None and clip is not None:
            song._transport._arrangement.follow_now(clip)

    def _repeat(self, start: float, end: float) -> None:
        """duplicate_loop: the breakpoints of [start, end) again in [end, 2 * end - start)."""
        span = end - start
        lo, hi = bisect.bisect_left(self._times, start), bisect.bisect_left(self._times, end)
        copies = [(t + span, v) for t, v in zip(self._times[lo:hi], self._values[lo:hi],
                                                 strict=True)]
        if not copies:
            return
        closing, tail = self._left_value(end), self._value_at(end + span)
        first = bisect.bisect_left(self._times, end)
        last = bisect.bisect_right(self._times, end + span)
        points = [*copies, (end + span, closing), (end + span, tail)]
        self._times[first:last] = [t for t, _ in points]
        self._values[first:last] = [v for _, v in points]
        self._simplify(first, first + len(points))

    def _shift(self, delta: float) -> None:
        self._times = [t + delta for t in self._times]

    def _copy_for(self, clip: Clip) -> Envelope:
        copy = Envelope(clip, self._parameter)
        copy._times, copy._values = list(self._times), list(self._values)
        return copy

    def to_list(self) -> list[list[float]]:
        return [[t, v] for t, v in zip(self._times, self._values, strict=True)]

    def _load(self, points: Iterable[Iterable[float]]) -> None:
        # by time only (a stable sort): two breakpoints at one time keep their order
        pairs = sorted(((float(t), float(v)) for t, v in points), key=lambda p: p[0])
        self._times = [t for t, _ in pairs]
        self._values = [v for _, v in pairs]


# -- automation state ---------------------------------------------------------------------------

_MIXER_PARAMETERS = ("volume", "panning", "track_activator", "left_split_stereo",
                     "right_split_stereo")
_MAIN_PARAMETERS = ("crossfader", "cue_volume", "song_tempo")


def parameter_ref(track: Track, parameter: DeviceParameter) -> list[Any] | None:
    """Where a parameter sits on its track, as plain data (snapshots, clip copies):
    ["mixer", name], ["send", i] or ["device", device_index, parameter_index]."""
    mixer = track._mixer
    names = _MIXER_PARAMETERS + (_MAIN_PARAMETERS if track._kind == "main" else ())
    for name in names:
        if getattr(mixer, name) is parameter:
            return ["mixer", name]
    for index, send in enumerate(mixer._sends):
        if send is parameter:
            return ["send", index]
    for device_index, device in enumerate(track._devices):
        for index, candidate in enumerate(device._parameters):
            if candidate is parameter:
                return ["device", device_index, index]
    return None  # deeper (a rack's chain): not carried over


def resolve_parameter_ref(track: Track, ref: Any) -> DeviceParameter | None:
    try:
        if ref[0] == "mixer" and ref[1] in _MIXER_PARAMETERS + (
                _MAIN_PARAMETERS if track._kind == "main" else ()):
            return getattr(track._mixer, ref[1])  # type: ignore[no-any-return]
        if ref[0] == "send":
            return track._mixer._sends[int(ref[1])]
        if ref[0] == "device":
            return track._devices[int(ref[1])]._parameters[int(ref[2])]
    except (IndexError, TypeError, ValueError, KeyError):
        return None
    return None


def override_parameter(parameter: DeviceParameter) -> None:
    """A value set by hand (a script, a user) on an automated parameter overrides it."""
    track = owner_track(parameter)
    if track is not None:
        track._song._transport._arrangement.override(parameter)


def re_enable_parameter(parameter: DeviceParameter) -> None:
    track = owner_track(parameter)
    if track is not None:
        track._song._transport._arrangement.re_enable(parameter)



def owner_track(parameter: object) -> Track | None:
    """The track a parameter lives on (walking canonical_parent: device, chain, rack...)."""
    from livectl.emulator.lom.track import Track

    node: object = parameter
    for _ in range(32):  # racks nest; a bound keeps a cycle from hanging
        node = getattr(node, "canonical_parent", None)
        if node is None:
            return None
        if isinstance(node, Track):
            return node
    return None


def track_has_automation(track: Track, parameter: DeviceParameter) -> bool:
    for slot in track._slots:
        clip = slot._clip
        if clip is not None and parameter in clip._envelopes:
            return True
    return parameter in track._lane_automation


def refresh_automation_state(track: Track | None, parameters: Iterable[DeviceParameter]) -> None:
    """Recompute automation_state of ``parameters`` after envelopes came or went."""
    if track is None:
        return
    song = track._song
    overridden = song._transport._arrangement.overridden
    for parameter in list(parameters):
        if track_has_automation(track, parameter):
            state = AutomationState.overridden if parameter in overridden else AutomationState.playing
        else:
            state = AutomationState.none
            overridden.discard(parameter)
        parameter._set_field("automation_state", int(state))
    song._refresh_re_enable_automation()
