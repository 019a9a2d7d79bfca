"""Emulator speed, as ratios against a raw UDP echo measured in the same run.

- query round trip (``/live/song/get/tempo`` at tick 0) vs. a bare Python UDP echo of the same
  bytes (``recvfrom`` -> ``sendto``), each server in a process of its own;
- messages handled per second (pipelined, 32 in flight) vs. the echo's rate (issue 14's
  target: >= 0.6x, >= 40,000 messages/s when idle);
- the sans-I/O core per message vs. python-osc parsing + building the same message
  (the codec floor), and the fuzz mix vs. plain queries.
"""

from __future__ import annotations

import random
import socket
import statistics
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

from _rounds import ServerProcess, Target, alternate, load_note
from pythonosc.osc_message import OscMessage
from pythonosc.osc_message_builder import OscMessageBuilder

from livectl.emulator import EmulatorCore
from livectl.protocol import encode_message

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "emulator"))
import fuzz_datagrams

QUERY = encode_message("/live/song/get/tempo", [])


ECHO = textwrap.dedent("""
    import socket
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    print(s.getsockname()[1], flush=True)
    while True:  # the bare echo: every datagram straight back to its sender
        data, addr = s.recvfrom(65536)
        s.sendto(data, addr)
""")

EMULATOR = textwrap.dedent("""
    import sys
    from livectl.emulator import Emulator
    emu = Emulator(port=0, reply_port=int(sys.argv[1]), tick_s=0).start()
    print(emu.port, flush=True)
    sys.stdin.read()
    emu.close()
""")





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


def main(quick: bool) -> list[Target]:
    n_rtt, n_rate, rounds = (100, 1000, 7) if quick else (500, 5000, 15)
    repeats = 3 if quick else 5

    # Floor and emulator each in a process of their own, measured in alternating rounds: on a
    # shared machine the speed drifts within seconds, so each round's ratio compares like with
    # like and the median of the ratios is reported.
    print(load_note())
    sock = _client()
    reply = _client()
    echo = ServerProcess(ECHO)
    emu = ServerProcess(EMULATOR, str(reply.getsockname()[1]))
    echo_target = ("127.0.0.1", echo.port)
    reply.recv(65536)  # /live/startup
    reply.recv(65536)  # average_process_usage
    emu_target = ("127.0.0.1", emu.port)
    try:
        rtt = alternate(rounds, {
            "emulator": lambda: _rtt(lambda: reply.sendto(QUERY, emu_target),
                                     lambda: reply.recv(65536), n_rtt) / 1e9,
            "echo": lambda: _rtt(lambda: sock.sendto(QUERY, echo_target),
                                 lambda: sock.recv(65536), n_rtt) / 1e9,
        })
        rate = alternate(rounds, {
            "emulator": lambda: _rate(lambda: reply.sendto(QUERY, emu_target),
                                      lambda: reply.recv(65536), n_rate),
            "echo": lambda: _rate(lambda: sock.sendto(QUERY, echo_target),
                                  lambda: sock.recv(65536), n_rate),
        }, unit="/s")
    finally:
        emu.close()
        echo.close()
        reply.close()
        sock.close()
    print("query round trip (tick 0, separate processes), median per round:")
    print(rtt.show("emulator", "echo", "emulator vs bare Python UDP echo", "{:.6f}"))
    print("messages handled per second, 32 in flight:")
    print(rate.show("emulator", "echo", "emulator vs bare Python UDP echo", "{:,.0f}"))
    rate_ratio = rate.ratio("emulator", "echo")
    targets = [Target(
        "emulator at tick 0 >= 0.6x a bare Python UDP echo (>= 40,000 messages/s idle)",
        f"{rate_ratio:.2f}x, {rate.median('emulator'):,.0f}/s (echo {rate.median('echo'):,.0f}/s)",
        rate_ratio >= 0.6 and rate.median("emulator") >= 40_000)]

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
    for t in targets:
        print(t.line())
    return targets


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
