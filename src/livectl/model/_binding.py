"""How model objects reach a client: one small value, the same for sync and asyncio."""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Annotated, Any, TypeAlias, TypeVar, cast

from livectl.client._core import Subscription
from livectl.client._request import Op, Request

__all__ = ["Binding", "Io", "Listener"]

T = TypeVar("T")

# "This talks to Live": T itself for mypy (the sync world); the facade generator
# (livectl.model._typegen) reads the marker and makes it Awaitable[T] for the asyncio world.
Io: TypeAlias = Annotated[T, "io"]


@dataclass(frozen=True)
class Binding:
    """``run(op)`` returns the result (sync) or an awaitable of it (asyncio)."""

    run: Callable[[Op[Any]], Any]
    subscribe: Callable[[Subscription], Subscription]
    unsubscribe: Callable[[Subscription], None]
    is_async: bool = False
    confirm_writes: bool = True
    # What livectl's script announced in its handshake; None: the peer is plain AbletonOSC.
    capabilities: Callable[[], tuple[str, ...] | None] = lambda: None
    # Sync engines: a property get's values now (or its error raised), without stepping an
    # operation: what ``run(get(...))`` returns, by the shortest path (a loop of reads).
    fetch: Callable[[Request], Any] | None = None

    def result(self, op: Op[T]) -> Io[T]:
        """``run(op)`` typed as its sync result; on asyncio it is an awaitable of it, which
        the generated ``Async*`` facades declare."""
        return cast(T, self.run(op))


class Listener:
    """A live subscription; ``close()`` (or leaving a ``with`` block) unsubscribes. Idempotent.

    The subscription is made when ``listen`` returns, in both worlds; on asyncio it may also
    be awaited (``listener = await song.listen(...)``, which gives the same object) and used
    with ``async with``; ``await listener.aclose()`` unsubscribes too.
    """

    def __init__(self, binding: Binding, sub: Subscription, what: str) -> None:
        self._binding = binding
        self._sub = sub
        self.what = what

    @property
    def active(self) -> bool:
        return self._sub.active

    def close(self) -> None:
        self._binding.unsubscribe(self._sub)

    unsubscribe = close

    def __enter__(self) -> Listener:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __await__(self) -> Generator[Any, None, Listener]:
        return self
        yield  # a generator that finishes at once: awaiting gives the listener itself

    async def aclose(self) -> None:
        self.close()

    async def __aenter__(self) -> Listener:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "active" if self.active else "closed"
        return f"<Listener {self.what} {state}>"
