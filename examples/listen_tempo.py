"""Listeners: print the tempo and the beat as they change, for a few beats.

    python examples/listen_tempo.py [--port 11000] [--reply-port 11001] [--beats 4]
"""

from __future__ import annotations

import argparse
import queue

import livectl.client as livectl


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=11000)
    parser.add_argument("--reply-port", type=int, default=11001)
    parser.add_argument("--beats", type=int, default=4)
    args = parser.parse_args(argv)

    beats: queue.Queue[int] = queue.Queue()
    with livectl.connect(port=args.port, reply_port=args.reply_port) as live:
        song = live.song
        song.stop_playing()  # so the beats printed are this run's, from beat 0
        tempo = song.tempo
        try:
            with song.listen("tempo", lambda bpm: print(f"tempo {bpm:g}")), \
                    song.on_beat(beats.put):
                song.tempo = 600  # fast, so the example ends quickly
                song.start_playing()
                for _ in range(args.beats):
                    print(f"beat {beats.get(timeout=5.0)}")
        finally:
            # Leave the set as it was: with real Live this is someone's song.
            song.stop_playing()
            song.tempo = tempo
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
