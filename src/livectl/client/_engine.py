"""The two shells over :class:`ClientCore`: a sync engine (threads) and an asyncio engine.

They differ only in how they wait: the sync engine blocks on ``concurrent.futures.Future``, the
asyncio engine awaits ``asyncio.Future``. Everything else (preparing, correlation, stepping an
operation, retry policy, error text) is shared in :class:`_EngineBase` or the core.

Retry policy: a request marked ``idempotent`` (every get and query, property sets, note pages,
which are written so that applying one twice changes nothing) is resent whole, with a new
token, up to ``retries`` more times when neither its reply nor an error came within
``timeout`` s. Other writes (create a clip, a method call) are never resent: a timeout says the
write may or may not have happened. A request an open /live/error may belong to is not resent
either: it raises :class:`UncertainLiveError`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import inspect
import logging
import queue
import socket
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from livectl.client._core import ClientCore, Pending, Subscription
from livectl.client._diagnose import timeout_error
from livectl.client._request import Batch, Op, Request
from livectl.errors import LiveConnectionError, LiveCtlError, LiveError, LiveTimeoutError
from livectl.transport import AsyncUDPTransport, UDPTransport, bind_host_for

__all__ = ["AsyncEngine", "SyncEngine"]

log = logging.getLogger(__name__)

Result = Any  # reply values (a tuple), a list for a wildcard, or the exception it failed with


def _resolve_host(host: str) -> str:
    try:
        return socket.gethostbyname(host)
    except OSError as exc:
        raise LiveConnectionError(
            f"cannot resolve host {host!r}: {exc}; pass the IP address of the machine running Live"
        ) from exc


def _advance(op: Op[Any], value: Any, error: BaseException | None) -> tuple[bool, Any]:
    """Step ``op``: (True, its result) when it finished, else (False, the next step)."""
    try:
        step = op.throw(error) if error is not None else op.send(value)
    except StopIteration as stop:
        return True, stop.value
    return False, step


def _absorb(step: Request | Batch, results: list[Result]) -> tuple[Any, BaseException | None]:
    """What to feed back into the operation: a Batch gets the list, a Request its value/raise."""
    if isinstance(step, Batch):
        return results, None
    (result,) = results
    if isinstance(result, BaseException):
        return None, result
    return result, None


def _as_batch(step: Request | Batch) -> Sequence[Request]:
    return step if isinstance(step, Batch) else (step,)


class _EngineBase:
    def __init__(
        self,
        host: str,
        port: int,
        reply_port: int,
        *,
        timeout: float,
        retries: int,
        on_error: Callable[[LiveError], None] | None,
    ) -> None:
        if timeout <= 0:
            raise ValueError(f"timeout must be > 0 seconds, got {timeout!r}")
        self.host_ip = _resolve_host(host)
        self.port = port
        self.reply_port = reply_port
        self.address = (self.host_ip, port)
        self.timeout = float(timeout)
        self.retries = int(retries)
        self.core = ClientCore(self.host_ip, port, on_error=on_error)
        self._lock = threading.RLock()
        self._closed = False
        self._transport: Any = None
        self.errors_seen = 0

    def _send_all(self, datagrams: list[bytes]) -> None:
        for data in datagrams:
            self._transport.send(data, self.address)

    def _prepare(self, request: Request, resolve: Callable[[Any, BaseException | None], None]) -> Pending | None:
        if self._closed:
            raise LiveConnectionError("this Live connection is closed; connect again")
        datagrams, pending = self.core.prepare(request, resolve, time.monotonic())
        try:
            self._send_all(datagrams)
        except OSError as exc:
            # Never sent, so no reply will come: a request left waiting would take the reply
            # meant for the next request on the same address.
            if pending is not None:
                self.core.cancel(pending, time.monotonic())
            raise LiveConnectionError(
                f"could not send {request.address} to {self.host_ip}:{self.port}: {exc}; "
                "check the network (is the host reachable?) and try again"
            ) from exc
        return pending

    def _abandon(self, pendings: Iterable[Pending]) -> None:
        """Forget requests whose caller stopped waiting (task cancelled, Ctrl-C): if their
        replies were lost, they would otherwise take the next replies on their addresses."""
        for pending in pendings:
            if not pending.done:
                self.core.cancel(pending, time.monotonic())

    def _timeout(self, request: Request, attempts: int) -> LiveTimeoutError:
        return timeout_error(
            request, host_ip=self.host_ip, port=self.port, reply_port=self.reply_port,
            waited_s=self.timeout * attempts, attempts=attempts,
        )

    def _gave_up(self, pending: Pending, request: Request, original: Request,
                 attempts: int) -> tuple[Request | None, BaseException | None]:
        """After a timeout: (what to send again, None) or (None, the error to raise)."""
        uncertain = self.core.cancel(pending, time.monotonic())
        if uncertain is not None:
            return None, uncertain
        if attempts <= self.retries and request.idempotent:
            return request, None
        return None, self._timeout(original, attempts)

    def _handle(self, data: bytes, source: tuple[str, int]) -> list[Callable[[], None]]:
        with self._lock:
            calls, out = self.core.receive(data, source, time.monotonic())
            if out and not self._closed:
                self._send_all(out)
        return calls

    def subscribe(self, sub: Subscription) -> Subscription:
        with self._lock:
            if self._closed:
                raise LiveConnectionError("this Live connection is closed; connect again")
            try:
                self._send_all(self.core.subscribe(sub))
            except OSError as exc:
                self.core.unsubscribe(sub)  # no handle reaches the caller: leave nothing behind
                raise LiveConnectionError(
                    f"could not send {sub.start[0]} to {self.host_ip}:{self.port}: {exc}; "
                    "check the network (is the host reachable?) and try again"
                ) from exc
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            datagrams = self.core.unsubscribe(sub)
            if not self._closed:
                self._send_all(datagrams)

    def _shutdown(self) -> None:
        with self._lock:
            if self._closed:
                return
            for sub in self.core.subscriptions():
                try:
                    self._send_all(self.core.unsubscribe(sub))
                except OSError as exc:
                    # Best effort: Live keeps the listener (harmless), the port must be freed.
                    log.debug("could not send stop_listen while closing: %s", exc)
            self._closed = True
            self.core.fail_all(LiveConnectionError("the Live connection was closed"))
        self._transport.close()


class SyncEngine(_EngineBase):
    """Blocking shell: a reader thread feeds the core; callers block on futures.

    Listener and error callbacks run in order on one callback thread, not on the reader: a
    callback may itself query Live (the reader stays free to deliver the reply).
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 11000,
        reply_port: int = 11001,
        *,
        timeout: float = 1.0,
        retries: int = 1,
        on_error: Callable[[LiveError], None] | None = None,
        transport: Any = None,
        bind_host: str | None = None,
    ) -> None:
        super().__init__(host, port, reply_port, timeout=timeout, retries=retries, on_error=on_error)
        self._transport = transport or UDPTransport(bind_host or bind_host_for(host), reply_port)
        self._calls: queue.SimpleQueue[Callable[[], Any] | None] = queue.SimpleQueue()
        self._worker = threading.Thread(
            target=self._run_callbacks, name="livectl-callbacks", daemon=True
        )
        self._worker.start()
        self._transport.start(self._on_datagram)

    def _on_datagram(self, data: bytes, source: tuple[str, int]) -> None:
        for call in self._handle(data, source):
            self._calls.put(call)

    def _run_callbacks(self) -> None:
        while (call := self._calls.get()) is not None:
            try:
                call()
            except Exception:
                log.exception("a listener or error callback raised")

    def drain(self, timeout: float = 2.0) -> bool:
        """Wait until every callback for the messages received so far has run."""
        if threading.current_thread() is self._worker:
            return True
        done = threading.Event()
        self._calls.put(done.set)
        return done.wait(timeout)

    def exchange(self, requests: Sequence[Request]) -> list[Result]:
        results: list[Result] = [None] * len(requests)
        current = list(requests)
        todo = list(range(len(requests)))
        attempts = 0
        while todo:
            attempts += 1
            waits: list[tuple[int, concurrent.futures.Future[Any], Pending]] = []
            with self._lock:
                for i in todo:
                    fut: concurrent.futures.Future[Any] = concurrent.futures.Future()
                    try:
                        pending = self._prepare(current[i], _thread_resolver(fut))
                    except LiveConnectionError as send_error:
                        results[i] = send_error  # the rest of the batch goes on
                        continue
                    if pending is None:
                        results[i] = ()
                    else:
                        waits.append((i, fut, pending))
            deadline = time.monotonic() + self.timeout
            todo = []
            try:
                for i, fut, pending in waits:
                    try:
                        results[i] = fut.result(timeout=max(0.0, deadline - time.monotonic()))
                    except concurrent.futures.TimeoutError:
                        with self._lock:
                            again, error = self._gave_up(pending, current[i], requests[i],
                                                         attempts)
                        if again is None:
                            results[i] = error
                        else:
                            todo.append(i)
                    except LiveCtlError as exc:
                        results[i] = exc
            except BaseException:  # KeyboardInterrupt while blocked
                with self._lock:
                    self._abandon(p for _, _, p in waits)
                raise
        return results

    def run(self, op: Op[Any]) -> Any:
        feed: tuple[Any, BaseException | None] = (None, None)
        while True:
            finished, item = _advance(op, *feed)
            if finished:
                return item
            feed = _absorb(item, self.exchange(_as_batch(item)))

    def close(self) -> None:
        self._shutdown()
        self._calls.put(None)
        if threading.current_thread() is not self._worker:
            self._worker.join(timeout=2.0)


def _thread_resolver(fut: concurrent.futures.Future[Any]) -> Callable[[Any, BaseException | None], None]:
    def resolve(value: Any, error: BaseException | None) -> None:
        if fut.done():
            return
        if error is not None:
            fut.set_exception(error)
        else:
            fut.set_result(value)

    return resolve


class AsyncEngine(_EngineBase):
    """asyncio shell: the datagram endpoint feeds the core on the loop; callers await futures.

    Listener callbacks run on the loop; a callback that returns an awaitable is scheduled as a
    task.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 11000,
        reply_port: int = 11001,
        *,
        timeout: float = 1.0,
        retries: int = 1,
        on_error: Callable[[LiveError], None] | None = None,
        bind_host: str | None = None,
    ) -> None:
        super().__init__(host, port, reply_port, timeout=timeout, retries=retries, on_error=on_error)
        self._bind_host = bind_host or bind_host_for(host)
        self._tasks: set[asyncio.Task[Any]] = set()

    async def start(self) -> None:
        transport = AsyncUDPTransport(self._bind_host, self.reply_port)
        await transport.start(self._on_datagram)
        self._transport = transport

    def _on_datagram(self, data: bytes, source: tuple[str, int]) -> None:
        for call in self._handle(data, source):
            try:
                result = call()
            except Exception:
                log.exception("a listener or error callback raised")
                continue
            if inspect.isawaitable(result):
                task = asyncio.ensure_future(result)
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def drain(self, timeout: float = 2.0) -> bool:
        """Wait until the callbacks scheduled as tasks so far have finished."""
        if not self._tasks:
            return True
        _, pending = await asyncio.wait(set(self._tasks), timeout=timeout)
        return not pending

    async def exchange(self, requests: Sequence[Request]) -> list[Result]:
        loop = asyncio.get_running_loop()
        results: list[Result] = [None] * len(requests)
        current = list(requests)
        todo = list(range(len(requests)))
        attempts = 0
        while todo:
            attempts += 1
            waits: list[tuple[int, asyncio.Future[Any], Pending]] = []
            for i in todo:
                fut: asyncio.Future[Any] = loop.create_future()
                try:
                    pending = self._prepare(current[i], _loop_resolver(fut))
                except LiveConnectionError as send_error:
                    results[i] = send_error  # the rest of the batch goes on
                    continue
                if pending is None:
                    results[i] = ()
                else:
                    waits.append((i, fut, pending))
            if waits:
                try:
                    await asyncio.wait([f for _, f, _ in waits], timeout=self.timeout)
                except BaseException:  # the calling task was cancelled (wait_for, ...)
                    self._abandon(p for _, _, p in waits)
                    raise
            todo = []
            for i, fut, pending in waits:
                if fut.done():
                    exc = fut.exception()
                    results[i] = exc if exc is not None else fut.result()
                    continue
                fut.cancel()
                again, error = self._gave_up(pending, current[i], requests[i], attempts)
                if again is None:
                    results[i] = error
                else:
                    todo.append(i)
        return results

    async def run(self, op: Op[Any]) -> Any:
        feed: tuple[Any, BaseException | None] = (None, None)
        while True:
            finished, item = _advance(op, *feed)
            if finished:
                return item
            feed = _absorb(item, await self.exchange(_as_batch(item)))

    def close(self) -> None:
        if self._transport is not None:
            self._shutdown()


def _loop_resolver(fut: asyncio.Future[Any]) -> Callable[[Any, BaseException | None], None]:
    def resolve(value: Any, error: BaseException | None) -> None:
        if fut.done():
            return
        if error is not None:
            fut.set_exception(error)
        else:
            fut.set_result(value)

    return resolve
