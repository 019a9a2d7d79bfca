"""Blocking UDP with a reader thread: the sync client's transport."""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import os
import select
import socket
import threading
import time
from collections.abc import Callable

from livectl.checks import check_real_range
from livectl.transport._base import RECV_BUFFER, Address, DatagramHandler, bind_error

__all__ = ["UDPTransport", "bind_host_for"]

log = logging.getLogger(__name__)

# Large enough for any UDP datagram (65,507 bytes of payload on IPv4).
_RECV_SIZE = 65536
# After a caller read its own replies, the reader thread stays off the socket this long, so
# that the caller's next request (a loop of queries) finds the socket free to read again.
_CALLER_GRACE_S = 0.05
_IDLE_POLL_S = 0.25  # the reader thread looks at the closed flag at least this often
# A caller waiting for its reply first spins this long (polling without sleeping) while the
# replies of late came that fast: an idle core that sleeps takes tens of microseconds to wake
# (more in a VM), as long as a whole loopback round trip. Only with a second core (the
# server's), and never while replies take longer (a real Live answers on its ~100 ms tick):
# at most this much CPU a request, and none once the waits grow.
SPIN_S = 100e-6
_MULTICORE = len(os.sched_getaffinity(0)) > 1 if hasattr(os, "sched_getaffinity") else (
    (os.cpu_count() or 1) > 1)


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

    One thread reads at a time (the *reader*): the daemon thread while nobody waits, or a
    caller waiting for its own replies (:meth:`read_until`), which then reads and handles
    them itself: no hand-off to another thread on the hot path. A caller that finds another
    thread reading waits until its replies were handled or the socket is free to read.
    """

    def __init__(self, bind_host: str = "127.0.0.1", port: int = 0, *,
                 spin_s: float | None = None) -> None:
        # None: the module's SPIN_S as it is now (livectl.transport.udp.SPIN_S = 0 before
        # connecting turns the spin off for the connections made after).
        spin_s = check_real_range("spin_s", SPIN_S if spin_s is None else spin_s, 0.0, 0.01,
                                  unit="s")
        self.spin_s = spin_s if _MULTICORE else 0.0
        # How long a caller's replies took of late (a moving average): spin only while short.
        self._wait_avg = 0.0
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            self._sock.bind((bind_host, port))
        except OSError as exc:
            self._sock.close()
            raise bind_error(exc, bind_host, port) from exc
        # A bigger receive buffer absorbs bursts (wildcard replies, many listeners).
        with contextlib.suppress(OSError):  # capped by net.core.rmem_max; best effort
            self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECV_BUFFER)
        self._sock.setblocking(False)
        self._closed = threading.Event()
        self._shut = False  # what _closed says, read as a plain attribute on the hot path
        self._thread: threading.Thread | None = None
        self._send_lock = threading.Lock()
        self._on_datagram: DatagramHandler | None = None
        # Who reads: guards _reading, _parked, _grace (a plain lock: a C call on
        # the hot path).
        self._turn_lock = threading.Lock()
        self._reading = False
        # Callers waiting while another thread reads: (until, waker). Each is woken alone,
        # when its reply was handled or when the turn is free and it is next, rather than
        # all of them on every datagram (32 threads woke 31 for nothing a reply).
        self._parked: list[tuple[Callable[[], bool] | None, threading.Lock]] = []
        self._grace = 0.0  # the reader thread stays off the socket until then
        self._poll = select.poll()
        self._poll.register(self._sock, select.POLLIN)

    @property
    def local_address(self) -> Address:
        host, port = self._sock.getsockname()[:2]
        return (str(host), int(port))

    @property
    def spinning(self) -> bool:
        """Whether a caller's next wait begins with a spin (see ``SPIN_S``): replies of late
        came within twice the spin."""
        return self.spin_s > 0.0 and self._wait_avg < 2.0 * self.spin_s

    def start(self, on_datagram: DatagramHandler) -> None:
        if self._thread is not None:
            raise RuntimeError("UDPTransport already started")
        self._on_datagram = on_datagram
        self._thread = threading.Thread(
            target=self._read, args=(on_datagram,), name="livectl-udp-reader", daemon=True
        )
        self._thread.start()

    def _take_turn(self, until: Callable[[], bool] | None, deadline: float) -> bool:
        """Become the reader (True), or return False when ``until()`` came true (the reader
        handled our replies), the deadline passed or the transport closed."""
        with self._turn_lock:
            if until is not None:
                self._grace = time.monotonic() + _CALLER_GRACE_S
            while self._reading:
                if until is not None and until():
                    return False
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._shut:
                    return False
                try:
                    self._park(until, remaining)
                except BaseException:  # Ctrl-C while parked: a turn handed to us goes on
                    if not self._reading:
                        self._pass_turn()
                    raise
            if self._shut or (until is not None and until()):
                self._pass_turn()  # it may have been handed to this caller
                return False
            self._reading = True
            return True

    def _park(self, until: Callable[[], bool] | None, remaining: float) -> None:
        """Wait (the turn lock held, released meanwhile) until woken or ``remaining`` s."""
        waker = threading.Lock()
        waker.acquire()
        entry = (until, waker)
        self._parked.append(entry)
        # The reader looks at _parked without the lock: a reply it handled between our look
        # at until() and this append found nobody to wake. Look again, now that we are in.
        if until is not None and until():
            self._parked.remove(entry)
            return
        self._turn_lock.release()
        try:
            waker.acquire(timeout=remaining)
        finally:
            self._turn_lock.acquire()
            if entry in self._parked:  # timed out: nobody woke it
                self._parked.remove(entry)

    def _wake_answered(self) -> None:
        """Wake the parked callers whose replies were handled (the turn lock held)."""
        for entry in [e for e in self._parked if e[0] is not None and e[0]()]:
            self._parked.remove(entry)
            entry[1].release()

    def _pass_turn(self) -> None:
        """The turn is free: wake the answered and the first still waiting, who reads next
        (the turn lock held)."""
        self._wake_answered()
        if self._parked and not self._reading:
            self._parked.pop(0)[1].release()

    def _give_turn(self) -> None:
        with self._turn_lock:
            self._reading = False
            if self._parked:
                self._pass_turn()

    def _handle_ready(self, on_datagram: DatagramHandler, until: Callable[[], bool] | None) -> bool:
        """Read and handle what the socket holds (without blocking); True once ``until()``
        came true."""
        recvfrom = self._sock.recvfrom
        while True:
            try:
                data, source = recvfrom(_RECV_SIZE)
            except (BlockingIOError, InterruptedError):
                return False
            except OSError:
                # ICMP port-unreachable surfaces as ECONNREFUSED on some systems: not fatal.
                if self._shut:
                    return False
                continue
            if source is None:  # shutdown() woke the socket with nothing
                return False
            try:
                on_datagram(data, source)
            except Exception:  # a handler bug must not kill the reader
                log.exception("datagram handler failed")
            if self._parked:  # another caller's reply may be among what was handled
                with self._turn_lock:
                    self._wake_answered()
            if until is not None and until():
                return True

    def read_until(self, until: Callable[[], bool], deadline: float) -> None:
        """Wait until ``until()`` is true or ``deadline`` (monotonic) passed, reading and
        handling datagrams in this thread while no other thread reads."""
        on_datagram = self._on_datagram
        if on_datagram is None:
            raise RuntimeError("UDPTransport not started")
        if not self._take_turn(until, deadline):  # which also looked at until()
            return
        poll = self._poll.poll
        started = time.monotonic()
        spin = self.spin_s if self.spinning else 0.0
        try:
            while True:
                now = time.monotonic()
                remaining = deadline - now
                if remaining <= 0 or self._shut:
                    return
                # See SPIN_S; not while other callers wait (their threads need the GIL).
                if spin and not self._parked and not poll(0):
                    spin_until = min(now + spin, deadline)
                    while time.monotonic() < spin_until and not poll(0):
                        pass
                    spin = 0.0
                if poll(max(1, int(remaining * 1000) + 1)):
                    if self._handle_ready(on_datagram, until):
                        return
                elif until():
                    return
        finally:
            self._wait_avg += (time.monotonic() - started - self._wait_avg) * 0.125
            self._give_turn()

    def _read(self, on_datagram: DatagramHandler) -> None:
        poll = self._poll.poll
        while not self._closed.is_set():
            with self._turn_lock:
                wait = self._grace - time.monotonic()
            if wait > 0:  # a caller reads its own replies: stay off the socket meanwhile
                self._closed.wait(wait)
                continue
            if not self._take_turn(None, time.monotonic() + _IDLE_POLL_S):
                continue
            try:
                # Short polls: a caller's grace begins while this thread waits.
                if poll(int(_CALLER_GRACE_S * 1000)) and not self._closed.is_set():
                    self._handle_ready(on_datagram, None)
            except (OSError, ValueError):
                if self._closed.is_set():
                    return
            finally:
                self._give_turn()

    def send(self, data: bytes, addr: Address) -> None:
        with self._send_lock:
            while True:
                try:
                    self._sock.sendto(data, addr)
                    return
                except BlockingIOError:  # the send buffer is full (a burst): wait for room
                    select.select([], [self._sock], [], 1.0)

    def close(self) -> None:
        if self._closed.is_set():
            return
        self._shut = True
        self._closed.set()
        with self._turn_lock:
            for _, waker in self._parked:
                waker.release()
            self._parked.clear()
        # shutdown() wakes a thread waiting in poll() on Linux; close() alone may not.
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2.0)
        self._sock.close()

    def __enter__(self) -> UDPTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
