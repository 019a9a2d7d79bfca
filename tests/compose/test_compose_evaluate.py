from __future__ import annotations

import math

import pytest

from livectl.compose import (
    MelodyModel,
    Note,
    Tune,
    copy_rate,
    in_key_share,
    ngram_set,
    normalised_pitches,
    pitch_class_entropy,
    sample_stats,
    split_tunes,
)
from livectl.errors import ValidationError


def test_split_is_by_tune_and_fixed_by_seed() -> None:
    items = list(range(100))
    train, test = split_tunes(items, 0.1, seed=0)
    assert len(test) == 10 and len(train) == 90
    assert sorted(train + test) == items
    assert split_tunes(items, 0.1, seed=0) == (train, test)
    assert split_tunes(items, 0.1, seed=1)[1] != test
    with pytest.raises(ValidationError, match="at least 2 tunes"):
        split_tunes([1])


def test_pitch_class_entropy() -> None:
    assert pitch_class_entropy([[60, 72, 84]]) == 0.0
    assert pitch_class_entropy([[60, 62, 64, 65]]) == pytest.approx(2.0)
    assert pitch_class_entropy([[60], [60, 61]]) == pytest.approx(0.5)


def test_in_key_share_and_copy_rate() -> None:
    assert in_key_share([60, 61, 62, 63], "C:major") == 0.5
    grams = ngram_set([[1, 2, 3, 4, 5]], n=3)
    assert grams == {(1, 2, 3), (2, 3, 4), (3, 4, 5)}
    assert copy_rate([[1, 2, 3, 9]], grams, n=3) == 0.5
    assert math.isnan(copy_rate([[1, 2]], grams, n=3))


def test_normalised_pitches() -> None:
    assert normalised_pitches(Tune((67, 71), (1, 1), tonic=7)) == (72, 76)
    assert normalised_pitches(Tune((67, 71), (1, 1))) == (67, 71)


def test_sample_stats_of_generated_melodies(tunes: list[Tune]) -> None:
    model = MelodyModel(2, 2).fit(tunes)
    samples = [model.generate(4, key="G:major", seed=s) for s in range(5)]
    grams = ngram_set((normalised_pitches(t) for t in tunes), 4)
    stats = sample_stats(samples, "G:major", grams, n=4)
    assert stats.melodies == 5 and stats.notes == sum(len(s) for s in samples)
    assert stats.in_key_share == 1.0
    assert 0 < stats.pitch_class_entropy <= math.log2(7)
    assert 0 <= stats.copy_rate <= 1
    with pytest.raises(ValidationError):
        sample_stats([[]], "C:major", grams)
    assert isinstance(samples[0][0], Note)
