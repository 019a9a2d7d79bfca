"""The script's OSC codec: byte-identical to python-osc both ways, strict on hostile input, fast."""

from __future__ import annotations

import ast
import datetime
import importlib.util
import math
import os
import re
import struct
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pythonosc.osc_bundle import OscBundle
from pythonosc.osc_bundle_builder import IMMEDIATELY as PYOSC_IMMEDIATELY
from pythonosc.osc_bundle_builder import OscBundleBuilder
from pythonosc.osc_message import OscMessage
from pythonosc.osc_message_builder import OscMessageBuilder

from livectl.errors import ProtocolError
from livectl.protocol import codec
from livectl.script.osc import (
    IMMEDIATELY,
    MAX_ARRAY_DEPTH,
    MAX_BUNDLE_DEPTH,
    Bundle,
    Message,
    OSCDecodeError,
    OSCEncodeError,
    decode,
    decode_messages,
    encode_bundle,
    encode_message,
    message_size,
)

ROOT = Path(__file__).resolve().parents[2]
LONG = os.environ.get("LIVECTL_LONG") == "1"  # the larger example counts (CI runs the smaller)
SETTINGS = settings(max_examples=300 if LONG else 100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# ------------------------------------------------------------------------------ helpers


def pyosc_message(address: str, args: list[Any]) -> bytes:
    builder = OscMessageBuilder(address)
    for value in args:
        builder.add_arg(value)
    return builder.build().dgram


def same(a: Any, b: Any) -> bool:
    """Equal values of equal types (True is not 1), NaN equal to NaN, lists and tuples by item."""
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(same, a, b))
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def float32(value: float) -> float:
    return float(struct.unpack(">f", struct.pack(">f", value))[0])


def _ntp(value: Any) -> Any:
    """python-osc's (datetime, fraction) for a 't' argument as the raw NTP value ours gives."""
    if isinstance(value, list):
        return [_ntp(v) for v in value]
    if isinstance(value, tuple) and value and isinstance(value[0], datetime.datetime):
        seconds = (value[0] - datetime.datetime(1900, 1, 1)).total_seconds()
        return (int(seconds) << 32) | value[1]
    return value


def flatten_pyosc(data: bytes) -> list[tuple[str, list[Any]]]:
    """python-osc's reading of a datagram, bundles walked in order."""
    if OscBundle.dgram_is_bundle(data):
        out: list[tuple[str, list[Any]]] = []
        for element in OscBundle(data):
            out += flatten_pyosc(element.dgram)
        return out
    msg = OscMessage(data)
    return [(msg.address, _ntp(msg.params))]


# ------------------------------------------------------------------------------ strategies

TEXT = st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"]))
ADDRESS = st.one_of(
    st.from_regex(r"/[a-z_/*]{0,40}", fullmatch=True), TEXT.map(lambda s: "/" + s[:30])
)
ARG = st.one_of(
    # python-osc sends -2**31 as int64 (its bit_length() test ignores the sign): below.
    st.integers(-(2**63), 2**63 - 1).filter(lambda v: v != -(2**31)),
    st.integers(-(2**31) + 1, 2**31 - 1),
    st.floats(width=32),  # NaN and infinities included
    st.floats(min_value=-3.4e38, max_value=3.4e38),  # doubles, rounded to float32 on the wire
    TEXT,
    st.booleans(),
    st.none(),
    st.binary(min_size=1, max_size=40),  # python-osc refuses an empty blob
)
ARGS = st.lists(ARG, max_size=12)


def _bundles(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(children, max_size=4).map(lambda items: ("bundle", items))


TREE = st.recursive(st.tuples(ADDRESS, ARGS), _bundles, max_leaves=12)


def build_both(tree: Any) -> tuple[bytes, bytes]:
    """(ours, python-osc's) bytes for a message (address, args) or a ("bundle", items) tree."""
    if tree[0] != "bundle":
        return encode_message(*tree), pyosc_message(*tree)
    builder = OscBundleBuilder(PYOSC_IMMEDIATELY)
    items = []
    for child in tree[1]:
        mine, theirs = build_both(child)
        items.append(mine)
        parsed = OscBundle(theirs) if OscBundle.dgram_is_bundle(theirs) else OscMessage(theirs)
        builder.add_content(parsed)
    return encode_bundle(items), builder.build().dgram


# ------------------------------------------------------------------------------ python-osc agrees


@SETTINGS
@given(address=ADDRESS, args=ARGS)
def test_messages_are_byte_identical_to_python_osc_both_ways(address: str, args: list[Any]) -> None:
    ours = encode_message(address, args)
    theirs = pyosc_message(address, args)
    assert ours == theirs
    expected = [float32(v) if type(v) is float else v for v in args]
    # python-osc reads ours; ours reads python-osc's; both give the values sent (float32).
    assert same(OscMessage(ours).params, expected)
    decoded = decode_messages(theirs)
    assert len(decoded) == 1 and decoded[0].address == address
    assert same(list(decoded[0].args), expected)
    assert same(decode(theirs), decoded[0])
    assert message_size(address, args) == len(ours)


@pytest.mark.slow
@SETTINGS
@given(tree=TREE)
def test_bundles_are_byte_identical_to_python_osc_both_ways(tree: Any) -> None:
    ours, theirs = build_both(tree)
    assert ours == theirs
    mine = [(m.address, list(m.args)) for m in decode_messages(theirs)]
    assert same(mine, flatten_pyosc(ours))


@settings(max_examples=100, deadline=None)
@given(seconds=st.floats(min_value=0, max_value=2**32 - 2_208_988_801), args=ARGS)
def test_bundle_time_tags_match_python_osc(seconds: float, args: list[Any]) -> None:
    builder = OscBundleBuilder(seconds)
    builder.add_content(OscMessage(pyosc_message("/a", args)))
    theirs = builder.build().dgram
    assert codec.encode_bundle([("/a", args)], timetag=seconds) == theirs
    bundle = decode(theirs)
    assert isinstance(bundle, Bundle)
    assert bundle.timetag == int.from_bytes(theirs[8:16], "big")
    if seconds:
        assert bundle.timetag == int((seconds + 2_208_988_800) * 2**32)


def test_a_bundle_time_past_ntp_s_2036_rollover_is_refused() -> None:
    with pytest.raises(ProtocolError, match=r"time tag must be in range 0\.\.2"):
        codec.encode_bundle([], timetag=2**32 - 2_208_988_800)  # python-osc: struct.error


def test_immediately_is_ntp_1_as_python_osc_writes_it() -> None:
    theirs = OscBundleBuilder(PYOSC_IMMEDIATELY).build().dgram
    assert encode_bundle([]) == theirs == b"#bundle\x00" + (1).to_bytes(8, "big")
    assert codec.encode_bundle([]) == theirs
    assert decode(theirs) == Bundle(IMMEDIATELY, ())
    assert OscBundle(encode_bundle([])).timestamp == PYOSC_IMMEDIATELY


def test_nested_bundles_keep_their_structure_and_flatten_in_order() -> None:
    inner = encode_bundle([("/b", [2]), ("/c", ["x"])], timetag=7)
    data = encode_bundle([("/a", [1]), inner, ("/d", [])])
    assert decode(data) == Bundle(
        1,
        (
            Message("/a", (1,)),
            Bundle(7, (Message("/b", (2,)), Message("/c", ("x",)))),
            Message("/d", ()),
        ),
    )
    assert [m.address for m in decode_messages(data)] == ["/a", "/b", "/c", "/d"]
    assert codec.decode_packet(data) == decode_messages(data)


@pytest.mark.parametrize(
    ("tag", "value"),
    [("h", 5), ("h", -(2**63)), ("d", 0.1), ("d", float("inf")), ("r", 0xFF00FF80),
     ("m", (1, 0x90, 60, 127)), ("i", -(2**31))],
)
def test_explicit_types_python_osc_can_send_are_decoded_alike(tag: str, value: Any) -> None:
    builder = OscMessageBuilder("/x")
    builder.add_arg(value, tag)
    builder.add_arg("after")
    data = builder.build().dgram
    assert same(list(decode_messages(data)[0].args), OscMessage(data).params)


def test_arrays_decode_as_python_osc_lists() -> None:
    data = pyosc_message("/x", [[1, [2.5, "s"], []], True])
    assert same(list(decode_messages(data)[0].args), OscMessage(data).params)
    assert decode_messages(data)[0].args == ([1, [2.5, "s"], []], True)


def test_a_time_tag_argument_decodes_to_its_raw_ntp_value() -> None:
    raw = (3_900_000_000 << 32) | 5
    data = b"/t\x00\x00,t\x00\x00" + raw.to_bytes(8, "big")
    assert decode_messages(data) == [Message("/t", (raw,))]
    assert flatten_pyosc(data) == [("/t", [raw])]  # python-osc: the same instant as a datetime


def test_empty_arguments_and_a_missing_type_tag_string() -> None:
    assert encode_message("/live/test") == pyosc_message("/live/test", []) == (
        b"/live/test\x00\x00,\x00\x00\x00"
    )
    assert decode_messages(b"/live/test\x00\x00") == [Message("/live/test", ())]
    assert OscMessage(b"/live/test\x00\x00").params == []


# ------------------------------------------------------------------------------ encoding choices


def test_int_widths_and_the_one_deliberate_difference_from_python_osc() -> None:
    tags = {v: encode_message("/x", [v])[4:8] for v in (2**31 - 1, -(2**31), 2**31, 2**63 - 1)}
    assert tags == {
        2**31 - 1: b",i\x00\x00",
        -(2**31): b",i\x00\x00",  # fits int32; python-osc says h (bit_length() > 31)
        2**31: b",h\x00\x00",  # python-osc and AbletonOSC send int64 too
        2**63 - 1: b",h\x00\x00",
    }
    assert pyosc_message("/x", [-(2**31)])[4:8] == b",h\x00\x00"
    assert OscMessage(encode_message("/x", [-(2**31)])).params == [-(2**31)]


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, 10**30])
def test_ints_past_64_bits_are_refused_naming_the_value(value: int) -> None:
    with pytest.raises(OSCEncodeError, match=rf"argument 1 of /x \(int: {value}\).*64 bits"):
        encode_message("/x", [0, value])


@pytest.mark.parametrize("value", [1e300, -3.5e38, 3.4028236e38])
def test_floats_past_float32_are_refused_naming_the_value(value: float) -> None:
    with pytest.raises(OSCEncodeError, match=re.escape(f"argument 2 of /x (float: {value!r})")):
        encode_message("/x", [1, True, value])


def test_nan_and_infinities_go_out_as_python_osc_sends_them() -> None:
    values = [float("nan"), float("inf"), -float("inf"), -0.0]
    data = encode_message("/x", values)
    assert data == pyosc_message("/x", values)
    back = decode_messages(data)[0].args
    assert math.isnan(back[0]) and back[1:3] == (math.inf, -math.inf)
    assert math.copysign(1, back[3]) == -1


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ([object()], r"argument 0 of /x \(object: .*bool, int, float, str, bytes or None"),
        ([1, [1, 2]], r"argument 1 of /x \(list: \[1, 2\]\)"),
        ([(1, 2, 3, 4)], r"argument 0 of /x \(tuple"),  # python-osc would send MIDI
        ([bytearray(b"x")], r"argument 0 of /x \(bytearray"),
        (["a\x00b"], r"argument 0 of /x \(str: 'a\\x00b'\).*NUL"),
        (["\ud800"], r"argument 0 of /x \(str: .*UTF-8"),
    ],
)
def test_values_osc_cannot_carry_are_refused_naming_them(args: list[Any], match: str) -> None:
    with pytest.raises(OSCEncodeError, match=match):
        encode_message("/x", args)
    with pytest.raises(ProtocolError, match=match):
        codec.encode_message("/x", args)


@pytest.mark.parametrize("address", ["x", "", "/a\x00b"])
def test_bad_addresses_are_refused(address: str) -> None:
    with pytest.raises(OSCEncodeError, match="address"):
        encode_message(address, [])


def test_subclasses_encode_as_their_base_type_and_an_empty_blob_is_allowed() -> None:
    import enum

    class Mode(enum.IntEnum):
        TWO = 2

    class Name(str):
        pass

    assert encode_message("/x", [Mode.TWO, Name("n")]) == pyosc_message("/x", [2, "n"])
    data = encode_message("/x", [b""])  # python-osc refuses to build it, but reads it
    assert data == b"/x\x00\x00,b\x00\x00\x00\x00\x00\x00"
    assert OscMessage(data).params == [b""] and decode_messages(data)[0].args == (b"",)


def test_generators_and_lists_encode_like_tuples() -> None:
    expected = encode_message("/x", (1, 2.0, True))
    assert encode_message("/x", [1, 2.0, True]) == expected
    assert encode_message("/x", (v for v in (1, 2.0, True))) == expected


def test_bundle_elements_must_be_encoded_osc() -> None:
    with pytest.raises(OSCEncodeError, match="bundle element"):
        encode_bundle([b"garbage!"])
    with pytest.raises(OSCEncodeError, match="time tag"):
        encode_bundle([], timetag=-1)


# ------------------------------------------------------------------------------ hostile input


def _nested(depth: int) -> bytes:
    data = encode_bundle([("/deep", [])])
    for _ in range(depth - 1):
        data = encode_bundle([data])
    return data


HOSTILE = [
    (b"", "message: an OSC message must start with '/'"),
    (b"\xff\xfe", "must start with '/'"),
    (b"#bundlx\x00" + bytes(8), "must start with '/'"),
    (b"/abc", "address at byte 0 has no NUL terminator"),
    (b"/abc\x00\x00", "address at byte 0 is cut short"),
    (b"/a\x00X,i\x00\x00" + bytes(4), "address at byte 0 is padded with non-zero bytes"),
    (b"/a\x00\x00i\x00\x00\x00", "must start with ','"),
    (b"/a\x00\x00,i\x00\x00\x00\x00\x00", "need 4 bytes of arguments, 3 follow"),
    (b"/a\x00\x00,i\x00\x00" + bytes(8), "need 4 bytes of arguments, 8 follow"),
    (b"/a\x00\x00,is\x00" + bytes(4) + b"ab", "argument 1 ('s') at byte 12 has no NUL"),
    (b"/a\x00\x00,s\x00\x00ab\x00\x01", "argument 0 ('s') at byte 8 is padded with non-zero"),
    (b"/a\x00\x00,s\x00\x00\xff\xfe\x00\x00", "argument 0 ('s') is not UTF-8"),
    (b"/\xff\x00\x00,\x00\x00\x00", "address is not UTF-8"),
    (b"/a\x00\x00,b\x00\x00\xff\xff\xff\xff", "argument 0 ('b') size -1 out of range 0..0"),
    (b"/a\x00\x00,b\x00\x00\x7f\xff\xff\xff" + bytes(8), "size 2147483647 out of range 0..8"),
    (b"/a\x00\x00,b\x00\x00\x00\x00\x00\x01x\x00\x00\x01", "('b') is padded with non-zero"),
    (b"/a\x00\x00,b\x00\x00\x00\x00\x00\x02x", "out of range"),
    (b"/a\x00\x00,ix\x00" + bytes(4), "unknown type tag 'x' (argument 1)"),
    (b"/a\x00\x00,\xc3\xa9\x00" + bytes(4), "unknown type tag"),
    (b"/a\x00\x00,[i\x00" + bytes(4), "'[' is never closed"),
    (b"/a\x00\x00,]\x00\x00", "']' without its '['"),
    (b"/a\x00\x00,s\x00\x00", "argument 0 ('s') at byte 8 has no NUL terminator"),
    (b"/a\x00\x00,m\x00\x00\x01\x02", "argument 0 ('m') at byte 8 is cut short"),
    (b"/a\x00\x00,s\x00\x00" + b"abc\x00" + b"zz", "2 bytes follow the last argument"),
    (b"#bundle\x00\x00", "bundle: a bundle needs a 16-byte header, got 9 bytes"),
    (b"#bundle\x00" + bytes(8) + b"\x00\x00", "bundle: the element size at byte 16 is cut short"),
    (b"#bundle\x00" + bytes(8) + b"\xff\xff\xff\xfc", "element size -4 at byte 16"),
    (b"#bundle\x00" + bytes(8) + b"\x00\x00\x00\x00", "element size 0 at byte 16"),
    (b"#bundle\x00" + bytes(8) + b"\x7f\xff\xff\xff/a\x00\x00", "element size 2147483647"),
    (b"#bundle\x00" + bytes(8) + b"\x00\x00\x00\x06/a\x00\x00,\x00", "must be a positive multiple of 4"),
    (b"#bundle\x00" + bytes(8) + b"\x00\x00\x00\x04abcd", "neither a message nor a bundle"),
    (b"#bundle\x00" + bytes(8) + b"\x00\x00\x00\x08/a\x00\x00,x\x00\x00", "bundle: unknown type tag"),
    (_nested(MAX_BUNDLE_DEPTH + 1), f"bundle: bundles nested deeper than {MAX_BUNDLE_DEPTH}"),
    (b"/a\x00\x00," + b"[" * (MAX_ARRAY_DEPTH + 1) + b"\x00" * (3 - MAX_ARRAY_DEPTH % 4),
     f"arrays nested deeper than {MAX_ARRAY_DEPTH}"),
]


@pytest.mark.parametrize(("data", "match"), HOSTILE, ids=[repr(d[:20]) for d, _ in HOSTILE])
def test_hostile_datagrams_raise_a_clear_decode_error(data: bytes, match: str) -> None:
    for attempt in range(2):  # the second time through the caches' fast path
        with pytest.raises(OSCDecodeError, match=r"^Error parsing OSC (message|bundle): ") as err:
            decode_messages(data)
        assert match in str(err.value), (attempt, str(err.value))
        with pytest.raises(OSCDecodeError):
            decode(data)
    with pytest.raises(ProtocolError, match=r"^Error parsing OSC"):
        codec.decode_packet(data)


def test_the_deepest_allowed_bundle_and_array_decode() -> None:
    assert decode_messages(_nested(MAX_BUNDLE_DEPTH)) == [Message("/deep", ())]
    tags = b"," + b"[" * MAX_ARRAY_DEPTH + b"]" * MAX_ARRAY_DEPTH
    data = b"/a\x00\x00" + tags + b"\x00" * (4 - len(tags) % 4)
    args = decode_messages(data)[0].args
    for _ in range(MAX_ARRAY_DEPTH):
        (args,) = args
    assert args == []


def test_a_known_head_with_the_wrong_arguments_is_still_refused() -> None:
    good = encode_message("/live/song/get/tempo", [120.0])
    assert decode_messages(good) == [Message("/live/song/get/tempo", (120.0,))]
    for bad in (good[:-1], good + b"\x00\x00\x00\x00", good[:-4]):
        with pytest.raises(OSCDecodeError, match="need 4 bytes of arguments"):
            decode_messages(bad)
    query = encode_message("/live/song/get/tempo")
    assert decode_messages(query) == decode_messages(query) == [Message("/live/song/get/tempo")]
    with pytest.raises(OSCDecodeError, match="need 0 bytes of arguments, 4 follow"):
        decode_messages(query + b"\x00\x00\x00\x01")


MUTATION = st.tuples(TREE, st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)),
                                    max_size=4), st.integers(0, 10_000))


def _mutate(data: bytes, flips: list[tuple[int, int]], cut: int) -> bytes:
    buf = bytearray(data)
    for at, value in flips:
        if buf:
            buf[at % len(buf)] = value
    return bytes(buf[: len(buf) - cut % 8 if cut % 3 == 0 else len(buf)])


@pytest.mark.slow
@settings(max_examples=500 if LONG else 200, deadline=None)
@given(case=MUTATION)
def test_mangled_datagrams_decode_to_what_python_osc_reads_or_are_refused(case: Any) -> None:
    tree, flips, cut = case
    data = _mutate(build_both(tree)[0], flips, cut)
    try:
        mine = decode_messages(data)
    except OSCDecodeError:
        return  # refused cleanly; python-osc may be more lenient, which is the point
    # What we accept, python-osc reads the same way.
    theirs = flatten_pyosc(data)
    assert same([(m.address, list(m.args)) for m in mine], theirs)


@settings(max_examples=300 if LONG else 150, deadline=None)
@given(data=st.binary(max_size=300))
def test_random_bytes_decode_or_raise_decode_error_only(data: bytes) -> None:
    for candidate in (data, b"/" + data, b"#bundle\x00" + data):
        try:
            decode_messages(candidate)
            decode(candidate)
        except OSCDecodeError:
            pass


def test_worst_case_datagrams_are_bounded_in_time() -> None:
    size = 65_000  # about the largest UDP datagram
    cases = [
        b"/a\x00\x00," + b"T" * size + b"\x00" * (4 - (size + 1) % 4),
        b"/a\x00\x00," + b"s" * size + b"\x00" * (4 - (size + 1) % 4) + bytes(4 * size),
        b"/a\x00\x00," + b"[]" * (size // 2) + b"\x00" * (4 - (size + 1) % 4),
        b"/a\x00\x00," + b"i" * 8000 + b"\x00" * 3 + bytes(4 * 8000),
        _nested(3000),
        b"#bundle\x00" + bytes(8) + (b"\x00\x00\x00\x08/a\x00\x00,\x00\x00\x00") * 5000,
        b"/" + b"a" * size,
    ]
    started = time.perf_counter()
    for data in cases:
        try:
            decode_messages(data)
        except OSCDecodeError:
            pass
    assert time.perf_counter() - started < 5.0  # each is linear; about 0.1 s on 2 cores


@pytest.mark.slow  # tracemalloc
def test_caches_stay_bounded_under_ever_new_type_tag_strings(
        bytes_grown: Callable[[Callable[[], object]], int]) -> None:
    """Distinct 1000-tag datagrams, as a hostile sender would make them: memory stays flat."""

    def datagram(n: int) -> bytes:
        tags = "".join("TF"[(n >> bit) & 1] for bit in range(12)) + "i" * 988
        return encode_message(f"/x/{n}", [t == "T" for t in tags[:12]] + [0] * 988)

    for n in range(200):  # warm up to the caches' budgets
        decode_messages(datagram(n))
    # Built before tracing starts: only decoding runs under tracemalloc (encoding them there
    # too took half the test's 3.4 CPU s).
    datagrams = [datagram(n) for n in range(200, 2200)]

    def feed() -> None:  # each result dropped at once, as a server does
        for data in datagrams:
            decode_messages(data)

    grown = bytes_grown(feed)
    assert grown < 16 * 2**20, f"decoding grew memory by {grown / 2**20:.1f} MiB"


# ------------------------------------------------------------------------------ the package


def test_the_codec_imports_only_the_standard_library_and_its_own_package() -> None:
    tree = ast.parse((ROOT / "src" / "livectl" / "script" / "osc.py").read_text())
    absolute = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            absolute |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            absolute.add(node.module.split(".")[0])
    assert absolute <= set(sys.stdlib_module_names) | {"__future__"}, absolute


def test_bench_codec_quick_runs_and_prints_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_codec", ROOT / "bench" / "bench_codec.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(quick=True)
    out = capsys.readouterr().out
    for label in ("tempo query encode+decode", "377-note page encode+decode"):
        assert label in out and "x faster than python-osc" in out
    assert out.count("alternating rounds") == 3
