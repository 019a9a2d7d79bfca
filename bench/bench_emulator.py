"""Emulator speed, as ratios against a raw UDP echo measured in the same run.

- query round trip (``/live/song/get/tempo`` at tick 0) vs. a raw UDP echo of the same bytes;
- messages handled per second (pipelined, 32 in flight) vs. the echo's rate;
- the sans-I/O core per message vs. python-osc parsing + building the same message
  (the codec floor), and the fuzz mix vs. plain queries.
"""

from __future__ import annotations

import random
import select
import socket
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from pythonosc.osc_message import OscMessage
from pythonosc.osc_message_builder import OscMessageBuilder

from livectl.emulator import Emulator, EmulatorCore
from livectl.protocol import encode_message

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "emulator"))
import fuzz_datagrams

QUERY = encode_message("/live/song/get/tempo", [])


class Echo:
    """The floor: a thread that sends every datagram straight back to its sender."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop:
            ready, _, _ = select.select([self.sock], [], [], 0.05)
            if ready:
                data, addr = self.sock.recvfrom(65536)
                self.sock.sendto(data, addr)

    def close(self) -> None:
        self._stop = True
        self._thread.join()
        self.sock.close()


def _client(reply_port: int | None = None) -> socket.socket:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", reply_port or 0))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    s.settimeout(2.0)
    return s


def _rtt(send: Callable[[], None], recv: Callable[[], None], n: int) -> float:
    samples = []
    for _ in range(n):
        t0 = time.perf_counter_ns()
        send()
        recv()
        samples.append(time.perf_counter_ns() - t0)
    return statistics.median(samples)


def _rate(send: Callable[[], None], recv: Callable[[], None], n: int, window: int = 32) -> float:
    t0 = time.perf_counter()
    sent = got = 0
    while got < n:
        while sent < n and sent - got < window:
            send()
            sent += 1
        recv()
        got += 1
    return n / (time.perf_counter() - t0)


def _median_of(f: Callable[[], float], repeats: int) -> float:
    return statistics.median(f() for _ in range(repeats))


def main(quick: bool) -> None:
    n_rtt, n_rate, rounds = (100, 1000, 7) if quick else (500, 5000, 15)
    repeats = 3 if quick else 5

    # Floor and emulator run side by side, measured in alternating rounds: on a shared
    # machine the speed drifts within seconds, so each round's ratio compares like with like
    # and the median of the ratios is reported.
    echo = Echo()
    sock = _client()
    echo_target = ("127.0.0.1", echo.port)
    reply = _client()
    emu = Emulator(port=0, reply_port=reply.getsockname()[1], tick_s=0).start()
    reply.recv(65536)  # /live/startup
    reply.recv(65536)  # average_process_usage
    emu_target = ("127.0.0.1", emu.port)

    def echo_rtt() -> float:
        return _rtt(lambda: sock.sendto(QUERY, echo_target), lambda: sock.recv(65536), n_rtt)

    def echo_rate() -> float:
        return _rate(lambda: sock.sendto(QUERY, echo_target), lambda: sock.recv(65536), n_rate)

    def emu_rtt() -> float:
        return _rtt(lambda: reply.sendto(QUERY, emu_target), lambda: reply.recv(65536), n_rtt)

    def emu_rate() -> float:
        return _rate(lambda: reply.sendto(QUERY, emu_target), lambda: reply.recv(65536), n_rate)

    rtt_ratios, rate_ratios, echo_rtts, echo_rates = [], [], [], []
    for _ in range(rounds):
        floor_rtt, floor_rate = echo_rtt(), echo_rate()
        rtt_ratios.append(emu_rtt() / floor_rtt)
        rate_ratios.append(emu_rate() / floor_rate)
        echo_rtts.append(floor_rtt)
        echo_rates.append(floor_rate)
    emu.close()
    reply.close()
    sock.close()
    echo.close()

    print(
        f"query round trip (tick 0), median of {rounds} alternating rounds: "
        f"{statistics.median(rtt_ratios):.2f} x raw UDP echo "
        f"(echo {statistics.median(echo_rtts) / 1000:.0f} us)"
    )
    print(
        f"messages handled per second, 32 in flight: {statistics.median(rate_ratios):.2f} x "
        f"raw UDP echo rate (echo {statistics.median(echo_rates):,.0f}/s)"
    )

    # In process: the core per message against python-osc parse + build of the same message.
    core = EmulatorCore()
    addr = ("127.0.0.1", 1)
    n = 2000 if quick else 20000

    def codec_floor() -> float:
        t0 = time.perf_counter_ns()
        for _ in range(n):
            msg = OscMessage(QUERY)
            b = OscMessageBuilder(msg.address)
            b.add_arg(120.0)
            b.build()
        return (time.perf_counter_ns() - t0) / n

    def core_query() -> float:
        t0 = time.perf_counter_ns()
        for _ in range(n):
            core.handle(QUERY, addr)
        return (time.perf_counter_ns() - t0) / n

    floor = _median_of(codec_floor, repeats)
    per_query = _median_of(core_query, repeats)
    print(
        f"core per query: {per_query / floor:.2f} x python-osc parse+build "
        f"(floor {floor / 1000:.1f} us)"
    )

    rng = random.Random(1)
    fuzz_n = 10_000 if quick else 100_000
    datagrams = [fuzz_datagrams.anything(rng) for _ in range(fuzz_n)]
    fuzz_core = EmulatorCore()
    t0 = time.perf_counter_ns()
    for d in datagrams:
        fuzz_core.handle(d, addr)
    per_fuzz = (time.perf_counter_ns() - t0) / fuzz_n
    fuzz_core.handle(encode_message("/live/test", []), addr)
    print(
        f"fuzz mix ({fuzz_n:,} hostile datagrams): {per_fuzz / per_query:.2f} x a plain "
        f"query per datagram; server still answers /live/test"
    )


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
