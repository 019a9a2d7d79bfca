"""Live's mixer gains (as a set stores them) to fader positions (as the LOM reports them).

A set stores volumes and sends as linear gain (``Volume/Manual`` 1.0 is 0 dB, the fader's
top is +6 dB = 1.9953; a send's top is 0 dB = 1.0; the bottom, 0.000316, is -70 dB). The LOM
reports the fader position 0..1, with 0.85 at 0 dB for a track volume. Published
measurements of Live's fader (Max for Live forum threads) put +6 dB at 1.0, 0 dB at 0.85 and
-12 dB at 0.55: 40 dB per unit of travel over the top 18 dB. Below that Live's curve is not
documented; this module continues linearly in amplitude down to 0 (an approximation, exact
at the documented points, monotonic everywhere).
"""

from __future__ import annotations

import math

__all__ = ["MIN_GAIN", "fader_from_gain"]

MIN_GAIN = 0.0003162277571  # -70 dB: what Live writes for a fader at the bottom
_DB_PER_UNIT = 40.0
_LINEAR_SPAN_DB = 18.0  # the top 18 dB are linear in dB (documented points)


def fader_from_gain(gain: float, *, top_db: float) -> float:
    """Fader position 0..1 for a linear ``gain``; ``top_db`` is the fader's top (6 or 0)."""
    if gain <= MIN_GAIN * 1.0001:
        return 0.0
    db = 20.0 * math.log10(gain)
    knee_db = top_db - _LINEAR_SPAN_DB
    if db >= knee_db:
        return min(1.0, 1.0 - (top_db - db) / _DB_PER_UNIT)
    knee_position = 1.0 - _LINEAR_SPAN_DB / _DB_PER_UNIT
    return max(0.0, knee_position * gain / math.pow(10.0, knee_db / 20.0))
