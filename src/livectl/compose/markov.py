"""Variable-order Markov models that never dead-end.

``NGramModel`` blends the predictions of every order 0..N, PPM-style: each context's own counts
are mixed with the next shorter context's prediction, the weight of the shorter one growing with
how many different symbols the context has been seen with (Witten-Bell, "escape method C",
scaled by an escape weight), or with a fixed discount per seen symbol (absolute discounting).

The escape weight ``escape`` multiplies the Witten-Bell escape count: 1.0 is the textbook
method; larger values trust the shorter contexts more. On Essen, held-out loss keeps falling up
to about 8-16 with orders 5-8 (bench/bench_compose.py prints the grid), because melodic
contexts are sparse and the short ones generalise. Below order 0 sits a uniform
distribution over the alphabet plus one slot for never-seen symbols, so an unseen context or
symbol gets a small probability instead of a dead end or an infinite loss.

Counts are kept for the highest order only at training time; lower orders are their marginals.
Every sequence is padded with ``order`` start symbols (``BOS``), so every token has a full-length
context and the marginals are exact.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from livectl.checks import check_int_range, check_real_range
from livectl.errors import ModelError, ValidationError

__all__ = ["BOS", "METHODS", "NGramModel", "weighted_choice"]

BOS = -1  # start-of-sequence padding; appears in contexts only, never predicted
METHODS = ("wb", "ad")
_MAX_ORDER = 12
_MEMO_SIZE = 50_000


class NGramModel:
    """Interpolated variable-order model over int symbols (pitches, duration ticks, step masks).

    ``method="wb"`` is Witten-Bell; ``method="ad"`` is absolute discounting with ``discount``.
    """

    def __init__(self, order: int = 3, *, method: str = "wb", escape: float = 1.0,
                 discount: float = 0.75) -> None:
        self.order = check_int_range("order", order, 0, _MAX_ORDER)
        self.escape = check_real_range("escape", escape, 0.01, 1000.0)
        if method not in METHODS:
            raise ValidationError(
                f"method must be one of {', '.join(METHODS)}, got {method!r}", field="method",
                value=method)
        self.method = method
        self.discount = check_real_range("discount", discount, 0.0, 1.0)
        self._grams: Counter[tuple[int, ...]] = Counter()
        self._build()

    # ----------------------------------------------------------------- training
    def fit(self, sequences: Iterable[Sequence[int]]) -> NGramModel:
        """Add the n-grams of every sequence (each padded with BOS) and rebuild the tables."""
        n = self.order
        pad = (BOS,) * n

        def grams() -> Iterable[tuple[int, ...]]:
            for seq in sequences:
                s = pad + tuple(seq)
                yield from zip(*(s[i:] for i in range(n + 1)), strict=False)

        self._grams.update(grams())
        self._build()
        return self

    @classmethod
    def from_counts(cls, order: int, counts: Mapping[tuple[int, ...], int], *,
                    method: str = "wb", escape: float = 1.0,
                    discount: float = 0.75) -> NGramModel:
        """Build from highest-order n-gram counts (tuples of ``order + 1`` symbols)."""
        model = cls(order, method=method, escape=escape, discount=discount)
        for gram, c in counts.items():
            if len(gram) != order + 1:
                raise ModelError(f"an order-{order} model needs {order + 1}-grams, got {gram!r}")
            if c > 0:
                model._grams[tuple(gram)] += int(c)
        model._build()
        return model

    def _build(self) -> None:
        n = self.order
        # tables[k][context of length k] -> {symbol: count}
        tables: list[dict[tuple[int, ...], dict[int, int]]] = [{} for _ in range(n + 1)]
        top = tables[n]
        for gram, c in self._grams.items():
            top.setdefault(gram[:-1], {})[gram[-1]] = c
        for k in range(n, 0, -1):
            lower = tables[k - 1]
            for ctx, row in tables[k].items():
                sub = lower.setdefault(ctx[1:], {})
                for sym, c in row.items():
                    sub[sym] = sub.get(sym, 0) + c
        self._tables = tables
        # Per context: (count total, weight of own counts, weight passed down)
        self._weights: list[dict[tuple[int, ...], tuple[float, float]]] = []
        for table in tables:
            w: dict[tuple[int, ...], tuple[float, float]] = {}
            for ctx, row in table.items():
                total = sum(row.values())
                types = len(row)
                if self.method == "wb":
                    esc = self.escape * types
                    w[ctx] = (1.0 / (total + esc), esc / (total + esc))
                else:
                    w[ctx] = (1.0 / total, self.discount * types / total)
            self._weights.append(w)
        # Sampling asks for the same contexts again and again; a bounded memo of their
        # distributions makes generation several times faster.
        self._memo: dict[tuple[int, ...], list[float]] = {}
        symbols = sorted(tables[0].get((), {}))
        self.alphabet: tuple[int, ...] = tuple(symbols)
        self._index = {s: i for i, s in enumerate(symbols)}
        self.n_tokens = sum(tables[0].get((), {}).values())

    @property
    def is_trained(self) -> bool:
        return self.n_tokens > 0

    def _require_trained(self) -> None:
        if not self.is_trained:
            raise ModelError("the model has no training data yet; call fit() with some "
                             "sequences first")

    # ----------------------------------------------------------------- scoring
    def _context(self, history: Sequence[int]) -> tuple[int, ...]:
        n = self.order
        if n == 0:
            return ()
        tail = tuple(history[-n:])
        return (BOS,) * (n - len(tail)) + tail

    def prob(self, history: Sequence[int], symbol: int) -> float:
        """P(symbol | the last ``order`` symbols of history); > 0 for every symbol."""
        self._require_trained()
        ctx = self._context(history)
        p = 1.0 / (len(self.alphabet) + 1)
        d = self.discount if self.method == "ad" else 0.0
        for k in range(self.order + 1):
            sub = ctx[self.order - k:]
            w = self._weights[k].get(sub)
            if w is None:
                continue  # unseen context: the shorter one's prediction passes through
            c = self._tables[k][sub].get(symbol, 0)
            p = max(c - d, 0.0) * w[0] + w[1] * p
        return p

    def log2_loss(self, sequence: Sequence[int]) -> float:
        """Total -log2 P of a sequence (each token given the ones before it)."""
        seq = list(sequence)
        return -sum(math.log2(self.prob(seq[:i], s)) for i, s in enumerate(seq))

    def distribution(self, history: Sequence[int]) -> dict[int, float]:
        """P(symbol | history) for every symbol of the alphabet (sums to just under 1: the rest
        is the never-seen slot)."""
        return dict(zip(self.alphabet, self._distribution(history), strict=True))

    def _distribution(self, history: Sequence[int]) -> list[float]:
        self._require_trained()
        ctx = self._context(history)
        cached = self._memo.get(ctx)
        if cached is not None:
            return cached
        # From the longest context down: each level adds its own counts scaled by the product
        # of the escape weights above it, so only the (few) seen symbols of each row are
        # touched; the uniform floor is added once at the end.
        size = len(self.alphabet)
        probs = [0.0] * size
        index = self._index
        d = self.discount if self.method == "ad" else 0.0
        scale = 1.0
        for k in range(self.order, -1, -1):
            sub = ctx[self.order - k:]
            w = self._weights[k].get(sub)
            if w is None:
                continue
            own = w[0] * scale
            for sym, c in self._tables[k][sub].items():
                probs[index[sym]] += (c - d if c > d else 0.0) * own
            scale *= w[1]
        floor = scale / (size + 1)
        probs = [p + floor for p in probs]
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        self._memo[ctx] = probs
        return probs

    def sample(self, history: Sequence[int], rng: random.Random, *, temperature: float = 1.0,
               allowed: Iterable[int] | None = None) -> int | None:
        """Draw the next symbol; ``allowed`` restricts the choice. None if nothing is allowed.

        ``temperature`` < 1 sharpens the distribution, > 1 flattens it (p ** (1 / T)).
        """
        probs = self._distribution(history)
        if allowed is None:
            dist = dict(zip(self.alphabet, probs, strict=True))
        else:
            index = self._index
            dist = {s: probs[index[s]] for s in allowed if s in index}
        if temperature != 1.0:  # the default skips the check: this is the sampling inner loop
            temperature = check_real_range("temperature", temperature, 0.01, 100.0)
        return _choice(dist, rng, temperature)

    def contexts(self, k: int) -> int:
        """How many distinct contexts of length ``k`` were seen."""
        return len(self._tables[k])

    # ----------------------------------------------------------------- JSON
    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict; n-grams sorted so equal models serialise equally."""
        return {
            "order": self.order,
            "method": self.method,
            "escape": self.escape,
            "discount": self.discount,
            "grams": [[*g, c] for g, c in sorted(self._grams.items())],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NGramModel:
        try:
            order = int(data["order"])
            grams = {tuple(int(x) for x in row[:-1]): int(row[-1]) for row in data["grams"]}
            return cls.from_counts(order, grams, method=str(data.get("method", "wb")),
                                   escape=float(data.get("escape", 1.0)),
                                   discount=float(data.get("discount", 0.75)))
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"not an n-gram model table: {exc}; was the file written by "
                             "livectl?") from exc

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NGramModel):
            return NotImplemented
        return (self.order, self.method, self.escape, self.discount, self._grams) == (
            other.order, other.method, other.escape, other.discount, other._grams)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"<NGramModel order={self.order} method={self.method} escape={self.escape:g} "
                f"symbols={len(self.alphabet)} tokens={self.n_tokens}>")


def weighted_choice(dist: Mapping[int, float], rng: random.Random,
                    temperature: float = 1.0) -> int | None:
    """Draw a key of ``dist`` in proportion to its weight ** (1 / temperature)."""
    return _choice(dist, rng, check_real_range("temperature", temperature, 0.01, 100.0))


def _choice(dist: Mapping[int, float], rng: random.Random, temperature: float) -> int | None:
    items = [(s, p) for s, p in dist.items() if p > 0]
    if not items:
        return None
    if temperature != 1.0:
        top = max(p for _, p in items)
        items = [(s, (p / top) ** (1.0 / temperature)) for s, p in items]
    total = sum(p for _, p in items)
    r = rng.random() * total
    acc = 0.0
    for s, p in items:
        acc += p
        if r < acc:
            return s
    return items[-1][0]
