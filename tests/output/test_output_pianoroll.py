"""Piano-roll pictures: the content a musician reads (note names, drum names, bar and beat
numbers, legend, title) checked in the layout, in the SVG's text elements and in the PNG's
pixels (each label drawn where the layout puts it)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from livectl.compose import Note, groove
from livectl.errors import ValidationError
from livectl.output.pianoroll import (
    COLOURS,
    MAX_HEIGHT,
    MAX_WIDTH,
    drum_name,
    font_for,
    pianoroll_image,
    pianoroll_layout,
    pianoroll_svg,
    save_pianoroll,
)

SVG = "{http://www.w3.org/2000/svg}"


def demo_parts() -> dict[str, list[Note]]:
    melody = [Note(p, 1.0 * i, 1.0, 30 + 6 * i)
              for i, p in enumerate([57, 60, 64, 62, 60, 64, 67, 69, 72, 71, 69, 67, 65, 64])]
    return {"Melody": melody, "Drums": groove("lofi").to_notes(bars=4)}


def svg_texts(svg: str, kind: str | None = None) -> list[str]:
    root = ET.fromstring(svg)
    return [t.text or "" for t in root.iter(f"{SVG}text")
            if kind is None or t.get("class") == kind]


def test_the_picture_names_pitches_drums_bars_beats_parts_key_and_tempo() -> None:
    svg = pianoroll_svg(demo_parts(), title="livectl demo", key="A:minor", tempo_bpm=96)
    assert svg_texts(svg, "title") == ["livectl demo"]
    [subtitle] = svg_texts(svg, "subtitle")
    assert "A minor" in subtitle and "96 BPM" in subtitle and "4 bars" in subtitle
    assert svg_texts(svg, "legend") == ["Melody (14)", "Drums (64)"]
    # Pitch axis: a name at every C in range (melody 57..72, margin 2 -> 55..74).
    pitches = svg_texts(svg, "pitch")
    assert {"C4", "C5"} <= set(pitches)
    assert "C3" not in pitches and "C6" not in pitches
    assert svg_texts(svg, "drum") == ["open hat", "closed hat", "clap", "snare", "kick"]
    assert svg_texts(svg, "bar") == ["1", "2", "3", "4"]
    assert svg_texts(svg, "beat")[:3] == [".2", ".3", ".4"]


def test_one_octave_line_per_c_on_every_row() -> None:
    notes = {"Lead": [Note(40 + (i * 7) % 30, 0.5 * i, 0.5) for i in range(8 * 40)]}  # 40 bars
    layout = pianoroll_layout(notes, margin_pitches=0)
    cs = [p for p in range(40, 70) if p % 12 == 0]  # C3 = 48, C4 = 60
    assert layout.rows > 1
    octave_lines = [ln for ln in layout.lines if ln.kind == "octave"]
    assert len(octave_lines) == len(cs) * layout.rows
    root = ET.fromstring(pianoroll_svg(notes, margin_pitches=0))
    assert sum(1 for ln in root.iter(f"{SVG}line") if ln.get("class") == "octave") \
        == len(cs) * layout.rows


def test_every_label_is_drawn_in_the_png_where_the_layout_puts_it() -> None:
    """Each text region of the PNG equals that text drawn alone at the same place on the
    background: labels are there, readable, and nothing is painted over them."""
    parts = demo_parts()
    options = {"title": "livectl demo", "key": "A:minor", "tempo_bpm": 96}
    layout = pianoroll_layout(parts, **options)
    img = pianoroll_image(parts, **options)
    assert img.size == (layout.width, layout.height)
    kinds = set()
    for t in layout.texts:
        font = font_for(t.style)
        box = tuple(round(v) for v in font.getbbox(t.text, anchor=t.anchor))
        region = (round(t.x) + box[0] - 1, round(t.y) + box[1] - 1,
                  round(t.x) + box[2] + 1, round(t.y) + box[3] + 1)
        alone = Image.new("RGB", img.size, (255, 255, 255))
        ImageDraw.Draw(alone).text((t.x, t.y), t.text, fill=t.colour, font=font,
                                   anchor=t.anchor)
        got, want = img.crop(region), alone.crop(region)
        assert got.tobytes() == want.tobytes(), f"{t.kind} label {t.text!r} at {region}"
        assert len(want.getcolors(1 << 16) or ()) > 1, f"{t.text!r} drew nothing"
        kinds.add(t.kind)
    assert kinds == {"title", "subtitle", "legend", "pitch", "drum", "bar", "beat"}


def test_notes_are_drawn_where_they_sound_with_velocity_as_opacity() -> None:
    parts = {"a": [Note(60, 0.0, 2.0, velocity=127), Note(64, 2.0, 2.0, velocity=20)]}
    layout = pianoroll_layout(parts)
    img = pianoroll_image(parts)
    loud, soft = (r for r in layout.rects if r.kind == "note")
    assert loud.y0 > soft.y0  # higher pitch, higher up
    assert soft.x0 == pytest.approx(loud.x0 + 2 * layout.pixels_per_beat)

    def centre(r):  # type: ignore[no-untyped-def]
        return img.getpixel((int((r.x0 + r.x1) / 2), int((r.y0 + r.y1) / 2)))

    assert sum(centre(loud)) < sum(centre(soft)) < 3 * 250  # both drawn, the loud one darker
    assert loud.opacity == pytest.approx(1.0) and soft.opacity < 0.4


def test_each_part_has_its_colour_and_the_legend_shows_it() -> None:
    parts = {"a": [Note(60, 0.0, 1.0, 127)], "b": [Note(60, 1.0, 1.0, 127)]}
    layout = pianoroll_layout(parts)
    img = pianoroll_image(parts)
    swatches = [r for r in layout.rects if r.kind == "swatch"]
    notes = [r for r in layout.rects if r.kind == "note"]
    assert [s.fill for s in swatches] == [n.fill for n in notes] == COLOURS[:2]
    for s in swatches:
        assert img.getpixel((int(s.x0) + 5, int(s.y0) + 5)) == s.fill


def test_a_long_piece_wraps_into_rows_of_whole_bars() -> None:
    notes = [Note(60 + i % 12, float(i), 1.0) for i in range(4 * 64)]  # 64 bars
    layout = pianoroll_layout(notes, width=1600)
    assert layout.bars_per_row == 8 and layout.rows == 8
    assert layout.width <= 1600 and layout.pixels_per_beat == 40  # not squeezed
    bars = [t.text for t in layout.texts if t.kind == "bar"]
    assert bars == [str(b) for b in range(1, 65)]
    firsts = sorted((t for t in layout.texts if t.kind == "bar"), key=lambda t: (t.y, t.x))
    assert [t.text for t in firsts if t.x == firsts[0].x] == [str(1 + 8 * r) for r in range(8)]


def test_a_very_long_piece_stays_a_bounded_picture() -> None:
    """10,000 bars: at 40 px a beat in rows that would be 1250 rows; the picture stays within
    MAX_HEIGHT x MAX_WIDTH with every note still drawn."""
    notes = [Note(60, 0.0, 1.0, 127), Note(72, 39_999.0, 1.0, 127)]
    layout = pianoroll_layout(notes, margin_pitches=0)
    assert layout.height <= MAX_HEIGHT and layout.width <= MAX_WIDTH
    assert layout.rows * layout.bars_per_row >= 10_000
    assert len([r for r in layout.rects if r.kind == "note"]) == 2


def test_svg_and_png_files(tmp_path: Path) -> None:
    parts = demo_parts()
    png = save_pianoroll(tmp_path / "roll.png", parts, tempo_bpm=120)
    svg = save_pianoroll(tmp_path / "roll.svg", parts, tempo_bpm=120)
    with Image.open(png) as back:
        assert back.format == "PNG"
    root = ET.parse(svg).getroot()
    assert root.tag == f"{SVG}svg"
    notes = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "note"]
    assert len(notes) == 14 + 64


def test_drum_names_and_refusals() -> None:
    assert drum_name(36) == "kick" and drum_name(42) == "closed hat" and drum_name(20) == "Ab0"
    with pytest.raises(ValidationError, match="no notes"):
        pianoroll_image([])
    with pytest.raises(ValidationError, match="pixels_per_beat"):
        pianoroll_image([Note(60, 0.0, 1.0)], pixels_per_beat=0)
    with pytest.raises(ValidationError, match="not Note"):
        pianoroll_layout({"a": [(60, 0.0, 1.0)]})  # type: ignore[list-item]
    with pytest.raises(ValidationError):
        pianoroll_layout([Note(60, 0.0, 1.0)], key="H:minor")
