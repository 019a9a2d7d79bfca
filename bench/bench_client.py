"""The client against the emulator (tick 0, its own process), with floors as issue 14 defines them.

Every server runs in a process of its own, as Live does; every figure is a median over
alternating rounds (``_rounds.alternate``), printed with its per-round ratios.

- **Round trip**: ``live.song.tempo`` against the emulator, vs. the floor, a python-osc client
  (``OscMessageBuilder`` -> ``sendto`` -> ``recv`` -> ``OscMessage``) talking to a python-osc
  echo server (``BlockingOSCUDPServer`` whose handler answers with a tempo), and vs. pylive
  (PyPI ``pylive``, ``import live``) against an emulator of its own.
- **Throughput, one client, 32 in flight**: livectl (``query_many`` in blocks of 32,
  ``query_many(..., window=32)``: a sliding window of 32 like the pair's, 32 threads on one
  client, 32 asyncio tasks on one async client) vs. the python-osc pair with a sliding window
  of 32.
- **10,000-note clip**, written (confirmed pages) into a new clip and read back exactly, vs.
  the python-osc-based raw paged transfer of the same notes: pages built with
  ``OscMessageBuilder``, each acknowledged by the python-osc server (which keeps the
  arguments), 8 in flight, then read back page by page and parsed with ``OscMessage``.
"""

from __future__ import annotations

import asyncio
import logging
import random
import socket
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from typing import Any

from _rounds import ServerProcess, Target, alternate, load_note
from pythonosc.osc_message import OscMessage
from pythonosc.osc_message_builder import OscMessageBuilder

from livectl.client import aconnect, connect
from livectl.model import Note
from livectl.model.note import NOTES_PER_DATAGRAM, note_args

TEMPO = "/live/song/get/tempo"
WINDOW = 32

# The python-osc echo server: answers the tempo query, keeps note pages and sends them back.
PYOSC_SERVER = textwrap.dedent(f"""
    import sys
    from pythonosc.dispatcher import Dispatcher
    from pythonosc.osc_message_builder import OscMessageBuilder
    from pythonosc.osc_server import BlockingOSCUDPServer

    pages = {{}}

    def build(address, args):
        b = OscMessageBuilder(address)
        for a in args:
            b.add_arg(a)
        return b.build().dgram

    def tempo(client, address, *args):
        server.socket.sendto(build(address, (120.0,)), client)

    def add(client, address, page, *args):
        pages[page] = args
        server.socket.sendto(build("/page/ack", (page,)), client)

    def get(client, address, page):
        server.socket.sendto(build(address, (page, *pages[page])), client)

    d = Dispatcher()
    d.map({TEMPO!r}, tempo, needs_reply_address=True)
    d.map("/page/add", add, needs_reply_address=True)
    d.map("/page/get", get, needs_reply_address=True)
    server = BlockingOSCUDPServer(("127.0.0.1", 0), d)
    print(server.server_address[1], flush=True)
    server.serve_forever()
""")

EMULATOR = textwrap.dedent("""
    import sys
    from livectl.emulator import Emulator
    emu = Emulator(port=0, reply_port=int(sys.argv[1]), tick_s=0).start()
    print(emu.port, flush=True)
    sys.stdin.read()  # until the bench closes our stdin
    emu.close()
""")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])





def _build(address: str, args: Any = ()) -> bytes:
    b = OscMessageBuilder(address)
    for a in args:
        b.add_arg(a)
    return bytes(b.build().dgram)


class PyOSCClient:
    """The floor's client: python-osc messages over one blocking socket."""

    def __init__(self, port: int) -> None:
        self.addr = ("127.0.0.1", port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        self.sock.settimeout(2.0)

    def query_tempo(self) -> float:
        self.sock.sendto(_build(TEMPO), self.addr)
        msg = OscMessage(self.sock.recv(65536))
        return float(msg.params[0])

    def rate(self, n: int) -> float:
        """Queries per second with a sliding window of 32 in flight."""
        t0 = time.perf_counter()
        sent = got = 0
        while got < n:
            while sent < n and sent - got < WINDOW:
                self.sock.sendto(_build(TEMPO), self.addr)
                sent += 1
            if OscMessage(self.sock.recv(65536)).address == TEMPO:
                got += 1
        return n / (time.perf_counter() - t0)

    def transfer(self, notes: list[Note]) -> list[tuple[Any, ...]]:
        """Write the notes in pages (each acknowledged, 8 in flight), read them all back."""
        pages = [notes[i : i + NOTES_PER_DATAGRAM] for i in range(0, len(notes), NOTES_PER_DATAGRAM)]
        inflight = acked = 0
        for i, page in enumerate(pages):
            self.sock.sendto(_build("/page/add", (i, *(v for x in page for v in note_args(x)))),
                             self.addr)
            inflight += 1
            while inflight >= 8 or (i == len(pages) - 1 and acked < len(pages)):
                OscMessage(self.sock.recv(65536))
                inflight -= 1
                acked += 1
                if acked == len(pages):
                    break
        back: dict[int, tuple[Any, ...]] = {}
        sent = 0
        while len(back) < len(pages):
            while sent < len(pages) and sent - len(back) < 8:
                self.sock.sendto(_build("/page/get", (sent,)), self.addr)
                sent += 1
            params = OscMessage(self.sock.recv(65536)).params
            back[params[0]] = tuple(params[1:])
        out = []
        for i in range(len(pages)):
            args = back[i]
            out.extend(tuple(args[j : j + 5]) for j in range(0, len(args), 5))
        return out

    def close(self) -> None:
        self.sock.close()


def per_query(fn: Callable[[], object], n: int) -> Callable[[], float]:
    def run() -> float:
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        return (time.perf_counter() - t0) / n
    return run


def notes_10k() -> list[Note]:
    rng = random.Random(1)
    return [Note(i % 128, (i // 128) * 0.5 + rng.randrange(16) / 64, rng.randrange(1, 16) / 64,
                 rng.randrange(1, 128)) for i in range(10_000)]


def main(quick: bool) -> list[Target]:
    logging.getLogger("live").setLevel(logging.CRITICAL)
    n, rounds = (100, 3) if quick else (500, 9)
    print(load_note())
    pylive_reply = free_port()
    pyosc_server = ServerProcess(PYOSC_SERVER)
    emu = ServerProcess(EMULATOR, str(free_port()))
    pylive_emu = ServerProcess(EMULATOR, str(pylive_reply))
    loop = asyncio.new_event_loop()
    targets: list[Target] = []
    try:
        pyosc = PyOSCClient(pyosc_server.port)
        live = connect(port=emu.port)
        alive = loop.run_until_complete(aconnect(port=emu.port))
        import live as pylive  # PyPI pylive

        pylive.Query(("127.0.0.1", pylive_emu.port), pylive_reply)
        pyset = pylive.Set()
        print(f"livectl speaks {live.protocol!r} with the emulator")

        # -- query round trip ------------------------------------------------------------
        rt = alternate(rounds, {
            "livectl": per_query(lambda: live.song.tempo, n),
            "python-osc pair": per_query(pyosc.query_tempo, n),
            "pylive": per_query(lambda: pyset.tempo, n),
        })
        print(f"query round trip (get tempo), {n} per round, alternating rounds:")
        print(rt.show("livectl", "python-osc pair", "livectl vs the floor", "{:.6f}"))
        print(rt.show("pylive", "livectl", "pylive vs livectl", "{:.6f}"))
        floor_ratio = rt.ratio("livectl", "python-osc pair")
        pylive_ratio = rt.ratio("pylive", "livectl")
        targets.append(Target(
            "round trip client <-> emulator (tick 0, separate processes) <= 1.0x python-osc pair",
            f"{floor_ratio:.2f}x ({rt.median('livectl') * 1e6:.0f} us vs "
            f"{rt.median('python-osc pair') * 1e6:.0f} us)", floor_ratio <= 1.0))
        targets.append(Target(
            "round trip >= 3x faster than pylive",
            f"{pylive_ratio:.2f}x ({rt.median('pylive') * 1e6:.0f} us)", pylive_ratio >= 3.0))

        # -- throughput: one client, 32 in flight ---------------------------------------
        total = n * 8
        batch = [(TEMPO, ())] * WINDOW

        def many() -> float:
            t0 = time.perf_counter()
            for _ in range(total // WINDOW):
                live.query_many(batch)
            return (total // WINDOW * WINDOW) / (time.perf_counter() - t0)

        window_items = [(TEMPO, ())] * total

        def sliding() -> float:
            t0 = time.perf_counter()
            live.query_many(window_items, window=WINDOW)
            return total / (time.perf_counter() - t0)

        def threads() -> float:
            per = total // WINDOW
            start = threading.Barrier(WINDOW + 1)

            def work() -> None:
                start.wait()
                for _ in range(per):
                    live.song.tempo  # noqa: B018

            pool = [threading.Thread(target=work) for _ in range(WINDOW)]
            for t in pool:
                t.start()
            start.wait()
            t0 = time.perf_counter()
            for t in pool:
                t.join()
            return per * WINDOW / (time.perf_counter() - t0)

        def tasks() -> float:
            per = total // WINDOW

            async def work() -> None:
                for _ in range(per):
                    await alive.song.get("tempo")

            async def burst() -> float:
                t0 = time.perf_counter()
                await asyncio.gather(*(work() for _ in range(WINDOW)))
                return per * WINDOW / (time.perf_counter() - t0)

            return loop.run_until_complete(burst())

        tp = alternate(rounds, {
            "query_many": many, "window": sliding, "32 threads": threads, "asyncio": tasks,
            "python-osc pair": lambda: pyosc.rate(total),
        }, unit="/s")
        print(f"throughput, one client, {WINDOW} in flight, {total} queries per round:")
        for name in ("query_many", "window", "32 threads", "asyncio"):
            print(tp.show(name, "python-osc pair", f"livectl {name}", "{:,.0f}"))
        best = max(("query_many", "window", "32 threads", "asyncio"), key=tp.median)
        best_ratio = tp.ratio(best, "python-osc pair")
        targets.append(Target(
            "one client, 32 in flight >= 20,000 queries/s and >= 1.5x the python-osc pair",
            f"best livectl {best}: {tp.median(best):,.0f}/s = {best_ratio:.2f}x "
            f"(pair {tp.median('python-osc pair'):,.0f}/s)",
            tp.median(best) >= 20_000 and best_ratio >= 1.5))

        # -- 10,000-note clip: write into a new clip, read back exactly -------------------
        notes = notes_10k()
        expected = sorted(notes, key=lambda x: (x.pitch, x.start_beats))
        wanted = [note_args(x) for x in notes]
        slot = live.song.tracks[0].clip_slots[0]
        parts: dict[str, list[float]] = {"write": [], "read": []}

        def ours() -> float:
            if slot.has_clip:
                slot.delete_clip()
            t0 = time.perf_counter()
            clip = slot.create_clip(64)
            clip.set_notes(notes)
            t1 = time.perf_counter()
            back = clip.notes
            t2 = time.perf_counter()
            assert back == expected  # checked outside the clock, as the floor's check is
            parts["write"].append(t1 - t0)
            parts["read"].append(t2 - t1)
            return t2 - t0

        def floor() -> float:
            t0 = time.perf_counter()
            back = pyosc.transfer(notes)
            elapsed = time.perf_counter() - t0
            assert back == wanted
            return elapsed

        k = 2 if quick else 5
        clip_rounds = alternate(k, {"livectl": ours, "python-osc paged": floor})
        print(f"10,000-note clip, new clip, confirmed pages, exact read back ({k} rounds):")
        print(clip_rounds.show("livectl", "python-osc paged", "write + read back"))
        print(f"  livectl write {sorted(parts['write'])[k // 2] * 1e3:.0f} ms, read back "
              f"{sorted(parts['read'])[k // 2] * 1e3:.0f} ms (medians)")
        clip_ratio = clip_rounds.ratio("livectl", "python-osc paged")
        clip_ms = clip_rounds.median("livectl") * 1e3
        targets.append(Target(
            "10,000-note clip write + exact read back <= 250 ms idle and <= 0.5x python-osc "
            "raw paged transfer",
            f"{clip_ms:.0f} ms, {clip_ratio:.2f}x", clip_ms <= 250 and clip_ratio <= 0.5))

        live.close()
        loop.run_until_complete(alive.aclose())
        pyosc.close()
    finally:
        loop.close()
        for server in (pyosc_server, emu, pylive_emu):
            server.close()
    for t in targets:
        print(t.line())
    return targets


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
