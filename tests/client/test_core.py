"""The sans-I/O core alone: correlation, /live/error routing, listeners, startup, hosts."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from livectl.client._core import BARRIER_ADDRESS, ClientCore, Subscription
from livectl.client._request import Request
from livectl.errors import LiveError, UncertainLiveError
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


def feed(core: ClientCore, address: str, *args: Any, source: tuple[str, int] = HOST,
         now: float = 0.0) -> list[Any]:
    calls, out = core.receive(encode_message(address, args), source, now)
    for c in calls:
        c()
    return out


def ask(core: ClientCore, request: Request, box: Box, now: float = 0.0) -> str:
    """Prepare ``request``; returns its token (the last argument of the last message sent)."""
    datagrams, _ = core.prepare(request, box, now)
    return str(decode_packet(datagrams[-1])[-1].args[-1])


def test_plain_gets_carry_a_token_and_only_their_own_reply_answers() -> None:
    core = ClientCore("127.0.0.1")
    a, b = Box(), Box()
    ta = ask(core, Request("/live/track/get/name", (0,), prefix=1), a)
    tb = ask(core, Request("/live/track/get/name", (0,), prefix=1), b)
    assert ta != tb
    feed(core, "/live/track/get/name", 0, "Bass", tb)  # answered out of order
    feed(core, "/live/track/get/name", 0, "Drums", ta)
    assert (a.value, b.value) == (("Drums",), ("Bass",))


def test_a_late_tokened_reply_answers_nobody() -> None:
    core = ClientCore("127.0.0.1")
    a, b = Box(), Box()
    datagrams, pending = core.prepare(Request("/live/song/get/tempo", (), prefix=0), a, 0.0)
    assert pending is not None
    ta = str(decode_packet(datagrams[0])[0].args[-1])
    core.cancel(pending, 1.0)
    tb = ask(core, Request("/live/song/get/tempo", (), prefix=0), b, 1.0)
    feed(core, "/live/song/get/tempo", 100.0, ta, now=1.1)  # the late one
    assert b.calls == 0 and core.late_replies == 1
    feed(core, "/live/song/get/tempo", 120.0, tb, now=1.2)
    assert b.value == (120.0,) and a.calls == 0


def test_untokened_gets_are_fifo_and_a_placeholder_absorbs_one_late_reply() -> None:
    core = ClientCore("127.0.0.1")
    a, b = Box(), Box()
    datagrams, pending = core.prepare(Request("/live/track/get/volume", (0,), prefix=1), a, 0.0)
    assert pending is not None
    assert [m.address for m in decode_packet(datagrams[0])] == ["/live/track/get/volume",
                                                              BARRIER_ADDRESS]
    core.cancel(pending, 1.0)  # timed out: a placeholder stays
    ask(core, Request("/live/track/get/volume", (0,), prefix=1), b, 1.0)
    feed(core, "/live/track/get/volume", 0, 0.25, now=1.1)  # late reply to a
    assert b.calls == 0 and core.absorbed == 1
    feed(core, "/live/track/get/volume", 0, 0.75, now=1.2)
    assert b.value == (0.75,) and a.calls == 0


def test_a_placeholder_whose_barrier_came_back_dies_after_the_reorder_window() -> None:
    core = ClientCore("127.0.0.1", reorder_s=0.1)
    a, b = Box(), Box()
    datagrams, pending = core.prepare(Request("/live/track/get/volume", (0,), prefix=1), a, 0.0)
    assert pending is not None
    token = str(decode_packet(datagrams[0])[-1].args[-1])
    feed(core, BARRIER_ADDRESS, 120.0, token, now=0.1)  # the reply itself was lost
    core.cancel(pending, 1.0)
    assert core.placeholders() == 1
    ask(core, Request("/live/track/get/volume", (0,), prefix=1), b, 1.0)
    assert core.placeholders() == 0  # the reply was sent before the barrier: it is lost
    feed(core, "/live/track/get/volume", 0, 0.5, now=1.1)
    assert b.value == (0.5,)


def test_bool_is_not_an_index() -> None:
    core = ClientCore("127.0.0.1")
    box = Box()
    core.prepare(Request("/live/track/get/volume", (1,), prefix=1), box, 0.0)
    feed(core, "/live/track/get/volume", True, 0.5)
    assert box.calls == 0


def test_an_error_with_one_candidate_is_certain() -> None:
    core = ClientCore("127.0.0.1")
    first = Box()
    core.prepare(Request("/live/clip/get/name", (0, 5), prefix=2), first, 0.0)
    feed(core, "/live/error", "Error handling OSC message: Index out of range")
    assert isinstance(first.error, LiveError) and first.error.address == "/live/clip/get/name"
    assert not isinstance(first.error, UncertainLiveError)


def test_an_error_with_several_candidates_waits_for_elimination() -> None:
    core = ClientCore("127.0.0.1")
    first, second = Box(), Box()
    t1 = ask(core, Request("/live/clip/get/name", (0, 5), prefix=2), first)
    ask(core, Request("/live/clip/get/name", (0, 0), prefix=2), second)
    feed(core, "/live/error", "Error handling OSC message: Index out of range")
    assert first.calls == second.calls == 0  # not certain yet
    feed(core, "/live/clip/get/name", 0, 5, "x", t1)  # the first was fine: the second failed
    assert first.value == ("x",)
    assert isinstance(second.error, LiveError) and "Index out of range" in str(second.error)


def test_a_caller_giving_up_on_an_open_error_gets_uncertain_live_error() -> None:
    core = ClientCore("127.0.0.1")
    a, b = Box(), Box()
    _, pa = core.prepare(Request("/live/song/set/loop_length", (0.0,), confirm=True), a, 0.0)
    core.prepare(Request("/live/song/set/loop_length", (0.0,), confirm=True), b, 0.0)
    feed(core, "/live/error", "Error handling OSC message: Invalid loop length")
    assert pa is not None
    err = core.cancel(pa, 1.0)
    assert isinstance(err, UncertainLiveError) and err.others == 1
    assert "Invalid loop length" in str(err) and "may or may not" in str(err)


def test_handled_messages_cannot_take_a_later_error() -> None:
    core = ClientCore("127.0.0.1")
    errors: list[LiveError] = []
    core.on_error = errors.append
    ok, bad = Box(), Box()
    t = ask(core, Request("/live/song/set/tempo", (130.0,), confirm=True), ok)
    core.prepare(Request("/live/track/get/name", (9,), prefix=1), bad, 0.0)
    feed(core, BARRIER_ADDRESS, 130.0, t)
    feed(core, "/live/error", "Error handling OSC message: Index out of range")
    assert ok.value == () and isinstance(bad.error, LiveError) and errors == []


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


def test_confirm_is_one_bundle_with_a_token_barrier() -> None:
    core = ClientCore("127.0.0.1")
    box = Box()
    datagrams, _ = core.prepare(Request("/live/song/set/tempo", (99.0,), confirm=True), box, 0.0)
    assert len(datagrams) == 1
    messages = decode_packet(datagrams[0])
    assert [m.address for m in messages] == ["/live/song/set/tempo", BARRIER_ADDRESS]
    feed(core, BARRIER_ADDRESS, 120.0)  # a listener-style message without our token
    assert box.calls == 0
    feed(core, BARRIER_ADDRESS, 99.0, messages[1].args[0])
    assert box.calls == 1 and box.error is None


def test_wildcard_collects_until_its_barrier() -> None:
    core = ClientCore("127.0.0.1")
    box = Box()
    t = ask(core, Request("/live/clip/get/*", (0, 0), prefix=2, collect=True), box)
    feed(core, "/live/clip/get/name", 0, 0, "a")
    feed(core, "/live/clip/get/name", 1, 0, "other")  # another clip: not ours
    feed(core, "/live/clip/get/length", 0, 0, 4.0)
    assert box.calls == 0
    feed(core, BARRIER_ADDRESS, 120.0, t)
    assert box.value == [("/live/clip/get/name", (0, 0, "a")), ("/live/clip/get/length", (0, 0, 4.0))]


def test_foreign_hosts_and_ports_are_ignored() -> None:
    core = ClientCore("127.0.0.1", 11000)
    box = Box()
    t = ask(core, Request("/live/song/get/tempo", (), prefix=0), box)
    feed(core, "/live/song/get/tempo", 666.0, t, source=("10.1.2.3", 11000))
    feed(core, "/live/song/get/tempo", 666.0, t, source=("127.0.0.1", 5555))
    assert box.calls == 0 and core.ignored_foreign == 2
    feed(core, "/live/song/get/tempo", 120.0, t)
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


@pytest.mark.parametrize("garbage", [b"", b"\x00\x01", b"/x\x00\x00,zzz"])
def test_undecodable_datagrams_are_ignored(garbage: bytes) -> None:
    core = ClientCore("127.0.0.1")
    calls, out = core.receive(garbage, HOST, 0.0)
    assert calls == [] and out == []


def test_wildcard_takes_one_reply_per_address_leaving_a_concurrent_get_its_own() -> None:
    core = ClientCore("127.0.0.1")
    wild, get = Box(), Box()
    tw = ask(core, Request("/live/track/get/*", (0,), prefix=1, collect=True), wild)
    tg = ask(core, Request("/live/track/get/name", (0,), prefix=1), get)
    feed(core, "/live/track/get/name", 0, "A")  # the wildcard's reply (sent first)
    feed(core, "/live/track/get/name", 0, "A", tg)  # the get's reply
    assert get.value == ("A",)
    feed(core, BARRIER_ADDRESS, 120.0, tw)
    assert wild.value == [("/live/track/get/name", (0, "A"))]


@settings(max_examples=60, deadline=None)
@given(st.permutations(list(range(12))), st.lists(st.integers(0, 11), max_size=4, unique=True))
def test_any_reply_order_gives_each_request_its_own_answer(order: list[int], failing: list[int]) -> None:
    """Replies in any order (UDP may reorder), some requests failing: nobody gets another's
    answer, and nobody gets an error that is not certainly its own."""
    core = ClientCore("127.0.0.1")
    boxes = [Box() for _ in range(12)]
    tokens = [ask(core, Request("/live/track/get/name", (i,), prefix=1), box)
              for i, box in enumerate(boxes)]
    for _ in failing:
        feed(core, "/live/error", "Error handling OSC message: Index out of range")
    for i in order:
        if i not in failing:
            feed(core, "/live/track/get/name", i, f"n{i}", tokens[i])
    for i, box in enumerate(boxes):
        if i in failing:
            assert isinstance(box.error, LiveError) and box.value is None
        else:
            assert box.value == (f"n{i}",) and box.error is None
