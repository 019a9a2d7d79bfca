"""The two shells over :class:`ClientCore`: a sync engine (threads) and an asyncio engine.

They differ only in how they wait: a sync caller reads and handles its own replies on the
socket when no other thread is reading (else it waits for the reader to resolve it), the
asyncio engine awaits ``asyncio.Future``. Everything else (preparing, correlation, stepping an
operation, retry policy, error text) is shared in :class:`_EngineBase` or the core.

Which core: with ``protocol="auto"`` (the default) the engine first sends livectl's
handshake (``/livectl/connect``); if livectl's remote script answers within ``handshake_s``,
:class:`~livectl.client._session.SessionCore` correlates by request id (and a ticker resends
unanswered requests with the same id and keeps the session's lease), otherwise
:class:`ClientCore` speaks plain AbletonOSC. ``protocol="livectl"`` requires the script,
``"abletonosc"`` skips the handshake.

Retry policy with plain AbletonOSC: a request marked ``idempotent`` (every get and query,
property sets, note pages, which are written so that applying one twice changes nothing) is
resent whole, with a new token, up to ``retries`` more times when neither its reply nor an
error came within ``timeout`` s. Other writes (create a clip, a method call) are never resent:
a timeout says the write may or may not have happened. A request an open /live/error may
belong to is not resent either: it raises :class:`UncertainLiveError`. With livectl's script
every request is resent with its own id (the script applies an id once), so nothing is
uncertain.
"""

from __future__ import annotations

import asyncio
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
from livectl.client._session import SessionCore, SessionInfo
from livectl.errors import LiveConnectionError, LiveError, LiveTimeoutError
from livectl.transport import AsyncUDPTransport, UDPTransport, bind_host_for

__all__ = ["PROTOCOLS", "AsyncEngine", "SyncEngine"]

PROTOCOLS = ("auto", "livectl", "abletonosc")
_TICK_S = 0.01  # how often a session's ticker looks for requests to resend (cheap)

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
        protocol: str = "auto",
        handshake_s: float = 0.35,
    ) -> None:
        if timeout <= 0:
            raise ValueError(f"timeout must be > 0 seconds, got {timeout!r}")
        if protocol not in PROTOCOLS:
            raise ValueError(f"protocol must be one of {', '.join(PROTOCOLS)}, got {protocol!r}")
        self.host_ip = _resolve_host(host)
        self.port = port
        self.reply_port = reply_port
        self.address = (self.host_ip, port)
        self.timeout = float(timeout)
        self.retries = int(retries)
        self.core: ClientCore | SessionCore = ClientCore(self.host_ip, port, on_error=on_error)
        self.protocol = protocol
        self.handshake_s = float(handshake_s)
        self.session: SessionInfo | None = None  # set when livectl's script answered
        self._lock = threading.RLock()
        self._closed = False
        self._transport: Any = None
        self.errors_seen = 0

    def _send_all(self, datagrams: list[bytes]) -> None:
        for data in datagrams:
            self._transport.send(data, self.address)

    def _prepare(self, request: Request, resolve: Callable[[Any, BaseException | None], None],
                 again: Any = None) -> Any:
        if self._closed:
            raise LiveConnectionError("this Live connection is closed; connect again")
        datagrams, pending = self.core.prepare(request, resolve, time.monotonic(), again)
        try:
            self._send_requests(datagrams, [pending])
        except OSError as exc:
            # Never sent, so no reply will come: a request left waiting would take the reply
            # meant for the next request on the same address.
            if pending is not None:
                self.core.cancel(pending, time.monotonic())
            raise self._send_error(request.address, exc) from exc
        return pending

    def _send_error(self, what: str, exc: OSError) -> LiveConnectionError:
        """The error for ``what`` (an address, "3 requests") that could not be sent."""
        return LiveConnectionError(
            f"could not send {what} to {self.host_ip}:{self.port}: {exc}; "
            "check the network (is the host reachable?) and try again")

    def _prepare_all(self, items: Sequence[tuple[Request, Any, Any]]) -> list[Any]:
        """Prepare and send several requests (``(request, resolve, earlier pending)``); per
        item its pending, None (no reply expected) or the LiveConnectionError of its send.
        With livectl's script (capability "multi") their datagrams travel packed, as many
        requests per datagram as fit (the script answers each, coalesced), else one each."""
        core = self.core
        if len(items) < 2 or not core.packs():
            out: list[Any] = []
            for request, resolve, again in items:
                try:
                    out.append(self._prepare(request, resolve, again))
                except LiveConnectionError as send_error:
                    out.append(send_error)  # the rest of the batch goes on
            return out
        if self._closed:
            raise LiveConnectionError("this Live connection is closed; connect again")
        now = time.monotonic()
        datagrams: list[bytes] = []
        pendings: list[Any] = []
        try:
            for request, resolve, again in items:
                sent, pending = core.prepare(request, resolve, now, again)
                datagrams.extend(sent)
                pendings.append(pending)
        except BaseException:  # a value OSC cannot carry: nothing was sent, nothing waits
            self._abandon(p for p in pendings if p is not None)
            raise
        try:
            self._send_requests(datagrams, pendings)
        except OSError as exc:
            self._abandon(p for p in pendings if p is not None)
            error = self._send_error(f"{len(items)} requests", exc)
            return [error] * len(items)
        return pendings

    def _send_requests(self, datagrams: list[bytes], pendings: list[Any]) -> None:
        """Send the datagrams of requests now (packed when the script reads packed ones)."""
        if len(datagrams) == 1:  # a lone request: nothing to pack
            self._transport.send(datagrams[0], self.address)
        else:
            self._send_all(self.core.pack(datagrams))

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
        if attempts <= self.retries and (request.idempotent or isinstance(self.core, SessionCore)):
            return request, None
        return None, self._timeout(original, attempts)

    # -- livectl's session ------------------------------------------------------------------

    def _begin_handshake(self) -> SessionCore:
        """Make a SessionCore current and send the handshake (under the lock)."""
        session = SessionCore(self.host_ip, self.port, on_error=self.core.on_error)
        session.on_startup.extend(self.core.on_startup)
        with self._lock:
            self._abletonosc_core = self.core
            self.core = session
            self._send_all([session.connect_datagram(time.monotonic())])
        return session

    def _end_handshake(self, session: SessionCore) -> bool:
        """True when livectl's script answered; otherwise back to plain AbletonOSC."""
        with self._lock:
            if session.info is not None:
                self.session = session.info
                return True
            self.core = self._abletonosc_core
        if self.protocol == "livectl":
            raise LiveConnectionError(
                f"livectl's remote script did not answer /livectl/connect at "
                f"{self.host_ip}:{self.port} within {self.handshake_s:g} s; is it selected as a "
                "Control Surface in Live (livectl script install), or is this AbletonOSC? "
                "(connect with protocol='auto' to fall back to AbletonOSC)"
            )
        return False

    def _session_tick(self) -> None:
        with self._lock:
            core = self.core
            if self._closed or not isinstance(core, SessionCore):
                return
            out = core.tick(time.monotonic())
            if out:
                try:
                    self._send_all(out)
                except OSError as exc:
                    log.debug("session resend failed: %s", exc)

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
                raise self._send_error(sub.start[0], exc) from exc
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
            if isinstance(self.core, SessionCore) and self.core.connected:
                try:
                    self._send_all([self.core.close_datagram()])  # our listeners go at once
                except OSError as exc:
                    log.debug("could not send /livectl/close: %s", exc)
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
        reply_port: int | None = 11001,
        *,
        timeout: float = 1.0,
        retries: int = 1,
        on_error: Callable[[LiveError], None] | None = None,
        transport: Any = None,
        bind_host: str | None = None,
        protocol: str = "auto",
        handshake_s: float = 0.35,
    ) -> None:
        # reply_port None: any free port while trying livectl's script (its replies come to
        # the sender's own port), AbletonOSC's 11001 if it turns out to be AbletonOSC.
        auto_port = reply_port is None
        first_port = (0 if protocol != "abletonosc" else 11001) if auto_port else reply_port
        assert first_port is not None
        super().__init__(host, port, first_port, timeout=timeout, retries=retries,
                         on_error=on_error, protocol=protocol, handshake_s=handshake_s)
        self._bind_host = bind_host or bind_host_for(host)
        self._transport = transport or UDPTransport(self._bind_host, first_port)
        self.reply_port = self._transport.local_address[1] if transport is None else first_port
        self._calls: queue.SimpleQueue[Callable[[], Any] | None] = queue.SimpleQueue()
        self._worker = threading.Thread(
            target=self._run_callbacks, name="livectl-callbacks", daemon=True
        )
        self._worker.start()
        self._transport.start(self._on_datagram)
        self._ticker: threading.Thread | None = None
        if protocol != "abletonosc":
            try:
                self._handshake(rebind=auto_port and transport is None)
            except BaseException:
                self.close()
                raise

    def _handshake(self, *, rebind: bool) -> None:
        session = self._begin_handshake()
        connected = threading.Event()
        session.on_connected.append(lambda info: connected.set())
        if not connected.wait(self.handshake_s / 2):
            with self._lock:
                self._send_all([session.connect_datagram(time.monotonic())])
            connected.wait(self.handshake_s / 2)
        if self._end_handshake(session):
            self._ticker = threading.Thread(target=self._tick_loop, name="livectl-session",
                                            daemon=True)
            self._ticker.start()
        elif rebind:  # plain AbletonOSC replies to port 11001 only
            old = self._transport
            old.close()
            self._transport = UDPTransport(self._bind_host, 11001)
            self.reply_port = 11001
            self._transport.start(self._on_datagram)

    def _tick_loop(self) -> None:
        while not self._closed:
            time.sleep(_TICK_S)
            self._session_tick()

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

    def exchange(self, requests: Sequence[Request], *, attempts: int = 0,
                 earlier: dict[int, Pending] | None = None,
                 window: int | None = None) -> list[Result]:
        """Send ``requests`` and wait for their results (values, or the exception each failed
        with). ``attempts``/``earlier``: requests already tried that often, and their pendings
        by index (a timed-out request handed over). ``window``: at most this many in flight
        at once, topped up as answers come (:meth:`_exchange_window`)."""
        read_until = getattr(self._transport, "read_until", None)
        if window is not None and len(requests) > window and read_until is not None:
            return self._exchange_window(requests, window, read_until)
        results: list[Result] = [None] * len(requests)
        current = list(requests)
        todo = list(range(len(requests)))
        # A resend reuses its request id (livectl's script).
        earlier_of: dict[int, Any] = dict(earlier or {})
        while todo:
            attempts += 1
            group = _Group(read_until is None)
            waits = self._launch(group, [(i, current[i], earlier_of.get(i)) for i in todo],
                                 results)
            deadline = time.monotonic() + self.timeout
            todo = []
            try:
                if group.left:
                    if read_until is not None:
                        # The caller reads and handles its replies itself (no thread hand-off)
                        # unless another thread is reading: then that one resolves the slots.
                        read_until(group.finished, deadline)
                    else:
                        assert group.event is not None
                        group.event.wait(max(0.0, deadline - time.monotonic()))
                for i, slot, pending in waits:
                    if slot.done:
                        error = slot.error
                        results[i] = slot.value if error is None else error
                        continue
                    with self._lock:
                        if slot.done:  # answered between the wait and the lock
                            error = slot.error
                            results[i] = slot.value if error is None else error
                            continue
                        again, error = self._gave_up(pending, current[i], requests[i], attempts)
                    if again is None:
                        results[i] = error
                    else:
                        earlier_of[i] = pending
                        todo.append(i)
            except BaseException:  # KeyboardInterrupt while blocked
                with self._lock:
                    self._abandon(p for _, _, p in waits)
                raise
        return results

    def _launch(self, group: _Group, items: list[tuple[int, Request, Any]],
                results: list[Result]) -> list[tuple[int, _Slot, Pending]]:
        """Send ``(index, request, earlier pending)`` items; what needs no wait (a send
        error, no reply expected) goes to ``results``, the rest is returned to wait for.
        Under the lock: a reader thread resolves slots (and counts ``group``) under it."""
        waits: list[tuple[int, _Slot, Pending]] = []
        with self._lock:
            slots = [_Slot(group) for _ in items]
            prepared = self._prepare_all([(request, slot, again) for (_, request, again), slot
                                          in zip(items, slots, strict=True)])
            for (i, _, _), slot, pending in zip(items, slots, prepared, strict=True):
                if isinstance(pending, LiveConnectionError):
                    results[i] = pending
                elif pending is None:
                    results[i] = ()
                else:
                    group.left += 1
                    waits.append((i, slot, pending))
        return waits

    def _exchange_window(self, requests: Sequence[Request], window: int,
                         read_until: Callable[[Callable[[], bool], float], None]
                         ) -> list[Result]:
        """A sliding window: ``window`` requests in flight, and as soon as a datagram answers
        some, as many new ones leave (packed together with livectl's script), so both ends
        stay busy as with a pipelined client. Requests unanswered for ``timeout`` go on
        through :meth:`exchange`'s retry rules."""
        results: list[Result] = [None] * len(requests)
        flying: dict[int, tuple[_Slot, Pending]] = {}
        group = _Group(False)
        late: dict[int, Pending] = {}
        upcoming = 0
        half = max(1, (window + 1) // 2)
        try:
            while upcoming < len(requests) or flying:
                while upcoming < len(requests) and len(flying) < window:
                    # At most half a window a datagram: while the script answers one half,
                    # this end reads the other's answers and sends their successors.
                    batch = range(upcoming, min(len(requests), upcoming + half,
                                                upcoming + window - len(flying)))
                    upcoming = batch.stop
                    for i, slot, pending in self._launch(
                            group, [(i, requests[i], None) for i in batch], results):
                        flying[i] = (slot, pending)
                if not flying:
                    continue
                before = group.left
                read_until(group.below(before), time.monotonic() + self.timeout)
                if group.left < before:
                    for i in [i for i, (slot, _) in flying.items() if slot.done]:
                        slot, _ = flying.pop(i)
                        results[i] = slot.outcome
                    continue
                with self._lock:  # nothing answered for a whole timeout
                    for i, (slot, pending) in flying.items():
                        if slot.done:
                            results[i] = slot.outcome
                            continue
                        again, error = self._gave_up(pending, requests[i], requests[i], 1)
                        if again is None:
                            results[i] = error
                        else:
                            late[i] = pending
                flying.clear()
                group = _Group(False)
        except BaseException:  # KeyboardInterrupt while blocked
            with self._lock:
                self._abandon(p for _, p in flying.values())
            raise
        if late:
            order = list(late)
            retried = self.exchange([requests[i] for i in order], attempts=1,
                                    earlier={k: late[i] for k, i in enumerate(order)})
            for i, result in zip(order, retried, strict=True):
                results[i] = result
        return results

    def run(self, op: Op[Any]) -> Any:
        feed: tuple[Any, BaseException | None] = (None, None)
        while True:
            finished, item = _advance(op, *feed)
            if finished:
                return item
            if isinstance(item, Batch):
                feed = (self.exchange(item, window=item.window), None)
            else:  # a lone request: its own path, without exchange's lists
                feed = _absorb(item, [self._exchange_one(item)])

    def fetch(self, request: Request) -> Any:
        """A lone request's values, or its error raised: ``run`` of an operation that only
        yields ``request``, without stepping one (a loop of property reads)."""
        result = self._exchange_one(request)
        if isinstance(result, BaseException):
            raise result
        return result

    def _exchange_one(self, request: Request) -> Result:
        """``exchange([request])[0]`` without its lists: the common case, a lone request
        whose caller reads its own reply (a timeout goes on in :meth:`exchange`)."""
        read_until = getattr(self._transport, "read_until", None)
        if read_until is None:
            return self.exchange((request,))[0]
        slot = _One()
        with self._lock:
            try:
                pending = self._prepare(request, slot)
            except LiveConnectionError as send_error:
                return send_error
        if pending is None:
            return ()
        try:
            read_until(slot.finished, time.monotonic() + self.timeout)
        except BaseException:  # KeyboardInterrupt while blocked
            with self._lock:
                self._abandon((pending,))
            raise
        if not slot.done:
            with self._lock:
                if not slot.done:  # not answered between the wait and the lock
                    again, error = self._gave_up(pending, request, request, 1)
                    if again is None:
                        return error
            if not slot.done:  # waits outside the lock: the reader and ticker need it
                return self.exchange((request,), attempts=1, earlier={0: pending})[0]
        return slot.outcome

    def close(self) -> None:
        self._shutdown()
        ticker = self._ticker
        if ticker is not None and ticker is not threading.current_thread():
            ticker.join(timeout=2.0)  # it ends within one tick once closed
        self._calls.put(None)
        if threading.current_thread() is not self._worker:
            self._worker.join(timeout=2.0)


class _Group:
    """The requests of one exchange still unanswered (resolved under the engine's lock)."""

    __slots__ = ("event", "left")

    def __init__(self, with_event: bool) -> None:
        self.left = 0
        # Only for a transport that cannot let the caller read (tests wrap transports).
        self.event = threading.Event() if with_event else None

    def finished(self) -> bool:
        return self.left <= 0

    def below(self, count: int) -> Callable[[], bool]:
        """``until`` for a wait that ends once fewer than ``count`` are unanswered."""
        return lambda: self.left < count


class _One:
    """Where a lone request's answer lands: the resolve callback the core calls (one object
    per request instead of a Future, its Condition and a closure)."""

    __slots__ = ("done", "error", "value")

    def __init__(self) -> None:
        self.done = False
        self.value: Any = None
        self.error: BaseException | None = None

    def __call__(self, value: Any, error: BaseException | None) -> None:
        if not self.done:
            self.value, self.error, self.done = value, error, True

    def finished(self) -> bool:
        return self.done

    @property
    def outcome(self) -> Any:
        """The answer, or the error that stands in its place."""
        return self.value if self.error is None else self.error


class _Slot(_One):
    """Where one request of an exchange lands: also counts its group down."""

    __slots__ = ("group",)

    def __init__(self, group: _Group) -> None:
        self.group = group
        self.done = False  # (not super().__init__(): one call less per request)
        self.value = None
        self.error = None

    def __call__(self, value: Any, error: BaseException | None) -> None:
        if self.done:
            return
        self.value, self.error, self.done = value, error, True
        group = self.group
        group.left -= 1
        if group.left <= 0 and group.event is not None:
            group.event.set()


class AsyncEngine(_EngineBase):
    """asyncio shell: the datagram endpoint feeds the core on the loop; callers await futures.

    Listener callbacks run on the loop; a callback that returns an awaitable is scheduled as a
    task.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 11000,
        reply_port: int | None = 11001,
        *,
        timeout: float = 1.0,
        retries: int = 1,
        on_error: Callable[[LiveError], None] | None = None,
        bind_host: str | None = None,
        protocol: str = "auto",
        handshake_s: float = 0.35,
    ) -> None:
        self._auto_port = reply_port is None
        first_port = (0 if protocol != "abletonosc" else 11001) if reply_port is None else reply_port
        super().__init__(host, port, first_port, timeout=timeout, retries=retries,
                         on_error=on_error, protocol=protocol, handshake_s=handshake_s)
        self._bind_host = bind_host or bind_host_for(host)
        self._tasks: set[asyncio.Task[Any]] = set()
        self._ticker: asyncio.Task[None] | None = None
        # Requests of tasks that ran in the same loop iteration, sent together at its end.
        self._outbox: list[tuple[list[bytes], list[Any]]] = []
        self._flushing: asyncio.Handle | None = None

    async def start(self) -> None:
        transport = AsyncUDPTransport(self._bind_host, self.reply_port)
        await transport.start(self._on_datagram)
        self._transport = transport
        self.reply_port = transport.local_address[1]
        if self.protocol != "abletonosc":
            try:
                await self._handshake()
            except BaseException:
                self.close()
                raise

    async def _handshake(self) -> None:
        session = self._begin_handshake()
        connected = asyncio.Event()
        session.on_connected.append(lambda info: connected.set())
        for _ in range(2):
            try:
                await asyncio.wait_for(connected.wait(), self.handshake_s / 2)
                break
            except TimeoutError:
                with self._lock:
                    self._send_all([session.connect_datagram(time.monotonic())])
        if self._end_handshake(session):
            self._ticker = asyncio.ensure_future(self._tick_loop())
        elif self._auto_port:  # plain AbletonOSC replies to port 11001 only
            self._transport.close()
            transport = AsyncUDPTransport(self._bind_host, 11001)
            await transport.start(self._on_datagram)
            self._transport = transport
            self.reply_port = 11001

    async def _tick_loop(self) -> None:
        while not self._closed:
            await asyncio.sleep(_TICK_S)
            self._session_tick()

    def _send_requests(self, datagrams: list[bytes], pendings: list[Any]) -> None:
        """With livectl's script, requests made by the tasks that run in one iteration of
        the loop (``gather`` of many gets) leave together, packed, when it ends: one
        datagram for many requests instead of one each. Otherwise sent at once."""
        if not self.core.packs():
            super()._send_requests(datagrams, pendings)
            return
        self._outbox.append((datagrams, pendings))
        if self._flushing is None:
            self._flushing = asyncio.get_running_loop().call_soon(self._flush)

    def _flush(self) -> None:
        self._flushing = None
        queued, self._outbox = self._outbox, []
        if not queued or self._closed:
            return  # closing failed every waiting request already
        try:
            with self._lock:
                self._send_all(self.core.pack([d for datagrams, _ in queued for d in datagrams]))
        except OSError as exc:
            error = self._send_error(f"{len(queued)} requests", exc)
            with self._lock:
                for _, pendings in queued:
                    for pending in pendings:
                        if pending is not None and not pending.done:
                            pending.finish(None, error)
                            self.core.cancel(pending, time.monotonic())

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

    async def exchange(self, requests: Sequence[Request], *,
                       window: int | None = None) -> list[Result]:
        """Send ``requests`` and await their results (values, or the exception each failed
        with); ``window``: at most this many in flight at once (a sliding window)."""
        if window is not None and len(requests) > window:
            return await self._exchange_window(requests, window)
        loop = asyncio.get_running_loop()
        results: list[Result] = [None] * len(requests)
        current = list(requests)
        todo = list(range(len(requests)))
        earlier: dict[int, Any] = {}  # a resend reuses its request id (livectl's script)
        attempts = 0
        while todo:
            attempts += 1
            waits: list[tuple[int, asyncio.Future[Any], Pending]] = []
            futures: list[asyncio.Future[Any]] = [loop.create_future() for _ in todo]
            prepared = self._prepare_all(
                [(current[i], _loop_resolver(fut), earlier.get(i)) for i, fut in zip(todo, futures, strict=True)])
            for i, fut, pending in zip(todo, futures, prepared, strict=True):
                if isinstance(pending, LiveConnectionError):
                    results[i] = pending
                elif pending is None:
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
                    earlier[i] = pending
                    todo.append(i)
        return results

    async def _exchange_window(self, requests: Sequence[Request], window: int) -> list[Result]:
        """``window`` workers, each sending its next request as soon as its last one is
        answered; the requests that leave in one iteration of the loop travel packed."""
        results: list[Result] = [None] * len(requests)
        indexes = iter(range(len(requests)))

        async def worker() -> None:
            for i in indexes:
                (results[i],) = await self.exchange((requests[i],))

        await asyncio.gather(*(worker() for _ in range(window)))
        return results

    async def run(self, op: Op[Any]) -> Any:
        feed: tuple[Any, BaseException | None] = (None, None)
        while True:
            finished, item = _advance(op, *feed)
            if finished:
                return item
            window = item.window if isinstance(item, Batch) else None
            feed = _absorb(item, await self.exchange(_as_batch(item), window=window))

    def close(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
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
