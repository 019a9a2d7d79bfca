"""``livectl generate`` end to end (in-process), and the examples as real subprocesses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from livectl.cli import main
from livectl.compose import Tune, parse_key
from livectl.output.midifile import read_midi, write_midi
from livectl.output.modelfile import load_model

ROOT = Path(__file__).resolve().parents[2]


def test_generate_melody_from_the_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    out, png, saved = tmp_path / "melody.mid", tmp_path / "m.png", tmp_path / "m.json"
    argv = ["generate", "melody", "--train", "essen", "--limit", "20", "--bars", "8",
            "--key", "C:major", "--seed", "7", "--out", str(out), "--png", str(png),
            "--save", str(saved)]
    assert main(argv) == 0
    assert "wrote" in capsys.readouterr().out
    notes = read_midi(out).tracks["melody"]
    assert notes[-1].end_beats == pytest.approx(32)
    assert all(parse_key("C:major").contains(n.pitch) for n in notes)
    assert png.stat().st_size > 0
    # same seed, same tune -- also from the saved model
    again = tmp_path / "again.mid"
    assert main(["generate", "melody", "--model", str(saved), "--bars", "8", "--seed", "7",
                 "--out", str(again)]) == 0
    assert read_midi(again).tracks["melody"] == notes
    assert load_model(saved).n_tunes == 20


def test_generate_melody_trained_on_a_midi_file(tmp_path: Path,
                                                 essen_tunes: list[Tune]) -> None:
    src = write_midi(tmp_path / "src.mid", {f"t{i}": t.to_notes() for i, t in
                                            enumerate(essen_tunes[:4])})
    out = tmp_path / "out.mid"
    assert main(["generate", "melody", "--train", str(src), "--bars", "4", "--key", "G:minor",
                 "--low", "55", "--high", "79", "--seed", "1", "--out", str(out)]) == 0
    notes = read_midi(out).tracks["melody"]
    assert all(parse_key("G:minor").contains(n.pitch) and 55 <= n.pitch <= 79 for n in notes)


def test_generate_drums(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "drums.mid"
    assert main(["generate", "drums", "--style", "lofi", "--bars", "4", "--out", str(out)]) == 0
    assert "snare ....x.......x..." in capsys.readouterr().out
    data = read_midi(out)
    (name, notes), = data.tracks.items()
    assert name == "drums (lofi)" and {n.channel for n in notes} == {10}
    kicks = [n.start_beats for n in notes if n.pitch == 36]
    assert kicks == pytest.approx([b + s for b in (0, 4, 8, 12) for s in (0, 1.5, 2.5)])
    out2 = tmp_path / "d2.mid"
    assert main(["generate", "drums", "--style", "rock", "--euclid", "cowbell=3,8",
                 "--pattern", "kick=x.x.x.x.x.x.x.x.", "--fills", "2", "--humanise",
                 "--seed", "2", "--bars", "4", "--out", str(out2)]) == 0
    assert any(n.pitch == 56 for n in read_midi(out2).notes)


def test_generate_eval_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "eval", "--train", "essen", "--limit", "60", "--samples", "5",
                 "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["tunes_train"] == 54 and result["tunes_test"] == 6
    assert 0.5 < result["pitch_bits_per_note"] < 6
    assert result["sample_in_key_share"] == 1.0
    assert 0 <= result["sample_copy_rate_8"] <= 1


def test_bad_arguments_exit_2_with_the_reason(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "drums", "--style", "polka"]) == 2
    assert "unknown groove 'polka'" in capsys.readouterr().err
    assert main(["generate", "melody", "--train", "essen", "--limit", "5",
                 "--key", "C:bebop"]) == 2
    assert "unknown scale" in capsys.readouterr().err
    assert main(["generate", "melody", "--train", "/no/such/file.mid"]) == 3


@pytest.mark.parametrize("script", ["markov_melody.py", "drum_groove.py"])
def test_examples_run(script: str, tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "examples" / script), str(tmp_path)],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    mids = sorted(tmp_path.glob("*.mid"))
    assert mids and all(read_midi(m).notes for m in mids)


def test_generate_into_a_live_clip_of_the_emulator(tmp_path: Path) -> None:
    import socket

    import livectl.client as client
    from livectl.emulator import Emulator

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        reply_port = s.getsockname()[1]
    with Emulator(port=0, reply_port=reply_port, tick_s=0) as emu:
        out = tmp_path / "d.mid"
        assert main(["generate", "drums", "--style", "house", "--bars", "2", "--out", str(out),
                     "--clip", "1:2", "--live-port", str(emu.port),
                     "--reply-port", str(reply_port)]) == 0
        with client.connect(port=emu.port, reply_port=reply_port) as live:
            clip = live.song.tracks[1].clip_slots[2].clip
            assert clip.name == "drums (house)" and clip.length == 8.0
            assert len(clip.notes) == len(read_midi(out).notes)
    assert main(["generate", "drums", "--clip", "one", "--out", str(tmp_path / "x.mid")]) == 2
    assert not (tmp_path / "x.mid").exists()
