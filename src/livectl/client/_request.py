"""What the model asks of a client: requests, batches, and operations built from them.

An *operation* is a generator that yields a :class:`Request` (and receives its reply values)
or a :class:`Batch` (and receives a list with, per request, its reply values or the exception
it failed with), and returns its result. The sync client drives it with blocking waits, the
asyncio client with awaits: each multi-step behaviour (create a clip and confirm it, page a big
clip's notes) is written once, as an operation.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

__all__ = ["Batch", "Op", "Request", "Windowed"]

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

    @property
    def window(self) -> int | None:
        """At most this many requests in flight at once (None: all at once)."""
        return None


class Windowed(Batch):
    """A :class:`Batch` sent with at most ``window`` requests in flight at once: a sliding
    window, topped up as answers come."""

    _window: int

    def __new__(cls, requests: Iterable[Request], window: int) -> Windowed:
        self = super().__new__(cls, requests)
        self._window = window
        return self

    @property
    def window(self) -> int | None:
        return self._window


Op = Generator["Request | Batch", Any, T]
