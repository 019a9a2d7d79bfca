from __future__ import annotations

import json

import pytest

from livectl.compose import (
    GM_DRUMS,
    GROOVES,
    DrumMarkov,
    DrumPattern,
    drum_note,
    euclid,
    groove,
    humanise,
)
from livectl.errors import ModelError, RangeError, ValidationError


def test_gm_names() -> None:
    assert (GM_DRUMS["kick"], GM_DRUMS["snare"], GM_DRUMS["clap"], GM_DRUMS["closed_hat"],
            GM_DRUMS["open_hat"]) == (36, 38, 39, 42, 46)
    assert drum_note("bd") == 36 and drum_note("Closed Hat") == 42 and drum_note(50) == 50
    with pytest.raises(ValidationError, match="unknown drum voice 'cowbel'"):
        drum_note("cowbel")


@pytest.mark.parametrize(("k", "n", "r", "want"), [
    (3, 8, 0, "x..x..x."), (4, 16, 0, "x...x...x...x..."),
    # Toussaint lists E(5,8) as x.xx.xx.; this formula gives a rotation of it, starting on a hit
    (5, 8, 0, "x.x.xx.x"),
    (0, 4, 0, "...."), (4, 4, 0, "xxxx"), (3, 8, 2, "x.x..x.."),
])
def test_euclid(k: int, n: int, r: int, want: str) -> None:
    assert euclid(k, n, r) == want


def test_euclid_checks() -> None:
    with pytest.raises(RangeError, match=r"pulses must be in range 0..8, got 9"):
        euclid(9, 8)


def test_pattern_strings_round_trip_and_notes() -> None:
    p = DrumPattern.from_strings({"kick": "x... x... | x... x...", "snare": "....X.......o..."})
    assert p.steps == 16 and p.beats == 4
    assert p.to_strings() == {"kick": "x...x...x...x...", "snare": "....X.......o..."}
    notes = p.to_notes(bars=2)
    assert len(notes) == 12
    assert [(n.pitch, n.start_beats, n.velocity, n.channel) for n in notes[:3]] == [
        (36, 0.0, 100, 10), (36, 1.0, 100, 10), (38, 1.0, 120, 10)]
    assert notes[-1].start_beats == 7.0


def test_swing_delays_offbeat_steps_only() -> None:
    p = DrumPattern.from_strings({"hh": "xxxx"})
    starts = [n.start_beats for n in p.to_notes(swing=0.25)]
    assert starts == [0.0, 0.25 + 0.125, 0.5, 0.75 + 0.125]


def test_bad_patterns_are_named() -> None:
    with pytest.raises(ValidationError, match="unknown step character 'y' at step 2"):
        DrumPattern.from_strings({"kick": "x.y."})
    with pytest.raises(ValidationError, match="same number of steps"):
        DrumPattern.from_strings({"kick": "x...", "snare": "x......."})
    with pytest.raises(ValidationError, match="appears twice"):
        DrumPattern.from_strings({"kick": "x...", "bd": "x..."})


def test_groove_library() -> None:
    assert {"lofi", "house", "boom_bap", "rock", "trap"} <= set(GROOVES)
    for pattern, swing in GROOVES.values():
        assert pattern.steps == 16 and 0 <= swing <= 0.5
        assert pattern.row("kick")[0] > 0  # every groove starts on a kick
    lofi = groove("lofi")
    assert lofi.to_strings() == {  # the blog's 16-step pattern (examples/lofi_drums.py)
        "kick": "x.....x...x.....", "snare": "....x.......x...", "clap": "............x...",
        "closed_hat": "x.x.x.x.x.x.x.xx", "open_hat": "..............x."}
    with pytest.raises(ValidationError, match="unknown groove 'polka'; choose one of"):
        groove("polka")


def _steps(bar: DrumPattern) -> list[frozenset[tuple[int, int]]]:
    return [frozenset((n, r[i]) for n, r in bar.rows if r[i]) for i in range(bar.steps)]


def test_drum_markov_keeps_metre_and_is_seeded() -> None:
    training = [p for p, _ in GROOVES.values()]
    model = DrumMarkov(order=2, seed=1).fit([[p] * 4 for p in training])
    bars = model.generate(40, seed=5)
    assert [b.to_strings() for b in bars] == [b.to_strings() for b in model.generate(40, seed=5)]
    assert all(b.steps == 16 for b in bars)
    # every generated step is something some training groove plays at that same position
    seen = [{_steps(p)[i] for p in training} for i in range(16)]
    for bar in bars:
        for i, content in enumerate(_steps(bar)):
            assert content in seen[i]
    # 9 of the 13 grooves put snare or clap on beat 2; generated bars keep about that share
    backbeat = sum(1 for b in bars if b.row("snare")[4] or b.row("clap")[4]) / len(bars)
    assert 0.45 <= backbeat <= 0.95


def test_drum_markov_vary_keeps_base_and_changes_only_fills() -> None:
    model = DrumMarkov(order=2).fit([[p] * 4 for p, _ in GROOVES.values()])
    base = groove("rock")
    for seed in range(5):
        bars = model.vary(base, 8, every=4, fill_steps=4, seed=seed, temperature=2.0)
        assert [i for i, b in enumerate(bars) if b is base] == [0, 1, 2, 4, 5, 6]
        for i in (3, 7):
            for voice in ("kick", "snare", "closed_hat"):
                assert bars[i].row(voice)[:12] == base.row(voice)[:12]
    with pytest.raises(ModelError, match="untrained"):
        DrumMarkov().generate(1)


def test_humanise_is_seeded_and_bounded() -> None:
    notes = groove("house").to_notes(bars=4)
    a = humanise(notes, seed=1, velocity_sd=30, timing_sd_beats=0.02)
    assert a == humanise(notes, seed=1, velocity_sd=30, timing_sd_beats=0.02)
    assert a != humanise(notes, seed=2, velocity_sd=30, timing_sd_beats=0.02)
    assert all(1 <= n.velocity <= 127 and n.start_beats >= 0 for n in a)
    moved = [abs(x.start_beats - y.start_beats) for x, y in
             zip(sorted(a, key=lambda n: (n.pitch, n.start_beats)),
                 sorted(notes, key=lambda n: (n.pitch, n.start_beats)), strict=True)]
    assert max(moved) < 0.2 and sum(moved) > 0
    assert humanise(notes, velocity_sd=0, timing_sd_beats=0) == notes


def test_with_row_replaces_adds_and_tiles() -> None:
    p = groove("rock").with_row("kick", "x...x...x...x...").with_row("cowbell", euclid(3, 8))
    assert p.row("kick") == (100, 0, 0, 0) * 4
    assert p.to_strings()["cowbell"] == "x..x..x.x..x..x."
    with pytest.raises(ValidationError, match="same number of steps"):
        p.with_row("clap", "x.....")


def test_drum_markov_json_round_trip() -> None:
    model = DrumMarkov(order=2, seed=4).fit([[p] * 2 for p, _ in GROOVES.values()])
    back = DrumMarkov.from_dict(json.loads(json.dumps(model.to_dict())))
    assert [b.to_strings() for b in back.generate(4, seed=1)] == [
        b.to_strings() for b in model.generate(4, seed=1)]
    with pytest.raises(ModelError, match="not a livectl drum model"):
        DrumMarkov.from_dict({"format": "x"})


def test_drum_markov_cross_entropy_prefers_what_it_learned() -> None:
    model = DrumMarkov(order=2).fit([[groove("rock")] * 4, [groove("house")] * 4])
    known = model.cross_entropy([[groove("rock")] * 2])
    other = model.cross_entropy([[groove("bossa")] * 2])  # contents never seen: finite, high
    assert 0 <= known < 1.0 < other < 64
    with pytest.raises(ValidationError, match="16"):
        model.cross_entropy([[DrumPattern.from_strings({"kick": "x..."})]])
