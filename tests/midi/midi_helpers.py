"""Helpers for the MIDI tests (a module of its own: 'conftest' is not importable by name)."""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable
from pathlib import Path

from livectl.midi import ReceivedMessage, open_input

ROOT = Path(__file__).resolve().parents[2]
_names = itertools.count()


def unique(prefix: str) -> str:
    """A JACK client name no other test uses (JACK renames clashing clients)."""
    return f"{prefix}{next(_names)}x{os.getpid()}"


class Receiver:
    """A virtual JACK input port that records what arrives, stamped on arrival."""

    def __init__(self, client: str) -> None:
        self.client = client
        self.port_name = f"{client}:in"
        self.messages: list[ReceivedMessage] = []
        self._cond = threading.Condition()
        self._port = open_input(virtual_name="in", api="jack", client_name=client,
                                callback=self._on)

    def _on(self, msg: ReceivedMessage) -> None:
        with self._cond:
            self.messages.append(msg)
            self._cond.notify_all()

    def wait_for(self, predicate: Callable[[list[ReceivedMessage]], bool],
                 timeout_s: float = 5.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: predicate(self.messages), timeout_s)

    def wait_count(self, n: int, timeout_s: float = 5.0) -> list[ReceivedMessage]:
        ok = self.wait_for(lambda m: len(m) >= n, timeout_s)
        assert ok, f"expected {n} messages, got {len(self.messages)}; last: {self.data()[-10:]}"
        return list(self.messages)

    def data(self) -> list[tuple[int, ...]]:
        with self._cond:
            return [m.data for m in self.messages]

    def balance(self) -> dict[tuple[int, int], int]:
        """Open notes per (channel, pitch): note-ons minus note-offs, only those not zero."""
        counts: dict[tuple[int, int], int] = {}
        for d in self.data():
            if len(d) == 3 and d[0] & 0xF0 in (0x80, 0x90):
                key = ((d[0] & 0x0F) + 1, d[1])
                on = d[0] & 0xF0 == 0x90 and d[2] > 0
                counts[key] = counts.get(key, 0) + (1 if on else -1)
        return {k: v for k, v in counts.items() if v}

    def close(self) -> None:
        self._port.close()
