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
    assert "Essen: 400 tunes" in out
    for line in ("alternating rounds", "fit 400 tunes", "/ pure-Python n-gram counting",
                 "binary load + first melody", "/ JSON load", "/ isobar PMarkov",
                 "per round:", "fit of parsed Essen <= 1.0 s",
                 "fit <= 2x pure-Python n-gram counting", "model load (+ first melody) <= 0.3 s",
                 "generation >= 100,000 notes/s", "blog-style 1st-order chain",
                 "livectl default", "8-gram copy rate", "leave-one-groove-out"):
        assert line in out, out
    assert "=== targets ===" not in out  # --quick judges no targets


def test_rounds_alternate_and_ratios_are_per_round() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from _rounds import Target, alternate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    calls: list[str] = []
    values = {"a": iter([2.0, 4.0, 9.0, 1.0]), "b": iter([1.0, 1.0, 3.0, 2.0])}

    def measure(name: str) -> float:
        calls.append(name)
        return next(values[name])

    rounds = alternate(4, {"a": lambda: measure("a"), "b": lambda: measure("b")})
    assert calls == ["a", "b", "b", "a", "a", "b", "b", "a"]  # the order turns every round
    assert rounds.ratios("a", "b") == [2.0, 4.0, 3.0, 0.5]
    assert rounds.ratio("a", "b") == 2.5 and rounds.median("a") == 3.0
    line = rounds.show("a", "b", "what")
    assert "= 2.50x" in line and "per round: 2.00 4.00 3.00 0.50" in line
    assert Target("x <= 1", "0.5", True).line() == "  [MET] x <= 1: 0.5"
    assert "[NOT MET]" in Target("x <= 1", "2", False).line()
