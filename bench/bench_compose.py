"""Melody models on the Essen folk songs: speed against floors, held-out loss, samples.

Speed (the issue's "must show"; alternating rounds, medians, per-round ratios, all measured in
this run; wall clock):

* **fit** of the whole parsed corpus with the default model, against pure-Python n-gram
  counting over the same parsed notes: ``collections.Counter`` over every tune's pitch 7-grams
  and duration 9-grams (durations in the model's 1/48-beat ticks), each tune padded with start
  symbols -- the n-grams the default model (pitch order 6, duration order 8) counts. Targets:
  <= 1.0 s and <= 2x that floor.
* **load** of the saved default model (the binary file) and its first 8-bar melody, against
  loading the same model from JSON text. Target: load + first melody <= 0.3 s.
* **generation** (key, range, bar grid, tonic cadences; 64-bar melodies, fresh seeds), against
  isobar's ``PMarkov`` (first order, unconstrained) on isobar's own learner. Target:
  >= 100,000 notes/s.

Quality (same run): cross-entropy (bits/note, pitch stream) on a fixed 90/10 tune-level split
(seed 0) for orders 1..8 (textbook Witten-Bell and the tuned escape weight), next to a
first-order chain like the blog's (add-one smoothing) and isobar's ``MarkovLearner`` (first
order, learned over the training tunes as one flat list, as isobar does; its implied
probabilities are count/len of each successor list, so an unseen transition has probability 0);
sample statistics (pitch-class entropy, share in key, 8-gram copy rate) next to held-out human
tunes; drums, leave-one-groove-out.

``--quick`` uses the first 400 tunes (QUICK_TUNES), fewer rounds and fewer orders (the suite
runs it to keep every step working); the targets are judged on the full corpus only.
"""

from __future__ import annotations

import itertools
import math
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from _rounds import Target, alternate, load_note, timed

from livectl.compose import (
    GROOVES,
    DrumMarkov,
    FirstOrderChain,
    MelodyModel,
    ngram_set,
    normalised_pitches,
    pitch_class_entropy,
    sample_stats,
    split_tunes,
)
from livectl.compose.evaluate import copy_rate
from livectl.compose.markov import BOS
from livectl.compose.melody import DEFAULT_DURATION_ORDER, DEFAULT_PITCH_ORDER
from livectl.compose.notes import GRID_PER_BEAT, Tune
from livectl.output.corpus import load_corpus
from livectl.output.modelfile import load_model, save_model

# Enough for every step of --quick to run (the 90/10 split holds out 40): parsing them is most
# of its time (1 500 tunes took ~4 s of the suite's CPU more).
QUICK_TUNES = 400


def _chain_bits(chain: FirstOrderChain, unigram: Counter[int], tunes: Sequence[Sequence[int]]
                ) -> float:
    """Blog chain: first note from an add-one unigram, the rest from the add-one chain."""
    v = len(chain.alphabet) + 1
    total_uni = sum(unigram.values())
    bits = 0.0
    n = 0
    for seq in tunes:
        bits += -math.log2((unigram.get(seq[0], 0) + 1) / (total_uni + v))
        bits += chain.log2_loss(seq)
        n += len(seq)
    return bits / n


def _isobar_nodes(train: Sequence[Sequence[int]]) -> dict[int, list[int]]:
    from isobar import MarkovLearner

    learner = MarkovLearner()
    for seq in train:
        for p in seq:
            learner.register(p)
    return learner.markov.nodes  # type: ignore[no-any-return]


def _isobar_bits(nodes: dict[int, list[int]], tunes: Sequence[Sequence[int]]
                 ) -> tuple[float, float]:
    """isobar's implied model: P(b|a) = count of b in nodes[a] / len(nodes[a]); its first value
    is a successor of a uniformly chosen node. Returns (share of notes with P = 0, bits/note
    over the notes it can produce)."""
    rows = {a: (Counter(s), len(s)) for a, s in nodes.items() if s}
    first = Counter[int]()
    for c, n in rows.values():
        for b, k in c.items():
            first[b] += k / n
    n_nodes = len(nodes)
    zero = 0
    bits = 0.0
    scored = 0
    for seq in tunes:
        probs = [first.get(seq[0], 0.0) / n_nodes]
        for a, b in itertools.pairwise(seq):
            c, n = rows.get(a, (Counter(), 0))
            probs.append(c.get(b, 0) / n if n else 0.0)
        for p in probs:
            if p == 0:
                zero += 1
            else:
                bits -= math.log2(p)
                scored += 1
    return zero / (zero + scored), bits / scored


def count_ngrams(tunes: Sequence[Tune]) -> tuple[Counter[tuple[int, ...]],
                                                  Counter[tuple[int, ...]]]:
    """The floor: pure-Python counting of the n-grams the default model counts."""
    po, do = DEFAULT_PITCH_ORDER, DEFAULT_DURATION_ORDER
    pitch_pad, dur_pad = (BOS,) * po, (BOS,) * do
    pitches: Counter[tuple[int, ...]] = Counter()
    durations: Counter[tuple[int, ...]] = Counter()
    for t in tunes:
        s = pitch_pad + t.pitches
        pitches.update(zip(*(s[i:] for i in range(po + 1)), strict=False))
        d = dur_pad + tuple(max(1, round(x * GRID_PER_BEAT)) for x in t.durations)
        durations.update(zip(*(d[i:] for i in range(do + 1)), strict=False))
    return pitches, durations


def main(quick: bool) -> list[Target]:
    t = time.perf_counter()
    # --quick takes the first QUICK_TUNES tunes: from the cache when the whole corpus is cached,
    # else by parsing only the files that hold them.
    tunes = load_corpus("essen", limit=QUICK_TUNES if quick else None)
    load_s = time.perf_counter() - t
    n_notes = sum(len(x) for x in tunes)
    print(f"Essen: {len(tunes)} tunes, {n_notes} notes (loaded in {load_s:.2f} s; first run "
          "parses and caches); " + load_note())
    targets = speed(tunes, quick)
    melodies(tunes, quick)
    drums(quick)
    return targets


def speed(tunes: list[Tune], quick: bool) -> list[Target]:
    rounds = 3 if quick else 7
    print(f"\nspeed, {rounds} alternating rounds (wall clock; medians and per-round ratios)")
    fit = alternate(rounds, {
        "livectl fit": lambda: timed(lambda: MelodyModel().fit(tunes)),
        "pure-Python n-gram counting": lambda: timed(lambda: count_ngrams(tunes)),
    })
    print(fit.show("livectl fit", "pure-Python n-gram counting",
                   f"fit {len(tunes)} tunes (pitch + duration streams)"))
    # The floor counts what the model counts: the same distinct n-grams, as often.
    raw = MelodyModel(normalise_key=False).fit(tunes)
    for counted, stream in zip(count_ngrams(tunes), (raw.pitch, raw.duration), strict=True):
        top = stream.to_arrays()[f"{stream.order}.count"]
        if (len(counted), sum(counted.values())) != (top.size, int(top.sum())):
            raise RuntimeError("the pure-Python floor does not count the model's n-grams")
    print("  (the floor's n-grams and the model's highest-order n-grams agree: same distinct "
          "n-grams, same total)")

    model = MelodyModel().fit(tunes)
    with tempfile.TemporaryDirectory() as tmp:
        binary = save_model(model, Path(tmp) / "model.npz")
        text = save_model(model, Path(tmp) / "model.json")
        print(f"  model files: binary {binary.stat().st_size / 1e6:.2f} MB, JSON "
              f"{text.stat().st_size / 1e6:.2f} MB")

        def cold(path: Path) -> float:
            t0 = time.perf_counter()
            loaded = load_model(path)
            loaded.generate(8, key="C:major", seed=1)
            return time.perf_counter() - t0

        load = alternate(rounds, {
            "binary load": lambda: timed(lambda: load_model(binary)),
            "binary load + first melody": lambda: cold(binary),
            "JSON load": lambda: timed(lambda: load_model(text)),
        })
    print(load.show("binary load", "JSON load", "load the saved model"))
    print(load.show("binary load + first melody", "JSON load", "load it and write 8 bars"))

    from isobar import PMarkov

    iso = PMarkov(_isobar_nodes([x.pitches for x in tunes]))
    model.generate(8, seed=0)  # the first call sets up the sampling tables (timed above)
    seeds = itertools.count(1)
    n_iso = 50_000 if not quick else 10_000

    def livectl_rate() -> float:
        t0 = time.perf_counter()
        notes = sum(len(model.generate(64, key="C:major", seed=next(seeds))) for _ in range(3))
        return notes / (time.perf_counter() - t0)

    def isobar_rate() -> float:
        iso.reset()
        t0 = time.perf_counter()
        for _ in range(n_iso):
            next(iso)
        return n_iso / (time.perf_counter() - t0)

    gen = alternate(rounds, {"livectl": livectl_rate, "isobar PMarkov": isobar_rate},
                    unit="notes/s")
    print(gen.show("livectl", "isobar PMarkov", "generation (livectl: order 6/8, key + range + "
                   "bar grid + cadences; isobar: 1st order, unconstrained)", fmt="{:,.0f}"))

    fit_s, floor_s = fit.median("livectl fit"), fit.median("pure-Python n-gram counting")
    cold_s = load.median("binary load + first melody")
    rate = gen.median("livectl")
    targets = [
        Target("fit of parsed Essen <= 1.0 s", f"{fit_s:.3f} s", fit_s <= 1.0),
        Target("fit <= 2x pure-Python n-gram counting",
               f"{fit.ratio('livectl fit', 'pure-Python n-gram counting'):.2f}x "
               f"({floor_s:.3f} s)", fit.ratio("livectl fit", "pure-Python n-gram counting")
               <= 2.0),
        Target("model load (+ first melody) <= 0.3 s",
               f"{cold_s:.3f} s (load alone {load.median('binary load'):.3f} s)", cold_s <= 0.3),
        Target("generation >= 100,000 notes/s", f"{rate:,.0f} notes/s", rate >= 100_000),
    ]
    if quick:
        print("targets (judged on the full corpus; this is --quick):")
    else:
        print("targets:")
    for target in targets:
        print(target.line())
    return [] if quick else targets


def melodies(tunes: list[Tune], quick: bool) -> None:
    train, test = split_tunes(tunes, 0.1, seed=0)
    print(f"\nquality: split 90/10 by tune, seed 0: {len(train)} train / {len(test)} test")

    raw_train = [x.pitches for x in train]
    raw_test = [x.pitches for x in test]
    norm_train = [normalised_pitches(x) for x in train]
    norm_test = [normalised_pitches(x) for x in test]

    # ---------------------------------------------------------------- baselines
    blog_raw = _chain_bits(FirstOrderChain.fit(raw_train),
                           Counter(p for s in raw_train for p in s), raw_test)
    blog_norm = _chain_bits(FirstOrderChain.fit(norm_train),
                            Counter(p for s in norm_train for p in s), norm_test)
    iso_zero_raw, iso_bits_raw = _isobar_bits(_isobar_nodes(raw_train), raw_test)
    iso_zero_norm, iso_bits_norm = _isobar_bits(_isobar_nodes(norm_train), norm_test)
    print("\nheld-out pitch cross-entropy, bits/note (lower is better)")
    print(f"  blog-style 1st-order chain, add-one     raw {blog_raw:.3f}   key-normalised "
          f"{blog_norm:.3f}   (baseline = 1.00)")
    print(f"  isobar MarkovLearner (flat list)        raw: {iso_zero_raw:.3%} of held-out notes "
          f"impossible (P=0 -> infinite loss); the rest {iso_bits_raw:.3f}")
    print(f"                                          key-normalised: {iso_zero_norm:.3%} "
          f"impossible; the rest {iso_bits_norm:.3f}")

    # ---------------------------------------------------------------- livectl grid
    orders = [1, 3, 6] if quick else [1, 2, 3, 4, 5, 6, 8]
    print("\n  livectl, interpolated Witten-Bell       order: " +
          " ".join(f"{o:>6}" for o in orders))
    best: tuple[float, int, float] = (math.inf, 0, 0.0)
    for escape, norm in ((1.0, False), (1.0, True), (12.0, False), (12.0, True)):
        row = []
        for o in orders:
            m = MelodyModel(o, 1, normalise_key=norm, escape=escape).fit(train)
            bits = m.cross_entropy(test).pitch_bits
            row.append(bits)
            if norm and bits < best[0]:
                best = (bits, o, escape)
        label = f"escape {escape:>4g}, {'key-normalised' if norm else 'raw pitch     '}"
        print(f"    {label}         " + " ".join(f"{b:6.3f}" for b in row))
    default = MelodyModel().fit(train)
    ce = default.cross_entropy(test)
    print(f"  livectl default (pitch order {default.pitch.order}, escape "
          f"{default.pitch.escape:g}, key-normalised): pitch {ce.pitch_bits:.3f} bits/note = "
          f"{ce.pitch_bits / blog_raw:.2f} x the blog chain (raw), "
          f"{ce.pitch_bits / blog_norm:.2f} x (key-normalised); duration {ce.duration_bits:.3f} "
          f"(order {default.duration.order})")
    print(f"  best in grid: {best[0]:.3f} at order {best[1]}, escape {best[2]:g}")

    # ---------------------------------------------------------------- samples
    grams = ngram_set(norm_train, 8)
    samples = [default.generate(8, key="C:major", low=55, high=84, seed=s)
               for s in range(20 if quick else 200)]
    stats = sample_stats(samples, "C:major", grams)
    human_pce = pitch_class_entropy(norm_test)
    human_copy = copy_rate(norm_test, grams, 8)
    blog_chain = FirstOrderChain.fit(norm_train, seed=0)
    blog_samples = [blog_chain.walk(60, 32, seed=s) for s in range(len(samples))]
    print(f"\nsamples: {stats.melodies} melodies of 8 bars in C major "
          "(vs held-out human tunes, moved to C):")
    print(f"  pitch-class entropy  livectl {stats.pitch_class_entropy:.2f}   human "
          f"{human_pce:.2f}   blog chain {pitch_class_entropy(blog_samples):.2f} bits")
    print(f"  share in key         livectl {stats.in_key_share:.1%}   blog chain "
          f"{sum(1 for s in blog_samples for p in s if p % 12 in (0, 2, 4, 5, 7, 9, 11)) / sum(len(s) for s in blog_samples):.1%}")
    print(f"  8-gram copy rate     livectl {stats.copy_rate:.1%}   human {human_copy:.1%}   "
          f"blog chain {copy_rate(blog_samples, grams, 8):.1%}  (ratio livectl/human "
          f"{stats.copy_rate / human_copy:.2f})")
    print("  by pitch order (escape 12): order, held-out bits, PC entropy, copy rate")
    for o in ([3, 8] if quick else [3, 4, 6, 8]):
        m = MelodyModel(o).fit(train)
        st = sample_stats([m.generate(8, key="C:major", low=55, high=84, seed=s)
                           for s in range(len(samples))], "C:major", grams)
        print(f"    {o}   {m.cross_entropy(test).pitch_bits:.3f}   "
              f"{st.pitch_class_entropy:.2f}   {st.copy_rate:.1%}")


def drums(quick: bool) -> None:
    """Leave-one-groove-out over the library: each groove predicted by a model of the others."""
    names = sorted(GROOVES)
    orders = [0, 2] if quick else [0, 1, 2, 4]
    escapes = [1.0, 4.0] if quick else [1.0, 4.0, 12.0]
    print("\ndrums, leave-one-groove-out over the library, bits/step (lower is better)")
    print("  escape \\ order " + " ".join(f"{o:>6}" for o in orders))
    rows = {}
    for esc in escapes:
        row = []
        for order in orders:
            total = 0.0
            for held in names:
                m = DrumMarkov(order=order, escape=esc).fit(
                    [[GROOVES[n][0]] * 4 for n in names if n != held])
                total += m.cross_entropy([[GROOVES[held][0]] * 2])
            row.append(total / len(names))
        rows[esc] = row
        print(f"  {esc:>14g} " + " ".join(f"{b:6.3f}" for b in row))
    base = rows[escapes[0]][0]
    default = DrumMarkov()
    print(f"  position only (order 0) is the baseline ({base:.3f}); the default (order "
          f"{default.model.order}, escape {default.model.escape:g}) costs "
          f"{rows[default.model.escape][orders.index(default.model.order)] / base:.2f} x as "
          "many bits on an unseen style")

    # Coherence of generated bars: the share of neighbouring step pairs (at their positions)
    # that some library groove also plays. Higher means bars that hang together.
    pairs = set()
    for p, _ in GROOVES.values():
        masks = p.step_masks()
        pairs.update((i, masks[i], masks[(i + 1) % p.steps]) for i in range(p.steps))
    print("  coherence of 40 generated bars (neighbouring step pairs found in the library):")
    for order, esc in ((0, 4.0), (default.model.order, default.model.escape)):
        m = DrumMarkov(order=order, escape=esc).fit([[p] * 4 for p, _ in GROOVES.values()])
        bars = m.generate(40, seed=1)
        hit = total = 0
        for bar in bars:
            masks = bar.step_masks()
            for i in range(bar.steps):
                total += 1
                hit += (i, masks[i], masks[(i + 1) % bar.steps]) in pairs
        print(f"    order {order}, escape {esc:g}: {hit / total:.1%}")


if __name__ == "__main__":
    import sys

    main(quick="--quick" in sys.argv)
