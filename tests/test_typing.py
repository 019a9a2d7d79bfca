"""A user's script type-checks with mypy --strict, and mypy sees what it gets (sync and asyncio).

The scripts are what a new user writes; ``reveal_type`` shows the static type of each step and
the lines that must be refused (a read-only property assigned, a property assigned on asyncio,
``len()`` of an asyncio collection) are refused.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SYNC = '''
import livectl
from livectl import Note

with livectl.connect() as live:
    song = live.song
    reveal_type(song.tempo)
    song.tempo = 140.0
    track = song.tracks[0]
    reveal_type(track)
    reveal_type(song.tracks["Bass"])
    clip = track.clip_slots[0].create_clip(4)
    reveal_type(clip)
    clip.muted = True
    reveal_type(clip.notes)
    reveal_type(clip.add_notes([Note(60, 0, 1)]))
    reveal_type(song.create_midi_track())
    reveal_type(track.devices[0].parameters["Cutoff"])
    reveal_type(song.cue_points)
    clip.length = 3.0
    reveal_type(song.start_playing())
'''

ASYNC = '''
import asyncio

import livectl
from livectl import Note


async def main() -> None:
    async with livectl.aconnect() as live:
        song = live.song
        reveal_type(await song.tempo)
        track = song.tracks[0]
        reveal_type(track)
        reveal_type(await song.tracks["Bass"])
        clip = await track.clip_slots[0].create_clip(4)
        reveal_type(clip)
        reveal_type(await clip.notes)
        reveal_type(await clip.add_notes([Note(60, 0, 1)]))
        await song.set("tempo", 120)
        reveal_type(await song.tracks.count())
        song.tempo = 140.0
        len(song.tracks)

asyncio.run(main())
'''


def _mypy(tmp_path: Path, name: str, source: str) -> list[tuple[int, str]]:
    path = tmp_path / name
    path.write_text(textwrap.dedent(source).lstrip(), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir",
         str(tmp_path / "cache"), "--config-file", "/dev/null", str(path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300)
    found = []
    for line in proc.stdout.splitlines():
        m = re.match(rf".*{re.escape(name)}:(\d+): (?:note|error): (.*)$", line)
        if m:
            found.append((int(m.group(1)), m.group(2)))
    assert found, proc.stdout + proc.stderr
    return found


def test_a_sync_script_sees_precise_types_and_read_only_properties(tmp_path: Path) -> None:
    got = _mypy(tmp_path, "user_sync.py", SYNC)
    assert got == [
        (6, 'Revealed type is "float"'),
        (9, 'Revealed type is "livectl.model.track.Track"'),
        (10, 'Revealed type is "livectl.model.track.Track"'),
        (12, 'Revealed type is "livectl.model.clip.Clip"'),
        (14, 'Revealed type is "list[livectl.note.Note]"'),
        (15, 'Revealed type is "int"'),
        (16, 'Revealed type is "livectl.model.track.Track"'),
        (17, 'Revealed type is "livectl.model.device.Parameter"'),
        (18, 'Revealed type is "list[livectl.model.song.CuePoint]"'),
        (19, 'Incompatible types in assignment (expression has type "float", variable has '
             'type "Never")  [assignment]'),
        (20, 'Revealed type is "None"'),
    ]  # line 7 (song.tempo = 140.0) and 13 (clip.muted = True) type-check


def test_an_asyncio_script_awaits_what_talks_to_live(tmp_path: Path) -> None:
    got = _mypy(tmp_path, "user_async.py", ASYNC)
    assert got == [
        (10, 'Revealed type is "float"'),
        (12, 'Revealed type is "livectl.model._async.AsyncTrack"'),
        (13, 'Revealed type is "livectl.model._async.AsyncTrack"'),
        (15, 'Revealed type is "livectl.model._async.AsyncClip"'),
        (16, 'Revealed type is "list[livectl.note.Note]"'),
        (17, 'Revealed type is "int"'),
        (19, 'Revealed type is "int"'),
        (20, 'Property "tempo" defined in "AsyncSongProps" is read-only  [misc]'),
        (20, 'Incompatible types in assignment (expression has type "float", variable has '
             'type "Awaitable[float]")  [assignment]'),
        (21, 'Argument 1 to "len" has incompatible type "AsyncCollection[AsyncTrack]"; '
             'expected "Sized"  [arg-type]'),
    ]
