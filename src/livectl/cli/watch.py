"""``livectl watch PATH``: stream a listener's values until Ctrl-C (or --count/--seconds)."""

from __future__ import annotations

import argparse
import queue
import time
from typing import Any

from livectl.cli._common import (
    add_connection_args,
    add_json_arg,
    connect_from,
    console,
    err_console,
    format_value,
    positive_seconds,
    print_json,
)
from livectl.errors import LiveError, NotFoundError, ValidationError
from livectl.protocol import route

EXAMPLES = """\
examples:
  livectl watch song.tempo
  livectl watch song.beat --count 8           # the beat while the transport runs
  livectl watch track.0.mute
  livectl watch clip.0.0.playing_position --seconds 4 --json
  livectl watch view.selected_track

PATH is DOMAIN[.INDEX...].PROPERTY with the indices the address takes
(track: 1, clip and clip_slot: 2, scene: 1, device: 2).
"""


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "watch",
        help="stream a property's values as Live changes it",
        description=__doc__,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("path", help="what to watch, e.g. song.tempo or track.0.name")
    parser.add_argument("--count", type=positive_int, default=0, help="stop after N values")
    parser.add_argument("--seconds", type=positive_seconds, default=0.0,
                        help="stop after S seconds")
    add_connection_args(parser)
    add_json_arg(parser)
    parser.set_defaults(func=run)


def positive_int(text: str) -> int:
    """An argparse type: a whole number >= 1 (``--count -1`` used to exit at once, silently)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a count is a whole number >= 1, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"a count is a whole number >= 1, got {value}")
    return value


def parse_path(path: str) -> tuple[str, tuple[int, ...], str]:
    """``track.0.name`` -> (``/live/track/get/name``, (0,), ``name``)."""
    parts = path.strip().split(".")
    if len(parts) < 2:
        raise ValidationError(
            f"watch path must look like song.tempo or track.0.name, got {path!r}",
            field="path",
            value=path,
        )
    domain, prop, middle = parts[0], parts[-1], parts[1:-1]
    try:
        indices = tuple(int(p) for p in middle)
    except ValueError:
        raise ValidationError(
            f"indices in a watch path are integers, got {path!r}", field="path", value=path
        ) from None
    address = f"/live/{domain}/get/{prop}"
    if (domain, prop) != ("song", "beat"):
        try:
            found = route(f"/live/{domain}/start_listen/{prop}")
        except NotFoundError:
            found = None
        if found is None:
            raise ValidationError(
                f"{domain}.{prop} cannot be watched: AbletonOSC has no "
                f"/live/{domain}/start_listen/{prop} (see docs/coverage.md)",
                field="path",
                value=path,
            )
        if not found.endpoint.observable:
            raise ValidationError(
                f"{domain}.{prop} cannot be watched: Live cannot observe it (AbletonOSC would "
                f"answer 'has no attribute add_{prop}_listener'); poll it with livectl query",
                field="path",
                value=path,
            )
        wanted = len(found.endpoint.index_args)
        if len(indices) != wanted:
            raise ValidationError(
                f"{domain}.{prop} takes {wanted} index(es) "
                f"({', '.join(found.endpoint.index_args) or 'none'}), got {len(indices)} in {path!r}",
                field="path",
                value=path,
            )
    return address, indices, prop


def domain_of(path: str) -> str:
    """What a path's indices point at, in words: ``clip.0.1.name`` -> ``track 0's clip 1``."""
    parts = path.strip().split(".")
    numbers = parts[1:-1]
    names = {"clip": ("track", "clip slot"), "clip_slot": ("track", "clip slot"),
             "device": ("track", "device")}.get(parts[0], (parts[0],))
    said = [f"{name} {n}" for name, n in zip(names, numbers, strict=False)]
    return " and ".join(said) or parts[0]


BEAT_HINT = ("hint: song.beat only changes while the transport runs, and it is stopped; "
             "press Play in Live (or run: livectl query /live/song/start_playing). Waiting...")


def run(args: argparse.Namespace) -> int:
    address, indices, _ = parse_path(args.path)
    values: queue.Queue[tuple[Any, ...]] = queue.Queue()
    with connect_from(args) as live:
        if (address, indices) == ("/live/song/get/beat", ()):
            if not live.query("/live/song/get/is_playing")[0]:
                err_console.print(BEAT_HINT, markup=False)
        else:
            # A get first: a track or clip that is not there is Live's error here (exit 1),
            # not a warning in the log while the listener waits for ever.
            try:
                live.query(address, *indices)
            except LiveError as exc:
                where = domain_of(args.path)
                verb = "exist" if " and " in where else "exists"
                raise LiveError(
                    f"cannot watch {args.path}: Live answered \"{exc.live_message}\"; check "
                    f"that {where} {verb} (indices start at 0)") from exc
        handle = live.listen(address, *indices, callback=values.put)
        deadline = time.monotonic() + args.seconds if args.seconds > 0 else None
        seen = 0
        try:
            while not args.count or seen < args.count:
                wait = None if deadline is None else deadline - time.monotonic()
                if wait is not None and wait <= 0:
                    break
                try:
                    item = values.get(timeout=wait)
                except queue.Empty:
                    break
                seen += 1
                shown = item  # the client strips the echoed index prefix
                if args.json:
                    print_json({"path": args.path, "time": time.time(), "value": list(shown)})
                else:
                    console.print(f"{args.path} = " + " ".join(format_value(v) for v in shown),
                                  markup=False)
        except KeyboardInterrupt:
            pass
        finally:
            handle.close()
    return 0
