"""Notes built column by column (replies of 10,000 notes) and pages built column by column are
exactly what one Note(...) / note_args per note gives, and refuse exactly what it refuses."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from livectl.errors import LiveCtlError
from livectl.model.note import (
    as_notes,
    decode_notes,
    flat_note_args,
    note_args,
    note_from_args,
    notes_from_columns,
)
from livectl.model.notes_ext import decode_extended
from livectl.note import Note


def one_by_one_extended(values: list[Any]) -> list[Note]:
    """The reference: one Note(...) per group of 9, converted as the wire format says."""
    def number(v: Any) -> Any:
        f = float(v)
        return int(f) if f.is_integer() else f

    out = []
    for i in range(0, len(values), 9):
        note_id, pitch, start, duration, velocity, mute, prob, dev, release = values[i : i + 9]
        out.append(Note(int(pitch), float(start), float(duration), number(velocity), bool(mute),
                        float(prob), float(dev), number(release), int(note_id)))
    return out


def outcome(fn: Any, values: list[Any]) -> Any:
    try:
        return ("ok", [(n, n.note_id, tuple(type(getattr(n, f)) for f in Note.__slots__))
                       for n in fn(values)])
    except (LiveCtlError, ValueError, TypeError) as exc:
        return ("error", type(exc), str(exc))


FLOAT32 = st.floats(width=32, allow_nan=False, allow_infinity=False)
DURATION = st.floats(min_value=2.0**-20, max_value=1e6, width=32)
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
GOOD_NOTE = st.tuples(
    st.integers(0, 2**31 - 1), st.integers(0, 127), FLOAT32,
    DURATION, st.sampled_from([0.0, 1.0, 64.0, 64.5, 127.0, 100.25]),
    st.booleans(), st.sampled_from([0.0, 0.5, 1.0]), st.sampled_from([-127.0, 0.0, 12.5, 127.0]),
    st.sampled_from([0.0, 64.0, 64.75, 127.0]),
)


@settings(SETTINGS, max_examples=150)
@given(notes=st.lists(GOOD_NOTE, min_size=1, max_size=40))
def test_valid_replies_become_the_same_notes_as_one_by_one(notes: list[tuple[Any, ...]]) -> None:
    values = [v for note in notes for v in note]
    assert outcome(decode_extended, values) == outcome(one_by_one_extended, values)
    built = notes_from_columns(*(values[k::9] for k in (1, 2, 3, 4, 5)),
                               tuple(values[k::9] for k in (6, 7, 8, 0)))
    assert built is not None  # these took the column path


BAD = [
    (1, 128), (1, -1), (1, True), (1, 60.0), (1, 60.5), (0, -1), (0, 2**31), (0, 3.0),
    (2, math.nan), (2, math.inf), (2, -math.inf), (2, 3), (3, 0.0), (3, -1.0), (3, math.inf),
    (3, math.nan), (4, 127.5), (4, -0.5), (4, math.nan), (4, 100), (5, 1), (5, 0), (5, None),
    (6, 1.5), (6, -0.1), (6, math.nan), (7, 127.5), (7, -128.0), (8, 128.0), (8, -1.0),
    (8, 64), (6, 1),
]


@pytest.mark.parametrize(("field", "value"), BAD)
def test_a_bad_value_anywhere_gives_what_one_by_one_gives(field: int, value: Any) -> None:
    """Refused with the same error (field, range and value named by Note's checks), or, where
    the wire format converts (a 60.0 pitch, a 0/1 mute), the same converted notes."""
    for at in (0, 57, 99):
        values = [v for i in range(100) for v in (i + 1, i % 128, i * 0.5, 0.5, 100.0, False,
                                                    1.0, 0.0, 64.0)]
        values[at * 9 + field] = value
        assert outcome(decode_extended, values) == outcome(one_by_one_extended, values)


def test_an_error_names_the_field_range_and_value() -> None:
    values = [1, 60, 0.0, 0.5, 100.0, False, 1.0, 0.0, 64.0] * 3
    values[9 + 4] = 127.5
    with pytest.raises(LiveCtlError, match=r"velocity.*0\.\.127.*127\.5"):
        decode_extended(values)


@settings(SETTINGS, max_examples=100)
@given(notes=st.lists(st.tuples(st.integers(0, 127), FLOAT32,
                                DURATION,
                                st.sampled_from([0.0, 64.0, 99.5, 127.0]), st.booleans()),
                      min_size=1, max_size=30))
def test_abletonosc_replies_match_note_from_args(notes: list[tuple[Any, ...]]) -> None:
    values = [v for note in notes for v in note]
    expected = [note_from_args(values[i : i + 5]) for i in range(0, len(values), 5)]
    got = decode_notes(values)
    assert got == expected
    assert [type(n.velocity) for n in got] == [type(n.velocity) for n in expected]


@settings(SETTINGS, max_examples=100)
@given(notes=st.lists(st.builds(Note, st.integers(0, 127), st.floats(-1e6, 1e6),
                                st.floats(1e-6, 1e6),
                                st.one_of(st.integers(0, 127), st.floats(0, 127)),
                                st.booleans()), max_size=30))
def test_pages_are_note_args_flattened(notes: list[Note]) -> None:
    flat = flat_note_args(notes)
    expected = [v for n in notes for v in note_args(n)]
    assert flat == expected
    assert [type(v) for v in flat] == [type(v) for v in expected]


def test_as_notes_passes_notes_through_and_still_checks_tuples() -> None:
    notes = [Note(60, 0.0, 1.0), Note(61, 1.0, 0.5)]
    assert as_notes(notes) == notes and as_notes(tuple(notes)) == notes
    assert as_notes([(60, 0.0, 1.0, 100, 1)]) == [Note(60, 0.0, 1.0, 100, True)]
    with pytest.raises(LiveCtlError, match="pitch"):
        as_notes([notes[0], (128, 0.0, 1.0)])
    with pytest.raises(LiveCtlError, match="note 1 must be a Note"):
        as_notes([notes[0], 5])


def test_the_column_path_is_on_for_note_as_it_is() -> None:
    """Off (Note(...) per note) if Note's fields change; on for Note as it is now."""
    from livectl.model import note

    assert note._BULK


@pytest.mark.parametrize("order", ["sorted", "reversed", "one swapped", "same pitch and start"])
def test_extended_reads_come_back_sorted_by_pitch_then_start(order: str) -> None:
    from livectl.model.notes_ext import read_extended

    groups = [[i + 1, 60 + i % 3, float(i // 3), 0.5, 100.0, False, 1.0, 0.0, 64.0]
              for i in range(30)]
    groups.sort(key=lambda g: (g[1], g[2]))
    if order == "reversed":
        groups.reverse()
    elif order == "one swapped":
        groups[3], groups[4] = groups[4], groups[3]
    elif order == "same pitch and start":
        groups[5][1:3] = groups[4][1:3]
    op = read_extended("clip", (0, 0))
    next(op)  # the request
    with pytest.raises(StopIteration) as done:
        op.send([v for g in groups for v in g])
    notes = done.value.value
    assert [(n.pitch, n.start_beats) for n in notes] == sorted(
        (g[1], g[2]) for g in groups)
    expected_ids = [g[0] for g in sorted(groups, key=lambda g: (g[1], g[2]))]  # stable
    assert [n.note_id for n in notes] == expected_ids
