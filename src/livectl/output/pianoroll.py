"""Piano-roll pictures of notes, as PNG (pillow) or SVG, laid out to be read by a musician.

Time runs left to right in rows of whole bars (a long piece wraps onto more rows instead of
being squeezed); each row has bar numbers (and beat numbers when there is room) over it, a
pitch lane with note names on the left (a line and a label at every C) and, for notes on
channel 10, a drum lane whose rows carry General MIDI drum names. Each part has its colour,
named in the legend; velocity is the note's opacity. The title says the key and the tempo.

One layout (:func:`pianoroll_layout`, a list of rectangles, lines and texts) is drawn by both
the PNG and the SVG writer, so they show the same picture.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from livectl.checks import check_int_range, check_tempo
from livectl.compose.drums import GM_DRUMS
from livectl.compose.notes import Note
from livectl.compose.scales import parse_key, pitch_name
from livectl.errors import ValidationError

__all__ = [
    "MAX_HEIGHT",
    "MAX_WIDTH",
    "Layout",
    "Line",
    "Rect",
    "Text",
    "drum_name",
    "font_for",
    "pianoroll_image",
    "pianoroll_layout",
    "pianoroll_svg",
    "save_pianoroll",
]

log = logging.getLogger(__name__)

#: Widest picture drawn, in pixels (the default row width is 1600).
MAX_WIDTH = 16_384
#: Tallest picture drawn: a piece that would need more rows gets fewer pixels per beat.
MAX_HEIGHT = 32_768
DRUM_CHANNEL = 10

COLOURS = [(38, 110, 220), (230, 110, 20), (40, 160, 70), (210, 30, 70), (135, 40, 175),
           (20, 160, 170), (200, 40, 190), (140, 150, 20)]
_BG = (255, 255, 255)
_LANE = (250, 250, 252)
_BLACK_KEY_ROW = (236, 237, 242)
_BEAT = (222, 222, 226)
_BAR = (140, 140, 150)
_OCTAVE = (170, 170, 185)
_INK = (30, 30, 35)
_SOFT_INK = (105, 105, 115)
_BLACK_KEYS = {1, 3, 6, 8, 10}
_DRUM_NAMES = {number: name.replace("_", " ") for name, number in GM_DRUMS.items()}
_FONT_SIZES = {"title": 18, "subtitle": 13, "label": 11, "small": 10}
_PAD = 10


@dataclass(frozen=True, slots=True)
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float
    fill: tuple[int, int, int]
    opacity: float = 1.0
    outline: tuple[int, int, int] | None = None
    kind: str = ""  # "note", "swatch", "lane", "key"


@dataclass(frozen=True, slots=True)
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    colour: tuple[int, int, int]
    kind: str = ""  # "bar", "beat", "octave"


@dataclass(frozen=True, slots=True)
class Text:
    x: float
    y: float
    text: str
    style: str  # a key of _FONT_SIZES
    anchor: str = "ls"  # pillow's anchors: l/m/r horizontally, s (baseline)/m vertically
    colour: tuple[int, int, int] = _INK
    kind: str = ""  # "title", "subtitle", "legend", "pitch", "drum", "bar", "beat"


@dataclass
class Layout:
    """Everything the picture shows, in drawing order, and its size in pixels."""

    width: int
    height: int
    rects: list[Rect] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    rows: int = 0
    bars_per_row: int = 0
    pixels_per_beat: float = 0.0


def drum_name(pitch: int) -> str:
    """The General MIDI drum name of a note on channel 10 ("kick", "closed hat"), else its
    note name."""
    return _DRUM_NAMES.get(pitch, pitch_name(pitch))


@lru_cache(maxsize=8)
def font_for(style: str) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The font a text of ``style`` (title, subtitle, label, small) is drawn with."""
    return ImageFont.load_default(size=_FONT_SIZES[style])


def _text_width(text: str, style: str) -> float:
    return float(font_for(style).getlength(text))


def _key_text(key: str) -> str:
    parsed = parse_key(key)  # refuses a bad key with the parser's message
    tonic, _, scale = key.partition(":")
    return f"{tonic.strip()} {scale.strip() or parsed.scale.name}".replace("_", " ")


def _named(tracks: Mapping[str, Sequence[Note]] | Sequence[Note]) -> dict[str, list[Note]]:
    named = {str(k): list(v) for k, v in tracks.items()} if isinstance(tracks, Mapping) \
        else {"notes": list(tracks)}
    for name, notes in named.items():
        for n in notes:
            if not isinstance(n, Note):
                raise ValidationError(f"part {name!r} holds {type(n).__name__}, not Note",
                                      field="tracks", value=type(n).__name__)
    return named


def pianoroll_layout(
    tracks: Mapping[str, Sequence[Note]] | Sequence[Note], *,
    title: str | None = None, key: str | None = None, tempo_bpm: float | None = None,
    pixels_per_beat: int = 40, pixels_per_pitch: int = 10, beats_per_bar: int = 4,
    bars_per_row: int | None = None, width: int = 1600, margin_pitches: int = 2,
) -> Layout:
    """Lay out the picture: ``bars_per_row`` (default: as many as fit in ``width``) bars of
    ``pixels_per_beat`` each per row, as many rows as the piece needs."""
    named = _named(tracks)
    ppb: float = check_int_range("pixels_per_beat", pixels_per_beat, 2, 1000)
    ppp = check_int_range("pixels_per_pitch", pixels_per_pitch, 2, 100)
    bpb = check_int_range("beats_per_bar", beats_per_bar, 1, 64)
    width = check_int_range("width", width, 200, MAX_WIDTH)
    margin_pitches = check_int_range("margin_pitches", margin_pitches, 0, 24)
    if tempo_bpm is not None:
        tempo_bpm = check_tempo(tempo_bpm)
    notes = [n for t in named.values() for n in t]
    if not notes:
        raise ValidationError("nothing to draw: no notes", field="tracks", value=0)
    tonal = [n for n in notes if n.channel != DRUM_CHANNEL]
    drums = sorted({n.pitch for n in notes if n.channel == DRUM_CHANNEL}, reverse=True)
    lo = hi = 0
    if tonal:
        lo = max(0, min(n.pitch for n in tonal) - margin_pitches)
        hi = min(127, max(n.pitch for n in tonal) + margin_pitches)
    first_bar = math.floor(min(0.0, min(n.start_beats for n in notes)) / bpb)
    t0 = first_bar * bpb
    end = max(n.end_beats for n in notes)
    bars = max(1, math.ceil((end - t0) / bpb - 1e-9))

    # The label column fits the longest label; a drum row needs room for its name.
    labels = [pitch_name(p) for p in range(lo, hi + 1)] if tonal else []
    labels += [drum_name(p) for p in drums]
    gutter = _PAD + max([_text_width(s, "label") for s in labels] + [24.0]) + 6
    pitch_h = (hi - lo + 1) * ppp if tonal else 0
    drum_row = max(ppp, 12)
    drum_h = len(drums) * drum_row
    lanes_h = pitch_h + drum_h + (6 if tonal and drums else 0)
    header_h = 26 if ppb >= 14 else 16
    system_h = header_h + lanes_h + 14

    # Title, subtitle and legend, flowing over as many lines as the names need.
    texts: list[Text] = []
    rects: list[Rect] = []
    lines: list[Line] = []
    y = _PAD + 16
    texts.append(Text(_PAD, y, title or "piano roll", "title", kind="title"))
    facts = []
    if key:
        facts.append(_key_text(key))
    if tempo_bpm is not None:
        facts.append(f"{tempo_bpm:g} BPM")
    facts.append(f"{bpb}/4")
    facts.append(f"{bars} bar{'s' if bars != 1 else ''}")
    y += 20
    texts.append(Text(_PAD, y, "  ·  ".join(facts), "subtitle", colour=_SOFT_INK, kind="subtitle"))
    y += 10
    x = float(_PAD)
    legend_line = y
    for i, name in enumerate(named):
        label = f"{name} ({len(named[name])})"
        w = 14 + 5 + _text_width(label, "label") + 16
        if x + w > width - _PAD and x > _PAD:
            x, legend_line = float(_PAD), legend_line + 18
        colour = COLOURS[i % len(COLOURS)]
        rects.append(Rect(x, legend_line + 2, x + 12, legend_line + 14, colour, kind="swatch"))
        texts.append(Text(x + 17, legend_line + 12, label, "label", kind="legend"))
        x += w
    top = legend_line + 24

    # Rows of whole bars; a piece too long for MAX_HEIGHT gets fewer pixels per beat.
    usable = width - gutter - _PAD
    if bars_per_row is None:
        fits = max(1, int(usable // (bpb * ppb)))
        # Phrases come in 4 and 8 bars: rows of a multiple of 4 bars read best.
        bars_per_row = fits - fits % 4 if fits >= 4 else fits
    bars_per_row = check_int_range("bars_per_row", bars_per_row, 1, 100_000)
    max_rows = max(1, int((MAX_HEIGHT - top - _PAD) // system_h))
    if math.ceil(bars / bars_per_row) > max_rows:
        bars_per_row = math.ceil(bars / max_rows)
        ppb = max(usable / (bars_per_row * bpb), 0.01)
        log.info("piano roll of %d bars: %d bars a row at %.3g px per beat to stay %d px high",
                 bars, bars_per_row, ppb, MAX_HEIGHT)
    bars_per_row = min(bars_per_row, bars)
    if gutter + bars_per_row * bpb * ppb + _PAD > MAX_WIDTH:
        ppb = (MAX_WIDTH - gutter - _PAD) / (bars_per_row * bpb)
    rows = math.ceil(bars / bars_per_row)
    row_beats = bars_per_row * bpb
    picture_w = int(max(width if rows > 1 else 0, gutter + row_beats * ppb + _PAD))
    picture_w = min(MAX_WIDTH, max(picture_w, int(x) + _PAD, 200))
    height = int(top + rows * system_h + _PAD)

    show_beats = ppb >= 14 and bpb > 1
    label_every = 1 if bpb * ppb >= 26 else math.ceil(26 / (bpb * ppb))
    for r in range(rows):
        row_top = top + r * system_h
        lane_top = row_top + header_h
        row_t0 = t0 + r * row_beats
        row_bars = min(bars_per_row, bars - r * bars_per_row)
        x_end = gutter + row_bars * bpb * ppb
        # Lane backgrounds, black-key rows, octave lines at every C with its name.
        if tonal:
            rects.append(Rect(gutter, lane_top, x_end, lane_top + pitch_h, _LANE, kind="lane"))
            for p in range(lo, hi + 1):
                py = lane_top + (hi - p) * ppp
                if p % 12 in _BLACK_KEYS:
                    rects.append(Rect(gutter, py, x_end, py + ppp, _BLACK_KEY_ROW, kind="key"))
                if p % 12 == 0:
                    lines.append(Line(gutter - 4, py + ppp, x_end, py + ppp, _OCTAVE,
                                      kind="octave"))
                if p % 12 == 0 or ppp >= 12:
                    texts.append(Text(gutter - 6, py + ppp / 2, pitch_name(p), "label", "rm",
                                      _INK if p % 12 == 0 else _SOFT_INK, kind="pitch"))
        drum_top = lane_top + pitch_h + (6 if tonal else 0)
        for j, p in enumerate(drums):
            py = drum_top + j * drum_row
            rects.append(Rect(gutter, py, x_end, py + drum_row,
                              _LANE if j % 2 == 0 else _BLACK_KEY_ROW, kind="lane"))
            texts.append(Text(gutter - 6, py + drum_row / 2, drum_name(p), "label", "rm",
                              kind="drum"))
        # Bar and beat lines, bar numbers (and beat numbers when there is room) above.
        for b in range(row_bars * bpb + 1):
            bx = gutter + b * ppb
            is_bar = b % bpb == 0
            if not is_bar and not show_beats:
                continue
            lines.append(Line(bx, lane_top, bx, lane_top + lanes_h, _BAR if is_bar else _BEAT,
                              kind="bar" if is_bar else "beat"))
            bar_number = first_bar + r * bars_per_row + b // bpb + 1
            if is_bar and b < row_bars * bpb and (bar_number - first_bar - 1) % label_every == 0:
                texts.append(Text(bx + 3, row_top + 12, str(bar_number), "label", kind="bar"))
            elif not is_bar and show_beats:
                texts.append(Text(bx + 2, row_top + header_h - 3, f".{b % bpb + 1}", "small",
                                  colour=_SOFT_INK, kind="beat"))
        # The notes of this row, cut at its edges; opacity follows velocity.
        row_end = row_t0 + row_beats
        for i, part in enumerate(named.values()):
            colour = COLOURS[i % len(COLOURS)]
            for n in part:
                if n.end_beats <= row_t0 or n.start_beats >= row_end or n.mute:
                    continue
                nx0 = gutter + (max(n.start_beats, row_t0) - row_t0) * ppb
                nx1 = gutter + (min(n.end_beats, row_end) - row_t0) * ppb
                nx1 = max(nx0 + 2, nx1 - 1)
                if n.channel == DRUM_CHANNEL:
                    ny = drum_top + drums.index(n.pitch) * drum_row + 1
                    nh = drum_row - 2
                else:
                    ny = lane_top + (hi - n.pitch) * ppp
                    nh = ppp - 1
                rects.append(Rect(nx0, ny, nx1, ny + nh, colour, 0.25 + 0.75 * n.velocity / 127,
                                  outline=colour, kind="note"))
    return Layout(picture_w, height, rects, lines, texts, rows, bars_per_row, ppb)


def _draw(layout: Layout) -> Image.Image:
    img = Image.new("RGB", (layout.width, layout.height), _BG)
    draw = ImageDraw.Draw(img, "RGBA")
    for r in layout.rects:
        if r.kind == "note":
            continue
        draw.rectangle((r.x0, r.y0, r.x1 - 1, r.y1 - 1), fill=r.fill)
    for ln in layout.lines:
        draw.line((ln.x0, ln.y0, ln.x1, ln.y1), fill=ln.colour)
    for r in layout.rects:
        if r.kind != "note":
            continue
        alpha = round(255 * r.opacity)
        outline = None if r.outline is None else (*r.outline, 255)
        draw.rectangle((r.x0, r.y0, r.x1, r.y1), fill=(*r.fill, alpha), outline=outline)
    for t in layout.texts:
        draw.text((t.x, t.y), t.text, fill=t.colour, font=font_for(t.style), anchor=t.anchor)
    return img


def pianoroll_image(tracks: Mapping[str, Sequence[Note]] | Sequence[Note],
                    **options: Any) -> Image.Image:
    """The piano roll as an RGB pillow image; options as :func:`pianoroll_layout`."""
    return _draw(pianoroll_layout(tracks, **options))


_SVG_ANCHOR = {"l": "start", "m": "middle", "r": "end"}
_SVG_BASELINE = {"s": "auto", "m": "central"}


def _rgb(colour: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def pianoroll_svg(tracks: Mapping[str, Sequence[Note]] | Sequence[Note], **options: Any) -> str:
    """The piano roll as an SVG document (text stays text); options as :func:`pianoroll_layout`."""
    layout = pianoroll_layout(tracks, **options)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{layout.width}" '
           f'height="{layout.height}" viewBox="0 0 {layout.width} {layout.height}" '
           'font-family="Helvetica, Arial, sans-serif">',
           f'<rect width="{layout.width}" height="{layout.height}" fill="{_rgb(_BG)}"/>']

    def rect(r: Rect) -> str:
        extra = f' fill-opacity="{r.opacity:.3f}"' if r.opacity < 1 else ""
        if r.outline is not None:
            extra += f' stroke="{_rgb(r.outline)}" stroke-width="1"'
        return (f'<rect class="{r.kind}" x="{r.x0:.2f}" y="{r.y0:.2f}" '
                f'width="{max(0.0, r.x1 - r.x0):.2f}" height="{max(0.0, r.y1 - r.y0):.2f}" '
                f'fill="{_rgb(r.fill)}"{extra}/>')

    out += [rect(r) for r in layout.rects if r.kind != "note"]
    out += [f'<line class="{ln.kind}" x1="{ln.x0:.2f}" y1="{ln.y0:.2f}" x2="{ln.x1:.2f}" '
            f'y2="{ln.y1:.2f}" stroke="{_rgb(ln.colour)}" stroke-width="1"/>'
            for ln in layout.lines]
    out += [rect(r) for r in layout.rects if r.kind == "note"]
    out += [f'<text class="{t.kind}" x="{t.x:.2f}" y="{t.y:.2f}" '
            f'font-size="{_FONT_SIZES[t.style]}" fill="{_rgb(t.colour)}" '
            f'text-anchor="{_SVG_ANCHOR[t.anchor[0]]}" '
            f'dominant-baseline="{_SVG_BASELINE[t.anchor[1]]}">{escape(t.text)}</text>'
            for t in layout.texts]
    out.append("</svg>")
    return "\n".join(out) + "\n"


def save_pianoroll(path: str | Path, tracks: Mapping[str, Sequence[Note]] | Sequence[Note],
                   **options: Any) -> Path:
    """Draw ``tracks`` and save: SVG when ``path`` ends in .svg, else PNG; returns the path."""
    out = Path(path)
    if out.suffix.lower() == ".svg":
        out.write_text(pianoroll_svg(tracks, **options), encoding="utf-8")
    else:
        pianoroll_image(tracks, **options).save(out, format="PNG")
    return out
