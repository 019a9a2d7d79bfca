"""The emulated set heard (livectl.emulator.audio_capture): notes captured from the LOM on a
virtual clock, following launches, loops, tempo, stops, mutes and solos, rendered with the GM
synthesizer and compared with rendering the clip's notes directly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from livectl.compose import Note
from livectl.emulator.audio_capture import AudioCapture
from livectl.emulator.lom import LiveEngine
from livectl.emulator.lom.notes import MidiNoteSpecification
from livectl.output.audio import SoundEvent, read_wav, render_events, render_parts

PHRASE = [(57, 0.0, 1.0, 100), (60, 1.0, 0.5, 80), (64, 1.5, 0.5, 90), (62, 2.0, 2.0, 110)]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def make_set(tempo: float = 120.0) -> tuple[LiveEngine, Clock]:
    clock = Clock()
    engine = LiveEngine(clock=clock)
    engine.song.tempo = tempo
    return engine, clock


def add_clip(engine: LiveEngine, track: int, slot: int, notes: list[tuple[int, float, float, int]],
             length: float = 4.0) -> None:
    clip_slot = engine.song.tracks[track].clip_slots[slot]
    clip_slot.create_clip(length)
    clip_slot.clip.add_new_notes([MidiNoteSpecification(p, t, d, v) for p, t, d, v in notes])


def run_for(engine: LiveEngine, clock: Clock, seconds: float, step: float = 0.1,
            at: Callable[[float], None] | None = None) -> None:
    """Advance the virtual clock in ``step``s, as the emulator's thread does."""
    end = clock.now + seconds
    while clock.now < end - 1e-9:
        clock.now = min(end, clock.now + step)
        engine.advance()
        if at is not None:
            at(clock.now)


def flat(rows: list[tuple[float, ...]]) -> list[float]:
    """Tuples in one flat list, for pytest.approx (which does not look inside tuples)."""
    return [float(v) for row in rows for v in row]


def phrase_notes(passes: int, offset: float = 0.0) -> list[Note]:
    return [Note(p, offset + 4.0 * k + t, d, v) for k in range(passes) for p, t, d, v in PHRASE]


def test_a_looping_clip_renders_as_its_notes_rendered_directly(tmp_path: Path) -> None:
    engine, clock = make_set(120.0)
    add_clip(engine, 0, 0, PHRASE)
    name = engine.song.tracks[0].name
    capture = AudioCapture(engine.song, clock=clock)
    engine.song.tracks[0].clip_slots[0].fire()  # starts the transport at once
    run_for(engine, clock, 4.0)  # two passes of the 4-beat loop at 120 BPM
    engine.song.stop_playing()
    capture.close()
    got = [(n.pitch, n.start_beats, n.end_beats - n.start_beats, n.velocity)
           for n in capture.notes]
    assert flat(got) == pytest.approx(flat([(p, 4.0 * k + t, d, v) for k in range(2)
                                           for p, t, d, v in PHRASE]))
    assert capture.seconds() == pytest.approx(4.0)
    heard = capture.render()
    direct = render_parts({name: phrase_notes(2)}, tempo_bpm=120.0, length_beats=8.0)
    assert heard.samples.shape == direct.samples.shape
    assert heard.rms() > 0.003
    difference = float(np.sqrt(np.mean(np.square(heard.samples - direct.samples))))
    assert difference < 0.01 * direct.rms(), (difference, direct.rms())
    # And it is a real comparison: the phrase a beat late is far from it.
    late = render_parts({name: phrase_notes(2, offset=1.0)}, tempo_bpm=120.0, length_beats=8.0)
    assert float(np.sqrt(np.mean(np.square(heard.samples - late.samples)))) > 0.5 * direct.rms()
    path = capture.save(tmp_path / "set.wav")
    assert read_wav(path).seconds == pytest.approx(4.0, abs=1e-3)


def test_tempo_change_launches_on_the_bar_and_drums_on_channel_10() -> None:
    engine, clock = make_set(120.0)
    song = engine.song
    add_clip(engine, 0, 0, PHRASE)
    song.tracks[1].name = "Drums"
    add_clip(engine, 1, 0, [(36, 0.0, 0.25, 100), (38, 1.0, 0.25, 100)], length=2.0)
    capture = AudioCapture(song, clock=clock)
    song.tracks[0].clip_slots[0].fire()
    run_for(engine, clock, 0.75)  # 1.5 beats in
    song.tracks[1].clip_slots[0].fire()  # quantized: waits for bar 2 (beat 4)
    run_for(engine, clock, 1.25)  # to beat 4 at 120 BPM (2.0 s)
    song.tempo = 60.0
    run_for(engine, clock, 4.0)  # beats 4..8 at 60 BPM
    song.stop_playing()
    drums = [(n.pitch, n.start_beats) for n in capture.notes if n.drums]
    assert flat(drums) == pytest.approx(flat([(36, 4.0), (38, 5.0), (36, 6.0), (38, 7.0)]))
    events = capture.events()
    kick = next(e for e in events if e.pitch == 36)
    assert kick.channel == 10 and kick.start_s == pytest.approx(2.0)
    second_pass = [e for e in events if e.channel == 1 and e.start_s > 1.9]
    # beats 4, 5, 5.5, 6 at 60 BPM after 2 s at 120 BPM
    assert [e.start_s for e in second_pass] == pytest.approx([2.0, 3.0, 3.5, 4.0])
    assert second_pass[0].duration_s == pytest.approx(1.0)
    assert capture.seconds() == pytest.approx(6.0)


def test_mute_and_stop_cut_notes_and_stopped_time_is_silence() -> None:
    engine, clock = make_set(120.0)
    song = engine.song
    add_clip(engine, 0, 0, [(60, 0.0, 4.0, 100)])  # one long note a bar
    capture = AudioCapture(song, clock=clock)
    song.tracks[0].clip_slots[0].fire()
    run_for(engine, clock, 0.5)  # beat 1
    song.tracks[0].mute = True
    run_for(engine, clock, 2.0)  # beats 1..5: the note of bar 2 is not heard
    song.tracks[0].mute = False
    run_for(engine, clock, 0.5)  # beats 5..6: the note of bar 2 began muted, stays unheard
    song.stop_playing()
    run_for(engine, clock, 1.0)  # a second with the transport stopped
    song.continue_playing()  # resumes the clip from its start (Live's continue after stop)
    run_for(engine, clock, 0.5)
    song.stop_playing()
    capture.close()
    notes = [(n.start_beats, n.end_beats) for n in capture.notes]
    assert flat(notes) == pytest.approx(flat([(0.0, 1.0), (6.0, 7.0)]))
    events = capture.events()
    assert [e.start_s for e in events] == pytest.approx([0.0, 4.0])  # 3 s played + 1 s stopped
    assert capture.seconds() == pytest.approx(4.5)


def test_solo_silences_the_other_tracks_and_probability_is_seeded() -> None:
    engine, clock = make_set(120.0)
    song = engine.song
    add_clip(engine, 0, 0, [(60, 0.0, 1.0, 100)], length=1.0)
    add_clip(engine, 1, 0, [(64, 0.0, 1.0, 100)], length=1.0)
    song.tracks[1].clip_slots[0].clip.get_all_notes_extended()  # the clip is there
    capture = AudioCapture(song, clock=clock)
    song.scenes[0].fire()
    run_for(engine, clock, 1.0)  # 2 beats: both play twice
    song.tracks[1].solo = True
    run_for(engine, clock, 1.0)  # 2 beats: only track 1
    song.stop_playing()
    pitches = [n.pitch for n in capture.notes]
    assert sorted(pitches[:4]) == [60, 60, 64, 64] and pitches[4:] == [64, 64]


def test_capture_matches_render_events_for_hand_written_events() -> None:
    """events() are exactly what render_events takes: the two render paths are one."""
    engine, clock = make_set(90.0)
    add_clip(engine, 0, 0, [(72, 0.5, 0.5, 127)], length=1.0)
    capture = AudioCapture(engine.song, clock=clock)
    engine.song.tracks[0].clip_slots[0].fire()
    run_for(engine, clock, 2.0, step=0.037)  # 3 beats, odd steps
    engine.song.stop_playing()
    spb = 60.0 / 90.0
    want = [SoundEvent((k + 0.5) * spb, 0.5 * spb, 72, 127, 1, 0) for k in range(3)]
    got = capture.events()
    assert [(e.pitch, e.channel, e.program) for e in got] == [(72, 1, 0)] * 3
    assert [e.start_s for e in got] == pytest.approx([e.start_s for e in want])
    a = render_events(got, seconds=2.0)
    b = render_events(want, seconds=2.0)
    assert float(np.abs(a.samples - b.samples).max()) < 0.05
