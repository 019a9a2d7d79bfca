"""``livectl midi ports | monitor | panic`` on real JACK ports."""

from __future__ import annotations

import json
import subprocess

import pytest
from midi_helpers import unique

from livectl.cli import main
from livectl.midi import CLOCK, open_output

pytestmark = pytest.mark.jack


def test_ports_lists_outputs_with_indices(receiver, capsys):
    assert main(["midi", "ports", "--api", "jack", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["api"] == "jack" and receiver.port_name in listed["outputs"]
    assert main(["midi", "ports", "--api", "jack"]) == 0
    text = capsys.readouterr().out
    index = listed["outputs"].index(receiver.port_name)
    assert f"  {index}: {receiver.port_name}" in text and "MIDI API: jack" in text


def test_panic_silences_all_16_channels_of_a_named_port(receiver, capsys):
    assert main(["midi", "panic", receiver.client, "--api", "jack"]) == 0
    assert receiver.port_name in capsys.readouterr().out
    data = set(m.data for m in receiver.wait_count(32))
    assert data == {(0xB0 | ch, cc, 0) for ch in range(16) for cc in (120, 123)}


def test_panic_without_a_port_reaches_every_output(receiver):
    assert main(["midi", "panic", "--api", "jack", "--all-notes"]) == 0
    msgs = receiver.wait_count(32 + 16 * 128)
    assert sum(1 for m in msgs if m.data[0] & 0xF0 == 0x80) == 16 * 128


def test_unknown_port_exits_3_and_lists_what_there_is(receiver, capsys):
    assert main(["midi", "panic", "no-such-port", "--api", "jack"]) == 3
    err = capsys.readouterr().err
    assert "no-such-port" in err and receiver.port_name in err


def test_monitor_prints_what_arrives(python, python_env, jack):
    proc = subprocess.Popen(
        [python, "-m", "livectl", "midi", "monitor", "--virtual", "in", "--count", "3",
         "--json", "--timeout", "20"],
        env=python_env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        banner = proc.stderr.readline()  # printed once the port exists
        assert "monitoring 'in' (jack)" in banner
        with open_output("livectl-monitor:in", api="jack", client_name=unique("tx")) as out:
            out.note_on(60, 100)
            out.control_change(7, 64, channel=2)
            out.note_off(60)
        stdout, _ = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    lines = [json.loads(line) for line in stdout.splitlines()]
    assert [line["bytes"] for line in lines] == [[0x90, 60, 100], [0xB1, 7, 64], [0x80, 60, 0]]
    assert lines[1]["message"] == "control_change ch2 control=7 value=64"
    assert proc.returncode == 0


def test_no_server_gives_one_clear_error_without_libjack_noise(python, python_env):
    env = dict(python_env, JACK_DEFAULT_SERVER="no-such-server-livectl")
    result = subprocess.run([python, "-m", "livectl", "midi", "ports", "--api", "jack"],
                            env=env, capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 1
    assert "livectl: error: cannot use MIDI API 'jack': no JACK server answered" in result.stderr
    assert "Cannot connect to server" not in result.stderr  # libjack's lines go to logging


def test_monitor_an_existing_port_by_name_hiding_clock(python, python_env, jack):
    client = unique("src")
    with open_output(virtual_name="out", api="jack", client_name=client) as out:
        proc = subprocess.Popen(
            [python, "-m", "livectl", "midi", "monitor", client, "--no-clock", "--count", "2",
             "--timeout", "20"],
            env=python_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert proc.stderr is not None
            assert f"monitoring '{client}:out'" in proc.stderr.readline()
            out.send(CLOCK)
            out.program_change(5, channel=3)
            out.send(CLOCK)
            out.pitch_bend(-8192)
            stdout, _ = proc.communicate(timeout=20)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    lines = stdout.splitlines()
    assert len(lines) == 2 and "clock" not in stdout
    assert lines[0].split()[1:] == ["C2", "05", "program_change", "ch3", "program=5"]
    assert lines[1].endswith("pitch_bend ch1 value=-8192")


def test_the_command_turns_the_signal_guards_on_sigterm_mid_play_releases(
    receiver, python_env, tmp_path
):
    """``livectl generate drums --play`` killed by SIGTERM while playing: exit 143, and every
    note it started got its note-off (the CLI opted in to release_notes_on_signals())."""
    import signal
    import sys

    from livectl.midi import NoteTracker

    proc = subprocess.Popen(
        [sys.executable, "-m", "livectl", "generate", "drums", "--bars", "64", "--tempo", "60",
         "--out", str(tmp_path / "d.mid"), "--play", receiver.port_name, "--api", "jack"],
        env=python_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert receiver.wait_for(lambda ms: any(m.data[0] & 0xF0 == 0x90 for m in ms),
                                 timeout_s=30), proc.communicate(timeout=5)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 128 + signal.SIGTERM, err

    def sounding() -> list[tuple[int, int]]:
        tracker = NoteTracker()
        for d in receiver.data():
            tracker.observe(d)
        return tracker.sounding()

    assert receiver.wait_for(lambda ms: not sounding(), timeout_s=10), receiver.data()
