"""Test helpers: python-osc as the independent client of an Emulator, and a core driver.

``Peer`` sends with python-osc's ``SimpleUDPClient`` and receives with python-osc's
``BlockingOSCUDPServer`` (its dispatcher's default handler puts every message on a queue),
so the emulator's bytes are parsed by code we did not write.
"""

from __future__ import annotations

import queue
import socket
import threading
import time
from typing import Any

from pythonosc.dispatcher import Dispatcher
from pythonosc.osc_server import BlockingOSCUDPServer
from pythonosc.udp_client import SimpleUDPClient

from livectl.emulator import Emulator, EmulatorCore
from livectl.protocol import decode_packet, encode_message

TIMEOUT = 2.0


class Peer:
    """An OSC client on 127.0.0.1: sends to the emulator, collects what comes back."""

    def __init__(self) -> None:
        self.inbox: queue.Queue[tuple[float, str, tuple[Any, ...]]] = queue.Queue()
        dispatcher = Dispatcher()
        dispatcher.set_default_handler(self._on_message)
        # One receiving thread (not a thread per datagram) and a roomy buffer, so floods
        # of replies (fuzz, listeners) are not dropped by the kernel.
        self.server = BlockingOSCUDPServer(("127.0.0.1", 0), dispatcher)
        self.server.socket.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
        self.port: int = self.server.server_address[1]
        self._thread = threading.Thread(
            target=self.server.serve_forever, daemon=True, kwargs={"poll_interval": 0.05}
        )
        self._thread.start()
        self.client: SimpleUDPClient | None = None
        self._raw = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.held: list[tuple[float, str, tuple[Any, ...]]] = []

    def _on_message(self, address: str, *args: Any) -> None:
        self.inbox.put((time.monotonic(), address, args))

    def connect(self, port: int, *, from_inbox: bool = False) -> None:
        """Send to ``port``; ``from_inbox`` sends from the receiving socket's own port."""
        self.client = SimpleUDPClient("127.0.0.1", port)
        self.target = ("127.0.0.1", port)
        self.from_inbox = from_inbox

    def send(self, address: str, *args: Any) -> None:
        assert self.client is not None
        if self.from_inbox:
            self.send_raw(encode_message(address, args))
        else:
            self.client.send_message(address, list(args))

    def send_raw(self, data: bytes) -> None:
        if self.from_inbox:
            self.server.socket.sendto(data, self.target)
        else:
            self._raw.sendto(data, self.target)

    def next(self, timeout: float = TIMEOUT) -> tuple[str, tuple[Any, ...]]:
        _, address, args = self.next_timed(timeout)
        return address, args

    def next_timed(self, timeout: float = TIMEOUT) -> tuple[float, str, tuple[Any, ...]]:
        if self.held:
            return self.held.pop(0)
        return self.inbox.get(timeout=timeout)

    def expect(self, address: str, timeout: float = TIMEOUT) -> tuple[Any, ...]:
        """The args of the next message on ``address``; others are held for later."""
        deadline = time.monotonic() + timeout
        skipped = []
        for i, item in enumerate(self.held):
            if item[1] == address:
                self.held.pop(i)
                return item[2]
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.held.extend(skipped)
                raise AssertionError(f"no {address} within {timeout} s; got {skipped}")
            try:
                item = self.inbox.get(timeout=remaining)
            except queue.Empty:
                continue
            if item[1] == address:
                self.held.extend(skipped)
                return item[2]
            skipped.append(item)

    def query(self, address: str, *args: Any, timeout: float = TIMEOUT) -> tuple[Any, ...]:
        self.send(address, *args)
        return self.expect(address, timeout)

    def silent(self, timeout: float = 0.3) -> list[tuple[str, tuple[Any, ...]]]:
        """Everything that arrives within ``timeout`` (for asserting that nothing does)."""
        got = [(a, b) for _, a, b in self.held]
        self.held.clear()
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                _, address, args = self.inbox.get(timeout=remaining)
            except queue.Empty:
                break
            got.append((address, args))
        return got

    def sync(self) -> None:
        """Round trip /live/test: everything sent before it has been handled."""
        self.send("/live/test")
        self.expect("/live/test")

    def close(self) -> None:
        self._raw.close()
        self.server.shutdown()
        self.server.server_close()


def start_emulator(peer: Peer, **kwargs: Any) -> Emulator:
    kwargs.setdefault("tick_s", 0)
    emu = Emulator(port=0, reply_port=peer.port, **kwargs).start()
    peer.connect(emu.port)
    return emu


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def decode_all(out: list[Any]) -> list[tuple[str, tuple[Any, ...]]]:
    return [(m.address, m.args) for o in out for m in decode_packet(o.data)]


class CoreClient:
    """Drives an EmulatorCore in-process (no sockets) with the real codec and a fake clock."""

    ADDR = ("127.0.0.1", 40000)

    def __init__(self, core: EmulatorCore | None = None, **kwargs: Any) -> None:
        self.clock = FakeClock()
        self.core = core or EmulatorCore(clock=self.clock, **kwargs)

    def advance(self, seconds: float) -> list[tuple[str, tuple[Any, ...]]]:
        """Move the clock and the transport in small steps, like the server thread."""
        out = []
        steps = max(1, round(seconds / 0.01))
        for _ in range(steps):
            self.clock.now += seconds / steps
            out += self.core.advance()
        return decode_all(out)

    def send(self, address: str, *args: Any) -> list[tuple[str, tuple[Any, ...]]]:
        return decode_all(self.core.handle(encode_message(address, args), self.ADDR))

    def error(self, address: str, *args: Any) -> str:
        """The /live/error text a message produces (and that nothing else came back)."""
        out = self.send(address, *args)
        errors = [a[0] for addr, a in out if addr == "/live/error"]
        assert len(errors) == 1, out
        return errors[0]

    def query(self, address: str, *args: Any) -> tuple[Any, ...]:
        replies = [a for addr, a in self.send(address, *args) if addr == address]
        assert len(replies) == 1, replies
        return replies[0]
