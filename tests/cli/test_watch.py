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


def test_watching_something_that_is_not_there_is_a_clear_error(emulator, conn, capsys):
    # Before: a log warning, then it waited for ever (or exited 0 with --count).
    assert main(["watch", "track.99.name", "--seconds", "20", *conn]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == ('livectl: error: cannot watch track.99.name: Live answered "Error handling '
                   'OSC message: Index out of range"; check that track 99 exists (indices '
                   'start at 0)\n')
    assert main(["watch", "clip.0.5.name", "--seconds", "20", *conn]) == 1
    assert "check that track 0 and clip slot 5 exist" in capsys.readouterr().err


def test_beat_with_the_transport_stopped_says_why_nothing_comes(emulator, conn, capsys):
    assert main(["watch", "song.beat", "--seconds", "0.3", *conn]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == ("hint: song.beat only changes while the transport runs, and it is stopped; "
                   "press Play in Live (or run: livectl query /live/song/start_playing). "
                   "Waiting...\n")
