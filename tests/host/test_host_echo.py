"""The remote-script host: echo_surface loaded from a folder, driven over real UDP."""

from __future__ import annotations

import json
import re
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from livectl.emulator.host import RemoteScriptHost
from livectl.emulator.lom import LiveEngine
from livectl.errors import EmulatorError

TIMEOUT_S = 5.0


@pytest.fixture
def client() -> Iterator[socket.socket]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(TIMEOUT_S)
    yield sock
    sock.close()


def script_port(host: RemoteScriptHost) -> int:
    for text in host.messages:
        match = re.search(r"listening on 127\.0\.0\.1:(\d+)", text)
        if match:
            return int(match.group(1))
    raise AssertionError(f"the script announced no port: {host.messages}")


def request(host: RemoteScriptHost, client: socket.socket, message: dict[str, object]) -> dict:  # type: ignore[type-arg]
    """Send one datagram, run one Live tick (the script polls then), read the reply."""
    client.sendto(json.dumps(message).encode(), ("127.0.0.1", script_port(host)))
    host.tick()
    data, _ = client.recvfrom(65536)
    return json.loads(data)  # type: ignore[no-any-return]


def test_script_loads_with_live_names(host: RemoteScriptHost) -> None:
    assert type(host.instance).__name__ == "EchoSurface"
    assert "Live" in sys.modules and "_Framework.ControlSurface" in sys.modules
    assert host.log == ["echo_surface started on Live 12"]
    assert host.engine.song.tempo_has_listener(host.instance._on_tempo)


def test_clip_and_notes_made_over_udp_show_in_the_set(
    host: RemoteScriptHost, client: socket.socket, engine: LiveEngine
) -> None:
    reply = request(host, client, {"cmd": "clip", "track": 0, "slot": 1, "length": 4,
                                   "name": "from udp",
                                   "notes": [[64, 1.0, 0.5, 90], [60, 0.0, 1.0, 100]]})
    assert reply == {"ok": True, "notes": 2}
    clip = engine.song.tracks[0].clip_slots[1].clip
    assert clip is not None and clip.name == "from udp" and clip.length == 4.0
    assert [(n.pitch, n.start_time, n.velocity) for n in clip.get_all_notes_extended()] == [
        (60, 0.0, 100.0), (64, 1.0, 90.0)]
    # Live's errors reach the script: the slot is taken now
    again = request(host, client, {"cmd": "clip", "track": 0, "slot": 1, "length": 4})
    assert again["ok"] is False and "RuntimeError" in again["error"]


def test_tempo_is_observed_and_pushed(
    host: RemoteScriptHost, client: socket.socket, engine: LiveEngine
) -> None:
    assert request(host, client, {"cmd": "ping"}) == {"ok": True, "pong": True}
    engine.song.tempo = 133.0  # a change from elsewhere (the emulator's own state)
    pushed, _ = client.recvfrom(65536)
    assert json.loads(pushed) == {"event": "tempo", "value": 133.0}
    assert request(host, client, {"cmd": "set_tempo", "bpm": 90}) == {"event": "tempo", "value": 90.0}
    ack, _ = client.recvfrom(65536)
    assert json.loads(ack) == {"ok": True}
    assert engine.song.tempo == 90.0
    assert request(host, client, {"cmd": "tempo"}) == {"ok": True, "tempo": 90.0, "seen": [133.0, 90.0]}


def test_stop_disconnects_and_removes_modules(engine: LiveEngine) -> None:
    host = RemoteScriptHost(engine, Path(__file__).parent / "scripts" / "echo_surface")
    host.start()
    instance = host.instance
    host.stop()
    host.stop()  # twice is harmless
    assert not engine.song.tempo_has_listener(instance._on_tempo)
    assert "Live" not in sys.modules and "echo_surface" not in sys.modules
    assert instance._socket.fileno() == -1  # the script closed its port


def test_real_time_loop_serves_requests(engine: LiveEngine, client: socket.socket) -> None:
    """host.run() in a thread: the script answers within a few ticks of real time."""
    with RemoteScriptHost(engine, Path(__file__).parent / "scripts" / "echo_surface") as host:
        stop = threading.Event()
        runner = threading.Thread(target=host.run, args=(stop,), kwargs={"period_s": 0.02})
        runner.start()
        try:
            client.sendto(b'{"cmd": "ping"}', ("127.0.0.1", script_port(host)))
            data, _ = client.recvfrom(65536)  # waits on the socket, up to TIMEOUT_S
            assert json.loads(data) == {"ok": True, "pong": True}
        finally:
            stop.set()
            runner.join(TIMEOUT_S)
        assert not runner.is_alive()


def test_bad_folders_give_clear_errors(engine: LiveEngine, tmp_path: Path) -> None:
    with pytest.raises(EmulatorError, match=r"no __init__\.py"):
        RemoteScriptHost(engine, tmp_path).start()
    (tmp_path / "__init__.py").write_text("x = 1\n")
    with pytest.raises(EmulatorError, match="create_instance"):
        RemoteScriptHost(engine, tmp_path).start()
    (tmp_path / "__init__.py").write_text("def create_instance(c):\n    raise ValueError('nope')\n")
    with pytest.raises(EmulatorError, match="nope"):
        RemoteScriptHost(engine, tmp_path).start()
    assert "Live" not in sys.modules  # nothing left behind


def test_two_hosts_of_one_script_run_at_once_each_on_its_own_engine(
        host: RemoteScriptHost, engine: LiveEngine) -> None:
    import sys

    other_engine = LiveEngine()
    other = RemoteScriptHost(other_engine, host.path)
    other.start()
    try:
        assert other.instance is not host.instance
        assert other.instance.song() is other_engine.song
        assert host.instance.song() is engine.song
    finally:
        other.stop()
    assert sys.modules["Live"].Song.Song is not None  # the first host still owns Live's names
    host.tick()
