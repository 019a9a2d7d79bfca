"""``livectl emulator --audio-out``: a client plays a clip over real UDP (python-osc as the
peer); what the emulator writes when it stops sounds like the clip's notes rendered directly."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from pythonosc.osc_message import OscMessage
from pythonosc.osc_message_builder import OscMessageBuilder

from livectl.compose import Note
from livectl.output.audio import read_wav, render_parts

PHRASE = [(57, 0.0, 1.0, 100), (60, 1.0, 0.5, 80), (64, 1.5, 0.5, 90), (62, 2.0, 2.0, 110)]


def osc(address: str, *args: object) -> bytes:
    builder = OscMessageBuilder(address)
    for a in args:
        builder.add_arg(a)
    return builder.build().dgram


def test_emulator_audio_out_renders_the_clip_a_client_played(tmp_path: Path) -> None:
    wav = tmp_path / "set.wav"
    env = {**os.environ, "LIVECTL_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "livectl", "emulator", "--port", "0", "--json", "--tick-ms", "0",
         "--reply-to-source-port", "--audio-out", str(wav)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        assert proc.stdout is not None
        port = json.loads(proc.stdout.readline())["port"]
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(2.0)
        target = ("127.0.0.1", port)

        def ask(address: str, *args: object) -> list[object]:
            sock.sendto(osc(address, *args), target)
            while True:
                reply = OscMessage(sock.recv(65536))
                if reply.address == address:
                    return list(reply.params)

        sock.sendto(osc("/live/song/set/tempo", 120.0), target)
        assert ask("/live/song/get/tempo") == [120.0]
        sock.sendto(osc("/live/clip_slot/create_clip", 0, 0, 4.0), target)
        flat: list[object] = []
        for p, t, d, v in PHRASE:
            flat += [p, t, d, v, False]
        sock.sendto(osc("/live/clip/add/notes", 0, 0, *flat), target)
        assert len(ask("/live/clip/get/notes", 0, 0)) == 2 + 5 * len(PHRASE)
        sock.sendto(osc("/live/clip_slot/fire", 0, 0), target)
        deadline = time.monotonic() + 20.0
        while time.monotonic() < deadline:  # one pass of the loop: 4 beats (2 s at 120 BPM)
            if float(ask("/live/song/get/current_song_time")[0]) >= 4.5:  # type: ignore[arg-type]
                break
        sock.sendto(osc("/live/song/stop_playing"), target)
        assert ask("/live/song/get/is_playing") == [False]
    finally:
        sock.close()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert f"wrote {wav}" in err
    heard = read_wav(wav)
    assert heard.seconds >= 2.2
    # The first pass (0..1.9 s, before the second pass begins at 2 s) equals the phrase
    # rendered directly; the synthesizer is causal, so later notes do not reach back.
    direct = render_parts({"1-MIDI": [Note(p, t, d, v) for p, t, d, v in PHRASE]},
                          tempo_bpm=120.0, length_beats=8.0)
    n = int(1.9 * heard.sample_rate)
    a = heard.samples[:n]
    b = np.round(direct.samples[:n] * 32767.0) / 32768.0  # the WAV's 16-bit steps
    difference = float(np.sqrt(np.mean(np.square(a - b))))
    level = float(np.sqrt(np.mean(np.square(b))))
    assert level > 0.003 and difference < 0.02 * level, (difference, level)
