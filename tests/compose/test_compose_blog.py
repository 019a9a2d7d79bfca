from __future__ import annotations

import itertools
import math

import pytest

from livectl.compose import (
    FirstOrderChain,
    melody_model_from_transitions,
    parse_key,
    transitions_from_sequences,
)
from livectl.errors import RangeError, ValidationError

BLOG = {60: [62, 64, 67], 62: [60, 64], 64: [65, 67, 62], 65: [64, 67], 67: [60, 65, 64]}


def test_dict_becomes_a_melody_model_with_key_and_rhythm() -> None:
    model = melody_model_from_transitions(BLOG, duration_beats=0.5, seed=1)
    notes = model.generate(2, key="C:major", seed=4, final_beats=0)
    assert len(notes) == 16  # 2 bars of eighths: the blog's fixed rhythm
    assert {n.duration_beats for n in notes} == {0.5}
    held = model.generate(2, key="C:major", seed=4)  # default: the phrase's last note is held
    assert [n.duration_beats for n in held] == [0.5] * 14 + [1.0]
    assert all(parse_key("C:major").contains(n.pitch) for n in notes)
    assert notes[-1].pitch % 12 == 0  # ends on the tonic
    # mostly the dict's own transitions (the blend may rarely step outside it)
    pairs = list(itertools.pairwise(notes))
    inside = sum(b.pitch in BLOG.get(a.pitch, []) for a, b in pairs)
    assert inside / len(pairs) > 0.75


def test_chain_walk_is_seeded_and_follows_the_dict() -> None:
    chain = FirstOrderChain(BLOG, seed=3)
    walk = chain.walk(60, 50)
    assert walk == FirstOrderChain(BLOG, seed=3).walk(60, 50)
    assert all(b in BLOG[a] for a, b in itertools.pairwise(walk))
    assert chain.walk(60, 20, seed=1) == chain.walk(60, 20, seed=1)


def test_chain_restarts_instead_of_dead_ending() -> None:
    chain = FirstOrderChain({60: [62]})
    assert chain.walk(60, 5) == [60, 62, 60, 62, 60]


def test_add_one_smoothing_gives_finite_loss() -> None:
    chain = FirstOrderChain.fit([[60, 62, 64, 62, 60]])
    assert chain.prob(60, 62) == pytest.approx((1 + 1) / (1 + 4))
    assert chain.prob(60, 99) == pytest.approx(1 / 5)
    assert math.isfinite(chain.log2_loss([60, 99, 61]))


def test_transitions_do_not_cross_melodies() -> None:
    t = transitions_from_sequences([[60, 62], [64, 65]])
    assert t == {60: [62], 64: [65]}


def test_bad_dicts_are_named() -> None:
    with pytest.raises(ValidationError, match="non-empty dict"):
        FirstOrderChain({})
    with pytest.raises(ValidationError, match=r"transitions\[60\] must be a list"):
        FirstOrderChain({60: 62})  # type: ignore[dict-item]
    with pytest.raises(RangeError, match="128"):
        melody_model_from_transitions({60: [128]})
