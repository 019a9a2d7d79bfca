from __future__ import annotations

from pathlib import Path

import mido
import pytest

from livectl.compose import MelodyModel, Note, groove
from livectl.errors import ModelError, ValidationError
from livectl.output.midifile import read_midi, write_midi


def test_written_file_reads_back_with_the_same_notes(tmp_path: Path) -> None:
    melody = MelodyModel(2, 2).fit([[60, 62, 64, 65, 67, 65, 64, 62, 60]]).generate(
        4, key="C:major", seed=3, velocity=88)
    drums = groove("house").to_notes(bars=2)  # channel 10
    path = write_midi(tmp_path / "song.mid", {"lead": melody, "beat": drums}, tempo_bpm=93.5,
                      time_signature=(3, 4))
    data = read_midi(path)
    assert data.tempo_bpm == pytest.approx(93.5, abs=0.01)
    assert data.time_signature == (3, 4)
    assert list(data.tracks) == ["lead", "beat"]
    assert data.tracks["lead"] == melody
    assert data.tracks["beat"] == drums
    assert len(data.notes) == len(melody) + len(drums)


def test_track_names_and_tempo_are_meta_events(tmp_path: Path) -> None:
    """An independent reader (mido) sees the tempo and names too."""
    path = write_midi(tmp_path / "x.mid", {"bass": [Note(40, 0, 1)]}, tempo_bpm=150)
    mid = mido.MidiFile(path)
    names = [m.name for t in mid.tracks for m in t if m.type == "track_name"]
    tempos = [m.tempo for t in mid.tracks for m in t if m.type == "set_tempo"]
    assert names == ["livectl", "bass"] and tempos == [mido.bpm2tempo(150)]
    msgs = [m for m in mid.tracks[1] if not m.is_meta]
    assert [(m.type, m.note, m.channel) for m in msgs] == [("note_on", 40, 0), ("note_off", 40, 0)]


def test_repeated_pitch_is_released_before_it_sounds_again(tmp_path: Path) -> None:
    notes = [Note(60, 0, 1), Note(60, 1, 1)]
    mid = mido.MidiFile(write_midi(tmp_path / "r.mid", notes))
    types = [m.type for m in mid.tracks[1] if not m.is_meta]
    assert types == ["note_on", "note_off", "note_on", "note_off"]
    assert read_midi(tmp_path / "r.mid").tracks["melody"] == notes


def test_bad_input_is_refused_before_writing(tmp_path: Path) -> None:
    out = tmp_path / "bad.mid"
    with pytest.raises(ValidationError, match="before beat 0"):
        write_midi(out, [Note(60, -1, 1)])
    with pytest.raises(ValidationError, match="tempo_bpm must be in range"):
        write_midi(out, [Note(60, 0, 1)], tempo_bpm=5)
    with pytest.raises(ValidationError, match="not Note"):
        write_midi(out, [(60, 0, 1)])  # type: ignore[list-item]
    assert not out.exists()


def test_reading_garbage_says_so(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mid"
    bad.write_bytes(b"not midi at all")
    with pytest.raises(ModelError, match="cannot read"):
        read_midi(bad)
    with pytest.raises(ModelError, match="no MIDI file"):
        read_midi(tmp_path / "missing.mid")
