"""What every transport offers, and the translation of bind errors."""

from __future__ import annotations

import errno
from collections.abc import Callable
from typing import Protocol

from livectl.errors import PortInUseError

Address = tuple[str, int]
DatagramHandler = Callable[[bytes, Address], None]

# Receive buffer asked for (the OS caps it at net.core.rmem_max): bursts of replies, such as
# hundreds of concurrent queries or a wildcard, must not overflow it.
RECV_BUFFER = 4 << 20


class Transport(Protocol):
    """A started datagram transport. ``send`` never blocks; ``close`` twice is harmless."""

    @property
    def local_address(self) -> Address: ...

    def send(self, data: bytes, addr: Address) -> None: ...

    def close(self) -> None: ...


def bind_error(exc: OSError, host: str, port: int) -> OSError:
    """Translate a failed bind into PortInUseError (naming the port) where that is the cause."""
    if exc.errno in (errno.EADDRINUSE, errno.EACCES):
        return PortInUseError(
            f"UDP port {port} on {host} is already bound by another program, so replies from "
            f"AbletonOSC cannot be received there. Close the other client (another livectl, "
            f"pylive, a Max/TouchOSC patch...) or pass reply_port=<a free port> (AbletonOSC "
            f"itself always replies to 11001, so a different port only works with an emulator "
            f"or a patched AbletonOSC).",
            port=port,
        )
    return exc
