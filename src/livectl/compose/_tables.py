"""The count tables behind ``NGramModel``, built with numpy in one sort.

Symbols are coded densely: ``symbols`` holds every symbol seen anywhere (contexts included,
``BOS`` among them) and a symbol's *code* is its index there; ``alphabet`` holds the symbols
that were predicted, and a gram stores its symbol as an index into it.

Level ``k`` (0..order) holds the contexts of length ``k`` as rows of a suffix trie: a context's
key is ``parent row * radix + code of its oldest symbol``, where the parent is the same context
without that oldest symbol (one level down) and ``radix = len(symbols)``. Keys are ascending, so
row ``r`` of level ``k`` is found from its parent row and one symbol, and its predicted symbols
with their counts are ``sym[start[r]:start[r + 1]]`` / ``count[...]`` (ascending by symbol).

Building sorts the highest-order grams once, most recent context symbol first: then every
level's contexts are runs of that order, its row numbers a running count of run starts, and only
the (few) lower-level grams that share a context are merged. Nothing here does I/O; arrays
in, arrays out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from livectl.errors import ModelError

__all__ = ["Level", "Tables", "build_from_stream", "build_tables", "check_tables", "empty_tables", "top_grams"]

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Level:
    """Contexts of one length: sorted keys, row offsets, predicted symbols and counts."""

    ctx: IntArray
    start: IntArray
    sym: IntArray
    count: IntArray

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return all(np.array_equal(a, b) for a, b in zip(self.arrays(), other.arrays(),
                                                         strict=True))

    __hash__ = None  # type: ignore[assignment]

    def arrays(self) -> tuple[IntArray, IntArray, IntArray, IntArray]:
        return self.ctx, self.start, self.sym, self.count


@dataclass(frozen=True, slots=True)
class Tables:
    symbols: IntArray
    alphabet: IntArray
    levels: tuple[Level, ...]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Tables):
            return NotImplemented
        return (np.array_equal(self.symbols, other.symbols)
                and np.array_equal(self.alphabet, other.alphabet)
                and self.levels == other.levels)

    __hash__ = None  # type: ignore[assignment]


def _i64(values: npt.ArrayLike) -> IntArray:
    return np.asarray(values, dtype=np.int64)


def empty_tables() -> Tables:
    return Tables(_i64([]), _i64([]), ())


def build_tables(order: int, cols: list[IntArray], weights: IntArray) -> Tables:
    """Tables from highest-order grams given as columns: ``cols[0]`` the predicted symbol,
    ``cols[j]`` the context symbol ``j`` back (``j = 1..order``); ``weights`` > 0 each."""
    if weights.size == 0:
        return empty_tables()
    symbols = np.unique(np.concatenate(cols))
    alphabet = np.unique(cols[0])
    codes = [np.searchsorted(symbols, c) for c in cols[1:]]
    return _build(order, symbols, alphabet, np.searchsorted(alphabet, cols[0]), codes, weights)


def build_from_stream(order: int, padded: IntArray, positions: IntArray) -> Tables:
    """``build_tables`` for every token of sequences laid end to end, each after ``order``
    BOS pads: ``padded[positions]`` are the tokens (one weight each), coded only once."""
    if positions.size == 0:
        return empty_tables()
    symbols = np.unique(padded)
    alphabet = np.unique(padded[positions])
    coded = np.searchsorted(symbols, padded)
    sym = np.searchsorted(alphabet, padded[positions])
    codes = [coded[positions - j] for j in range(1, order + 1)]
    return _build(order, symbols, alphabet, sym, codes, np.ones(positions.size, dtype=np.int64))


def _build(n: int, symbols: IntArray, alphabet: IntArray, sym: IntArray, codes: list[IntArray],
           weights: IntArray) -> Tables:
    radix = len(symbols)
    v = len(alphabet)
    sc, tsym, gcount = _distinct_grams(codes, sym, weights, radix, v)
    size = len(tsym)
    run = np.zeros(size, dtype=bool)
    run[0] = True
    levels: list[Level] = []
    parent = np.zeros(size, dtype=np.int64)
    for k in range(n + 1):
        if k:  # where a new context of length k begins
            run = run.copy()
            col = sc[k - 1]
            run[1:] |= col[1:] != col[:-1]
        row = np.cumsum(run, dtype=np.int64) - 1
        first = np.flatnonzero(run)
        ctx = _i64([0]) if k == 0 else parent[first] * radix + sc[k - 1][first]
        if k == n:  # the top grams are distinct and already in (context, symbol) order
            grow, gsym, gcnt = row, tsym, gcount
        else:
            grow, gsym, gcnt = _merge(row, tsym, gcount, len(first), v)
        start = np.searchsorted(grow, np.arange(len(first) + 1)).astype(np.int64)
        levels.append(Level(ctx.astype(np.int64), start, gsym.astype(np.int64),
                            gcnt.astype(np.int64)))
        parent = row
    return Tables(symbols, alphabet, tuple(levels))


def _distinct_grams(codes: list[IntArray], sym: IntArray, weights: IntArray, radix: int,
                    v: int) -> tuple[list[IntArray], IntArray, IntArray]:
    """The distinct top grams sorted by (1 back, 2 back, ..., n back, symbol), with their
    summed weights: as context-code columns, symbols, counts."""
    bits = max(radix - 1, v - 1, 1).bit_length()
    if bits * (len(codes) + 1) <= 62:
        # One int64 key per gram, most recent context symbol in the highest bits: its sorted
        # distinct values are the grams in exactly that order.
        key = np.zeros(len(sym), dtype=np.int64)
        for col in codes:
            key = (key << bits) | col
        key = (key << bits) | sym
        if np.all(weights == 1):
            distinct, count = np.unique(key, return_counts=True)
        else:
            distinct, inverse = np.unique(key, return_inverse=True)
            count = np.rint(np.bincount(inverse, weights=weights)).astype(np.int64)
        mask = (1 << bits) - 1
        cols = [(distinct >> (bits * (len(codes) - j))) & mask for j in range(len(codes))]
        return cols, distinct & mask, count.astype(np.int64)
    perm = np.lexsort([sym, *codes[::-1]])  # np.lexsort takes the primary key last
    sc = [c[perm] for c in codes]
    ssym = sym[perm]
    new = np.zeros(len(ssym), dtype=bool)
    new[0] = True
    for col in (*sc, ssym):
        new[1:] |= col[1:] != col[:-1]
    gi = np.flatnonzero(new)
    return [c[gi] for c in sc], ssym[gi], np.add.reduceat(weights[perm], gi)


def _merge(row: IntArray, sym: IntArray, count: IntArray, rows: int, v: int
           ) -> tuple[IntArray, IntArray, IntArray]:
    """Sum the counts of equal (row, symbol) pairs; returns them sorted by row, then symbol."""
    keys = row * v + sym
    if rows * v <= max(4 * len(keys), 1 << 20):
        # Few enough (row, symbol) slots to count them all at once, without a sort.
        total = np.bincount(keys, weights=count, minlength=rows * v)
        found = np.flatnonzero(total)
        gcnt = total[found]
    else:
        found, inverse = np.unique(keys, return_inverse=True)
        gcnt = np.bincount(inverse, weights=count)
    grow, gsym = np.divmod(found, v)
    # float sums are exact for counts below 2**53
    return grow, gsym, np.rint(gcnt).astype(np.int64)


def top_grams(tables: Tables) -> tuple[list[IntArray], IntArray]:
    """The highest-order grams back as symbol columns (as ``build_tables`` takes them)."""
    if not tables.levels:
        return [], _i64([])
    n = len(tables.levels) - 1
    top = tables.levels[n]
    radix = len(tables.symbols)
    row = np.repeat(np.arange(len(top.ctx), dtype=np.int64), np.diff(top.start))
    ctx_cols: list[IntArray] = []
    for k in range(n, 0, -1):  # oldest context symbol first
        key = tables.levels[k].ctx[row]
        ctx_cols.append(tables.symbols[key % radix])
        row = key // radix
    cols = [tables.alphabet[top.sym], *ctx_cols[::-1]]
    return cols, top.count.copy()


def check_tables(tables: Tables, order: int) -> None:
    """Raise ModelError unless the arrays form consistent tables (for data read from a file)."""

    def bad(what: str) -> ModelError:
        return ModelError(f"damaged n-gram tables: {what}; was the file written by livectl?")

    if not tables.levels:
        if tables.symbols.size or tables.alphabet.size:
            raise bad("symbols without counts")
        return
    if len(tables.levels) != order + 1:
        raise bad(f"{len(tables.levels)} levels for order {order}")
    for name, arr in (("symbols", tables.symbols), ("alphabet", tables.alphabet)):
        if arr.ndim != 1 or arr.size == 0 or np.any(np.diff(arr) <= 0):
            raise bad(f"{name} must be distinct and ascending")
    if not np.all(np.isin(tables.alphabet, tables.symbols)):
        raise bad("alphabet symbols missing from the symbol table")
    radix, v = len(tables.symbols), len(tables.alphabet)
    rows_below = 1
    for k, lv in enumerate(tables.levels):
        c = len(lv.ctx)
        if any(a.ndim != 1 for a in lv.arrays()) or c == 0:
            raise bad(f"level {k} is empty or not flat")
        if k == 0 and (c != 1 or lv.ctx[0] != 0):
            raise bad("level 0 must hold exactly the empty context")
        if np.any(np.diff(lv.ctx) <= 0) or lv.ctx[0] < 0 or lv.ctx[-1] >= rows_below * radix:
            raise bad(f"level {k} context keys out of order or range")
        if (len(lv.start) != c + 1 or lv.start[0] != 0 or lv.start[-1] != len(lv.sym)
                or np.any(np.diff(lv.start) <= 0) or len(lv.count) != len(lv.sym)):
            raise bad(f"level {k} row offsets do not match its grams")
        if lv.sym.size and (lv.sym.min() < 0 or lv.sym.max() >= v or lv.count.min() <= 0):
            raise bad(f"level {k} symbols or counts out of range")
        rows_below = c
