"""livectl's session protocol (script/session.py) over real UDP, at tick 0 and Live's tick.

The peer is python-osc (session_peer.py, written from the protocol's description).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from emu_peer import Peer, start_emulator
from session_peer import SessionError, SessionPeer

from livectl.emulator import Emulator

# Short enough that the lease test sees a silent session dropped within seconds, long enough
# that a live one outlasts a stall of this process: under scripts/test the realtime phase
# can hold both cores for over a second (1.2 s measured), and a 1 s lease once expired a
# session between two requests.
LEASE_S = 3.0


@pytest.fixture(params=[0.0, 0.1], ids=["tick0", "tick100ms"])
def emu(request: pytest.FixtureRequest, peer: Peer) -> Iterator[Emulator]:
    emulator = start_emulator(peer, tick_s=request.param, session_lease_s=LEASE_S)
    try:
        yield emulator
    finally:
        emulator.close()


@pytest.fixture
def client(emu: Emulator) -> Iterator[SessionPeer]:
    c = SessionPeer(emu.port)
    try:
        yield c
    finally:
        c.close()


def _tempo_listeners(emu: Emulator) -> int:
    return len(emu.engine.song._listeners.get("tempo", ()))


def test_connect_says_who_answers(client: SessionPeer) -> None:
    token, session, version, capabilities, lease_s, max_part = client.connect()
    assert token == client.token and session >= 1
    assert version.count(".") == 2
    assert {"request-ids", "replay", "own-listeners", "lease", "parts"} <= set(capabilities.split(","))
    assert lease_s == pytest.approx(LEASE_S) and 512 <= max_part <= 65507


def test_each_request_ends_in_done_or_its_own_error(client: SessionPeer, emu: Emulator) -> None:
    client.connect()
    assert client.request("/live/song/set/tempo", 133.0) == []
    assert client.request("/live/song/get/tempo") == [("/live/song/get/tempo", (133.0,))]
    with pytest.raises(SessionError, match="Index out of range"):
        client.request("/live/track/get/name", 99)
    with pytest.raises(SessionError, match="Unknown OSC address: /live/nope"):
        client.request("/live/nope")
    # a refused write is an error of that very request, never a success
    with pytest.raises(SessionError):
        client.request("/live/song/set/loop_length", 0.0)
    names = client.request("/live/track/get/*", 0)
    assert ("/live/track/get/name", (0, "1-MIDI")) in names


def test_a_retransmit_is_answered_from_the_replay_cache_and_applied_once(
    client: SessionPeer, emu: Emulator
) -> None:
    client.connect()
    scenes = len(emu.engine.song.scenes)
    assert client.request("/live/song/create_scene", -1, request_id=41) == []
    assert client.request("/live/song/create_scene", -1, request_id=41) == []  # the same id
    assert len(emu.engine.song.scenes) == scenes + 1
    with pytest.raises(SessionError):
        client.request("/live/track/get/name", 99, request_id=42)
    with pytest.raises(SessionError):  # the same error again, from the cache
        client.request("/live/track/get/name", 99, request_id=42)


def test_replies_go_to_the_clients_own_port_and_plain_clients_keep_theirs(
    emu: Emulator, peer: Peer, client: SessionPeer
) -> None:
    peer.send("/live/song/start_listen/tempo")
    assert peer.expect("/live/song/get/tempo") == (120.0,)
    client.connect()
    client.request("/live/song/set/tempo", 121.0)
    # the plain AbletonOSC client still gets its listener on port 11001-style reply port
    assert peer.expect("/live/song/get/tempo") == (121.0,)


def test_listeners_are_per_client_and_go_with_the_client(emu: Emulator) -> None:
    a, b = SessionPeer(emu.port, name="a"), SessionPeer(emu.port, name="b")
    try:
        a.connect()
        b.connect()
        base = _tempo_listeners(emu)
        a.request("/live/song/start_listen/tempo")
        assert a.next_event() == ("/live/song/get/tempo", (120.0,))
        b.request("/live/song/start_listen/is_playing")
        assert b.next_event() == ("/live/song/get/is_playing", (False,))
        b.request("/live/song/set/tempo", 99.0)
        assert a.next_event() == ("/live/song/get/tempo", (99.0,))
        assert b.events == []  # b never asked for tempo
        assert _tempo_listeners(emu) == base + 1
        a.peer.send("/livectl/close", a.token)
        b.request("/live/song/get/tempo")  # a sync point after a's close
        assert _tempo_listeners(emu) == base
    finally:
        a.close()
        b.close()


def test_a_silent_client_loses_its_listeners_after_the_lease(emu: Emulator) -> None:
    a, b = SessionPeer(emu.port, name="a"), SessionPeer(emu.port, name="b")
    try:
        a.connect()
        b.connect()
        base = _tempo_listeners(emu)
        a.request("/live/song/start_listen/tempo")
        assert _tempo_listeners(emu) == base + 1
        deadline = time.monotonic() + LEASE_S + 5
        while _tempo_listeners(emu) != base:  # b keeps talking; a is silent past the lease
            assert time.monotonic() < deadline, "the silent session was not dropped"
            b.peer.send("/livectl/ping", b.token)
            assert b.peer.expect("/livectl/ping") == (b.token,)
            time.sleep(0.1)
        with pytest.raises(SessionError, match="no livectl session"):
            a.request("/live/song/get/tempo")
    finally:
        a.close()
        b.close()


def test_a_stolen_token_from_another_port_is_refused(client: SessionPeer, emu: Emulator) -> None:
    client.connect()
    thief = SessionPeer(emu.port, token=client.token)
    try:
        with pytest.raises(SessionError, match="no livectl session for this token"):
            thief.request("/live/song/set/tempo", 60.0)
        thief.peer.send("/livectl/connect", client.token, "x")
        assert thief.peer.expect("/livectl/err")[2] == "this token belongs to another address"
        assert emu.engine.song.tempo == 120.0
    finally:
        thief.close()


def test_a_reply_bigger_than_a_part_is_split_and_joined(client: SessionPeer, emu: Emulator) -> None:
    client.connect()
    client.request("/live/clip_slot/create_clip", 0, 0, 64)
    notes: list[object] = []
    for i in range(1500):
        notes += [36 + i % 48, i * 0.03125, 0.03125, 1 + i % 127, False]
    for start in range(0, len(notes), 500):
        client.request("/live/clip/add/notes", 0, 0, *notes[start:start + 500])
    ((address, args),) = client.request("/live/clip/get/notes", 0, 0)
    assert address == "/live/clip/get/notes"
    assert len(args) == 2 + 1500 * 5  # 1,500 notes: about 24 KB, over three parts


def test_bad_session_messages_are_answered_not_fatal(client: SessionPeer, emu: Emulator) -> None:
    client.peer.send("/livectl/connect", "short")
    assert "token of 8..64 characters" in client.peer.expect("/livectl/err")[2]
    client.connect()
    client.peer.send("/livectl/req", client.token, "not-an-id", "/live/song/get/tempo")
    assert "request_id:int" in client.peer.expect("/livectl/err")[2]
    with pytest.raises(SessionError, match="cannot be sent inside"):
        client.request("/livectl/close", client.token)
    assert client.request("/live/song/get/tempo") == [("/live/song/get/tempo", (120.0,))]
