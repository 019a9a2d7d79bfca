"""``livectl query`` against the emulator over UDP: output, --json, exit codes."""

from __future__ import annotations

import json

import pytest

from livectl.cli import main
from livectl.cli.query import expects_reply

from .conftest import free_udp_port, run_cli


def test_get_prints_the_value(emulator, conn, capsys):
    assert main(["query", "/live/song/get/tempo", *conn]) == 0
    assert capsys.readouterr().out.strip() == "120"


def test_set_then_get_json(emulator, conn, capsys):
    assert main(["query", "/live/song/set/tempo", "128.5", *conn]) == 0
    assert capsys.readouterr().out == ""
    assert main(["query", "/live/track/get/name", "2", *conn, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "address": "/live/track/get/name", "args": [2, "3-Audio"]}
    with emulator.engine.lock:
        assert emulator.engine.song.tempo == 128.5


def test_wildcard_lists_every_reply(emulator, conn, capsys):
    assert main(["query", "/live/application/get/*", *conn, "--json"]) == 0
    replies = json.loads(capsys.readouterr().out)
    assert [r["address"] for r in replies] == [
        "/live/application/get/version", "/live/application/get/average_process_usage"]


def test_string_prefix_forces_a_string(emulator, conn, capsys):
    assert main(["query", "/live/track/set/name", "0", "s:808", *conn]) == 0
    assert main(["query", "/live/track/get/name", "0", *conn]) == 0
    assert capsys.readouterr().out.split() == ["0", "808"]


def test_live_error_exits_1_with_lives_text(emulator, conn, capsys):
    assert main(["query", "/live/track/get/name", "99", *conn]) == 1
    assert "Index out of range" in capsys.readouterr().err


def test_unknown_address_is_an_error(emulator, conn, capsys):
    assert main(["query", "/live/nope", *conn]) == 3  # not found
    assert "Unknown OSC address: /live/nope" in capsys.readouterr().err


def test_bad_address_is_not_found(emulator, conn, capsys):
    assert main(["query", "song/tempo", *conn]) == 3
    assert "starts with '/'" in capsys.readouterr().err


def test_no_emulator_running_times_out_with_advice():
    port, reply = free_udp_port(), free_udp_port()
    proc = run_cli("query", "/live/song/get/tempo", "--port", str(port),
                   "--reply-port", str(reply), "--timeout", "0.2")
    assert proc.returncode == 1
    assert "no reply from AbletonOSC" in proc.stderr
    assert "Control Surface" in proc.stderr


def test_bad_arguments_exit_2():
    proc = run_cli("query")
    assert proc.returncode == 2
    assert "usage" in proc.stderr


@pytest.mark.parametrize(
    ("address", "replies"),
    [("/live/song/get/tempo", True), ("/live/song/set/tempo", False),
     ("/live/song/start_playing", False), ("/live/clip/get/*", True),
     ("/live/view/set/selected_device", True)],
)
def test_expects_reply_follows_the_table(address, replies):
    assert expects_reply(address) is replies


def test_the_emulators_control_addresses_work_through_query(emulator, conn, capsys):
    # Before: "Unknown OSC address: /emulator/reset" (the client's table does not hold them).
    with emulator.engine.lock:
        emulator.engine.song.tempo = 150.0
    assert main(["query", "/emulator/reset", *conn]) == 0
    assert capsys.readouterr() == ("ok\n", "")
    with emulator.engine.lock:
        assert emulator.engine.song.tempo == 120.0
    assert main(["query", "/emulator/faults", "0", "0", "0", *conn, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "address": "/emulator/faults", "args": [0.0, 0.0, 0.0]}


@pytest.mark.parametrize("address", ["/emulator/reset", "/emulator/snapshot", "/emulator/load",
                                     "/emulator/add_device", "/emulator/faults",
                                     "/emulator/restart"])
def test_the_emulators_control_addresses_expect_a_reply(address):
    assert expects_reply(address)
