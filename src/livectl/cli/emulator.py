"""``livectl emulator``: a Live set behind AbletonOSC on UDP, for clients without Live.

    livectl emulator                         # 127.0.0.1:11000, replies to port 11001
    livectl emulator --port 0 --json         # a free port, reported as JSON on stdout
    livectl emulator --tick-ms 0             # answer each datagram at once
    livectl emulator --load set.json         # start from a snapshot (/emulator/snapshot)
    livectl emulator --load "My Song.als"    # start from a Live set (Live 10, 11, 12)
    livectl emulator --link                  # join an Ableton Link session (link extra)
    livectl emulator --coverage              # write docs/coverage.md and exit

Runs until Ctrl-C. Control namespace (outside /live/): /emulator/reset, /emulator/snapshot,
/emulator/load, /emulator/add_device, /emulator/faults, /emulator/restart.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from livectl.cli._common import int_in_range, udp_port, udp_port_or_any
from livectl.errors import ValidationError

__all__ = ["register"]


EXAMPLES = """\
examples:
  livectl emulator                              # 127.0.0.1:11000, replies to port 11001
  livectl emulator --port 0 --json              # any free port, printed as JSON
  livectl emulator --tick-ms 0                  # answer at once instead of Live's 100 ms tick
  livectl emulator --reply-to-source-port       # several clients on one host
  livectl emulator --load set.json              # start from a saved set
  livectl emulator --load "My Song.als"         # start from a Live set (.als, Live 10-12)
  livectl emulator --remote-script ./MyScript   # run a Live remote script instead of AbletonOSC
  livectl emulator --link                       # tempo, start/stop and phase with Link peers
  livectl emulator --coverage                   # (re)write docs/coverage.md and exit
"""


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "emulator",
        help="run a Live emulator speaking AbletonOSC over UDP",
        description=__doc__,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=udp_port_or_any, default=11000,
                   help="UDP port (0 = any free; 11000)")
    p.add_argument("--reply-port", type=udp_port, default=11001,
                   help="port replies go to (11001)")
    p.add_argument(
        "--reply-to-source-port",
        action="store_true",
        help="reply to each sender's own source port (several clients per host)",
    )
    p.add_argument(
        "--tick-ms",
        type=float,
        default=100.0,
        help="batch period like Live's tick, in ms (0 = immediate; default 100)",
    )
    p.add_argument(
        "--load",
        type=Path,
        metavar="SET",
        help="start from a saved set: the emulator's JSON snapshot or a Live set (.als, Live "
        "10-12; what it cannot map is logged as warnings), told apart by content",
    )
    p.add_argument(
        "--remote-script",
        type=Path,
        metavar="PATH",
        help="run a remote script folder instead of the built-in AbletonOSC (its "
        "show_message texts are printed)",
    )
    p.add_argument(
        "--max-datagram",
        type=int_in_range(1024, 65507, "a datagram size in bytes"),
        default=65507,
        help="largest reply in bytes (9216 emulates macOS; default 65507)",
    )
    p.add_argument("--json", action="store_true", help="print where it listens as JSON")
    p.add_argument("--audio-out", type=Path, metavar="FILE.wav",
                   help="record what the set plays (session MIDI clips; GM SoundFont, the audio "
                   "extra) and write it here when the emulator stops")
    p.add_argument("--soundfont", metavar="PATH", help="the .sf2 for --audio-out")
    p.add_argument("--link", action="store_true",
                   help="join an Ableton Link session: the set's tempo, start/stop and phase "
                   "follow and lead the other peers (the link extra; Link is GPL-2.0-or-later)")
    p.add_argument(
        "--coverage",
        nargs="?",
        const="docs/coverage.md",
        metavar="PATH",
        help="write the AbletonOSC coverage list (default docs/coverage.md), exit",
    )
    p.set_defaults(func=_run)


def _load(emulator: Any, path: Path) -> list[str] | None:
    """Load ``path`` by content: a Live set (gzip or XML) or a JSON snapshot. A Live set
    returns what it could not map (each also logged as a warning); a snapshot returns None."""
    from livectl.emulator.als import AlsError, is_live_set

    try:
        with path.open("rb") as f:
            head = f.read(64)
    except OSError as exc:
        raise ValidationError(f"--load {path}: cannot read a set: {exc}") from exc
    if is_live_set(head):
        try:
            unmapped: list[str] = emulator.load_als(path)
        except AlsError as exc:
            raise ValidationError(f"--load: {exc}") from exc
        print(f"livectl emulator: loaded {path} ({len(unmapped)} thing(s) not mapped, "
              "listed above)", file=sys.stderr)
        return unmapped
    try:
        emulator.load(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(
            f"--load {path}: cannot read a set: {exc} (expected the emulator's JSON snapshot "
            "or a Live set, .als)"
        ) from exc
    return None


def _start_capture(emulator: Any, args: argparse.Namespace) -> Any:
    """An AudioCapture on the emulated set for --audio-out (checked before serving)."""
    if not args.audio_out:
        return None
    from livectl.emulator.audio_capture import AudioCapture
    from livectl.output.audio import find_soundfont

    find_soundfont(args.soundfont)  # a missing font fails now, not after a session
    engine = emulator.engine
    with engine.lock:
        return AudioCapture(engine.song, clock=engine.clock)


def _save_capture(emulator: Any, capture: Any, args: argparse.Namespace) -> None:
    with emulator.engine.lock:
        emulator.engine.advance()
        capture.close()
    path = capture.save(args.audio_out, soundfont=args.soundfont)
    print(f"livectl emulator: wrote {path} ({len(capture.notes)} notes, "
          f"{capture.seconds():.1f} s)", file=sys.stderr)


@contextlib.contextmanager
def _link(emulator: Any, args: argparse.Namespace) -> Iterator[Any]:
    """--link: the emulated set in an Ableton Link session while the emulator runs."""
    if not args.link:
        yield None
        return
    from livectl.emulator.link import LinkSync

    with LinkSync.join(emulator.engine) as sync:
        print(f"livectl emulator: Ableton Link on ({sync.session.peers} peer(s) so far)",
              file=sys.stderr)
        yield sync


def _run(args: argparse.Namespace) -> int:
    if args.coverage:
        from livectl.emulator.coverage import write

        path = write(Path(args.coverage))
        print(f"wrote {path}")
        return 0
    if args.tick_ms < 0:
        raise ValidationError(f"--tick-ms must be >= 0 (0 = immediate), got {args.tick_ms}")
    from livectl.emulator import Emulator

    emulator = Emulator(
        host=args.host,
        port=args.port,
        reply_port=args.reply_port,
        reply_to_source_port=args.reply_to_source_port,
        tick_s=args.tick_ms / 1000.0,
        remote_script=args.remote_script,
        max_datagram=args.max_datagram,
    )
    unmapped = _load(emulator, args.load) if args.load else None
    capture = _start_capture(emulator, args)
    done = threading.Event()
    # Ctrl-C and SIGTERM both end the serve loop cleanly (a handler rather than
    # KeyboardInterrupt, so a signal landing anywhere, even before the loop starts, stops it).
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    with emulator, _link(emulator, args) as link:
        info = {
            "host": args.host,
            "port": emulator.port,
            "reply_port": args.reply_port,
            "reply_to_source_port": args.reply_to_source_port,
            "tick_ms": args.tick_ms,
            "remote_script": str(args.remote_script) if args.remote_script else None,
            "link": link is not None,
        }
        if unmapped is not None:
            info["unmapped"] = unmapped
        if args.remote_script and emulator.dispatcher is None:
            # Another script owns its own ports (an installed copy of livectl's script
            # serves the port given, as the default front end does).
            info["port"] = info["reply_port"] = None
        if args.json:
            print(json.dumps(info), flush=True)
        elif args.remote_script:
            print(
                f"livectl emulator: running remote script {args.remote_script} (Ctrl-C stops)",
                flush=True,
            )
        else:
            print(
                f"livectl emulator: AbletonOSC on {args.host}:{emulator.port}/udp, "
                f"replies to port {args.reply_port}, tick {args.tick_ms:g} ms "
                "(Ctrl-C stops)",
                flush=True,
            )
        host = emulator.script_host
        shown = 0
        try:
            while True:
                if host is not None:
                    # The script's status-bar texts (show_message): how a script says
                    # where it listens, so they go to stdout as they come.
                    for text in host.messages[shown:]:
                        shown += 1
                        line = json.dumps({"show_message": text}) if args.json else text
                        print(line if args.json else f"remote script: {line}", flush=True)
                if done.wait(0.1 if host is not None else 0.5):
                    break
        except KeyboardInterrupt:
            pass
    if capture is not None:
        _save_capture(emulator, capture, args)
    print("livectl emulator: stopped", file=sys.stderr)
    return 0
