"""bench/bench_midi.py still runs (quick mode, on the session's JACK server) and prints ratios."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from midi_helpers import ROOT

BENCH = ROOT / "bench" / "bench_midi.py"

pytestmark = pytest.mark.jack


@pytest.mark.slow
def test_bench_midi_quick(jack, monkeypatch, capsys):
    monkeypatch.setenv("LIVECTL_MIDI_API", "jack")  # the session's server, not a new one
    spec = importlib.util.spec_from_file_location("bench_midi", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    # spawn pickles functions by module name: the child must be able to import it too
    monkeypatch.setitem(sys.modules, "bench_midi", module)
    monkeypatch.syspath_prepend(str(BENCH.parent))
    spec.loader.exec_module(module)
    assert module.main(quick=True) == []  # --quick prints targets but judges none
    out = capsys.readouterr().out
    for mode in ("deadline loop ", "livectl ", "naive ", "deadline loop +cpu", "naive +cpu",
                 "livectl +cpu", "livectl process +cpu"):
        assert f"\n{mode}" in out
    assert "1 ms (exact grid)" in out and "stamped inside send()" in out
    assert "livectl p99" in out and "/ deadline loop p99" in out
    for target in ("p99 <= 0.5 ms", "max <= 2 ms", "within 1.2x of a minimal deadline loop",
                   "sequencer process p99 <= 1 ms"):
        assert target in out


def test_sequencer_stamps_sends_inside_the_port(jack):
    """Send times are the port's own stamps, taken inside send(), on an exact 1 ms grid."""
    import time

    from livectl.midi import ControlChange, Sequencer, open_output

    class Watched:
        def __init__(self, out):  # type: ignore[no-untyped-def]
            self.out, self.before, self.after = out, [], []

        @property
        def last_send_ns(self) -> int:
            return self.out.last_send_ns

        def send(self, msg):  # type: ignore[no-untyped-def]
            self.before.append(time.perf_counter_ns())
            self.out.send(msg)
            self.after.append(time.perf_counter_ns())

    seq = Sequencer(62.5)  # 960 ticks per beat of 960 ms: one tick per millisecond
    for i in range(20):
        seq.add(i / 960, ControlChange(20, i))
    with open_output(virtual_name="stamps", api="jack", client_name="livectl-stamp") as out:
        watched = Watched(out)
        stats = seq.play(watched)
    steps = [b - a for a, b in zip(stats.deadlines_ns, stats.deadlines_ns[1:], strict=False)]
    assert steps == [1_000_000] * 19
    assert len(stats.sent_ns) == 20
    for before, sent, after in zip(watched.before, stats.sent_ns, watched.after, strict=True):
        assert before < sent < after  # inside the call, not before it
