"""The client against the emulator (tick 0): round trip, throughput, a 10,000-note clip.

Baselines measured in the same run, each against its own fresh emulator:
- the floor: raw python-osc, one blocking socket, build -> sendto -> recvfrom -> parse;
- pylive (PyPI ``pylive``, ``import live``), pointed at its emulator through
  ``Query((host, port), reply_port)`` (its singleton takes the address on first use).
Every figure is a median over rounds, printed as a ratio (absolute times in parentheses).
"""

from __future__ import annotations

import logging
import random
import socket
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from pythonosc.osc_message import OscMessage
from pythonosc.osc_message_builder import OscMessageBuilder

from livectl.client import connect
from livectl.emulator import Emulator
from livectl.model import Note
from livectl.model.note import note_args

TEMPO = "/live/song/get/tempo"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RawOSC:
    """The floor: the least work a request/reply can take in Python with python-osc."""

    def __init__(self, port: int, reply_port: int) -> None:
        self.addr = ("127.0.0.1", port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", reply_port))
        # the same receive buffer livectl asks for, so a pipelined burst is not dropped
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        self.sock.settimeout(2.0)
        self.tempo_dgram = OscMessageBuilder(TEMPO).build().dgram

    def query_tempo(self) -> float:
        self.sock.sendto(OscMessageBuilder(TEMPO).build().dgram, self.addr)
        while True:
            msg = OscMessage(self.sock.recv(65536))
            if msg.address == TEMPO:
                return float(msg.params[0])

    def pipelined(self, n: int) -> None:
        for _ in range(n):
            self.sock.sendto(self.tempo_dgram, self.addr)
        got = 0
        while got < n:
            if OscMessage(self.sock.recv(65536)).address == TEMPO:
                got += 1


    def write_notes(self, pages: list[list[Note]]) -> None:
        for page in pages:
            b = OscMessageBuilder("/live/clip/add/notes")
            for a in (0, 0, *(v for x in page for v in note_args(x))):
                b.add_arg(a)
            self.sock.sendto(b.build().dgram, self.addr)
        self.query_tempo()  # handled in order: every page is in once this answers

    def read_notes(self) -> int:
        # one pipelined request per pitch: each reply fits one datagram for this clip
        for p in range(128):
            b = OscMessageBuilder("/live/clip/get/notes")
            for a in (0, 0, p, 1, -16384.0, 32768.0):
                b.add_arg(a)
            self.sock.sendto(b.build().dgram, self.addr)
        got = values = 0
        while got < 128:
            msg = OscMessage(self.sock.recv(65536))
            if msg.address == "/live/clip/get/notes":
                got += 1
                values += len(msg.params) - 2
        return values // 5


def per_op(fn: Callable[[], object], n: int, rounds: int) -> float:
    """Median over rounds of the time per call of ``fn``."""
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        times.append((time.perf_counter() - t0) / n)
    return statistics.median(times)


def once(fn: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def ratio(name: str, value: float, base: float, base_name: str, unit: str = "us") -> None:
    scale = 1e6 if unit == "us" else 1e3
    print(f"{name:<48} {value / base:8.2f}x {base_name}"
          f"   ({value * scale:.0f} {unit} vs {base * scale:.0f} {unit})", flush=True)


def notes_10k() -> list[Note]:
    rng = random.Random(1)
    return [Note(i % 128, (i // 128) * 0.5 + rng.randrange(16) / 64, rng.randrange(1, 16) / 64,
                 rng.randrange(1, 128)) for i in range(10_000)]


def main(quick: bool) -> None:
    logging.getLogger("live").setLevel(logging.CRITICAL)
    n, rounds = (50, 3) if quick else (400, 7)
    ports = {k: (free_port(), free_port()) for k in ("raw", "livectl", "pylive")}
    emus = {k: Emulator(port=0, reply_port=rp, tick_s=0).start() for k, (_, rp) in ports.items()}
    try:
        raw = RawOSC(emus["raw"].port, ports["raw"][1])
        live = connect(port=emus["livectl"].port, reply_port=ports["livectl"][1])
        import live as pylive  # PyPI pylive

        pylive.Query(("127.0.0.1", emus["pylive"].port), ports["pylive"][1])
        pyset = pylive.Set()

        # -- query round trip -------------------------------------------------------------
        raw_rt = per_op(raw.query_tempo, n, rounds)
        ours_rt = per_op(lambda: live.song.tempo, n, rounds)
        pylive_rt = per_op(lambda: pyset.tempo, n, rounds)
        print(f"query round trip (get tempo), median of {rounds} rounds x {n}:")
        ratio("  raw python-osc floor", raw_rt, raw_rt, "floor")
        ratio("  livectl live.song.tempo", ours_rt, raw_rt, "floor")
        ratio("  pylive Set().tempo", pylive_rt, raw_rt, "floor")
        ratio("  livectl vs pylive", ours_rt, pylive_rt, "pylive")

        # -- write then read --------------------------------------------------------------
        def ours_set_get() -> None:
            live.song.tempo = 121  # confirmed: returns once handled
            assert live.song.tempo == 121

        def pylive_set_get() -> None:
            pyset.tempo = 121  # fire-and-forget
            assert pyset.tempo == 121

        ours_sg = per_op(ours_set_get, n // 2, rounds)
        pylive_sg = per_op(pylive_set_get, n // 2, rounds)
        print("set tempo then read it back:")
        ratio("  livectl (confirmed write + get)", ours_sg, raw_rt, "floor RT")
        ratio("  pylive (unconfirmed write + get)", pylive_sg, raw_rt, "floor RT")

        # -- throughput -------------------------------------------------------------------
        total = n * 8
        raw_tp = once(lambda: raw.pipelined(total), rounds) / total

        def ours_threads() -> None:
            with ThreadPoolExecutor(max_workers=8) as pool:
                list(pool.map(lambda _: [live.song.tempo for _ in range(n)], range(8)))

        ours_tp = once(ours_threads, rounds) / total
        batch = [(TEMPO, ())] * total
        ours_many = once(lambda: live.query_many(batch), rounds) / total
        pylive_tp = once(lambda: [pyset.tempo for _ in range(total)], rounds) / total
        print(f"throughput, {total} gets (time per get):")
        ratio("  raw python-osc, pipelined (floor)", raw_tp, raw_tp, "floor")
        ratio("  livectl, 8 threads at once", ours_tp, raw_tp, "floor")
        ratio("  livectl, live.query_many (pipelined)", ours_many, raw_tp, "floor")
        ratio("  pylive, sequential (cannot run queries concurrently)", pylive_tp, raw_tp, "floor")

        # -- 10,000-note clip -------------------------------------------------------------
        notes = notes_10k()
        expected = sorted(notes, key=lambda x: (x.pitch, x.start))
        slot = live.song.tracks[0].clip_slots[0]
        clip = slot.create_clip(64)

        def write() -> None:
            clip.set_notes(notes)

        def read() -> None:
            assert clip.notes == expected

        from livectl.model.note import NOTES_PER_DATAGRAM

        pages = [notes[i : i + NOTES_PER_DATAGRAM] for i in range(0, len(notes), NOTES_PER_DATAGRAM)]
        b = OscMessageBuilder("/live/clip_slot/create_clip")
        for a in (0, 0, 64.0):
            b.add_arg(a)
        raw.sock.sendto(b.build().dgram, raw.addr)
        raw.query_tempo()  # handled in order: the clip exists once this answers

        def raw_write() -> None:
            emus["raw"].engine.song.tracks[0].clip_slots[0].clip.remove_notes_extended(0, 128, -1e6, 2e6)
            raw.write_notes(pages)

        k = max(1, rounds // 2)
        rw = once(raw_write, k)
        rr = once(lambda: raw.read_notes(), k)
        w = once(write, k)
        r = once(read, k)
        print("10,000-note clip (paged below 8 KB per datagram; livectl's read-back checked exactly):")
        print("  floor: raw python-osc, same pages, one barrier; read one pipelined request per pitch")
        ratio("  livectl write (confirmed pages)", w, rw, "floor write", unit="ms")
        ratio("  livectl read back (adaptive pages)", r, rr, "floor read", unit="ms")
        if not quick:
            pyclip_slot = 0
            pylive.Query().cmd("/live/clip_slot/create_clip", (0, pyclip_slot, 64.0))
            pyq = pylive.Query()
            t0 = time.perf_counter()
            for x in notes:  # pylive's Clip.add_note sends one datagram per note
                pyq.cmd("/live/clip/add/notes", (0, pyclip_slot, *note_args(x)))
            try:
                pyq.query("/live/song/get/tempo")  # ordered after every note
            except Exception:  # the flood can overflow the receiver's buffer
                pass
            pw = time.perf_counter() - t0
            clip_obj = emus["pylive"].engine.song.tracks[0].clip_slots[pyclip_slot].clip
            arrived = len(clip_obj.get_notes_extended(0, 128, -1e6, 2e6)) if clip_obj else 0
            ratio("  pylive write (one datagram per note)", pw, w, "livectl write", unit="ms")
            print(f"  pylive write: {arrived} of {len(notes)} notes arrived (no confirmation)")
            try:
                pyq.query("/live/clip/get/notes", (0, pyclip_slot), timeout=0.5)
                print("  pylive read back: succeeded")
            except Exception as exc:  # the reply exceeds one datagram; pylive never sees /live/error
                print(f"  pylive read back: fails ({type(exc).__name__}: {str(exc)[:60]}...)")
        live.close()
        raw.sock.close()
    finally:
        for emu in emus.values():
            emu.close()


if __name__ == "__main__":
    main(quick=False)
