from __future__ import annotations

import math
import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from livectl.compose import NGramModel
from livectl.compose.markov import BOS
from livectl.errors import ModelError, RangeError, ValidationError


def test_witten_bell_by_hand() -> None:
    m = NGramModel(1).fit([[1, 2, 1, 3]])
    # order 0: counts {1: 2, 2: 1, 3: 1}, 3 types; below it 1/(3 symbols + 1 unseen slot)
    p0 = (1 + 3 * 0.25) / (4 + 3)
    # start context (BOS,): saw only 1, once (1 type) -> half its mass escapes to order 0
    assert m.prob([], 2) == pytest.approx(p0 / 2)
    assert m.prob([], 1) == pytest.approx((1 + (2 + 3 * 0.25) / 7) / 2)
    # context (1,): {2: 1, 3: 1}, 2 types
    assert m.prob([1], 2) == pytest.approx((1 + 2 * p0) / (2 + 2))


def test_escape_weight_moves_mass_to_shorter_contexts() -> None:
    data = [[1, 2, 1, 3, 1, 2]]
    sharp = NGramModel(2, escape=1.0).fit(data)
    smooth = NGramModel(2, escape=20.0).fit(data)
    # (2, 1) was followed by 3 only: the sharp model trusts that, the smooth one less so
    assert smooth.prob([2, 1], 3) < sharp.prob([2, 1], 3)
    assert smooth.prob([2, 1], 2) > sharp.prob([2, 1], 2)


@settings(max_examples=40, deadline=None)
@given(
    seqs=st.lists(st.lists(st.integers(0, 9), min_size=1, max_size=20), min_size=1, max_size=5),
    history=st.lists(st.integers(0, 12), max_size=6),
    order=st.integers(0, 4),
    method=st.sampled_from(["wb", "ad"]),
)
def test_probabilities_sum_to_one_and_never_vanish(seqs: list[list[int]], history: list[int],
                                                   order: int, method: str) -> None:
    m = NGramModel(order, method=method).fit(seqs)
    dist = m.distribution(history)
    unseen = m.prob(history, 12345)
    assert unseen > 0
    assert all(p > 0 for p in dist.values())
    assert math.fsum(dist.values()) + unseen == pytest.approx(1.0)
    for sym in dist:
        assert m.prob(history, sym) == pytest.approx(dist[sym])


def test_unseen_context_does_not_dead_end() -> None:
    m = NGramModel(3).fit([[60, 62, 64]])
    rng = random.Random(0)
    history = [1, 2, 3]  # never seen
    assert m.sample(history, rng) in (60, 62, 64)
    assert math.isfinite(m.log2_loss([99, 98, 97]))


def test_fit_twice_adds_counts_and_from_counts_matches() -> None:
    a = NGramModel(2).fit([[1, 2, 3]]).fit([[3, 2, 1]])
    b = NGramModel(2).fit([[1, 2, 3], [3, 2, 1]])
    assert a == b
    grams = {tuple(g[:-1]): g[-1] for g in b.to_dict()["grams"]}
    assert NGramModel.from_counts(2, grams) == b
    assert (BOS, BOS, 1) in grams


def test_sampling_is_reproducible_and_allowed_restricts() -> None:
    m = NGramModel(2).fit([[1, 2, 3, 1, 2, 4, 1, 3]])
    draws = [m.sample([1], random.Random(5)) for _ in range(3)]
    assert len(set(draws)) == 1
    r1, r2 = random.Random(9), random.Random(9)
    assert [m.sample([1, 2], r1) for _ in range(20)] == [m.sample([1, 2], r2) for _ in range(20)]
    rng = random.Random(0)
    assert {m.sample([1], rng, allowed=[3, 4]) for _ in range(50)} <= {3, 4}
    assert m.sample([1], rng, allowed=[77]) is None


def test_low_temperature_picks_the_mode() -> None:
    m = NGramModel(1).fit([[1, 2] * 20 + [1, 3]])
    rng = random.Random(1)
    assert {m.sample([1], rng, temperature=0.05) for _ in range(50)} == {2}


def test_json_round_trip_is_exact() -> None:
    m = NGramModel(3, escape=4.0).fit([[5, 6, 7, 5, 6, 8]])
    back = NGramModel.from_dict(m.to_dict())
    assert back == m
    assert back.distribution([5, 6]) == m.distribution([5, 6])


def test_bad_input_is_named() -> None:
    with pytest.raises(RangeError, match=r"order must be in range 0..12, got 13"):
        NGramModel(13)
    with pytest.raises(ValidationError, match="method must be one of wb, ad"):
        NGramModel(2, method="kn")
    with pytest.raises(ModelError, match="no training data"):
        NGramModel(2).distribution([])
    with pytest.raises(ModelError, match="not an n-gram model"):
        NGramModel.from_dict({"order": 1})
    with pytest.raises(ModelError, match="2-grams"):
        NGramModel.from_counts(1, {(1, 2, 3): 1})


def _reference_prob(seqs: list[list[int]], order: int, escape: float, history: list[int],
                    symbol: int) -> float:
    """Interpolated Witten-Bell straight from its definition, on counts made by hand."""
    grams: dict[tuple[int, ...], dict[int, int]] = {}
    for seq in seqs:
        s = [BOS] * order + seq
        for i in range(order, len(s)):
            for k in range(order + 1):
                row = grams.setdefault(tuple(s[i - k:i]), {})
                row[s[i]] = row.get(s[i], 0) + 1
    alphabet = {x for seq in seqs for x in seq}
    ctx = ([BOS] * order + history)[len(history):] if order else []
    p = 1.0 / (len(alphabet) + 1)
    for k in range(order + 1):
        row = grams.get(tuple(ctx[order - k:]))
        if row is None:
            break
        total, esc = sum(row.values()), escape * len(row)
        p = (row.get(symbol, 0) + esc * p) / (total + esc)
    return p


@settings(max_examples=30, deadline=None)
@given(seqs=st.lists(st.lists(st.one_of(st.integers(0, 4), st.integers(0, 3000)), max_size=25),
                     min_size=1, max_size=5).filter(lambda s: any(s)),
       order=st.sampled_from([0, 1, 2, 5, 9, 12]), escape=st.sampled_from([1.0, 12.0]))
def test_counts_match_a_reference_on_both_table_builders(seqs: list[list[int]], order: int,
                                                         escape: float) -> None:
    # Wide symbols at high orders take the lexsort builder, the rest the packed-key one.
    m = NGramModel(order, escape=escape).fit(seqs)
    for seq in seqs:
        for i in range(len(seq) + 1):
            for sym in {*seq, 99999}:
                assert m.prob(seq[:i], sym) == pytest.approx(
                    _reference_prob(seqs, order, escape, seq[:i], sym), rel=1e-12)


def test_stream_draws_the_restricted_distribution() -> None:
    rng = random.Random(3)
    data = [[rng.choice([1, 2, 3, 5, 8]) for _ in range(60)] for _ in range(4)]
    m = NGramModel(2, escape=2.0).fit(data)
    history = [2, 3]
    for allowed in (None, [1, 5, 8], [8]):
        stream = m.stream(random.Random(1), history)
        restriction = stream.allow(allowed) if allowed is not None else None
        draws = 20_000
        seen = Counter[int]()
        for _ in range(draws):
            stream.history[:] = []  # the context stays the same: push it back each time
            for s in history:
                stream.push(s)
            value = stream.draw(restriction)
            assert value is not None
            seen[value] += 1
        exact = m.distribution(history)
        keep = {s: p for s, p in exact.items() if allowed is None or s in allowed}
        total = sum(keep.values())
        for s, p in keep.items():
            share = seen[s] / draws
            assert abs(share - p / total) < 4 * math.sqrt(p / total / draws) + 1e-3, (s, share)
        assert set(seen) <= set(keep)


def test_stream_falls_back_to_the_full_distribution_for_rare_symbols() -> None:
    # 2 and 3 carry under 1 % of the mass after 1: most draws give up rejecting after 24 tries
    # and weigh the allowed symbols in full; the result must still be the restricted law.
    m = NGramModel(1, escape=0.5).fit([[1] * 400 + [2, 1, 3, 1, 3, 1]])
    exact = m.distribution([1])
    want = exact[2] / (exact[2] + exact[3])
    stream = m.stream(random.Random(8), [1])
    rare = stream.allow([2, 3])
    draws = []
    for _ in range(4000):
        stream.push(1)  # order 1: the context is (1,) again
        draws.append(stream.draw(rare))
    share = draws.count(2) / len(draws)
    assert abs(share - want) < 4 * math.sqrt(want * (1 - want) / len(draws))
    assert set(draws) == {2, 3}


def test_stream_is_reproducible_and_handles_unseen_symbols() -> None:
    m = NGramModel(3).fit([[1, 2, 3, 4, 1, 2, 3, 5]])
    a = m.stream(random.Random(4), [1, 2])
    b = m.stream(random.Random(4), [1, 2])
    assert [a.draw() for _ in range(30)] == [b.draw() for _ in range(30)]
    c = m.stream(random.Random(0), [77])  # a symbol the model never saw
    assert c.draw(c.allow([3, 4])) in (3, 4)
    assert c.draw(c.allow([77])) is None
    assert c.history[0] == 77


def test_arrays_round_trip_rebuilds_nothing_and_bad_tables_are_refused() -> None:
    m = NGramModel(3, method="ad", discount=0.5).fit([[5, 6, 7, 5, 6, 8], [9, 5]])
    back = NGramModel.from_arrays(m.params(), m.to_arrays())
    assert back == m and back.distribution([5, 6]) == m.distribution([5, 6])
    arrays = m.to_arrays()
    broken = {**arrays, "2.sym": arrays["2.sym"] + 100}
    with pytest.raises(ModelError, match="level 2 symbols or counts out of range"):
        NGramModel.from_arrays(m.params(), broken)
    broken = {**arrays, "1.ctx": arrays["1.ctx"][::-1]}
    with pytest.raises(ModelError, match="level 1 context keys"):
        NGramModel.from_arrays(m.params(), broken)
    with pytest.raises(ModelError, match="not an n-gram model"):
        NGramModel.from_arrays(m.params(), {"symbols": arrays["symbols"]})
    with pytest.raises(ModelError, match="tables for order 1 do not match"):
        NGramModel.from_arrays({**m.params(), "order": 1}, arrays)


def test_fit_arrays_matches_fit_and_refuses_bad_input() -> None:
    import numpy as np

    seqs = [[3, 1, 4, 1, 5], [], [9, 2, 6]]
    a = NGramModel(2).fit(seqs)
    b = NGramModel(2).fit_arrays(np.array([3, 1, 4, 1, 5, 9, 2, 6]), np.array([5, 0, 3]))
    assert a == b
    with pytest.raises(ValidationError, match="add up to the 8 tokens"):
        NGramModel(2).fit_arrays(np.array([3, 1, 4, 1, 5, 9, 2, 6]), np.array([5, 1]))
    with pytest.raises(ValidationError, match="int symbols"):
        NGramModel(2).fit([[1.5, 2.0]])  # type: ignore[list-item]
    with pytest.raises(ValidationError, match="int symbols"):
        NGramModel(2).fit([[True, False]])
