"""``Live`` and ``AsyncLive``: one connection to AbletonOSC with its typed object model.

Both share every method body (:class:`_LiveBase`); a method that talks to Live returns the
result on ``Live`` and an awaitable on ``AsyncLive``, because each builds one operation and
hands it to its engine's ``run``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine, Generator, Iterable, Sequence
from types import TracebackType
from typing import Any

from livectl.client._core import Subscription
from livectl.client._engine import AsyncEngine, SyncEngine
from livectl.client._session import SessionInfo
from livectl.errors import LiveError, ValidationError
from livectl.model import Application, Binding, Browser, Listener, Song, View, _ops
from livectl.model._async import AsyncApplication, AsyncBrowser, AsyncSong, AsyncView

__all__ = ["AsyncLive", "Live", "aconnect", "connect"]

log = logging.getLogger(__name__)


def _check_address(address: str) -> str:
    if not isinstance(address, str) or not address.startswith("/"):
        raise ValidationError(f"address must be a str starting with '/', got {address!r}",
                              field="address", value=address)
    return address


class _LiveBase:
    _engine: SyncEngine | AsyncEngine
    # The same objects in both worlds; Live and AsyncLive declare their static types (the
    # generated Async* facades of livectl.model._async on asyncio).
    song: Any
    view: Any
    application: Any
    browser: Any

    def _bind(self, is_async: bool, confirm_writes: bool) -> None:
        self._binding = Binding(
            run=self._engine.run,
            subscribe=self._engine.subscribe,
            unsubscribe=self._engine.unsubscribe,
            is_async=is_async,
            confirm_writes=confirm_writes,
            capabilities=self._capabilities,
            fetch=self._engine.fetch if isinstance(self._engine, SyncEngine) else None,
        )
        self.song = Song(self._binding)
        self.view = View(self._binding)
        self.application = Application(self._binding)
        self.browser = Browser(self._binding)

    def _capabilities(self) -> tuple[str, ...] | None:
        session = self._engine.session
        return None if session is None else tuple(session.capabilities)

    @property
    def host(self) -> str:
        return self._engine.host_ip

    @property
    def port(self) -> int:
        return self._engine.port

    @property
    def reply_port(self) -> int:
        return self._engine.reply_port

    @property
    def timeout(self) -> float:
        return self._engine.timeout

    @property
    def session(self) -> SessionInfo | None:
        """What livectl's remote script said in the handshake (its version, capabilities,
        lease), or None when the peer is plain AbletonOSC."""
        return self._engine.session

    @property
    def protocol(self) -> str:
        """``"livectl"`` (request ids, own listeners, safe retransmits) or ``"abletonosc"``."""
        return "livectl" if self._engine.session is not None else "abletonosc"

    def query(self, address: str, *args: Any, prefix: int | None = None) -> Any:
        """Send ``address args`` and return the reply's arguments (with the echoed prefix).

        A wildcard address (with ``*``) returns every reply as ``(address, args)`` pairs, in
        the order AbletonOSC sent them (collected until a /live/test barrier comes back).
        ``prefix``: how many leading arguments the reply echoes (default: from the table).
        """
        return self._engine.run(_ops.raw_query(_check_address(address), args, prefix))

    def query_many(self, requests: Iterable[tuple[str, Sequence[Any]]], *,
                   window: int | None = None) -> Any:
        """Send many plain queries at once and return their replies in order (pipelined: one
        round trip's wait for all). ``requests``: ``(address, args)`` pairs, no wildcards.
        ``window``: at most this many queries in flight at once, a new one leaving as each is
        answered (a sliding window; with livectl's script those that leave together travel
        packed): for thousands of queries, it bounds what waits in Live's receive buffer."""
        if window is not None and (isinstance(window, bool) or not isinstance(window, int)
                                   or window < 1):
            raise ValidationError(f"window must be an int >= 1 (queries in flight), got {window!r}",
                                  field="window", value=window)
        items = []
        for address, args in requests:
            if "*" in _check_address(address):
                raise ValidationError("query_many takes no wildcard; use query()",
                                      field="address", value=address)
            items.append((address, tuple(args)))
        return self._engine.run(_ops.raw_query_many(items, window))

    def send(self, address: str, *args: Any, confirm: bool = False) -> Any:
        """Send without waiting for a reply. ``confirm=True`` waits until AbletonOSC handled
        it, so a /live/error it causes is raised here; otherwise such an error goes to
        ``on_error`` (logged by default)."""
        return self._engine.run(_ops.send(_check_address(address), args, confirm=confirm))

    def listen(self, address: str, *args: Any, callback: Callable[[tuple[Any, ...]], Any],
               start: str | None = None, stop: str | None = None) -> Listener:
        """Raw listener: ``callback(values)`` for messages on ``address`` starting with ``args``.

        ``start``/``stop``: addresses to send (with ``args``) to start and stop the stream,
        e.g. ``/live/song/start_listen/tempo``; by default derived from a ``get`` address.
        """
        _check_address(address)
        start = start or address.replace("/get/", "/start_listen/", 1)
        stop = stop or address.replace("/get/", "/stop_listen/", 1)
        sub = Subscription(key=(address, args), start=(start, args), stop=(stop, args),
                           callback=callback)
        return Listener(self._binding, self._engine.subscribe(sub), address)

    def on_error(self, callback: Callable[[LiveError], Any]) -> None:
        """Where a /live/error goes when no waiting caller caused it (default: a WARNING log)."""
        self._engine.core.on_error = callback

    def on_startup(self, callback: Callable[[], Any]) -> None:
        """``callback()`` whenever AbletonOSC (re)starts and sends /live/startup."""
        self._engine.core.on_startup.append(callback)

    def drain(self, timeout: float = 2.0) -> Any:
        """Wait until every listener callback for the messages received so far has run
        (awaitable on asyncio); True unless ``timeout`` s passed first."""
        return self._engine.drain(timeout)

    def test(self) -> Any:
        """Round trip /live/test; returns ("ok",)."""
        return self._engine.run(_ops.raw_query("/live/test", (), 0))

    def __repr__(self) -> str:
        return (f"<{type(self).__name__} {self._engine.host_ip}:{self._engine.port} "
                f"reply_port={self._engine.reply_port}>")


class Live(_LiveBase):
    """A blocking connection: ``live.song.tempo = 140``; ``live.close()`` or ``with``."""

    song: Song
    view: View
    application: Application
    browser: Browser

    def __init__(self, engine: SyncEngine, *, confirm_writes: bool = True) -> None:
        self._engine = engine
        self._bind(False, confirm_writes)

    def close(self) -> None:
        self._engine.close()

    def __enter__(self) -> Live:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncLive(_LiveBase):
    """An asyncio connection: ``await live.song.set("tempo", 140)``; ``async with``."""

    song: AsyncSong
    view: AsyncView
    application: AsyncApplication
    browser: AsyncBrowser

    def __init__(self, engine: AsyncEngine, *, confirm_writes: bool = True) -> None:
        self._engine = engine
        self._bind(True, confirm_writes)

    async def aclose(self) -> None:
        """Unsubscribe every listener, fail waiting calls, free the reply port (asyncio closes
        the socket on the next loop turn: awaiting this waits for it)."""
        self._engine.close()
        await _Done()

    def close(self) -> Awaitable[None]:
        """Close now; also awaitable (``await live.close()``), as an alias of ``aclose()``."""
        self._engine.close()
        return _Done()

    async def __aenter__(self) -> AsyncLive:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


class _Done:
    """Awaiting it lets the loop finish closing the transport (one turn); not awaiting it
    is harmless (no coroutine is created until it is awaited)."""

    def __await__(self) -> Generator[Any, None, None]:
        return (yield from asyncio.sleep(0).__await__())


class _Connecting:
    """What :func:`aconnect` returns: ``await`` it for an :class:`AsyncLive`, or use it as
    ``async with aconnect() as live:`` (closed when the block ends)."""

    def __init__(self, connecting: Coroutine[Any, Any, AsyncLive]) -> None:
        self._connecting: Coroutine[Any, Any, AsyncLive] | None = connecting
        self._live: AsyncLive | None = None

    def _take(self) -> Coroutine[Any, Any, AsyncLive]:
        if self._connecting is None:
            raise RuntimeError("this aconnect() was already awaited; call aconnect() again")
        connecting, self._connecting = self._connecting, None
        return connecting

    def __await__(self) -> Generator[Any, None, AsyncLive]:
        return self._take().__await__()

    async def __aenter__(self) -> AsyncLive:
        self._live = await self._take()
        return self._live

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._live is not None:
            await self._live.aclose()

    def __del__(self) -> None:
        if self._connecting is not None:  # never awaited: no "never awaited" warning
            self._connecting.close()


def connect(
    host: str = "127.0.0.1",
    port: int = 11000,
    reply_port: int | None = None,
    timeout: float = 1.0,
    *,
    retries: int = 1,
    confirm_writes: bool = True,
    on_error: Callable[[LiveError], None] | None = None,
    bind_host: str | None = None,
    check: bool = False,
    protocol: str = "auto",
) -> Live:
    """Connect to Live at ``host:port``: livectl's remote script, or AbletonOSC.

    ``protocol="auto"`` first tries livectl's handshake (about 0.35 s at most): if livectl's
    script answers, every call carries a request id (replies and errors can never be mixed
    up, lost datagrams are resent safely, listeners are this program's own, and any number
    of programs can talk to one Live at once); otherwise plain AbletonOSC rules apply.
    ``"livectl"`` requires the script, ``"abletonosc"`` skips the handshake.
    ``reply_port``: where replies arrive; by default any free port with livectl's script and
    11001 with AbletonOSC (which replies there only). Binds it at once (PortInUseError names
    it if taken). ``timeout``: seconds per attempt; calls are retried ``retries`` more times
    (with AbletonOSC, only those that are safe to repeat). ``check=True`` does a /live/test
    round trip now, so a missing Live fails here with the list of things to check.
    """
    engine = SyncEngine(host, port, reply_port, timeout=timeout, retries=retries,
                        on_error=on_error, bind_host=bind_host, protocol=protocol)
    live = Live(engine, confirm_writes=confirm_writes)
    if check:
        try:
            live.test()
        except BaseException:
            live.close()
            raise
    return live


def aconnect(
    host: str = "127.0.0.1",
    port: int = 11000,
    reply_port: int | None = None,
    timeout: float = 1.0,
    *,
    retries: int = 1,
    confirm_writes: bool = True,
    on_error: Callable[[LiveError], None] | None = None,
    bind_host: str | None = None,
    check: bool = False,
    protocol: str = "auto",
) -> _Connecting:
    """The asyncio twin of :func:`connect`: ``live = await aconnect(...)``, or
    ``async with aconnect(...) as live:`` (closed at the end of the block)."""
    return _Connecting(_aconnect(host, port, reply_port, timeout, retries=retries,
                                 confirm_writes=confirm_writes, on_error=on_error,
                                 bind_host=bind_host, check=check, protocol=protocol))


async def _aconnect(
    host: str = "127.0.0.1",
    port: int = 11000,
    reply_port: int | None = None,
    timeout: float = 1.0,
    *,
    retries: int = 1,
    confirm_writes: bool = True,
    on_error: Callable[[LiveError], None] | None = None,
    bind_host: str | None = None,
    check: bool = False,
    protocol: str = "auto",
) -> AsyncLive:
    engine = AsyncEngine(host, port, reply_port, timeout=timeout, retries=retries,
                         on_error=on_error, bind_host=bind_host, protocol=protocol)
    await engine.start()
    live = AsyncLive(engine, confirm_writes=confirm_writes)
    if check:
        try:
            await live.test()
        except BaseException:
            live.close()
            raise
    return live
