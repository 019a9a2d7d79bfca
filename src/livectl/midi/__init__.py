"""MIDI out that keeps time: ports, checked messages, a drift-free sequencer, MIDI clock,
and no stuck notes.

    from livectl.midi import open_output, Sequencer

    with open_output("IAC Driver Bus 1") as out:        # or virtual_name="livectl"
        out.note_on(60, 100, channel=1)
        seq = Sequencer(tempo_bpm=120, loop_beats=4)
        seq.add_note(0, 36, 110, 0.25, channel=10)
        seq.play(out, repeats=4)

The MIDI API is chosen explicitly: ``api=`` on every call, else ``LIVECTL_MIDI_API``
(alsa|jack|coremidi|winmm), else the platform default (ALSA on Linux, JACK when ALSA's
sequencer is missing and a JACK server runs). A program that wants Ctrl-C and SIGTERM to
release its notes calls ``release_notes_on_signals()`` once (the ``livectl`` command does).
See docs/midi.md.
"""

from __future__ import annotations

from livectl.midi._backend import API_NAMES, ENV_VAR, compiled_apis, resolve_api
from livectl.midi.clock import MIDIClock, song_position
from livectl.midi.guard import NoteTracker, close_all_outputs, release_notes_on_signals
from livectl.midi.jack import JackServer
from livectl.midi.messages import (
    CLOCK,
    CONTINUE,
    START,
    STOP,
    Aftertouch,
    AllNotesOff,
    ControlChange,
    Message,
    NoteOff,
    NoteOn,
    PitchBend,
    PolyAftertouch,
    ProgramChange,
    SongPosition,
    SystemRealtime,
    chord,
    describe,
    from_bytes,
)
from livectl.midi.play import Note, play, sequence_notes
from livectl.midi.ports import (
    MIDIOutput,
    PortList,
    list_inputs,
    list_outputs,
    list_ports,
    open_output,
)
from livectl.midi.process import SequencerProcess
from livectl.midi.receive import MIDIInput, ReceivedMessage, open_input
from livectl.midi.scheduler import PPQN, PlayStats, Sequencer, SequenceSpec, TempoChange
from livectl.midi.timing import RealClock, VirtualClock

__all__ = [
    "API_NAMES",
    "CLOCK",
    "CONTINUE",
    "ENV_VAR",
    "PPQN",
    "START",
    "STOP",
    "Aftertouch",
    "AllNotesOff",
    "ControlChange",
    "JackServer",
    "MIDIClock",
    "MIDIInput",
    "MIDIOutput",
    "Message",
    "Note",
    "NoteOff",
    "NoteOn",
    "NoteTracker",
    "PitchBend",
    "PlayStats",
    "PolyAftertouch",
    "PortList",
    "ProgramChange",
    "RealClock",
    "ReceivedMessage",
    "SequenceSpec",
    "Sequencer",
    "SequencerProcess",
    "SongPosition",
    "SystemRealtime",
    "TempoChange",
    "VirtualClock",
    "chord",
    "close_all_outputs",
    "compiled_apis",
    "describe",
    "from_bytes",
    "list_inputs",
    "list_outputs",
    "list_ports",
    "open_input",
    "open_output",
    "play",
    "release_notes_on_signals",
    "resolve_api",
    "sequence_notes",
    "song_position",
]
