"""The script's UDP socket, polled on Live's tick (never blocking Live's thread).

Live gives a remote script no usable threads: the socket is non-blocking and
:meth:`SocketServer.poll` runs once per Live tick (``schedule_message``), reading what
arrived since the last tick and handing it to the :class:`~.dispatch.Dispatcher`. Replies
leave from the same socket (so they come *from* port 11000, as AbletonOSC's do).

Bounded: at most ``max_per_tick`` datagrams are read per tick (the rest wait in the OS
buffer, as they would in Live), each at most 65,536 bytes.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import select
import socket
from collections.abc import Callable

from .dispatch import Dispatcher

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "DEFAULT_REPLY_PORT", "SocketServer"]

log = logging.getLogger(__name__)

DEFAULT_HOST = "0.0.0.0"  # AbletonOSC listens on every interface (§1.1)
DEFAULT_PORT = 11000
DEFAULT_REPLY_PORT = 11001
MAX_PER_TICK = 4096
_RECV_SIZE = 65536

Address = tuple[str, int]


class SocketServer:
    """One non-blocking UDP socket bound to ``(host, port)`` feeding ``dispatcher``."""

    def __init__(self, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 *, max_per_tick: int = MAX_PER_TICK) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        with contextlib.suppress(OSError):  # a bigger buffer rides out floods between ticks
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
        try:
            sock.bind((host, port))
        except OSError:
            sock.close()
            raise
        sock.setblocking(False)
        self.sock = sock
        self.max_per_tick = max_per_tick
        # Whether more datagrams wait, once one was read (select.poll: not on Windows).
        self._ready: Callable[[int], list[tuple[int, int]]] | None = None
        if hasattr(select, "poll"):
            poller = select.poll()
            poller.register(sock, select.POLLIN)
            self._ready = poller.poll
        self.dispatcher: Dispatcher | None = None
        self.received = 0
        self.sent = 0

    @property
    def address(self) -> Address:
        host, port = self.sock.getsockname()[:2]
        return (str(host), int(port))

    def fileno(self) -> int:
        return self.sock.fileno()

    def sendto(self, data: bytes, addr: Address) -> None:
        """The dispatcher's sink: one datagram out of the listening socket."""
        try:
            self.sock.sendto(data, addr)
        except (BlockingIOError, InterruptedError):
            log.debug("send buffer full; dropped a datagram to %s", addr)
            return
        except OSError as exc:
            if exc.errno == errno.EMSGSIZE:
                raise
            # ECONNREFUSED from an earlier send on some systems, a gone route: the peer's
            # problem, never the set's. Live's script would log it.
            log.debug("sendto %s failed: %s", addr, exc)
            return
        self.sent += 1

    def poll(self, *, every_batch: bool = False) -> int:
        """Read what arrived (bounded), then run one batch (Live's tick), or, with
        ``every_batch``, batches until nothing waits (an emulator's tick-0 mode).
        Returns the datagrams read."""
        dispatcher = self.dispatcher
        if dispatcher is None:
            return 0
        count = 0
        recvfrom = self.sock.recvfrom
        ready = self._ready
        while count < self.max_per_tick:
            if count == 1 and ready is not None and not ready(0):
                # Asked without raising BlockingIOError, which costs more, when one datagram
                # came (a round trip); a flood reads on until the socket is dry.
                break
            try:
                data, addr = recvfrom(_RECV_SIZE)
            except (BlockingIOError, InterruptedError):
                break
            except OSError as exc:  # ECONNRESET on Windows after an ICMP; go on
                log.debug("recvfrom failed: %s", exc)
                break
            count += 1
            dispatcher.receive(data, addr)  # it normalises the address
        self.received += count
        if every_batch:
            dispatcher.process_all()
        elif dispatcher.pending:
            dispatcher.process()
        return count

    def close(self) -> None:
        self.sock.close()
