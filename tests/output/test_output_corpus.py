from __future__ import annotations

from pathlib import Path

import pytest

from livectl.compose import MelodyModel, Tune, parse_key, split_tunes
from livectl.errors import NotFoundError, ValidationError
from livectl.output import corpus
from livectl.output.corpus import load_corpus, parse_abc

ABC = """X:1
T:Test tune
M:4/4
L:1/8
K:G
GABc d2B2|c2A2 B2G2|
"""


def test_parse_abc_reads_pitches_durations_and_tonic() -> None:
    tune = parse_abc(ABC)
    assert tune is not None
    assert tune.pitches == (67, 69, 71, 72, 74, 71, 72, 69, 71, 67)
    assert tune.durations == (0.5, 0.5, 0.5, 0.5, 1, 1, 1, 1, 1, 1)
    assert tune.tonic == 7 and tune.title == "Test tune" and tune.meter == (4, 4)


def test_a_handful_of_real_tunes_train_a_model(essen_tunes: list[Tune]) -> None:
    assert len(essen_tunes) == 12
    assert all(len(t) > 10 and t.tonic is not None for t in essen_tunes)
    train, test = split_tunes(essen_tunes, 0.25, seed=0)
    model = MelodyModel(seed=1).fit(train)
    ce = model.cross_entropy(test)
    assert 0.5 < ce.pitch_bits < 6 and 0 < ce.duration_bits < 5
    notes = model.generate(8, key="A:minor", low=57, high=81, seed=1)
    assert all(parse_key("A:minor").contains(n.pitch) for n in notes)
    assert notes[-1].end_beats == pytest.approx(32)


def test_cache_makes_the_second_load_skip_parsing(private_cache: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    one_file = [p for p in corpus.corpus_files("essen") if p.name == "teste.abc"]
    monkeypatch.setattr(corpus, "corpus_files", lambda name: one_file)
    calls: list[tuple[int, int, str]] = []
    first = load_corpus("essen", progress=lambda d, t, w: calls.append((d, t, w)))
    assert calls == [(1, 1, "teste.abc")]
    assert list(private_cache.glob("corpus-essen-*.npz"))

    def no_parsing(name: str) -> list[Path]:
        raise AssertionError("parsed again instead of using the cache")

    monkeypatch.setattr(corpus, "corpus_files", no_parsing)
    assert load_corpus("essen") == first
    assert load_corpus("essen", limit=3) == first[:3]


def test_broken_cache_is_reparsed(private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one_file = [p for p in corpus.corpus_files("essen") if p.name == "testd.abc"]
    monkeypatch.setattr(corpus, "corpus_files", lambda name: one_file)
    first = load_corpus("essen")
    cached = next(private_cache.glob("corpus-essen-*.npz"))
    cached.write_bytes(cached.read_bytes()[:100])
    assert load_corpus("essen") == first


def test_unknown_corpus_and_bad_limit() -> None:
    with pytest.raises(NotFoundError, match="unknown corpus 'nottingham'; choose one of"):
        load_corpus("nottingham")
    with pytest.raises(ValidationError, match="limit must be >= 1"):
        load_corpus("essen", limit=0)


def test_symusic_warnings_do_not_reach_our_stdout(capfd: pytest.CaptureFixture[str]) -> None:
    load_corpus("essen", limit=3, use_cache=False)
    assert capfd.readouterr().out == ""


def test_oneills_and_bach_load_a_few_tunes() -> None:
    irish = load_corpus("oneills", limit=5, use_cache=False)
    assert len(irish) == 5 and irish[0].title == "The Enchanted Valley"
    assert irish[0].tonic == 7  # K:Gm
    chorales = load_corpus("bach", limit=2, use_cache=False)
    assert len(chorales) == 2
    # the soprano line, not the horn part that opens bwv1.6's score; tonic from the final bass
    first = next(t for t in chorales if t.title == "bwv1.6")
    assert first.pitches[:4] == (65, 72, 69, 65) and first.tonic == 5
