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

Every sequence is padded with ``order`` start symbols (``BOS``), so every token has a
full-length context and the lower orders are exact marginals of the highest one. The counts of
every order live in numpy tables (``_tables.py``), built with one sort of the highest-order
grams and saved as they are (``to_arrays``), so loading rebuilds nothing.

Two ways to draw: ``sample`` computes the whole interpolated distribution (any temperature, the
reference), and ``Stream.draw`` samples the same distribution as the mixture it is: it picks an
order with the probability of its share, then a symbol by its count, and rejects symbols that
are not allowed (a draw from the restricted distribution, exactly; after 24 rejections it falls
back to the full computation). Both are reproducible by seed; they give different sequences.
"""

from __future__ import annotations

import bisect
import gc
import math
import random
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from typing import Any

import numpy as np

from livectl.checks import check_int_range, check_real_range
from livectl.compose._tables import (
    IntArray,
    Level,
    Tables,
    build_from_stream,
    build_tables,
    check_tables,
    empty_tables,
    top_grams,
)
from livectl.errors import ModelError, ValidationError

__all__ = ["BOS", "METHODS", "Allowed", "NGramModel", "Stream", "weighted_choice"]

BOS = -1  # start-of-sequence padding; appears in contexts only, never predicted
METHODS = ("wb", "ad")
_MAX_ORDER = 12
_MEMO_SIZE = 50_000
_MAX_TRIES = 24
_MAX_SYMBOL = 2**62


# A context as the hot loops see it: (own share, 1 / passed-down share, the node of its suffix
# one symbol shorter, the level's symbols, the level's cumulative counts, first gram, end of
# its grams). The shares are those of Stream.draw's mixture.
Node = tuple[float, float, "Node | None", list[int], list[float], int, int]
_NO_REST = 1e300  # 1 / a passed-down share of 0: whatever is left lands in the never-seen slot


class _Fast:
    """Plain-Python views of the tables, for the per-symbol loops (dicts, lists and tuples
    index faster than numpy arrays one element at a time). Built on first use, after fit() or
    loading.

    Each level's contexts are found by a *packed* key, ``sum(code(c_j) * radix ** (j - 1))``
    over its symbols (``c_1`` the most recent), so the longest context of a history is one
    ``%`` and one dict lookup away, and its node links to the shorter ones.
    """

    def __init__(self, t: Tables, order: int, method: str, escape: float,
                 discount: float) -> None:
        # Hundreds of thousands of new tuples would set off the cyclic garbage collector
        # again and again (more than doubling the time); none of them can form a cycle.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._build(t, order, method, escape, discount)
        finally:
            if collecting:
                gc.enable()

    def _build(self, t: Tables, order: int, method: str, escape: float,
               discount: float) -> None:
        radix = self.radix = len(t.symbols)
        self.size = len(t.alphabet)
        symbols = t.symbols.tolist()
        self.code = {s: i for i, s in enumerate(symbols)}
        self.bos = self.code.get(BOS, -1)
        self.alphabet: list[int] = t.alphabet.tolist()
        self.alpha_index = {s: i for i, s in enumerate(self.alphabet)}
        self.alpha_code = [self.code[s] for s in self.alphabet]
        self.pow = [radix**k for k in range(order + 1)]
        # numpy's int64 holds the packed keys of most models; Python ints hold any.
        key_type = np.int64 if self.pow[-1] < 2**62 else object
        d = discount if method == "ad" else 0.0
        self.lookup: list[dict[int, Node]] = []  # packed key -> node, per level
        self._tables, self._method, self._escape, self._discount = t, method, escape, discount
        self._exact: tuple[list[list[int]], list[list[float]], list[list[float]]] | None = None
        packed: np.ndarray = np.zeros(1, dtype=key_type)
        below: list[Node | None] = [None]
        for k, lv in enumerate(t.levels):
            ctx, start, sym, count = lv.arrays()
            w0, w1 = _weights(lv, method, escape, discount)
            own_w = np.maximum(count - d, 0.0)
            cum = np.concatenate(([0.0], np.cumsum(own_w)))
            own = np.add.reduceat(own_w, start[:-1]) * w0
            inv_rest = np.divide(1.0, w1, out=np.full_like(w1, _NO_REST), where=w1 > 0)
            if k == 0:
                parents = [0]
            else:
                parent, oldest = np.divmod(ctx, radix)
                packed = packed[parent] + oldest.astype(key_type) * self.pow[k - 1]
                parents = parent.tolist()
            sym_list, cum_list = sym.tolist(), cum.tolist()
            rows = len(ctx)
            # One tolist() of the interleaved floats (and one of the ints) allocates each
            # node's numbers side by side in memory: a draw touches fewer cache lines.
            floats = iter(np.column_stack((own, inv_rest)).ravel().tolist())
            ints = iter(np.column_stack((start[:-1], start[1:])).ravel().tolist())
            nodes: list[Node | None] = list(zip(
                floats, floats, [below[p] for p in parents], repeat(sym_list, rows),
                repeat(cum_list, rows), ints, ints,
                strict=False))  # the shared iterators give 2 floats and 2 ints per node
            self.lookup.append(dict(zip(packed.tolist(), nodes, strict=True)))  # type: ignore[arg-type]
            below = nodes
        self.root: Node | None = self.lookup[0][0] if self.lookup else None

    def exact(self) -> tuple[list[list[int]], list[list[float]], list[list[float]]]:
        """Per level: counts, and both weights as the reference formulas make them, by the
        index of a row's first gram (for scoring and ``sample``; made on first use, as
        drawing needs none of them)."""
        if self._exact is None:
            counts, w0s, w1s = [], [], []
            for lv in self._tables.levels:
                w0, w1 = _weights(lv, self._method, self._escape, self._discount)
                first = lv.start[:-1]
                by_first = np.zeros((2, len(lv.sym)))
                by_first[0, first], by_first[1, first] = w0, w1
                counts.append(lv.count.tolist())
                w0s.append(by_first[0].tolist())
                w1s.append(by_first[1].tolist())
            self._exact = counts, w0s, w1s
        return self._exact

    def deepest(self, packed: int, known: int) -> tuple[Node, int]:
        """The longest seen context among the last ``known`` symbols, and its length."""
        lookup, pw = self.lookup, self.pow
        for k in range(known, 0, -1):
            node = lookup[k].get(packed % pw[k])
            if node is not None:
                return node, k
        assert self.root is not None
        return self.root, 0


def _weights(lv: Level, method: str, escape: float, discount: float
             ) -> tuple[np.ndarray, np.ndarray]:
    """Per context row: the weight of its own counts and the share it passes down, with the
    same float operations, in the same order, as the reference formulas."""
    types = np.diff(lv.start)
    total = np.add.reduceat(lv.count, lv.start[:-1])
    if method == "wb":
        esc = escape * types
        return 1.0 / (total + esc), esc / (total + esc)
    return 1.0 / total, discount * types / total


def _chain(node: Node | None) -> list[Node]:
    """A node and every shorter context below it, order 0 first."""
    out = []
    while node is not None:
        out.append(node)
        node = node[2]
    out.reverse()
    return out


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
        self._set_tables(empty_tables())

    def _set_tables(self, tables: Tables) -> None:
        self._t = tables
        self._fast_views: _Fast | None = None
        # Sampling asks for the same contexts again and again; a bounded memo of their
        # distributions makes it several times faster.
        self._memo: dict[tuple[int, int], list[float]] = {}
        self._allowed_memo: dict[Hashable, Allowed] = {}
        self.alphabet: tuple[int, ...] = tuple(tables.alphabet.tolist())
        self.n_tokens = int(tables.levels[0].count.sum()) if tables.levels else 0

    def _fast(self) -> _Fast:
        fast = self._fast_views
        if fast is None:
            fast = self._fast_views = _Fast(self._t, self.order, self.method, self.escape,
                                            self.discount)
        return fast

    # ----------------------------------------------------------------- training
    def fit(self, sequences: Iterable[Sequence[int]]) -> NGramModel:
        """Add the n-grams of every sequence (each padded with BOS) and rebuild the tables."""
        seqs = [s if isinstance(s, (tuple, list)) else list(s) for s in sequences]
        lengths = np.fromiter((len(s) for s in seqs), dtype=np.int64, count=len(seqs))
        tokens = _int_array(list(chain.from_iterable(seqs)), "sequences")
        return self.fit_arrays(tokens, lengths)

    def fit_arrays(self, tokens: IntArray, lengths: IntArray) -> NGramModel:
        """``fit`` on sequences laid end to end: ``tokens`` holds them all, ``lengths`` says
        how long each is (the fast path for large corpora)."""
        tokens = np.asarray(tokens)
        lengths = np.asarray(lengths)
        if tokens.dtype.kind != "i" or lengths.dtype.kind not in "iu" or tokens.ndim != 1:
            raise ValidationError("fit_arrays needs flat int arrays of tokens and lengths",
                                  field="tokens", value=str(tokens.dtype))
        if lengths.size and (lengths.min() < 0 or int(lengths.sum()) != tokens.size):
            raise ValidationError(
                f"lengths must be >= 0 and add up to the {tokens.size} tokens, got "
                f"{int(lengths.sum())}", field="lengths", value=int(lengths.sum()))
        tokens = tokens.astype(np.int64, copy=False)
        n = self.order
        seq_of = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        dest = np.arange(tokens.size, dtype=np.int64) + n * (seq_of + 1)
        padded = np.full(tokens.size + n * len(lengths), BOS, dtype=np.int64)
        padded[dest] = tokens
        if self._t.levels:  # adds to what was learned before
            self._add_grams([padded[dest - j] for j in range(n + 1)],
                            np.ones(tokens.size, dtype=np.int64))
        else:
            self._set_tables(build_from_stream(n, padded, dest))
        return self

    def _add_grams(self, cols: list[IntArray], weights: IntArray) -> None:
        if self._t.levels:  # adds to what was learned before
            old_cols, old_weights = top_grams(self._t)
            cols = [np.concatenate((a, b)) for a, b in zip(old_cols, cols, strict=True)]
            weights = np.concatenate((old_weights, weights))
        self._set_tables(build_tables(self.order, cols, weights))

    @classmethod
    def from_counts(cls, order: int, counts: Mapping[tuple[int, ...], int], *,
                    method: str = "wb", escape: float = 1.0,
                    discount: float = 0.75) -> NGramModel:
        """Build from highest-order n-gram counts (tuples of ``order + 1`` symbols)."""
        model = cls(order, method=method, escape=escape, discount=discount)
        grams: list[tuple[int, ...]] = []
        weights: list[int] = []
        for gram, c in counts.items():
            if len(gram) != order + 1:
                raise ModelError(f"an order-{order} model needs {order + 1}-grams, got {gram!r}")
            if c > 0:
                grams.append(tuple(gram))
                weights.append(int(c))
        if grams:
            table = _int_array(grams, "counts").reshape(len(grams), order + 1)
            model._add_grams([table[:, order - j] for j in range(order + 1)],
                             _int_array(weights, "counts"))
        return model

    @property
    def is_trained(self) -> bool:
        return self.n_tokens > 0

    def _require_trained(self) -> None:
        if not self.is_trained:
            raise ModelError("the model has no training data yet; call fit() with some "
                             "sequences first")

    # ----------------------------------------------------------------- scoring
    def _state(self, history: Sequence[int]) -> tuple[int, int]:
        """(packed key of the last ``order`` symbols, how many of them are known); the
        history is padded with BOS on the left, as in training."""
        f = self._fast()
        n = self.order
        tail = list(history[-n:]) if n else []
        packed = known = 0
        for c in [f.bos] * (n - len(tail)) + [f.code.get(s, -1) for s in tail]:
            packed, known = _push(packed, known, c, f.radix, f.pow[-1], n)
        return packed, known

    def _walk(self, history: Sequence[int]) -> list[Node]:
        """Nodes of the seen contexts of ``history``, order 0 up (seen contexts are closed
        under suffixes: the longest one fixes all the others)."""
        return _chain(self._fast().deepest(*self._state(history))[0])

    def prob(self, history: Sequence[int], symbol: int) -> float:
        """P(symbol | the last ``order`` symbols of history); > 0 for every symbol."""
        self._require_trained()
        return self._prob(self._walk(history), symbol)

    def _prob(self, nodes: list[Node], symbol: int) -> float:
        f = self._fast()
        counts, w0, w1 = f.exact()
        a = f.alpha_index.get(symbol)
        p = 1.0 / (f.size + 1)
        d = self.discount if self.method == "ad" else 0.0
        for k, node in enumerate(nodes):
            syms, lo, hi = node[3], node[5], node[6]
            c = 0
            if a is not None:
                i = bisect.bisect_left(syms, a, lo, hi)
                if i < hi and syms[i] == a:
                    c = counts[k][i]
            p = max(c - d, 0.0) * w0[k][lo] + w1[k][lo] * p
        return p

    def log2_loss(self, sequence: Sequence[int]) -> float:
        """Total -log2 P of a sequence (each token given the ones before it)."""
        self._require_trained()
        seq = list(sequence)
        f = self._fast()
        n = self.order
        packed, known = self._state(())
        bits = []
        for s in seq:
            bits.append(math.log2(self._prob(_chain(f.deepest(packed, known)[0]), s)))
            packed, known = _push(packed, known, f.code.get(s, -1), f.radix, f.pow[-1], n)
        return -sum(bits)

    def distribution(self, history: Sequence[int]) -> dict[int, float]:
        """P(symbol | history) for every symbol of the alphabet (sums to just under 1: the rest
        is the never-seen slot)."""
        return dict(zip(self.alphabet, self._distribution(history), strict=True))

    def _distribution(self, history: Sequence[int]) -> list[float]:
        self._require_trained()
        return self._distribution_rows(self._walk(history))

    def _distribution_rows(self, nodes: list[Node]) -> list[float]:
        key = (len(nodes), nodes[-1][5])  # the deepest seen context fixes the whole chain
        cached = self._memo.get(key)
        if cached is not None:
            return cached
        f = self._fast()
        # From the longest context down: each level adds its own counts scaled by the product
        # of the escape weights above it, so only the (few) seen symbols of each row are
        # touched; the uniform floor is added once at the end.
        size = f.size
        probs = [0.0] * size
        d = self.discount if self.method == "ad" else 0.0
        scale = 1.0
        all_counts, w0, w1 = f.exact()
        for k in range(len(nodes) - 1, -1, -1):
            _, _, _, syms, _, lo, hi = nodes[k]
            own = w0[k][lo] * scale
            counts = all_counts[k]
            for i in range(lo, hi):
                c = counts[i]
                probs[syms[i]] += (c - d if c > d else 0.0) * own
            scale *= w1[k][lo]
        floor = scale / (size + 1)
        probs = [p + floor for p in probs]
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        self._memo[key] = probs
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
            index = self._fast().alpha_index
            dist = {s: probs[index[s]] for s in allowed if s in index}
        if temperature != 1.0:  # the default skips the check: this is the sampling inner loop
            temperature = check_real_range("temperature", temperature, 0.01, 100.0)
        return _choice(dist, rng, temperature)

    def allowed(self, symbols: Iterable[int], *, key: Hashable | None = None) -> Allowed:
        """A restriction for ``Stream.draw``. With a ``key`` it is remembered under that key
        (until the tables change), for restrictions asked for again and again."""
        if key is not None:
            found = self._allowed_memo.get(key)
            if found is not None:
                return found
        wanted = set(symbols)
        mask = tuple(s in wanted for s in self.alphabet)
        out = Allowed(mask, tuple(sorted(wanted)), not any(mask))
        if key is not None:
            if len(self._allowed_memo) >= _MEMO_SIZE:
                self._allowed_memo.clear()
            self._allowed_memo[key] = out
        return out

    def stream(self, rng: random.Random, history: Sequence[int] = ()) -> Stream:
        """A :class:`Stream` drawing from this model with ``rng`` after ``history``."""
        self._require_trained()
        return Stream(self, rng, history)

    def contexts(self, k: int) -> int:
        """How many distinct contexts of length ``k`` were seen."""
        return len(self._t.levels[k].ctx) if self._t.levels else 0

    # ----------------------------------------------------------------- arrays (files)
    def params(self) -> dict[str, Any]:
        return {"order": self.order, "method": self.method, "escape": self.escape,
                "discount": self.discount}

    def to_arrays(self) -> dict[str, IntArray]:
        """The tables as named int arrays, as they are (``from_arrays`` rebuilds nothing)."""
        t = self._t
        out = {"symbols": t.symbols, "alphabet": t.alphabet}
        for k, lv in enumerate(t.levels):
            for name, arr in zip(("ctx", "start", "sym", "count"), lv.arrays(), strict=True):
                out[f"{k}.{name}"] = arr
        return out

    @classmethod
    def from_arrays(cls, params: Mapping[str, Any], arrays: Mapping[str, Any]) -> NGramModel:
        """The inverse of ``params()`` + ``to_arrays()``; ``ModelError`` if anything is off."""
        try:
            model = cls(int(params["order"]), method=str(params["method"]),
                        escape=float(params["escape"]), discount=float(params["discount"]))
            n = model.order
            levels = []
            expected = {"symbols", "alphabet"}
            if arrays["symbols"].size:
                expected |= {f"{k}.{name}" for k in range(n + 1)
                             for name in ("ctx", "start", "sym", "count")}
            if set(arrays) != expected:
                odd = sorted(set(arrays) ^ expected)
                raise ValueError(f"tables for order {n} do not match the arrays given "
                                 f"(missing or unexpected: {', '.join(odd[:6])})")
            if arrays["symbols"].size:
                for k in range(n + 1):
                    levels.append(Level(*(_as_i64(arrays[f"{k}.{name}"])
                                          for name in ("ctx", "start", "sym", "count"))))
            tables = Tables(_as_i64(arrays["symbols"]), _as_i64(arrays["alphabet"]),
                            tuple(levels))
        except (KeyError, TypeError, ValueError, ValidationError) as exc:
            raise ModelError(f"not an n-gram model table: {exc}; was the file written by "
                             "livectl?") from exc
        check_tables(tables, n)
        model._set_tables(tables)
        return model

    # ----------------------------------------------------------------- JSON
    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict; n-grams sorted so equal models serialise equally."""
        cols, counts = top_grams(self._t)
        grams: list[list[int]] = []
        if cols:
            perm = np.lexsort(cols)  # the oldest context symbol is the primary key
            grams = np.column_stack([*cols[::-1], counts])[perm].tolist()
        return {**self.params(), "grams": grams}

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
        return self.params() == other.params() and self._t == other._t

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"<NGramModel order={self.order} method={self.method} escape={self.escape:g} "
                f"symbols={len(self.alphabet)} tokens={self.n_tokens}>")


@dataclass(frozen=True, slots=True)
class Allowed:
    """A restriction for ``Stream.draw``, prepared once (``NGramModel.allowed``): a mask by
    alphabet index, the symbols, and whether any of them was ever seen."""

    mask: tuple[bool, ...]
    symbols: tuple[int, ...]
    empty: bool


class Stream:
    """Draws one symbol after another from a model at temperature 1, keeping the history.

    Each draw picks an order with the probability of its share of the interpolated
    distribution, then a symbol in proportion to its count there (the floor: uniformly, the
    never-seen slot included); a symbol that is not allowed is drawn again. That is a draw from
    the restricted distribution that ``NGramModel.sample`` computes in full, at a few
    microseconds a symbol whether or not the context was seen before.

    * ``draw(allowed=None)`` -- the next symbol (appended to the history), or None if no
      allowed symbol was ever seen; ``allowed`` comes from ``allow()``.
    * ``push(symbol)`` -- append a symbol chosen elsewhere (it may be one the model never saw).

    Both are plain functions made for this stream (their state lives in a closure: the
    generator calls them for every note, and that is measurably faster than methods).
    """

    draw: Callable[[Allowed | None], int | None]
    push: Callable[[int], None]

    def __init__(self, model: NGramModel, rng: random.Random,
                 history: Sequence[int] = ()) -> None:
        self.model = model
        self.history: list[int] = []
        self.draw, self.push = _stream_functions(model, model._fast(), rng, self.history)
        for s in history:
            self.push(s)

    def allow(self, symbols: Iterable[int], *, key: Hashable | None = None) -> Allowed:
        """A restriction for ``draw`` (see ``NGramModel.allowed``)."""
        return self.model.allowed(symbols, key=key)


def _stream_functions(model: NGramModel, f: _Fast, rng: random.Random, history: list[int]
                      ) -> tuple[Callable[[Allowed | None], int | None], Callable[[int], None]]:
    order, radix, modulus = model.order, f.radix, f.pow[-1]
    lookup, pw, root = f.lookup, f.pow, f.root
    assert root is not None
    top = lookup[order]
    rnd = rng.random
    n_sym = f.size
    slots = n_sym + 1
    alphabet, alpha_code, code = f.alphabet, f.alpha_code, f.code
    append = history.append
    bisect_right = bisect.bisect_right
    packed = known = 0
    for _ in range(order):  # the BOS padding of training
        packed, known = _push(packed, known, f.bos, radix, modulus, order)

    def push(symbol: int) -> None:
        nonlocal packed, known
        append(symbol)
        packed, known = _push(packed, known, code.get(symbol, -1), radix, modulus, order)

    def draw(allowed: Allowed | None = None) -> int | None:
        nonlocal packed, known
        mask = None
        if allowed is not None:
            if allowed.empty:
                return None
            mask = allowed.mask
        # The longest seen context (f.deepest, inlined). Most draws find the full-length one:
        # its key is the packed state as it is.
        start = top.get(packed) if known == order else None
        if start is None:
            start = root
            for depth in range(known - (known == order), 0, -1):
                found = lookup[depth].get(packed % pw[depth])
                if found is not None:
                    start = found
                    break
        for _ in range(_MAX_TRIES):
            u = rnd()
            node: Node | None = start
            while node is not None:
                own = node[0]
                if u < own:
                    cum, lo, hi = node[4], node[5], node[6]
                    base = cum[lo]
                    s = node[3][bisect_right(cum, base + u / own * (cum[hi] - base), lo + 1,
                                             hi) - 1]
                    break
                u = (u - own) * node[1]
                node = node[2]
            else:
                s = int(u * slots)
                if s >= n_sym:
                    continue  # the never-seen slot
            if mask is None or mask[s]:
                symbol = alphabet[s]
                append(symbol)
                if known < order:
                    known += 1
                packed = (packed * radix + alpha_code[s]) % modulus
                return symbol
        # Allowed symbols carry little of the mass here: weigh them all at once instead.
        weights = [0.0] * n_sym
        arriving = 1.0
        node = start
        while node is not None:
            own, inv_rest, below, syms, cum, lo, hi = node
            if cum[hi] > cum[lo]:
                # the level's mass, arriving * own, per unit of count
                unit = arriving * own / (cum[hi] - cum[lo])
                for i in range(lo, hi):
                    weights[syms[i]] += (cum[i + 1] - cum[i]) * unit
            arriving /= inv_rest
            node = below
        floor = arriving / slots
        chosen = _choice({alphabet[i]: w + floor for i, w in enumerate(weights)
                          if mask is None or mask[i]}, rng, 1.0)
        if chosen is not None:
            push(chosen)
        return chosen

    return draw, push


def _push(packed: int, known: int, code: int, radix: int, modulus: int,
          order: int) -> tuple[int, int]:
    """The packed state after one more symbol (code -1: never seen, which no context holds)."""
    if code < 0:
        return 0, 0
    return (packed * radix + code) % modulus, min(known + 1, order)


def _int_array(values: Sequence[Any], field: str) -> IntArray:
    if not values:
        return np.zeros(0, dtype=np.int64)
    try:
        arr = np.array(values)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"{field} must hold int symbols: {exc}", field=field,
                              value=None) from exc
    if arr.dtype.kind != "i" or (arr.size and int(np.abs(arr).max()) > _MAX_SYMBOL):
        sample = next(iter(chain.from_iterable(v if isinstance(v, tuple) else (v,)
                                               for v in values)), None)
        raise ValidationError(
            f"{field} must hold int symbols (|symbol| <= 2**62), got {arr.dtype} values such "
            f"as {sample!r}", field=field, value=repr(sample))
    return arr.astype(np.int64, copy=False)


def _as_i64(value: Any) -> IntArray:
    arr = np.asarray(value)
    if arr.dtype.kind not in "iu":
        raise ValueError(f"expected an int array, got {arr.dtype}")
    return arr.astype(np.int64)


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
