"""The sans-I/O core: tick batches, bundles, addresses, errors, faults, control namespace."""

from __future__ import annotations

import json

import pytest
from emu_peer import CoreClient, decode_all

from livectl.emulator import EmulatorCore
from livectl.errors import RangeError
from livectl.protocol import encode_bundle, encode_message

A = ("127.0.0.1", 40000)
B = ("10.0.0.7", 50123)


def test_error_ends_the_batch_and_the_rest_waits_for_the_next_tick() -> None:
    core = EmulatorCore()
    core.receive(encode_message("/live/track/get/name", [9]), A)
    core.receive(encode_message("/live/song/get/tempo", []), A)
    first = decode_all(core.process())
    assert first == [("/live/error", ("Error handling OSC message: Index out of range",))]
    assert core.pending == 1
    assert decode_all(core.process()) == [("/live/song/get/tempo", (120.0,))]


def test_bundle_rest_is_dropped_after_an_error_and_replies_are_separate() -> None:
    core = EmulatorCore()
    bundle = encode_bundle(
        [
            ("/live/song/get/tempo", []),
            ("/live/track/get/name", [9]),
            ("/live/song/set/tempo", [99]),
        ]
    )
    out = decode_all(core.handle(bundle, A))
    assert out == [
        ("/live/song/get/tempo", (120.0,)),
        ("/live/error", ("Error handling OSC message: Index out of range",)),
    ]
    assert decode_all(core.handle(encode_message("/live/song/get/tempo", []), A)) == [
        ("/live/song/get/tempo", (120.0,))
    ]  # the set after the error never ran


def test_nested_bundles_run_in_order() -> None:
    core = CoreClient()
    inner = encode_bundle([("/live/song/set/tempo", [100])])
    outer = b"#bundle\x00" + b"\x00" * 7 + b"\x01"
    for part in (inner, encode_message("/live/song/get/tempo", [])):
        outer += len(part).to_bytes(4, "big") + part
    assert decode_all(core.core.handle(outer, A)) == [("/live/song/get/tempo", (100.0,))]


def test_unknown_address_and_parse_errors_do_not_end_the_batch() -> None:
    core = EmulatorCore()
    core.receive(encode_message("/live/nope", []), A)
    core.receive(b"\x00garbage", A)
    core.receive(encode_message("/live/song/get/tempo", []), A)
    out = decode_all(core.process())
    assert out[0] == ("/live/error", ("Unknown OSC address: /live/nope",))
    assert out[1][0] == "/live/error" and out[1][1][0].startswith("Error parsing OSC message: ")
    assert out[2] == ("/live/song/get/tempo", (120.0,))


def test_wildcards_prefix_match_and_middle_segment() -> None:
    core = CoreClient()
    assert core.send("/live/nothing/*") == []  # no match: nothing at all
    out = core.send("/live/*/get/name", 0, 0)
    # Clip (empty slot) is skipped silently; track 0, device 0 (Index out of range) ...
    assert out[0] == ("/live/track/get/name", (0, "1-MIDI", 0))
    assert out[-1] == ("/live/error", ("Error handling OSC message: Index out of range",))
    songs = [a for a, _ in core.send("/live/song/get/*")]
    assert songs[:3] == [
        "/live/song/get/can_redo",
        "/live/song/get/can_undo",
        "/live/song/get/is_playing",
    ]
    assert "/live/song/get/track_data" not in songs  # ValueError: skipped
    assert "/live/song/get/num_tracks" in songs
    # AbletonOSC would run "(" as raw regex syntax (§1.6); livectl's script refuses regex
    # syntax (a backtracking bomb could hang it) and says why. See docs/script.md.
    assert "has regex syntax '('" in core.error("/live/song/get/(*")


def test_replies_go_to_the_last_senders_ip_on_the_reply_port() -> None:
    core = EmulatorCore(reply_port=11001)
    assert core.remote == ("127.0.0.1", 11001)
    out = core.handle(encode_message("/live/song/start_listen/tempo", []), A)
    assert out[0].addr == ("127.0.0.1", 11001)
    core.handle(encode_message("/live/test", []), B)  # another host takes over (§1.2)
    out = core.handle(encode_message("/live/song/set/tempo", [99]), B)
    assert [o.addr for o in out] == [("10.0.0.7", 11001)]
    opt_in = EmulatorCore(reply_to_source_port=True)
    out = opt_in.handle(encode_message("/live/song/get/tempo", []), B)
    assert out[0].addr == B


def test_unencodable_reply_and_oversized_datagram() -> None:
    core = CoreClient()
    # A Live object as a value: the vendored python-osc's error text, typo included.
    core.core._handlers["/live/song/get/tempo"] = lambda ctx, args: (ctx.song,)
    assert core.error("/live/song/get/tempo") == (
        "Error handling OSC message: Infered arg_value type is not supported"
    )
    small = CoreClient(EmulatorCore(max_datagram=200))
    small.send("/live/track/set/name", 0, "n" * 300)
    assert small.error("/live/track/get/name", 0) == "Socket error: [Errno 90] Message too long"
    assert small.query("/live/song/get/tempo") == (120.0,)


def test_faults_drop_and_delay_are_seeded_and_spare_control_replies() -> None:
    def pattern(seed: int) -> list[bool]:
        core = EmulatorCore()
        core.set_faults(drop=0.5, seed=seed)
        msg = encode_message("/live/song/get/tempo", [])
        return [bool(core.handle(msg, A)) for _ in range(200)]

    a, b = pattern(7), pattern(7)
    assert a == b and 60 < sum(a) < 140
    core = EmulatorCore()
    core.set_faults(delay_s=0.25, delay_share=1.0)
    out = core.handle(encode_message("/live/song/get/tempo", []), A)
    assert [o.delay_s for o in out] == [0.25]
    core.set_faults(drop=1.0)
    assert core.handle(encode_message("/live/song/get/tempo", []), A) == []
    assert decode_all(core.handle(encode_message("/emulator/faults", [0.0, 0.0, 0.0]), A)) == [
        ("/emulator/faults", (0.0, 0.0, 0.0))
    ]
    assert core.handle(encode_message("/live/song/get/tempo", []), A) != []
    with pytest.raises(RangeError, match=r"drop must be in range 0\.0\.\.1\.0"):
        core.set_faults(drop=1.5)


def test_control_namespace() -> None:
    core = CoreClient()
    core.send("/live/song/set/tempo", 150)
    assert core.send("/emulator/reset") == [("/emulator/reset", ("ok",))]
    assert core.query("/live/song/get/tempo") == (120.0,)
    (text,) = core.query("/emulator/snapshot")
    data = json.loads(text)
    assert json.dumps(data) == json.dumps(core.core.snapshot())
    core.send("/live/song/set/tempo", 133)
    assert core.send("/emulator/load", text) == [("/emulator/load", ("ok",))]
    assert core.query("/live/song/get/tempo") == (120.0,)
    out = core.send(
        "/emulator/add_device", 1, "Operator", "Operator", 1, "Coarse", 1.0, 0.0, 48.0, True
    )
    assert out == [("/emulator/add_device", (1, 0))]
    assert core.query("/live/device/get/parameters/name", 1, 0)[2:] == ("Device On", "Coarse")
    err = core.error("/emulator/add_device", 1, "X", "X", 1, "p", 1.0)
    assert "groups of 5" in err
    assert "drop must be in range 0.0..1.0" in core.error("/emulator/faults", 2.0)
    core.send("/live/song/start_listen/tempo")
    out = core.send("/emulator/restart")
    assert out == [
        ("/emulator/restart", ("ok",)),
        ("/live/startup", ()),
        ("/live/application/get/average_process_usage", ()),
    ]
    assert core.send("/live/song/set/tempo", 90) == []  # listeners cleared


def test_large_snapshot_is_chunked_and_loads_back_in_chunks() -> None:
    core = CoreClient()
    core.send("/live/clip_slot/create_clip", 0, 0, 64)
    notes: list[object] = []
    for i in range(400):
        notes += [36 + i % 48, i * 0.125, 0.125, 100, False]
    core.send("/live/clip/add/notes", 0, 0, *notes)
    out = core.send("/emulator/snapshot")
    assert len(out) > 1 and all(a == "/emulator/snapshot" for a, _ in out)
    count = out[0][1][1]
    assert [args[:2] for _, args in out] == [(i, count) for i in range(count)]
    text = "".join(args[2] for _, args in out)
    fresh = CoreClient()
    for i, (_, (_, n, chunk)) in enumerate(out):
        reply = fresh.send("/emulator/load", i, n, chunk)
        assert reply == [("/emulator/load", ("ok",) if i == n - 1 else (i, n))]
    assert json.loads(text) == fresh.core.snapshot()
    assert len(fresh.query("/live/clip/get/notes", 0, 0)) == 2 + 5 * 400


def test_a_bad_set_is_refused_and_loses_nothing() -> None:
    core = CoreClient()
    core.send("/live/song/start_listen/tempo")
    core.send("/live/clip_slot/create_clip", 0, 0, 4)
    for bad in ("[1, 2]", "{}", '{"format": "livectl-set/1", "tracks": 5}'):
        assert core.error("/emulator/load", bad)
    assert "a JSON object" in core.error("/emulator/load", "[1, 2]")
    # The set and the listeners of the clients are as before.
    assert core.query("/live/clip_slot/get/has_clip", 0, 0) == (0, 0, True)
    assert core.send("/live/song/set/tempo", 91) == [("/live/song/get/tempo", (91.0,))]
