"""The blog's ``send_notes(pitch, repeat, sleep_time)``, in livectl.

The usual version opens port 0 with rtmidi, sends ``[0x90, pitch, 112]``, ``time.sleep``s,
sends ``[0x80, pitch, 0]`` and sleeps again: every sleep's overshoot adds up, and Ctrl-C
between the two sends leaves the note hanging. Here the notes go on absolute deadlines and
every note-on gets its note-off, whatever happens.

    python examples/send_notes.py --port "IAC Driver Bus 1" --pitch 60 --repeat 8
    python examples/send_notes.py --virtual livectl      # make a port Live can select
    LIVECTL_MIDI_API=jack python examples/send_notes.py --port 0
"""

from __future__ import annotations

import argparse

from livectl.midi import MIDIOutput, Sequencer, open_output


def send_notes(out: MIDIOutput, pitch: int = 60, repeat: int = 1, sleep_time: float = 0.5,
               gap: float = 0.1) -> None:
    seq = Sequencer(tempo_bpm=60)  # 60 BPM: one beat is one second, so beats read as seconds
    for i in range(repeat):
        seq.add_note(i * (sleep_time + gap), pitch, 112, sleep_time)
    seq.play(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", help="output port: index or (part of) its name")
    parser.add_argument("--virtual", metavar="NAME", help="create a virtual output port")
    parser.add_argument("--api", help="alsa | jack | coremidi | winmm (or LIVECTL_MIDI_API)")
    parser.add_argument("--pitch", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--sleep-time", type=float, default=0.5, help="note length, seconds")
    args = parser.parse_args()
    port = int(args.port) if args.port and args.port.isdigit() else args.port
    with open_output(port, args.api, args.virtual) as out:
        send_notes(out, args.pitch, args.repeat, args.sleep_time)


if __name__ == "__main__":
    main()
