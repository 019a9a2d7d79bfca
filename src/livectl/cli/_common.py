"""Options and output helpers shared by the CLI's subcommands."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from typing import Any

from rich.console import Console

__all__ = [
    "add_connection_args",
    "add_json_arg",
    "connect_from",
    "console",
    "err_console",
    "format_value",
    "int_in_range",
    "jsonable",
    "parse_value",
    "plain_words",
    "positive_seconds",
    "print_json",
    "udp_port",
    "udp_port_or_any",
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


def udp_port_or_any(text: str) -> int:
    """An argparse type: a UDP port to bind, 0..65535 (0 = any free port)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"a port is a whole number 0..65535 (0 = any free port), got {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            f"a port is in range 0..65535 (0 = any free port), got {port}")
    return port


def int_in_range(low: int, high: int, what: str) -> Callable[[str], int]:
    """An argparse type: a whole number in ``low..high`` (the error names range and value)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{what} is a whole number {low}..{high}, got {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} is in range {low}..{high}, got {value}")
        return value

    return parse


# Library messages name keyword arguments (``reply_port=<a free port>``); on the command line
# the same advice is an option. Only options the commands really have are translated.
_OPTION_WORDS = {"reply_port": "--reply-port", "port": "--port", "host": "--host",
                 "timeout": "--timeout"}
_KEYWORD = re.compile(r"\b(" + "|".join(_OPTION_WORDS) + r")=(<([^>]*)>|\.\.\.|[\w.]+)")


def plain_words(text: str) -> str:
    """An error text with keyword-argument syntax put as command-line options:
    ``pass reply_port=<a free port>`` -> ``pass --reply-port with a free port``."""

    def option(m: re.Match[str]) -> str:
        flag, value, hint = _OPTION_WORDS[m.group(1)], m.group(2), m.group(3)
        if hint is not None:
            return f"{flag} with {hint}"
        if value == "...":
            return f"{flag} {m.group(1).split('_')[-1].upper()}"
        return f"{flag} {value}"

    return _KEYWORD.sub(option, text)


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
