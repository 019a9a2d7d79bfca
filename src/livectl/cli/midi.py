"""``livectl midi``: see the MIDI ports, watch one, silence everything.

Examples:

    livectl midi ports                  # numbered outputs and inputs, and which API
    livectl midi monitor "IAC"          # print what arrives from a port (Ctrl-C ends)
    livectl midi monitor --virtual mon  # make a port others can send to, and print it
    livectl midi panic                  # all notes off + all sound off on every output

The API comes from --api, else LIVECTL_MIDI_API (alsa|jack|coremidi|winmm), else the
platform default (on Linux without the ALSA sequencer: JACK, when a server runs).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from livectl.errors import MIDIPortNotFoundError
from livectl.midi import (
    API_NAMES,
    NoteOff,
    describe,
    list_ports,
    open_input,
    open_output,
)
from livectl.midi.ports import virtual_port_hint

__all__ = ["register"]


def _port_arg(text: str) -> int | str:
    return int(text) if text.isdigit() else text


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "midi", help="list MIDI ports, monitor one, send panic",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(func=lambda args: (parser.print_help(), 2)[1])
    sub = parser.add_subparsers(dest="midi_command", metavar="WHAT")

    def api_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--api", choices=API_NAMES, default=None,
                       help="MIDI API (default: LIVECTL_MIDI_API, else the platform's)")

    examples = argparse.RawDescriptionHelpFormatter
    p = sub.add_parser("ports", help="list output and input ports with their indices",
                       formatter_class=examples,
                       epilog="examples:\n  livectl midi ports\n  livectl midi ports --api jack --json")
    api_option(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=_ports)

    m = sub.add_parser("monitor", help="print every message that arrives from a port",
                       formatter_class=examples,
                       epilog="examples:\n  livectl midi monitor IAC\n"
                       "  livectl midi monitor --virtual mon --no-clock\n"
                       "  livectl midi monitor 0 --count 10 --json")
    m.add_argument("port", nargs="?", type=_port_arg,
                   help="input port: index or (part of) its name; see 'livectl midi ports'")
    m.add_argument("--virtual", metavar="NAME",
                   help="create a virtual input port NAME and monitor it instead")
    m.add_argument("--count", type=int, default=None, help="stop after N messages")
    m.add_argument("--timeout", type=float, default=None, metavar="S",
                   help="stop after S seconds")
    m.add_argument("--no-clock", action="store_true", help="hide MIDI clock pulses (0xF8)")
    m.add_argument("--json", action="store_true", help="one JSON object per line")
    api_option(m)
    m.set_defaults(func=_monitor)

    k = sub.add_parser("panic", help="silence every channel: all notes off, all sound off",
                       formatter_class=examples,
                       epilog="examples:\n  livectl midi panic\n"
                       "  livectl midi panic loopMIDI --all-notes")
    k.add_argument("port", nargs="?", type=_port_arg,
                   help="output port (default: every output port)")
    k.add_argument("--all-notes", action="store_true",
                   help="also send a note-off for every pitch on every channel "
                   "(for synths that ignore CC 123)")
    api_option(k)
    k.set_defaults(func=_panic)


def _ports(args: argparse.Namespace) -> int:
    ports = list_ports(args.api)
    if args.json:
        print(json.dumps({"api": ports.api, "outputs": list(ports.outputs),
                          "inputs": list(ports.inputs)}))
        return 0
    print(f"MIDI API: {ports.api}")
    for title, names in (("outputs (send to)", ports.outputs),
                         ("inputs (receive from)", ports.inputs)):
        print(f"{title}:")
        if not names:
            print("  (none)")
        for i, name in enumerate(names):
            print(f"  {i}: {name}")
    if not ports.outputs:
        print(f"hint: {virtual_port_hint(ports.api)}")
    return 0


def _monitor(args: argparse.Namespace) -> int:
    if args.port is not None and args.virtual:
        print("livectl: error: give a PORT or --virtual NAME, not both", file=sys.stderr)
        return 2
    with open_input(args.port, args.api, args.virtual, client_name="livectl-monitor") as inp:
        print(f"monitoring {inp.name!r} ({inp.api}); Ctrl-C to stop", file=sys.stderr,
              flush=True)
        start = time.perf_counter_ns()
        deadline = None if args.timeout is None else time.monotonic() + args.timeout
        seen = 0
        while args.count is None or seen < args.count:
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                break
            msg = inp.receive(timeout_s=wait if wait is not None else 0.5)
            if msg is None:
                continue
            if args.no_clock and msg.data == (0xF8,):
                continue
            seen += 1
            t = (msg.time_ns - start) / 1e9
            if args.json:
                print(json.dumps({"t": round(t, 6), "bytes": list(msg.data),
                                  "message": describe(msg.data)}), flush=True)
            else:
                raw = " ".join(f"{b:02X}" for b in msg.data)
                print(f"{t:10.4f}  {raw:<9}  {describe(msg.data)}", flush=True)
    return 0


def _panic(args: argparse.Namespace) -> int:
    if args.port is not None:
        targets: list[int | str] = [args.port]
    else:
        names = list_ports(args.api).outputs
        if not names:
            raise MIDIPortNotFoundError("there are no MIDI output ports to silence")
        targets = list(range(len(names)))
    for target in targets:
        with open_output(target, args.api, client_name="livectl-panic") as out:
            out.panic()
            if args.all_notes:
                for channel in range(1, 17):
                    for pitch in range(128):
                        out.send(NoteOff(pitch, 0, channel))
                    # 2,048 messages at once overflow a JACK period's MIDI buffer and are
                    # lost (seen at ~1,500 with a 256-frame period); one channel per 10 ms
                    # keeps each burst small.
                    time.sleep(0.01)
            print(f"panic sent to {out.name!r}")
    return 0
