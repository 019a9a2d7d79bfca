"""Timeouts, retries and recovery under the emulator's fault injection; port trouble."""

from __future__ import annotations

import errno
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from livectl.client import Live, aconnect, connect
from livectl.client._engine import SyncEngine
from livectl.emulator import Emulator
from livectl.errors import LiveConnectionError, LiveError, LiveTimeoutError, PortInUseError
from livectl.transport.udp import UDPTransport


def test_dropped_replies_are_retried_for_gets_and_barriers(emu: Emulator, reply_port: int) -> None:
    emu.set_faults(drop=0.3, seed=11)
    with connect(port=emu.port, reply_port=reply_port, timeout=0.05, retries=12) as live:
        for i in range(12):
            live.song.tempo = 100 + i  # confirmed write: only its barrier is resent
            assert live.song.tempo == 100 + i
            assert live.song.tracks[i % 4].name == emu.engine.song.tracks[i % 4].name
    assert emu.engine.song.tempo == 111


def test_delayed_replies_reach_their_own_callers(emu: Emulator, reply_port: int) -> None:
    for i, track in enumerate(emu.engine.song.tracks):
        track.name = f"t{i}"
    emu.set_faults(delay_s=0.1, delay_share=0.5, seed=5)
    with connect(port=emu.port, reply_port=reply_port, timeout=1.0) as live:
        def work(i: int) -> bool:
            return all(live.song.tracks[(i + k) % 4].name == f"t{(i + k) % 4}" for k in range(3))

        with ThreadPoolExecutor(max_workers=8) as pool:
            assert all(pool.map(work, range(8)))


def test_timeout_names_ports_and_causes_then_recovers(emu: Emulator, reply_port: int) -> None:
    with connect(port=emu.port, reply_port=reply_port, timeout=0.1, retries=1) as live:
        emu.set_faults(drop=1.0)
        started = time.monotonic()
        with pytest.raises(LiveTimeoutError) as info:
            live.song.tempo  # noqa: B018
        elapsed = time.monotonic() - started
        assert 0.15 < elapsed < 2.0  # two attempts of 0.1 s, generous bound
        text = str(info.value)
        for needle in ("Live is running", "Control Surface", f"port {emu.port}",
                       f"{reply_port}", "/live/song/get/tempo", "2 attempts"):
            assert needle in text
        assert isinstance(info.value, TimeoutError)
        emu.set_faults()
        assert live.song.tempo == 120.0


def test_nothing_listening_is_diagnosed(reply_port: int, new_port: Callable[[], int]) -> None:
    port = new_port()
    with connect(port=port, reply_port=reply_port, timeout=0.1, retries=0) as live, \
            pytest.raises(LiveTimeoutError, match=f"nothing is listening on UDP port {port}"):
        live.test()


def test_port_held_by_another_program_is_diagnosed(reply_port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as squatter:
        squatter.bind(("127.0.0.1", 0))
        port = squatter.getsockname()[1]
        with pytest.raises(LiveTimeoutError, match=f"something holds UDP port {port}"):
            connect(port=port, reply_port=reply_port, timeout=0.1, retries=0, check=True)


def test_reply_port_in_use_names_the_port(new_port: Callable[[], int]) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as other:
        other.bind(("127.0.0.1", 0))
        taken = other.getsockname()[1]
        with pytest.raises(PortInUseError, match=f"UDP port {taken}") as info:
            connect(port=new_port(), reply_port=taken)
        assert info.value.port == taken and "reply_port" in str(info.value)


async def test_reply_port_in_use_async(new_port: Callable[[], int]) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as other:
        other.bind(("127.0.0.1", 0))
        taken = other.getsockname()[1]
        with pytest.raises(PortInUseError, match=f"UDP port {taken}"):
            await aconnect(port=new_port(), reply_port=taken)


def test_errors_reach_the_thread_that_caused_them(live: Live, emu: Emulator) -> None:
    bad_errors: list[bool] = []
    good: list[str] = []
    stop = threading.Event()

    def bad() -> None:
        while not stop.is_set():
            try:
                live.query("/live/track/get/name", 50)
                bad_errors.append(False)
            except LiveError as exc:
                bad_errors.append("Index out of range" in str(exc))

    t = threading.Thread(target=bad)
    t.start()
    try:
        for _ in range(100):
            good.append(live.song.tracks[1].name)
    finally:
        stop.set()
        t.join()
    assert good == ["2-MIDI"] * 100
    assert bad_errors and all(bad_errors)


def test_unattributable_error_goes_to_on_error(emu: Emulator, reply_port: int) -> None:
    got: list[LiveError] = []
    arrived = threading.Event()

    def on_error(e: LiveError) -> None:
        got.append(e)
        arrived.set()

    with connect(port=emu.port, reply_port=reply_port, on_error=on_error) as live:
        live.send("/live/track/set/mute", 77, 1)  # unconfirmed: nobody waits
        assert arrived.wait(3.0)
        assert got[0].address == "/live/track/set/mute" and "Index out of range" in str(got[0])


class _FlakySend:
    """A UDP transport whose next send fails once, as sendto does when the network drops."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.fail_next = False

    def start(self, on_datagram: Any) -> None:
        self.inner.start(on_datagram)

    def send(self, data: bytes, addr: tuple[str, int]) -> None:
        if self.fail_next:
            self.fail_next = False
            raise OSError(errno.ENETUNREACH, "Network is unreachable")
        self.inner.send(data, addr)

    def close(self) -> None:
        self.inner.close()


def test_a_failed_send_raises_clearly_and_steals_no_later_reply(
    emu: Emulator, reply_port: int
) -> None:
    flaky = _FlakySend(UDPTransport("127.0.0.1", reply_port))
    engine = SyncEngine("127.0.0.1", emu.port, reply_port, timeout=0.5, retries=0, transport=flaky)
    with Live(engine) as live:
        flaky.fail_next = True
        with pytest.raises(LiveConnectionError, match="could not send /live/song/get/tempo"):
            _ = live.song.tempo
        # The failed request must not stay waiting: it would take the next tempo reply.
        assert live.song.tempo == 120.0
        flaky.fail_next = True
        with pytest.raises(LiveConnectionError, match="Network is unreachable"):
            live.song.tempo = 99.0
        live.song.tempo = 98.0
        assert live.song.tempo == 98.0
        flaky.fail_next = True
        with pytest.raises(LiveConnectionError, match="could not send /live/song/start_listen/tempo"):
            live.song.listen("tempo", print)
        assert engine.core.subscription_count == 0


def test_close_releases_the_port_even_when_unsubscribing_cannot_be_sent(
    emu: Emulator, reply_port: int
) -> None:
    flaky = _FlakySend(UDPTransport("127.0.0.1", reply_port))
    engine = SyncEngine("127.0.0.1", emu.port, reply_port, timeout=0.5, transport=flaky)
    live = Live(engine)
    seen = threading.Event()
    live.song.listen("tempo", lambda _value: seen.set())
    assert seen.wait(2.0)
    flaky.fail_next = True  # the stop_listen datagram cannot go out
    live.close()
    # The reply port is free again: a new connection can bind it.
    with connect(port=emu.port, reply_port=reply_port, timeout=0.5) as again:
        assert again.song.tempo == 120.0
