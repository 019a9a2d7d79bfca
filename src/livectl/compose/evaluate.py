"""Numbers for melody quality: held-out cross-entropy and sample statistics.

* ``split_tunes`` -- a tune-level train/test split with a fixed seed (never splits inside a tune).
* ``cross_entropy`` -- bits per note on held-out tunes (see ``MelodyModel.cross_entropy``).
* ``pitch_class_entropy`` -- mean per-melody entropy of the pitch-class histogram (bits).
* ``in_key_share`` -- share of notes whose pitch class belongs to the key.
* ``copy_rate`` -- share of a melody's pitch n-grams (8 by default) that occur somewhere in the
  training melodies: how much the generator quotes. Folk tunes share formulae, so the human
  held-out rate is the baseline, not zero.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from livectl.checks import check_int_range, check_real_range
from livectl.compose.melody import CrossEntropy, MelodyModel, tonic_shift
from livectl.compose.notes import Note, Tune
from livectl.compose.scales import Key, parse_key
from livectl.errors import ValidationError

__all__ = ["SampleStats", "copy_rate", "cross_entropy", "in_key_share", "ngram_set",
           "normalised_pitches", "pitch_class_entropy", "sample_stats", "split_tunes"]

T = TypeVar("T")


def split_tunes(tunes: Sequence[T], test_fraction: float = 0.1, seed: int = 0
                ) -> tuple[list[T], list[T]]:
    """Shuffle whole tunes with ``random.Random(seed)``; the first ``test_fraction`` is test.

    Returns ``(train, test)``.
    """
    check_real_range("test_fraction", test_fraction, 0.0, 1.0)
    if len(tunes) < 2:
        raise ValidationError(f"need at least 2 tunes to split, got {len(tunes)}",
                              field="tunes", value=len(tunes))
    order = list(range(len(tunes)))
    random.Random(seed).shuffle(order)
    cut = min(len(tunes) - 1, max(1, round(len(tunes) * test_fraction)))
    return [tunes[i] for i in order[cut:]], [tunes[i] for i in order[:cut]]


def cross_entropy(model: MelodyModel, tunes: Iterable[Tune]) -> CrossEntropy:
    """Bits per note of ``tunes`` under ``model`` (pitch and duration streams)."""
    return model.cross_entropy(tunes)


def _pitches(melody: Tune | Sequence[Note] | Sequence[int]) -> list[int]:
    if isinstance(melody, Tune):
        return list(melody.pitches)
    return [m.pitch if isinstance(m, Note) else int(m) for m in melody]


def pitch_class_entropy(melodies: Iterable[Tune | Sequence[Note] | Sequence[int]]) -> float:
    """Mean over melodies of the Shannon entropy (bits) of each one's pitch-class histogram."""
    values = []
    for m in melodies:
        counts = Counter(p % 12 for p in _pitches(m))
        n = sum(counts.values())
        if n:
            values.append(-sum(c / n * math.log2(c / n) for c in counts.values()))
    if not values:
        raise ValidationError("pitch_class_entropy needs at least one note", field="melodies",
                              value=0)
    return sum(values) / len(values)


def in_key_share(melody: Tune | Sequence[Note] | Sequence[int], key: str | Key) -> float:
    """Share (0..1) of notes in the key's scale."""
    k = parse_key(key)
    ps = _pitches(melody)
    if not ps:
        raise ValidationError("in_key_share needs at least one note", field="melody", value=0)
    return sum(1 for p in ps if k.contains(p)) / len(ps)


def normalised_pitches(tune: Tune) -> tuple[int, ...]:
    """Pitches transposed so the tonic is C (unchanged when the tonic is unknown)."""
    if tune.tonic is None:
        return tune.pitches
    s = tonic_shift(tune.tonic)
    return tuple(p + s for p in tune.pitches)


def ngram_set(melodies: Iterable[Sequence[int]], n: int = 8) -> set[tuple[int, ...]]:
    """Every pitch n-gram of the melodies (for ``copy_rate``)."""
    n = check_int_range("n", n, 1, 64)
    out: set[tuple[int, ...]] = set()
    for m in melodies:
        seq = tuple(m)
        out.update(seq[i:i + n] for i in range(len(seq) - n + 1))
    return out


def copy_rate(melodies: Iterable[Sequence[int]], training: set[tuple[int, ...]],
              n: int = 8) -> float:
    """Share of the melodies' pitch n-grams found in ``training`` (from ``ngram_set``).

    Compare like with like: key-normalised melodies against key-normalised training n-grams.
    """
    n = check_int_range("n", n, 1, 64)
    hits = total = 0
    for m in melodies:
        seq = tuple(m)
        for i in range(len(seq) - n + 1):
            total += 1
            hits += seq[i:i + n] in training
    return hits / total if total else math.nan


@dataclass(frozen=True, slots=True)
class SampleStats:
    """Statistics of a set of generated (or human) melodies."""

    melodies: int
    notes: int
    pitch_class_entropy: float
    in_key_share: float
    copy_rate: float


def sample_stats(melodies: Sequence[Sequence[Note]], key: str | Key,
                 training: set[tuple[int, ...]], n: int = 8) -> SampleStats:
    """Stats of generated melodies in ``key``: PC entropy, share in key, n-gram copy rate.

    The copy rate moves each melody to tonic C first, to match training n-grams built from
    ``normalised_pitches``.
    """
    k = parse_key(key)
    shift = tonic_shift(k.tonic)
    pitch_lists = [[note.pitch for note in m] for m in melodies]
    notes = sum(len(p) for p in pitch_lists)
    if notes == 0:
        raise ValidationError("sample_stats needs at least one note", field="melodies",
                              value=0)
    in_key = sum(1 for ps in pitch_lists for p in ps if k.contains(p)) / notes
    return SampleStats(
        melodies=len(pitch_lists),
        notes=notes,
        pitch_class_entropy=pitch_class_entropy(pitch_lists),
        in_key_share=in_key,
        copy_rate=copy_rate([[p + shift for p in ps] for ps in pitch_lists], training, n),
    )
