"""Sound: notes rendered to a WAV with a General MIDI SoundFont synthesizer (the ``audio`` extra).

``pip install 'livectl[audio]'`` brings ``midirenderer`` (MIT; a wheel with rustysynth inside, so
no system library is needed) and ``pretty_midi``, whose wheel ships the TimGM6mb General MIDI
SoundFont (6 MB, GPL-2.0; used as data, read at run time, never copied into livectl). Any other
``.sf2`` works too: ``soundfont=PATH``, ``--soundfont PATH`` on the command line, or the
``LIVECTL_SOUNDFONT`` variable; Debian's ``fluid-soundfont-gm`` (FluidR3_GM, MIT) is found where
apt puts it.

Parts are rendered the way a GM module plays a .mid file: each part gets its own channel and a
GM program chosen from its name (``programs`` overrides), and notes on channel 10 are drums.
Times are exact: events are written on a 0.1 ms grid, and the result is exactly the asked
length (``seconds``, or the parts' bars at their tempo).
"""

from __future__ import annotations

import importlib.util
import io
import logging
import math
import os
import platform
import shutil
import subprocess
import sys
import wave
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from livectl.checks import check_int_range, check_real_range, check_tempo
from livectl.compose.notes import Note
from livectl.errors import LiveCtlError, NotFoundError, ValidationError
from livectl.note import velocity_byte

__all__ = [
    "DRUM_CHANNEL",
    "Audio",
    "SoundEvent",
    "find_soundfont",
    "gm_program_for",
    "parts_to_events",
    "play_wav",
    "read_wav",
    "render_events",
    "render_parts",
    "write_wav",
]

log = logging.getLogger(__name__)

DRUM_CHANNEL = 10
INSTALL_HINT = "install the audio extra: pip install 'livectl[audio]'"
#: Longest render, in seconds (an hour of stereo float32 at 48 kHz is 1.4 GB).
MAX_SECONDS = 3600.0
# The MIDI file handed to the synthesizer runs at 60 BPM with 10,000 ticks a beat: one tick
# is 0.1 ms (5 samples at 48 kHz), so event times survive the trip unrounded for the ear.
_TICKS_PER_SECOND = 10_000
# Where Debian/Ubuntu (fluid-soundfont-gm, timgm6mb-soundfont), Fedora and Arch put GM fonts.
_SYSTEM_SOUNDFONTS = (
    "/usr/share/sounds/sf2/FluidR3_GM.sf2",
    "/usr/share/sounds/sf2/TimGM6mb.sf2",
    "/usr/share/soundfonts/FluidR3_GM.sf2",
    "/usr/share/soundfonts/default.sf2",
)
# Part name words -> GM program (0-based): a part called "Bass" sounds like a bass.
_PROGRAM_WORDS = (
    ("bass", 33), ("lead", 80), ("pad", 88), ("string", 48), ("organ", 16),
    ("guitar", 25), ("flute", 73), ("brass", 61), ("bell", 14), ("choir", 52),
    ("synth", 81), ("piano", 0), ("keys", 4), ("melody", 0),
)


@dataclass(frozen=True, slots=True)
class SoundEvent:
    """One note in seconds, on a MIDI channel 1..16 playing GM ``program`` (0..127)."""

    start_s: float
    duration_s: float
    pitch: int
    velocity: int
    channel: int = 1
    program: int = 0

    @property
    def end_s(self) -> float:
        return self.start_s + self.duration_s


@dataclass(frozen=True)
class Audio:
    """Rendered sound: float32 samples in -1..1, shape (frames, channels)."""

    samples: np.ndarray[Any, np.dtype[np.float32]]
    sample_rate: int

    @property
    def seconds(self) -> float:
        return float(self.samples.shape[0]) / self.sample_rate

    def rms(self) -> float:
        """Root mean square level of the whole render (0 for silence)."""
        if self.samples.size == 0:
            return 0.0
        return float(np.sqrt(np.mean(np.square(self.samples, dtype=np.float64))))

    def mono(self) -> np.ndarray[Any, np.dtype[np.float32]]:
        return np.asarray(self.samples.mean(axis=1), dtype=np.float32)

    def save(self, path: str | Path) -> Path:
        """Write a 16-bit PCM WAV; returns the path."""
        out = Path(path)
        pcm = np.clip(np.round(self.samples * 32767.0), -32768, 32767).astype("<i2")
        with wave.open(str(out), "wb") as w:
            w.setnchannels(self.samples.shape[1])
            w.setsampwidth(2)
            w.setframerate(self.sample_rate)
            w.writeframes(pcm.tobytes())
        return out


def read_wav(path: str | Path) -> Audio:
    """A 16-bit PCM WAV file as :class:`Audio`."""
    p = Path(path)
    try:
        with wave.open(str(p), "rb") as r:
            width, channels, rate = r.getsampwidth(), r.getnchannels(), r.getframerate()
            frames = r.readframes(r.getnframes())
    except (wave.Error, EOFError) as exc:
        raise ValidationError(f"{p} is not a WAV file: {exc}", field="path", value=str(p)) from exc
    if width != 2:
        raise ValidationError(f"{p}: only 16-bit PCM WAV is read, this one has "
                              f"{8 * width}-bit samples", field="path", value=str(p))
    data = np.frombuffer(frames, dtype="<i2").reshape(-1, channels)
    return Audio((data.astype(np.float32) / 32768.0), rate)


# -- soundfont ------------------------------------------------------------------------------


def _shipped_soundfont() -> Path | None:
    """TimGM6mb.sf2 inside the installed pretty_midi wheel, found without importing it."""
    spec = importlib.util.find_spec("pretty_midi")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / "TimGM6mb.sf2"
        if candidate.is_file():
            return candidate
    return None


def find_soundfont(path: str | Path | None = None) -> Path:
    """The SoundFont to use: ``path``, else ``$LIVECTL_SOUNDFONT``, else the GM font of the
    ``audio`` extra, else a system GM font. Raises NotFoundError saying how to get one."""
    if path is not None:
        p = Path(path).expanduser()
        if not p.is_file():
            raise NotFoundError(f"no SoundFont at {p}; give the path of an .sf2 file")
        return p
    env = os.environ.get("LIVECTL_SOUNDFONT")
    if env:
        return find_soundfont(env)
    shipped = _shipped_soundfont()
    if shipped is not None:
        return shipped
    for candidate in _SYSTEM_SOUNDFONTS:
        if Path(candidate).is_file():
            return Path(candidate)
    raise NotFoundError(
        f"no General MIDI SoundFont found; {INSTALL_HINT} (it ships TimGM6mb), or give one "
        "with --soundfont PATH (or LIVECTL_SOUNDFONT), or apt-get install fluid-soundfont-gm")


# -- events ---------------------------------------------------------------------------------


def gm_program_for(name: str) -> int:
    """A GM program (0-based) for a part name: "Bass" -> 33 (Electric Bass, finger), else piano."""
    lowered = name.lower()
    for word, program in _PROGRAM_WORDS:
        if word in lowered:
            return program
    return 0


def parts_to_events(parts: Mapping[str, Sequence[Note]] | Sequence[Note], *, tempo_bpm: float,
                    programs: Mapping[str, int] | None = None) -> list[SoundEvent]:
    """Notes in beats -> sound events in seconds, one channel per part (10 stays drums).

    Parts take channels 1, 2, ... in order, skipping 10; a note already on channel 10 stays a
    drum note. Muted notes and notes before beat 0 are left out.
    """
    tempo_bpm = check_tempo(tempo_bpm)
    named = dict(parts) if isinstance(parts, Mapping) else {"melody": list(parts)}
    programs = dict(programs or {})
    free = [c for c in range(1, 17) if c != DRUM_CHANNEL]
    seconds_per_beat = 60.0 / tempo_bpm
    events: list[SoundEvent] = []
    for i, (name, notes) in enumerate(named.items()):
        channel = free[i % len(free)]
        program = check_int_range(f"programs[{name!r}]", programs.get(name, gm_program_for(name)),
                                  0, 127)
        for n in notes:
            if not isinstance(n, Note):
                raise ValidationError(f"part {name!r} holds {type(n).__name__}, not Note",
                                      field="parts", value=type(n).__name__)
            if n.mute or n.start_beats < 0 or n.velocity == 0:
                continue
            events.append(SoundEvent(
                n.start_beats * seconds_per_beat, n.duration_beats * seconds_per_beat, n.pitch,
                velocity_byte(n.velocity), DRUM_CHANNEL if n.channel == DRUM_CHANNEL else channel, program))
    return events


def _midi_bytes(events: Sequence[SoundEvent], seconds: float) -> bytes:
    """A type-0 .mid file of ``events`` at 60 BPM (1 beat = 1 s) that ends at ``seconds``."""
    import mido

    timeline: list[tuple[int, int, mido.Message]] = []
    programs: dict[int, int] = {}
    for e in events:
        ch = e.channel - 1
        if e.channel != DRUM_CHANNEL:
            known = programs.setdefault(ch, e.program)
            if known != e.program:
                raise ValidationError(
                    f"channel {e.channel} is asked to play programs {known} and {e.program}; "
                    "give each program its own channel", field="program", value=e.program)
        on = round(e.start_s * _TICKS_PER_SECOND)
        off = max(on + 1, round(e.end_s * _TICKS_PER_SECOND))
        end = round(seconds * _TICKS_PER_SECOND)
        if on >= end:
            continue
        off = min(off, end)
        # Offs sort before ons at one tick, so a repeated pitch is released before it sounds.
        timeline.append((on, 1, mido.Message("note_on", channel=ch, note=e.pitch,
                                             velocity=e.velocity)))
        timeline.append((off, 0, mido.Message("note_off", channel=ch, note=e.pitch, velocity=0)))
    timeline.sort(key=lambda t: (t[0], t[1], t[2].channel, t[2].note))
    track = mido.MidiTrack()
    track.append(mido.MetaMessage("set_tempo", tempo=1_000_000, time=0))
    for ch, program in sorted(programs.items()):
        track.append(mido.Message("program_change", channel=ch, program=program, time=0))
    now = 0
    for tick, _, msg in timeline:
        track.append(msg.copy(time=tick - now))
        now = tick
    # The synthesizer renders up to the last event: end_of_track at ``seconds`` sets the length.
    track.append(mido.MetaMessage("end_of_track", time=max(0, round(seconds * _TICKS_PER_SECOND)
                                                           - now)))
    mid = mido.MidiFile(type=0, ticks_per_beat=_TICKS_PER_SECOND)
    mid.tracks.append(track)
    buffer = io.BytesIO()
    mid.save(file=buffer)
    return buffer.getvalue()


def _synth() -> Any:
    try:
        import midirenderer
    except ImportError as exc:
        raise LiveCtlError(f"rendering sound needs midirenderer: {INSTALL_HINT}") from exc
    return midirenderer


def render_events(events: Iterable[SoundEvent], *, seconds: float | None = None,
                  soundfont: str | Path | None = None) -> Audio:
    """Render sound events with the GM SoundFont synthesizer; exactly ``seconds`` long
    (default: until the last note ends)."""
    listed = list(events)
    if seconds is None:
        seconds = max((e.end_s for e in listed), default=0.0)
    seconds = check_real_range("seconds", seconds, 0.0, MAX_SECONDS)
    synth = _synth()
    sf2 = find_soundfont(soundfont)
    try:
        data = synth.render_wave_from(sf2.read_bytes(), _midi_bytes(listed, seconds))
    except (ValueError, RuntimeError) as exc:
        raise ValidationError(f"cannot render with the SoundFont {sf2}: {exc}",
                              field="soundfont", value=str(sf2)) from exc
    with wave.open(io.BytesIO(data), "rb") as r:
        rate, channels = r.getframerate(), r.getnchannels()
        pcm = np.frombuffer(r.readframes(r.getnframes()), dtype="<i2").reshape(-1, channels)
    frames = round(seconds * rate)
    samples = np.zeros((frames, channels), dtype=np.float32)
    n = min(frames, pcm.shape[0])
    samples[:n] = pcm[:n].astype(np.float32) / 32768.0
    log.info("rendered %d events, %.2f s at %d Hz with %s", len(listed), seconds, rate, sf2.name)
    return Audio(samples, rate)


def render_parts(parts: Mapping[str, Sequence[Note]] | Sequence[Note], *, tempo_bpm: float,
                 length_beats: float | None = None, programs: Mapping[str, int] | None = None,
                 soundfont: str | Path | None = None) -> Audio:
    """Render parts (notes in beats) at ``tempo_bpm``; ``length_beats`` long (default: the
    last note's end, rounded up to a whole bar of 4 beats)."""
    events = parts_to_events(parts, tempo_bpm=tempo_bpm, programs=programs)
    tempo_bpm = check_tempo(tempo_bpm)
    if length_beats is None:
        end = max((e.end_s for e in events), default=0.0) * tempo_bpm / 60.0
        length_beats = 4.0 * max(1, math.ceil(end / 4.0 - 1e-9))
    length = check_real_range("length_beats", length_beats, 0.0, MAX_SECONDS * tempo_bpm / 60.0)
    return render_events(events, seconds=length * 60.0 / tempo_bpm, soundfont=soundfont)


def write_wav(path: str | Path, parts: Mapping[str, Sequence[Note]] | Sequence[Note], *,
              tempo_bpm: float, length_beats: float | None = None,
              programs: Mapping[str, int] | None = None,
              soundfont: str | Path | None = None) -> Path:
    """Render ``parts`` with :func:`render_parts` and write a 16-bit WAV; returns the path."""
    return render_parts(parts, tempo_bpm=tempo_bpm, length_beats=length_beats,
                        programs=programs, soundfont=soundfont).save(path)


# -- playing --------------------------------------------------------------------------------


def _player_command(path: Path) -> list[str] | None:
    system = platform.system()
    if system == "Darwin":
        candidates = [["afplay", str(path)]]
    else:
        candidates = [["pw-play", str(path)], ["paplay", str(path)], ["aplay", "-q", str(path)],
                      ["ffplay", "-nodisp", "-autoexit", "-loglevel", "error", str(path)]]
    for command in candidates:
        if shutil.which(command[0]):
            return command
    return None


def play_wav(path: str | Path, *, timeout_s: float | None = None) -> str:
    """Play a WAV file on the default sound device and wait until it ends; returns what
    played it. Raises NotFoundError when there is no player or no device."""
    p = Path(path)
    if not p.is_file():
        raise NotFoundError(f"no WAV file at {p}")
    if sys.platform == "win32":
        import winsound

        winsound.PlaySound(str(p), winsound.SND_FILENAME)
        return "winsound"
    command = _player_command(p)
    if command is None:
        raise NotFoundError("no audio player found (afplay, pw-play, paplay, aplay or ffplay); "
                            f"the sound is in {p}")
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired as exc:
        raise LiveCtlError(f"{command[0]} did not finish playing {p} in {timeout_s} s") from exc
    if done.returncode != 0:
        why = done.stderr.decode(errors="replace").strip().splitlines()
        raise NotFoundError(f"{command[0]} could not play {p} (no sound device?): "
                            f"{why[-1] if why else 'exit ' + str(done.returncode)}")
    return command[0]
