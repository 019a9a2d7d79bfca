"""The sync transport's short spin before sleeping (``UDPTransport.spin_s``), over real UDP.

A caller waiting for its reply polls without sleeping for at most ``spin_s`` while replies of
late came that fast, then sleeps in poll() as before. These tests hold it to its bounds: the
reply is read either way, a reply that never comes costs at most one spin of CPU, and slow
replies (a real Live's tick) stop the spinning altogether.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from livectl.errors import RangeError
from livectl.transport import UDPTransport
from livectl.transport import udp as udp_module


class Echo:
    """A UDP echo server on its own thread, answering after ``delay_s``."""

    def __init__(self, delay_s: float = 0.0) -> None:
        self.delay_s = delay_s
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.address = self.sock.getsockname()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                data, source = self.sock.recvfrom(65536)
            except TimeoutError:
                continue
            if self.delay_s:
                time.sleep(self.delay_s)
            self.sock.sendto(data, source)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(2.0)
        self.sock.close()


@pytest.fixture
def transport() -> Iterator[tuple[UDPTransport, list[bytes]]]:
    got: list[bytes] = []
    t = UDPTransport("127.0.0.1", 0, spin_s=udp_module.SPIN_S)
    t.start(lambda data, source: got.append(data))
    yield t, got
    t.close()


def exchange(t: UDPTransport, got: list[bytes], to: tuple[str, int], data: bytes,
             wait_s: float = 2.0) -> float:
    """Send ``data`` and wait for it to come back; the CPU seconds this thread spent."""
    before = len(got)
    cpu = time.thread_time()
    t.send(data, to)
    t.read_until(lambda: len(got) > before, time.monotonic() + wait_s)
    return time.thread_time() - cpu


def test_replies_are_read_with_and_without_the_spin(transport: tuple[UDPTransport, list[bytes]]) -> None:
    t, got = transport
    echo = Echo()
    try:
        for i in range(200):
            exchange(t, got, echo.address, b"%d" % i)
        assert got == [b"%d" % i for i in range(200)]
    finally:
        echo.close()
    if len(os.sched_getaffinity(0)) > 1:
        assert t.spin_s == udp_module.SPIN_S and t.spinning  # fast replies: it spins
    else:  # one core: spinning would only keep the server from running
        assert t.spin_s == 0.0 and not t.spinning


def test_a_reply_that_never_comes_costs_at_most_one_spin_of_cpu(
        transport: tuple[UDPTransport, list[bytes]]) -> None:
    t, got = transport
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        started = time.monotonic()
        cpu = exchange(t, got, silent.getsockname(), b"lost", wait_s=0.3)
        waited = time.monotonic() - started
    assert got == []
    assert waited >= 0.29
    # One spin (0.1 ms) plus the calls around it, against 300 ms of waiting: generous bound.
    assert cpu < 0.03, f"{cpu * 1000:.1f} ms of CPU while waiting 300 ms"


def test_slow_replies_stop_the_spinning(transport: tuple[UDPTransport, list[bytes]]) -> None:
    t, got = transport
    echo = Echo(delay_s=0.02)  # a reply after 20 ms, as from a Live busy with its tick
    try:
        for i in range(3):
            exchange(t, got, echo.address, b"warm %d" % i)
        assert not t.spinning  # the waits average ~20 ms now
    finally:
        echo.close()
    assert len(got) == 3


def test_spin_is_bounded() -> None:
    with pytest.raises(RangeError, match=r"spin_s must be in range 0\.0\.\.0\.01 s, got 1"):
        UDPTransport("127.0.0.1", 0, spin_s=1)
    with UDPTransport("127.0.0.1", 0, spin_s=0.0) as t:
        assert t.spin_s == 0.0 and not t.spinning


def test_the_module_setting_turns_the_spin_off_for_later_connections(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from livectl import connect
    from livectl.emulator import Emulator

    monkeypatch.setattr(udp_module, "SPIN_S", 0.0)
    with Emulator(port=0, reply_port=0, tick_s=0) as emu, connect(port=emu.port) as live:
        assert live.song.tempo == 120.0
        assert not live._engine._transport.spinning


def test_many_threads_each_get_their_own_replies(transport: tuple[UDPTransport, list[bytes]]) -> None:
    """16 callers at once: one reads, the others park and are woken when their reply was
    handled or the turn is theirs; every exchange completes, none waits for a timeout."""
    t, got = transport
    echo = Echo()
    errors: list[str] = []
    start = threading.Barrier(16)

    def caller(n: int) -> None:
        start.wait()
        for i in range(40):
            payload = b"%d:%d" % (n, i)
            t.send(payload, echo.address)
            t.read_until(lambda p=payload: p in got, time.monotonic() + 5.0)  # type: ignore[misc]
            if payload not in got:
                errors.append(f"caller {n} lost {payload!r}")

    threads = [threading.Thread(target=caller, args=(n,)) for n in range(16)]
    started = time.monotonic()
    try:
        for th in threads:
            th.start()
        for th in threads:
            th.join(30.0)
    finally:
        echo.close()
    assert not errors
    assert len(got) == 16 * 40
    assert time.monotonic() - started < 20.0  # a lost wake-up would cost 5 s timeouts


def test_close_wakes_every_parked_caller(transport: tuple[UDPTransport, list[bytes]]) -> None:
    t, _ = transport
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        returned: list[float] = []
        sent = threading.Barrier(7)  # the six callers and this thread: all have sent

        def caller() -> None:
            t.send(b"never answered", silent.getsockname())
            sent.wait(10.0)
            t.read_until(lambda: False, time.monotonic() + 30.0)
            returned.append(time.monotonic())

        threads = [threading.Thread(target=caller) for _ in range(6)]
        for th in threads:
            th.start()
        sent.wait(10.0)  # (a send after close() would fail: only the waits are under test)
        deadline = time.monotonic() + 5.0
        while len(t._parked) < 5 and time.monotonic() < deadline:  # one reads (or the reader
            time.sleep(0.01)                                   # thread does), the rest park
        assert len(t._parked) >= 5
        closed = time.monotonic()
        t.close()
        for th in threads:
            th.join(5.0)
    assert len(returned) == 6
    assert max(returned) - closed < 2.0


class _SlowToPark(list):  # type: ignore[type-arg]
    """A caller that is preempted between its look at its reply and parking (a thread
    switch can fall there; the sleep makes it certain)."""

    def append(self, item: object) -> None:
        time.sleep(0.03)
        super().append(item)


def test_a_reply_handled_just_before_its_caller_parks_still_wakes_it(
        transport: tuple[UDPTransport, list[bytes]]) -> None:
    """B reads (its reply never comes, deadline 3 s); A's reply arrives and B handles it
    while A is between looking and parking: A must return at once, not at B's next event."""
    t, got = transport
    echo = Echo()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        try:
            exchange(t, got, echo.address, b"warm")  # its grace keeps the reader thread off

            def b() -> None:
                t.send(b"B", silent.getsockname())
                t.read_until(lambda: b"B" in got, time.monotonic() + 3.0)

            reader = threading.Thread(target=b)
            reader.start()
            deadline = time.monotonic() + 2.0
            while not t._reading and time.monotonic() < deadline:
                time.sleep(0.001)
            t._parked = _SlowToPark()
            started = time.monotonic()
            exchange(t, got, echo.address, b"A", wait_s=10.0)
            waited = time.monotonic() - started
            reader.join(5.0)
        finally:
            echo.close()
    assert b"A" in got
    # Well before B's 3 s deadline (a stall of a busy machine can take over a second).
    assert waited < 2.0, f"A returned {waited:.2f} s after its reply (B's wait was 3 s)"
