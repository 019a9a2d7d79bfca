"""``livectl console``: Python and raw OSC lines from stdin; completion candidates."""

from __future__ import annotations

from livectl.cli.console import Completer

from .conftest import run_cli


def test_console_runs_python_and_osc_lines(emulator, conn):
    script = "\n".join([
        "song.tempo = 111",
        "print('tempo', song.tempo)",
        "/live/track/get/name 1",
        "/live/track/get/name 42",
        "/live/track/set/name 0 Keys",
        "print(song.tracks[0].name)",
    ]) + "\n"
    proc = run_cli("console", *conn, input=script, timeout=30)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.splitlines()
    assert "tempo 111.0" in out
    assert "1 2-MIDI" in out
    assert "Keys" in out
    # A Live error is shown and the console keeps going.
    assert "Index out of range" in proc.stderr + proc.stdout


def test_completion_of_addresses_and_names():
    completer = Completer({"song": object(), "send": print})
    addresses = completer.candidates("/live/song/get/te")
    assert addresses == ["/live/song/get/tempo"]
    assert "/live/clip/get/notes" in completer.candidates("/live/clip/get/no")
    assert {"song", "send("} <= set(completer.candidates("s"))
    assert completer.complete("/live/scene/fire", 0) in ("/live/scene/fire", "/live/scene/fire_as_selected")
    assert completer.complete("/live/zzz", 0) is None


def test_completion_follows_subscripts_into_the_model(emulator, conn):
    from livectl.cli.console import LiveConsole
    from livectl.client import connect

    with connect("127.0.0.1", emulator.port, emulator.reply_port, timeout=2.0) as live:
        completer = LiveConsole(live).completer
        assert "song.tracks[0].name" in completer.candidates("song.tracks[0].na")
        assert "song.tracks[1].clip_slots[0].create_clip" in completer.candidates(
            "song.tracks[1].clip_slots[0].cre")
        assert completer.candidates("song.nothing[0].na") == []  # no such attribute: none
        assert completer.candidates("song.create_midi_track(0)[0].na") == []  # never calls
