"""MIDI notes and the paged transfer of big clips.

A UDP datagram must stay small: macOS caps datagrams near 9 KB, and any OS drops past 64 KB.
So writes go out as several ``add/notes`` messages, each below :data:`SAFE_DATAGRAM` bytes,
and reads ask ``get/notes`` for pitch/time ranges, splitting a range whenever AbletonOSC
cannot send its reply ("Socket error: ... Message too long"). A reply that does not come was
lost, not too big: the same range is asked again (the engine's retries), never split.

Each page is *idempotent*: one bundle that first removes, for every note of the page, any note
of the same pitch starting at exactly the same time (a one-float32-step range), then adds the
page. A page applied twice (resent after a lost reply, or duplicated by the network) leaves
the clip as applying it once does, in any order with the other pages. Live itself keeps no two
notes of one pitch at one start, so this is what adding such a note does in Live anyway.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import struct
import types
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from itertools import repeat
from operator import attrgetter
from typing import Any

from livectl.checks import check_beats, check_duration, check_pitch
from livectl.client._request import Batch, Op, Request
from livectl.errors import LiveError, ProtocolError, ValidationError
from livectl.note import Note
from livectl.protocol import encode_message, endpoint

__all__ = [
    "SAFE_DATAGRAM",
    "Note",
    "flat_note_args",
    "note_args",
    "note_from_args",
    "notes_from_columns",
    "read_notes",
    "write_notes",
]

# Below the 9216-byte macOS limit with room for IP/UDP headers and the address.
SAFE_DATAGRAM = 8000
# Bytes per note in add/notes and get/notes: 5 type tags + 4 four-byte values (mute is T/F).
_NOTE_BYTES = 21
_HEADER_BYTES = 64
NOTES_PER_DATAGRAM = (SAFE_DATAGRAM - _HEADER_BYTES) // _NOTE_BYTES
# A write page is a bundle: its header, the barrier, the add/notes header, then per note its
# footprint removal (a message of its own, with its size prefix) and its 21 bytes in add/notes.
_REMOVE_BYTES = 4 + len(encode_message("/live/clip/remove/notes", (0, 0, 0, 1, 0.0, 1.0)))
_PAGE_HEADER_BYTES = 256
NOTES_PER_PAGE = (SAFE_DATAGRAM - _PAGE_HEADER_BYTES) // (_NOTE_BYTES + _REMOVE_BYTES)
# A page of livectl's session protocol (no removals; the session's framing and, on the first
# page, one removal fit in the page header's bytes).
NOTES_PER_SESSION_PAGE = (SAFE_DATAGRAM - _PAGE_HEADER_BYTES) // _NOTE_BYTES
# How many page requests may be in flight at once (bounds the bytes queued in UDP buffers).
WINDOW = 8

# The whole note space: every pitch (AbletonOSC's default span leaves out 127, §8.2.1) and a
# time range wider than any Live clip.
FULL_RANGE = (0, 128, -16384.0, 32768.0)

_ADD = endpoint("clip", "add/notes")
_GET = endpoint("clip", "notes")
_REMOVE = endpoint("clip", "remove/notes")


def note_args(note: Note) -> tuple[Any, ...]:
    """The 5 values of one note in AbletonOSC's ``add/notes`` and ``get/notes``."""
    v = note.velocity
    return (note.pitch, float(note.start_beats), float(note.duration_beats),
            int(v) if float(v).is_integer() else float(v), bool(note.mute))


def _number(value: float) -> float | int:
    """A velocity as AbletonOSC carries it: an int when it is one, else a float."""
    v = float(value)
    return int(v) if v.is_integer() else v


_PITCH = attrgetter("pitch")
_START = attrgetter("start_beats")
_DURATION = attrgetter("duration_beats")
_VELOCITY = attrgetter("velocity")
_MUTE = attrgetter("mute")
_KEY = attrgetter("pitch", "start_beats")
_INF = math.inf


def flat_note_args(notes: Sequence[Note]) -> list[Any]:
    """``note_args`` of every note, one flat list (a page's arguments), built column by
    column in C: only velocities take a Python step each."""
    flat: list[Any] = [None] * (5 * len(notes))
    flat[0::5] = map(_PITCH, notes)
    flat[1::5] = map(float, map(_START, notes))
    flat[2::5] = map(float, map(_DURATION, notes))
    flat[3::5] = [v if type(v) is int else _number(v) for v in map(_VELOCITY, notes)]
    flat[4::5] = map(bool, map(_MUTE, notes))
    return flat


# Notes built column by column: object.__new__ and each field's slot set in C, for values
# whose every column passed Note's checks at once (types, then min and max, and a finite sum
# for floats: a NaN or an infinity makes the sum one). Only for Note as it is now (a frozen
# dataclass with slots); anything else takes Note(...) per note.
_FIELDS = dataclasses.fields(Note)
_SLOTS = {f.name: Note.__dict__.get(f.name) for f in _FIELDS}
_BULK = (all(isinstance(d, types.MemberDescriptorType) for d in _SLOTS.values())
         and tuple(_SLOTS) == ("pitch", "start_beats", "duration_beats", "velocity", "mute",
                               "probability", "velocity_deviation", "release_velocity",
                               "note_id", "channel"))  # a new field: Note(...) per note
_DEFAULTS = {f.name: f.default for f in _FIELDS}
_exhaust: Callable[[Iterable[Any]], None] = deque(maxlen=0).extend
_new = object.__new__
_INT = {int}
_FLOAT = {float}
_BOOL = {bool}
_MAX_ID = 2**31 - 1


def _ints(column: Sequence[Any], low: int, high: int) -> bool:
    return set(map(type, column)) <= _INT and low <= min(column) and max(column) <= high


def _floats(column: Sequence[Any], low: float, high: float) -> bool:
    """Every value a float in ``low..high`` (finite), in as few C-level passes as can be: a
    column of one value (probability 1.0 on every note) takes two."""
    if not set(map(type, column)) <= _FLOAT:
        return False
    first = column[0]
    if column.count(first) == len(column):  # a NaN is equal to nothing: it cannot pass
        return low <= first <= high and math.isfinite(first)
    return (math.isfinite(sum(column)) and (low == -_INF or low <= min(column))
            and (high == _INF or max(column) <= high))


def _as_numbers(column: Sequence[float]) -> Iterable[float | int]:
    """Checked floats as AbletonOSC's velocities: ints where integral (one conversion for a
    column of one value)."""
    first = column[0]
    if column.count(first) == len(column):
        return repeat(int(first) if first.is_integer() else first, len(column))
    return [int(v) if v.is_integer() else v for v in column]


def notes_from_columns(pitch: Sequence[Any], start: Sequence[Any], duration: Sequence[Any],
                       velocity: Sequence[Any], mute: Sequence[Any],
                       extended: Sequence[Sequence[Any]] = ()) -> list[Note] | None:
    """Notes from columns of wire values (``extended``: probability, velocity_deviation,
    release_velocity, note_id), or None when a column is not plainly valid: the caller then
    builds each note with ``Note(...)``, whose checks name what is wrong. Velocities (and
    release velocities) become ints where integral, as :func:`note_from_args` makes them."""
    if not _BULK or not pitch:
        return None
    if not (_ints(pitch, 0, 127) and _floats(start, -_INF, _INF)
            and _floats(duration, 2.0**-1074, _INF)  # > 0
            and _floats(velocity, 0.0, 127.0) and set(map(type, mute)) <= _BOOL):
        return None
    columns: dict[str, Iterable[Any]] = {
        "pitch": pitch, "start_beats": start, "duration_beats": duration,
        "velocity": _as_numbers(velocity), "mute": mute,
    }
    if extended:
        probability, deviation, release, note_id = extended
        if not (_floats(probability, 0.0, 1.0) and _floats(deviation, -127.0, 127.0)
                and _floats(release, 0.0, 127.0) and _ints(note_id, 0, _MAX_ID)):
            return None
        columns.update(probability=probability, velocity_deviation=deviation,
                       release_velocity=_as_numbers(release),
                       note_id=note_id)
    count = len(pitch)
    notes: list[Note] = list(map(_new, repeat(Note, count)))
    for name, slot in _SLOTS.items():
        values = columns.get(name)
        _exhaust(map(slot.__set__, notes,  # type: ignore[union-attr]
                     repeat(_DEFAULTS[name], count) if values is None else values))
    return notes


def note_from_args(args: Sequence[Any]) -> Note:
    """A note from the 5 values of one note in a ``get/notes`` reply."""
    pitch, start, duration, velocity, mute = args
    v = float(velocity)
    return Note(int(pitch), float(start), float(duration), int(v) if v.is_integer() else v,
                bool(mute))


def decode_notes(values: Sequence[Any]) -> list[Note]:
    if len(values) % 5:
        raise ProtocolError(f"get/notes reply has {len(values)} values, not a multiple of 5")
    fast = notes_from_columns(*(values[k::5] for k in range(5)))
    if fast is not None:
        return fast
    return [note_from_args(values[i : i + 5]) for i in range(0, len(values), 5)]


def as_notes(notes: Iterable[Note | Sequence[Any]]) -> list[Note]:
    """Notes or (pitch, start_beats, duration_beats[, velocity[, mute]]) tuples, checked, as
    Notes (a 0/1 mute in a tuple counts as False/True)."""
    if type(notes) is list or type(notes) is tuple:
        if set(map(type, notes)) <= {Note}:
            return list(notes)  # every item is a Note
    out = []
    for i, n in enumerate(notes):
        if isinstance(n, Note):
            out.append(n)
            continue
        try:
            values = tuple(n)
            if len(values) == 5 and values[4] in (0, 1):
                values = (*values[:4], bool(values[4]))
            out.append(Note(*values))
        except TypeError as exc:
            raise ValidationError(f"note {i} must be a Note or (pitch, start_beats, "
                                  f"duration_beats, velocity, mute), got {n!r}", field="notes",
                                  value=n) from exc
    return out


def _f32_step(start: float) -> tuple[float, float]:
    """``start`` as float32 (what Live stores) and the span to the next float32 above it."""
    (here,) = struct.unpack("<f", struct.pack("<f", start))
    if here == 0.0:
        return 0.0, 2.0**-149
    (bits,) = struct.unpack("<I", struct.pack("<f", here))
    (up,) = struct.unpack("<f", struct.pack("<I", bits + 1 if here > 0 else bits - 1))
    return here, up - here


def footprint(index: tuple[int, int], pitch: int, start: float) -> tuple[str, tuple[Any, ...]]:
    """remove/notes for notes of ``pitch`` starting exactly at ``start`` (as float32)."""
    here, step = _f32_step(start)
    return (_REMOVE.call_address, (*index, pitch, 1, here, step))


def _page(index: tuple[int, int], notes: Sequence[Note], gone: Sequence[Note]) -> Request:
    """One idempotent bundle: remove the footprints of ``gone`` and of ``notes``, add ``notes``."""
    removals = [footprint(index, n.pitch, n.start_beats) for n in (*gone, *notes)]
    if notes:
        return Request(_ADD.call_address, (*index, *flat_note_args(notes)),
                       confirm=True, idempotent=True, before=tuple(removals))
    address, args = removals[-1]
    return Request(address, args, confirm=True, idempotent=True, before=tuple(removals[:-1]))


def write_notes(index: tuple[int, int], notes: Sequence[Note], gone: Sequence[Note] = ()) -> Op[int]:
    """Add ``notes`` (and remove the notes ``gone``) in idempotent pages below SAFE_DATAGRAM,
    a window at a time, each confirmed; returns the number of notes added."""
    per = NOTES_PER_PAGE
    requests = [_page(index, notes[i : i + per], ()) for i in range(0, len(notes), per)]
    requests += [_page(index, (), gone[i : i + per]) for i in range(0, len(gone), per)]
    for start in range(0, len(requests), WINDOW):
        results = yield Batch(requests[start : start + WINDOW])
        for r in results:
            if isinstance(r, BaseException):
                raise r
    return len(notes)


def _last_per_footprint(notes: Sequence[Note]) -> Sequence[Note]:
    """``notes`` without the earlier of two notes of one pitch at one (float32) start: what
    pages that each replace such notes leave."""
    if not notes:
        return notes
    starts = struct.unpack(f"<{len(notes)}f", struct.pack(f"<{len(notes)}f",
                                                          *map(_START, notes)))
    latest = dict(zip(zip(map(_PITCH, notes), starts, strict=True), notes, strict=True))
    return notes if len(latest) == len(notes) else list(latest.values())


def _session_replace(index: tuple[int, int], notes: Sequence[Note]) -> Op[int]:
    """replace_notes over livectl's session protocol, which applies every request once (a
    resend reuses its request id): one bundle removes every note and adds the first page,
    the other pages are plain add/notes, NOTES_PER_SESSION_PAGE notes each (no read, no
    per-note footprint removals)."""
    notes = _last_per_footprint(notes)
    clear = (_REMOVE.call_address, (*index, *FULL_RANGE))
    per = NOTES_PER_SESSION_PAGE
    requests = [
        Request(_ADD.call_address, (*index, *flat_note_args(notes[i : i + per])),
                confirm=True, before=(clear,) if i == 0 else ())
        for i in range(0, len(notes), per)
    ] or [Request(clear[0], clear[1], confirm=True)]
    first = yield Batch(requests[:1])  # the removal is done before any later page lands
    if isinstance(first[0], BaseException):
        raise first[0]
    for start in range(1, len(requests), WINDOW):  # 32 in flight measured no faster
        results = yield Batch(requests[start : start + WINDOW])
        for r in results:
            if isinstance(r, BaseException):
                raise r
    return len(notes)


def replace_notes(index: tuple[int, int], notes: Sequence[Note], *,
                  session: bool = False) -> Op[int]:
    """Make ``notes`` the clip's notes: read what is there, remove (by footprint) the notes
    that are not in ``notes``, add ``notes``. Every page idempotent, in any order.
    ``session``: the peer speaks livectl's session protocol (see :func:`_session_replace`)."""
    if session:
        return (yield from _session_replace(index, notes))
    existing = yield from read_notes(index, expected=len(notes))
    keep = {(n.pitch, _f32_step(n.start_beats)[0]) for n in notes}
    gone = [n for n in existing if (n.pitch, _f32_step(n.start_beats)[0]) not in keep]
    return (yield from write_notes(index, notes, gone))


def _too_big(error: BaseException) -> bool:
    """AbletonOSC could not send the reply ("Socket error: ... Message too long"); a timeout
    is a lost reply, not this."""
    text = str(error).lower()
    return isinstance(error, LiveError) and ("socket error" in text or "too long" in text
                                             or "message too" in text)


def _split(rng: tuple[int, int, float, float], parts: int = 16) -> list[tuple[int, int, float, float]]:
    """Cut a range into up to ``parts`` pitch bands, or into time slices once it is one pitch.

    Many parts at once (not halves) keep the number of failed, oversized replies small.
    """
    p0, ps, t0, ts = rng
    if ps > 1:
        n = min(parts, ps)
        edges = [p0 + (ps * k) // n for k in range(n + 1)]
        return [(a, b - a, t0, ts) for a, b in itertools.pairwise(edges) if b > a]
    if ts < 2**-10:
        raise ProtocolError(
            f"cannot page the notes of pitch {p0} near beat {t0}: even a 1/1024-beat range "
            f"is too big for one datagram"
        )
    step = ts / parts
    return [(p0, 1, t0 + k * step, step) for k in range(parts)]


def read_notes(
    index: tuple[int, int], rng: tuple[int, int, float, float] = FULL_RANGE, expected: int = 0
) -> Op[list[Note]]:
    """All notes in ``rng`` (pitch_start, pitch_span, time_start, time_span), sorted by
    (pitch, start) as Live returns them. Ranges whose reply is too big are split and asked
    again, a window of requests at a time. ``expected``: a guess of the note count (e.g. what
    this client last wrote), used to start with enough pitch bands."""
    bands = -(-2 * expected // NOTES_PER_DATAGRAM) if expected > NOTES_PER_DATAGRAM else 1
    todo = _split(rng, bands) if bands > 1 else [rng]
    notes: list[Note] = []
    while todo:
        level, todo = todo[:WINDOW], todo[WINDOW:]
        results = yield Batch(
            Request(_GET.get_address, (*index, *r), prefix=2, idempotent=True) for r in level
        )
        for r, result in zip(level, results, strict=True):
            if isinstance(result, BaseException):
                if not _too_big(result):
                    raise result
                todo.extend(_split(r))
            else:
                notes.extend(decode_notes(result))
    notes.sort(key=_KEY)
    return notes


def remove_notes(index: tuple[int, int], rng: tuple[int, int, float, float] = FULL_RANGE) -> Op[None]:
    yield Request(_REMOVE.call_address, (*index, *rng), confirm=True)


def note_range(
    pitch_start: int = 0, pitch_span: int = 128, time_start: float = FULL_RANGE[2],
    time_span: float = FULL_RANGE[3],
) -> tuple[int, int, float, float]:
    check_pitch(pitch_start, "pitch_start")
    if not isinstance(pitch_span, int) or not 1 <= pitch_span <= 128:
        raise ValidationError(f"pitch_span must be an int in range 1..128, got {pitch_span!r}",
                              field="pitch_span", value=pitch_span)
    check_beats(time_start, "time_start")
    check_duration(time_span, "time_span")
    if not math.isfinite(time_span):
        raise ValidationError("time_span must be finite", field="time_span", value=time_span)
    return (pitch_start, pitch_span, float(time_start), float(time_span))
