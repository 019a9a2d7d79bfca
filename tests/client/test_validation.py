"""Bad input raises a ValueError subclass naming field, range and value before any send."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from livectl.client import Live
from livectl.emulator import Emulator
from livectl.errors import ValidationError
from livectl.model import Note


def _bad_calls(live: Live) -> list[tuple[Callable[[], Any], str]]:
    song = live.song
    track = song.tracks[0]
    clip = track.clip_slots[0].clip
    return [
        (lambda: setattr(song, "tempo", 10), r"song.tempo must be in range 20.0..999.0 BPM, got 10"),
        (lambda: setattr(song, "tempo", 1000.5), "got 1000.5"),
        (lambda: setattr(song, "tempo", "fast"), "song.tempo must be a finite number"),
        (lambda: setattr(song, "metronome", "yes"), "song.metronome must be True or False"),
        (lambda: song.set_time_signature(4, 3), "signature_denominator must be one of"),
        (lambda: song.tracks[1.5], "track index must be an int, got float 1.5"),
        (lambda: song.tracks[None], "track index must be an int"),  # type: ignore[index]
        (lambda: track.clip_slots["x"].fire(), "clip_slots cannot be found by name"),
        (lambda: setattr(track, "volume", 1.5), "track.volume must be in range 0.0..1.0"),
        (lambda: setattr(track, "panning", -2), "track.panning must be in range -1.0..1.0"),
        (lambda: setattr(track, "name", 5), "track.name must be a str"),
        (lambda: setattr(track, "playing_slot_index", 1), "read-only"),
        (lambda: track.set_send(0, 2.0), "track.send must be in range"),
        (lambda: track.clip_slots[0].create_clip(0), "length must be > 0 beats"),
        (lambda: track.clip_slots[0].create_clip(-4), "length must be > 0 beats"),
        (lambda: clip.add_notes([Note(60, 0, 1), (128, 0, 1)]), "pitch must be in range 0..127, got 128"),
        (lambda: clip.add_notes([(60, 0, 1, 200)]), "velocity must be in range 0..127, got 200"),
        (lambda: clip.add_notes([(60, 0, 0)]), "duration_beats must be > 0 beats"),
        (lambda: clip.add_notes([(60, 0, -1)]), "duration_beats must be > 0 beats"),
        (lambda: clip.add_notes([(60.5, 0, 1)]), "pitch must be an int"),
        (lambda: clip.add_notes([(60,)]), "note 0 must be a Note"),
        (lambda: clip.get_notes(0, 0), "pitch_span must be an int in range 1..128"),
        (lambda: setattr(clip, "launch_mode", 4), "clip.launch_mode must be in range 0..3"),
        (lambda: track.listen("can_be_armed", print), "Live cannot observe track.can_be_armed"),
        (lambda: live.query("no/slash"), "address must be a str starting with '/'"),
    ]


def test_bad_input_raises_before_anything_is_sent(live: Live, emu: Emulator) -> None:
    live.test()
    for call, message in _bad_calls(live):
        before = emu.received
        with pytest.raises(ValueError, match=message) as info:
            call()
        assert isinstance(info.value, ValidationError)
        assert emu.received == before, message
    # nothing was lost: the connection still works
    assert live.song.tempo == 120.0


def test_note_checks_its_fields() -> None:
    with pytest.raises(ValidationError, match=r"velocity must be in range 0\.\.127, got -1"):
        Note(60, 0, 1, -1)
    with pytest.raises(ValidationError, match="mute must be True or False"):
        Note(60, 0, 1, 100, "no")  # type: ignore[arg-type]
    assert Note(60, -0.25, 0.5, 64.5).velocity == 64.5
