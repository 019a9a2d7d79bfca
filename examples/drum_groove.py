"""A drum groove: the lofi beat from the library, a Euclidean shaker, Markov fills, humanised.

    python examples/drum_groove.py [OUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from livectl.compose import GROOVES, DrumMarkov, euclid, groove, humanise
from livectl.output.midifile import write_midi
from livectl.output.pianoroll import save_pianoroll


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    beat = groove("lofi").with_row("shaker", euclid(5, 16, rotate=2))
    for voice, row in beat.to_strings().items():
        print(f"{voice:>12} {row}")
    # A step-level Markov model over the whole library writes a fill every 4th bar.
    fills = DrumMarkov(order=2, seed=3).fit([[p] * 4 for p, _ in GROOVES.values()])
    bars = fills.vary(beat, 8, every=4, fill_steps=4, seed=3, temperature=1.5)
    notes = []
    for i, bar in enumerate(bars):
        notes.extend(bar.to_notes(start_beats=i * bar.beats, swing=GROOVES["lofi"][1]))
    notes = humanise(notes, velocity_sd=6, timing_sd_beats=0.008, seed=3)
    print("wrote", write_midi(out_dir / "lofi_drums.mid", {"drums": notes}, tempo_bpm=82))
    print("wrote", save_pianoroll(out_dir / "lofi_drums.png", {"drums": notes}))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("."))
