"""Hostile datagrams against livectl's script: each found by fuzzing the old emulator.

Over UDP they go through the very script the emulator hosts (livectl.script); the bounds are
also checked in-process on the same dispatcher with small limits.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from emu_peer import CoreClient, Peer, start_emulator

from livectl.script.handlers import _generic, clip
from livectl.script.table.endpoints import glob_prefix, match

BOMBS = [
    "/live/((.+)+)+!*",  # 24 bytes: catastrophic backtracking in a regex engine
    "/live/(a*)*b*",
    "/live/[*",
    "/live/song/get/(*",
]


# A backtracking regex engine would take minutes to hours on these; livectl answers in
# milliseconds. 5 s tells the two apart and outlasts a stall of a busy machine (the suite's
# realtime phase can hold both cores for over a second: a 1 s bound failed once).
AT_ONCE_S = 5.0


@pytest.mark.parametrize("tick_s", [0.0, 0.1], ids=["tick0", "tick100ms"])
@pytest.mark.parametrize("pattern", BOMBS)
def test_regex_bombs_are_answered_at_once_over_udp(peer: Peer, pattern: str,
                                                   tick_s: float) -> None:
    emu = start_emulator(peer, tick_s=tick_s)
    try:
        started = time.monotonic()
        peer.send(pattern)
        address, args = peer.next(timeout=2.0)
        while address in ("/live/startup", "/live/application/get/average_process_usage"):
            address, args = peer.next(timeout=2.0)
        assert time.monotonic() - started < AT_ONCE_S
        assert address == "/live/error"
        assert "regex syntax" in args[0] and "only '*'" in args[0]
        assert peer.query("/live/song/get/tempo") == (120.0,)  # still serving
    finally:
        emu.close()


def test_a_pattern_of_many_stars_matches_nothing_quickly(peer: Peer) -> None:
    emu = start_emulator(peer)
    try:
        started = time.monotonic()
        peer.send("/live/" + "*a" * 40 + "!")  # no match: no reply, as in AbletonOSC
        assert peer.query("/live/song/get/tempo") == (120.0,)
        assert time.monotonic() - started < AT_ONCE_S
    finally:
        emu.close()


def test_star_patterns_keep_abletonosc_prefix_semantics() -> None:
    assert glob_prefix("/live/track/get/*", "/live/track/get/clips/name")  # prefix match
    assert not glob_prefix("/live/track/get/*", "/live/track/get/")  # * is one or more
    assert not glob_prefix("/live/*/get/tempo", "/live/a/b/get/tempo")  # * stops at /
    names = [r.address for r in match("/live/song/get/t*")]
    assert "/live/song/get/tempo" in names and "/live/song/get/track_names" in names
    started = time.perf_counter()
    assert match("/live/" + "*" * 200) == ()
    assert time.perf_counter() - started < AT_ONCE_S


@pytest.mark.parametrize("tick_s", [0.0, 0.1], ids=["tick0", "tick100ms"])
def test_structure_export_replaces_a_planted_symlink_instead_of_following_it(
    peer: Peer, tmp_path: Path, tick_s: float
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out_dir = tmp_path / "structure"
    out_dir.mkdir()
    link = out_dir / "abletonosc-song-structure.json"
    link.symlink_to(victim)
    emu = start_emulator(peer, structure_dir=str(out_dir), tick_s=tick_s)
    try:
        assert peer.query("/live/song/export/structure") == (1,)
    finally:
        emu.close()
    assert victim.read_text() == "precious"
    assert not link.is_symlink() and '"tracks"' in link.read_text()
    assert [p.name for p in out_dir.iterdir()] == [link.name]  # no temporary file left
    assert os.stat(link).st_nlink == 1


def test_notes_per_clip_are_bounded_with_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clip, "MAX_NOTES_PER_CLIP", 10)
    core = CoreClient()
    core.send("/live/clip_slot/create_clip", 0, 0, 4)
    notes: list[object] = []
    for i in range(8):
        notes += [60, i * 0.25, 0.25, 100, False]
    assert core.send("/live/clip/add/notes", 0, 0, *notes) == []
    text = core.error("/live/clip/add/notes", 0, 0, *notes)
    assert "notes per clip must be at most 10: the clip holds 8 and 8 more were sent" in text
    assert len(core.query("/live/clip/get/notes", 0, 0)) == 2 + 8 * 5  # nothing added


def test_the_note_bound_counts_exactly_after_removals_other_paths_and_a_new_clip(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The script remembers an upper bound per clip and counts (copying every note) only
    # when that bound would pass the limit: removals and a new clip must not refuse notes
    # that fit, and notes added by add/notes_extended count too.
    monkeypatch.setattr(clip, "MAX_NOTES_PER_CLIP", 10)
    core = CoreClient()
    core.send("/live/clip_slot/create_clip", 0, 0, 4)
    eight: list[object] = []
    for i in range(8):
        eight += [60, i * 0.25, 0.25, 100, False]
    assert core.send("/live/clip/add/notes", 0, 0, *eight) == []
    assert core.send("/live/clip/remove/notes", 0, 0) == []
    assert core.send("/live/clip/add/notes", 0, 0, *eight) == []  # 8, not 16
    core.send("/live/clip_slot/delete_clip", 0, 0)
    core.send("/live/clip_slot/create_clip", 0, 0, 4)
    assert core.send("/live/clip/add/notes", 0, 0, *eight) == []  # a new clip holds 0
    assert core.query("/live/clip/add/notes_extended", 0, 0,
                      61, 0.0, 1.0, 100, False, 1.0, 0.0, 64,
                      62, 0.0, 1.0, 100, False, 1.0, 0.0, 64)[:2] == (0, 0)
    text = core.error("/live/clip/add/notes", 0, 0, 63, 0.0, 1.0, 100, False)
    assert "notes per clip must be at most 10: the clip holds 10 and 1 more were sent" in text
    assert len(core.query("/live/clip/get/notes", 0, 0)) == 2 + 10 * 5


def test_listeners_are_bounded_with_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_generic, "MAX_LISTENERS", 3)
    core = CoreClient()
    for prop in ("tempo", "is_playing", "metronome"):
        core.send(f"/live/song/start_listen/{prop}")
    core.send("/live/song/start_listen/tempo")  # the same listener again: replaced, allowed
    text = core.error("/live/song/start_listen/loop")
    assert "listeners must be at most 3 at once" in text
    core.send("/live/song/stop_listen/tempo")
    out = core.send("/live/song/start_listen/loop")
    assert out and out[0][0] == "/live/song/get/loop"


def test_a_flood_between_ticks_is_bounded() -> None:
    from livectl.script.dispatch import MAX_QUEUE

    core = CoreClient()
    for _ in range(MAX_QUEUE + 100):
        core.core.receive(b"/live/song/get/tempo\x00\x00\x00\x00,\x00\x00\x00", core.ADDR)
    assert core.core.pending == MAX_QUEUE
    assert core.core.dispatcher.dropped == 100
