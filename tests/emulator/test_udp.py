"""The emulator over real UDP on 127.0.0.1, with python-osc as the independent client."""

from __future__ import annotations

import gc
import json
import os
import socket
import time

import pytest
from emu_peer import Peer, start_emulator
from pythonosc.osc_bundle_builder import IMMEDIATELY, OscBundleBuilder
from pythonosc.osc_message_builder import OscMessageBuilder

from livectl.emulator import Emulator
from livectl.errors import EmulatorError, PortInUseError


def test_startup_goes_to_the_reply_port(peer: Peer) -> None:
    emu = start_emulator(peer)
    try:
        assert peer.next() == ("/live/startup", ())
        assert peer.next() == ("/live/application/get/average_process_usage", ())
        assert emu.port > 0 and emu.running
    finally:
        emu.close()
    assert not emu.running
    emu.close()  # twice is harmless


def test_queries_errors_and_wildcards(emu: Emulator, peer: Peer) -> None:
    assert peer.query("/live/song/get/tempo", 7) == (120.0, 7)
    assert peer.query("/live/track/get/name", 0, "x") == (0, "1-MIDI", "x")
    peer.send("/live/track/get/name", 99)
    assert peer.expect("/live/error") == ("Error handling OSC message: Index out of range",)
    peer.send("/live/nowhere", 1)
    assert peer.expect("/live/error") == ("Unknown OSC address: /live/nowhere",)
    peer.send("/live/song/get/num_*")
    assert peer.next() == ("/live/song/get/num_tracks", (4,))
    assert peer.next() == ("/live/song/get/num_scenes", (8,))
    peer.send("/live/song/set/tempo", 125.5)
    assert peer.query("/live/song/get/tempo") == (125.5,)
    assert peer.query("/live/song/get/is_playing") == (False,)  # a real F tag


def test_bundle_over_udp_drops_the_rest_after_an_error(emu: Emulator, peer: Peer) -> None:
    bundle = OscBundleBuilder(IMMEDIATELY)
    for address, args in (
        ("/live/song/get/tempo", []),
        ("/live/clip/get/name", [0, 0]),
        ("/live/song/set/tempo", [99.0]),
    ):
        builder = OscMessageBuilder(address)
        for a in args:
            builder.add_arg(a)
        bundle.add_content(builder.build())
    peer.send_raw(bundle.build().dgram)
    assert peer.next() == ("/live/song/get/tempo", (120.0,))
    assert peer.next()[0] == "/live/error"
    assert peer.query("/live/song/get/tempo") == (120.0,)


def test_batch_error_defers_the_rest_to_the_next_tick(peer: Peer) -> None:
    emu = start_emulator(peer, tick_s=0.2)
    try:
        peer.expect("/live/startup")
        peer.expect("/live/application/get/average_process_usage")
        peer.send("/live/track/get/name", 99)
        peer.send("/live/song/get/tempo")
        t_error, address, _ = peer.next_timed()
        assert address == "/live/error"
        t_reply, address, args = peer.next_timed()
        assert (address, args) == ("/live/song/get/tempo", (120.0,))
        assert t_reply - t_error > 0.1  # the next tick, not the same batch
    finally:
        emu.close()


def test_listeners_report_to_the_last_sender_with_source_port_replies() -> None:
    first, second = Peer(), Peer()
    emu = Emulator(port=0, reply_port=first.port, reply_to_source_port=True, tick_s=0).start()
    try:
        first.connect(emu.port, from_inbox=True)
        second.connect(emu.port, from_inbox=True)
        first.expect("/live/startup")  # before any datagram: 127.0.0.1 on reply_port
        first.expect("/live/application/get/average_process_usage")
        first.send("/live/song/start_listen/tempo")
        assert first.expect("/live/song/get/tempo") == (120.0,)
        first.send("/live/song/set/tempo", 121)
        assert first.expect("/live/song/get/tempo") == (121.0,)
        assert second.query("/live/song/get/tempo") == (121.0,)  # second now "owns" async
        first.send("/live/song/set/tempo", 121)  # no change: no listener message anywhere
        first.sync()
        second.send("/live/song/set/tempo", 122)
        assert second.expect("/live/song/get/tempo") == (122.0,)
        assert first.silent(0.2) == []
    finally:
        emu.close()
        first.close()
        second.close()


def test_quantized_launch_waits_for_the_next_quarter(emu: Emulator, peer: Peer) -> None:
    peer.send("/live/clip_slot/create_clip", 0, 0, 4)
    peer.send("/live/clip_slot/create_clip", 0, 1, 4)
    peer.send("/live/song/set/clip_trigger_quantization", 7)  # 1/4 = 0.5 s at 120 BPM
    peer.send("/live/clip/fire", 0, 0)
    assert peer.query("/live/track/get/playing_slot_index", 0) == (0, 0)
    peer.send("/live/track/start_listen/playing_slot_index", 0)
    assert peer.expect("/live/track/get/playing_slot_index") == (0, 0)
    peer.send("/live/clip/fire", 0, 1)
    fired = time.monotonic()
    assert peer.query("/live/track/get/fired_slot_index", 0) == (0, 1)
    args = peer.expect("/live/track/get/playing_slot_index", timeout=2.0)
    launched = time.monotonic()
    assert args == (0, 1)
    # On the next quarter (0.5 s), not the next bar (2 s, Live's default quantization);
    # generous for a stall of a busy machine.
    assert launched - fired < 1.5
    (beat_time,) = peer.query("/live/song/get/current_song_time")
    assert beat_time >= 1.0


def test_max_datagram_gives_a_socket_error_and_paging_works(peer: Peer) -> None:
    emu = start_emulator(peer, max_datagram=9216)  # macOS's cap
    try:
        peer.expect("/live/startup")
        peer.send("/live/clip_slot/create_clip", 0, 0, 64)
        notes: list[object] = []
        for i in range(1000):
            notes += [36 + i % 48, (i // 48) * 0.25, 0.25, 100, False]
        for start in range(0, len(notes), 250):
            peer.send("/live/clip/add/notes", 0, 0, *notes[start : start + 250])
        peer.send("/live/clip/get/notes", 0, 0)
        assert peer.expect("/live/error") == ("Socket error: [Errno 90] Message too long",)
        total = 0
        for pitch in range(36, 84, 8):
            reply = peer.query("/live/clip/get/notes", 0, 0, pitch, 8, -8192, 16384)
            total += (len(reply) - 2) // 5
        assert total == 1000
    finally:
        emu.close()


def test_faults_over_udp(emu: Emulator, peer: Peer) -> None:
    assert peer.query("/emulator/faults", 1.0, 0.0, 0.0, 3) == (1.0, 0.0, 0.0)
    peer.send("/live/song/get/tempo")
    assert peer.silent(0.25) == []
    assert peer.query("/emulator/faults", 0.0, 0.3, 1.0) == (0.0, pytest.approx(0.3), 1.0)
    sent = time.monotonic()
    peer.send("/live/song/get/tempo")
    t, address, _ = peer.next_timed()
    assert address == "/live/song/get/tempo" and t - sent >= 0.25
    emu.set_faults()
    assert peer.query("/live/song/get/tempo") == (120.0,)


def test_a_snapshot_with_a_value_no_setter_takes_is_refused_over_udp(
        emu: Emulator, peer: Peer) -> None:
    """Over the network, a snapshot whose tempo is a string is answered with /live/error
    naming it; the set and the clock go on (before, every later tick raised)."""
    peer.send("/live/song/set/tempo", 101)
    (text,) = peer.query("/emulator/snapshot")
    data = json.loads(text)
    data["song"]["tempo"] = "fast"
    peer.send("/emulator/load", json.dumps(data))
    (message,) = peer.expect("/live/error")
    assert "tempo = 'fast'" in message
    peer.send("/live/song/start_playing")
    assert peer.query("/live/song/get/tempo") == (101.0,)
    assert peer.query("/live/song/get/is_playing") == (True,)
    peer.send("/live/song/stop_playing")


def test_control_namespace_over_udp(emu: Emulator, peer: Peer) -> None:
    peer.send("/live/song/set/tempo", 101)
    (text,) = peer.query("/emulator/snapshot")
    assert json.loads(text) == emu.snapshot()
    assert peer.query("/emulator/reset") == ("ok",)
    assert peer.query("/live/song/get/tempo") == (120.0,)
    assert peer.query("/emulator/load", text) == ("ok",)
    assert peer.query("/live/song/get/tempo") == (101.0,)
    assert peer.query(
        "/emulator/add_device", 0, "Reverb", "Reverb", 2, "Decay", 2.0, 0.2, 60.0, False
    ) == (0, 0)
    assert peer.query("/live/device/get/name", 0, 0) == (0, 0, "Reverb")
    assert peer.query("/emulator/restart") == ("ok",)
    assert peer.expect("/live/startup") == ()


def test_port_in_use_and_lifecycle_errors(emu: Emulator) -> None:
    with pytest.raises(PortInUseError, match=f"UDP port {emu.port}") as info:
        Emulator(port=emu.port).start()
    assert info.value.port == emu.port
    with pytest.raises(EmulatorError, match="already started"):
        emu.start()
    with pytest.raises(EmulatorError, match="not started"):
        _ = Emulator(port=0).port
    assert repr(emu) == f"<Emulator 127.0.0.1:{emu.port} tick 0 ms running>"
    other = Emulator(port=0, tick_s=0).start()
    other.close()
    with pytest.raises(EmulatorError, match="closed"):
        other.start()


def test_failed_or_stopped_emulators_leave_no_socket_open(emu: Emulator) -> None:
    def open_fds() -> int:
        return len(os.listdir("/proc/self/fd"))

    gc.collect()  # earlier tests' garbage (Emulator.close() collects it too) out of the count
    gc.disable()  # sockets must be closed by the emulator, not by the garbage collector
    try:
        before = open_fds()
        for _ in range(3):
            with pytest.raises(PortInUseError), Emulator(port=emu.port):
                pass
            Emulator(port=0, tick_s=0).start().stop()
        assert open_fds() == before
    finally:
        gc.enable()


def test_garbage_and_nobody_listening_do_not_stop_the_server(peer: Peer) -> None:
    emu = Emulator(port=0, reply_port=1, tick_s=0).start()  # replies to a closed port
    try:
        raw = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for data in (b"", b"\xff" * 100, b"/live/test\x00\x00,zz\x00", b"#bundle\x00junk"):
            raw.sendto(data, ("127.0.0.1", emu.port))
        raw.close()
        emu.dispatcher.reply_port = peer.port  # now answer the peer
        emu.dispatcher.remote = ("127.0.0.1", peer.port)
        peer.connect(emu.port)
        # Wait for the server to have handled the garbage, then check it still answers.
        peer.send("/live/api/set/log_level", "debug")
        emu2_reply = peer.query("/live/api/get/log_level")
        assert emu2_reply == ("debug",)
        assert emu.received >= 5
    finally:
        emu.close()


def test_in_process_api_and_listener_output_from_another_thread(emu: Emulator, peer: Peer) -> None:
    peer.send("/live/song/start_listen/tempo")
    assert peer.expect("/live/song/get/tempo") == (120.0,)
    with emu.engine.lock:
        emu.engine.song.tempo = 131.0  # a change made in-process, not over OSC
    assert peer.expect("/live/song/get/tempo") == (131.0,)
    assert (
        emu.add_device(
            2,
            "Utility",
            "StereoGain",
            2,
            [{"name": "Gain", "value": 0.0, "min": -1.0, "max": 1.0, "is_quantized": False}],
        )
        == 0
    )
    assert peer.query("/live/track/get/devices/class_name", 2) == (2, "StereoGain")
    saved = emu.snapshot()
    emu.reset()
    assert peer.query("/live/track/get/num_devices", 2) == (2, 0)
    emu.load(saved)
    assert peer.query("/live/track/get/num_devices", 2) == (2, 1)
    assert peer.query("/live/song/get/tempo") == (131.0,)


def test_a_failing_engine_step_does_not_stop_the_server() -> None:
    """A bug inside the engine's tick is logged; the server keeps answering."""
    import socket as _socket

    from pythonosc.osc_message import OscMessage

    from livectl.emulator import Emulator
    from livectl.protocol import encode_message

    rx = _socket.socket(_socket.AF_INET, _socket.SOCK_DGRAM)
    rx.bind(("127.0.0.1", 0))
    rx.settimeout(5)
    calls = []
    with Emulator(port=0, reply_port=rx.getsockname()[1], tick_s=0) as emu:
        original = emu.engine.tick

        def broken_tick() -> None:
            calls.append(1)
            if len(calls) == 1:
                raise RuntimeError("boom")
            original()

        emu.engine.tick = broken_tick  # type: ignore[method-assign]
        tx = _socket.socket(_socket.AF_INET, _socket.SOCK_DGRAM)
        try:
            # Wait (on replies, not a sleep) until the broken tick has run and failed.
            while len(calls) < 2:
                tx.sendto(encode_message("/live/song/get/tempo"), ("127.0.0.1", emu.port))
                reply = OscMessage(rx.recv(65536))
                if reply.address == "/live/song/get/tempo":
                    assert reply.params == [120.0]
            tx.sendto(encode_message("/live/song/get/tempo"), ("127.0.0.1", emu.port))
            while (reply := OscMessage(rx.recv(65536))).address != "/live/song/get/tempo":
                pass
            assert reply.params == [120.0]
        finally:
            tx.close()
            rx.close()
    assert len(calls) >= 2
