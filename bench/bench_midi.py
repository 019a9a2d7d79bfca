"""MIDI timing: livectl's deadline scheduler against the naive ``time.sleep`` loop.

Every mode sends the same events (a control change every 5 ms) to a real port and records,
per event, the send time against its intended time (``lateness``) and, in a separate
receiving process, the arrival time. Modes:

* ``naive``: ``send(); time.sleep(step)``: the usual script (the baseline);
* ``livectl``: ``Sequencer.play`` (absolute deadlines, sleep then spin);
* ``+cpu``: the same with a CPU-bound Python thread in the sender's process;
* ``livectl process +cpu``: ``SequencerProcess``: the scheduler in its own process, the
  CPU-bound thread in the parent.

Drift is the slope of lateness over the run (ms per 1,000 events): the naive loop adds each
sleep's overshoot to every later event; a deadline scheduler does not. Arrival times include
the MIDI API's own delivery (JACK hands events over at the next period: 0..5.3 ms at 256
frames), the same for every mode. Results are printed as ratios to the baseline measured in
this run, with the absolute figures beside them.

    python bench/run.py midi            # 2,000 events per mode (about a minute)
    python bench/run.py midi --quick    # 200 events per mode
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import statistics
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection

from livectl.midi import (
    ControlChange,
    JackServer,
    MIDIOutput,
    Sequencer,
    SequencerProcess,
    open_input,
    open_output,
    resolve_api,
)

STEP_S = 0.005
RX_CLIENT = "livectl-bench-rx"


def _event(i: int) -> ControlChange:
    return ControlChange(20 + (i >> 7), i & 0x7F)


def _index(data: tuple[int, ...]) -> int:
    return ((data[1] - 20) << 7) | data[2]


def _receiver_main(conn: Connection, api: str) -> None:
    """A separate process that stamps arrivals, so the sender's GIL cannot delay them."""
    arrivals: list[tuple[int, int]] = []
    lock = threading.Lock()

    def on(msg) -> None:  # type: ignore[no-untyped-def]
        with lock:
            arrivals.append((_index(msg.data), msg.time_ns))

    with open_input(virtual_name="in", api=api, client_name=RX_CLIENT, callback=on):
        conn.send("ready")
        while True:
            cmd = conn.recv()
            if cmd == "dump":
                with lock:
                    conn.send(list(arrivals))
                    arrivals.clear()
            elif cmd == "quit":
                return


@dataclass
class Result:
    name: str
    deadlines: list[int]
    sent: list[int]
    arrivals: dict[int, int]

    def lateness_ms(self) -> list[float]:
        return [(s - d) / 1e6 for d, s in zip(self.deadlines, self.sent, strict=True)]

    def arrival_ms(self) -> list[float]:
        return [(self.arrivals[i] - d) / 1e6 for i, d in enumerate(self.deadlines)
                if i in self.arrivals]

    def drift_ms_per_1000(self) -> float:
        late = self.lateness_ms()
        xs = list(range(len(late)))
        return statistics.linear_regression(xs, late).slope * 1000


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@contextlib.contextmanager
def _cpu_hog() -> Iterator[None]:
    """A CPU-bound pure-Python thread: what training a model looks like to the GIL."""
    stop = threading.Event()

    def burn() -> None:
        while not stop.is_set():
            sum(i * i for i in range(2000))

    thread = threading.Thread(target=burn, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _naive(out: MIDIOutput, n: int) -> tuple[list[int], list[int]]:
    sent = []
    t0 = time.perf_counter_ns()
    for i in range(n):
        sent.append(time.perf_counter_ns())
        out.send(_event(i))
        time.sleep(STEP_S)
    return [t0 + round(i * STEP_S * 1e9) for i in range(n)], sent


def _sequence(n: int) -> Sequencer:
    seq = Sequencer(60.0)  # one beat per second: beats are seconds
    for i in range(n):
        seq.add(i * STEP_S, _event(i))
    return seq


def _in_process(out: MIDIOutput, n: int) -> tuple[list[int], list[int]]:
    stats = _sequence(n).play(out, lead_s=0.02)
    return stats.deadlines_ns, stats.sent_ns


def _run_modes(api: str, n: int) -> list[Result]:
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    rx = ctx.Process(target=_receiver_main, args=(child, api), daemon=True)
    rx.start()
    results: list[Result] = []
    try:
        if not parent.poll(20) or parent.recv() != "ready":
            raise RuntimeError("the receiving process did not start")
        port = f"{RX_CLIENT}:in"

        def collect(name: str, deadlines: list[int], sent: list[int]) -> None:
            time.sleep(0.1)  # let the last events arrive (delivery takes up to one period)
            parent.send("dump")
            arrivals = dict(parent.recv())
            results.append(Result(name, deadlines, sent, arrivals))

        with open_output(port, api, client_name="livectl-bench-tx") as out:
            collect("naive", *_naive(out, n))
            collect("livectl", *_in_process(out, n))
            with _cpu_hog():
                collect("naive +cpu", *_naive(out, n))
                collect("livectl +cpu", *_in_process(out, n))
        proc = SequencerProcess(_sequence(n).spec(), port, api=api,
                                client_name="livectl-bench-proc")
        with _cpu_hog():
            proc.start()
            proc.wait(timeout_s=n * STEP_S + 30)
        assert proc.stats is not None
        collect("livectl process +cpu", proc.stats.deadlines_ns, proc.stats.sent_ns)
    finally:
        with contextlib.suppress(OSError):
            parent.send("quit")
        rx.join(10)
        if rx.is_alive():
            rx.terminate()
    return results


def _report(results: list[Result], n: int) -> None:
    by = {r.name: r for r in results}
    print(f"{n} events every {STEP_S * 1000:g} ms per mode; times in ms "
          "(send = send - intended, arrival = received - intended)")
    header = (f"{'mode':<22} {'send p50':>9} {'p99':>8} {'max':>8} {'drift/1k':>9} "
              f"{'arrival p50':>12} {'p99':>8} {'max':>8} {'lost':>5}")
    print(header)
    for r in results:
        late, arr = r.lateness_ms(), r.arrival_ms()
        lost = len(r.deadlines) - len(arr)
        print(f"{r.name:<22} {_pct(late, .5):9.3f} {_pct(late, .99):8.3f} {max(late):8.3f} "
              f"{r.drift_ms_per_1000():9.3f} {_pct(arr, .5):12.3f} {_pct(arr, .99):8.3f} "
              f"{max(arr):8.3f} {lost:5d}")

    def ratio(a: str, b: str, what: str) -> None:
        ra, rb = by[a], by[b]
        for label, fa, fb in (
            ("median send lateness", statistics.median(ra.lateness_ms()),
             statistics.median(rb.lateness_ms())),
            ("p99 send lateness", _pct(ra.lateness_ms(), .99), _pct(rb.lateness_ms(), .99)),
            ("drift (lateness slope per 1k events)", ra.drift_ms_per_1000(),
             rb.drift_ms_per_1000()),
        ):
            shown = f"{fa / fb:.3g}" if fb else "n/a"
            print(f"  {what}: {label}: {a} / {b} = {shown}  ({fa:.3f} / {fb:.3f} ms)")

    print("ratios (lower is better for the first named):")
    ratio("livectl", "naive", "idle")
    ratio("livectl +cpu", "naive +cpu", "CPU thread")
    ratio("livectl process +cpu", "livectl +cpu", "CPU thread, process vs in-process")
    idle = by["livectl"].lateness_ms()
    ok = _pct(idle, .99) <= 1.0 and max(idle) <= 3.0
    print(f"targets on an idle machine (p99 <= 1 ms, max <= 3 ms, no drift): "
          f"p99 {_pct(idle, .99):.3f} ms, max {max(idle):.3f} ms, "
          f"drift {by['livectl'].drift_ms_per_1000():+.4f} ms/1k events -> "
          f"{'met' if ok else 'NOT met'}; load average {os.getloadavg()[0]:.2f}")


def main(quick: bool) -> None:
    n = 200 if quick else 2000
    server: JackServer | None = None
    if os.environ.get("LIVECTL_MIDI_API") or os.path.exists("/dev/snd/seq"):
        api = resolve_api()
    else:  # no ALSA sequencer (CI, containers): our own JACK server with the dummy driver
        server = JackServer(f"livectl-bench-{os.getpid()}").start()
        api = "jack"
    try:
        _report(_run_modes(api, n), n)
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main(quick=False)
