"""``livectl doctor``: check what livectl needs and say what to fix.

Checks, in order: the AbletonOSC port (11000) and who holds it, the reply port (11001),
whether Live (AbletonOSC) or the emulator answers and its version, the MIDI API and its ports.
Exit status 0 when Live answers and MIDI works, 1 when something needs fixing.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict, dataclass
from typing import Any

from rich.markup import escape

from livectl.cli._common import add_connection_args, add_json_arg, connect_from, console, print_json
from livectl.client._diagnose import udp_port_in_use
from livectl.errors import LiveCtlError

EXAMPLES = """\
examples:
  livectl doctor
  livectl doctor --json
  livectl doctor --port 11000 --reply-port 11001 --midi-api jack
"""


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "doctor",
        help="check ports, Live/emulator, MIDI, and say what to fix",
        description=__doc__,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_connection_args(parser)
    parser.add_argument("--midi-api", default=None, help="alsa|jack|coremidi|winmm (default: auto)")
    add_json_arg(parser)
    parser.set_defaults(func=run, timeout=0.5)


def check_osc(args: argparse.Namespace) -> list[Check]:
    checks: list[Check] = []
    local = args.host in ("127.0.0.1", "localhost")
    if local:
        held = udp_port_in_use("127.0.0.1", args.port)
        checks.append(
            Check(
                f"UDP {args.port} (AbletonOSC)",
                bool(held),
                "held by a program (AbletonOSC, the emulator, or something else)"
                if held
                else "nothing listens",
                ""
                if held
                else "start Live with AbletonOSC selected as a Control Surface, or run "
                "'livectl emulator'",
            )
        )
    reply_held = udp_port_in_use("0.0.0.0", args.reply_port)
    checks.append(
        Check(
            f"UDP {args.reply_port} (replies)",
            not reply_held,
            "free" if not reply_held else "held by another program",
            ""
            if not reply_held
            else f"another client holds {args.reply_port}: close it (another livectl, pylive, "
            "TouchOSC...), or use --reply-port with a server that replies there",
        )
    )
    try:
        with connect_from(args, check=True) as live:
            major, minor = live.application.version
            checks.append(
                Check("AbletonOSC answers", True, f"Live {major}.{minor} at {args.host}:{args.port}")
            )
    except LiveCtlError as exc:
        # The client's timeout text is "what happened. Check: (1)...": the first part is the
        # finding, the checklist is the fix (it used to be cut off, and the fix pointed to it).
        detail, _, checklist = str(exc).partition(". Check: ")
        fix = f"check {checklist}" if checklist else "start Live with AbletonOSC loaded."
        checks.append(Check("AbletonOSC answers", False, detail,
                            f"{fix} Without Live, 'livectl emulator' runs a stand-in."))
    return checks


def check_midi(api: str | None) -> list[Check]:
    from livectl.midi import list_ports, resolve_api

    try:
        chosen = resolve_api(api)
        ports = list_ports(chosen)
    except LiveCtlError as exc:
        return [Check("MIDI API", False, str(exc), "see the message; docs/midi.md has details")]
    except Exception as exc:  # rtmidi's SystemError on a broken backend
        return [Check("MIDI API", False, f"{type(exc).__name__}: {exc}", "see docs/midi.md")]
    outputs = list(ports.outputs)
    return [
        Check("MIDI API", True, chosen),
        Check(
            "MIDI outputs",
            bool(outputs),
            ", ".join(outputs) if outputs else "none",
            ""
            if outputs
            else "enable the IAC Driver (macOS), create a loopMIDI port (Windows), or let "
            "livectl create a virtual port (Linux: open_output(virtual_name='livectl'))",
        ),
    ]


def run(args: argparse.Namespace) -> int:
    checks = check_osc(args) + check_midi(args.midi_api)
    if args.json:
        print_json([asdict(c) for c in checks])
    else:
        for c in checks:
            mark = "[green]✓[/green]" if c.ok else "[red]✗[/red]"
            # detail is text from errors and port names: escaped, so a '[...]' in it prints.
            console.print(f"{mark} {escape(c.name)}: {escape(c.detail)}", markup=True)
            if c.fix:
                console.print(f"    → {c.fix}", markup=False)
    return 0 if all(c.ok for c in checks) else 1
