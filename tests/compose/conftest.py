"""Fixtures for the pure composition layer: small hand-made melodies (no corpus, no I/O)."""

from __future__ import annotations

import pytest

from livectl.compose import Tune

# Three short tunes in C major and one in G major, written for these tests.
_TUNES = [
    Tune((60, 62, 64, 65, 67, 65, 64, 62, 60), (1, 1, 1, 1, 2, 1, 1, 1, 3), tonic=0),
    Tune((67, 65, 64, 62, 64, 65, 67, 72, 71, 72), (0.5,) * 9 + (2,), tonic=0),
    Tune((60, 64, 67, 72, 67, 64, 62, 60), (1, 1, 1, 1, 1, 1, 1, 1), tonic=0),
    Tune((67, 69, 71, 72, 74, 72, 71, 69, 67), (1, 0.5, 0.5, 1, 2, 1, 1, 1, 2), tonic=7),
]


@pytest.fixture
def tunes() -> list[Tune]:
    return list(_TUNES)
