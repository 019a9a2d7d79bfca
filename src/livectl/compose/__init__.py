"""Pure generative music: notes, keys and scales, variable-order Markov melodies, drum grids.

No I/O and no clock here: files, corpora and playback live in ``livectl.output``. Everything
random owns a ``random.Random(seed)``.

    >>> from livectl.compose import MelodyModel
    >>> model = MelodyModel(seed=7).fit([[60, 62, 64, 65, 67, 65, 64, 62, 60]])
    >>> notes = model.generate(bars=2, key="C:major", seed=1)
"""

from livectl.compose.blog import (
    FirstOrderChain,
    melody_model_from_transitions,
    transitions_from_sequences,
)
from livectl.compose.drum_markov import DrumMarkov
from livectl.compose.drums import GM_DRUMS, GROOVES, DrumPattern, drum_note, euclid, groove
from livectl.compose.evaluate import (
    SampleStats,
    copy_rate,
    in_key_share,
    ngram_set,
    normalised_pitches,
    pitch_class_entropy,
    sample_stats,
    split_tunes,
)
from livectl.compose.humanise import humanise
from livectl.compose.markov import NGramModel
from livectl.compose.melody import CrossEntropy, MelodyModel
from livectl.compose.notes import Note, Tune, notes_from_pitches
from livectl.compose.scales import SCALES, Key, Scale, parse_key, pitch_name

__all__ = [
    "GM_DRUMS",
    "GROOVES",
    "SCALES",
    "CrossEntropy",
    "DrumMarkov",
    "DrumPattern",
    "FirstOrderChain",
    "Key",
    "MelodyModel",
    "NGramModel",
    "Note",
    "SampleStats",
    "Scale",
    "Tune",
    "copy_rate",
    "drum_note",
    "euclid",
    "groove",
    "humanise",
    "in_key_share",
    "melody_model_from_transitions",
    "ngram_set",
    "normalised_pitches",
    "notes_from_pitches",
    "parse_key",
    "pitch_class_entropy",
    "pitch_name",
    "sample_stats",
    "split_tunes",
    "transitions_from_sequences",
]
