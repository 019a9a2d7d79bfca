"""Live 12's extended notes and note ids, on session and arrangement clips (livectl's script).

``get/notes_extended`` and ``get/notes_by_id`` reply groups of 9 values (note_id, pitch,
start_time, duration, velocity, mute, probability, velocity_deviation, release_velocity);
``add/notes_extended`` takes groups of 8 (no id) and ``modify/notes`` groups of 9. Notes are
:class:`livectl.Note` values; a note read this way carries its ``note_id``.

Reads are one request (livectl's session protocol carries a reply of any size in parts),
except that a clip this client last saw holding BAND_NOTES notes or more is read as pitch
bands, a few requests at once, like AbletonOSC pages: the script answers one band while the
others travel (a read of 10,000 notes takes about a fifth less time). The band requests
go as one batch, which the client sends in one datagram when it fits and the script then
runs in one go; split over datagrams, a note another client moves across bands meanwhile
could be seen twice or not at all, as with AbletonOSC pages.
Writes go out in pages below :data:`~livectl.model.note.SAFE_DATAGRAM`, each first removing
any note of the same pitch at exactly the same start (as Live keeps no two such notes), so
that a page applied twice changes nothing, like the session clip pages of
:mod:`livectl.model.note`.
"""

from __future__ import annotations

import itertools
import operator
import struct
from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import Any

from livectl.checks import check_int_range
from livectl.client._request import Batch, Op, Request
from livectl.errors import ProtocolError, ValidationError
from livectl.model.note import (
    FULL_RANGE,
    SAFE_DATAGRAM,
    WINDOW,
    Note,
    footprint,
    notes_from_columns,
)
from livectl.protocol import encode_message, endpoint

__all__ = [
    "BAND_NOTES",
    "MAX_BANDS",
    "MAX_IDS",
    "check_ids",
    "decode_extended",
    "extended_args",
    "is_extended",
    "modify_notes",
    "notes_by_id",
    "read_extended",
    "remove_by_id",
    "remove_range",
    "replace_extended",
    "write_extended",
]

# Ids per message: 4 bytes and a type tag each, well below a safe datagram.
MAX_IDS = 1000
# A read of a clip expected to hold this many notes or more goes as pitch bands (at most
# MAX_BANDS requests at once, one per BAND_NOTES expected notes).
BAND_NOTES = 1250
MAX_BANDS = 8
# One note in add/notes_extended: 8 type tags and 7 four-byte values (mute is T/F).
_EXT_NOTE_BYTES = 36
_PAGE_HEADER_BYTES = 256


def _number(value: float) -> float | int:
    v = float(value)
    return int(v) if v.is_integer() else v


def is_extended(note: Note) -> bool:
    """True when a Live 12 field differs from its default (AbletonOSC cannot carry it)."""
    return (note.probability != 1.0 or note.velocity_deviation != 0.0
            or note.release_velocity != 64)


def extended_args(note: Note) -> tuple[Any, ...]:
    """The 8 values of one note in ``add/notes_extended`` (``modify/notes``: id first)."""
    return (note.pitch, float(note.start_beats), float(note.duration_beats),
            _number(note.velocity), bool(note.mute), float(note.probability),
            float(note.velocity_deviation), float(note.release_velocity))


def decode_extended(values: Sequence[Any]) -> list[Note]:
    """Notes (with their ids) from groups of 9, in the order Live sent them."""
    if len(values) % 9:
        raise ProtocolError(f"extended notes reply has {len(values)} values, not groups of 9")
    note_id, pitch, start, duration, velocity, mute, probability, deviation, release = (
        values[k::9] for k in range(9))
    fast = notes_from_columns(pitch, start, duration, velocity, mute,
                              (probability, deviation, release, note_id))
    if fast is not None:
        return fast
    out = []
    for i in range(0, len(values), 9):
        note_id, pitch, start, duration, velocity, mute, probability, deviation, release = (
            values[i : i + 9])
        out.append(Note(int(pitch), float(start), float(duration), _number(velocity),
                        bool(mute), float(probability), float(deviation), _number(release),
                        int(note_id)))
    return out


def check_ids(ids: Iterable[Any]) -> tuple[int, ...]:
    """Note ids (ints 0..2**31-1, or Notes read from a clip): at least one, at most MAX_IDS."""
    if isinstance(ids, (str, bytes)):
        raise ValidationError(f"ids must be a list of note ids, got {ids!r}", field="ids",
                              value=ids)
    out = tuple(check_int_range("note_id", i.note_id if isinstance(i, Note) else i,
                                0, 2**31 - 1) for i in ids)
    if not 1 <= len(out) <= MAX_IDS:
        raise ValidationError(f"ids must hold 1..{MAX_IDS} note ids, got {len(out)}",
                              field="ids", value=len(out))
    return out


_KEY = attrgetter("pitch", "start_beats")


def _sorted(notes: list[Note]) -> list[Note]:
    notes.sort(key=_KEY)
    return notes


def _in_order(values: Sequence[Any]) -> bool:
    """Whether groups of 9 are already sorted by (pitch, start) (livectl's script sends them
    so): checked on the columns in C, cheaper than the sort's key per note."""
    pitch, start = values[1::9], values[2::9]
    return all(map(operator.le, zip(pitch, start, strict=True),
                   zip(pitch[1:], start[1:], strict=True)))


def read_extended(domain: str, index: tuple[int, int],
                  rng: tuple[int, int, float, float] = FULL_RANGE,
                  expected: int = 0) -> Op[list[Note]]:
    """The notes in ``rng`` with ids and Live 12's fields, sorted by (pitch, start).

    One request, unless ``expected`` (what this client last saw in the clip) says the clip
    is big: then up to :data:`MAX_BANDS` requests for pitch bands go at once, as
    :func:`~livectl.model.note.read_notes` pages AbletonOSC reads, so that the script
    answers one band while the others travel and are decoded."""
    ep = endpoint(domain, "notes_extended")
    pitch, span, start, length = rng
    bands = min(MAX_BANDS, span, expected // BAND_NOTES)
    if bands <= 1:
        values = yield Request(ep.get_address, (*index, *rng), prefix=2, idempotent=True)
        notes = decode_extended(values)
        return notes if _in_order(values) else _sorted(notes)
    edges = [pitch + span * k // bands for k in range(bands + 1)]
    results = yield Batch(
        Request(ep.get_address, (*index, low, high - low, start, length), prefix=2,
                idempotent=True)
        for low, high in itertools.pairwise(edges))
    notes = []
    ordered = True
    for values in results:
        if isinstance(values, BaseException):
            raise values
        notes += decode_extended(values)
        ordered = ordered and _in_order(values)
    return notes if ordered else _sorted(notes)


def notes_by_id(domain: str, index: tuple[int, int], ids: tuple[int, ...]) -> Op[list[Note]]:
    ep = endpoint(domain, "notes_by_id")
    values = yield Request(ep.get_address, (*index, *ids), prefix=2, idempotent=True)
    return decode_extended(values)


def _removal(domain: str, index: tuple[int, int], note: Note) -> tuple[str, tuple[Any, ...]]:
    _, args = footprint(index, note.pitch, note.start_beats)
    return (endpoint(domain, "remove/notes").call_address, args)


def _per_page(domain: str) -> int:
    removal = 4 + len(encode_message(endpoint(domain, "remove/notes").call_address,
                                     (0, 0, 0, 1, 0.0, 1.0)))
    return (SAFE_DATAGRAM - _PAGE_HEADER_BYTES) // (_EXT_NOTE_BYTES + removal)


def _pages(requests: list[Request]) -> Op[None]:
    for start in range(0, len(requests), WINDOW):
        results = yield Batch(requests[start : start + WINDOW])
        for r in results:
            if isinstance(r, BaseException):
                raise r


def write_extended(domain: str, index: tuple[int, int], notes: Sequence[Note]) -> Op[int]:
    """Add ``notes`` with Live 12's fields, in idempotent pages; the number added."""
    add = endpoint(domain, "add/notes_extended").call_address
    per = _per_page(domain)
    requests = []
    for i in range(0, len(notes), per):
        page = notes[i : i + per]
        requests.append(Request(add, (*index, *(v for n in page for v in extended_args(n))),
                                confirm=True, idempotent=True,
                                before=tuple(_removal(domain, index, n) for n in page)))
    yield from _pages(requests)
    return len(notes)


def _f32(value: float) -> float:
    (here,) = struct.unpack("<f", struct.pack("<f", value))
    return float(here)


def replace_extended(domain: str, index: tuple[int, int], notes: Sequence[Note]) -> Op[int]:
    """Make ``notes`` the clip's notes: the others are removed by id, then ``notes`` added."""
    existing = yield from read_extended(domain, index)
    keep = {(n.pitch, _f32(n.start_beats)) for n in notes}
    gone = [n.note_id for n in existing
            if n.note_id is not None and (n.pitch, _f32(n.start_beats)) not in keep]
    for i in range(0, len(gone), MAX_IDS):
        yield from remove_by_id(domain, index, tuple(gone[i : i + MAX_IDS]))
    return (yield from write_extended(domain, index, notes))


def modify_notes(domain: str, index: tuple[int, int], notes: Iterable[Note],
                 confirm: bool) -> tuple[Request, ...]:
    """The requests of ``modify/notes`` for Notes carrying their ``note_id``."""
    flat: list[tuple[Any, ...]] = []
    for i, note in enumerate(notes):
        if not isinstance(note, Note) or note.note_id is None:
            raise ValidationError(f"notes[{i}] must be a Note with its note_id (read from the "
                                  f"clip), got {note!r}", field="note_id", value=note)
        flat.append((note.note_id, *extended_args(note)))
    if not flat:
        raise ValidationError("notes must hold at least one Note", field="notes", value=0)
    ep = endpoint(domain, "modify/notes")
    per = 160  # 9 values, ~45 bytes a note: 7,200 bytes at most per message
    return tuple(
        Request(ep.call_address, (*index, *(v for group in flat[i : i + per] for v in group)),
                confirm=confirm, idempotent=True)
        for i in range(0, len(flat), per))


def remove_by_id(domain: str, index: tuple[int, int], ids: tuple[int, ...]) -> Op[None]:
    ep = endpoint(domain, "remove/notes_by_id")
    yield Request(ep.call_address, (*index, *ids), confirm=True)


def remove_range(domain: str, index: tuple[int, int],
                 rng: tuple[int, int, float, float] = FULL_RANGE) -> Op[None]:
    ep = endpoint(domain, "remove/notes")
    yield Request(ep.call_address, (*index, *rng), confirm=True)
