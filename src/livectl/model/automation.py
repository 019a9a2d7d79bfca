"""Clip automation (livectl's script only): ``clip.automation(parameter)`` is an
:class:`Envelope` with ``insert_step``, ``value_at``, ``points`` and ``clear``.

The parameter is a device parameter on the clip's own track (``track.devices[d]
.parameters[p]``), or the track's mixer: ``"volume"``, ``"panning"``, ``("send", i)``. Live keeps
clip envelopes on session clips only (its API refuses arrangement clips), so arrangement clips
have no ``automation``.
"""

from __future__ import annotations

from typing import Any

from livectl.checks import check_index, check_int_range, check_real_range
from livectl.client._request import Batch, Op, Request
from livectl.errors import ValidationError
from livectl.model import _ext, _ops
from livectl.model._binding import Binding, Io, T
from livectl.protocol import Endpoint, endpoint

__all__ = ["MAX_BEATS", "Envelope", "automation_target"]

# Live's arrangement ends at 1,576,800 beats; envelope times are bounded the same way.
MAX_BEATS = 1_576_800.0
# The track mixer's parameters as the script numbers them (device_index -1).
_MIXER = {"volume": (0, 0.0, 1.0), "panning": (1, -1.0, 1.0)}


def automation_target(track: int, parameter: Any) -> tuple[int, int]:
    """(device_index, parameter_index) for ``parameter``: a device Parameter of ``track``,
    ``"volume"``, ``"panning"``, ``("send", i)`` or a ``(device, parameter)`` pair."""
    if isinstance(parameter, str):
        if parameter not in _MIXER:
            raise ValidationError(f"parameter must be 'volume', 'panning', ('send', i), a "
                                  f"device Parameter or (device, parameter), got {parameter!r}",
                                  field="parameter", value=parameter)
        return (-1, _MIXER[parameter][0])
    index = getattr(parameter, "index", None)
    if isinstance(index, tuple) and len(index) == 3:  # a device Parameter: (t, d, p)
        if index[0] != track:
            raise ValidationError(
                f"parameter {parameter!r} is on track {index[0]}, the clip on track {track}: "
                f"Live automates only parameters of the clip's own track",
                field="parameter", value=parameter)
        return (check_index(index[1], "device", allow_negative=False),
                check_index(index[2], "parameter", allow_negative=False))
    if isinstance(parameter, tuple) and len(parameter) == 2:
        if parameter[0] == "send":
            return (-1, 2 + check_int_range("send", parameter[1], 0, 11))
        return (check_int_range("device", parameter[0], -1, 2**31 - 1),
                check_int_range("parameter", parameter[1], 0, 2**31 - 1))
    raise ValidationError(f"parameter must be a device Parameter, 'volume', 'panning', "
                          f"('send', i) or (device, parameter), got {parameter!r}",
                          field="parameter", value=parameter)


def _bounds(track: int, d: int, p: int) -> Op[tuple[float, float]]:
    if d == -1:
        for _, (mp, low, high) in _MIXER.items():
            if mp == p:
                return (low, high)
        return (0.0, 1.0)  # a send
    mins = yield from _ops.query(endpoint("device", "parameters/min"), (track, d))
    maxs = yield from _ops.query(endpoint("device", "parameters/max"), (track, d))
    if not 0 <= p < len(mins):
        raise ValidationError(f"parameter must be in range 0..{len(mins) - 1}, got {p}",
                              field="parameter", value=p)
    return (float(mins[p]), float(maxs[p]))


def _ensure(ep_get: Endpoint, ep_create: Endpoint, args: tuple[Any, ...]) -> Op[None]:
    """Create the envelope unless it exists (asked first: no error text is parsed)."""
    results = yield Batch((Request(ep_get.get_address, args, prefix=len(args),
                                   idempotent=True),))
    if isinstance(results[0], BaseException):
        yield Request(ep_create.call_address, args, confirm=True)


def _insert(binding: Binding, args: tuple[int, int, int, int],
            steps: list[tuple[float, float, float]]) -> Op[None]:
    t, _, d, p = args
    low, high = yield from _bounds(t, d, p)
    for i, (_, _, value) in enumerate(steps):
        check_real_range(f"steps[{i}] value" if len(steps) > 1 else "value", value, low, high)
    yield from _ensure(endpoint("clip", "automation_envelope"),
                       endpoint("clip", "create_automation_envelope"), args)
    insert = endpoint("clip", "automation/insert_step")
    for time, duration, value in steps:
        yield Request(insert.call_address, (*args, time, duration, value),
                      confirm=binding.confirm_writes)


def _points(args: tuple[int, ...]) -> Op[list[tuple[float, float]]]:
    values = yield from _ext.query_args(endpoint("clip", "automation_envelope"), args)
    return [(float(values[i]), float(values[i + 1])) for i in range(0, len(values) - 1, 2)]


def _value_at(args: tuple[Any, ...]) -> Op[float]:
    values = yield from _ext.query_args(endpoint("clip", "automation/value_at_time"), args)
    return float(values[0])


def _step(time: Any, duration: Any) -> tuple[float, float]:
    return (check_real_range("time", time, 0.0, MAX_BEATS),
            check_real_range("duration", duration, 0.0, MAX_BEATS))


class Envelope:
    """The automation of one parameter in one session clip (times in beats from the clip's
    start). The envelope is created on the first ``insert_step``."""

    def __init__(self, binding: Binding, clip: tuple[int, int], target: tuple[int, int]) -> None:
        self._binding = binding
        self._args = (*clip, *target)

    @property
    def index(self) -> tuple[int, ...]:
        """(track, slot, device, parameter); device -1 is the track's mixer."""
        return self._args

    def _run(self, op: Op[T]) -> Io[T]:
        _ext.require(self._binding, "clip automation")
        return self._binding.result(op)

    def insert_step(self, time: float, duration: float, value: float) -> Io[None]:
        """Hold ``value`` from ``time`` for ``duration`` beats (Live's Envelope.insert_step);
        the value is checked against the parameter's range first."""
        time, duration = _step(time, duration)
        value = check_real_range("value", value, -1e9, 1e9)
        return self._run(_insert(self._binding, self._arg4(), [(time, duration, value)]))

    def insert_steps(self, steps: list[tuple[float, float, float]]) -> Io[None]:
        """Several ``(time, duration, value)`` steps, checked together before any is sent."""
        checked = []
        for i, step in enumerate(steps):
            if not isinstance(step, tuple) or len(step) != 3:
                raise ValidationError(f"steps[{i}] must be (time, duration, value), got "
                                      f"{step!r}", field="steps", value=step)
            time, duration = _step(*step[:2])
            checked.append((time, duration, check_real_range("value", step[2], -1e9, 1e9)))
        if not checked:
            raise ValidationError("steps must not be empty", field="steps", value=steps)
        return self._run(_insert(self._binding, self._arg4(), checked))

    def _arg4(self) -> tuple[int, int, int, int]:
        t, c, d, p = self._args
        return (t, c, d, p)

    def value_at(self, time: float) -> Io[float]:
        """The envelope's value at ``time`` (Live's Envelope.value_at_time)."""
        time = check_real_range("time", time, -MAX_BEATS, MAX_BEATS)
        return self._run(_value_at((*self._args, time)))

    @property
    def points(self) -> Io[list[tuple[float, float]]]:
        """The breakpoints as (time, value) pairs, by time."""
        return self._run(_points(self._args))

    def clear(self) -> Io[None]:
        """Remove this envelope (Live's Clip.clear_envelope)."""
        ep = endpoint("clip", "clear_envelope")
        return self._run(_ops.call(ep, self._args, confirm=True))

    def __repr__(self) -> str:
        return f"<Envelope {' '.join(map(str, self._args))}>"
