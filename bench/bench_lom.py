"""The emulator's object model: notes at scale and the transport's cost per tick.

Ratios against baselines measured in the same run (medians):

* add 10,000 notes to a clip (``add_new_notes``), against the least any sorted store must do:
  build 10,000 tuples and ``list.sort`` them;
* a range query (12 pitches x 8 beats) on a 10,000-note clip (``get_notes_extended``, one
  bisection per pitch), against a linear scan + sort, the naive way;
* one ``engine.advance()`` with 16 looping clips playing and a song-time listener, against
  doing the same arithmetic and the same 17 listener calls by hand.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

from livectl.emulator.lom import LiveEngine, MidiNoteSpecification


def _median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _notes(count: int, seed: int = 1) -> list[tuple[int, float, float, float]]:
    rng = random.Random(seed)
    return [(rng.randrange(128), rng.uniform(0, 64), 0.25, float(rng.randrange(1, 128)))
            for _ in range(count)]


def main(quick: bool) -> None:
    repeat = 3 if quick else 9
    notes = _notes(10_000)

    def lom_add() -> None:
        clip = LiveEngine(clock=lambda: 0.0).song.tracks[0].clip_slots[0].create_clip(64.0)
        clip.add_new_notes([MidiNoteSpecification(p, t, d, v) for p, t, d, v in notes])

    def base_add() -> None:
        LiveEngine(clock=lambda: 0.0)  # same set-up cost on both sides
        rows = [(p, t, d, v, False) for p, t, d, v in notes]
        rows.sort()

    add_ratio = _median(lom_add, repeat) / _median(base_add, repeat)
    print(f"add 10,000 notes: {add_ratio:.2f}x the time of building and sorting 10,000 tuples")

    clip = LiveEngine(clock=lambda: 0.0).song.tracks[0].clip_slots[0].create_clip(64.0)
    clip.add_new_notes([MidiNoteSpecification(p, t, d, v) for p, t, d, v in notes])
    rows = [(p, t, d, v, False) for p, t, d, v in notes]
    queries = 20 if quick else 100

    def lom_query() -> None:
        for i in range(queries):
            clip.get_notes_extended(48 + i % 24, 12, float(i % 48), 8.0)

    def base_query() -> None:
        for i in range(queries):
            low = 48 + i % 24
            start = float(i % 48)
            sorted(r for r in rows if low <= r[0] < low + 12 and start <= r[1] < start + 8.0)

    query_ratio = _median(lom_query, repeat) / _median(base_query, repeat)
    print(f"range query on 10,000 notes: {query_ratio:.3f}x the time of a linear scan + sort")

    now = [0.0]
    engine = LiveEngine(clock=lambda: now[0])
    song = engine.song
    for _ in range(14):
        song.create_midi_track(-1)
    clips = [t.clip_slots[0].create_clip(4.0) for t in song.tracks if t.has_midi_input]
    for clip in clips:
        clip.fire()
    song.add_current_song_time_listener(lambda: None)
    ticks = 200 if quick else 1000

    def lom_advance() -> None:
        for _ in range(ticks):
            now[0] += 0.1
            engine.advance()

    state = {"time": 0.0, "positions": [0.0] * len(clips)}
    listeners = [lambda: None] * (len(clips) + 1)

    def base_advance() -> None:
        for _ in range(ticks):
            beats = 0.1 * 120.0 / 60.0
            state["time"] += beats  # type: ignore[operator]
            positions = state["positions"]
            for i in range(len(positions)):  # type: ignore[arg-type]
                positions[i] = (positions[i] + beats) % 4.0  # type: ignore[index]
            for listener in listeners:
                listener()

    advance_ratio = _median(lom_advance, repeat) / _median(base_advance, repeat)
    print(f"engine.advance() with {sum(c.is_playing for c in clips)} playing clips: {advance_ratio:.1f}x the hand-written "
          f"arithmetic and listener calls")


if __name__ == "__main__":
    main(quick=False)
