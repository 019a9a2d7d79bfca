"""Datagram transports: move bytes between two UDP addresses; know nothing of Live or OSC.

- :class:`UDPTransport`: a blocking socket with a reader thread (the sync client's path).
- :class:`AsyncUDPTransport`: an asyncio datagram endpoint (the asyncio client's path).
- :class:`MemoryNetwork` / :class:`MemoryTransport`: in-process datagrams for fast unit tests.

Every transport has ``send(data, addr)`` (never blocks), ``close()`` (idempotent) and
``local_address``; starting differs (``start(on_datagram)`` or ``await start(on_datagram)``).
A port another program holds raises :class:`livectl.errors.PortInUseError` naming it.
"""

from __future__ import annotations

from livectl.transport._base import Address, DatagramHandler, Transport
from livectl.transport.aio import AsyncUDPTransport
from livectl.transport.memory import MemoryNetwork, MemoryTransport
from livectl.transport.udp import UDPTransport, bind_host_for

__all__ = [
    "Address",
    "AsyncUDPTransport",
    "DatagramHandler",
    "MemoryNetwork",
    "MemoryTransport",
    "Transport",
    "UDPTransport",
    "bind_host_for",
]
