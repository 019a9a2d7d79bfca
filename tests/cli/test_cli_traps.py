"""The CLI traps of issue 13, each with its exact output and exit code (query and watch ones
are in test_query.py and test_watch.py, generate and demo ones in test_generate_traps.py)."""

from __future__ import annotations

import socket

import pytest

from livectl.cli import main
from livectl.cli._common import plain_words

from .conftest import free_udp_port, run_cli


@pytest.mark.parametrize(("option", "message"), [
    (["--port", "70000"], "argument --port: a port is in range 0..65535 (0 = any free port), "
                          "got 70000"),
    (["--port", "-1"], "argument --port: a port is in range 0..65535 (0 = any free port), "
                       "got -1"),
    (["--reply-port", "0"], "argument --reply-port: a port is in range 1..65535, got 0"),
    (["--max-datagram", "5"], "argument --max-datagram: a datagram size in bytes is in range "
                              "1024..65507, got 5"),
])
def test_emulator_bad_numbers_are_one_line_usage_errors(option, message):
    # Before: --port 70000 printed the remote script's OverflowError traceback.
    proc = run_cli("emulator", *option, timeout=30)
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1] == f"livectl emulator: error: {message}"
    assert "Traceback" not in proc.stderr


def test_a_taken_reply_port_is_explained_in_options_not_python():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        proc = run_cli("query", "/live/song/get/tempo", "--port", str(free_udp_port()),
                       "--reply-port", str(port), "--timeout", "0.2")
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"livectl: error: UDP port {port} on 127.0.0.1 is already "
                                  "bound by another program")
    assert "or pass --reply-port with a free port (AbletonOSC" in proc.stderr
    assert "reply_port=" not in proc.stderr and "<" not in proc.stderr


def test_a_taken_emulator_port_is_explained_in_options_not_python(emulator):
    proc = run_cli("emulator", "--port", str(emulator.port), "--reply-port",
                   str(free_udp_port()), timeout=30)
    assert proc.returncode == 1
    assert proc.stderr.strip().endswith("pick another with --port PORT or --port 0 for a free one")
    assert "port=" not in proc.stderr


@pytest.mark.parametrize(("text", "plain"), [
    ("pass reply_port=<a free port> now", "pass --reply-port with a free port now"),
    ("with port=... or port=0 for", "with --port PORT or --port 0 for"),
    ("outside loop_beats=4 (not an option)", "outside loop_beats=4 (not an option)"),
])
def test_plain_words(text, plain):
    assert plain_words(text) == plain


def test_main_prints_errors_in_plain_words(capsys):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        assert main(["watch", "song.tempo", "--port", str(free_udp_port()),
                     "--reply-port", str(port), "--timeout", "0.2"]) == 1
    assert "--reply-port with a free port" in capsys.readouterr().err
