"""From the blog's hand-written Markov dict to a livectl model and a .mid file.

The blog kept ``{pitch: [pitches that may follow]}``, walked it with the global ``random`` and
played one fixed rhythm. Here the same dict becomes a model with its own seeded generator that
keeps to a key and a range and ends its phrases on the tonic; a model trained on a few real
folk tunes (music21's Essen collection, if installed) is written next to it.

    python examples/markov_melody.py [OUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from livectl.compose import MelodyModel, melody_model_from_transitions
from livectl.errors import LiveCtlError
from livectl.output.midifile import write_midi

# The blog's form: each pitch lists the pitches that may follow it.
BLOG_CHAIN = {
    60: [62, 64, 67],
    62: [60, 64, 65],
    64: [62, 65, 67],
    65: [64, 67, 69],
    67: [60, 64, 65, 69, 72],
    69: [67, 72],
    72: [67, 69],
}


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    blog = melody_model_from_transitions(BLOG_CHAIN, duration_beats=0.5, seed=1)
    notes = blog.generate(4, key="C:major", low=60, high=72, seed=7)
    print(f"blog dict -> {len(notes)} notes:", [n.pitch for n in notes])
    print("wrote", write_midi(out_dir / "blog_melody.mid", {"blog chain": notes},
                              tempo_bpm=90))

    try:
        from livectl.output.corpus import load_corpus

        tunes = load_corpus("essen", limit=40, use_cache=False)
    except LiveCtlError as exc:  # music21 (the corpora extra) not installed
        print(f"skipping the trained model: {exc}")
        return
    model = MelodyModel(seed=7).fit(tunes)
    folk = model.generate(8, key="D:major", low=62, high=86, seed=7)
    print(f"trained on {len(tunes)} Essen tunes -> {len(folk)} notes in D major")
    print("wrote", write_midi(out_dir / "folk_melody.mid", {"folk": folk}, tempo_bpm=100))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("."))
