from __future__ import annotations

import math
import random

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
