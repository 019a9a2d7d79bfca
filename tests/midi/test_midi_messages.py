from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from livectl.errors import RangeError, ValidationError
from livectl.midi import (
    CLOCK,
    CONTINUE,
    START,
    STOP,
    Aftertouch,
    AllNotesOff,
    ControlChange,
    NoteOff,
    NoteOn,
    PitchBend,
    PolyAftertouch,
    ProgramChange,
    SongPosition,
    SystemRealtime,
    chord,
    describe,
    from_bytes,
)


@pytest.mark.parametrize(
    ("msg", "wire"),
    [
        (NoteOn(60, 100, 1), (0x90, 60, 100)),
        (NoteOn(60, 100, 16), (0x9F, 60, 100)),
        (NoteOff(61, 0, 2), (0x81, 61, 0)),
        (PolyAftertouch(62, 50, 3), (0xA2, 62, 50)),
        (ControlChange(7, 127, 10), (0xB9, 7, 127)),
        (ProgramChange(5, 4), (0xC3, 5)),
        (Aftertouch(99, 5), (0xD4, 99)),
        (PitchBend(0, 1), (0xE0, 0x00, 0x40)),
        (PitchBend(-8192, 1), (0xE0, 0x00, 0x00)),
        (PitchBend(8191, 1), (0xE0, 0x7F, 0x7F)),
        (AllNotesOff(3), (0xB2, 123, 0)),
        (SongPosition(300), (0xF2, 300 & 0x7F, 300 >> 7)),
        (CLOCK, (0xF8,)),
        (START, (0xFA,)),
        (CONTINUE, (0xFB,)),
        (STOP, (0xFC,)),
    ],
)
def test_wire_bytes_and_back(msg, wire):
    assert msg.bytes() == wire
    assert from_bytes(list(wire)) == msg


@pytest.mark.parametrize(
    ("make", "field", "bad"),
    [
        (lambda v: NoteOn(v), "pitch", 128),
        (lambda v: NoteOn(60, v), "velocity", 200),
        (lambda v: NoteOn(60, 100, v), "channel", 0),
        (lambda v: NoteOff(60, 0, v), "channel", 17),
        (lambda v: ControlChange(v, 0), "control", -1),
        (lambda v: ControlChange(1, v), "value", 128),
        (lambda v: ProgramChange(v), "program", 128),
        (lambda v: PitchBend(v), "pitch_bend", 8192),
        (lambda v: Aftertouch(v), "pressure", 300),
        (lambda v: SongPosition(v), "sixteenths", 16384),
    ],
)
def test_out_of_range_names_field_range_and_value(make, field, bad):
    with pytest.raises(RangeError) as info:
        make(bad)
    text = str(info.value)
    assert field in text and str(bad) in text and ".." in text
    assert info.value.field == field


def test_wrong_types_are_rejected_not_coerced():
    with pytest.raises(ValidationError, match="pitch must be an int"):
        NoteOn(60.5)
    with pytest.raises(ValidationError, match="channel"):
        NoteOn(60, 100, True)
    with pytest.raises(ValidationError, match="status"):
        SystemRealtime(0x90)


def test_messages_are_frozen():
    msg = NoteOn(60)
    with pytest.raises(AttributeError):
        msg.pitch = 61  # type: ignore[misc]


def test_chord_checks_every_pitch_before_returning():
    assert [m.pitch for m in chord([60, 64, 67], 90, 2)] == [60, 64, 67]
    with pytest.raises(RangeError, match="pitch"):
        chord([60, 128])
    with pytest.raises(ValidationError, match="pitches"):
        chord([])


@pytest.mark.parametrize("bad", [60, {60, 64}, "CEG", None])
def test_chord_of_something_not_a_list_is_named_by_every_chord_call(bad):
    """chord(), MIDIOutput.chord_on/chord_off and Sequencer.add_chord share one check (before:
    chord(60) raised a raw TypeError)."""
    from livectl.midi import Sequencer

    with pytest.raises(ValidationError, match="pitches must be a non-empty list"):
        chord(bad)
    with pytest.raises(ValidationError, match="pitches must be a non-empty list"):
        Sequencer().add_chord(0, bad)


def test_from_bytes_rejects_garbage():
    with pytest.raises(ValidationError):
        from_bytes([])
    with pytest.raises(ValidationError):
        from_bytes([0x90, 60])
    with pytest.raises(ValidationError):
        from_bytes([0xF0, 1, 2, 0xF7])


def test_describe_reads_like_a_monitor_line():
    assert describe([0x90, 60, 100]) == "note_on ch1 pitch=60 vel=100"
    assert describe([0xB9, 7, 64]) == "control_change ch10 control=7 value=64"
    assert describe([0xF8]) == "clock"
    assert describe([0xF0, 1, 0xF7]).startswith("unknown")


channel_messages = st.one_of(
    st.builds(NoteOn, st.integers(0, 127), st.integers(0, 127), st.integers(1, 16)),
    st.builds(NoteOff, st.integers(0, 127), st.integers(0, 127), st.integers(1, 16)),
    st.builds(ControlChange, st.integers(0, 127), st.integers(0, 127), st.integers(1, 16)),
    st.builds(ProgramChange, st.integers(0, 127), st.integers(1, 16)),
    st.builds(PitchBend, st.integers(-8192, 8191), st.integers(1, 16)),
    st.builds(Aftertouch, st.integers(0, 127), st.integers(1, 16)),
    st.builds(PolyAftertouch, st.integers(0, 127), st.integers(0, 127), st.integers(1, 16)),
    st.builds(SongPosition, st.integers(0, 16383)),
)


@given(channel_messages)
def test_every_message_round_trips_through_its_bytes(msg):
    data = msg.bytes()
    assert all(0 <= b <= 255 for b in data)
    assert data[0] >= 0x80 and all(b < 0x80 for b in data[1:])
    assert from_bytes(list(data)) == msg
