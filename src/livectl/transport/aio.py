"""asyncio UDP: the asyncio client's transport."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from typing import Any

from livectl.transport._base import RECV_BUFFER, Address, DatagramHandler, bind_error

__all__ = ["AsyncUDPTransport"]

log = logging.getLogger(__name__)


class _Protocol(asyncio.DatagramProtocol):
    def __init__(self, on_datagram: DatagramHandler) -> None:
        self._on_datagram = on_datagram

    def datagram_received(self, data: bytes, addr: tuple[Any, ...]) -> None:
        try:
            self._on_datagram(data, (str(addr[0]), int(addr[1])))
        except Exception:
            log.exception("datagram handler failed")

    def error_received(self, exc: Exception) -> None:
        # ICMP port-unreachable and the like: the request will time out with a clear message.
        log.debug("UDP error: %s", exc)


class AsyncUDPTransport:
    """An asyncio datagram endpoint bound to ``(bind_host, port)``; ``await start(handler)``."""

    def __init__(self, bind_host: str = "127.0.0.1", port: int = 0) -> None:
        self._bind = (bind_host, port)
        self._transport: asyncio.DatagramTransport | None = None
        self._closed = False

    async def start(self, on_datagram: DatagramHandler) -> None:
        loop = asyncio.get_running_loop()
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            sock.bind(self._bind)
        except OSError as exc:
            sock.close()
            raise bind_error(exc, *self._bind) from exc
        # asyncio reads one datagram per loop turn: a burst of replies (hundreds of tasks
        # asking at once) overflows the default ~200 KB buffer and the kernel drops them.
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECV_BUFFER)
        sock.setblocking(False)
        try:
            transport, _ = await loop.create_datagram_endpoint(
                lambda: _Protocol(on_datagram), sock=sock
            )
        except BaseException:  # cancelled or refused: the bound socket must not stay open
            sock.close()
            raise
        self._transport = transport

    @property
    def local_address(self) -> Address:
        if self._transport is None:
            raise RuntimeError("AsyncUDPTransport not started")
        host, port = self._transport.get_extra_info("sockname")[:2]
        return (str(host), int(port))

    def send(self, data: bytes, addr: Address) -> None:
        if self._transport is None or self._closed:
            raise RuntimeError("AsyncUDPTransport is not open")
        self._transport.sendto(data, addr)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._transport is not None:
            self._transport.close()
