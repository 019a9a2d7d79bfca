"""MIDI clock out, so Live (or any instrument) can follow our tempo.

MIDI clock is 24 pulses (0xF8) per quarter note, with Start (0xFA), Stop (0xFC), Continue
(0xFB) and the song position pointer (0xF2, in 16th notes). Live follows it when the port's
"Sync" switch is on in Preferences > Link, Tempo & MIDI. The pulses come from the same
timeline as the notes (``Sequencer(send_clock=True)``), so they obey tempo changes and never
drift from the music. :class:`MIDIClock` is a clock alone::

    with open_output("IAC") as out:
        clock = MIDIClock(out, tempo_bpm=124)
        clock.start()            # 0xFA, then pulses
        clock.set_tempo(128)
        clock.stop()             # 0xFC
        clock.resume(from_beat=16)   # song position 64 + 0xFB, then pulses from beat 16
"""

from __future__ import annotations

from livectl.midi.messages import SongPosition
from livectl.midi.scheduler import PPQN, TICKS_PER_CLOCK, Output, Sequencer, beat_to_tick
from livectl.midi.timing import Clock

__all__ = ["CLOCKS_PER_QUARTER", "MIDIClock", "clock_interval_ns", "song_position"]

CLOCKS_PER_QUARTER = PPQN // TICKS_PER_CLOCK  # 24


def clock_interval_ns(tempo_bpm: float) -> float:
    """Time between two clock pulses at ``tempo_bpm``."""
    return 60e9 / (tempo_bpm * CLOCKS_PER_QUARTER)


def song_position(beat: float) -> SongPosition:
    """The song position pointer for ``beat`` (quarter notes), rounded down to a 16th."""
    return SongPosition(beat_to_tick(beat) // (PPQN // 4))


class MIDIClock:
    """Clock pulses alone, in a background thread, until stopped."""

    def __init__(self, output: Output, tempo_bpm: float = 120.0, *,
                 clock: Clock | None = None) -> None:
        self.output = output
        self._seq = Sequencer(tempo_bpm, send_clock=True, clock=clock)

    @property
    def tempo_bpm(self) -> float:
        return self._seq.tempo_bpm

    @property
    def sequencer(self) -> Sequencer:
        return self._seq

    def start(self) -> None:
        """Start (0xFA) from the top, then pulses."""
        self._seq.start(self.output)

    def resume(self, from_beat: float = 0.0) -> None:
        """Song position + Continue (0xFB), then pulses from ``from_beat`` (to a 16th)."""
        tick = beat_to_tick(from_beat, "from_beat")
        sixteenth = PPQN // 4
        self._seq.start(self.output, from_beat=(tick // sixteenth) * sixteenth / PPQN,
                        resume=True)

    def set_tempo(self, tempo_bpm: float) -> None:
        self._seq.set_tempo(tempo_bpm)

    def position_beats(self) -> float:
        return self._seq.position_beats()

    def stop(self) -> None:
        """Stop pulses and send Stop (0xFC)."""
        self._seq.stop()

    @property
    def is_running(self) -> bool:
        return self._seq.is_running
