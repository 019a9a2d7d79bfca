"""Big clips read over livectl's session protocol as pitch bands, several requests at once:
the same notes, in the same order, as one request gives."""

from __future__ import annotations

import random

from livectl.client import connect
from livectl.emulator import Emulator
from livectl.model import Note
from livectl.model.notes_ext import BAND_NOTES, MAX_BANDS


def clip_notes(count: int, seed: int = 3) -> list[Note]:
    rng = random.Random(seed)
    notes = {(rng.randrange(128), rng.randrange(4096) / 16): rng.randrange(1, 128)
             for _ in range(count)}
    return sorted((Note(p, t, 1 / 16, v) for (p, t), v in notes.items()),
                  key=lambda n: (n.pitch, n.start_beats))


def test_a_big_clip_is_read_as_bands_and_comes_back_exactly(reply_port: int) -> None:
    notes = clip_notes(5 * BAND_NOTES)
    with Emulator(port=0, reply_port=reply_port, tick_s=0) as emu, \
            connect(port=emu.port, reply_port=reply_port) as live:
        assert live.protocol == "livectl"
        clip = live.song.tracks[0].clip_slots[0].create_clip(256)
        clip.set_notes(notes)
        sent: list[bytes] = []
        transport = live._engine._transport  # the client's own socket only
        send = transport.send

        def spy(data: bytes, addr: tuple[str, int]) -> None:
            sent.append(data)
            send(data, addr)

        transport.send = spy
        back = clip.notes
        transport.send = send
        assert back == notes
        held = emu.engine.song.tracks[0].clip_slots[0].clip.get_all_notes_extended()
        assert sorted(n.note_id for n in back) == sorted(n.note_id for n in held)
        reads = sum(d.count(b"/get/notes_extended") for d in sent)  # a batch: one bundle
        assert 2 <= reads <= MAX_BANDS  # bands, not one request
        # a fresh Clip object knows nothing of the clip yet: one request, the same notes
        fresh = live.song.tracks[0].clip_slots[0].clip
        assert fresh.notes == notes


def test_bands_cover_every_pitch_and_notes_come_back_sorted(reply_port: int) -> None:
    # every note at the edges of the bands, and notes added out of order by another path
    notes = [Note(p, float(k), 0.5, 64 + (k % 2) / 2) for p in range(128) for k in range(30)]
    with Emulator(port=0, reply_port=reply_port, tick_s=0) as emu, \
            connect(port=emu.port, reply_port=reply_port) as live:
        clip = live.song.tracks[0].clip_slots[0].create_clip(64)
        clip.add_notes(list(reversed(notes)))
        assert clip.notes == notes
        assert len(clip.notes) == len(notes) == 3840
        emu.engine.song.tracks[0].clip_slots[0].clip.remove_notes_extended(0, 64, -1e6, 2e6)
        assert clip.notes == [n for n in notes if n.pitch >= 64]
