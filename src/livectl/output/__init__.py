"""The I/O side of composition: MIDI files, piano-roll images, corpora, model files, and the
adapter that writes notes into a Live clip (``livectl.output.live``, imported on its own so
that file work does not load the client)."""

from livectl.output.corpus import CORPORA, cache_dir, load_corpus
from livectl.output.midifile import MidiFileData, read_midi, write_midi
from livectl.output.modelfile import load_model, save_model
from livectl.output.pianoroll import pianoroll_image, save_pianoroll
from livectl.output.sources import load_tunes, tunes_from_midi

__all__ = [
    "CORPORA",
    "MidiFileData",
    "cache_dir",
    "load_corpus",
    "load_model",
    "load_tunes",
    "pianoroll_image",
    "read_midi",
    "save_model",
    "save_pianoroll",
    "tunes_from_midi",
    "write_midi",
]
