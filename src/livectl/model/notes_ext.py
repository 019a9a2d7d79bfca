"""Live 12's extended notes and note ids (livectl's script only).

``get/notes_extended`` and ``get/notes_by_id`` reply groups of 9 values (note_id, pitch,
start_time, duration, velocity, mute, probability, velocity_deviation, release_velocity);
``add/notes_extended`` takes groups of 8 (no id) and ``modify/notes`` groups of 9. Notes are
:class:`livectl.Note` values; ids travel beside them (``{note_id: Note}``), since an id is
Live's name for a note in one clip, not a property of the note.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from livectl.checks import check_int_range
from livectl.client._request import Op, Request
from livectl.errors import ProtocolError, ValidationError
from livectl.model.note import Note
from livectl.protocol import Endpoint

__all__ = [
    "MAX_IDS",
    "check_ids",
    "decode_extended",
    "extended_args",
    "modify_notes",
    "notes_by_id",
    "remove_by_id",
]

# Ids per message: 4 bytes and a type tag each, well below a safe datagram.
MAX_IDS = 1000


def _number(value: float) -> float | int:
    v = float(value)
    return int(v) if v.is_integer() else v


def extended_args(note: Note) -> tuple[Any, ...]:
    """The 8 values of one note in ``add/notes_extended`` (``modify/notes``: id first)."""
    return (note.pitch, float(note.start_beats), float(note.duration_beats),
            _number(note.velocity), bool(note.mute), float(note.probability),
            float(note.velocity_deviation), float(note.release_velocity))


def decode_extended(values: Sequence[Any]) -> dict[int, Note]:
    """``{note_id: Note}`` from groups of 9, in the order Live sent them."""
    if len(values) % 9:
        raise ProtocolError(f"extended notes reply has {len(values)} values, not groups of 9")
    out: dict[int, Note] = {}
    for i in range(0, len(values), 9):
        note_id, pitch, start, duration, velocity, mute, probability, deviation, release = (
            values[i : i + 9])
        out[int(note_id)] = Note(int(pitch), float(start), float(duration), _number(velocity),
                                 bool(mute), probability=float(probability),
                                 velocity_deviation=float(deviation),
                                 release_velocity=_number(release))
    return out


def check_ids(ids: Iterable[Any]) -> tuple[int, ...]:
    """Note ids: ints 0..2**31-1, at least one, at most MAX_IDS."""
    if isinstance(ids, (str, bytes)):
        raise ValidationError(f"ids must be a list of note ids, got {ids!r}", field="ids",
                              value=ids)
    out = tuple(check_int_range("note_id", i, 0, 2**31 - 1) for i in ids)
    if not 1 <= len(out) <= MAX_IDS:
        raise ValidationError(f"ids must hold 1..{MAX_IDS} note ids, got {len(out)}",
                              field="ids", value=len(out))
    return out


def notes_by_id(ep: Endpoint, index: tuple[int, int], ids: tuple[int, ...]) -> Op[dict[int, Note]]:
    values = yield Request(ep.get_address, (*index, *ids), prefix=2, idempotent=True)
    return decode_extended(values)


def modify_notes(ep: Endpoint, index: tuple[int, int], notes: Mapping[Any, Any],
                 confirm: bool) -> tuple[Request, ...]:
    """The requests of ``modify/notes`` for ``{note_id: Note}``, MAX_IDS notes a message."""
    if not isinstance(notes, Mapping) or not notes:
        raise ValidationError(f"notes must be a non-empty {{note_id: Note}} mapping, got "
                              f"{notes!r}", field="notes", value=notes)
    ids = check_ids(notes)
    flat: list[tuple[Any, ...]] = []
    for note_id in ids:
        note = notes[note_id]
        if not isinstance(note, Note):
            raise ValidationError(f"notes[{note_id}] must be a Note, got {note!r}",
                                  field="notes", value=note)
        flat.append((note_id, *extended_args(note)))
    per = 160  # 9 values, ~45 bytes a note: 7,200 bytes at most per message
    return tuple(
        Request(ep.call_address, (*index, *(v for group in flat[i : i + per] for v in group)),
                confirm=confirm, idempotent=True)
        for i in range(0, len(flat), per))


def remove_by_id(ep: Endpoint, index: tuple[int, int], ids: tuple[int, ...]) -> Op[None]:
    yield Request(ep.call_address, (*index, *ids), confirm=True)
