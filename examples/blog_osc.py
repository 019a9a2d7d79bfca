"""The blog's AbletonOSC script, rewritten with livectl's client.

The original sends raw OSC: /live/song/set/tempo 140, /live/clip_slot/create_clip 0 0 4,
/live/clip/add/notes 0 0 ... (four notes), /live/clip/fire 0 0 -- and hopes the clip exists
before the notes arrive. Here each step returns once Live has done it, bad values fail before
anything is sent, and a missing Live gives a timeout that says what to check.

    python examples/blog_osc.py [--port 11000] [--reply-port 11001]
"""

from __future__ import annotations

import argparse

import livectl.client as livectl
from livectl.model import Note


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=11000)
    parser.add_argument("--reply-port", type=int, default=11001)
    args = parser.parse_args(argv)

    with livectl.connect(args.host, args.port, args.reply_port) as live:
        live.song.tempo = 140
        clip = live.song.tracks[0].clip_slots[0].create_clip(4)  # returns once the clip exists
        clip.add_notes([Note(60, 0, 1, 100), Note(64, 1, 1, 100),
                        Note(67, 2, 1, 100), Note(72, 3, 1, 100)])
        clip.fire()
        print(f"{clip!r} playing at {live.song.tempo:g} BPM with {len(clip.notes)} notes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
