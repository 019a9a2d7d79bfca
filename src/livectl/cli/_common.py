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
    "positive_seconds",
    "print_json",
    "udp_port",
]

# rich turns colour off by itself when stdout is not a terminal (and honours NO_COLOR).
console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def udp_port(text: str) -> int:
    """An argparse type: a UDP port 1..65535 (a bad one is a usage error, exit 2, not a traceback)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a port is a whole number 1..65535, got {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is in range 1..65535, got {port}")
    return port


def positive_seconds(text: str) -> float:
    """An argparse type: a number of seconds > 0."""
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"seconds must be a number > 0, got {text!r}") from None
    if not seconds > 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"seconds must be a finite number > 0, got {text}")
    return seconds


def add_connection_args(parser: argparse.ArgumentParser, *, timeout: bool = True,
                        title: str = "connection") -> None:
    group = parser.add_argument_group(title)
    group.add_argument("--host", default="127.0.0.1", help="AbletonOSC host (default %(default)s)")
    group.add_argument(
        "--port", type=udp_port, default=11000, help="AbletonOSC port (default %(default)s)"
    )
    group.add_argument(
        "--reply-port", type=udp_port, default=11001,
        help="port replies come to (default %(default)s)",
    )
    if timeout:
        group.add_argument(
            "--timeout", type=positive_seconds, default=1.0,
            help="seconds to wait for a reply (default %(default)s)",
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
