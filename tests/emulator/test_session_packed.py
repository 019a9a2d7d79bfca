"""Several livectl requests in one datagram, and the session's fast path, over real UDP.

The client is a raw UDP socket whose datagrams python-osc builds and parses (written from the
protocol's description in ``livectl/script/session.py``), so datagram boundaries can be seen:
the answers to one packed datagram come back coalesced, in order, within ``max_part``.
Everything runs at tick 0 and at Live's 100 ms tick.
"""

from __future__ import annotations

import random
import secrets
import socket
import struct
import time
from collections.abc import Iterator
from typing import Any

import pytest
from emu_peer import Peer, start_emulator
from pythonosc.osc_bundle import OscBundle
from pythonosc.osc_bundle_builder import IMMEDIATELY, OscBundleBuilder
from pythonosc.osc_message import OscMessage
from pythonosc.osc_message_builder import OscMessageBuilder

from livectl.emulator import Emulator

NO_SESSION = "no livectl session for this token and address"
MAX_PACKED = 256


def message(address: str, *args: Any) -> bytes:
    builder = OscMessageBuilder(address)
    for arg in args:
        builder.add_arg(arg)
    return bytes(builder.build().dgram)


def bundle(*elements: bytes) -> bytes:
    """A bundle (python-osc's) of encoded messages or bundles."""
    builder = OscBundleBuilder(IMMEDIATELY)
    for element in elements:
        builder.add_content(OscBundle(element) if element.startswith(b"#bundle") else OscMessage(element))
    return bytes(builder.build().dgram)


def flatten(data: bytes) -> list[tuple[str, tuple[Any, ...]]]:
    """python-osc's reading of a datagram, bundles flattened in order."""
    if OscBundle.dgram_is_bundle(data):
        out: list[tuple[str, tuple[Any, ...]]] = []
        for content in OscBundle(data):
            out += flatten(content.dgram)
        return out
    msg = OscMessage(data)
    return [(msg.address, tuple(msg.params))]


def elements(data: bytes) -> list[bytes]:
    """The encoded elements of a bundle datagram (one level)."""
    return [content.dgram for content in OscBundle(data)]


class Raw:
    """One session's client on its own UDP port: sends bytes, sees datagrams."""

    def __init__(self, port: int, token: str | None = None) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
        self.target = ("127.0.0.1", port)
        self.token = token or secrets.token_hex(8)

    def close(self) -> None:
        self.sock.close()

    def send(self, data: bytes) -> None:
        self.sock.sendto(data, self.target)

    def connect(self) -> tuple[Any, ...]:
        self.send(message("/livectl/connect", self.token, "packed-test"))
        ((address, args),) = flatten(self.datagrams(1)[0])
        assert address == "/livectl/connect", args
        return args

    def req(self, rid: int, address: str, *args: Any, token: str | None = None) -> bytes:
        return message("/livectl/req", token or self.token, rid, address, *args)

    def datagrams(self, count: int, timeout: float = 5.0) -> list[bytes]:
        """Exactly ``count`` datagrams (then nothing more within 0.3 s)."""
        out = []
        deadline = time.monotonic() + timeout
        while len(out) < count:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                out.append(self.sock.recv(65536))
            except TimeoutError:
                raise AssertionError(f"{len(out)} of {count} datagrams within {timeout} s") from None
        assert self.quiet(), "more datagrams than expected"
        return out

    def until_ends(self, count: int, timeout: float = 5.0) -> list[bytes]:
        """Datagrams until ``count`` requests ended (a done or an err each, parts joined)."""
        out: list[bytes] = []
        deadline = time.monotonic() + timeout
        while sum(1 for a, _ in answers(out) if a in ("/livectl/done", "/livectl/err")) < count:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                out.append(self.sock.recv(65536))
            except TimeoutError:
                raise AssertionError(f"not {count} answers within {timeout} s") from None
        return out

    def quiet(self, timeout: float = 0.3) -> bool:
        self.sock.settimeout(timeout)
        try:
            self.sock.recv(65536)
        except TimeoutError:
            return True
        return False


def answers(datagrams: list[bytes]) -> list[tuple[str, tuple[Any, ...]]]:
    """The messages of ``datagrams`` in order, parts joined where their last part arrives."""
    out: list[tuple[str, tuple[Any, ...]]] = []
    parts: dict[int, dict[int, bytes]] = {}
    for data in datagrams:
        for address, args in flatten(data):
            if address != "/livectl/part":
                out.append((address, args))
                continue
            _, rid, index, count, chunk = args
            got = parts.setdefault(rid, {})
            got[index] = chunk
            if len(got) == count:
                out += flatten(b"".join(got[i] for i in range(count)))
                del parts[rid]
    return out


def by_request(messages: list[tuple[str, tuple[Any, ...]]]) -> list[tuple[int, str, list[Any]]]:
    """Each request's end in order: (rid, "done" or "err", its replies or its error text)."""
    out: list[tuple[int, str, list[Any]]] = []
    replies: dict[int, list[Any]] = {}
    for address, args in messages:
        rid = args[1]
        if address == "/livectl/rep":
            replies.setdefault(rid, []).append((args[2], tuple(args[3:])))
        elif address == "/livectl/done":
            got = replies.pop(rid, [])
            assert args[2] == len(got)
            out.append((rid, "done", got))
        elif address == "/livectl/err":
            out.append((rid, "err", [args[2]]))
    return out


@pytest.fixture(params=[0.0, 0.1], ids=["tick0", "tick100ms"])
def emu(request: pytest.FixtureRequest, peer: Peer) -> Iterator[Emulator]:
    emulator = start_emulator(peer, tick_s=request.param)
    try:
        yield emulator
    finally:
        emulator.close()


@pytest.fixture
def small_emu(request: pytest.FixtureRequest, peer: Peer) -> Iterator[Emulator]:
    """max_part 1024 (the script takes the emulator's max_datagram as its ceiling)."""
    emulator = start_emulator(peer, tick_s=getattr(request, "param", 0.0), max_datagram=1024)
    try:
        yield emulator
    finally:
        emulator.close()


@pytest.fixture
def client(emu: Emulator) -> Iterator[Raw]:
    c = Raw(emu.port)
    c.connect()
    try:
        yield c
    finally:
        c.close()


def test_connect_announces_multi(emu: Emulator) -> None:
    c = Raw(emu.port)
    try:
        capabilities = c.connect()[3].split(",")
    finally:
        c.close()
    assert "multi" in capabilities and "replay" in capabilities


def test_a_lone_request_is_answered_with_exactly_the_general_codecs_bytes(
    client: Raw, emu: Emulator
) -> None:
    """The fast path's answers, byte for byte as python-osc encodes the protocol's messages."""
    t = client.token
    cases = [
        ("/live/song/get/tempo", (), [("/live/song/get/tempo", (120.0,))]),
        ("/live/track/get/name", (0,), [("/live/track/get/name", (0, "1-MIDI"))]),
        ("/live/song/get/is_playing", (), [("/live/song/get/is_playing", (False,))]),
        ("/live/song/set/tempo", (121.5,), []),
    ]
    for rid, (address, args, replies) in enumerate(cases, start=100):
        client.send(client.req(rid, address, *args))
        (got,) = client.datagrams(1)
        done = message("/livectl/done", t, rid, len(replies))
        if not replies:
            assert got == done
        else:
            reps = [message("/livectl/rep", t, rid, a, *v) for a, v in replies]
            assert got == bundle(*reps, done), (address, got)
    # an id past int32 takes the general path and is answered all the same
    client.send(client.req(2**40, "/live/song/get/tempo"))
    assert by_request(answers(client.datagrams(1))) == [
        (2**40, "done", [("/live/song/get/tempo", (121.5,))])
    ]


def test_packed_requests_are_answered_in_one_datagram_in_order(client: Raw, emu: Emulator) -> None:
    reqs = [client.req(1, "/live/song/set/tempo", 98.0)]
    reqs += [client.req(rid, "/live/song/get/tempo") for rid in range(2, 33)]
    client.send(bundle(*reqs))
    (data,) = client.datagrams(1)
    parts = elements(data)
    assert len(parts) == 32
    assert parts[0] == message("/livectl/done", client.token, 1, 0)
    for rid, element in zip(range(2, 33), parts[1:], strict=True):
        assert element == bundle(
            message("/livectl/rep", client.token, rid, "/live/song/get/tempo", 98.0),
            message("/livectl/done", client.token, rid, 1),
        )
    assert emu.engine.song.tempo == 98.0


def test_errors_and_successes_in_one_datagram_are_independent(client: Raw, emu: Emulator) -> None:
    scenes = len(emu.engine.song.scenes)
    client.send(bundle(
        client.req(1, "/live/song/get/tempo"),
        client.req(2, "/live/track/get/name", 99),
        client.req(3, "/live/nope"),
        client.req(4, "/live/song/create_scene", -1),
        message("/livectl/req", client.token, 5),  # malformed: no address
        client.req(6, "/livectl/ping"),  # not allowed inside a request
        client.req(7, "/live/song/set/tempo", 140.0),
        client.req(8, "/live/song/get/tempo"),
    ))
    got = by_request(answers(client.until_ends(8)))
    assert [(rid, kind) for rid, kind, _ in got] == [
        (1, "done"), (2, "err"), (3, "err"), (4, "done"), (-1, "err"), (6, "err"), (7, "done"),
        (8, "done"),
    ]
    assert got[1][2] == ["Error handling OSC message: Index out of range"]
    assert got[2][2] == ["Unknown OSC address: /live/nope"]
    assert got[4][2] == ["/livectl/req takes token, request_id:int, address:str, args..."]
    assert "cannot be sent inside a livectl request" in got[5][2][0]
    assert got[7][2] == [("/live/song/get/tempo", (140.0,))]
    assert len(emu.engine.song.scenes) == scenes + 1


@pytest.mark.parametrize("small_emu", [0.0, 0.1], ids=["tick0", "tick100ms"], indirect=True)
def test_answers_past_max_part_split_in_order_and_parts_still_join(
    small_emu: Emulator,
) -> None:
    c = Raw(small_emu.port)
    try:
        max_part = c.connect()[5]
        assert max_part == 1024
        reqs = [c.req(rid, "/live/song/get/tempo") for rid in range(1, 21)]
        reqs.insert(10, c.req(100, "/live/track/get/*", 0))  # an answer bigger than max_part
        c.send(bundle(*reqs))
        datagrams = c.until_ends(21)
        assert c.quiet()
    finally:
        c.close()
    assert len(datagrams) >= 3
    assert all(len(d) <= max_part for d in datagrams)
    got = by_request(answers(datagrams))
    assert [rid for rid, _, _ in got] == [*range(1, 11), 100, *range(11, 21)]
    assert all(kind == "done" for _, kind, _ in got)
    assert ("/live/track/get/name", (0, "1-MIDI")) in got[10][2]
    assert len(got[10][2]) > 20


def test_a_retransmitted_packed_request_is_answered_alone_from_the_cache(
    client: Raw, emu: Emulator
) -> None:
    scenes = len(emu.engine.song.scenes)
    packed = bundle(
        client.req(7, "/live/song/create_scene", -1),
        client.req(8, "/live/song/get/tempo"),
        client.req(9, "/live/track/get/name", 99),
    )
    client.send(packed)
    (first,) = client.datagrams(1)
    answer7, answer8, answer9 = elements(first)
    client.send(client.req(7, "/live/song/create_scene", -1))
    assert client.datagrams(1) == [answer7]
    client.send(client.req(9, "/live/track/get/name", 99))
    assert client.datagrams(1) == [answer9]
    client.send(packed)  # the whole datagram again: the same answer, nothing applied twice
    assert client.datagrams(1) == [first]
    assert len(emu.engine.song.scenes) == scenes + 1
    assert answer8.startswith(b"#bundle")


def test_a_thousand_requests_in_one_datagram_are_bounded(emu: Emulator) -> None:
    client = Raw(emu.port, token="t" * 8)  # short, so that 1,000 requests fit in a datagram
    try:
        client.connect()
        count = 1000
        packed = bundle(*(client.req(rid, "/live/test") for rid in range(count)))
        assert len(packed) < 65507
        client.send(packed)
        got = by_request(answers(client.until_ends(count, timeout=20.0)))
        # the refused ones were not remembered: sent again alone, they run
        client.send(client.req(999, "/live/test"))
        again = by_request(answers(client.datagrams(1)))
    finally:
        client.close()
    assert [rid for rid, _, _ in got] == list(range(count))
    assert all(value == [("/live/test", ("ok",))] for _, _, value in got[:MAX_PACKED])
    text = (f"a datagram must hold at most {MAX_PACKED} livectl messages, got {count}; "
            "this one was not run")
    assert all(kind == "err" and value == [text] for _, kind, value in got[MAX_PACKED:])
    assert again == [(999, "done", [("/live/test", ("ok",))])]


def test_nested_bundles_are_flattened_and_too_deep_ones_refused(
    client: Raw, emu: Emulator, peer: Peer
) -> None:
    client.send(bundle(
        bundle(client.req(1, "/live/song/get/tempo"), bundle(client.req(2, "/live/song/set/tempo", 90.0))),
        client.req(3, "/live/song/get/tempo"),
    ))
    got = by_request(answers(client.until_ends(3)))
    assert [(rid, kind) for rid, kind, _ in got] == [(1, "done"), (2, "done"), (3, "done")]
    assert got[2][2] == [("/live/song/get/tempo", (90.0,))]
    deep = client.req(4, "/live/song/set/tempo", 50.0)
    for _ in range(20):
        deep = bundle(deep)
    client.send(deep)
    assert "nested deeper" in peer.expect("/live/error")[0]
    assert client.quiet()
    assert emu.engine.song.tempo == 90.0


def test_a_malformed_element_runs_nothing_of_the_datagram(
    client: Raw, emu: Emulator, peer: Peer
) -> None:
    good = client.req(1, "/live/song/set/tempo", 77.0)
    bad = client.req(2, "/live/song/get/tempo")[:-4] + b"\x01\x02\x03\x04"  # padding not NUL
    # python-osc refuses to build it, so by hand: header, then size and bytes of each
    client.send(bundle()[:16] + b"".join(struct.pack(">i", len(e)) + e for e in (good, bad)))
    assert peer.expect("/live/error")[0].startswith("Error parsing OSC bundle")
    assert client.quiet()
    assert emu.engine.song.tempo != 77.0


def test_another_sessions_requests_in_a_packed_datagram_are_refused_to_the_sender(
    client: Raw, emu: Emulator
) -> None:
    other = Raw(emu.port)
    try:
        other.connect()
        client.send(bundle(
            client.req(1, "/live/song/get/tempo"),
            client.req(2, "/live/song/set/tempo", 61.0, token=other.token),
            client.req(3, "/live/song/get/tempo", token="x" * 70),
            client.req(4, "/live/song/get/tempo"),
        ))
        got = answers(client.until_ends(4))
        assert other.quiet()  # nothing reaches the session whose token was used
    finally:
        other.close()
    assert [(a, args[0], args[1]) for a, args in got if a == "/livectl/err"] == [
        ("/livectl/err", other.token, 2),
        ("/livectl/err", "x" * 64, 3),
    ]
    assert all(NO_SESSION in args[2] for a, args in got if a == "/livectl/err")
    assert [rid for rid, kind, _ in by_request(got) if kind == "done"] == [1, 4]
    assert emu.engine.song.tempo != 61.0


def test_events_raised_by_packed_requests_come_in_order(client: Raw, emu: Emulator) -> None:
    client.send(client.req(1, "/live/song/start_listen/tempo"))
    client.until_ends(1)  # the listener's first value and the done
    client.send(bundle(
        client.req(2, "/live/song/set/tempo", 101.0),
        client.req(3, "/live/song/set/tempo", 102.0),
    ))
    got = answers(client.until_ends(2))
    assert [(a, args[1]) for a, args in got] == [
        ("/livectl/evt", "/live/song/get/tempo"), ("/livectl/done", 2),
        ("/livectl/evt", "/live/song/get/tempo"), ("/livectl/done", 3),
    ]
    assert [args[2] for a, args in got if a == "/livectl/evt"] == [101.0, 102.0]


def test_plain_abletonosc_clients_see_no_change(emu: Emulator, peer: Peer) -> None:
    """A plain bundle keeps AbletonOSC's rule: an exception ends the rest of it."""
    peer.send_raw(bundle(
        message("/live/song/set/tempo", 111.0),
        message("/live/track/get/name", 99),
        message("/live/song/set/tempo", 112.0),
    ))
    assert peer.expect("/live/error") == ("Error handling OSC message: Index out of range",)
    peer.sync()
    assert emu.engine.song.tempo == 111.0


def _mutate(rng: random.Random, data: bytes) -> bytes:
    raw = bytearray(data)
    if not raw:
        return data
    kind = rng.randrange(6)
    at = rng.randrange(len(raw))
    if kind == 0:
        raw[at] = rng.randrange(256)
    elif kind == 1:
        raw[at] = rng.choice(b"\x00/,sifbhTFN[]#x")
    elif kind == 2:
        del raw[at:]
    elif kind == 3:
        raw[at:at] = bytes(rng.randrange(256) for _ in range(rng.choice((1, 4, 8))))
    elif kind == 4:
        raw[at:at + 4] = struct.pack(">i", rng.choice((0, 1, 4, -4, 2**31 - 1, len(raw))))
    return bytes(raw)


def test_the_fast_path_answers_hostile_variants_as_the_general_path_does() -> None:
    """Two identical cores, one with the session layer's fast path, one without (every
    datagram through the general codec). Every mutation of valid requests and packed bundles
    must be answered byte for byte alike, and leave the two sets alike."""
    from emu_peer import FakeClock

    from livectl.emulator import EmulatorCore

    fast, general = EmulatorCore(clock=FakeClock()), EmulatorCore(clock=FakeClock())
    general.dispatcher.sessions.fast_path = False  # the reference: the general codec only
    addr = ("127.0.0.1", 40000)
    token = "fuzz-token-0001"
    for core in (fast, general):
        assert core.handle(message("/livectl/connect", token, "fuzz"), addr)

    def req(rid: int, address: str, *args: Any) -> bytes:
        return message("/livectl/req", token, rid, address, *args)

    seeds = [
        req(1, "/live/song/get/tempo"),
        req(2, "/live/song/set/tempo", 101.5),
        req(3, "/live/track/get/name", 0),
        req(4, "/live/track/set/name", 1, "bass"),
        req(5, "/live/song/get/is_playing"),
        req(6, "/live/clip_slot/get/has_clip", 0, 0),
        req(7, "/live/track/get/*", 0),
        req(8, "/live/test"),
        bundle(req(9, "/live/song/get/tempo"), req(10, "/live/track/get/name", 99)),
        bundle(req(11, "/live/song/set/tempo", 90.0), bundle(req(12, "/live/song/get/tempo"))),
        bundle(req(13, "/live/song/get/tempo"), message("/live/song/get/tempo")),
        message("/livectl/batch", token, 14, bundle(message("/live/song/get/tempo"))),
        # an inner "address" that, re-framed with its arguments, reads as a bundle holding a
        # message: the script must answer "Unknown OSC address: #bundle", never run it
        req(15, "#bundle", 24, True, True, True, "/live/song/get/tempo"),
    ]
    (out,) = fast.handle(seeds[-1], addr)
    assert out.data == message("/livectl/err", token, 15, "Unknown OSC address: #bundle")
    rng = random.Random(14)
    ran = 0
    for n in range(4000):
        data = rng.choice(seeds)
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            data = _mutate(rng, data)
        out_fast = [(o.data, o.addr) for o in fast.handle(data, addr)]
        out_general = [(o.data, o.addr) for o in general.handle(data, addr)]
        assert out_fast == out_general, (n, data)
        ran += sum(data.count(b"/livectl/done") for data, _ in out_fast)
    assert ran > 1000  # most variants still ran: the fast path was exercised, not bypassed
    assert fast.snapshot() == general.snapshot()
