"""``livectl demo --midi PORT`` also plays the parts over a real (JACK) MIDI port."""

from __future__ import annotations

import json
import subprocess
import sys

from midi_helpers import ROOT, Receiver

from livectl.compose import groove, humanise


def test_demo_plays_melody_and_drums_over_midi(receiver: Receiver, python_env, tmp_path):
    env = {**python_env, "LIVECTL_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "livectl", "demo", "--emulator", "--train", "builtin",
         "--seed", "5", "--play-bars", "1", "--tempo", "180", "--midi", receiver.port_name,
         "--midi-api", "jack", "--out-dir", str(tmp_path), "--json"],
        capture_output=True, text=True, timeout=90, env=env, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["clips"]["Drums"] == 64
    note_ons = [d for d in receiver.data() if len(d) == 3 and d[0] & 0xF0 == 0x90 and d[2] > 0]
    channels = {(d[0] & 0x0F) + 1 for d in note_ons}
    assert channels == {1, 10}  # melody on channel 1, drums on GM channel 10
    drum_hits = [d for d in note_ons if d[0] & 0x0F == 9]
    # The demo's groove, humanised with its seed: the notes starting in the first bar.
    expected = [n for n in humanise(groove("lofi").to_notes(bars=4), seed=5) if n.start_beats < 4]
    assert sorted(d[1] for d in drum_hits) == sorted(n.pitch for n in expected), (
        f"all received: {receiver.data()}; expected drum starts: "
        f"{[(n.pitch, round(n.start_beats, 3)) for n in expected]}")
    assert {d[1] for d in drum_hits} <= {36, 38, 39, 42, 46}
    assert receiver.balance() == {}  # every note-on got its note-off
