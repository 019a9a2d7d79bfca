"""The client's session fast path (livectl.client._wire) against the general codec.

``Wire.request`` must produce exactly the bytes ``encode_message`` produces for the same
envelope, and ``Wire.decode`` exactly the messages ``decode_packet`` returns, or ``None``
(never a different answer, never an exception) for anything it does not read itself.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from livectl.client._wire import Wire
from livectl.errors import ProtocolError
from livectl.protocol import decode_packet, encode_bundle, encode_message
from livectl.script.session import DONE, ERROR, REPLY, REQUEST

TOKEN = "0123456789abcdef01234567"

values = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.floats(width=32, allow_nan=False),
    st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
            max_size=12),
    st.booleans(),
    st.none(),
    st.binary(max_size=9),
)
addresses = st.sampled_from(["/live/song/get/tempo", "/live/track/get/name", "/a", "/abc",
                             "/live/clip/get/notes", "/live/x/y/zz"])
rids = st.one_of(st.integers(0, 2**31 - 1), st.integers(-(2**31), 2**40))


@settings(max_examples=400, deadline=None)
@given(rid=rids, address=addresses, args=st.lists(values, max_size=6))
def test_request_is_byte_identical_to_the_general_encoder(rid: int, address: str,
                                                           args: list[Any]) -> None:
    wire = Wire(TOKEN)
    want = encode_message(REQUEST, (TOKEN, rid, address, *args))
    assert wire.request(rid, address, tuple(args)) == want
    assert wire.request(rid, address, tuple(args)) == want  # again, from the template cache


def test_request_refuses_what_osc_cannot_carry_like_the_encoder() -> None:
    wire = Wire(TOKEN)
    with pytest.raises(ProtocolError, match="argument"):
        wire.request(1, "/live/song/set/tempo", (object(),))
    with pytest.raises(ProtocolError, match="must start with '/'"):
        wire.request(1, "live/song/get/tempo", ())


def _reply(rid: int, address: str, args: list[Any]) -> tuple[str, tuple[Any, ...]]:
    return (REPLY, (TOKEN, rid, address, *args))


answers = st.lists(
    st.one_of(
        st.builds(_reply, st.integers(-(2**31), 2**31 - 1), addresses, st.lists(values, max_size=5)),
        st.builds(lambda rid, n: (DONE, (TOKEN, rid, n)), st.integers(-(2**31), 2**31 - 1),
                  st.integers(0, 2**31 - 1)),
    ),
    min_size=1, max_size=5,
)


@settings(max_examples=400, deadline=None)
@given(messages=answers, bundled=st.booleans())
def test_decode_reads_answers_exactly_as_the_general_decoder(
        messages: list[tuple[str, tuple[Any, ...]]], bundled: bool) -> None:
    data = (encode_bundle(messages) if bundled or len(messages) > 1
            else encode_message(*messages[0]))
    wire = Wire(TOKEN)
    got = wire.decode(data)
    assert got is not None
    assert got == decode_packet(data)
    assert wire.decode(data) == got  # again, from the shapes it learnt


@settings(max_examples=600, deadline=None)
@given(messages=answers, at=st.integers(0, 10_000), byte=st.integers(0, 255),
       cut=st.integers(0, 64))
def test_decode_never_answers_differently_on_damaged_datagrams(
        messages: list[tuple[str, tuple[Any, ...]]], at: int, byte: int, cut: int) -> None:
    data = bytearray(encode_bundle(messages) if len(messages) > 1 else encode_message(*messages[0]))
    wire = Wire(TOKEN)
    wire.decode(bytes(data))  # learns its shapes
    data[at % len(data)] = byte
    damaged = bytes(data[: max(0, len(data) - cut)])
    got = wire.decode(damaged)
    if got is None:
        return  # the general decoder reads it, or names what is wrong
    assert got == decode_packet(damaged)


def _nested(inner: bytes) -> bytes:
    return b"#bundle\x00" + (1).to_bytes(8, "big") + len(inner).to_bytes(4, "big") + inner


@pytest.mark.parametrize("data", [
    encode_message(ERROR, (TOKEN, 3, "boom")),  # errors take the general path
    encode_message(REPLY, ("another-token-of-24-chars", 3, "/live/a", 1.0)),
    encode_message(DONE, ("another-token-of-24-chars", 3, 1)),
    encode_message("/live/startup"),
    _nested(_nested(encode_bundle([(DONE, (TOKEN, 1, 0))]))),  # deeper than answers nest
    b"#bundle\x00",
    b"",
    b"/livectl/rep\x00\x00\x00\x00",
])
def test_decode_leaves_other_shapes_to_the_general_decoder(data: bytes) -> None:
    assert Wire(TOKEN).decode(data) is None


def test_decode_refuses_non_zero_padding_as_the_general_decoder_does() -> None:
    data = bytearray(encode_message(REPLY, (TOKEN, 5, "/live/song/get/tempo", 120.0)))
    tags_end = data.index(b",sisf") + 5  # the NULs after the type tags
    data[tags_end + 1] = 1
    with pytest.raises(ProtocolError):
        decode_packet(bytes(data))
    assert Wire(TOKEN).decode(bytes(data)) is None


@settings(max_examples=200, deadline=None)
@given(groups=st.lists(answers, min_size=1, max_size=6))
def test_decode_reads_answers_packed_in_one_datagram(
        groups: list[list[tuple[str, tuple[Any, ...]]]]) -> None:
    """The script answers the requests of one packed datagram in one bundle of answers."""
    inner = [encode_bundle(g) if len(g) > 1 else encode_message(*g[0]) for g in groups]
    data = b"#bundle\x00" + (1).to_bytes(8, "big") + b"".join(
        len(x).to_bytes(4, "big") + x for x in inner)
    assert Wire(TOKEN).decode(data) == decode_packet(data)


@settings(max_examples=200, deadline=None)
@given(sizes=st.lists(st.integers(0, 3000), min_size=1, max_size=40),
       limit=st.integers(512, 8192))
def test_pack_keeps_every_request_in_order_within_the_limit(sizes: list[int], limit: int) -> None:
    wire = Wire(TOKEN)
    requests = [wire.request(i, "/live/track/set/name", (0, "x" * n)) for i, n in enumerate(sizes)]
    packed = wire.pack(requests, limit)
    assert [m for d in packed for m in decode_packet(d)] == [decode_packet(r)[0] for r in requests]
    for datagram in packed:
        alone = datagram in requests
        assert alone or len(datagram) <= limit  # one too big for the limit travels alone


def test_pack_never_puts_more_requests_in_a_datagram_than_the_script_runs() -> None:
    from livectl.script.session import MAX_PACKED

    wire = Wire(TOKEN)
    requests = [wire.request(i, "/a", ()) for i in range(3 * MAX_PACKED)]
    packed = wire.pack(requests, 1 << 20)
    assert [len(decode_packet(d)) for d in packed] == [MAX_PACKED] * 3


def _as_lone(messages: list[tuple[str, tuple[Any, ...]]] | Any) -> tuple[Any, ...] | None:
    """What lone_answer must say of what the general decoder read: one reply and the done
    of the same request id, counting one reply; else None."""
    if (len(messages) == 2 and messages[0].address == REPLY and messages[1].address == DONE
            and len(messages[0].args) >= 3 and messages[0].args[0] == TOKEN
            and messages[1].args == (TOKEN, messages[0].args[1], 1)):
        _, rid, address, *args = messages[0].args
        return rid, address, tuple(args)
    return None


@settings(max_examples=300, deadline=None)
@given(rid=st.integers(-(2**31), 2**31 - 1), address=addresses,
       args=st.lists(values, max_size=5), count=st.sampled_from([1, 1, 0, 2]),
       done_rid=st.sampled_from([0, 0, 1]))
def test_lone_answer_reads_one_reply_and_its_done_as_the_general_decoder(
        rid: int, address: str, args: list[Any], count: int, done_rid: int) -> None:
    data = encode_bundle([_reply(rid, address, args),
                          (DONE, (TOKEN, rid ^ done_rid, count))])
    wire = Wire(TOKEN)
    got = wire.lone_answer(data)
    assert got == _as_lone(decode_packet(data))
    assert wire.lone_answer(data) == got  # again, from the shapes it learnt
    if count == 1 and done_rid == 0:
        assert got == (rid, address, tuple(decode_packet(data)[0].args[3:]))


@settings(max_examples=400, deadline=None)
@given(messages=answers, at=st.integers(0, 10_000), byte=st.integers(0, 255),
       cut=st.integers(0, 64), damage=st.booleans())
def test_lone_answer_never_reads_anything_else(
        messages: list[tuple[str, tuple[Any, ...]]], at: int, byte: int, cut: int,
        damage: bool) -> None:
    data = bytearray(encode_bundle(messages))
    wire = Wire(TOKEN)
    wire.lone_answer(bytes(data))  # learns the shape, if it is one
    if damage:
        data[at % len(data)] = byte
        data = data[: max(0, len(data) - cut)]
    got = wire.lone_answer(bytes(data))
    if got is None:
        return
    assert got == _as_lone(decode_packet(bytes(data)))


numbers = st.one_of(st.integers(-(2**63), 2**63 - 1), st.floats(width=32, allow_nan=False))


@settings(max_examples=400, deadline=None)
@given(rid=st.integers(-(2**31), 2**31 - 1), address=addresses,
       args=st.lists(numbers, max_size=4), at=st.integers(0, 10_000),
       byte=st.integers(0, 255), cut=st.integers(0, 16))
def test_lone_answer_after_learning_a_shape_never_misreads_a_damaged_one(
        rid: int, address: str, args: list[Any], at: int, byte: int, cut: int) -> None:
    data = encode_bundle([_reply(rid, address, args), (DONE, (TOKEN, rid, 1))])
    wire = Wire(TOKEN)
    assert wire.lone_answer(data) == (rid, address, tuple(decode_packet(data)[0].args[3:]))
    damaged = bytearray(data)
    damaged[at % len(damaged)] = byte
    damaged = damaged[: max(0, len(damaged) - cut)]
    got = wire.lone_answer(bytes(damaged))
    if got is not None:
        assert got == _as_lone(decode_packet(bytes(damaged)))
