"""Standard MIDI files: written with mido (tempo, time signature, track names), read with symusic.

Tracks are given as a mapping from track name to notes (or one list of notes, named "melody").
The file is type 1: a conductor track with tempo and metre, then one track per name.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from livectl.checks import check_int_range, check_tempo
from livectl.compose.notes import Note
from livectl.errors import ModelError, ValidationError
from livectl.note import velocity_byte

__all__ = ["MidiFileData", "read_midi", "write_midi"]

log = logging.getLogger(__name__)

Tracks = Mapping[str, Sequence[Note]] | Sequence[Note]


def _as_tracks(tracks: Tracks) -> dict[str, list[Note]]:
    if isinstance(tracks, Mapping):
        out = {str(k): list(v) for k, v in tracks.items()}
    else:
        out = {"melody": list(tracks)}
    for name, notes in out.items():
        for n in notes:
            if not isinstance(n, Note):
                raise ValidationError(f"track {name!r} holds {type(n).__name__}, not Note",
                                      field="tracks", value=type(n).__name__)
    return out


def write_midi(path: str | Path, tracks: Tracks, *, tempo_bpm: float = 120.0,
               ticks_per_beat: int = 480, time_signature: tuple[int, int] = (4, 4)) -> Path:
    """Write a type-1 .mid file; returns the path. Notes before beat 0 are not allowed."""
    import mido

    tempo_bpm = check_tempo(tempo_bpm)
    ticks_per_beat = check_int_range("ticks_per_beat", ticks_per_beat, 24, 32767)
    num, den = time_signature
    check_int_range("time_signature numerator", num, 1, 64)
    if den not in (1, 2, 4, 8, 16, 32, 64):
        raise ValidationError(f"time signature denominator must be a power of 2 up to 64, "
                              f"got {den}", field="time_signature", value=time_signature)
    named = _as_tracks(tracks)
    mid = mido.MidiFile(type=1, ticks_per_beat=ticks_per_beat)
    conductor = mido.MidiTrack()
    conductor.append(mido.MetaMessage("track_name", name="livectl", time=0))
    conductor.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(tempo_bpm), time=0))
    conductor.append(mido.MetaMessage("time_signature", numerator=num, denominator=den, time=0))
    conductor.append(mido.MetaMessage("end_of_track", time=0))
    mid.tracks.append(conductor)
    for name, notes in named.items():
        events: list[tuple[int, int, mido.Message]] = []
        for n in notes:
            if n.mute:
                continue
            if n.start_beats < 0:
                raise ValidationError(
                    f"a .mid file cannot hold a note before beat 0 (track {name!r}, start "
                    f"{n.start_beats}); shift the notes first", field="start_beats",
                    value=n.start_beats)
            on = round(n.start_beats * ticks_per_beat)
            off = max(on + 1, round(n.end_beats * ticks_per_beat))
            ch = n.channel - 1
            # Sort key 0 puts note-offs before note-ons on the same tick, so a repeated pitch
            # is released before it sounds again.
            events.append((on, 1, mido.Message("note_on", note=n.pitch, velocity=velocity_byte(n.velocity),
                                               channel=ch)))
            events.append((off, 0, mido.Message("note_off", note=n.pitch, velocity=0,
                                                channel=ch)))
        events.sort(key=lambda e: (e[0], e[1], e[2].note))
        track = mido.MidiTrack()
        track.append(mido.MetaMessage("track_name", name=name, time=0))
        now = 0
        for tick, _, msg in events:
            track.append(msg.copy(time=tick - now))
            now = tick
        track.append(mido.MetaMessage("end_of_track", time=0))
        mid.tracks.append(track)
    out = Path(path)
    mid.save(out)
    log.info("wrote %s (%d tracks, %.1f BPM)", out, len(named), tempo_bpm)
    return out


@dataclass(frozen=True, slots=True)
class MidiFileData:
    """What ``read_midi`` found: tempo, time signature, and notes per track name."""

    tempo_bpm: float
    time_signature: tuple[int, int]
    tracks: dict[str, list[Note]]

    @property
    def notes(self) -> list[Note]:
        """All notes of all tracks, sorted by start then pitch."""
        return sorted((n for t in self.tracks.values() for n in t),
                      key=lambda n: (n.start_beats, n.pitch))


def read_midi(path: str | Path) -> MidiFileData:
    """Read a .mid file with symusic; notes in beats; drum tracks on channel 10."""
    import symusic

    p = Path(path)
    if not p.is_file():
        raise ModelError(f"no MIDI file at {p}; check the path")
    try:
        score: Any = symusic.Score(str(p))
    except Exception as exc:  # symusic raises plain RuntimeError on a bad file
        raise ModelError(f"cannot read {p} as a MIDI file: {exc}") from exc
    tpq = score.ticks_per_quarter
    tempo = float(score.tempos[0].qpm) if len(score.tempos) else 120.0
    ts = (int(score.time_signatures[0].numerator), int(score.time_signatures[0].denominator)) \
        if len(score.time_signatures) else (4, 4)
    tracks: dict[str, list[Note]] = {}
    for i, tr in enumerate(score.tracks):
        name = tr.name or f"track {i + 1}"
        channel = 10 if tr.is_drum else 1
        notes = [Note(int(n.pitch), n.time / tpq, max(n.duration, 1) / tpq,
                      int(n.velocity) or 1, channel=channel) for n in tr.notes]
        notes.sort(key=lambda n: (n.start_beats, n.pitch))
        if name in tracks:
            name = f"{name} ({i + 1})"
        tracks[name] = notes
    return MidiFileData(round(tempo, 3), ts, tracks)
