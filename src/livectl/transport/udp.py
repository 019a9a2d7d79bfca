"""Blocking UDP with a reader thread: the sync client's transport."""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import socket
import threading

from livectl.transport._base import RECV_BUFFER, Address, DatagramHandler, bind_error

__all__ = ["UDPTransport", "bind_host_for"]

log = logging.getLogger(__name__)

# Large enough for any UDP datagram (65,507 bytes of payload on IPv4).
_RECV_SIZE = 65536


def bind_host_for(remote_host: str) -> str:
    """Bind loopback when talking to this machine (nothing else can reach us), else all."""
    try:
        ip = socket.gethostbyname(remote_host)
        return "127.0.0.1" if ipaddress.ip_address(ip).is_loopback else "0.0.0.0"
    except (OSError, ValueError):
        return "0.0.0.0"


class UDPTransport:
    """One UDP socket bound to ``(bind_host, port)``, used both to send and to receive.

    AbletonOSC replies to port 11001 of the sender's IP whatever the source port (spec §1.2),
    so one socket on the reply port serves both directions. ``start(on_datagram)`` runs a
    daemon reader thread that calls ``on_datagram(data, source)`` for each datagram.
    """

    def __init__(self, bind_host: str = "127.0.0.1", port: int = 0) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            self._sock.bind((bind_host, port))
        except OSError as exc:
            self._sock.close()
            raise bind_error(exc, bind_host, port) from exc
        # A bigger receive buffer absorbs bursts (wildcard replies, many listeners).
        with contextlib.suppress(OSError):  # capped by net.core.rmem_max; best effort
            self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECV_BUFFER)
        self._closed = threading.Event()
        self._thread: threading.Thread | None = None
        self._send_lock = threading.Lock()

    @property
    def local_address(self) -> Address:
        host, port = self._sock.getsockname()[:2]
        return (str(host), int(port))

    def start(self, on_datagram: DatagramHandler) -> None:
        if self._thread is not None:
            raise RuntimeError("UDPTransport already started")
        self._thread = threading.Thread(
            target=self._read, args=(on_datagram,), name="livectl-udp-reader", daemon=True
        )
        self._thread.start()

    def _read(self, on_datagram: DatagramHandler) -> None:
        while not self._closed.is_set():
            try:
                data, source = self._sock.recvfrom(_RECV_SIZE)
            except OSError:
                if self._closed.is_set():
                    return
                # ICMP port-unreachable surfaces as ECONNREFUSED on some systems: not fatal.
                continue
            if source is None:  # shutdown() woke recvfrom with nothing
                if self._closed.is_set():
                    return
                continue
            try:
                on_datagram(data, (source[0], source[1]))
            except Exception:  # a handler bug must not kill the reader
                log.exception("datagram handler failed")

    def send(self, data: bytes, addr: Address) -> None:
        with self._send_lock:
            self._sock.sendto(data, addr)

    def close(self) -> None:
        if self._closed.is_set():
            return
        self._closed.set()
        # shutdown() wakes the blocked recvfrom on Linux; close() alone may not.
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._sock.close()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2.0)

    def __enter__(self) -> UDPTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
