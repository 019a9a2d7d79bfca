"""Generated notes into a clip of the emulator, over real UDP, through the real client."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

import livectl.client as client
from livectl.compose import MelodyModel, Note, groove
from livectl.emulator import Emulator
from livectl.errors import ValidationError
from livectl.output.live import to_clip_notes, write_clip


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def live() -> Iterator[client.Live]:
    reply_port = _free_port()
    with Emulator(port=0, reply_port=reply_port, tick_s=0) as emu, \
            client.connect(port=emu.port, reply_port=reply_port, timeout=1.0) as lv:
        yield lv


def _key(n: object) -> tuple[int, float, float, float]:
    return (n.pitch, n.start_beats, n.duration_beats, n.velocity)


def test_melody_lands_in_a_new_clip(live: client.Live) -> None:
    notes = MelodyModel(2, 2).fit([[60, 62, 64, 65, 67, 65, 64, 62, 60]]).generate(
        4, key="C:major", seed=5)
    clip = write_clip(live, notes, track=0, slot=1, name="melody")
    assert live.song.tracks[0].clip_slots[1].has_clip
    assert clip.name == "melody"
    assert clip.length == 16.0
    got = sorted(clip.notes, key=_key)
    want = sorted(to_clip_notes(notes), key=_key)
    assert [_key(n) for n in got] == [_key(n) for n in want]


def test_replace_and_add(live: client.Live) -> None:
    drums = groove("rock").to_notes(bars=1)
    clip = write_clip(live, drums, track=1, slot=0)
    assert len(clip.notes) == len(drums)
    write_clip(live, [Note(49, 0, 1)], track=1, slot=0, replace=False)
    assert len(clip.notes) == len(drums) + 1
    write_clip(live, [Note(49, 0, 1)], track=1, slot=0)
    assert [n.pitch for n in clip.notes] == [49]


def test_bad_input_is_refused_before_sending(live: client.Live) -> None:
    with pytest.raises(ValidationError, match=r"expected livectl\.Note"):
        write_clip(live, [(60, 0, 1)])  # type: ignore[list-item]
    with pytest.raises(ValidationError, match="track must be >= 0"):
        write_clip(live, [Note(60, 0, 1)], track=-1)
    assert not live.song.tracks[0].clip_slots[0].has_clip
