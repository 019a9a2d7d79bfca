"""Every example in examples/ runs against the emulator (as a real subprocess, over UDP)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from livectl.emulator import Emulator
from livectl.model import Note

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(name: str, emu: Emulator, reply_port: int, *extra: str) -> str:
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / name), "--port", str(emu.port), "--reply-port",
         str(reply_port), *extra],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_blog_osc(emu: Emulator, reply_port: int) -> None:
    out = run("blog_osc.py", emu, reply_port)
    assert "playing at 140 BPM with 4 notes" in out
    song = emu.engine.song
    clip = song.tracks[0].clip_slots[0].clip
    assert song.tempo == 140.0 and clip.length == 4.0 and clip.is_playing
    got = [Note(n.pitch, n.start_time, n.duration, n.velocity, n.mute)
           for n in clip.get_notes_extended(0, 128, -10.0, 100.0)]
    assert got == [Note(60, 0, 1), Note(64, 1, 1), Note(67, 2, 1), Note(72, 3, 1)]


def test_listen_tempo(emu: Emulator, reply_port: int) -> None:
    out = run("listen_tempo.py", emu, reply_port, "--beats", "3")
    assert "tempo 120" in out and "tempo 600" in out and out.count("beat ") == 3
    assert "beat 0" in out  # counted from a stopped transport
    with emu.engine.lock:  # the set is left as it was found
        assert emu.engine.song.tempo == 120.0 and not emu.engine.song.is_playing


def test_async_notes(emu: Emulator, reply_port: int) -> None:
    assert run("async_notes.py", emu, reply_port).split() == [
        "60", "62", "64", "65", "67", "69", "71", "72"]
