"""``livectl show FILE.mid``: the terminal piano roll, run as a user would (a subprocess)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from livectl.cli.show import ONSET, terminal_roll
from livectl.compose import Note, groove
from livectl.errors import ValidationError
from livectl.output.midifile import write_midi
from livectl.output.pianoroll import drum_name

MELODY = [Note(p, 1.0 * i, 1.0, 100) for i, p in enumerate([57, 60, 64, 62, 60, 64, 67, 69])]
DRUMS = groove("rock").to_notes(bars=2)
TOTAL = len(MELODY) + len(DRUMS)


def show(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "livectl", "show", *args], capture_output=True,
                          text=True, timeout=60, env={"NO_COLOR": "1", "PATH": ""})


@pytest.fixture
def demo_mid(tmp_path: Path) -> Path:
    return write_midi(tmp_path / "demo.mid", {"Melody": MELODY,
                                               "Drums": DRUMS},
                      tempo_bpm=96)


def test_show_draws_names_bars_and_every_note(demo_mid: Path) -> None:
    proc = show(str(demo_mid), "--width", "120")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == f"demo.mid  ·  96 BPM  ·  4/4  ·  {TOTAL} notes"
    assert "Melody (8)" in lines[1] and f"Drums ({len(DRUMS)})" in lines[1]
    assert lines[3].split() == ["│1", "│2"]
    labels = [line.split("│")[0].strip() for line in lines[4:]]
    assert labels[0] == "A4" and labels[labels.index("C4") + 3] == "A3"  # one line a pitch
    drum_rows = [drum_name(p) for p in sorted({n.pitch for n in DRUMS}, reverse=True)]
    assert labels[-len(drum_rows):] == drum_rows and drum_rows[-1] == "kick"
    grid = "".join(line.split(" ", 1)[1] for line in lines[4:] if "│" in line)
    assert grid.count(ONSET) == TOTAL  # one onset cell per note
    assert all(len(line) <= 120 for line in lines)


def test_a_narrow_terminal_wraps_into_rows_of_whole_bars(demo_mid: Path) -> None:
    proc = show(str(demo_mid), "--width", "40")
    assert proc.returncode == 0, proc.stderr
    bar_lines = [line.split() for line in proc.stdout.splitlines() if line.strip().startswith("│")]
    assert bar_lines == [["│1"], ["│2"]]
    assert all(len(line) <= 40 for line in proc.stdout.splitlines()[2:])


def test_show_refuses_what_it_cannot_draw(tmp_path: Path) -> None:
    proc = show(str(tmp_path / "missing.mid"))
    assert proc.returncode != 0 and "missing.mid" in proc.stderr
    with pytest.raises(ValidationError, match="no notes"):
        terminal_roll({"a": []})
    with pytest.raises(ValidationError, match="width"):
        terminal_roll({"a": MELODY}, width=5)
