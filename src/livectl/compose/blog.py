"""The blog's hand-written chain, as data: ``{60: [62, 64, 67], ...}``.

The blog behind this project keeps a dict from a pitch to the pitches that may follow it, walks it
with the global ``random`` and plays one fixed rhythm. Here that dict form is

* a baseline, ``FirstOrderChain``: first order, counts from the successor lists, its own seeded
  generator, and add-one (Laplace) smoothing over the alphabet plus one unseen slot when scoring,
  so a transition it never saw costs many bits instead of an infinite loss;
* a way in: ``melody_model_from_transitions`` turns the dict into a ``MelodyModel`` (order 1, all
  durations one fixed length), which then gets the scale, range and phrase handling.
"""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from livectl.checks import check_duration, check_int_range, check_pitch
from livectl.compose.markov import BOS, NGramModel
from livectl.compose.melody import MelodyModel
from livectl.compose.notes import GRID_PER_BEAT
from livectl.errors import ModelError, ValidationError

__all__ = ["FirstOrderChain", "melody_model_from_transitions", "transitions_from_sequences"]

Transitions = Mapping[int, Sequence[int]]

# A hand-written dict says what may follow; a small escape weight keeps to it (about 1 step in
# 10 leaves it when a pitch lists 3 successors) without ever dead-ending.
_DICT_ESCAPE = 0.1


def _check_transitions(transitions: Transitions) -> None:
    if not isinstance(transitions, Mapping) or not transitions:
        raise ValidationError(
            "transitions must be a non-empty dict like {60: [62, 64, 67]}", field="transitions",
            value=transitions)
    for src, succ in transitions.items():
        check_pitch(src, "transitions key")
        if isinstance(succ, (str, bytes)) or not isinstance(succ, Sequence):
            raise ValidationError(
                f"transitions[{src}] must be a list of pitches, got {succ!r}",
                field="transitions", value=succ)
        for p in succ:
            check_pitch(p, f"transitions[{src}][]")


def transitions_from_sequences(sequences: Iterable[Sequence[int]]) -> dict[int, list[int]]:
    """The blog's dict learned from melodies: each pitch -> every pitch that followed it
    (repeats kept, so they act as counts). Transitions never cross from one melody to the next."""
    out: dict[int, list[int]] = {}
    for seq in sequences:
        for a, b in itertools.pairwise(seq):
            out.setdefault(int(a), []).append(int(b))
    return out


class FirstOrderChain:
    """The blog's chain as a baseline model, with its own ``random.Random(seed)``."""

    def __init__(self, transitions: Transitions, *, seed: int | None = None) -> None:
        _check_transitions(transitions)
        self.counts: dict[int, Counter[int]] = {
            int(k): Counter(int(p) for p in v) for k, v in transitions.items()}
        alphabet = set(self.counts)
        for c in self.counts.values():
            alphabet.update(c)
        self.alphabet = tuple(sorted(alphabet))
        self.rng = random.Random(seed)

    @classmethod
    def fit(cls, sequences: Iterable[Sequence[int]], *, seed: int | None = None
            ) -> FirstOrderChain:
        return cls(transitions_from_sequences(sequences), seed=seed)

    def prob(self, previous: int, symbol: int) -> float:
        """Add-one smoothed P(symbol | previous) over alphabet + 1 unseen slot."""
        row = self.counts.get(previous, Counter())
        v = len(self.alphabet) + 1
        return (row.get(symbol, 0) + 1) / (sum(row.values()) + v)

    def log2_loss(self, sequence: Sequence[int]) -> float:
        """-log2 P of every note after the first (the chain has no start distribution)."""
        return -sum(math.log2(self.prob(a, b)) for a, b in itertools.pairwise(sequence))

    def walk(self, start: int, n: int, *, seed: int | None = None) -> list[int]:
        """``n`` pitches from ``start``, as the blog walks it; a pitch with no successors
        restarts from ``start`` (the blog's dict would dead-end there)."""
        n = check_int_range("n", n, 0, 10_000_000)
        check_pitch(start, "start")
        rng = random.Random(seed) if seed is not None else self.rng
        out = [start]
        while len(out) < n:
            row = self.counts.get(out[-1])
            if not row:
                out.append(start)
                continue
            symbols = list(row)
            out.append(rng.choices(symbols, weights=[row[s] for s in symbols])[0])
        return out[:n]


def melody_model_from_transitions(transitions: Transitions, *, duration_beats: float = 0.5,
                                  seed: int | None = None) -> MelodyModel:
    """A ``MelodyModel`` (order 1, one fixed duration) from the blog's dict.

    The dict names no key, so the model is not key-normalised: it plays the pitches it was given
    (``generate`` still keeps to the requested scale and range).
    """
    _check_transitions(transitions)
    duration_beats = check_duration(duration_beats, "duration_beats")
    counts: Counter[tuple[int, ...]] = Counter()
    for src, succ in transitions.items():
        for p in succ:
            counts[(int(src), int(p))] += 1
    # A start context: any source pitch may open a melody.
    for src in transitions:
        counts[(BOS, int(src))] += 1
    if not counts:
        raise ModelError("the transitions dict has no successors to learn from")
    model = MelodyModel(1, 1, normalise_key=False, escape=_DICT_ESCAPE, seed=seed)
    model.pitch = NGramModel.from_counts(1, counts, escape=_DICT_ESCAPE)
    tick = max(1, round(duration_beats * GRID_PER_BEAT))
    model.duration = NGramModel.from_counts(1, {(BOS, tick): 1, (tick, tick): 1})
    pitches = [p for pair in counts for p in pair if p != BOS]
    model.pitch_range = (min(pitches), max(pitches))
    model.n_tunes = 1
    return model
