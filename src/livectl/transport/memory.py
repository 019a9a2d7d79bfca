"""In-process datagrams for fast unit tests: same interface as UDP, no sockets.

Delivery is synchronous: ``send`` calls the receiver's handler before returning, so a test
runs without threads. A handler may send in turn (a fake server replying).
"""

from __future__ import annotations

from livectl.errors import PortInUseError
from livectl.transport._base import Address, DatagramHandler

__all__ = ["MemoryNetwork", "MemoryTransport"]


class MemoryNetwork:
    """A set of in-memory endpoints addressed like UDP sockets."""

    def __init__(self) -> None:
        self._endpoints: dict[Address, MemoryTransport] = {}
        self._next_port = 40000

    def bind(self, host: str = "127.0.0.1", port: int = 0) -> MemoryTransport:
        if port == 0:
            self._next_port += 1
            port = self._next_port
        addr = (host, port)
        if addr in self._endpoints:
            raise PortInUseError(f"in-memory port {port} on {host} is already bound", port=port)
        endpoint = MemoryTransport(self, addr)
        self._endpoints[addr] = endpoint
        return endpoint

    def _deliver(self, data: bytes, source: Address, dest: Address) -> None:
        endpoint = self._endpoints.get(dest)
        if endpoint is not None:  # like UDP: nobody listening means the datagram is lost
            endpoint._receive(data, source)

    def _unbind(self, addr: Address) -> None:
        self._endpoints.pop(addr, None)


class MemoryTransport:
    def __init__(self, network: MemoryNetwork, addr: Address) -> None:
        self._network = network
        self._addr = addr
        self._handler: DatagramHandler | None = None
        self._closed = False

    @property
    def local_address(self) -> Address:
        return self._addr

    def start(self, on_datagram: DatagramHandler) -> None:
        self._handler = on_datagram

    def _receive(self, data: bytes, source: Address) -> None:
        if self._handler is not None and not self._closed:
            self._handler(data, source)

    def send(self, data: bytes, addr: Address) -> None:
        if self._closed:
            raise RuntimeError("MemoryTransport is closed")
        self._network._deliver(bytes(data), self._addr, addr)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._network._unbind(self._addr)
