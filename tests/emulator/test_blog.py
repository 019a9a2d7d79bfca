"""The blog's script, verbatim, against the emulator at Live's default 100 ms tick."""

from __future__ import annotations

import itertools

import pytest
from emu_peer import Peer, start_emulator
from pythonosc.udp_client import SimpleUDPClient


def test_blog_script_verbatim_then_state_listeners_and_beats(peer: Peer) -> None:
    emu = start_emulator(peer, tick_s=0.1)  # Live's tick, as in the blog's setting
    try:
        peer.expect("/live/startup")
        port = emu.port

        # --- the blog's script, verbatim (port is the emulator's) -------------------------
        client = SimpleUDPClient("127.0.0.1", port)
        client.send_message("/live/song/set/tempo", 140)
        client.send_message("/live/clip_slot/create_clip", [0, 0, 4])
        client.send_message("/live/clip/add/notes", [0, 0, 60, 0.0, 1.0, 100, False])
        client.send_message(
            "/live/clip/add/notes",
            [0, 0, 64, 1.0, 1.0, 100, False, 67, 2.0, 1.0, 100, False, 72, 3.0, 1.0, 100, False],
        )
        client.send_message("/live/clip/fire", [0, 0])
        # ---------------------------------------------------------------------------------

        assert peer.query("/live/song/get/tempo") == (140.0,)
        assert peer.query("/live/clip/get/length", 0, 0) == (0, 0, 4.0)
        notes = peer.query("/live/clip/get/notes", 0, 0)
        assert notes == (
            0,
            0,
            60,
            0.0,
            1.0,
            100.0,
            False,
            64,
            1.0,
            1.0,
            100.0,
            False,
            67,
            2.0,
            1.0,
            100.0,
            False,
            72,
            3.0,
            1.0,
            100.0,
            False,
        )
        assert peer.query("/live/clip/get/is_playing", 0, 0) == (0, 0, True)
        assert peer.query("/live/song/get/is_playing") == (True,)
        assert peer.query("/live/track/get/playing_slot_index", 0) == (0, 0)

        # Listeners deliver while the transport runs: song time, playing position, beats.
        peer.send("/live/song/start_listen/current_song_time")
        peer.send("/live/clip/start_listen/playing_position", 0, 0)
        peer.send("/live/song/start_listen/beat")
        times = [peer.expect("/live/song/get/current_song_time")[0] for _ in range(6)]
        assert times == sorted(times) and times[-1] > times[0]
        positions = [peer.expect("/live/clip/get/playing_position")[2] for _ in range(4)]
        assert positions[-1] != positions[0]
        beats = [peer.expect("/live/song/get/beat", timeout=3.0)[0] for _ in range(3)]
        assert beats == sorted(beats) and len(set(beats)) == 3
        assert all(isinstance(b, int) for b in beats)
    finally:
        emu.close()


@pytest.mark.timing
def test_time_listener_interval_is_within_100ms_while_playing(peer: Peer) -> None:
    emu = start_emulator(peer)
    try:
        peer.expect("/live/startup")
        peer.send("/live/song/start_playing")
        peer.send("/live/song/start_listen/current_song_time")
        peer.expect("/live/song/get/current_song_time")
        stamps = []
        for _ in range(15):
            t, address, _ = peer.next_timed()
            if address == "/live/song/get/current_song_time":
                stamps.append(t)
        gaps = [b - a for a, b in itertools.pairwise(stamps)]
        assert gaps and max(gaps) < 0.1, gaps
    finally:
        emu.close()
