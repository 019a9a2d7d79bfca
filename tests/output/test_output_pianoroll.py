from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from livectl.compose import Note
from livectl.errors import ValidationError
from livectl.output.pianoroll import pianoroll_image, save_pianoroll


def test_notes_are_drawn_where_they_sound(tmp_path: Path) -> None:
    notes = [Note(60, 0, 2, velocity=127), Note(64, 2, 2, velocity=127)]
    img = pianoroll_image(notes, pixels_per_beat=10, pixels_per_pitch=4, margin_pitches=0)
    assert img.size == (41, (64 - 60 + 1) * 4)
    bg = img.getpixel((5, 5))  # row of pitch 63 at beat 0.5: empty
    assert img.getpixel((5, (64 - 60) * 4 + 2)) != bg  # pitch 60, beat 0.5: filled
    assert img.getpixel((30, 2)) != bg  # pitch 64 at beat 3: filled
    assert img.getpixel((30, (64 - 60) * 4 + 2)) != img.getpixel((5, (64 - 60) * 4 + 2))
    path = save_pianoroll(tmp_path / "roll.png", {"a": notes}, pixels_per_beat=10,
                          pixels_per_pitch=4, margin_pitches=0)
    with Image.open(path) as back:
        assert back.format == "PNG" and back.size == img.size


def test_two_tracks_get_two_colours() -> None:
    img = pianoroll_image({"a": [Note(60, 0, 1, 127)], "b": [Note(60, 1, 1, 127)]},
                          pixels_per_beat=10, pixels_per_pitch=4, margin_pitches=0)
    assert img.getpixel((5, 2)) != img.getpixel((15, 2))


def test_nothing_to_draw() -> None:
    with pytest.raises(ValidationError, match="no notes"):
        pianoroll_image([])


def test_a_long_piece_is_squeezed_to_a_bounded_width() -> None:
    """Before: the width grew with the piece (10,000 bars at 48 px a beat: 1.9 million pixels
    wide, over a gigabyte of RGB for one melody)."""
    notes = [Note(60, 0, 1, 127), Note(72, 39_999, 1, 127)]
    img = pianoroll_image(notes, margin_pitches=0)
    assert img.width <= 16_384
    bg = img.getpixel((img.width // 2, 5))
    assert img.getpixel((0, img.height - 2)) != bg  # the first note, at the left edge
    assert img.getpixel((img.width - 2, 2)) != bg  # the last note, at the right edge
