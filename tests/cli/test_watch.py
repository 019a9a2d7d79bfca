"""``livectl watch``: a listener stream over UDP; path errors before anything is sent."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from livectl.cli import main
from livectl.cli.watch import parse_path
from livectl.errors import ValidationError


def test_watch_streams_changes(emulator, conn):
    """The current value first, then each change (read line by line from a real process)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "livectl", "watch", "song.tempo", "--count", "2",
         "--seconds", "20", "--json", *conn],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        first = json.loads(proc.stdout.readline())  # blocks until the subscription answered
        assert first["value"] == [120.0]
        with emulator.engine.lock:
            emulator.engine.song.tempo = 133.0
        second = json.loads(proc.stdout.readline())
        assert second["value"] == [133.0]
        assert proc.wait(timeout=20) == 0
    finally:
        proc.kill()
        proc.communicate()


def test_watch_beat_while_playing(emulator, conn, capsys):
    with emulator.engine.lock:
        emulator.engine.song.tempo = 480.0  # 8 beats a second keeps the test short
        emulator.engine.song.start_playing()
    assert main(["watch", "song.beat", "--count", "3", "--seconds", "10", *conn]) == 0
    beats = [int(line.split("=")[1]) for line in capsys.readouterr().out.splitlines()]
    assert len(beats) == 3
    assert beats == sorted(beats)


@pytest.mark.parametrize(
    ("path", "expected"),
    [("song.tempo", ("/live/song/get/tempo", (), "tempo")),
     ("track.2.mute", ("/live/track/get/mute", (2,), "mute")),
     ("clip.0.1.playing_position", ("/live/clip/get/playing_position", (0, 1), "playing_position")),
     ("song.beat", ("/live/song/get/beat", (), "beat"))],
)
def test_parse_path(path, expected):
    assert parse_path(path) == expected


@pytest.mark.parametrize(
    ("path", "message"),
    [("tempo", "must look like"), ("track.x.mute", "integers"),
     ("track.mute", "takes 1 index"), ("song.can_undo", "cannot be watched")],
)
def test_bad_paths_name_the_problem(path, message):
    with pytest.raises(ValidationError, match=message):
        parse_path(path)
