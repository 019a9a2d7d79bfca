"""A minimal client of livectl's session protocol, on python-osc (the independent peer).

Written from the protocol's description in ``livectl/script/session.py``, not from the
script's code, so tests of the script do not share its assumptions.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from emu_peer import Peer
from pythonosc.osc_bundle import OscBundle
from pythonosc.osc_message import OscMessage


class SessionError(Exception):
    pass


class SessionPeer:
    def __init__(self, port: int, *, token: str | None = None, name: str = "test") -> None:
        self.peer = Peer()
        self.peer.connect(port, from_inbox=True)  # replies come back to this very port
        self.token = token or secrets.token_hex(8)
        self.name = name
        self.events: list[tuple[str, tuple[Any, ...]]] = []
        self._next_id = 1
        self._parts: dict[int, dict[int, bytes]] = {}

    def close(self) -> None:
        self.peer.close()

    def connect(self) -> tuple[Any, ...]:
        self.peer.send("/livectl/connect", self.token, self.name)
        return self.peer.expect("/livectl/connect")

    def send_request(self, request_id: int, address: str, *args: Any) -> None:
        self.peer.send("/livectl/req", self.token, request_id, address, *args)

    def request(self, address: str, *args: Any, request_id: int | None = None,
                timeout: float = 3.0) -> list[tuple[str, tuple[Any, ...]]]:
        """Replies of one request; SessionError with Live's text when it failed."""
        rid = request_id if request_id is not None else self._take_id()
        self.send_request(rid, address, *args)
        return self.wait(rid, timeout=timeout)

    def _take_id(self) -> int:
        rid, self._next_id = self._next_id, self._next_id + 1
        return rid

    def wait(self, rid: int, timeout: float = 3.0) -> list[tuple[str, tuple[Any, ...]]]:
        replies: list[tuple[str, tuple[Any, ...]]] = []
        deadline = time.monotonic() + timeout
        while True:
            address, args = self._next(deadline)
            if address == "/livectl/evt":
                assert args[0] == self.token
                self.events.append((args[1], tuple(args[2:])))
                continue
            assert args[0] == self.token, (address, args)
            if args[1] != rid:
                continue  # a late answer to an earlier id
            if address == "/livectl/rep":
                replies.append((args[2], tuple(args[3:])))
            elif address == "/livectl/done":
                assert args[2] == len(replies)
                return replies
            elif address == "/livectl/err":
                raise SessionError(args[2])

    def _next(self, deadline: float) -> tuple[str, tuple[Any, ...]]:
        while True:
            address, args = self.peer.next(timeout=max(0.01, deadline - time.monotonic()))
            if address != "/livectl/part":
                return address, args
            _, rid, index, count, chunk = args
            parts = self._parts.setdefault(rid, {})
            parts[index] = chunk
            if len(parts) == count:
                data = b"".join(parts[i] for i in range(count))
                del self._parts[rid]
                if OscBundle.dgram_is_bundle(data):
                    for content in OscBundle(data):
                        self.peer.held.append((0.0, content.address, tuple(content.params)))
                    _, address, args = self.peer.held.pop(0)
                    return address, args
                message = OscMessage(data)
                return message.address, tuple(message.params)

    def next_event(self, timeout: float = 3.0) -> tuple[str, tuple[Any, ...]]:
        if self.events:
            return self.events.pop(0)
        deadline = time.monotonic() + timeout
        while True:
            address, args = self._next(deadline)
            if address == "/livectl/evt":
                return args[1], tuple(args[2:])
