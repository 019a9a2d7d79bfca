"""Song.begin_undo_step / end_undo_step through livectl's extension addresses: every change
between them is one undo step (python-osc as the peer, the emulator hosting the script)."""

from __future__ import annotations

from typing import Any

from emu_peer import Peer

from livectl.emulator import Emulator
from livectl.emulator.lom import LiveEngine

ERROR = "/live/error"


def _call(peer: Peer, address: str, *args: Any) -> tuple[Any, ...]:
    peer.send(address, *args)
    while True:
        got, values = peer.next()
        if got == address:
            return values
        assert got != ERROR, f"{address} {args}: {values[0]}"


def _do(peer: Peer, address: str, *args: Any) -> None:
    peer.send(address, *args)
    peer.sync()
    errors = [m for m in peer.silent(0.0) if m[0] == ERROR]
    assert not errors, errors


def _tracks(peer: Peer) -> int:
    return int(_call(peer, "/live/song/get/num_tracks")[0])


def test_changes_between_begin_and_end_are_one_undo_step(emu: Emulator, peer: Peer) -> None:
    before = _tracks(peer)
    _do(peer, "/live/song/begin_undo_step")
    _do(peer, "/live/song/create_midi_track", -1)
    _do(peer, "/live/clip_slot/create_clip", before, 0, 4.0)
    _do(peer, "/live/song/create_midi_track", -1)
    _do(peer, "/live/song/end_undo_step")
    assert _tracks(peer) == before + 2
    _do(peer, "/live/song/undo")
    assert _tracks(peer) == before
    _do(peer, "/live/song/redo")
    assert _tracks(peer) == before + 2
    assert _call(peer, "/live/clip_slot/get/has_clip", before, 0) == (before, 0, True)
    # Without a pair each change is its own step again.
    _do(peer, "/live/song/create_midi_track", -1)
    _do(peer, "/live/song/create_midi_track", -1)
    _do(peer, "/live/song/undo")
    assert _tracks(peer) == before + 3


def test_undo_step_addresses_refuse_arguments(emu: Emulator, peer: Peer) -> None:
    peer.send("/live/song/begin_undo_step", 1)
    text = str(peer.expect(ERROR)[0])
    assert "/live/song/begin_undo_step: takes 0 arguments, got 1" in text


def test_lom_groups_nest_and_an_unmatched_end_is_harmless() -> None:
    song = LiveEngine().song
    song.end_undo_step()  # nothing open: ignored, as Live does
    n = len(song.tracks)
    song.begin_undo_step()
    song.create_midi_track(-1)
    song.begin_undo_step()
    song.create_scene(-1)
    song.end_undo_step()
    assert song.can_undo  # an open step already holds an edit
    song.create_midi_track(-1)
    song.end_undo_step()
    scenes = len(song.scenes)
    song.undo()
    assert (len(song.tracks), len(song.scenes)) == (n, scenes - 1)
    song.redo()
    assert (len(song.tracks), len(song.scenes)) == (n + 2, scenes)
