"""``livectl generate``: arguments checked before anything runs, ``--train builtin``, a clip
too short for what is written, examples in every --help (issue 13's CLI traps)."""

from __future__ import annotations

import pytest

from livectl.cli import main

from .conftest import run_cli


@pytest.mark.parametrize("what", ["melody", "drums", "eval"])
def test_bars_0_is_refused_before_anything_runs(what, tmp_path):
    # Before: an empty .mid file and exit 0.
    out = tmp_path / "x.mid"
    proc = run_cli("generate", what, "--bars", "0", *(["--out", str(out)] if what != "eval" else []))
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1] == (
        f"livectl generate {what}: error: argument --bars: a number of bars is in range "
        "1..1024, got 0")
    assert not out.exists()


def test_melody_trains_on_the_builtin_tunes(tmp_path, capsys):
    # Before: "builtin" was refused here although `livectl demo --train builtin` takes it.
    out = tmp_path / "m.mid"
    assert main(["generate", "melody", "--train", "builtin", "--bars", "2", "--seed", "1",
                 "--out", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"wrote {out}"
    assert lines[1].endswith(" notes, 2 bars in C:major") and int(lines[1].split()[0]) > 0
    assert out.read_bytes()[:4] == b"MThd"


@pytest.mark.parametrize(("option", "message", "code"), [
    (["--key", "H:minor"], "livectl: error: key must look like 'C:major' or 'F#:dorian'; bad "
                           "tonic in 'H:minor'", 2),
    (["--clip", "x"], "livectl: error: --clip wants TRACK:SLOT such as 0:0, got 'x'", 2),
    (["--low", "90", "--high", "60"], "livectl: error: --low (90) must not be above --high (60)",
     2),
    (["--temperature", "0"], "livectl: error: --temperature must be in range 0.01..100.0, "
                             "got 0.0", 2),
    (["--tempo", "5"], "livectl: error: --tempo must be in range 20.0..999.0 BPM, got 5.0", 2),
])
def test_melody_argument_errors_come_before_training(option, message, code, tmp_path, capsys):
    # The training source does not exist: had training come first, that would be the error
    # (exit 3). Before, a bad --key was found only after minutes of training on a corpus.
    missing = tmp_path / "missing.mid"
    assert main(["generate", "melody", "--train", str(missing), *option,
                 "--out", str(tmp_path / "m.mid")]) == code
    assert capsys.readouterr().err.strip() == message


def test_drums_into_a_shorter_clip_says_what_will_not_play(emulator, tmp_path, capsys):
    song = emulator.engine.song
    with emulator.engine.lock:
        song.tracks[0].clip_slots[0].create_clip(4.0)  # a 1-bar clip is already there
    conn = ["--live-port", str(emulator.port), "--reply-port", str(emulator.reply_port)]
    assert main(["generate", "drums", "--bars", "4", "--clip", "0:0", *conn,
                 "--out", str(tmp_path / "d.mid")]) == 0
    out, err = capsys.readouterr()
    assert "wrote 64 notes to clip 0:0 (track 1, slot 1)" in out.splitlines()
    assert err == ("warning: clip 0:0 (track 1, slot 1) already held a clip that loops 4 beats "
                   "(1 bar(s)); the 4 bar(s) written (16 beats) do not all play: lengthen its "
                   "loop in Live, or write into an empty slot\n")
    # An empty slot gets a clip as long as what is written, and no warning.
    assert main(["generate", "drums", "--bars", "4", "--clip", "0:1", *conn,
                 "--out", str(tmp_path / "e.mid")]) == 0
    assert capsys.readouterr().err == ""
    with emulator.engine.lock:
        assert song.tracks[0].clip_slots[1].clip.loop_end == 16.0


@pytest.mark.parametrize("what", ["melody", "drums", "eval"])
def test_every_generate_help_has_examples(what, capsys):
    with pytest.raises(SystemExit):
        main(["generate", what, "--help"])
    text = capsys.readouterr().out
    assert "examples:\n  livectl generate " + what in text
