"""``livectl doctor``: check what livectl needs and say what to fix.

Checks, in order: the AbletonOSC port (11000) and who holds it, the reply port (11001),
whether Live (AbletonOSC) or the emulator answers and its version, which script answers
(livectl's, in Live or in livectl's emulator, or AbletonOSC) and its version, the MIDI API and
its ports. Exit status 0 when Live answers and MIDI works, 1 when something needs fixing.

Which script: doctor sends ``/livectl/connect token`` from a port of its own. livectl's script
answers there with its version (AbletonOSC does not know the address and stays silent). Then
it asks, inside that session, for ``/emulator/load`` without arguments: livectl's emulator
refuses the arguments (nothing is loaded), while livectl's script in Live does not know the
address at all. The session is closed at once.
"""

from __future__ import annotations

import argparse
import ipaddress
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from rich.markup import escape

import livectl.script
from livectl.cli._common import add_connection_args, add_json_arg, connect_from, console, print_json
from livectl.client._diagnose import udp_port_in_use
from livectl.errors import LiveCtlError
from livectl.script import osc
from livectl.script.session import CLOSE, CONNECT, DONE, ERROR, REQUEST

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
    info: dict[str, Any] = field(default_factory=dict)


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
                "held by a program (livectl's script, AbletonOSC, the emulator, or "
                "something else)"
                if held
                else "nothing listens",
                ""
                if held
                else "start Live with livectl's script ('livectl script install') or "
                "AbletonOSC chosen as a Control Surface, or run 'livectl emulator'",
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
    checks.append(check_script(args, checks[-1]))
    return checks


SCRIPT_CHECK = "Script answering"
_PROBE_NAME = "livectl doctor"
_EMULATOR_PROBE = "/emulator/load"  # refused without arguments: read-only


@dataclass(frozen=True)
class ScriptAnswer:
    """What livectl's script said to ``/livectl/connect`` (see livectl.script.session)."""

    version: str
    capabilities: tuple[str, ...]
    emulator: bool | None  # None: the second question went unanswered


def probe_livectl_script(host: str, port: int, timeout: float) -> ScriptAnswer | None:
    """Ask ``host:port`` for a livectl session from a port of our own; None if no answer.

    Sends ``/livectl/connect`` (again every third of ``timeout`` while waiting, which the
    script answers with the same session), then ``/emulator/load`` inside the session, then
    ``/livectl/close``.
    """
    address = socket.getaddrinfo(host, port, socket.AF_INET, socket.SOCK_DGRAM)[0][4]
    target = (str(address[0]), int(address[1]))
    try:
        loopback = ipaddress.ip_address(target[0]).is_loopback
    except ValueError:
        loopback = False
    token = secrets.token_hex(8)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1" if loopback else "0.0.0.0", 0))
        connect = osc.encode_message(CONNECT, (token, _PROBE_NAME))
        reply = _ask(sock, target, connect, timeout,
                     lambda m: m.address == CONNECT and m.args[:1] == (token,))
        if reply is None or len(reply.args) < 4:
            return None
        version, capabilities = str(reply.args[2]), tuple(str(reply.args[3]).split(","))
        request = osc.encode_message(REQUEST, (token, 1, _EMULATOR_PROBE))
        answer = _ask(sock, target, request, timeout,
                      lambda m: m.address in (DONE, ERROR) and m.args[:2] == (token, 1))
        emulator: bool | None = None
        if answer is not None:
            text = str(answer.args[2]) if answer.address == ERROR and len(answer.args) > 2 else ""
            emulator = not text.startswith("Unknown OSC address")
        sock.sendto(osc.encode_message(CLOSE, (token,)), target)
    return ScriptAnswer(version, capabilities, emulator)


def _ask(sock: socket.socket, target: tuple[str, int], data: bytes, timeout: float,
         wanted: Callable[[osc.Message], bool]) -> osc.Message | None:
    deadline = time.monotonic() + timeout
    resend = 0.0
    while True:
        now = time.monotonic()
        if now >= deadline:
            return None
        if now >= resend:
            sock.sendto(data, target)
            resend = now + timeout / 3
        sock.settimeout(min(deadline, resend) - now)
        try:
            datagram, _ = sock.recvfrom(65536)
        except TimeoutError:
            continue
        except OSError:  # ICMP port unreachable (nothing listens), seen as a refused recv
            continue
        try:
            messages = osc.decode_messages(datagram)
        except osc.OSCError:
            continue
        for message in messages:
            if wanted(message):
                return message


def check_script(args: argparse.Namespace, abletonosc: Check) -> Check:
    """Which script answers on the port, and its version."""
    where = f"{args.host}:{args.port}"
    try:
        found = probe_livectl_script(args.host, args.port, args.timeout)
    except OSError as exc:
        return Check(SCRIPT_CHECK, False, f"cannot ask {where}: {exc}")
    ours = livectl.script.VERSION
    if found is not None:
        place = {True: "in livectl's emulator", False: "in Live",
                 None: "(in Live or the emulator: it did not say which)"}[found.emulator]
        kind = {True: "emulator", False: "live", None: "unknown"}[found.emulator]
        info = {"script": "livectl", "version": found.version, "host": kind,
                "capabilities": list(found.capabilities)}
        fix = ""
        if found.version != ours and found.emulator is not True:
            fix = (f"this livectl has script {ours}: run 'livectl script install --force', "
                   "then restart Live (or set the Control Surface to None and back)")
        return Check(SCRIPT_CHECK, True, f"livectl's script {found.version} {place}", fix, info)
    if abletonosc.ok:
        return Check(
            SCRIPT_CHECK, True,
            f"AbletonOSC ({abletonosc.detail}; no answer to /livectl/connect)",
            "for request ids and several programs at once, use livectl's script instead: "
            "'livectl script install', then choose \"livectl\" instead of AbletonOSC",
            {"script": "AbletonOSC", "version": None, "host": "unknown", "capabilities": []},
        )
    return Check(
        SCRIPT_CHECK, False,
        f"neither livectl's script nor AbletonOSC answers at {where}",
        "in Live, choose \"livectl\" ('livectl script install' puts it there) or AbletonOSC as "
        "a Control Surface; without Live, 'livectl emulator'",
        {"script": None, "version": None, "host": None, "capabilities": []},
    )


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
