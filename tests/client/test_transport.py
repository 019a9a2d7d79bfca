"""Transports alone, and the sync client over the in-memory transport (no sockets)."""

from __future__ import annotations

import asyncio
import queue
import socket

import pytest

from livectl.client import Live
from livectl.client._engine import SyncEngine
from livectl.emulator import EmulatorCore
from livectl.errors import PortInUseError
from livectl.model import Note
from livectl.transport import AsyncUDPTransport, MemoryNetwork, UDPTransport


def test_udp_transport_round_trip_and_close_twice() -> None:
    got: queue.Queue[tuple[bytes, tuple[str, int]]] = queue.Queue()
    a, b = UDPTransport("127.0.0.1", 0), UDPTransport("127.0.0.1", 0)
    a.start(lambda data, src: got.put((data, src)))
    b.start(lambda data, src: None)
    b.send(b"hello", a.local_address)
    assert got.get(timeout=3.0) == (b"hello", b.local_address)
    a.close()
    a.close()
    b.close()


def test_udp_transport_port_in_use() -> None:
    with UDPTransport("127.0.0.1", 0) as first:
        port = first.local_address[1]
        with pytest.raises(PortInUseError) as info:
            UDPTransport("127.0.0.1", port)
        assert info.value.port == port and isinstance(info.value, OSError)


async def test_async_udp_transport_round_trip() -> None:
    loop = asyncio.get_running_loop()
    got: asyncio.Future[bytes] = loop.create_future()
    a = AsyncUDPTransport("127.0.0.1", 0)
    await a.start(lambda data, src: got.set_result(data))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(b"ping", a.local_address)
        assert await asyncio.wait_for(got, 3.0) == b"ping"
    a.close()
    a.close()


def test_memory_network_delivers_and_loses_like_udp() -> None:
    net = MemoryNetwork()
    seen: list[bytes] = []
    a = net.bind("127.0.0.1", 1)
    b = net.bind("127.0.0.1", 2)
    b.start(lambda data, src: seen.append(data))
    a.send(b"x", ("127.0.0.1", 2))
    a.send(b"lost", ("127.0.0.1", 3))  # nobody there
    assert seen == [b"x"]
    with pytest.raises(PortInUseError):
        net.bind("127.0.0.1", 2)


def test_live_over_memory_transport_and_emulator_core() -> None:
    net = MemoryNetwork()
    core = EmulatorCore(reply_port=11001)
    server = net.bind("127.0.0.1", 11000)
    server.start(lambda data, src: [server.send(o.data, o.addr) for o in core.handle(data, src)])
    engine = SyncEngine("127.0.0.1", 11000, 11001, timeout=0.5,
                        transport=net.bind("127.0.0.1", 11001))
    with Live(engine) as live:
        live.song.tempo = 128
        assert live.song.tempo == 128.0
        clip = live.song.tracks[0].clip_slots[0].create_clip(4)
        clip.add_notes([Note(60, 0, 1)])
        assert clip.notes == [Note(60, 0.0, 1.0)]
