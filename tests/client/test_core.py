"""The sans-I/O core alone: correlation, /live/error routing, listeners, startup, hosts."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from livectl.client._core import BARRIER_ADDRESS, ClientCore, Subscription
from livectl.client._request import Request
from livectl.errors import LiveError
from livectl.protocol import decode_packet, encode_message

HOST = ("127.0.0.1", 11000)


class Box:
    def __init__(self) -> None:
        self.value: Any = None
        self.error: BaseException | None = None
        self.calls = 0

    def __call__(self, value: Any, error: BaseException | None) -> None:
        self.value, self.error = value, error
        self.calls += 1


def feed(core: ClientCore, address: str, *args: Any, source: tuple[str, int] = HOST) -> list[Any]:
    calls, out = core.receive(encode_message(address, args), source, 0.0)
    for c in calls:
        c()
    return out


def test_replies_go_to_the_request_with_the_same_echoed_prefix() -> None:
    core = ClientCore("127.0.0.1")
    a, b = Box(), Box()
    core.prepare(Request("/live/track/get/name", (0,), prefix=1), a, 0.0)
    core.prepare(Request("/live/track/get/name", (1,), prefix=1), b, 0.0)
    feed(core, "/live/track/get/name", 1, "Bass")  # answered out of order
    feed(core, "/live/track/get/name", 0, "Drums")
    assert (a.value, b.value) == (("Drums",), ("Bass",))


def test_same_key_is_fifo() -> None:
    core = ClientCore("127.0.0.1")
    boxes = [Box() for _ in range(3)]
    for box in boxes:
        core.prepare(Request("/live/song/get/tempo", (), prefix=0), box, 0.0)
    for tempo in (120.0, 121.0, 122.0):
        feed(core, "/live/song/get/tempo", tempo)
    assert [b.value for b in boxes] == [(120.0,), (121.0,), (122.0,)]


def test_bool_is_not_an_index() -> None:
    core = ClientCore("127.0.0.1")
    box = Box()
    core.prepare(Request("/live/track/get/mute", (1,), prefix=1), box, 0.0)
    feed(core, "/live/track/get/mute", True, False)
    assert box.calls == 0


def test_error_goes_to_the_oldest_in_flight_request() -> None:
    core = ClientCore("127.0.0.1")
    first, second = Box(), Box()
    core.prepare(Request("/live/clip/get/name", (0, 5), prefix=2), first, 0.0)
    core.prepare(Request("/live/clip/get/name", (0, 0), prefix=2), second, 0.0)
    feed(core, "/live/error", "Error handling OSC message: Index out of range")
    assert isinstance(first.error, LiveError) and first.error.address == "/live/clip/get/name"
    assert "Index out of range" in str(first.error)
    feed(core, "/live/clip/get/name", 0, 0, "x")
    assert second.value == ("x",) and second.error is None


def test_passed_messages_cannot_take_a_later_error() -> None:
    core = ClientCore("127.0.0.1")
    errors: list[LiveError] = []
    core.on_error = errors.append
    ok, bad = Box(), Box()
    core.send_grace_s = 10.0
    core.prepare(Request("/live/song/set/tempo", (130.0,)), lambda v, e: None, 0.0)
    core.prepare(Request("/live/song/get/tempo", (), prefix=0), ok, 0.0)
    core.prepare(Request("/live/track/get/name", (9,), prefix=1), bad, 0.0)
    feed(core, "/live/song/get/tempo", 130.0)  # the set before it has been handled too
    feed(core, "/live/error", "Error handling OSC message: Index out of range")
    assert isinstance(bad.error, LiveError) and errors == []


def test_unknown_address_error_names_its_request() -> None:
    core = ClientCore("127.0.0.1")
    a, b = Box(), Box()
    core.prepare(Request("/live/song/get/tempo", (), prefix=0), a, 0.0)
    core.prepare(Request("/live/nope", (), prefix=0), b, 0.0)
    feed(core, "/live/error", "Unknown OSC address: /live/nope")
    assert b.error is not None and a.error is None and a.calls == 0


def test_error_without_a_cause_goes_to_on_error_never_dropped() -> None:
    core = ClientCore("127.0.0.1")
    errors: list[LiveError] = []
    core.on_error = errors.append
    feed(core, "/live/error", "Error handling OSC message: boom")
    assert [str(e) for e in errors] == ["Error handling OSC message: boom"]


def test_unconfirmed_send_error_goes_to_on_error_with_its_address() -> None:
    core = ClientCore("127.0.0.1")
    errors: list[LiveError] = []
    core.on_error = errors.append
    core.prepare(Request("/live/clip_slot/create_clip", (0, 0, 4.0)), lambda v, e: None, 0.0)
    feed(core, "/live/error", "Error handling OSC message: Clip slot already has a clip")
    assert errors[0].address == "/live/clip_slot/create_clip"


def test_confirm_sends_a_barrier_and_resolves_on_it() -> None:
    core = ClientCore("127.0.0.1")
    box = Box()
    datagrams, _ = core.prepare(Request("/live/song/set/tempo", (99.0,), confirm=True), box, 0.0)
    assert [m.address for d in datagrams for m in decode_packet(d)] == [
        "/live/song/set/tempo", BARRIER_ADDRESS]
    feed(core, BARRIER_ADDRESS, "ok")
    assert box.calls == 1 and box.error is None


def test_wildcard_collects_until_the_barrier() -> None:
    core = ClientCore("127.0.0.1")
    box = Box()
    core.prepare(Request("/live/clip/get/*", (0, 0), prefix=2, collect=True), box, 0.0)
    feed(core, "/live/clip/get/name", 0, 0, "a")
    feed(core, "/live/clip/get/name", 1, 0, "other")  # another clip: not ours
    feed(core, "/live/clip/get/length", 0, 0, 4.0)
    assert box.calls == 0
    feed(core, BARRIER_ADDRESS, "ok")
    assert box.value == [("/live/clip/get/name", (0, 0, "a")), ("/live/clip/get/length", (0, 0, 4.0))]


def test_foreign_hosts_are_ignored() -> None:
    core = ClientCore("127.0.0.1")
    box = Box()
    core.prepare(Request("/live/song/get/tempo", (), prefix=0), box, 0.0)
    feed(core, "/live/song/get/tempo", 666.0, source=("10.1.2.3", 11000))
    assert box.calls == 0 and core.ignored_foreign == 1
    feed(core, "/live/song/get/tempo", 120.0)
    assert box.value == (120.0,)


def test_listener_messages_route_to_subscriptions_and_startup_restores_them() -> None:
    core = ClientCore("127.0.0.1")
    seen: list[tuple[Any, ...]] = []
    sub = Subscription(("/live/track/get/mute", (2,)), ("/live/track/start_listen/mute", (2,)),
                       ("/live/track/stop_listen/mute", (2,)), seen.append)
    start = core.subscribe(sub)
    assert decode_packet(start[0])[0].address == "/live/track/start_listen/mute"
    feed(core, "/live/track/get/mute", 2, True)
    feed(core, "/live/track/get/mute", 3, True)  # another track
    assert seen == [(True,)]
    out = feed(core, "/live/startup")
    assert [decode_packet(d)[0].args for d in out] == [(2,)]
    stop = core.unsubscribe(sub)
    assert decode_packet(stop[0])[0].address == "/live/track/stop_listen/mute"
    assert core.unsubscribe(sub) == []
    feed(core, "/live/track/get/mute", 2, False)
    assert seen == [(True,)]


def test_cancelled_request_gets_nothing_and_late_reply_is_harmless() -> None:
    core = ClientCore("127.0.0.1")
    box = Box()
    _, pending = core.prepare(Request("/live/song/get/tempo", (), prefix=0), box, 0.0)
    assert pending is not None
    core.cancel(pending)
    feed(core, "/live/song/get/tempo", 120.0)
    assert box.calls == 0 and core.unmatched == 1


@pytest.mark.parametrize("garbage", [b"", b"\x00\x01", b"/x\x00\x00,zzz"])
def test_undecodable_datagrams_are_ignored(garbage: bytes) -> None:
    core = ClientCore("127.0.0.1")
    calls, out = core.receive(garbage, HOST, 0.0)
    assert calls == [] and out == []


def test_wildcard_takes_one_reply_per_address_leaving_a_concurrent_get_its_own() -> None:
    core = ClientCore("127.0.0.1")
    wild, get = Box(), Box()
    core.prepare(Request("/live/track/get/*", (0,), prefix=1, collect=True), wild, 0.0)
    core.prepare(Request("/live/track/get/name", (0,), prefix=1), get, 0.0)
    feed(core, "/live/track/get/name", 0, "A")  # the wildcard's reply (sent first)
    feed(core, "/live/track/get/name", 0, "A")  # the get's reply
    assert get.value == ("A",)
    feed(core, BARRIER_ADDRESS, "ok")
    assert wild.value == [("/live/track/get/name", (0, "A"))]


@settings(max_examples=60, deadline=None)
@given(st.permutations(list(range(12))), st.lists(st.integers(0, 11), max_size=4, unique=True))
def test_any_reply_order_gives_each_request_its_own_answer(order: list[int], failing: list[int]) -> None:
    """Replies in any order (UDP may reorder), some requests failing: nobody gets another's."""
    core = ClientCore("127.0.0.1")
    boxes = [Box() for _ in range(12)]
    for i, box in enumerate(boxes):
        core.prepare(Request("/live/track/get/name", (i,), prefix=1), box, 0.0)
    # AbletonOSC handles in order, so an error comes after the replies to everything sent
    # before it; the replies to later requests may come in any order.
    answered = [i for i in order if i not in failing]
    done: set[int] = set()
    for f in sorted(failing):
        for j in range(f):
            if j not in failing and j not in done:
                feed(core, "/live/track/get/name", j, f"n{j}")
                done.add(j)
        feed(core, "/live/error", "Error handling OSC message: Index out of range")
    for i in answered:
        if i not in done:
            feed(core, "/live/track/get/name", i, f"n{i}")
    for i, box in enumerate(boxes):
        if i in failing:
            assert isinstance(box.error, LiveError) and box.value is None
        else:
            assert box.value == (f"n{i}",) and box.error is None
