"""The codec's paths for long argument lists (note pages and note replies): the same bytes as
python-osc both ways, at the sizes where the paths change, and the same errors as before."""

from __future__ import annotations

import math
import re
import struct
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pythonosc.osc_message import OscMessage
from pythonosc.osc_message_builder import OscMessageBuilder

from livectl.script import osc
from livectl.script.osc import OSCDecodeError, OSCEncodeError, decode_messages, encode_message

LONG = osc._LONG  # the length from which the periodic paths are tried


def pyosc(address: str, args: list[Any]) -> bytes:
    builder = OscMessageBuilder(address)
    for value in args:
        builder.add_arg(value)
    return bytes(builder.build().dgram)


def f32(value: float) -> float:
    return float(struct.unpack(">f", struct.pack(">f", value))[0])


def same(a: Any, b: Any) -> bool:
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(map(same, a, b))
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def check_both_ways(address: str, args: list[Any]) -> None:
    ours = encode_message(address, args)
    assert ours == pyosc(address, args)
    expected = [f32(v) if type(v) is float else v for v in args]
    assert same(OscMessage(ours).params, expected)
    (message,) = decode_messages(ours)
    assert message.address == address and same(list(message.args), expected)
    assert osc.message_size(address, args) == len(ours)


def note_group(i: int) -> list[Any]:
    """One note of a notes_extended reply: id, pitch, start, duration, velocity, mute, ..."""
    return [i + 1, i % 128, i * 0.25, 0.5, 100.0, i % 3 == 0, 1.0, 0.0, 64.0]


@pytest.mark.parametrize("notes", [1, 56, 57, 58, 369, 1000, 10_000])
def test_note_replies_of_every_size_match_python_osc(notes: int) -> None:
    args: list[Any] = [0, 3]  # the (track, clip) head, then 9 values a note
    for i in range(notes):
        args += note_group(i)
    check_both_ways("/live/clip/get/notes_extended", args)


@pytest.mark.parametrize("extra", range(0, 10))
def test_a_partial_last_group_and_every_head_length(extra: int) -> None:
    """The repeating part may end inside a group, and start after a head of any length."""
    for head in ([], [7], [1, 2.5], ["tok", 5, "/live/clip/add/notes", 0, 0], [None, True, 3]):
        args: list[Any] = list(head)
        for i in range(LONG // 9 + 2):
            args += note_group(i)
        args += note_group(999)[:extra]
        check_both_ways("/a", args)


@pytest.mark.parametrize("count", [LONG - 1, LONG, LONG + 1, LONG + 2])
def test_sizes_around_the_threshold(count: int) -> None:
    check_both_ways("/ints", list(range(count)))
    check_both_ways("/floats", [i / 3 for i in range(count)])
    check_both_ways("/bools", [i % 5 == 0 for i in range(count)])
    check_both_ways("/mixed", [(i, i / 8, i % 2 == 0, None)[i % 4] for i in range(count)])


def test_a_session_envelope_around_a_note_page() -> None:
    """What the client sends: token, request id, address, then (track, clip) and 5 values a
    note; and python-osc's bytes of the same decode alike."""
    args: list[Any] = ["t" * 16, 41, "/live/clip/add/notes", 0, 0]
    for i in range(369):
        args += [i % 128, i * 0.25, 0.25, 100 if i % 2 else 90.5, i % 7 == 0]
    check_both_ways("/livectl/req", args)
    (message,) = decode_messages(pyosc("/livectl/req", args))
    assert message.args[:5] == ("t" * 16, 41, "/live/clip/add/notes", 0, 0)


GROUP_VALUE = st.one_of(
    st.integers(-(2**31) + 1, 2**31 - 1),
    st.floats(width=32),
    st.booleans(),
    st.none(),
    st.text(max_size=6).filter(lambda t: "\x00" not in t),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    head=st.lists(GROUP_VALUE, max_size=5),
    group=st.lists(st.sampled_from(["i", "f", "b", "n"]), min_size=1, max_size=12),
    repeats=st.integers(1, 120),
    extra=st.integers(0, 11),
    seed=st.integers(0, 2**16),
)
def test_long_repeating_lists_match_python_osc(head: list[Any], group: list[str], repeats: int,
                                               extra: int, seed: int) -> None:
    def value(kind: str, n: int) -> Any:
        n = (n * 2654435761 + seed) % 2**31
        return {"i": n - 2**30, "f": n / 7.0, "b": n % 3 == 0, "n": None}[kind]

    args = list(head)
    for k in range(repeats * len(group) + extra % len(group)):
        args.append(value(group[k % len(group)], k))
    check_both_ways("/r", args)


def test_ints_past_int32_in_a_long_list_go_out_as_int64_like_python_osc() -> None:
    args: list[Any] = [i for i in range(2 * LONG)]
    args[LONG + 3] = 2**40
    check_both_ways("/wide", args)


def test_a_float_past_float32_in_a_long_list_is_refused_naming_it() -> None:
    args: list[Any] = [float(i) for i in range(2 * LONG)]
    args[LONG + 5] = 1e300
    with pytest.raises(OSCEncodeError, match=re.escape(f"argument {LONG + 5} of /x (float: 1e+300)")):
        encode_message("/x", args)


def test_a_nul_in_a_string_of_a_page_envelope_is_refused_naming_it() -> None:
    args: list[Any] = ["tok\x00en", 1, "/a", *range(LONG)]
    with pytest.raises(OSCEncodeError, match=r"argument 0 of /x \(str: 'tok\\x00en'\).*NUL"):
        encode_message("/x", args)


def test_a_long_message_cut_short_or_padded_is_refused_with_the_same_text() -> None:
    args: list[Any] = [0, 0]
    for i in range(200):
        args += note_group(i)
    good = encode_message("/n", args)
    size = 8 + 200 * 32  # the head's two ints, then 8 four-byte values a note (mute is T/F)
    with pytest.raises(OSCDecodeError, match=f"need {size} bytes of arguments, {size - 4} follow"):
        decode_messages(good[:-4])
    with pytest.raises(OSCDecodeError, match=f"need {size} bytes of arguments, {size + 4} follow"):
        decode_messages(good + bytes(4))
    envelope = encode_message("/e", ["tok", *args])
    with pytest.raises(OSCDecodeError, match=r"argument 1802 \('f'\) at byte \d+ is cut short"):
        decode_messages(envelope[:-4])
    with pytest.raises(OSCDecodeError, match="4 bytes follow the last argument"):
        decode_messages(envelope + bytes(4))


def test_a_long_non_repeating_list_takes_the_general_paths() -> None:
    args: list[Any] = [i if i % 11 and i % 13 else i % 2 == 0 for i in range(3 * LONG)]
    check_both_ways("/irregular", args)
    check_both_ways("/irregular", ["s", *args, "t"])


def test_note_replies_and_pages_take_the_periodic_paths() -> None:
    """The fast paths are the ones used for note replies (else the tests above would only
    check the general paths): a (track, clip) head of 2, then groups of 9."""
    args: list[Any] = [0, 3]
    for i in range(1000):
        args += note_group(i)
    assert osc._period(tuple(map(type, args))) == (2, 9)
    body = osc._encode_periodic(args, tuple(map(type, args)))
    data = encode_message("/n", args)
    assert body is not None and data == b"/n\x00\x00" + body
    tags_end = data.index(b"\x00", 5)
    found = osc._decode_periodic(data, data[5:tags_end], (tags_end | 3) + 1, len(data))
    assert found is not None and same(found[0], [f32(v) if type(v) is float else v for v in args])
    assert found[1] == len(data)


@pytest.mark.slow  # 6-16 s under load: started first (tests/conftest.py)
def test_memory_stays_bounded_under_ever_new_long_repeating_datagrams(
        bytes_grown: Callable[[Callable[[], object]], int]) -> None:
    """Distinct long repeating type-tag strings (a hostile sender's): the compiled formats
    kept stay within a budget (struct's own cache would keep 100 of any size)."""

    def datagram(n: int) -> bytes:
        group = [("i", 1), ("f", 1.5), ("b", True)]
        kinds = [group[(n >> bit) % 3] for bit in range(7)]  # 3**7 different groups
        values = [v for _ in range(1500) for _, v in kinds]
        return encode_message("/x", values)

    for n in range(50):
        decode_messages(datagram(n))
    datagrams = [datagram(n) for n in range(50, 350)]  # built before tracing starts

    def feed() -> None:  # each result dropped at once, as a server does
        for data in datagrams:
            decode_messages(data)

    grown = bytes_grown(feed)
    assert grown < 16 * 2**20, f"decoding grew memory by {grown / 2**20:.1f} MiB"
