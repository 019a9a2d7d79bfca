"""``livectl demo`` end to end, as a subprocess: against a running emulator (as if it were Live)
and with its own embedded emulator."""

from __future__ import annotations

import json

from livectl.output.midifile import read_midi

from .conftest import run_cli


def test_demo_against_a_running_server(emulator, conn, transport_started, tmp_path):
    song = emulator.engine.song
    started = transport_started
    proc = run_cli("demo", *conn, "--seed", "3", "--train", "builtin", "--play-bars", "1",
                   "--out-dir", str(tmp_path), "--json",
                   env={"LIVECTL_CACHE_DIR": str(tmp_path / "cache")})
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    # Before: "Live 12.1 at ..." (it took the emulator for Live).
    assert result["target"] == (f"livectl's emulator at 127.0.0.1:{emulator.port} (emulating "
                                "Live 12.1)")
    assert started.is_set(), "the scene was fired, so the transport started"
    assert result["beats_seen"][:4] == [0, 1, 2, 3]
    with emulator.engine.lock:
        names = [t.name for t in song.tracks]
        assert names[-2:] == ["Melody", "Drums"]
        scene = song.scenes[result["scene"]]
        assert scene.name == "livectl demo"
        assert song.tempo == 96.0
        assert not song.is_playing  # stopped cleanly
        for name, index in result["tracks"].items():
            clip = song.tracks[index].clip_slots[result["scene"]].clip
            assert clip is not None and clip.name == name
            notes = clip.get_notes_extended(0, 128, -8192.0, 16384.0)
            assert len(notes) == result["clips"][name] > 0
    assert (tmp_path / "demo.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    midi = read_midi(tmp_path / "demo.mid")
    assert set(midi.tracks) >= {"Melody", "Drums"}
    assert len(midi.tracks["Drums"]) == 64  # the lofi groove: 16 hits a bar, 4 bars


def test_demo_embedded_is_repeatable_by_seed(tmp_path):
    results = []
    for run in ("a", "b"):
        out = tmp_path / run
        proc = run_cli("demo", "--emulator", "--seed", "11", "--train", "builtin",
                       "--play-bars", "0", "--out-dir", str(out), "--save-set",
                       str(out / "set.json"), "--json",
                       env={"LIVECTL_CACHE_DIR": str(tmp_path / "cache")})
        assert proc.returncode == 0, proc.stderr
        results.append(json.loads(proc.stdout))
        saved = json.loads((out / "set.json").read_text())
        track_names = [t["name"] for t in saved["tracks"]]
        assert track_names[-2:] == ["Melody", "Drums"]
        assert saved["song"]["tempo"] == 96.0
    assert results[0]["clips"] == results[1]["clips"]
    assert (tmp_path / "a" / "demo.mid").read_bytes() == (tmp_path / "b" / "demo.mid").read_bytes()


def test_demo_rejects_bad_tempo_before_connecting(tmp_path):
    proc = run_cli("demo", "--emulator", "--tempo", "5", "--out-dir", str(tmp_path))
    assert proc.returncode == 2
    assert "tempo must be in range 20.0..999.0 BPM, got 5.0" in proc.stderr


def test_ctrl_c_while_playing_exits_130_and_stops_live(emulator, conn, transport_started, tmp_path):
    import os
    import signal
    import subprocess
    import sys

    from .conftest import ROOT

    song = emulator.engine.song
    started = transport_started
    proc = subprocess.Popen(
        [sys.executable, "-m", "livectl", "demo", *conn, "--train", "builtin",
         "--play-bars", "64", "--out-dir", str(tmp_path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1", "LIVECTL_CACHE_DIR": str(tmp_path / "cache")},
    )
    try:
        assert started.wait(60), "the demo never started the transport"
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    with emulator.engine.lock:
        assert not song.is_playing  # Live is not left playing 64 bars after the user quit


def test_demo_runs_again_on_the_same_tracks_and_scene_and_speaks_1_based(emulator, conn,
                                                                        tmp_path):
    # Before: every run added two tracks and a scene, and the messages said "track 4, slot 8"
    # for what Live's screen shows as track 5, scene 9.
    song = emulator.engine.song
    env = {"LIVECTL_CACHE_DIR": str(tmp_path / "cache")}
    runs = []
    for _ in range(2):
        proc = run_cli("demo", *conn, "--seed", "3", "--train", "builtin", "--play-bars", "0",
                       "--out-dir", str(tmp_path), env=env)
        assert proc.returncode == 0, proc.stderr
        with emulator.engine.lock:
            runs.append(([t.name for t in song.tracks], [s.name for s in song.scenes]))
        lines = proc.stdout.splitlines()
    assert runs[0] == runs[1]
    tracks, scenes = runs[1]
    melody, drums = tracks.index("Melody") + 1, tracks.index("Drums") + 1
    scene = scenes.index("livectl demo") + 1
    assert lines[0] == (f"Connected to livectl's emulator at 127.0.0.1:{emulator.port} "
                        "(emulating Live 12.1).")
    assert any(line.startswith("Wrote ") and line.endswith(
        f"notes into clip 'Melody' (track {melody}, scene {scene}).") for line in lines)
    assert any(line.endswith(f"notes into clip 'Drums' (track {drums}, scene {scene}).")
               for line in lines)
    assert f"Fired scene {scene} ('livectl demo') at 96 BPM." in lines


def test_no_live_is_seen_at_once_on_a_refusing_port_and_a_listener_is_not_refused():
    import socket
    import time

    from livectl.cli.demo import _refused

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as listener:
        listener.bind(("127.0.0.1", 0))
        port = listener.getsockname()[1]
        started = time.monotonic()
        assert not _refused("127.0.0.1", port)  # someone is there (silent): connect() decides
        assert time.monotonic() - started >= 0.04  # it waited for an answer
        data = listener.recv(100)
        assert data.startswith(b"/live/test\x00")
    started = time.monotonic()
    # Closed now: the port unreachable comes back at once, not at the end of a 5 s wait
    # (so a stall of a busy machine cannot look like a timeout).
    assert _refused("127.0.0.1", port, wait_s=5.0)
    assert time.monotonic() - started < 2.5


def test_demo_without_live_uses_the_embedded_emulator_without_waiting(tmp_path):
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nobody listens there once closed
    env = {"LIVECTL_CACHE_DIR": str(tmp_path / "cache")}
    args = ("demo", "--port", str(port), "--train", "builtin", "--play-bars", "0",
            "--out-dir", str(tmp_path), "--json")
    assert run_cli(*args, env=env).returncode == 0  # trains and caches the model
    proc = run_cli(*args, env=env)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["target"].startswith("embedded emulator on 127.0.0.1:")
    assert result["training"] == "builtin (cached model)"
    # Measured 0.5-0.6 s (loaded machine); before: 4-5 s (a 0.4 s wait for Live, then about
    # 30 round trips at the embedded emulator's 100 ms tick). Generous for a busy machine.
    assert result["seconds"] < 3.0, result
