"""The examples run unchanged against a JACK port and play what they say."""

from __future__ import annotations

import runpy
import subprocess
from collections import Counter

import pytest
from midi_helpers import ROOT

pytestmark = pytest.mark.jack


def _run(python, env, *args):
    result = subprocess.run([python, *args], env=env, capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return result


def test_send_notes_example(python, python_env, receiver):
    _run(python, python_env, str(ROOT / "examples" / "send_notes.py"), "--port",
         receiver.port_name, "--api", "jack", "--pitch", "64", "--repeat", "3",
         "--sleep-time", "0.02")
    msgs = receiver.wait_count(6)
    assert [m.data for m in msgs] == [(0x90, 64, 112), (0x80, 64, 0)] * 3
    # note length 20 ms, then a 100 ms gap: measured on arrival, within JACK's 5.3 ms period
    held = [(msgs[i + 1].time_ns - msgs[i].time_ns) / 1e6 for i in (0, 2, 4)]
    onsets = [(msgs[i + 2].time_ns - msgs[i].time_ns) / 1e6 for i in (0, 2)]
    # each arrival is up to one period (5.3 ms) late, plus room for a shared machine
    assert all(20 - 10 <= h <= 20 + 20 for h in held), held
    assert all(120 - 10 <= o <= 120 + 20 for o in onsets), onsets


def test_lofi_drums_example_via_environment_api(python, python_env, receiver):
    env = dict(python_env, LIVECTL_MIDI_API="jack")
    _run(python, env, str(ROOT / "examples" / "lofi_drums.py"), "--port", receiver.client,
         "--bars", "2", "--tempo", "400")
    pattern = runpy.run_path(str(ROOT / "examples" / "lofi_drums.py"))["PATTERN"]
    expected = {pitch: 2 * steps.count("x") for pitch, steps in pattern.items()}
    total = sum(expected.values())
    assert receiver.wait_for(lambda ms: sum(1 for m in ms if m.data[0] == 0x80) >= total)
    hits = Counter(d[1] for d in receiver.data() if d[0] == 0x90)
    assert dict(hits) == expected
    assert receiver.balance() == {}
