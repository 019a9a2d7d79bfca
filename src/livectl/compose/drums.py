"""Drum grids: General MIDI names, pattern strings, Euclidean rhythms, and a groove library.

A pattern is a grid of steps (16ths by default: 4 steps per beat, 16 per 4/4 bar) with one row
per voice. In pattern strings ``x`` is a hit (velocity 100), ``X`` an accent (120), ``o`` a ghost
note (50), ``.`` or ``-`` a rest; spaces and ``|`` are ignored, so ``"x... x... x... x..."``
reads as four beats. Voices are named by General MIDI percussion names (``kick`` 36,
``snare`` 38, ``clap`` 39, ``closed_hat`` 42, ``open_hat`` 46, ...) or given as note numbers.
On channel 10 a GM synth plays them as drums; an Ableton Drum Rack maps C1 = 36 upward.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from livectl.checks import (
    check_channel,
    check_int_range,
    check_pitch,
    check_real_range,
)
from livectl.compose.notes import Note
from livectl.errors import ValidationError

__all__ = ["GM_DRUMS", "GROOVES", "DrumPattern", "drum_note", "euclid", "groove"]

# General MIDI level 1 percussion key map (channel 10), notes 35..81.
GM_DRUMS: dict[str, int] = {
    "kick2": 35, "kick": 36, "rim": 37, "snare": 38, "clap": 39, "snare2": 40,
    "low_floor_tom": 41, "closed_hat": 42, "high_floor_tom": 43, "pedal_hat": 44,
    "low_tom": 45, "open_hat": 46, "low_mid_tom": 47, "high_mid_tom": 48, "crash": 49,
    "high_tom": 50, "ride": 51, "china": 52, "ride_bell": 53, "tambourine": 54, "splash": 55,
    "cowbell": 56, "crash2": 57, "vibraslap": 58, "ride2": 59, "high_bongo": 60,
    "low_bongo": 61, "mute_high_conga": 62, "open_high_conga": 63, "low_conga": 64,
    "high_timbale": 65, "low_timbale": 66, "high_agogo": 67, "low_agogo": 68, "cabasa": 69,
    "maracas": 70, "short_whistle": 71, "long_whistle": 72, "short_guiro": 73,
    "long_guiro": 74, "claves": 75, "high_wood_block": 76, "low_wood_block": 77,
    "mute_cuica": 78, "open_cuica": 79, "mute_triangle": 80, "open_triangle": 81,
}
_ALIASES = {"bd": "kick", "sd": "snare", "hh": "closed_hat", "hat": "closed_hat",
            "ch": "closed_hat", "oh": "open_hat", "cp": "clap", "rs": "rim", "cb": "cowbell",
            "shaker": "maracas", "cy": "crash"}
_NAME_OF = {v: k for k, v in GM_DRUMS.items()}
_CHARS = {"x": 100, "X": 120, "o": 50, ".": 0, "-": 0}
_IGNORED = re.compile(r"[\s|]")


def drum_note(voice: str | int) -> int:
    """GM note number of a voice name (``"kick"``, ``"bd"``, ``"closed_hat"``) or a number."""
    if isinstance(voice, int) and not isinstance(voice, bool):
        return check_pitch(voice, "voice")
    if isinstance(voice, str):
        key = voice.strip().lower().replace(" ", "_").replace("-", "_")
        key = _ALIASES.get(key, key)
        if key in GM_DRUMS:
            return GM_DRUMS[key]
        if key.isdigit():
            return check_pitch(int(key), "voice")
    raise ValidationError(
        f"unknown drum voice {voice!r}; use a GM name such as kick, snare, clap, closed_hat, "
        "open_hat, or a MIDI note number 0..127", field="voice", value=voice)


def _voice_name(note: int) -> str:
    return _NAME_OF.get(note, str(note))


def euclid(pulses: int, steps: int = 16, rotate: int = 0) -> str:
    """Euclidean rhythm as a pattern string: ``pulses`` hits spread as evenly as possible.

    ``euclid(3, 8) == "x..x..x."`` (the tresillo). Step ``i`` is a hit when
    ``(i * pulses) % steps < pulses``, which spaces the hits maximally evenly and starts on a hit;
    ``rotate`` moves the pattern that many steps to the right.
    """
    steps = check_int_range("steps", steps, 1, 1024)
    pulses = check_int_range("pulses", pulses, 0, steps)
    cells = ["x" if (i * pulses) % steps < pulses else "." for i in range(steps)]
    r = rotate % steps
    return "".join(cells[-r:] + cells[:-r]) if r else "".join(cells)


def parse_row(text: str, field: str = "pattern") -> tuple[int, ...]:
    """Pattern string -> per-step velocities (0 = rest)."""
    clean = _IGNORED.sub("", text)
    out = []
    for i, ch in enumerate(clean):
        if ch not in _CHARS:
            raise ValidationError(
                f"{field}: unknown step character {ch!r} at step {i} in {text!r}; use x (hit), "
                "X (accent), o (ghost), . or - (rest)", field=field, value=text)
        out.append(_CHARS[ch])
    if not out:
        raise ValidationError(f"{field} is an empty pattern", field=field, value=text)
    return tuple(out)


def _row_string(row: tuple[int, ...]) -> str:
    def ch(v: int) -> str:
        if v == 0:
            return "."
        if v >= 115:
            return "X"
        return "o" if v <= 70 else "x"
    return "".join(ch(v) for v in row)


@dataclass(frozen=True, slots=True)
class DrumPattern:
    """A step grid: ``rows`` maps GM note -> velocity per step (0 = rest).

    ``steps_per_beat`` 4 means 16ths. Every row has the same length (``steps``).
    """

    rows: tuple[tuple[int, tuple[int, ...]], ...]
    steps_per_beat: int = 4
    name: str = ""

    def __post_init__(self) -> None:
        check_int_range("steps_per_beat", self.steps_per_beat, 1, 96)
        lengths = {len(r) for _, r in self.rows}
        if len(lengths) > 1:
            raise ValidationError(
                f"every row of a drum pattern needs the same number of steps, got "
                f"{sorted(lengths)}; pad the short rows with '.'", field="rows",
                value=sorted(lengths))
        for note, row in self.rows:
            check_pitch(note, "voice")
            for v in row:
                check_int_range("step velocity", v, 0, 127)

    @classmethod
    def from_strings(cls, rows: Mapping[Any, str], *, steps_per_beat: int = 4,
                     name: str = "") -> DrumPattern:
        """``{"kick": "x...x...", "snare": "....x..."}`` -> DrumPattern (rows sorted by note)."""
        if not rows:
            raise ValidationError("a drum pattern needs at least one row", field="rows",
                                  value=rows)
        parsed: dict[int, tuple[int, ...]] = {}
        for voice, text in rows.items():
            note = drum_note(voice)
            if note in parsed:
                raise ValidationError(f"voice {voice!r} (note {note}) appears twice",
                                      field="rows", value=voice)
            parsed[note] = parse_row(text, f"rows[{voice!r}]")
        return cls(tuple(sorted(parsed.items())), steps_per_beat, name)

    @property
    def steps(self) -> int:
        return len(self.rows[0][1]) if self.rows else 0

    @property
    def beats(self) -> float:
        return self.steps / self.steps_per_beat

    @property
    def voices(self) -> tuple[int, ...]:
        return tuple(n for n, _ in self.rows)

    def row(self, voice: str | int) -> tuple[int, ...]:
        note = drum_note(voice)
        for n, r in self.rows:
            if n == note:
                return r
        return (0,) * self.steps

    def to_strings(self) -> dict[str, str]:
        """Voice name -> pattern string (round-trips through ``from_strings``)."""
        return {_voice_name(n): _row_string(r) for n, r in self.rows}

    def step_masks(self) -> list[frozenset[int]]:
        """For each step, the set of notes that sound."""
        return [frozenset(n for n, r in self.rows if r[i]) for i in range(self.steps)]

    def to_notes(self, *, bars: int = 1, start_beats: float = 0.0, channel: int = 10,
                 swing: float = 0.0, gate: float = 0.5) -> list[Note]:
        """Notes for ``bars`` repeats, sorted by time then pitch.

        ``swing`` (0..0.5) delays every second step by that fraction of a step pair (0.5 pushes
        it onto the next step; 0.16 is a light MPC-style swing). ``gate`` is each note's length
        as a fraction of a step (drum samples usually ignore it).
        """
        bars = check_int_range("bars", bars, 1, 100_000)
        channel = check_channel(channel)
        swing = check_real_range("swing", swing, 0.0, 0.5)
        gate = check_real_range("gate", gate, 0.01, 1.0)
        step = 1.0 / self.steps_per_beat
        out: list[Note] = []
        for b in range(bars):
            base = start_beats + b * self.beats
            for i in range(self.steps):
                t = base + i * step + (2 * swing * step if i % 2 else 0.0)
                for note, row in self.rows:
                    if row[i]:
                        out.append(Note(note, t, step * gate, row[i], channel=channel))
        out.sort(key=lambda n: (n.start_beats, n.pitch))
        return out

    def with_row(self, voice: str | int, row: str | Iterable[int]) -> DrumPattern:
        """A copy with one voice's row replaced (or added).

        A shorter row whose length divides the bar is repeated to fill it (``euclid(3, 8)`` in
        a 16-step bar plays twice).
        """
        note = drum_note(voice)
        values = parse_row(row) if isinstance(row, str) else tuple(row)
        if values and len(values) < self.steps and self.steps % len(values) == 0:
            values = values * (self.steps // len(values))
        rows = dict(self.rows)
        rows[note] = values
        return DrumPattern(tuple(sorted(rows.items())), self.steps_per_beat, self.name)


# Grooves written for this project (one 4/4 bar of 16ths each unless noted). Each is a common
# textbook figure in its style; none is transcribed from a recording.
_GROOVE_ROWS: dict[str, tuple[dict[str, str], float]] = {
    # The blog's 16-step lofi beat, as examples/lofi_drums.py plays it: kick on 1, the "and" of
    # 2 and the "and" of 3; snare on 2 and 4 with a clap on 4; 8th hats with a 16th pickup and
    # an open hat on the last "and". Straight, as in the blog; pass a swing to loosen it.
    "lofi": ({
        "kick":       "x.....x...x.....",
        "snare":      "....x.......x...",
        "clap":       "............x...",
        "closed_hat": "x.x.x.x.x.x.x.xx",
        "open_hat":   "..............x.",
    }, 0.0),
    "four_on_the_floor": ({
        "kick":       "x...x...x...x...",
        "clap":       "....x.......x...",
        "closed_hat": "..x...x...x...x.",
    }, 0.0),
    "house": ({
        "kick":       "x...x...x...x...",
        "clap":       "....x.......x...",
        "closed_hat": "xoxoxoxoxoxoxoxo",
        "open_hat":   "..x...x...x...x.",
    }, 0.0),
    "boom_bap": ({
        "kick":       "x......x..x.....",
        "snare":      "....X.......X...",
        "closed_hat": "x.x.x.x.x.x.x.x.",
    }, 0.08),
    "rock": ({
        "kick":       "x.......x.x.....",
        "snare":      "....x.......x...",
        "closed_hat": "x.x.x.x.x.x.x.x.",
    }, 0.0),
    "funk": ({
        "kick":       "x..x......x..x..",
        "snare":      "....X..o.o..X..o",
        "closed_hat": "xxxxxxxxxxxxxxxx",
    }, 0.0),
    "breakbeat": ({
        "kick":       "x.x.......xx....",
        "snare":      "....x..o.o..x..o",
        "closed_hat": "x.x.x.x.x.x.x.x.",
    }, 0.05),
    "halftime": ({
        "kick":       "x.....x.........",
        "snare":      "........X.......",
        "closed_hat": "x.x.x.x.x.x.x.x.",
    }, 0.0),
    "trap": ({
        "kick":       "x......x..x.....",
        "snare":      "........X.......",
        "closed_hat": "x.xxx.x.x.xxx.xx",
    }, 0.0),
    "dembow": ({
        "kick":       "x...x...x...x...",
        "snare":      "...x..x....x..x.",
        "closed_hat": "x.x.x.x.x.x.x.x.",
    }, 0.0),
    "bossa": ({
        "kick":       "x..xx..xx..xx..x",
        "rim":        "x..x..x...x..x..",
        "closed_hat": "xxxxxxxxxxxxxxxx",
    }, 0.0),
    "disco": ({
        "kick":       "x...x...x...x...",
        "snare":      "....x.......x...",
        "closed_hat": "x.x.x.x.x.x.x.x.",
        "open_hat":   "..x...x...x...x.",
    }, 0.0),
    "tresillo": ({
        "kick":       euclid(3, 8) * 2,
        "clap":       "....x.......x...",
        "closed_hat": euclid(5, 16),
    }, 0.0),
}

#: name -> (pattern, default swing)
GROOVES: dict[str, tuple[DrumPattern, float]] = {
    name: (DrumPattern.from_strings(rows, name=name), swing)
    for name, (rows, swing) in _GROOVE_ROWS.items()
}


def groove(name: str) -> DrumPattern:
    """A pattern of the groove library by name (see ``GROOVES``)."""
    try:
        return GROOVES[name.strip().lower().replace("-", "_")][0]
    except KeyError:
        raise ValidationError(
            f"unknown groove {name!r}; choose one of {', '.join(sorted(GROOVES))}",
            field="style", value=name) from None
