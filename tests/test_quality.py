"""Lint and strict typing are part of the suite, so CI keeps them true."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_is_clean():
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests", "bench",
                           "examples"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# mypy's own incremental cache (.mypy_cache, git-ignored; what `mypy` by hand uses too):
# the same verdict as a cold run (a changed file or mypy version is checked again), ~1 s
# instead of ~25 s when little changed. A clean machine (CI) starts cold: 12 CPU s, 16 s
# beside the other workers, so it starts first (slow), not at the end of a run.
@pytest.mark.slow
def test_mypy_strict_is_clean():
    proc = subprocess.run([sys.executable, "-m", "mypy"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_examples_type_check_with_mypy_strict():
    """The examples are what users copy: they must type-check against livectl's types."""
    proc = subprocess.run([sys.executable, "-m", "mypy", "--strict", "examples"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
