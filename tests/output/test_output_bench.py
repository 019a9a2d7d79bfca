"""bench/bench_compose.py --quick still runs (on a private, empty corpus cache)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_bench_compose_quick(private_cache: Path) -> None:
    env = {**os.environ, "LIVECTL_CACHE_DIR": str(private_cache)}
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "compose", "--quick"],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "FAILED" not in out
    assert "Essen: 1500 tunes" in out
    for line in ("alternating rounds", "fit 1500 tunes", "/ pure-Python n-gram counting",
                 "binary load + first melody", "/ JSON load", "/ isobar PMarkov",
                 "per round:", "fit of parsed Essen <= 1.0 s",
                 "fit <= 2x pure-Python n-gram counting", "model load (+ first melody) <= 0.3 s",
                 "generation >= 100,000 notes/s", "blog-style 1st-order chain",
                 "livectl default", "8-gram copy rate", "leave-one-groove-out"):
        assert line in out, out
    assert "=== targets ===" not in out  # --quick judges no targets
