from __future__ import annotations

import pytest

from livectl.compose import SCALES, Key, parse_key, pitch_name
from livectl.errors import ValidationError


@pytest.mark.parametrize(("text", "tonic", "scale"), [
    ("C:major", 0, "major"), ("A:minor", 9, "minor"), ("F#:dorian", 6, "dorian"),
    ("Bb", 10, "major"), ("Am", 9, "minor"), ("eb minor", 3, "minor"),
    ("D:aeolian", 2, "minor"), ("G:mixolydian", 7, "mixolydian"),
])
def test_parse_key(text: str, tonic: int, scale: str) -> None:
    key = parse_key(text)
    assert key.tonic == tonic and key.scale.name == scale


@pytest.mark.parametrize("bad", ["", "H:major", "C:bogus", "C#b#x"])
def test_parse_key_rejects_with_a_hint(bad: str) -> None:
    with pytest.raises(ValidationError, match=r"key|tonic"):
        parse_key(bad)


def test_degrees_and_membership() -> None:
    key = parse_key("A:minor")
    assert key.contains(60) and not key.contains(61)
    assert key.degree(69) == 0 and key.degree(72) == 2 and key.degree(70) is None
    assert key.pitch(0, 4) == 69 and key.pitch(7, 4) == 81
    assert key.pitches_in(57, 60) == [57, 59, 60]
    assert key.name == "A:minor" and str(key) == "A:minor"


def test_every_scale_is_well_formed() -> None:
    for scale in SCALES.values():
        assert scale.intervals[0] == 0
        assert list(scale.intervals) == sorted(set(scale.intervals))


def test_key_rejects_bad_tonic_and_names_pitches() -> None:
    with pytest.raises(ValidationError):
        Key(12, SCALES["major"])
    assert pitch_name(60) == "C4" and pitch_name(70) == "Bb4"
