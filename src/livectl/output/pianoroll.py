"""Piano-roll pictures of notes (PNG via pillow): one colour per track, beat and bar lines."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

from PIL import Image, ImageDraw

from livectl.checks import check_int_range
from livectl.compose.notes import Note
from livectl.errors import ValidationError

__all__ = ["MAX_WIDTH", "pianoroll_image", "save_pianoroll"]

log = logging.getLogger(__name__)

#: Widest picture drawn, in pixels; a longer piece gets fewer pixels per beat.
MAX_WIDTH = 16_384

_COLOURS = [(66, 135, 245), (245, 130, 48), (60, 180, 75), (230, 25, 75), (145, 30, 180),
            (70, 240, 240), (240, 50, 230), (210, 245, 60)]
_BG = (250, 250, 250)
_BLACK_KEY_ROW = (235, 235, 240)
_BEAT = (215, 215, 215)
_BAR = (150, 150, 150)
_BLACK_KEYS = {1, 3, 6, 8, 10}


def pianoroll_image(tracks: Mapping[str, Sequence[Note]] | Sequence[Note], *,
                    pixels_per_beat: int = 48, pixels_per_pitch: int = 8,
                    beats_per_bar: int = 4, margin_pitches: int = 2) -> Image.Image:
    """An RGB image: time left to right, pitch bottom to top, velocity as brightness.

    At most :data:`MAX_WIDTH` pixels wide: a longer piece is squeezed (fewer pixels per beat).
    """
    named = dict(tracks) if isinstance(tracks, Mapping) else {"notes": list(tracks)}
    ppb: float = check_int_range("pixels_per_beat", pixels_per_beat, 2, 1000)
    ppp = check_int_range("pixels_per_pitch", pixels_per_pitch, 1, 100)
    beats_per_bar = check_int_range("beats_per_bar", beats_per_bar, 1, 64)
    notes = [n for t in named.values() for n in t]
    if not notes:
        raise ValidationError("nothing to draw: no notes", field="tracks", value=0)
    lo = max(0, min(n.pitch for n in notes) - margin_pitches)
    hi = min(127, max(n.pitch for n in notes) + margin_pitches)
    t0 = min(0.0, min(n.start_beats for n in notes))
    end = max(n.end_beats for n in notes)
    if (end - t0) * ppb + 1 > MAX_WIDTH:
        # A long piece is squeezed rather than drawn at any width (10,000 bars at 48 px a
        # beat would be 1.9 million pixels wide: over a gigabyte for one picture).
        ppb = (MAX_WIDTH - 1) / (end - t0)
        log.info("piano roll squeezed to %.3g px per beat to stay %d px wide", ppb, MAX_WIDTH)
    width = max(1, int((end - t0) * ppb) + 1)
    height = (hi - lo + 1) * ppp
    img = Image.new("RGB", (width, height), _BG)
    draw = ImageDraw.Draw(img)
    for p in range(lo, hi + 1):
        if p % 12 in _BLACK_KEYS:
            y = (hi - p) * ppp
            draw.rectangle((0, y, width, y + ppp - 1), fill=_BLACK_KEY_ROW)
    # Lines closer than 4 px would only grey the picture: beat lines, then bar lines, go.
    step = 1 if ppb >= 4 else beats_per_bar if ppb * beats_per_bar >= 4 else 0
    beat = 0
    while step and beat <= end - t0:
        x = int(beat * ppb)
        draw.line((x, 0, x, height), fill=_BAR if beat % beats_per_bar == 0 else _BEAT)
        beat += step
    for i, (_, track) in enumerate(named.items()):
        r, g, b = _COLOURS[i % len(_COLOURS)]
        for n in track:
            shade = 0.45 + 0.55 * n.velocity / 127
            colour = tuple(int(255 - (255 - c) * shade) for c in (r, g, b))
            x0 = int((n.start_beats - t0) * ppb)
            x1 = max(x0 + 1, int((n.end_beats - t0) * ppb) - 1)
            y0 = (hi - n.pitch) * ppp
            draw.rectangle((x0, y0, x1, y0 + ppp - 1), fill=colour, outline=(40, 40, 40))
    return img


def save_pianoroll(path: str | Path, tracks: Mapping[str, Sequence[Note]] | Sequence[Note],
                   **options: int) -> Path:
    """Draw ``tracks`` with ``pianoroll_image`` and save as PNG; returns the path."""
    out = Path(path)
    pianoroll_image(tracks, **options).save(out, format="PNG")
    return out
