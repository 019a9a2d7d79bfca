"""What the model asks of a client: requests, batches, and operations built from them.

An *operation* is a generator that yields a :class:`Request` (and receives its reply values)
or a :class:`Batch` (and receives a list with, per request, its reply values or the exception
it failed with), and returns its result. The sync client drives it with blocking waits, the
asyncio client with awaits: each multi-step behaviour (create a clip and confirm it, page a big
clip's notes) is written once, as an operation.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Any, TypeVar

__all__ = ["Batch", "Op", "Request"]

T = TypeVar("T")


@dataclass(frozen=True)
class Request:
    """One thing to send, and what to wait for.

    ``prefix``: the number of leading arguments the reply echoes (``None``: no reply expected).
    ``collect``: a wildcard pattern; every message matching it (and the prefix) is gathered
    until a barrier's reply. ``confirm``: follow with a barrier and return once it is handled,
    so a /live/error it causes reaches the caller. ``idempotent``: may be resent on timeout.
    ``before``: messages sent ahead of this one in the same bundle (handled together, in
    order; an error drops the rest), e.g. the removals that make a note page idempotent.
    """

    address: str
    args: tuple[Any, ...] = ()
    prefix: int | None = None
    reply_address: str | None = None
    collect: bool = False
    confirm: bool = False
    idempotent: bool = False
    before: tuple[tuple[str, tuple[Any, ...]], ...] = ()

    @property
    def expects_reply(self) -> bool:
        return self.prefix is not None or self.collect or self.confirm


class Batch(tuple[Request, ...]):
    """Requests sent together (in order); the operation receives one result per request."""

    __slots__ = ()


Op = Generator["Request | Batch", Any, T]
