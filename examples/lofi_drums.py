"""The blog's 16-step lofi drum pattern, looped in time.

Kick 36, snare 38, clap 39, closed hat 42, cymbal 46 (General MIDI drum notes, which Live's
Drum Rack maps to its pads). One row per drum, one character per 16th note.

    python examples/lofi_drums.py --port "IAC Driver Bus 1" --bars 8 --tempo 78
    python examples/lofi_drums.py --virtual livectl-drums       # then pick it in Live
"""

from __future__ import annotations

import argparse

from livectl.midi import MIDIOutput, Sequencer, open_output

PATTERN = {
    36: "x.....x...x.....",  # kick
    38: "....x.......x...",  # snare
    39: "............x...",  # clap
    42: "x.x.x.x.x.x.x.xx",  # closed hat
    46: "..............x.",  # cymbal
}


def lofi_drums(out: MIDIOutput, bars: int = 4, tempo_bpm: float = 78, channel: int = 1) -> None:
    seq = Sequencer(tempo_bpm, loop_beats=4)
    for pitch, steps in PATTERN.items():
        for step, hit in enumerate(steps):
            if hit == "x":
                seq.add_note(step / 4, pitch, 100, 0.25, channel)
    seq.play(out, repeats=bars)  # Ctrl-C stops it; every note-on still gets its note-off


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", help="output port: index or (part of) its name")
    parser.add_argument("--virtual", metavar="NAME", help="create a virtual output port")
    parser.add_argument("--api", help="alsa | jack | coremidi | winmm (or LIVECTL_MIDI_API)")
    parser.add_argument("--bars", type=int, default=4)
    parser.add_argument("--tempo", type=float, default=78.0, help="BPM")
    parser.add_argument("--channel", type=int, default=1, help="MIDI channel 1..16")
    args = parser.parse_args()
    port = int(args.port) if args.port and args.port.isdigit() else args.port
    with open_output(port, args.api, args.virtual) as out:
        lofi_drums(out, args.bars, args.tempo, args.channel)


if __name__ == "__main__":
    main()
