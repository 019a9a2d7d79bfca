"""Pure generative music: notes, keys and scales, variable-order Markov melodies, drum grids.

No I/O and no clock here: files, corpora and playback live in ``livectl.output``. Everything
random owns a ``random.Random(seed)``.

    >>> from livectl.compose import MelodyModel
    >>> model = MelodyModel(seed=7).fit([[60, 62, 64, 65, 67, 65, 64, 62, 60]])
    >>> notes = model.generate(bars=2, key="C:major", seed=1)

Names are imported on first use (PEP 562), so that importing one light module of this
package, say ``livectl.compose.drums`` for the CLI's help, does not load numpy with the
Markov tables: ``livectl --help`` and every command that generates nothing start faster.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOMES: dict[str, str] = {
    "CrossEntropy": "livectl.compose.melody",
    "DrumMarkov": "livectl.compose.drum_markov",
    "DrumPattern": "livectl.compose.drums",
    "FirstOrderChain": "livectl.compose.blog",
    "GM_DRUMS": "livectl.compose.drums",
    "GROOVES": "livectl.compose.drums",
    "Key": "livectl.compose.scales",
    "MelodyModel": "livectl.compose.melody",
    "NGramModel": "livectl.compose.markov",
    "Note": "livectl.compose.notes",
    "SCALES": "livectl.compose.scales",
    "SampleStats": "livectl.compose.evaluate",
    "Scale": "livectl.compose.scales",
    "Tune": "livectl.compose.notes",
    "copy_rate": "livectl.compose.evaluate",
    "drum_note": "livectl.compose.drums",
    "euclid": "livectl.compose.drums",
    "groove": "livectl.compose.drums",
    "humanise": "livectl.compose.humanise",
    "in_key_share": "livectl.compose.evaluate",
    "melody_model_from_transitions": "livectl.compose.blog",
    "ngram_set": "livectl.compose.evaluate",
    "normalised_pitches": "livectl.compose.evaluate",
    "notes_from_pitches": "livectl.compose.notes",
    "parse_key": "livectl.compose.scales",
    "pitch_class_entropy": "livectl.compose.evaluate",
    "pitch_name": "livectl.compose.scales",
    "sample_stats": "livectl.compose.evaluate",
    "split_tunes": "livectl.compose.evaluate",
    "transitions_from_sequences": "livectl.compose.blog",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # once found, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


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
