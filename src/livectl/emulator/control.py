"""Handlers of the emulator's own ``/emulator/*`` namespace (see livectl.protocol.control)."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from typing import Any, Protocol

from livectl.checks import check_index, check_int_range, check_real_range
from livectl.errors import ValidationError
from livectl.protocol import control
from livectl.script.handlers import Context, Handler

__all__ = ["ControlHost", "Faults", "SetControl", "handlers"]


@dataclass(frozen=True)
class Faults:
    """Share of ``/live/`` replies dropped, and share delayed by ``delay_s`` seconds."""

    drop: float = 0.0
    delay_s: float = 0.0
    delay_share: float = 0.0


class SetControl:
    """The set-level operations both front ends offer (in Python and as /emulator/*):
    snapshot, load, reset, add_device, fault settings. Needs ``self.engine`` and
    ``_clear_script_state()`` (forget listeners on objects about to disappear)."""

    engine: Any
    _faults: Faults  # each instance sets both in its __init__
    _rng: random.Random

    def _clear_script_state(self) -> None:
        raise NotImplementedError

    def snapshot(self) -> dict[str, Any]:
        """The whole set as a JSON-able dict, taken under the engine lock."""
        with self.engine.lock:
            data: dict[str, Any] = self.engine.to_dict()
            return data

    def snapshot_json(self) -> str:
        return json.dumps(self.snapshot(), separators=(",", ":"))

    def load_json(self, text: str) -> None:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValidationError(
                f"a set snapshot is a JSON object (from /emulator/snapshot), got "
                f"{type(data).__name__}"
            )
        with self.engine.lock:
            # Load first: a bad snapshot raises before anything changed, so the set and the
            # clients' listeners stay.
            self.engine.load_dict(data)
            self._clear_script_state()

    def reset(self) -> None:
        """Back to Live 12's default set. Listeners on the old objects are removed."""
        with self.engine.lock:
            self._clear_script_state()
            self.engine.reset()

    def add_device(
        self,
        track_index: int,
        name: str,
        class_name: str,
        type: int,
        parameters: list[dict[str, Any]] | None = None,
    ) -> int:
        with self.engine.lock:
            result = self.engine.add_device(
                track_index, name, class_name, type, parameters=parameters or []
            )
            if isinstance(result, int):
                return result
            return len(self.engine.song.tracks[track_index].devices) - 1

    def set_faults(
        self,
        drop: float = 0.0,
        delay_s: float = 0.0,
        delay_share: float = 0.0,
        seed: int | None = None,
    ) -> None:
        """Drop a share of /live/ replies and delay another share (control replies exempt)."""
        self._faults = Faults(
            check_real_range("drop", drop, 0.0, 1.0),
            check_real_range("delay_s", delay_s, 0.0, 60.0, unit="s"),
            check_real_range("delay_share", delay_share, 0.0, 1.0),
        )
        if seed is not None:
            self._rng = random.Random(seed)

    @property
    def faults(self) -> Faults:
        return self._faults


class ControlHost(Protocol):
    """What the server offers the control namespace."""

    def reset(self) -> None: ...
    def snapshot_json(self) -> str: ...
    def load_json(self, text: str) -> None: ...
    def add_device(
        self,
        track_index: int,
        name: str,
        class_name: str,
        type: int,
        parameters: list[dict[str, Any]],
    ) -> int: ...
    def set_faults(
        self,
        drop: float = 0.0,
        delay_s: float = 0.0,
        delay_share: float = 0.0,
        seed: int | None = None,
    ) -> None: ...
    def restart(self) -> None: ...


def handlers(host: ControlHost) -> dict[str, Handler]:
    """The /emulator/* handlers over ``host`` (served as an extension of the script)."""
    chunks: dict[int, str] = {}  # a partial /emulator/load

    def reset(ctx: Context, args: list[Any]) -> tuple[Any, ...]:
        host.reset()
        return ("ok",)

    def snapshot(ctx: Context, args: list[Any]) -> tuple[Any, ...] | None:
        return _snapshot(ctx, host)

    def load(ctx: Context, args: list[Any]) -> tuple[Any, ...]:
        return _load(host, chunks, args)

    def add_device(ctx: Context, args: list[Any]) -> tuple[Any, ...]:
        return _add_device(host, args)

    def faults(ctx: Context, args: list[Any]) -> tuple[Any, ...]:
        return _faults(host, args)

    def restart(ctx: Context, args: list[Any]) -> None:
        ctx.send(control.RESTART, ("ok",))
        host.restart()

    return {
        control.RESET: reset,
        control.SNAPSHOT: snapshot,
        control.LOAD: load,
        control.ADD_DEVICE: add_device,
        control.FAULTS: faults,
        control.RESTART: restart,
    }


def _snapshot(ctx: Context, host: ControlHost) -> tuple[Any, ...] | None:
    text = host.snapshot_json()
    size = control.SNAPSHOT_CHUNK
    if len(text) <= size:
        return (text,)
    chunks = [text[i : i + size] for i in range(0, len(text), size)]
    for index, chunk in enumerate(chunks):
        ctx.send(control.SNAPSHOT, (index, len(chunks), chunk))
    return None


def _load(host: ControlHost, parts: dict[int, str], args: list[Any]) -> tuple[Any, ...]:
    if len(args) == 1 and isinstance(args[0], str):
        text = args[0]
    elif len(args) == 3:
        index = check_index(args[0], "chunk index", allow_negative=False)
        count = check_int_range("chunk count", args[1], 1, 100_000)
        if index >= count or not isinstance(args[2], str):
            raise ValidationError(
                f"/emulator/load chunk must be (index < count, count, str), got {args[:2]!r}"
            )
        if index == 0:
            parts.clear()
        parts[index] = args[2]
        if len(parts) < count:
            return (index, count)
        text = "".join(parts[i] for i in range(count))
        parts.clear()
    else:
        raise ValidationError(
            f"/emulator/load takes (json) or (index, count, chunk); got {len(args)} arguments"
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"/emulator/load: not JSON: {exc}") from exc
    host.load_json(json.dumps(data))
    return ("ok",)


def _add_device(host: ControlHost, args: list[Any]) -> tuple[Any, ...]:
    if len(args) < 4 or (len(args) - 4) % 5:
        raise ValidationError(
            "/emulator/add_device takes t name class_name type, then groups of 5: "
            f"pname value min max quantized; got {len(args)} arguments"
        )
    t = check_index(args[0], "track_index")
    name, class_name = str(args[1]), str(args[2])
    dtype = check_int_range("type", args[3], 0, 4)
    params = []
    for i in range(4, len(args), 5):
        pname, value, low, high, quantized = args[i : i + 5]
        params.append(
            {
                "name": str(pname),
                "value": check_real_range("value", value, -1e12, 1e12),
                "min": check_real_range("min", low, -1e12, 1e12),
                "max": check_real_range("max", high, -1e12, 1e12),
                "is_quantized": bool(quantized),
            }
        )
    index = host.add_device(t, name, class_name, dtype, params)
    return (t, index)


def _faults(host: ControlHost, args: list[Any]) -> tuple[Any, ...]:
    drop = check_real_range("drop", args[0] if args else 0.0, 0.0, 1.0)
    delay_s = check_real_range("delay_s", args[1] if len(args) > 1 else 0.0, 0.0, 60.0)
    share = check_real_range("delay_share", args[2] if len(args) > 2 else 0.0, 0.0, 1.0)
    seed = check_int_range("seed", args[3], 0, 2**31 - 1) if len(args) > 3 else None
    host.set_faults(drop=drop, delay_s=delay_s, delay_share=share, seed=seed)
    return (drop, delay_s, share)
