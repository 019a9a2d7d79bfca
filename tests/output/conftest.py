"""Fixtures for the I/O side: a private corpus cache per test, and a handful of real tunes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from livectl.compose import Tune

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Never read or write the user's ~/.cache/livectl from tests."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("LIVECTL_CACHE_DIR", str(cache))
    yield cache


@pytest.fixture(scope="session")
def essen_tunes() -> list[Tune]:
    """Twelve real Essen folk songs, parsed straight from music21's corpus (no cache)."""
    from livectl.output.corpus import load_corpus

    return load_corpus("essen", limit=12, use_cache=False)
