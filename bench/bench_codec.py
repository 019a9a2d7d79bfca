"""livectl's OSC codec (``livectl.script.osc``) against python-osc, encode + decode.

Two messages, each encoded and decoded back the way a peer does it:
- a tempo query, ``/live/song/get/tempo`` with no arguments;
- a 377-note page, the reply to ``/live/clip/get/notes``: track, clip, then per note
  pitch ``i``, start ``f``, duration ``f``, velocity ``f`` and mute ``T``/``F`` (spec §8.2.1:
  AbletonOSC sends velocity as a float);
plus, for information, the tempo reply (one float32).

python-osc: ``OscMessageBuilder`` + ``add_arg`` + ``build()``, then ``OscMessage(dgram).params``.
livectl: ``encode_message`` then ``decode_messages``. The bytes are checked equal first. Both
run in alternating rounds (python-osc first in even rounds, livectl first in odd ones); each
round's ratio compares like with like on a shared machine, and the median ratio is printed.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from typing import Any

from pythonosc.osc_message import OscMessage
from pythonosc.osc_message_builder import OscMessageBuilder

from livectl.script.osc import decode_messages, encode_message

TARGET = 5.0  # issue 11: at least 5x faster than python-osc for both


def note_page(count: int = 377, seed: int = 1) -> list[Any]:
    rng = random.Random(seed)
    args: list[Any] = [0, 0]
    for i in range(count):
        args += [rng.randrange(128), i * 0.25, 0.25, float(rng.randrange(1, 128)), i % 7 == 0]
    return args


def python_osc(address: str, args: list[Any], n: int) -> float:
    """Nanoseconds per encode + decode with python-osc."""
    t0 = time.perf_counter_ns()
    for _ in range(n):
        builder = OscMessageBuilder(address)
        for value in args:
            builder.add_arg(value)
        OscMessage(builder.build().dgram).params  # noqa: B018 (the decoding is the point)
    return (time.perf_counter_ns() - t0) / n


def livectl(address: str, args: list[Any], n: int) -> float:
    """Nanoseconds per encode + decode with livectl's codec."""
    t0 = time.perf_counter_ns()
    for _ in range(n):
        decode_messages(encode_message(address, args))
    return (time.perf_counter_ns() - t0) / n


def compare(address: str, args: list[Any], n: int, rounds: int) -> tuple[float, float, float]:
    """(median ratio python-osc / livectl, median python-osc ns, median livectl ns)."""
    builder = OscMessageBuilder(address)
    for value in args:
        builder.add_arg(value)
    reference = builder.build().dgram
    ours = encode_message(address, args)
    if ours != reference:
        raise AssertionError(f"{address}: livectl's bytes differ from python-osc's")
    if list(decode_messages(reference)[0].args) != OscMessage(reference).params:
        raise AssertionError(f"{address}: livectl decodes python-osc's bytes differently")
    python_osc(address, args, 1), livectl(address, args, 1)  # warm up (livectl's caches)
    ratios, theirs_ns, ours_ns = [], [], []
    for r in range(rounds):
        if r % 2 == 0:
            theirs = python_osc(address, args, n)
            mine = livectl(address, args, n)
        else:
            mine = livectl(address, args, n)
            theirs = python_osc(address, args, n)
        ratios.append(theirs / mine)
        theirs_ns.append(theirs)
        ours_ns.append(mine)
    return statistics.median(ratios), statistics.median(theirs_ns), statistics.median(ours_ns)


def _us(ns: float) -> str:
    return f"{ns / 1000:.2f} us" if ns < 100_000 else f"{ns / 1e6:.2f} ms"


def main(quick: bool) -> None:
    # Many short rounds rather than a few long ones: on a shared machine, a burst of load
    # then spoils a few rounds' ratios, not the median.
    rounds = 21 if quick else 101
    cases = [
        ("tempo query encode+decode", "/live/song/get/tempo", [], 500 if quick else 2000, True),
        (
            "377-note page encode+decode",
            "/live/clip/get/notes",
            note_page(),
            2 if quick else 5,
            True,
        ),
        (
            "tempo reply encode+decode (info)",
            "/live/song/get/tempo",
            [120.0],
            500 if quick else 2000,
            False,
        ),
    ]
    for label, address, args, n, targeted in cases:
        ratio, theirs, mine = compare(address, args, n, rounds)
        verdict = ""
        if targeted:
            verdict = f"; target >= {TARGET:.0f}x: {'met' if ratio >= TARGET else 'NOT met'}"
        print(
            f"{label}: {ratio:.1f}x faster than python-osc, median of {rounds} alternating "
            f"rounds (livectl {_us(mine)}, python-osc {_us(theirs)}){verdict}",
            flush=True,
        )


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
