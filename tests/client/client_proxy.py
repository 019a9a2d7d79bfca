"""A lossy UDP proxy between a client and an emulator, for tests: drops, duplicates, delays
(and so reorders) datagrams in both directions, reproducibly from a seed.

Wiring (AbletonOSC replies to a fixed port, not to the sender's port)::

    client (reply_port R) --> proxy.port --> emulator.port
    emulator --> proxy.back_port (the emulator's reply_port) --> client R, sent from proxy.port

So the client talks to ``proxy.port`` only and every reply comes from that address, as from
Live. Build the emulator with ``reply_port=proxy.back_port``.
"""

from __future__ import annotations

import heapq
import itertools
import random
import select
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from livectl.protocol import decode_packet


@dataclass
class Faults:
    drop: float = 0.0  # share of datagrams lost
    duplicate: float = 0.0  # share delivered twice (each copy with its own delay)
    delay_max_s: float = 0.0  # each copy waits uniform(0, delay_max_s): this reorders


@dataclass
class Counts:
    forwarded: int = 0
    dropped: int = 0
    duplicated: int = 0
    by_address: dict[str, int] = field(default_factory=dict)


class LossyProxy:
    def __init__(self, client_reply_port: int, seed: int = 0, faults: Faults | None = None) -> None:
        self.faults = faults or Faults()
        self._rng = random.Random(seed)
        self._front = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._front.bind(("127.0.0.1", 0))
        self._back = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._back.bind(("127.0.0.1", 0))
        self.port = self._front.getsockname()[1]
        self.back_port = self._back.getsockname()[1]
        self.client = ("127.0.0.1", client_reply_port)
        self.server: tuple[str, int] | None = None
        self.up = Counts()  # client -> server
        self.down = Counts()  # server -> client
        # A rule may drop a datagram by its content: (direction, data) -> True to drop.
        self.rule: Callable[[str, bytes], bool] | None = None
        self._heap: list[tuple[float, int, socket.socket, bytes, tuple[str, int]]] = []
        self._seq = itertools.count()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lossy-proxy", daemon=True)

    def start(self, server_port: int) -> LossyProxy:
        self.server = ("127.0.0.1", server_port)
        self._thread.start()
        return self

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        self._front.close()
        self._back.close()

    def __enter__(self) -> LossyProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _schedule(self, direction: str, data: bytes) -> None:
        counts = self.up if direction == "up" else self.down
        assert self.server is not None
        sock, dest = (self._back, self.server) if direction == "up" else (self._front, self.client)
        try:
            address = decode_packet(data)[0].address
        except Exception:
            address = "?"
        counts.by_address[address] = counts.by_address.get(address, 0) + 1
        if self.rule is not None and self.rule(direction, data):
            counts.dropped += 1
            return
        f = self.faults
        with self._lock:
            if self._rng.random() < f.drop:
                counts.dropped += 1
                return
            copies = 2 if self._rng.random() < f.duplicate else 1
            counts.duplicated += copies - 1
            now = time.monotonic()
            for _ in range(copies):
                due = now + self._rng.uniform(0.0, f.delay_max_s)
                heapq.heappush(self._heap, (due, next(self._seq), sock, data, dest))

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                wait = max(0.0, self._heap[0][0] - time.monotonic()) if self._heap else 0.05
            ready, _, _ = select.select([self._front, self._back], [], [], min(wait, 0.05))
            for sock in ready:
                try:
                    data, source = sock.recvfrom(65536)
                except OSError:
                    continue
                if sock is self._front:
                    self._schedule("up", data)
                elif source[1] != self.client[1]:
                    self._schedule("down", data)
            now = time.monotonic()
            while True:
                with self._lock:
                    if not self._heap or self._heap[0][0] > now:
                        break
                    _, _, out, data, dest = heapq.heappop(self._heap)
                counts = self.up if out is self._back else self.down
                counts.forwarded += 1
                try:
                    out.sendto(data, dest)
                except OSError:
                    pass
