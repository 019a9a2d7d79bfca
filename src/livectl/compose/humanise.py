"""Humanisation: small random changes to velocity and timing, reproducible by seed."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterable

from livectl.checks import check_real_range
from livectl.compose.notes import Note

__all__ = ["humanise"]


def humanise(notes: Iterable[Note], *, velocity_sd: float = 6.0,
             timing_sd_beats: float = 0.01, seed: int | None = None,
             rng: random.Random | None = None) -> list[Note]:
    """Each note's velocity and start moved by Gaussian noise (standard deviations given).

    Velocities stay in 1..127 (a 0 would be a note-off), starts stay >= 0, lengths are kept.
    Pass ``seed`` (a fresh ``random.Random(seed)``) or your own ``rng``.
    The defaults (6 velocity steps, 0.01 beat = 5 ms at 120 BPM) stay near the ~6 ms
    just-noticeable timing difference, so the groove loosens without sounding late.
    """
    velocity_sd = check_real_range("velocity_sd", velocity_sd, 0.0, 64.0)
    timing_sd_beats = check_real_range("timing_sd_beats", timing_sd_beats, 0.0, 1.0)
    r = rng if rng is not None else random.Random(seed)
    out = []
    for n in notes:
        vel = n.velocity
        if velocity_sd:
            vel = min(127, max(1, round(vel + r.gauss(0.0, velocity_sd))))
        start = n.start_beats
        if timing_sd_beats:
            start = max(0.0, start + r.gauss(0.0, timing_sd_beats))
        out.append(dataclasses.replace(n, start_beats=start, velocity=vel))
    out.sort(key=lambda n: (n.start_beats, n.pitch))
    return out
