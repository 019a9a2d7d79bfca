"""Options and output helpers shared by the CLI's subcommands."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.console import Console

__all__ = [
    "add_connection_args",
    "add_json_arg",
    "connect_from",
    "console",
    "err_console",
    "format_value",
    "jsonable",
    "parse_value",
    "print_json",
]

# rich turns colour off by itself when stdout is not a terminal (and honours NO_COLOR).
console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def add_connection_args(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("connection")
    group.add_argument("--host", default="127.0.0.1", help="AbletonOSC host (default %(default)s)")
    group.add_argument("--port", type=int, default=11000, help="AbletonOSC port (default %(default)s)")
    group.add_argument(
        "--reply-port", type=int, default=11001, help="port replies come to (default %(default)s)"
    )
    group.add_argument(
        "--timeout", type=float, default=1.0, help="seconds to wait for a reply (default %(default)s)"
    )


def add_json_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable JSON output")


def connect_from(args: argparse.Namespace, *, check: bool = True) -> Any:
    from livectl.client import connect

    return connect(args.host, args.port, args.reply_port, timeout=args.timeout, check=check)


def parse_value(text: str) -> Any:
    """A command-line word as an OSC argument: int, float, true/false, nil, else a string.

    Quote a word with a leading ``s:`` to force a string (``s:140``).
    """
    if text.startswith("s:"):
        return text[2:]
    lowered = text.lower()
    if lowered in ("true", "t"):
        return True
    if lowered in ("false", "f"):
        return False
    if lowered in ("nil", "none", "null"):
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def jsonable(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return value.hex()
    return value


def format_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nil"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        return value if value and " " not in value else json.dumps(value)
    return str(value)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(jsonable(data)) + "\n")
    sys.stdout.flush()
