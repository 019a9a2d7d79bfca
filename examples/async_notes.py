"""asyncio: write a C major scale into a clip, read it back, all awaited.

    python examples/async_notes.py [--port 11000] [--reply-port 11001]
"""

from __future__ import annotations

import argparse
import asyncio

import livectl.client as livectl
from livectl.model import Note


async def run(port: int, reply_port: int) -> int:
    live = await livectl.aconnect(port=port, reply_port=reply_port)
    async with live:
        await live.song.set("tempo", 96)
        clip = await live.song.tracks[0].clip_slots[1].create_clip(8)
        scale = [60, 62, 64, 65, 67, 69, 71, 72]
        await clip.add_notes(Note(p, i, 1, 90) for i, p in enumerate(scale))
        notes = await clip.notes
        print(" ".join(str(n.pitch) for n in notes))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=11000)
    parser.add_argument("--reply-port", type=int, default=11001)
    args = parser.parse_args(argv)
    return asyncio.run(run(args.port, args.reply_port))


if __name__ == "__main__":
    raise SystemExit(main())
