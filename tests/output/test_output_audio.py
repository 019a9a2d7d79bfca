"""Sound (livectl.output.audio): parts rendered with the GM SoundFont synthesizer of the ``audio``
extra, measured with numpy: level, length, and drum onsets found by spectral flux."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from livectl.compose import Note, groove, humanise
from livectl.errors import NotFoundError, ValidationError
from livectl.output.audio import (
    SoundEvent,
    find_soundfont,
    parts_to_events,
    read_wav,
    render_events,
    render_parts,
    write_wav,
)
from livectl.output.midifile import read_midi

SILENCE_RMS = 0.003  # -50 dBFS: the demo mix measures about 0.03


def onsets(mono: np.ndarray, rate: int, *, hop_s: float = 0.005, window: int = 1024,
           delta: float = 0.05, min_gap_s: float = 0.04) -> np.ndarray:
    """Onset times (s) by spectral flux: the rise of log magnitude summed over frequency bins,
    peaks over a moving median plus ``delta`` of the largest rise."""
    hop = int(rate * hop_s)
    x = np.concatenate([np.zeros(window // 2), mono.astype(np.float64), np.zeros(window)])
    frames = (len(x) - window) // hop
    index = np.arange(window)[None, :] + hop * np.arange(frames)[:, None]
    spectrum = np.abs(np.fft.rfft(x[index] * np.hanning(window), axis=1))
    log_mag = np.log1p(1000.0 * spectrum)
    flux = np.concatenate([[0.0], np.maximum(0.0, np.diff(log_mag, axis=0)).sum(axis=1)])
    span = 20
    threshold = np.array([np.median(flux[max(0, i - span):i + span]) for i in range(frames)])
    threshold += delta * flux.max()
    found: list[float] = []
    for i in range(1, frames - 1):
        if flux[i] > threshold[i] and flux[i] >= flux[i - 1] and flux[i] >= flux[i + 1]:
            t = i * hop / rate  # frame i is centred on sample i * hop (half a window padded)
            if not found or t - found[-1] > min_gap_s:
                found.append(t)
    return np.array(found)


def hit_times(notes: list[Note], tempo_bpm: float, merge_s: float = 0.04) -> np.ndarray:
    """Start times (s) of the drum hits, hits closer than ``merge_s`` counted once (humanised
    kick and hat on one step are a few ms apart: one onset to the ear and to the detector)."""
    times = sorted(n.start_beats * 60.0 / tempo_bpm for n in notes)
    merged: list[float] = []
    for t in times:
        if not merged or t - merged[-1] > merge_s:
            merged.append(t)
    return np.array(merged)


def matched(expected: np.ndarray, found: np.ndarray, tolerance_s: float) -> tuple[int, int]:
    """(expected hits with an onset within tolerance, onsets with no hit within tolerance)."""
    hits = sum(1 for t in expected if found.size and np.abs(found - t).min() <= tolerance_s)
    extra = sum(1 for t in found if np.abs(expected - t).min() > tolerance_s)
    return hits, extra


def demo_parts() -> tuple[list[Note], list[Note]]:
    """A melody and the demo's drums (lofi groove, humanised with the demo's seed 7)."""
    melody = [Note(p, 2.0 * i, 1.5, 90) for i, p in enumerate([57, 60, 64, 62, 60, 64, 67, 69])]
    drums = humanise(groove("lofi").to_notes(bars=4), seed=7)
    return melody, drums


def test_the_shipped_soundfont_is_found_and_a_missing_one_is_named(tmp_path: Path) -> None:
    sf2 = find_soundfont()
    assert sf2.suffix == ".sf2" and sf2.stat().st_size > 1_000_000
    with pytest.raises(NotFoundError, match=r"no SoundFont at .*nope\.sf2"):
        find_soundfont(tmp_path / "nope.sf2")
    bad = tmp_path / "bad.sf2"
    bad.write_bytes(b"RIFF\x04\x00\x00\x00junk")
    with pytest.raises(ValidationError, match=r"cannot render with the SoundFont .*bad\.sf2"):
        render_events([SoundEvent(0.0, 0.5, 60, 100)], soundfont=bad)


def test_parts_take_their_own_channels_and_drums_stay_on_10() -> None:
    melody, drums = demo_parts()
    events = parts_to_events({"Melody": melody, "Bass": [Note(33, 0.0, 4.0)], "Drums": drums},
                             tempo_bpm=120.0)
    by_channel = {e.channel: e.program for e in events}
    assert by_channel == {1: 0, 2: 33, 10: 0}  # piano, finger bass, the drum kit
    first = min((e for e in events if e.channel == 1), key=lambda e: e.start_s)
    assert (first.start_s, first.duration_s) == (0.0, 0.75)  # 1.5 beats at 120 BPM
    muted = parts_to_events([Note(60, 0.0, 1.0, mute=True)], tempo_bpm=120.0)
    assert muted == []


def test_demo_mix_is_not_silent_and_exactly_its_bars_long(tmp_path: Path) -> None:
    melody, drums = demo_parts()
    tempo = 96.0
    path = write_wav(tmp_path / "demo.wav", {"Melody": melody, "Drums": drums},
                     tempo_bpm=tempo, length_beats=16.0)
    audio = read_wav(path)
    assert audio.seconds == pytest.approx(16 * 60.0 / tempo, abs=1.0 / audio.sample_rate)
    assert audio.rms() > SILENCE_RMS
    # Every bar sounds (no part dropped out): each bar's level is over the silence line.
    bar = int(4 * 60.0 / tempo * audio.sample_rate)
    for i in range(4):
        chunk = audio.samples[i * bar:(i + 1) * bar]
        assert float(np.sqrt(np.mean(np.square(chunk)))) > SILENCE_RMS, f"bar {i + 1} is silent"
    silent = render_parts({"Melody": [Note(60, 0.0, 1.0, mute=True)]}, tempo_bpm=tempo)
    assert silent.rms() == 0.0 and silent.seconds == pytest.approx(2.5, abs=1e-4)


def test_drum_onsets_are_where_the_drum_notes_are() -> None:
    _, drums = demo_parts()
    tempo = 96.0
    audio = render_parts({"Drums": drums}, tempo_bpm=tempo)
    found = onsets(audio.mono(), audio.sample_rate)
    expected = hit_times(drums, tempo)
    hits, extra = matched(expected, found, tolerance_s=0.015)
    assert hits == len(expected) and extra == 0, (hits, len(expected), extra)
    # The check can fail: the same onsets against the groove a 16th note later (off the hats'
    # 8th-note grid) match only a few hits.
    late_hits, _ = matched(expected + 15.0 / tempo, found, tolerance_s=0.015)
    assert late_hits < len(expected) // 2


@pytest.mark.parametrize("style", ["rock", "funk", "house"])
def test_drum_onsets_at_another_tempo(style: str) -> None:
    drums = groove(style).to_notes(bars=2)
    audio = render_parts({"Drums": drums}, tempo_bpm=120.0)
    expected = hit_times(drums, 120.0)
    hits, extra = matched(expected, onsets(audio.mono(), audio.sample_rate), 0.015)
    assert (hits, extra) == (len(expected), 0)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValidationError, match="seconds"):
        render_events([], seconds=-1.0)
    with pytest.raises(ValidationError, match="tempo"):
        render_parts([Note(60, 0.0, 1.0)], tempo_bpm=0.0)
    with pytest.raises(ValidationError, match="programs"):
        parts_to_events({"a": [Note(60, 0.0, 1.0)]}, tempo_bpm=120.0, programs={"a": 128})
    with pytest.raises(ValidationError, match="not Note"):
        parts_to_events({"a": [(60, 0.0, 1.0)]}, tempo_bpm=120.0)  # type: ignore[list-item]


def _run_livectl(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LIVECTL_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "livectl", *args], capture_output=True,
                          text=True, timeout=120, env=env)


def test_demo_writes_a_demo_wav_with_its_drums_where_its_notes_are(tmp_path: Path) -> None:
    """``livectl demo`` as a user runs it: demo.wav is not silent, is exactly the clips' 4 bars
    at 96 BPM, and every drum hit of demo.mid is an onset in it (melody notes add onsets of
    their own: each onset is a drum hit or a melody note)."""
    proc = _run_livectl("demo", "--emulator", "--train", "builtin", "--play-bars", "0",
                        "--out-dir", str(tmp_path), "--json", cache=tmp_path / "cache")
    assert proc.returncode == 0, proc.stderr
    files = json.loads(proc.stdout)["files"]
    assert str(tmp_path / "demo.wav") in files and str(tmp_path / "demo.png") in files
    audio = read_wav(tmp_path / "demo.wav")
    tempo = 96.0
    assert audio.seconds == pytest.approx(4 * 4 * 60.0 / tempo, abs=1.0 / audio.sample_rate)
    assert audio.rms() > SILENCE_RMS
    midi = read_midi(tmp_path / "demo.mid")
    drums, melody = midi.tracks["Drums"], midi.tracks["Melody"]
    assert {n.channel for n in drums} == {10}
    found = onsets(audio.mono(), audio.sample_rate)
    expected = hit_times(drums, tempo)
    hits, _ = matched(expected, found, tolerance_s=0.015)
    assert hits == len(expected), (hits, len(expected))
    every_note = hit_times(drums + melody, tempo)
    _, unexplained = matched(every_note, found, tolerance_s=0.015)
    assert unexplained == 0


def test_generate_wav_and_a_named_soundfont(tmp_path: Path) -> None:
    wav = tmp_path / "drums.wav"
    proc = _run_livectl("generate", "drums", "--style", "rock", "--bars", "2", "--tempo", "120",
                        "--out", str(tmp_path / "drums.mid"), "--wav", str(wav), "--png",
                        str(tmp_path / "drums.svg"), cache=tmp_path / "cache")
    assert proc.returncode == 0, proc.stderr
    assert f"wrote {tmp_path / 'drums.svg'} (piano roll)" in proc.stdout
    audio = read_wav(wav)
    assert audio.seconds == pytest.approx(4.0, abs=1e-3) and audio.rms() > SILENCE_RMS
    proc = _run_livectl("generate", "drums", "--out", str(tmp_path / "d.mid"), "--wav",
                        str(tmp_path / "d.wav"), "--soundfont", str(tmp_path / "none.sf2"),
                        cache=tmp_path / "cache")
    assert proc.returncode == 3 and "no SoundFont at" in proc.stderr
