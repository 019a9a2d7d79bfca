"""``livectl mcp``: Ableton Live as tools for an AI assistant (Model Context Protocol).

    livectl mcp                     # stdio: what Claude Desktop, Cursor, VS Code... start
    livectl mcp --emulator          # try it without Live: an emulated set in the server
    livectl mcp --http 8765         # streamable HTTP on http://127.0.0.1:8765/mcp
    livectl mcp --read-only         # only the tools that read the set
    livectl mcp --list-tools        # print the tool list (markdown) and exit

Needs the mcp extra: pip install 'livectl[mcp]'. No telemetry: nothing is sent anywhere but
to Live. See docs/mcp.md for host configuration.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from livectl.cli._common import udp_port, udp_port_or_any
from livectl.errors import LiveCtlError

__all__ = ["register"]

EXAMPLES = """\
examples:
  livectl mcp                               # Live with livectl's script or AbletonOSC
  livectl mcp --emulator                    # no Live: an emulated set inside the server
  livectl mcp --http 8765 --read-only       # HTTP on 127.0.0.1, reading tools only
  livectl mcp --list-tools                  # the tools as a markdown table
"""


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "mcp", help="serve Live to AI assistants over the Model Context Protocol",
        description=__doc__, epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--http", type=udp_port, metavar="PORT",
                   help="serve streamable HTTP on 127.0.0.1:PORT (default: stdio)")
    p.add_argument("--emulator", action="store_true",
                   help="embed livectl's emulated Live instead of connecting to Live")
    p.add_argument("--emulator-port", type=udp_port_or_any, default=0, metavar="PORT",
                   help="UDP port of the embedded emulator (0 = any free; default 0), so "
                   "other livectl clients can look at the same set")
    p.add_argument("--tick-ms", type=float, default=100.0,
                   help="the embedded emulator's tick like Live's, in ms (0 = immediate)")
    p.add_argument("--read-only", action="store_true",
                   help="only the tools that read the set (no changes, no undo)")
    p.add_argument("--host", default="127.0.0.1", help="Live's host (default 127.0.0.1)")
    p.add_argument("--port", type=udp_port, default=11000, help="Live's UDP port (11000)")
    p.add_argument("--timeout", type=float, default=2.0,
                   help="seconds a tool waits for Live (default 2)")
    p.add_argument("--list-tools", action="store_true",
                   help="print the tools as markdown (for docs/mcp.md) and exit")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    try:
        from livectl.mcp import serve, tool_list_markdown
    except ImportError as exc:
        if exc.name is not None and exc.name.split(".")[0] in ("mcp", "pydantic", "anyio"):
            raise LiveCtlError("livectl mcp needs the mcp extra: pip install 'livectl[mcp]'") \
                from exc
        raise
    if args.list_tools:
        sys.stdout.write(tool_list_markdown(read_only=args.read_only))
        return 0
    if not 0 <= args.tick_ms <= 1000:
        raise LiveCtlError(f"--tick-ms must be in range 0..1000, got {args.tick_ms:g}")
    if not 0.1 <= args.timeout <= 60:
        raise LiveCtlError(f"--timeout must be in range 0.1..60, got {args.timeout:g}")
    serve(host=args.host, port=args.port, timeout=args.timeout, emulator=args.emulator,
          emulator_port=args.emulator_port, tick_s=args.tick_ms / 1000.0,
          read_only=args.read_only, http_port=args.http, announce=_announce)
    return 0


def _announce(line: str) -> None:
    """stdout belongs to the MCP protocol (stdio): say where things are on stderr."""
    print(line, file=sys.stderr, flush=True)
