"""A Markov model over drum steps and bars, for variations and fills.

Each step of a bar becomes one token: its position in the bar plus what sounds there (which
voices, at which velocities). An interpolated ``NGramModel`` learns which step follows which
across bar lines; when sampling, only tokens of the right position are allowed, so generated
bars keep the metre (a backbeat stays on 2 and 4 when the training bars have it there).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from livectl.checks import check_int_range, check_real_range
from livectl.compose.drums import DrumPattern
from livectl.compose.markov import NGramModel
from livectl.errors import ModelError, ValidationError

__all__ = ["DrumMarkov"]

_Content = tuple[tuple[int, int], ...]  # sorted (note, velocity) pairs sounding at one step


class DrumMarkov:
    """Step-level model of drum bars with a position-aware vocabulary; its own seeded RNG."""

    # Defaults by measurement (bench/bench_compose.py, leave-one-groove-out over the library):
    # a groove of an unseen style is predicted best by position alone (order 0, 2.3 bits/step),
    # and longer contexts cost bits unless the escape weight is large -- but order 0 writes bars
    # whose steps do not belong together. Order 2 with escape 4 keeps neighbouring steps
    # coherent (fills that follow the bar they end) at 3.8 bits/step.
    def __init__(self, order: int = 2, *, escape: float = 4.0, seed: int | None = None) -> None:
        self.model = NGramModel(order, escape=escape)
        self.rng = random.Random(seed)
        self.seed = seed
        self.steps = 0
        self.steps_per_beat = 4
        self._vocab: dict[tuple[int, _Content], int] = {}
        self._tokens: list[tuple[int, _Content]] = []

    def _token(self, pos: int, content: _Content) -> int:
        key = (pos, content)
        tok = self._vocab.get(key)
        if tok is None:
            tok = len(self._tokens)
            self._vocab[key] = tok
            self._tokens.append(key)
        return tok

    def fit(self, performances: Iterable[Sequence[DrumPattern]]) -> DrumMarkov:
        """Train on runs of consecutive bars (a single bar is a run of one; repeat it to teach
        the model that it loops). All bars need the same steps and steps per beat."""
        seqs: list[list[int]] = []
        for run in performances:
            seq: list[int] = []
            for bar in run:
                if self.steps == 0:
                    self.steps, self.steps_per_beat = bar.steps, bar.steps_per_beat
                if (bar.steps, bar.steps_per_beat) != (self.steps, self.steps_per_beat):
                    raise ValidationError(
                        f"all training bars need {self.steps} steps at {self.steps_per_beat} "
                        f"per beat; bar {bar.name!r} has {bar.steps} at {bar.steps_per_beat}",
                        field="bars", value=bar.name)
                for i in range(bar.steps):
                    content = tuple((n, r[i]) for n, r in bar.rows if r[i])
                    seq.append(self._token(i, content))
            if seq:
                seqs.append(seq)
        if not seqs:
            raise ValidationError("DrumMarkov.fit needs at least one bar", field="bars", value=0)
        self.model.fit(seqs)
        return self

    def _require_trained(self) -> None:
        if not self.model.is_trained:
            raise ModelError("this DrumMarkov is untrained: call fit() with some bars first")

    def _bar(self, tokens: Sequence[int], name: str) -> DrumPattern:
        voices: dict[int, list[int]] = {}
        for tok in tokens:
            for note, _ in self._tokens[tok][1]:
                voices.setdefault(note, [0] * self.steps)
        for i, tok in enumerate(tokens):
            for note, vel in self._tokens[tok][1]:
                voices[note][i] = vel
        if not voices:  # an all-rest bar still needs one row to carry its length
            voices[36] = [0] * self.steps
        return DrumPattern(tuple((n, tuple(r)) for n, r in sorted(voices.items())),
                           self.steps_per_beat, name)

    def _encode(self, bar: DrumPattern) -> list[int]:
        out = []
        for i in range(bar.steps):
            content = tuple((n, r[i]) for n, r in bar.rows if r[i])
            tok = self._vocab.get((i, content))
            if tok is None:
                tok = self._token(i, content)  # unseen step: known to the vocabulary only
            out.append(tok)
        return out

    def _step(self, history: list[int], pos: int, rng: random.Random,
              temperature: float) -> int:
        allowed = [t for t, (p, _) in enumerate(self._tokens) if p == pos]
        tok = self.model.sample(history, rng, temperature=temperature, allowed=allowed)
        if tok is None:  # no allowed token was ever seen in training: take the first
            tok = allowed[0]
        return tok

    def generate(self, bars: int, *, seed: int | None = None, temperature: float = 1.0,
                 prime: DrumPattern | None = None) -> list[DrumPattern]:
        """``bars`` new bars; ``prime`` (a bar in the training grid) sets the context first."""
        self._require_trained()
        bars = check_int_range("bars", bars, 1, 100_000)
        temperature = check_real_range("temperature", temperature, 0.01, 100.0)
        rng = random.Random(seed) if seed is not None else self.rng
        history = self._encode(prime) if prime is not None else []
        out = []
        for b in range(bars):
            toks = self._sample_steps([], history, rng, temperature)
            out.append(self._bar(toks, f"bar {b + 1}"))
        return out

    def _sample_steps(self, toks: list[int], history: list[int], rng: random.Random,
                      temperature: float) -> list[int]:
        """Complete the bar begun by ``toks`` step by step from the model; every sampled step
        joins ``history`` too, so the next one follows on from it."""
        toks = list(toks)
        for i in range(len(toks), self.steps):
            tok = self._step(history, i, rng, temperature)
            history.append(tok)
            toks.append(tok)
        return toks

    def vary(self, base: DrumPattern, bars: int, *, every: int = 4, fill_steps: int = 4,
             seed: int | None = None, temperature: float = 1.0) -> list[DrumPattern]:
        """``bars`` bars of ``base`` where the last ``fill_steps`` steps of every ``every``-th
        bar are generated by the model, following on from the base bar's own steps."""
        self._require_trained()
        bars = check_int_range("bars", bars, 1, 100_000)
        every = check_int_range("every", every, 1, 100_000)
        if (base.steps, base.steps_per_beat) != (self.steps, self.steps_per_beat):
            raise ValidationError(
                f"base bar has {base.steps} steps, the model {self.steps}", field="base",
                value=base.steps)
        fill_steps = check_int_range("fill_steps", fill_steps, 0, self.steps)
        rng = random.Random(seed) if seed is not None else self.rng
        base_toks = self._encode(base)
        history: list[int] = []
        out = []
        for b in range(bars):
            if (b + 1) % every == 0 and fill_steps:
                toks = base_toks[:self.steps - fill_steps]
                history.extend(toks)
                toks = self._sample_steps(toks, history, rng, temperature)
                out.append(self._bar(toks, f"{base.name} fill"))
            else:
                history.extend(base_toks)
                out.append(base)
        return out

    def cross_entropy(self, performances: Iterable[Sequence[DrumPattern]]) -> float:
        """Mean bits per step of held-out runs of bars, each step predicted among the step
        contents known at its position (plus the never-seen slot for contents never seen
        there)."""
        self._require_trained()
        by_pos: dict[int, list[int]] = {}
        for known, (pos, _) in enumerate(self._tokens):
            by_pos.setdefault(pos, []).append(known)
        bits = 0.0
        steps = 0
        for run in performances:
            history: list[int] = []
            for bar in run:
                if (bar.steps, bar.steps_per_beat) != (self.steps, self.steps_per_beat):
                    raise ValidationError(
                        f"held-out bar {bar.name!r} has {bar.steps} steps, the model "
                        f"{self.steps}", field="bars", value=bar.steps)
                for i in range(bar.steps):
                    content = tuple((n, r[i]) for n, r in bar.rows if r[i])
                    dist = self.model.distribution(history)
                    unseen = self.model.prob(history, -2)
                    total = sum(dist.get(t, 0.0) for t in by_pos.get(i, [])) + unseen
                    tok = self._vocab.get((i, content))
                    p = (dist.get(tok, 0.0) if tok is not None else unseen) / total
                    bits -= math.log2(p if p > 0 else unseen / total)
                    steps += 1
                    # an unknown step still moves the context on, as the never-seen symbol
                    history.append(tok if tok is not None else -2)
        if steps == 0:
            raise ValidationError("cross_entropy needs at least one bar", field="bars",
                                  value=0)
        return bits / steps

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict (the step vocabulary and the n-gram counts)."""
        return {"format": "livectl.drum-markov", "version": 1, "seed": self.seed,
                "model": self.model.to_dict(), "steps": self.steps,
                "steps_per_beat": self.steps_per_beat,
                "tokens": [[p, [list(x) for x in c]] for p, c in self._tokens]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DrumMarkov:
        if data.get("format") != "livectl.drum-markov" or data.get("version") != 1:
            raise ModelError("not a livectl drum model of version 1; retrain it with "
                             "DrumMarkov().fit(...)")
        try:
            out = cls(seed=data.get("seed"))
            out.model = NGramModel.from_dict(data["model"])
            out.steps, out.steps_per_beat = int(data["steps"]), int(data["steps_per_beat"])
            for pos, content in data["tokens"]:
                out._token(int(pos), tuple((int(n), int(v)) for n, v in content))
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"drum model data is damaged: {exc}") from exc
        return out
