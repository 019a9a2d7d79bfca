"""The CLI and livectl's extensions: ``query`` prints what extension methods made and lists
the addresses a prefix completes to, ``console`` completes the extension addresses, and
``generate --arrangement BAR`` writes into Live's arrangement (emulator over UDP)."""

from __future__ import annotations

from livectl.cli import main
from livectl.cli.console import Completer
from livectl.cli.query import completions, expects_reply
from livectl.protocol.endpoints import ADDRESSES, EXTENSION_ORDER

from .conftest import run_cli


def test_query_prints_the_index_an_extension_method_made(emulator, conn, capsys):
    assert main(["query", "/live/track/insert_device", "0", "Operator", *conn]) == 0
    assert capsys.readouterr().out.split() == ["0", "0"]
    assert main(["query", "/live/track/get/devices/name", "0", *conn]) == 0
    assert capsys.readouterr().out.split() == ["0", "Operator"]
    assert main(["query", "/live/master_track/set/volume", "0.5", *conn]) == 0
    assert main(["query", "/live/master_track/get/volume", *conn]) == 0
    assert capsys.readouterr().out.strip() == "0.5"
    assert expects_reply("/live/track/create_midi_clip")
    assert not expects_reply("/live/track/delete_arrangement_clip")  # replies nothing


def test_query_lists_what_a_prefix_completes_to(emulator, conn, capsys):
    assert main(["query", "/live/master_track/", *conn]) == 3
    err = capsys.readouterr().err
    assert "/live/master_track/ is not an address; 12 start with it:" in err
    assert "/live/master_track/get/volume" in err and "/live/master_track/insert_device" in err
    assert completions("/live/browser/") == sorted(a for a in EXTENSION_ORDER
                                                   if a.startswith("/live/browser/"))
    # An address nothing starts with still goes to Live, which calls it unknown.
    assert main(["query", "/live/nope", *conn]) == 3
    assert "Unknown OSC address: /live/nope" in capsys.readouterr().err


def test_console_completes_the_extension_addresses():
    completer = Completer({"song": object()})
    assert completer.candidates("/live/browser/") == sorted(
        a for a in ADDRESSES if a.startswith("/live/browser/"))
    assert "/live/arrangement_clip/get/notes_extended" in completer.candidates(
        "/live/arrangement_clip/get/notes")
    assert completer.candidates("/live/track/insert_") == ["/live/track/insert_device"]
    # Every address of the table, AbletonOSC's and livectl's, completes from "/".
    assert len(completer.candidates("/")) == len(set(ADDRESSES))


def test_generate_melody_into_the_arrangement_at_bar_5(emulator, tmp_path, capsys):
    conn = ["--live-port", str(emulator.port), "--reply-port", str(emulator.reply_port)]
    assert main(["generate", "melody", "--train", "builtin", "--bars", "2", "--seed", "3",
                 "--arrangement", "5", "--track", "0", *conn,
                 "--out", str(tmp_path / "m.mid")]) == 0
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if "arrangement" in ln)
    written = int(line.split()[1])
    assert line.endswith("to the arrangement of track 0 (Live's track 1) at bar 5 (beat 16), "
                         "8 beats")
    with emulator.engine.lock:
        (clip,) = emulator.engine.song.tracks[0].arrangement_clips
        assert clip.start_time == 16.0 and clip.length == 8.0 and clip.name == "melody"
        assert len(clip.get_all_notes_extended()) == written > 0


def test_generate_drums_into_the_arrangement_follows_the_time_signature(emulator, tmp_path,
                                                                        capsys):
    with emulator.engine.lock:
        emulator.engine.song.signature_numerator = 3  # 3/4: bar 3 starts on beat 6
    conn = ["--live-port", str(emulator.port), "--reply-port", str(emulator.reply_port)]
    assert main(["generate", "drums", "--bars", "1", "--arrangement", "3", *conn,
                 "--out", str(tmp_path / "d.mid")]) == 0
    assert "at bar 3 (beat 6), 4 beats" in capsys.readouterr().out
    with emulator.engine.lock:
        (clip,) = emulator.engine.song.tracks[0].arrangement_clips
        assert clip.start_time == 6.0


def test_generate_arrangement_arguments_are_checked_first(tmp_path):
    out = tmp_path / "x.mid"
    proc = run_cli("generate", "drums", "--arrangement", "0", "--out", str(out))
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1].endswith(
        "argument --arrangement: a bar number (1-based, as Live shows it) is in range "
        "1..394200, got 0")
    proc = run_cli("generate", "drums", "--arrangement", "2", "--clip", "0:0",
                   "--out", str(out))
    assert proc.returncode == 2
    assert "not allowed with argument" in proc.stderr
    assert not out.exists()
