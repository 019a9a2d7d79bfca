"""The README's code is real: every Python block compiles, and the OSC one runs against the
emulator (with its ports substituted)."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from livectl.emulator import Emulator

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.S)


def test_readme_has_the_blog_scripts():
    assert len(BLOCKS) >= 3
    assert "python3 -m livectl demo" in README and "scripts/test" in README


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_python_blocks_compile(index):
    compile(BLOCKS[index], f"README block {index}", "exec")


def test_osc_block_runs_against_the_emulator():
    block = next(b for b in BLOCKS if "livectl.connect()" in b)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        reply_port = s.getsockname()[1]
    with Emulator(port=0, reply_port=reply_port, tick_s=0.1) as emu:
        code = block.replace("livectl.connect()",
                             f"livectl.connect(port={emu.port}, reply_port={reply_port})")
        exec(compile(code, "README OSC block", "exec"), {})
        with emu.engine.lock:
            song = emu.engine.song
            clip = song.tracks[0].clip_slots[0].clip
            assert song.tempo == 140
            assert [n.pitch for n in clip.get_notes_extended(0, 128, -8192.0, 16384.0)] == [
                60, 64, 67, 72]
            assert clip.is_playing or clip.is_triggered
