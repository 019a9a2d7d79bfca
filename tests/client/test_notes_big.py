"""Big clips: 10,000 notes written and read back exactly, in pages below the safe size."""

from __future__ import annotations

import random

import pytest

from livectl.client import connect
from livectl.emulator import Emulator
from livectl.model import Note
from livectl.model.note import NOTES_PER_DATAGRAM, SAFE_DATAGRAM, note_args
from livectl.protocol import encode_message


def ten_thousand(seed: int = 7) -> list[Note]:
    """10,000 notes that Live keeps as given: no two of one pitch overlap (Live would trim
    them), every time is exact in float32 (multiples of 1/64)."""
    rng = random.Random(seed)
    notes = []
    for i in range(10_000):
        pitch, slot = i % 128, i // 128
        start = slot * 0.5 + rng.randrange(16) / 64
        notes.append(Note(pitch, start, rng.randrange(1, 16) / 64, rng.randrange(1, 128),
                          rng.random() < 0.1))
    return sorted(notes, key=lambda n: (n.pitch, n.start_beats))


def test_a_full_page_fits_the_safe_size() -> None:
    page = [Note(127, -16000.5, 1000.25, 126.5, True)] * NOTES_PER_DATAGRAM
    data = encode_message("/live/clip/add/notes", (999, 999, *(a for n in page for a in note_args(n))))
    assert len(data) <= SAFE_DATAGRAM < 9216


@pytest.mark.parametrize("max_datagram", [65507, 9216])
def test_ten_thousand_notes_round_trip_exactly(reply_port: int, max_datagram: int) -> None:
    notes = ten_thousand()
    with Emulator(port=0, reply_port=reply_port, tick_s=0, max_datagram=max_datagram) as emu, \
            connect(port=emu.port, reply_port=reply_port) as live:
        clip = live.song.tracks[0].clip_slots[0].create_clip(64)
        assert clip.add_notes(reversed(notes)) == 10_000
        back = clip.notes
        assert back == notes
        assert len(emu.engine.song.tracks[0].clip_slots[0].clip.get_notes_extended(0, 128, -1e6, 2e6)) == 10_000
        # a range read pages too and returns exactly the notes in range
        mid = clip.get_notes(40, 20, 10.0, 20.0)
        assert mid == [n for n in notes if 40 <= n.pitch < 60 and 10.0 <= n.start_beats < 30.0]


def test_every_datagram_the_client_sends_is_small(reply_port: int) -> None:
    sizes: list[int] = []

    with Emulator(port=0, reply_port=reply_port, tick_s=0) as emu, \
            connect(port=emu.port, reply_port=reply_port) as live:
        clip = live.song.tracks[0].clip_slots[0].create_clip(64)
        transport = live._engine._transport  # the client's own socket only
        send = transport.send

        def spy(data: bytes, addr: tuple[str, int]) -> None:
            sizes.append(len(data))
            send(data, addr)

        transport.send = spy
        clip.set_notes(ten_thousand(3)[:4000])
    assert len(sizes) > 10 and max(sizes) <= SAFE_DATAGRAM


def test_set_notes_over_the_session_protocol_replaces_everything(reply_port: int) -> None:
    # livectl's script applies each request once, so set_notes clears and adds full pages
    # (no read, no per-note removals); the result is what the footprint pages left: the
    # clip's old notes gone (one at a pitch and start that comes again, too), the later of
    # two notes at one pitch and start kept, an empty list empties the clip.
    with Emulator(port=0, reply_port=reply_port, tick_s=0) as emu, \
            connect(port=emu.port, reply_port=reply_port) as live:
        assert live.protocol == "livectl"
        clip = live.song.tracks[0].clip_slots[0].create_clip(64)
        clip.add_notes([Note(60, 0.0, 1.0, 90), Note(62, 1.0, 1.0, 90), Note(64, 2.0, 1.0, 90)])
        notes = ten_thousand(5)
        new = [Note(60, 0.0, 0.5, 10), *notes, Note(60, 0.0, 0.25, 20)]
        assert clip.set_notes(new) == 10_001
        back = clip.notes
        assert len(back) == 10_001
        assert [n for n in back if n.pitch == 60 and n.start_beats == 0.0] == [
            Note(60, 0.0, 0.25, 20)]
        assert [n for n in back if n.pitch in (62, 64) and n.velocity == 90] == []
        assert back == sorted([*notes, Note(60, 0.0, 0.25, 20)],
                              key=lambda n: (n.pitch, n.start_beats))
        held = emu.engine.song.tracks[0].clip_slots[0].clip
        assert len(held.get_all_notes_extended()) == 10_001
        clip.set_notes([])
        assert clip.notes == [] and len(held.get_all_notes_extended()) == 0
