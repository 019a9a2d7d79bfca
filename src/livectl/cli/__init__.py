"""The ``livectl`` command line: the only layer that prints.

Each subcommand lives in its own module with a ``register(subparsers)`` function that adds its
parser and sets ``func`` (a callable taking the parsed namespace and returning an exit code).

Exit codes: 0 success, 1 runtime failure (no reply, Live error), 2 usage error (argparse),
3 not found (port, address), 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from livectl import __version__
from livectl.cli._common import plain_words
from livectl.errors import LiveCtlError, NotFoundError, ValidationError
from livectl.midi.guard import release_notes_on_signals

__all__ = ["EXIT_ERROR", "EXIT_NOT_FOUND", "EXIT_OK", "EXIT_USAGE", "main"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_INTERRUPTED = 130

# Subcommand modules, in the order `livectl --help` lists them. A module that is not
# there yet (a part still being built) is skipped, not fatal.
_COMMANDS = (
    "demo",
    "emulator",
    "query",
    "watch",
    "console",
    "doctor",
    "script",
    "midi",
    "generate",
    "show",
    "mcp",
)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or with ``command`` (one of the subcommands) a parser that knows only
    that one: it parses that command's arguments exactly as the whole one does, without
    importing the other commands' modules (numpy, MIDI, rich's live display...)."""
    parser = argparse.ArgumentParser(
        prog="livectl",
        description="Make music with Ableton Live from Python: OSC control, MIDI out, "
        "generative composition, and a Live emulator.",
        epilog="Run 'livectl COMMAND --help' for a command's options and examples.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"livectl {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="log more (-v info, -vv debug)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    names = (command,) if command is not None and command in _COMMANDS else _COMMANDS
    for name in names:
        try:
            module = importlib.import_module(f"livectl.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"livectl.cli.{name}":
                continue
            raise
        module.register(sub)
    # Subcommand descriptions are module docstrings, written in reST for the API docs; the
    # terminal shows ``livectl demo`` as livectl demo.
    for subparser in sub.choices.values():
        if subparser.description:
            subparser.description = subparser.description.replace("``", "")
    return parser


def _command_of(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` runs, if nothing before it could make argparse print or refuse
    something that lists all of them (``-h``, a typo): only ``-v``/``--verbose`` may come first."""
    for arg in argv:
        if not arg.startswith("-"):
            return arg if arg in _COMMANDS else None
        if arg != "--verbose" and not (len(arg) > 1 and set(arg[1:]) == {"v"}):
            return None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(_command_of(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    level = {0: logging.WARNING, 1: logging.INFO}.get(args.verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    with _notes_released_on_signals():
        try:
            return int(args.func(args) or 0)
        except KeyboardInterrupt:
            return EXIT_INTERRUPTED
        # OSError: a file or socket the command needed (--out-dir, --save-set, a host name):
        # say which, not a traceback.
        except (LiveCtlError, OSError) as exc:
            print(f"livectl: error: {plain_words(str(exc))}", file=sys.stderr)
            return _exit_code(exc)


@contextmanager
def _notes_released_on_signals() -> Iterator[None]:
    """The command opts in to the MIDI signal guards (Ctrl-C and SIGTERM release every open
    port's notes), and gives the handlers back afterwards (main() may run in a test)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    release_notes_on_signals()
    try:
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)


def _exit_code(exc: BaseException) -> int:
    if isinstance(exc, ValidationError):
        return EXIT_USAGE
    if isinstance(exc, NotFoundError):
        return EXIT_NOT_FOUND
    return EXIT_ERROR
