"""Bad input to any command is a usage error (exit 2) or a one-line error (exit 1), never a
traceback, and the demo refuses it before it starts an emulator or touches Live."""

from __future__ import annotations

import json

import pytest

from livectl.cli import doctor, main
from livectl.cli.doctor import Check


@pytest.mark.parametrize("command", [["query", "/live/song/get/tempo"], ["watch", "song.tempo"],
                                     ["console"], ["doctor"], ["demo", "--emulator"]])
@pytest.mark.parametrize("option", [["--port", "99999"], ["--reply-port", "0"],
                                    ["--port", "eleven"]])
def test_a_bad_port_is_a_usage_error(command, option, capsys):
    with pytest.raises(SystemExit) as exited:
        main([*command, *option])
    assert exited.value.code == 2
    assert "1..65535" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["-1", "0", "nan", "soon"])
def test_a_bad_timeout_is_a_usage_error(value, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["query", "/live/song/get/tempo", "--timeout", value])
    assert exited.value.code == 2
    assert "seconds must be" in capsys.readouterr().err


def test_demo_out_dir_that_cannot_be_made_is_a_clear_error(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert main(["demo", "--emulator", "--out-dir", str(blocker / "sub")]) == 1
    out, err = capsys.readouterr()
    assert err.startswith("livectl: error:") and "a-file" in err
    assert "Connected" not in out  # refused before the emulator started


def test_demo_bad_key_is_refused_before_connecting(tmp_path, capsys):
    assert main(["demo", "--emulator", "--key", "H:minor", "--out-dir", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert "bad tonic in 'H:minor'" in err
    assert "Connected" not in out


def test_demo_missing_midi_port_fails_before_the_demo_starts(tmp_path, capsys):
    # With no MIDI API this is MIDIBackendError (1); with JACK up, MIDIPortNotFoundError.
    code = main(["demo", "--emulator", "--midi", "no-such-port-xyz", "--out-dir", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code in (1, 3)
    assert err.startswith("livectl: error:") and "MIDI" in err
    assert "Connected" not in out
    assert not (tmp_path / "demo.mid").exists()


def test_doctor_prints_brackets_in_details(monkeypatch, capsys):
    # Details are error text and port names; rich markup in them must print, not crash.
    monkeypatch.setattr(doctor, "check_osc", lambda args: [Check("osc", True, "to /live/test [/x]")])
    monkeypatch.setattr(doctor, "check_midi", lambda api: [Check("MIDI", True, "[bold]Bus 1")])
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "to /live/test [/x]" in out and "[bold]Bus 1" in out


@pytest.mark.parametrize("option", [["--count", "-1"], ["--count", "0"], ["--seconds", "-1"]])
def test_watch_limits_must_be_positive(option, capsys):
    # --seconds -1 used to mean "forever" and --count -1 "stop at once", both silently.
    with pytest.raises(SystemExit) as exited:
        main(["watch", "song.tempo", *option])
    assert exited.value.code == 2


def test_names_with_brackets_print_as_they_are(emulator, conn, capsys):
    # Text from Live is not rich markup: a track called '[red]x' prints as '[red]x'.
    assert main(["query", "/live/track/set/name", "0", "[red]x[/red]", *conn]) == 0
    assert main(["query", "/live/track/get/name", "0", *conn]) == 0
    assert capsys.readouterr().out.split() == ["0", "[red]x[/red]"]
    assert main(["watch", "track.0.name", "--count", "1", *conn]) == 0
    assert capsys.readouterr().out.strip() == "track.0.name = [red]x[/red]"


def test_help_texts_show_no_rest_markup(capsys):
    from livectl.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.choices)  # the subcommands
    for name, command in sub.choices.items():
        text = command.format_help()
        assert "``" not in text, name
        assert f"livectl {name}" in text


def test_doctor_without_server_gives_the_checklist_as_the_fix(capsys):
    from .conftest import free_udp_port

    port, reply = free_udp_port(), free_udp_port()
    assert main(["doctor", "--port", str(port), "--reply-port", str(reply), "--json"]) == 1
    checks = {c["name"]: c for c in json.loads(capsys.readouterr().out)}
    answer = checks["AbletonOSC answers"]
    assert answer["ok"] is False and "no reply from AbletonOSC" in answer["detail"]
    assert "Control Surface" in answer["fix"] and "livectl emulator" in answer["fix"]


def test_demo_save_set_that_cannot_be_written_is_refused_up_front(tmp_path, capsys):
    # Before, the whole demo ran and then failed writing the set.
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    code = main(["demo", "--emulator", "--save-set", str(blocker / "set.json"),
                 "--out-dir", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 1 and "a-file" in err
    assert "Connected" not in out


def test_demo_failing_half_way_leaves_no_emulator_thread(tmp_path, capsys):
    # The training source is checked after the embedded emulator started: its server thread
    # and sockets must go with the error.
    import threading

    before = set(threading.enumerate())
    code = main(["demo", "--emulator", "--train", str(tmp_path / "missing.mid"),
                 "--out-dir", str(tmp_path)])
    assert code == 3 and "missing.mid" in capsys.readouterr().err
    left = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert left == []


def test_query_without_address_names_only_the_address(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["query"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "required: address" in err and "args" not in err.split("required:")[1]
