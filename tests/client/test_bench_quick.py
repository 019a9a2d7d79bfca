"""bench/bench_client.py still runs (quick mode) and prints ratios for every figure."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_client.py"


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:setDaemon:DeprecationWarning")  # inside pylive
def test_bench_client_quick(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_client", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_client"] = module
    spec.loader.exec_module(module)
    module.main(quick=True)
    out = capsys.readouterr().out
    for line in ("livectl live.song.tempo", "pylive Set().tempo", "livectl, 8 threads at once",
                 "live.query_many (pipelined)",
                 "livectl write (confirmed pages)", "livectl read back (adaptive pages)"):
        assert line in out
    assert out.count("x floor") >= 6
