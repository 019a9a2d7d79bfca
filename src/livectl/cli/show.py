"""``livectl show``: a piano roll of a .mid file in the terminal.

One line per pitch (a name at every C, GM drum names for channel 10), one column per step
(16ths by default), rows of whole bars wrapped to the terminal's width with bar numbers above,
one colour per track (the legend names them); a note's first step is a full block, the rest
of it a lighter one, soft notes dimmed.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from rich.text import Text

from livectl.checks import check_int_range
from livectl.cli._common import console
from livectl.compose.notes import Note
from livectl.compose.scales import pitch_name
from livectl.errors import ValidationError

__all__ = ["register", "terminal_roll"]

EXAMPLES = """\
examples:
  livectl show demo.mid                 # the whole file, wrapped to the terminal
  livectl show melody.mid --steps 2     # 8th notes a column: twice as many bars a row
  livectl show drums.mid --width 80
"""

STYLES = ["bright_blue", "dark_orange", "green3", "red3", "magenta", "cyan", "yellow3", "purple"]
DRUM_CHANNEL = 10
ONSET, HOLD = "█", "▒"


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "show",
        help="draw a .mid file as a piano roll in the terminal",
        description=__doc__,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", type=Path, help="a .mid file")
    parser.add_argument("--steps", type=int, default=4,
                        help="columns per beat (default 4: 16th notes)")
    parser.add_argument("--width", type=int, default=None,
                        help="characters per line (default: the terminal's width)")
    parser.set_defaults(func=run)


def _drum_label(pitch: int) -> str:
    from livectl.output.pianoroll import drum_name

    return drum_name(pitch)


def terminal_roll(tracks: Mapping[str, Sequence[Note]], *, width: int = 100, steps: int = 4,
                  beats_per_bar: int = 4, title: str = "") -> list[Text]:
    """The piano roll as lines of rich Text, ``width`` characters at most."""
    width = check_int_range("width", width, 30, 10_000)
    steps = check_int_range("steps", steps, 1, 16)
    bpb = check_int_range("beats_per_bar", beats_per_bar, 1, 64)
    named = {name: [n for n in notes if not n.mute] for name, notes in tracks.items()}
    notes = [n for part in named.values() for n in part]
    if not notes:
        raise ValidationError("nothing to show: no notes", field="tracks", value=0)
    tonal = [n for n in notes if n.channel != DRUM_CHANNEL]
    rows: list[tuple[str, int, bool]] = []  # label, pitch, drum
    if tonal:
        hi, lo = max(n.pitch for n in tonal), min(n.pitch for n in tonal)
        rows += [(pitch_name(p), p, False) for p in range(hi, lo - 1, -1)]
    rows += [(_drum_label(p), p, True)
             for p in sorted({n.pitch for n in notes if n.channel == DRUM_CHANNEL}, reverse=True)]
    gutter = max(len(label) for label, _, _ in rows) + 1
    start = min(0.0, min(n.start_beats for n in notes))
    first_bar = math.floor(start / bpb)
    t0 = first_bar * bpb
    bars = max(1, math.ceil((max(n.end_beats for n in notes) - t0) / bpb - 1e-9))
    bar_cols = bpb * steps + 1  # a bar's steps and its bar line
    per_row = max(1, (width - gutter - 1) // bar_cols)

    # cells[(pitch, drum)][step] = (part index, onset?, velocity)
    cells: dict[tuple[int, bool], dict[int, tuple[int, bool, float]]] = {}
    for i, part in enumerate(named.values()):
        for n in part:
            key = (n.pitch, n.channel == DRUM_CHANNEL)
            first = round((n.start_beats - t0) * steps)
            last = max(first + 1, round((n.end_beats - t0) * steps))
            row = cells.setdefault(key, {})
            for s in range(first, last):
                if s not in row or s == first:
                    row[s] = (i, s == first, n.velocity)

    lines: list[Text] = []
    heading = Text(title or "piano roll", style="bold")
    lines.append(heading)
    legend = Text()
    for i, (name, part) in enumerate(named.items()):
        legend.append(f"{ONSET}{ONSET} ", style=STYLES[i % len(STYLES)])
        legend.append(f"{name} ({len(part)})   ")
    lines.append(legend)
    for r in range(math.ceil(bars / per_row)):
        row_bars = range(r * per_row, min(bars, (r + 1) * per_row))
        lines.append(Text(""))
        numbers = " " * gutter
        for b in row_bars:
            numbers += f"│{first_bar + b + 1}".ljust(bar_cols)
        lines.append(Text(numbers.rstrip(), style="bold"))
        for label, pitch, drum in rows:
            line = Text(label.rjust(gutter - 1) + " ", style="bold" if pitch % 12 == 0 and
                        not drum else "")
            row_cells = cells.get((pitch, drum), {})
            for b in row_bars:
                line.append("│", style="grey50")
                for k in range(bpb * steps):
                    s = b * bpb * steps + k
                    cell = row_cells.get(s)
                    if cell is None:
                        line.append("·" if k % steps == 0 else " ", style="grey42")
                        continue
                    part_index, onset, velocity = cell
                    style = STYLES[part_index % len(STYLES)]
                    if velocity < 64:
                        style += " dim"
                    line.append(ONSET if onset else HOLD, style=style)
            lines.append(line)
    return lines


def run(args: argparse.Namespace) -> int:
    from livectl.output.midifile import read_midi

    data = read_midi(args.file)
    width = args.width if args.width is not None else max(40, console.width)
    numerator, denominator = data.time_signature
    beats_per_bar = max(1, round(numerator * 4 / denominator))
    total = sum(len(n) for n in data.tracks.values())
    title = (f"{args.file.name}  ·  {data.tempo_bpm:g} BPM  ·  {numerator}/{denominator}  ·  "
             f"{total} notes")
    tracks = {name: notes for name, notes in data.tracks.items() if notes}
    for line in terminal_roll(tracks, width=width, steps=args.steps,
                              beats_per_bar=beats_per_bar, title=title):
        console.print(line, overflow="crop", no_wrap=True, crop=True)
    return 0
