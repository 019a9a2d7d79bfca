"""OSC 1.0 messages and bundles on :mod:`struct`, standard library only (it runs inside Live).

The script and the livectl package share this codec (``livectl.protocol.codec`` wraps it and
turns :class:`OSCError` into livectl's ``ProtocolError``). Its bytes are identical to
python-osc's for every value both accept (a property test checks it in both directions).

- :func:`encode_message` ``(address, args) -> bytes``; :func:`message_size` its length,
  without building it;
- :func:`encode_bundle` ``(items, timetag=IMMEDIATELY) -> bytes``, items being encoded
  messages or bundles, or ``(address, args)`` pairs;
- :func:`decode_messages` ``(data) -> list[Message]``: every message of a datagram, bundles
  flattened in order (what a server dispatches); :func:`decode` ``(data) -> Message | Bundle``
  keeps the nesting and the time tags; :func:`is_bundle`.
- :class:`Message` is a named tuple ``(address, args)`` with ``args`` a tuple;
  :class:`OSCEncodeError` and :class:`OSCDecodeError` are both an :class:`OSCError`
  (a ``ValueError``).

Encoding infers the type tag from the Python value, as AbletonOSC does (spec §1.7):

==========================  =====  ==============================================
Python value                tag    notes
==========================  =====  ==============================================
``True`` / ``False``        T / F  never 0/1
``None``                    N
``int``                     i      ``h`` (int64) outside int32; refused outside int64
``float``                   f      float32, so 0.1 goes out as 0.10000000149011612;
                                   refused past float32's range; NaN and infinities
                                   go out as IEEE 754 float32, as ``struct`` packs them
``str``                     s      UTF-8; refused if it holds NUL or lone surrogates
``bytes``                   b      an empty blob is allowed (python-osc refuses it)
==========================  =====  ==============================================

Where python-osc differs, deliberately: it sends -2**31 as ``h`` (it tests
``bit_length() > 31``, which ignores the sign); it fits int32, so it goes out as ``i`` here,
as AbletonOSC's vendored python-osc does too. Ints between 2**31 and 2**63 go out as ``h``
rather than being refused, because AbletonOSC replies that way (its ``bit_length() > 32``
test) and python-osc does too; refusing them would break both peers' round trips.

Decoding reads ``i`` ``h`` ``f`` ``d`` ``s`` ``b`` ``T`` ``F`` ``N``, and also what python-osc
decodes cheaply: ``r`` (RGBA, an unsigned int), ``m`` (MIDI, a 4-tuple of ints), ``t`` (a time
tag, here its raw 64-bit NTP value where python-osc gives a datetime pair) and ``[`` ``]``
arrays (lists, nested at most :data:`MAX_ARRAY_DEPTH` deep). A message without a type-tag
string has no arguments (python-osc and AbletonOSC accept it too). Bundles nest at most
:data:`MAX_BUNDLE_DEPTH` deep; their time tags are raw 64-bit NTP values (1 = immediately).

Decoding is strict where python-osc is lenient, because a datagram may be hostile: truncated
data (python-osc zero-fills a float cut short at the end), missing or non-zero padding, bytes
after the last argument, unknown type tags (python-osc skips them without consuming their
data, and so does AbletonOSC), bundle elements that are empty, unaligned or neither a message
nor a bundle, sizes past the datagram's end: each raises
:class:`OSCDecodeError`, whose text starts with AbletonOSC's ``Error parsing OSC message:`` or
``Error parsing OSC bundle:`` and says what was wrong where. Work and memory are linear in the
datagram's length; nothing is allocated from a size field. A float32 NaN decodes to a Python
NaN (signalling NaNs come back quiet, as any float32-to-double conversion makes them).

Speed (``bench/bench_codec.py``, ``tests/script/test_osc_long.py``): argument lists of int,
float, bool and None (the usual queries and replies) are packed and unpacked by one
precompiled :class:`struct.Struct` call per message; strings and blobs among them (livectl's
session envelopes) cost one Struct call per run of fixed-size arguments between them. Plans
are built with C-level passes (``bytes.translate``, ``itertools.compress``, ``map``), not a
Python step per argument, and T/F/N are read through zero-size ``0s`` fields. Long lists
that repeat a small group after a short head (note pages and note replies: 5 or 9 values a
note after the clip's index) skip plans altogether: their bools' tags are set, and their
bools and Nones removed or put back, a column at a time with extended slices around one
``struct.pack`` / ``unpack_from`` (a bounded cache keeps the last formats compiled).
Small caches keyed by what repeats (addresses, argument types, type-tag strings, and a
message's head: address plus type tags as bytes, for heads of at most 64 tags) hold the
Structs; a message whose arguments carry no data (a query) is determined by its head alone,
so the same immutable :class:`Message` is handed out again. Each cache is emptied when its
entries' total size passes a budget (an entry bigger than 1/16 of it is not kept), so ever
new type-tag strings from a hostile sender cannot grow memory. The caches are plain dicts:
safe to share between threads under the GIL (a race can at worst empty one early).
"""

from __future__ import annotations

import re
import struct
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from itertools import compress
from operator import itemgetter
from typing import Any, NamedTuple, Union

from .errors import OSCError

__all__ = [
    "IMMEDIATELY",
    "MAX_ARRAY_DEPTH",
    "MAX_BUNDLE_DEPTH",
    "Bundle",
    "Message",
    "OSCDecodeError",
    "OSCEncodeError",
    "OSCError",
    "decode",
    "decode_messages",
    "encode_bundle",
    "encode_message",
    "is_bundle",
    "message_size",
]

IMMEDIATELY = 1
"""The time tag that means "now" (63 zero bits and a one)."""
MAX_BUNDLE_DEPTH = 16
"""Bundles inside bundles deeper than this are refused (AbletonOSC has no limit)."""
MAX_ARRAY_DEPTH = 8
"""``[`` arrays inside arrays deeper than this are refused."""


class OSCEncodeError(OSCError):
    """A value (or address) that OSC cannot carry; the text names it."""


class OSCDecodeError(OSCError):
    """A datagram that is not valid OSC; the text says what and where."""


class Message(NamedTuple):
    """One OSC message: its address and decoded arguments."""

    address: str
    args: tuple[Any, ...] = ()


class Bundle(NamedTuple):
    """One OSC bundle: its raw NTP time tag and its elements in order."""

    timetag: int
    elements: tuple[Union[Message, Bundle], ...]  # noqa: UP007 (a runtime alias in 3.11)


_BUNDLE_HEAD = b"#bundle\x00"
_INT32 = struct.Struct(">i")
_UINT64 = struct.Struct(">Q")
_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
# NULs that end a string of length n: 4 - n % 4 of them (1..4); a blob's padding: -n % 4.
_STR_PAD = (b"\x00\x00\x00\x00", b"\x00\x00\x00", b"\x00\x00", b"\x00")
_NULS = (b"", b"\x00", b"\x00\x00", b"\x00\x00\x00", b"\x00\x00\x00\x00")
_EMPTY_TAGS = b",\x00\x00\x00"
_KINDS = frozenset((bool, int, float, str, bytes, type(None)))


def is_bundle(data: bytes) -> bool:
    """Whether ``data`` starts like an OSC bundle."""
    return data[:8] == _BUNDLE_HEAD


class _Cache:
    """A dict that is emptied once its entries' total cost would pass ``budget``.

    The caches below hold what repeats from message to message (addresses, type-tag
    layouts); bounding them by cost, not count, keeps a stream of hostile datagrams with
    ever new 60 kB type-tag strings from growing memory.
    """

    __slots__ = ("budget", "entries", "used")

    def __init__(self, budget: int) -> None:
        self.entries: dict[Any, Any] = {}
        self.budget = budget
        self.used = 0

    def put(self, key: Any, value: Any, cost: int, *, big: bool = False) -> None:
        if cost > (self.budget if big else self.budget >> 4):
            return  # one huge entry would empty the cache for nothing: built again instead
        if self.used + cost > self.budget:
            self.entries.clear()
            self.used = 0
        self.entries[key] = value
        self.used += cost


def _getter(positions: list[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """Picks ``positions`` out of a sequence as a tuple, in C where it can."""
    if len(positions) > 1:
        return itemgetter(*positions)
    if positions:
        (only,) = positions
        return lambda seq: (seq[only],)
    return lambda seq: ()


def _mask(chars: bytes) -> bytes:
    """A bytes.translate table: 1 for the bytes in ``chars``, 0 for every other byte."""
    return bytes(1 if b in chars else 0 for b in range(256))


# Consumes an iterator in C: map(setter, ...) then fills a list or bytearray without a
# Python-level loop.
_exhaust: Callable[[Iterable[Any]], None] = deque(maxlen=0).extend


# ---------------------------------------------------------------------------- encoding


def _address_bytes(address: str) -> bytes:
    if not isinstance(address, str) or not address.startswith("/"):
        raise OSCEncodeError(f"OSC address must start with '/', got {address!r}")
    try:
        raw = address.encode()
    except UnicodeEncodeError as exc:
        raise OSCEncodeError(f"OSC address {address!r} is not valid UTF-8: {exc.reason}") from None
    if b"\x00" in raw:
        raise OSCEncodeError(f"OSC address {address!r} holds a NUL character")
    head = raw + _STR_PAD[len(raw) & 3]
    _ADDRESSES.put(address, head, len(head))
    return head


def _refuse(address: str, index: int, value: Any, why: str) -> OSCEncodeError:
    return OSCEncodeError(
        f"cannot encode argument {index} of {address} ({type(value).__name__}: {value!r}); {why}"
    )


def _normalise(address: str, index: int, value: Any) -> Any:
    """A subclass of a supported type as its base type (an IntEnum as int, ...), else refuse."""
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, bytes):
        return bytes(value)
    if isinstance(value, int):  # bool cannot be subclassed, so this is an IntEnum or the like
        return int(value)
    if isinstance(value, float):
        return float(value)
    raise _refuse(
        address, index, value, "OSC arguments must be bool, int, float, str, bytes or None"
    )


# An encoding plan for one tuple of argument types: the type-tag bytes (bools as 'T'), where
# the bools' tags are and which arguments they are, then either the Struct of all the
# data-carrying arguments and which arguments those are (None: all), or, when strings or
# blobs are among them (Struct None), the segments: (0, pack, pick) packs a run of fixed-size
# arguments, (1, i, None) is the string args[i], (2, i, None) the blob args[i].
_Segment = tuple[int, Any, Any]
_EncodePlan = tuple[
    bytes,
    tuple[int, ...],
    Callable[[Sequence[Any]], tuple[Any, ...]],
    struct.Struct | None,
    Callable[[Sequence[Any]], tuple[Any, ...]] | None,
    tuple[_Segment, ...],
]
_FIXED_KINDS = frozenset((int, float, bool, type(None)))
_KIND_TAGS = {int: 105, float: 102, bool: 84, type(None): 78, str: 115, bytes: 98}  # i f T N s b
_DATA_MASK = _mask(b"if")
_BOOL_MASK = _mask(b"T")
_VARIABLE_MASK = _mask(b"sb")
_TRUE_FALSE = bytes.maketrans(b"\x00\x01", b"FT")  # a bool's byte as its tag


def _picker(first: int, positions: list[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """Picks ``positions`` (a run from ``first`` on, possibly with gaps), in C."""
    if positions == list(range(first, first + len(positions))):
        return itemgetter(slice(first, first + len(positions)))  # args[a:b]
    return _getter(positions)


def _fixed_layout(template: bytes, first: int) -> tuple[struct.Struct, list[int]]:
    """The Struct of the int/float arguments among ``template``'s tags (starting at argument
    ``first``) and their positions."""
    positions = list(compress(range(first, first + len(template)), template.translate(_DATA_MASK)))
    return struct.Struct(b">" + template.translate(None, b"TN")), positions


def _encode_plan(kinds: tuple[type, ...]) -> _EncodePlan | None:
    """The plan for these argument types (None: a type the general path must judge). Built
    with C-level passes over the types, so a 10,000-argument reply costs no Python loop."""
    try:
        template = bytes(map(_KIND_TAGS.__getitem__, kinds))
    except KeyError:
        return None  # a subclass (IntEnum, a str subclass...) or a type OSC cannot carry
    count = len(template)
    tag_bytes = b"," + template
    bools = list(compress(range(count), template.translate(_BOOL_MASK)))
    bools_at = tuple(1 + i for i in bools)
    pick_bools = _getter(bools)
    variable = list(compress(range(count), template.translate(_VARIABLE_MASK)))
    layout: struct.Struct | None = None
    pick_data = None
    segments: list[_Segment] = []
    if not variable:
        layout, data_at = _fixed_layout(template, 0)
        pick_data = None if len(data_at) == count else _getter(data_at)
    else:
        start = 0
        for at in (*variable, count):
            if at > start:
                run, positions = _fixed_layout(template[start:at], start)
                if positions:
                    segments.append((0, run.pack, _picker(start, positions)))
            if at < count:
                segments.append((1 if template[at] == 115 else 2, at, None))
            start = at + 1
    plan: _EncodePlan = (
        tag_bytes + _STR_PAD[len(tag_bytes) & 3],
        bools_at,
        pick_bools,
        layout,
        pick_data,
        tuple(segments),
    )
    _ENCODE_PLANS.put(kinds, plan, count)
    return plan


def encode_message(address: str, args: Iterable[Any] = ()) -> bytes:
    """One OSC message as bytes; :class:`OSCEncodeError` names a value OSC cannot carry."""
    head = _addresses.get(address) or _address_bytes(address)
    if not args:
        return head + _EMPTY_TAGS
    if type(args) is not tuple and type(args) is not list:
        args = tuple(args)
    kinds = (type(args[0]),) if len(args) == 1 else tuple(map(type, args))
    plan = _encode_plans.get(kinds)
    if plan is None:
        if len(kinds) > _LONG:
            body = _encode_periodic(args, kinds)
            if body is not None:
                return head + body
        plan = _encode_plan(kinds)
    if plan is not None:
        tags, bools_at, pick_bools, layout, pick_data, segments = plan
        if bools_at:
            mutable = bytearray(tags)
            if len(bools_at) < 8:
                for at, flag in zip(bools_at, pick_bools(args), strict=True):
                    if not flag:
                        mutable[at] = 70  # F
            else:  # the tags of many bools (a note page's mutes) set in C
                _exhaust(map(mutable.__setitem__, bools_at,
                             bytes(pick_bools(args)).translate(_TRUE_FALSE)))
            tags = bytes(mutable)
        try:
            if layout is not None:
                return head + tags + layout.pack(*(pick_data(args) if pick_data else args))
            parts = [head, tags]
            for code, what, pick in segments:
                if code == 0:
                    parts.append(what(*pick(args)))
                elif code == 1:
                    raw = args[what].encode()
                    if b"\x00" in raw:
                        break  # refused by the general path, which names the argument
                    parts.append(raw + _STR_PAD[len(raw) & 3])
                else:
                    blob = args[what]
                    parts.append(_INT32.pack(len(blob)) + blob + _NULS[-len(blob) & 3])
            else:
                return b"".join(parts)
        except (struct.error, OverflowError, UnicodeEncodeError):
            pass  # an int past int32, a float past float32...: the general path says which
    return head + _encode_args(address, args)


# Argument lists and runs of type tags longer than this take the periodic paths below.
_LONG = 512
# The longest group and head the periodic paths look for (a note of 9 values after a
# (track, clip) prefix: period 9, head 2).
_MAX_PERIOD = 32
_MAX_HEAD = 32


def _long_struct(fmt: bytes) -> struct.Struct:
    """The Struct of a long format, kept while the few last ones fit a budget of codes (not
    in struct's own cache, which would keep 100 of any size: a hostile sender's ever new
    64 kB type-tag strings could pin hundreds of MB there)."""
    layout: struct.Struct | None = _LONG_STRUCTS.entries.get(fmt)
    if layout is None:
        layout = struct.Struct(fmt)
        _LONG_STRUCTS.put(fmt, layout, len(fmt), big=True)
    return layout


def _period(items: Sequence[Any]) -> tuple[int, int] | None:
    """(head, period) such that ``items[head:]`` repeats with ``period``, both small; None
    if there is no such split. A few slice comparisons, each stopping at the first
    difference, and one over the whole repeating part."""
    count = len(items)
    tail = min(count // 2, 4 * _MAX_PERIOD)  # the last items, against those a period before
    for period in range(1, min(_MAX_PERIOD, count - tail) + 1):
        if items[count - tail :] == items[count - tail - period : count - period]:
            break
    else:
        return None
    for head in range(_MAX_HEAD + 1):
        window = items[head + period : head + 4 * period]
        if window == items[head : head + len(window)]:
            if items[head + period :] == items[head : count - period]:
                return head, period
            return None
    return None


def _encode_periodic(args: Sequence[Any], kinds: tuple[type, ...]) -> bytes | None:
    """Type tags and data of a long argument list of int, float, bool and None that repeats
    a small group (a note reply: 9 values a note) after a short head, in a few C-level
    passes: the bools' tags set column by column, the bools and Nones deleted from a copy
    column by column (extended slices), then one pack. None: not such a list, or
    a value the general path must judge (an int past int32, a float past float32)."""
    found = _period(kinds)
    if found is None or not _FIXED_KINDS.issuperset(kinds[: found[0] + found[1]]):
        return None
    head, period = found
    count = len(kinds)
    template = bytes(map(_KIND_TAGS.__getitem__, kinds[: head + period]))
    group = template[head:]
    repeats, rest = divmod(count - head, period)
    tags = bytearray(b"," + template[:head] + group * repeats + group[:rest])
    data = list(args)
    # Group columns first (from the last, so the earlier columns keep their stride, one
    # less per deleted column), then the head's constants (from the last).
    stride = period
    for column in range(period - 1, -1, -1):
        kind = group[column]
        if kind == 84 or kind == 78:  # T (a bool) or N
            at = head + column
            if kind == 84:
                tags[1 + at : 1 + count : period] = bytes(args[at::period]).translate(_TRUE_FALSE)
            del data[at::stride]
            stride -= 1
    for at in range(head - 1, -1, -1):
        kind = template[at]
        if kind == 84 or kind == 78:
            if kind == 84 and not args[at]:
                tags[1 + at] = 70  # F
            del data[at]
    codes = template[:head].translate(None, b"TN") + (
        group.translate(None, b"TN") * repeats + group[:rest].translate(None, b"TN"))
    try:
        body = _long_struct(b">" + codes).pack(*data)
    except (struct.error, OverflowError):
        return None
    return bytes(tags) + _STR_PAD[len(tags) & 3] + body


def _encode_args(address: str, args: Sequence[Any]) -> bytes:
    """Type tags and arguments of any supported values, one at a time."""
    tags = [","]
    fmt = [">"]
    values: list[Any] = []
    tag, field, value = tags.append, fmt.append, values.append
    for i, v in enumerate(args):
        kind = type(v)
        if kind not in _KINDS:
            v = _normalise(address, i, v)
            kind = type(v)
        if kind is float:
            tag("f")
            field("f")
            value(v)
        elif kind is int:
            if _INT32_MIN <= v <= _INT32_MAX:
                tag("i")
                field("i")
            elif _INT64_MIN <= v <= _INT64_MAX:
                tag("h")
                field("q")
            else:
                raise _refuse(address, i, v, "OSC integers are at most 64 bits")
            value(v)
        elif kind is bool:
            tag("T" if v else "F")
        elif v is None:
            tag("N")
        elif kind is str:
            try:
                raw = v.encode()
            except UnicodeEncodeError as exc:
                raise _refuse(address, i, v, f"not valid UTF-8 ({exc.reason})") from None
            if b"\x00" in raw:
                raise _refuse(address, i, v, "an OSC string cannot hold a NUL character")
            tag("s")
            field(f"{(len(raw) | 3) + 1}s")  # struct pads with NULs
            value(raw)
        else:  # bytes
            tag("b")
            field(f"i{(len(v) + 3) & ~3}s")
            value(len(v))
            value(v)
    tag_bytes = "".join(tags).encode()
    try:
        body = struct.pack("".join(fmt), *values)
    except OverflowError:
        raise _float_overflow(address, args) from None
    return tag_bytes + _STR_PAD[len(tag_bytes) & 3] + body


def _float_overflow(address: str, args: Sequence[Any]) -> OSCEncodeError:
    for i, v in enumerate(args):
        if isinstance(v, float):
            try:
                struct.pack(">f", v)
            except OverflowError:
                return _refuse(address, i, v, "beyond float32's range (about ±3.4e38)")
    return OSCEncodeError(f"cannot encode the arguments of {address}")  # only floats overflow


def encode_bundle(
    items: Iterable[bytes | tuple[str, Iterable[Any]]], timetag: int = IMMEDIATELY
) -> bytes:
    """An OSC bundle of ``items`` in order: encoded messages or bundles, or (address, args).

    ``timetag`` is the raw 64-bit NTP value; the default, 1, means immediately.
    """
    if not (isinstance(timetag, int) and 0 <= timetag <= 2**64 - 1):
        raise OSCEncodeError(f"bundle time tag must be in range 0..2**64-1, got {timetag!r}")
    parts = [_BUNDLE_HEAD, _UINT64.pack(timetag)]
    for item in items:
        if isinstance(item, bytes):
            if len(item) & 3 or not (item[:1] == b"/" or item[:8] == _BUNDLE_HEAD):
                raise OSCEncodeError(
                    f"a bundle element must be an encoded OSC message or bundle, got {item[:24]!r}"
                )
            data = item
        else:
            data = encode_message(*item)
        parts.append(_INT32.pack(len(data)))
        parts.append(data)
    return b"".join(parts)


def message_size(address: str, args: Iterable[Any] = ()) -> int:
    """``len(encode_message(address, args))``, without building it (strings are measured)."""
    size = len(_address_bytes(address))
    count = 0
    for i, v in enumerate(args):
        count += 1
        kind = type(v)
        if kind not in _KINDS:
            v = _normalise(address, i, v)
            kind = type(v)
        if kind is float:
            size += 4
        elif kind is int:
            size += 4 if _INT32_MIN <= v <= _INT32_MAX else 8
        elif kind is str:
            size += (len(v.encode()) | 3) + 1  # UnicodeEncodeError, as encode_message refuses
        elif kind is bytes:
            size += 4 + ((len(v) + 3) & ~3)
    return size + ((count + 1) | 3) + 1


# ---------------------------------------------------------------------------- decoding

# Fixed-size type tags: the struct field each one reads ("" for T/F/N, which carry no data).
_FIELDS = {
    ord("i"): "i",
    ord("h"): "q",
    ord("f"): "f",
    ord("d"): "d",
    ord("r"): "I",
    ord("t"): "Q",
    ord("T"): "",
    ord("F"): "",
    ord("N"): "",
}
_FIXED_TAGS = bytes(_FIELDS)
_CONSTANTS = (True, False, None)
# A decoding plan for one type-tag string of fixed-size tags: the Struct of its data, with a
# zero-size "0s" field (an empty bytes) in the place of each T/F/N, and how to put T/F/N in
# their places (None: there are none).
_DecodePlan = tuple[struct.Struct, Callable[[Sequence[Any]], tuple[Any, ...]] | None]
# Fixed-size tags as their struct codes, T/F/N as "T" (then "0s", which reads no bytes).
_TO_CODES = bytes.maketrans(b"ihfdrtTFN", b"iqfdIQTTT")
_CONSTANT_MASK = _mask(b"TFN")
_VARIABLE_TAGS = b"sb"
_SPLIT_VARIABLE = re.compile(b"([sb])").split


_SAME_CONSTANT = bytes.maketrans(b"FN", b"TT")


def _decode_periodic(data: bytes, tags: bytes, pos: int, end: int) -> tuple[list[Any], int] | None:
    """The values of a long run of fixed-size ``tags`` at ``pos`` (and where they end) when
    the run repeats a small group after a short head (a note reply): one ``unpack_from``,
    then T/F/N put in column by column (extended slices). None otherwise, or when the data
    does not fit (the caller's general path then says what is wrong)."""
    found = _period(tags.translate(_SAME_CONSTANT))
    if found is None:
        return None
    head, period = found
    codes = tags.translate(_TO_CODES)
    fmt = b">" + codes.replace(b"T", b"0s")
    layout = _long_struct(fmt)
    size = layout.size
    if pos + size > end:
        return None
    out = list(layout.unpack_from(data, pos))
    count = len(tags)
    for column in range(head, head + period):
        if codes[column] == 84:  # T: a constant column
            out[column::period] = map(_CONSTANT_OF.__getitem__, tags[column:count:period])
    for at in range(head):
        if codes[at] == 84:
            out[at] = _CONSTANT_OF[tags[at]]
    return out, pos + size


def _decode_plan(tags: bytes) -> _DecodePlan:
    """The plan of fixed-size ``tags``, built in C-level passes (no Python step per tag, so a
    90,000-argument reply costs a few milliseconds); kept if ``tags`` is not too long."""
    codes = tags.translate(_TO_CODES)
    pick = None
    if b"T" in codes:
        # The unpacked values (a placeholder at each T/F/N) followed by (True, False, None),
        # picked in tag order: each constant's index points past the values.
        count = len(tags)
        mask = tags.translate(_CONSTANT_MASK)
        order = list(range(count))
        constants = map(count.__add__, map(_CONSTANT_TAGS.__getitem__, compress(tags, mask)))
        _exhaust(map(order.__setitem__, compress(range(count), mask), constants))
        pick = _getter(order)
        codes = codes.replace(b"T", b"0s")
    plan = (struct.Struct(b">" + codes), pick)
    _DECODE_PLANS.put(tags, plan, len(tags) + 1)
    return plan


_CONSTANT_TAGS = {ord("T"): 0, ord("F"): 1, ord("N"): 2}
_CONSTANT_OF = {ord("T"): True, ord("F"): False, ord("N"): None}
_FIELD_STRUCTS = {t: struct.Struct(">" + f) for t, f in _FIELDS.items() if f}
_ADDRESSES = _Cache(1 << 16)  # address -> its padded bytes
_ENCODE_PLANS = _Cache(1 << 16)  # argument types -> _EncodePlan
_DECODE_PLANS = _Cache(1 << 16)  # type tags -> _DecodePlan
# long struct formats -> their Struct: at most 2**17 codes in all (about 3 MB of Structs; a
# 10,000-note reply's format has 90,000)
_LONG_STRUCTS = _Cache(1 << 17)
# address and type tags as bytes -> (address, the arguments' size, their Struct's unpack_from,
# pick, and the whole Message when no argument carries data: then the head alone determines
# it, and the same immutable Message can be handed out again)
_HEADS = _Cache(1 << 17)
# Heads with more type tags than this are not kept: a long message (a note page) rarely
# comes twice with the same tags, and its plan is cheap to build again.
_HEAD_TAGS = 64
_addresses = _ADDRESSES.entries
_encode_plans = _ENCODE_PLANS.entries
_heads = _HEADS.entries
_new = tuple.__new__  # Message(...) runs a Python-level __new__: three times slower


def _error(kind: str, text: str) -> OSCDecodeError:
    return OSCDecodeError(f"Error parsing OSC {kind}: {text}")


def _string_end(data: bytes, start: int, end: int, what: str) -> tuple[int, int]:
    """(index of the NUL ending the OSC string at ``start``, index after its padding)."""
    nul = data.find(0, start, end)
    if nul < 0:
        raise _error("message", f"{what} at byte {start} has no NUL terminator")
    after = (nul | 3) + 1
    if after > end:
        raise _error("message", f"{what} at byte {start} is cut short (padding missing)")
    if data[nul:after] != _NULS[after - nul]:
        raise _error("message", f"{what} at byte {start} is padded with non-zero bytes")
    return nul, after


def _message(data: bytes, start: int, end: int) -> Message:
    """The message in ``data[start:end]`` (``start`` is a multiple of 4)."""
    # Fast path: the address and type tags, padding included, seen before (so valid), and
    # arguments of fixed size only: one dict lookup and one Struct call.
    nul = data.find(0, start, end)
    if nul > start:
        tags_end = data.find(0, (nul | 3) + 1, end)
        if tags_end > 0:
            pos = (tags_end | 3) + 1
            if pos <= end:
                seen = _heads.get(data[start:pos])
                if seen is not None:
                    address, size, unpack_from, pick, whole = seen
                    if pos + size == end:
                        if whole is not None:
                            return whole  # type: ignore[no-any-return]
                        values = unpack_from(data, pos)
                        message: Message = _new(
                            Message, (address, pick(values + _CONSTANTS) if pick else values)
                        )
                        return message
    return _message_checked(data, start, end)


def _message_checked(data: bytes, start: int, end: int) -> Message:
    if data[start : start + 1] != b"/":
        head = data[start : start + 8]
        raise _error("message", f"an OSC message must start with '/', got {head!r}")
    nul, pos = _string_end(data, start, end, "the address")
    try:
        address = data[start:nul].decode()
    except UnicodeDecodeError as exc:
        raise _error("message", f"the address is not UTF-8 ({exc.reason})") from None
    if pos == end:
        return _new(Message, (address, ()))
    if data[pos] != 44:  # ","
        raise _error("message", f"the type tag string at byte {pos} must start with ','")
    tags_at = pos + 1
    tags_end, pos = _string_end(data, pos, end, "the type tag string")
    tags = data[tags_at:tags_end]
    if tags.translate(None, _FIXED_TAGS):
        values = None
        if not tags.translate(None, _FIXED_TAGS + _VARIABLE_TAGS):
            values = _mixed_args(data, tags, pos, end)
        if values is None:  # arrays, MIDI, or an error that _args names
            values = _args(data, tags, pos, end)
        return _new(Message, (address, values))
    if len(tags) > _LONG:
        found = _decode_periodic(data, tags, pos, end)
        if found is not None and found[1] == end:
            return _new(Message, (address, tuple(found[0])))
    layout, pick = _DECODE_PLANS.entries.get(tags) or _decode_plan(tags)
    if pos + layout.size != end:
        raise _error(
            "message",
            f"type tags ',{tags.decode()}' need {layout.size} bytes of arguments, "
            f"{end - pos} follow",
        )
    values = layout.unpack_from(data, pos)
    message: Message = _new(Message, (address, pick(values + _CONSTANTS) if pick else values))
    if len(tags) <= _HEAD_TAGS:
        whole = message if not layout.size else None
        seen = (address, layout.size, layout.unpack_from, pick, whole)
        _HEADS.put(data[start:pos], seen, pos - start)
    return message


def _mixed_args(data: bytes, tags: bytes, pos: int, end: int) -> tuple[Any, ...] | None:
    """Arguments of fixed-size tags, strings and blobs: one Struct call per run of fixed-size
    tags between strings or blobs (a session's envelope around a note page: four runs).
    None for anything wrong, which :func:`_args` then finds and names."""
    out: list[Any] = []
    for piece in _SPLIT_VARIABLE(tags):
        if piece == b"s":
            nul = data.find(0, pos, end)
            after = (nul | 3) + 1
            if nul < 0 or after > end or data[nul:after] != _NULS[after - nul]:
                return None
            try:
                out.append(data[pos:nul].decode())
            except UnicodeDecodeError:
                return None
            pos = after
        elif piece == b"b":
            if pos + 4 > end:
                return None
            (size,) = _INT32.unpack_from(data, pos)
            after = pos + 4 + ((size + 3) & ~3)
            if size < 0 or after > end or data[pos + 4 + size : after] != _NULS[after - pos - 4 - size]:
                return None
            out.append(data[pos + 4 : pos + 4 + size])
            pos = after
        elif len(piece) > _LONG and (found := _decode_periodic(data, piece, pos, end)):
            out += found[0]
            pos = found[1]
        elif piece:
            layout, pick = _DECODE_PLANS.entries.get(piece) or _decode_plan(piece)
            if pos + layout.size > end:
                return None
            values = layout.unpack_from(data, pos)
            out += pick(values + _CONSTANTS) if pick else values
            pos += layout.size
    return tuple(out) if pos == end else None


def _args(data: bytes, tags: bytes, pos: int, end: int) -> tuple[Any, ...]:
    """Arguments of any type tags, one at a time (strings, blobs, arrays, MIDI)."""
    out: list[Any] = []
    stack = [out]
    for n, t in enumerate(tags):
        if t in _CONSTANT_TAGS:
            stack[-1].append(_CONSTANTS[_CONSTANT_TAGS[t]])
        elif t in _FIELD_STRUCTS:
            layout = _FIELD_STRUCTS[t]
            if pos + layout.size > end:
                raise _error("message", f"argument {n} ('{chr(t)}') at byte {pos} is cut short")
            stack[-1].append(layout.unpack_from(data, pos)[0])
            pos += layout.size
        elif t == 115:  # s
            nul, after = _string_end(data, pos, end, f"argument {n} ('s')")
            try:
                stack[-1].append(data[pos:nul].decode())
            except UnicodeDecodeError as exc:
                raise _error("message", f"argument {n} ('s') is not UTF-8 ({exc.reason})") from None
            pos = after
        elif t == 98:  # b
            if pos + 4 > end:
                raise _error("message", f"argument {n} ('b') at byte {pos} is cut short")
            (size,) = _INT32.unpack_from(data, pos)
            after = pos + 4 + ((size + 3) & ~3)
            if size < 0 or after > end:
                raise _error(
                    "message",
                    f"argument {n} ('b') size {size} out of range 0..{max(0, end - pos - 4)}",
                )
            if data[pos + 4 + size : after] != _NULS[after - pos - 4 - size]:
                raise _error("message", f"argument {n} ('b') is padded with non-zero bytes")
            stack[-1].append(data[pos + 4 : pos + 4 + size])
            pos = after
        elif t == 109:  # m: port id, status byte, data1, data2
            if pos + 4 > end:
                raise _error("message", f"argument {n} ('m') at byte {pos} is cut short")
            stack[-1].append(tuple(data[pos : pos + 4]))
            pos += 4
        elif t == 91:  # [
            if len(stack) > MAX_ARRAY_DEPTH:
                raise _error("message", f"arrays nested deeper than {MAX_ARRAY_DEPTH}")
            array: list[Any] = []
            stack[-1].append(array)
            stack.append(array)
        elif t == 93:  # ]
            if len(stack) == 1:
                raise _error("message", f"type tag {n} is a ']' without its '['")
            stack.pop()
        else:
            raise _error("message", f"unknown type tag {chr(t)!r} (argument {n})")
    if len(stack) != 1:
        raise _error("message", "an array '[' is never closed with ']'")
    if pos != end:
        raise _error("message", f"{end - pos} bytes follow the last argument")
    return tuple(out)


def _bundle(data: bytes, start: int, end: int, depth: int, flat: list[Message] | None) -> Bundle:
    """Walk a bundle; its messages go to ``flat`` if given (no Bundle is built then)."""
    if depth > MAX_BUNDLE_DEPTH:
        raise _error("bundle", f"bundles nested deeper than {MAX_BUNDLE_DEPTH}")
    if end - start < 16:
        raise _error("bundle", f"a bundle needs a 16-byte header, got {end - start} bytes")
    (timetag,) = _UINT64.unpack_from(data, start + 8)
    elements: list[Message | Bundle] = []
    pos = start + 16
    while pos < end:
        if pos + 4 > end:
            raise _error("bundle", f"the element size at byte {pos} is cut short")
        (size,) = _INT32.unpack_from(data, pos)
        pos += 4
        if size <= 0 or size & 3 or pos + size > end:
            raise _error(
                "bundle",
                f"element size {size} at byte {pos - 4} must be a positive multiple of 4 "
                f"of at most {end - pos}",
            )
        if data.startswith(_BUNDLE_HEAD, pos, pos + size):
            inner = _bundle(data, pos, pos + size, depth + 1, flat)
            if flat is None:
                elements.append(inner)
        elif data[pos] != 47:  # "/"
            raise _error("bundle", f"the element at byte {pos} is neither a message nor a bundle")
        else:
            try:
                msg = _message(data, pos, pos + size)
            except OSCDecodeError as exc:
                raise _error(
                    "bundle", str(exc).removeprefix("Error parsing OSC message: ")
                ) from None
            (flat if flat is not None else elements).append(msg)
        pos += size
    return Bundle(timetag, tuple(elements))


def decode(data: bytes) -> Message | Bundle:
    """A datagram as a :class:`Message` or a :class:`Bundle` (with time tags and nesting)."""
    if data[:8] == _BUNDLE_HEAD:
        return _bundle(data, 0, len(data), 1, None)
    return _message(data, 0, len(data))


def decode_messages(data: bytes) -> list[Message]:
    """Every message of a datagram in order, bundles flattened (their time tags ignored)."""
    if data[:1] == b"#":
        if data[:8] != _BUNDLE_HEAD:
            raise _error("message", f"an OSC message must start with '/', got {data[:8]!r}")
        flat: list[Message] = []
        _bundle(data, 0, len(data), 1, flat)
        return flat
    # _message's fast path again, inline: a query's decoding is mostly call overhead.
    nul = data.find(0)
    if nul > 0:
        tags_end = data.find(0, (nul | 3) + 1)
        if tags_end > 0:
            pos = (tags_end | 3) + 1
            seen = _heads.get(data[:pos])
            if seen is not None:
                address, size, unpack_from, pick, whole = seen
                if pos + size == len(data):
                    if whole is not None:
                        return [whole]
                    values = unpack_from(data, pos)
                    return [_new(Message, (address, pick(values + _CONSTANTS) if pick else values))]
    return [_message_checked(data, 0, len(data))]
