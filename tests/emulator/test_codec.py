"""The codec: AbletonOSC's type inference on the wire, bundles, clear decode errors."""

from __future__ import annotations

import os
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pythonosc.osc_message import OscMessage
from pythonosc.osc_message_builder import OscMessageBuilder

from livectl.errors import ProtocolError
from livectl.protocol import Message, decode_message, decode_packet, encode_bundle, encode_message


def _tags(data: bytes) -> str:
    head = data.split(b"\x00", 1)[0]
    rest = data[(len(head) // 4 + 1) * 4 :]
    return rest.split(b"\x00", 1)[0].decode()


def test_types_follow_abletonosc_inference() -> None:
    data = encode_message("/x", [True, False, None, 1, 2**40, 0.1, "s", b"b"])
    assert _tags(data) == ",TFNihfsb"
    msg = OscMessage(data)  # independent parser
    assert msg.params[5] == struct.unpack(">f", struct.pack(">f", 0.1))[0]  # float32


def test_empty_args_still_carry_the_type_tag_string() -> None:
    assert _tags(encode_message("/live/test")) == ","


def test_round_trip_and_bundle_order_ignores_time_tags() -> None:
    inner = encode_bundle([("/c", [3])])
    assert decode_packet(inner) == [Message("/c", (3,))]
    data = encode_bundle([Message("/a", (1,)), ("/b", ["x", 2.5])])
    assert decode_packet(data) == [Message("/a", (1,)), Message("/b", ("x", 2.5))]


def test_decode_accepts_a_message_without_type_tags() -> None:
    assert decode_message(b"/live/test\x00\x00") == Message("/live/test", ())


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xff\xfe",
        b"/abc",
        b"/a\x00\x00,i\x00\x00\x00\x01",
        b"#bundle\x00\x00",
        b"/a\x00\x00,s\x00\x00\xff\xfe\x00\x00",
    ],
)
def test_bad_datagrams_raise_protocol_error(data: bytes) -> None:
    with pytest.raises(ProtocolError, match="Error parsing OSC"):
        decode_packet(data)


def test_unencodable_values_raise_protocol_error() -> None:
    with pytest.raises(ProtocolError, match="argument 0 of /x"):
        encode_message("/x", [object()])
    with pytest.raises(ProtocolError):
        encode_message("/x", [1e300])  # beyond float32
    with pytest.raises(ProtocolError, match="must start with '/'"):
        encode_message("x", [])


def test_python_osc_builder_agrees() -> None:
    b = OscMessageBuilder("/live/song/set/tempo")
    b.add_arg(140.0)
    assert decode_message(b.build().dgram) == Message("/live/song/set/tempo", (140.0,))


_ARG = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(width=32, allow_nan=False),
    st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"])),
    st.booleans(),
    st.none(),
    st.binary(min_size=1, max_size=64),
)


@pytest.mark.slow  # 6-16 s under load: started first (tests/conftest.py)
@settings(max_examples=300 if os.environ.get("LIVECTL_LONG") == "1" else 120, deadline=None)
@given(address=st.from_regex(r"/[a-z_/]{1,40}", fullmatch=True), args=st.lists(_ARG, max_size=8))
def test_round_trip_through_python_osc(address: str, args: list[object]) -> None:
    data = encode_message(address, args)
    parsed = OscMessage(data)  # the independent parser agrees with ours
    assert parsed.address == address and list(parsed.params) == args
    assert decode_message(data) == Message(address, tuple(args))
    assert decode_packet(encode_bundle([(address, args), (address, [])])) == [
        Message(address, tuple(args)),
        Message(address, ()),
    ]
