"""``livectl console``: a Python REPL connected to Live, with tab completion over the
protocol's addresses and the object model.

Lines starting with ``/`` are OSC requests (``/live/song/get/tempo``); everything else is
Python with ``live``, ``song``, ``view`` and ``query``/``send`` at hand.
"""

from __future__ import annotations

import argparse
import code
import re
import shlex
import sys
from typing import Any

from livectl.cli._common import add_connection_args, connect_from, parse_value
from livectl.cli.query import reply_lines, request
from livectl.errors import LiveCtlError
from livectl.protocol.endpoints import ADDRESSES

EXAMPLES = """\
examples (inside the console):
  >>> song.tempo = 128
  >>> song.tracks[0].clip_slots[0].create_clip(4)
  >>> /live/song/get/tempo
  >>> /live/track/get/* 0
  >>> song.tracks[0].insert_device("Operator")     # livectl's script: extensions
  >>> /live/track/insert_device 0 Reverb
  Tab completes Python names and attributes, and addresses after a '/'.
"""

BANNER = (
    "livectl console: Python with live, song, view, browser, query(), send() at hand.\n"
    "Lines starting with / are OSC requests (try /live/song/get/tempo). Ctrl-D quits."
)


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "console",
        help="interactive REPL over the object model and raw addresses",
        description=__doc__,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_connection_args(parser)
    parser.set_defaults(func=run)


_PATH = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[\d+\])*")
_PART = re.compile(r"\.?([A-Za-z_]\w*)|\[(\d+)\]")


class Completer:
    """Completes OSC addresses after a '/', Python names otherwise (readline protocol)."""

    def __init__(self, namespace: dict[str, Any]) -> None:
        import rlcompleter

        self._python = rlcompleter.Completer(namespace)
        self._namespace = namespace
        # AbletonOSC's addresses and livectl's extensions (served by livectl's script only).
        self._addresses = sorted(set(ADDRESSES))
        self._matches: list[str] = []

    def candidates(self, text: str) -> list[str]:
        if text.startswith("/"):
            return [a for a in self._addresses if a.startswith(text)]
        if "[" in text:
            return self._indexed(text)
        found = []
        state = 0
        while (match := self._python.complete(text, state)) is not None:
            found.append(match)
            state += 1
        return found

    def _indexed(self, text: str) -> list[str]:
        """``song.tracks[0].na`` -> ``song.tracks[0].name``: rlcompleter stops at a subscript.

        Only names, attributes and integer subscripts are followed (no calls, no eval), so Tab
        can at most read a few properties from Live, never change the set.
        """
        head, dot, prefix = text.rpartition(".")
        if not dot or not _PATH.fullmatch(head):
            return []
        parts = _PART.findall(head)
        try:
            obj = self._namespace[parts[0][0]]
            for name, index in parts[1:]:
                obj = obj[int(index)] if index else getattr(obj, name)
        except Exception:  # Live away, index out of range...: no completion, no traceback
            return []
        return sorted(f"{head}.{name}" for name in dir(obj)
                      if name.startswith(prefix) and not name.startswith("_"))

    def complete(self, text: str, state: int) -> str | None:
        if state == 0:
            self._matches = self.candidates(text)
        return self._matches[state] if state < len(self._matches) else None


class LiveConsole(code.InteractiveConsole):
    def __init__(self, live: Any) -> None:
        namespace: dict[str, Any] = {
            "live": live,
            "song": live.song,
            "view": live.view,
            "browser": live.browser,
            "query": live.query,
            "send": live.send,
        }
        super().__init__(namespace, filename="<livectl>")
        self.live = live
        self.completer = Completer(namespace)

    def push(self, line: str, *args: Any, **kwargs: Any) -> bool:
        if line.lstrip().startswith("/") and not self.buffer:
            self.osc(line.strip())
            return False
        return super().push(line, *args, **kwargs)

    def osc(self, line: str) -> None:
        try:
            words = shlex.split(line)
        except ValueError as exc:
            self.write(f"error: {exc}\n")
            return
        address, values = words[0], [parse_value(w) for w in words[1:]]
        try:
            reply = request(self.live, address, values)
        except LiveCtlError as exc:
            self.write(f"{type(exc).__name__}: {exc}\n")
            return
        for text in reply_lines(address, reply):
            sys.stdout.write(text + "\n")


def run(args: argparse.Namespace) -> int:
    with connect_from(args) as live:
        shell = LiveConsole(live)
        if sys.stdin.isatty():
            try:
                import readline

                readline.set_completer(shell.completer.complete)
                # '[' and ']' are not delimiters, so song.tracks[0].<Tab> reaches us whole.
                readline.set_completer_delims(" \t\n(){},;=\"'")
                readline.parse_and_bind("tab: complete")
            except ImportError:  # Windows without pyreadline: no completion, still a REPL
                pass
        if not sys.stdin.isatty():
            # Piped input (a script): no prompts mixed into the output.
            shell.raw_input = lambda prompt="": input()  # type: ignore[method-assign]
        shell.interact(banner=BANNER if sys.stdin.isatty() else "", exitmsg="")
    return 0
