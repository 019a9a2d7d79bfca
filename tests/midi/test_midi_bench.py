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
    module.main(quick=True)
    out = capsys.readouterr().out
    for mode in ("naive ", "livectl ", "naive +cpu", "livectl +cpu", "livectl process +cpu"):
        assert f"\n{mode}" in out
    assert out.count(" / naive") >= 4 and "targets on an idle machine" in out
