"""The endpoint table's extensions: marked, ordered after AbletonOSC, all handled, listed in
docs/coverage.md, and never selected by wildcards (so AbletonOSC clients see AbletonOSC)."""

from __future__ import annotations

from emu_peer import Peer

from livectl.emulator import Emulator
from livectl.emulator.coverage import render
from livectl.script.handlers import build_handlers, missing_addresses
from livectl.script.table.endpoints import (
    ADDRESSES,
    ALL_ENDPOINTS,
    EXTENSION_ENDPOINTS,
    EXTENSION_ORDER,
    REGISTRATION_ORDER,
    ROUTES,
    endpoint,
    match,
)


def test_extensions_are_marked_with_an_origin_and_come_after_abletonosc() -> None:
    assert len(REGISTRATION_ORDER) == 494
    assert ADDRESSES == REGISTRATION_ORDER + EXTENSION_ORDER
    assert not set(REGISTRATION_ORDER) & set(EXTENSION_ORDER)
    assert all(not ep.extension for ep in ALL_ENDPOINTS)
    for ep in EXTENSION_ENDPOINTS:
        assert ep.extension and ep.origin, ep
    for address in EXTENSION_ORDER:
        assert ROUTES[address].endpoint.extension, address
    assert endpoint("track", "create_midi_clip").call_address == "/live/track/create_midi_clip"
    assert endpoint("track", "sends").get_address == "/live/track/get/sends"
    assert endpoint("song", "num_return_tracks").get_address == "/live/song/get/num_return_tracks"


def test_every_extension_has_a_handler_in_table_order() -> None:
    assert missing_addresses() == ("/live/api/reload",)  # the dispatcher's own
    handlers = list(build_handlers())
    assert handlers[-len(EXTENSION_ORDER):] == list(EXTENSION_ORDER)


def test_wildcards_never_select_an_extension() -> None:
    for pattern in ("/live/track/get/*", "/live/clip/*", "/live/*/get/*", "/live/*"):
        assert not {r.address for r in match(pattern)} & set(EXTENSION_ORDER), pattern


def test_wildcards_over_udp_reply_as_abletonosc(emu: Emulator, peer: Peer) -> None:
    peer.send("/live/song/get/num_*")  # AbletonOSC: num_tracks, num_scenes; not num_return_tracks
    peer.sync()
    got = {address for address, _ in peer.silent(0.2)}
    assert "/live/song/get/num_return_tracks" not in got
    assert {"/live/song/get/num_tracks", "/live/song/get/num_scenes"} <= got


def test_coverage_lists_every_extension() -> None:
    text = render()
    section = text[text.index("## livectl extensions beyond AbletonOSC"):]
    for address in EXTENSION_ORDER:
        assert f"| `{address}` |" in section, address
    assert "| NO |" not in section
