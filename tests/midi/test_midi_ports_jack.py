"""Ports over a real JACK server: bytes, order, names, errors, timing, release on close."""

from __future__ import annotations

import gc
import statistics
import threading
import time

import pytest
import rtmidi
from midi_helpers import Receiver, unique

from livectl.errors import MIDIError, MIDIPortNotFoundError, RangeError, ValidationError
from livectl.midi import (
    ControlChange,
    NoteOn,
    list_inputs,
    list_outputs,
    list_ports,
    open_input,
    open_output,
)

pytestmark = pytest.mark.jack


def test_every_message_kind_arrives_with_its_bytes_in_order(receiver):
    with open_output(receiver.port_name, api="jack", client_name=unique("tx")) as out:
        out.note_on(60, 100)
        out.note_on(64, 90, channel=16)
        out.note_off(60)
        out.control_change(7, 100, channel=2)
        out.program_change(12, channel=3)
        out.pitch_bend(-8192, channel=4)
        out.pitch_bend(8191, channel=4)
        out.aftertouch(55, channel=5)
        out.poly_aftertouch(64, 33, channel=16)
        out.chord_on([48, 52, 55], 80, channel=6)
        out.chord_off([48, 52, 55], channel=6)
        out.send(ControlChange(1, 2))
        out.send_bytes([0x92, 70, 1])
        out.all_notes_off(channel=9)
    expected = [
        (0x90, 60, 100), (0x9F, 64, 90), (0x80, 60, 0), (0xB1, 7, 100), (0xC2, 12),
        (0xE3, 0, 0), (0xE3, 0x7F, 0x7F), (0xD4, 55), (0xAF, 64, 33),
        (0x95, 48, 80), (0x95, 52, 80), (0x95, 55, 80),
        (0x85, 48, 0), (0x85, 52, 0), (0x85, 55, 0), (0xB0, 1, 2), (0x92, 70, 1),
        (0xB8, 123, 0),
        # close() released what was still sounding, in (channel, pitch) order
        (0x82, 70, 0), (0x8F, 64, 0),
    ]
    receiver.wait_count(len(expected))
    assert receiver.data() == expected
    assert receiver.balance() == {}


def test_open_by_index_exact_name_and_substring(receiver):
    names = list_outputs(api="jack")
    assert receiver.port_name in names
    for key in (names.index(receiver.port_name), receiver.port_name,
                receiver.client.upper()):  # substring, case-insensitive
        with open_output(key, api="jack", client_name=unique("tx")) as out:
            assert out.name == receiver.port_name
            out.control_change(3, 3)
    receiver.wait_count(3)


def test_virtual_output_is_listed_and_reaches_an_input(jack):
    client = unique("vout")
    with open_output(virtual_name="out", api="jack", client_name=client) as out:
        assert f"{client}:out" in list_inputs(api="jack")
        assert out.is_virtual
        got = []
        arrived = threading.Event()

        def on_message(msg):
            got.append(msg)
            arrived.set()

        with open_input(f"{client}:out", api="jack", client_name=unique("rx"),
                        callback=on_message) as inp:
            assert inp.name == f"{client}:out"
            out.note_on(1, 2, channel=3)
            assert arrived.wait(5)
            assert got[0].data == (0x92, 1, 2)
            assert got[0].message == NoteOn(1, 2, 3)


def test_input_queue_receive_returns_stamped_messages(jack):
    client = unique("vq")
    with open_output(virtual_name="out", api="jack", client_name=client) as out, \
         open_input(f"{client}:out", api="jack", client_name=unique("rx")) as inp:
        before = time.perf_counter_ns()
        out.program_change(9)
        msg = inp.receive(timeout_s=5)
        assert msg is not None and msg.data == (0xC0, 9) and msg.time_ns >= before
        assert inp.receive(timeout_s=0.05) is None


def test_port_not_found_lists_ports_and_says_how_to_make_one(receiver):
    with pytest.raises(MIDIPortNotFoundError) as info:
        open_output("no such synth", api="jack")
    text = str(info.value)
    assert "no such synth" in text and receiver.port_name in text
    assert "virtual_name" in text
    with pytest.raises(MIDIPortNotFoundError, match="index 99"):
        open_output(99, api="jack")
    assert isinstance(info.value, LookupError)


def test_ambiguous_substring_is_refused(jack):
    a = Receiver(unique("twin"))
    b = Receiver(unique("twin"))
    try:
        with pytest.raises(ValidationError, match="matches 2"):
            open_output("twin", api="jack")
    finally:
        a.close()
        b.close()


def test_bad_values_raise_before_anything_is_sent(receiver):
    with open_output(receiver.port_name, api="jack", client_name=unique("tx")) as out:
        with pytest.raises(RangeError, match=r"velocity must be in range 0\.\.127, got 200"):
            out.note_on(60, 200)
        with pytest.raises(RangeError, match=r"channel must be in range 1\.\.16, got 0"):
            out.control_change(1, 1, channel=0)
        with pytest.raises(RangeError, match="pitch"):
            out.chord_on([60, 64, 130])  # the valid pitches are not sent either
        with pytest.raises(ValidationError, match="send_bytes"):
            out.send((0x90, 60, 100))  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="not a supported MIDI message"):
            out.send_bytes([0x90, 60])
        out.control_change(2, 2)  # a marker: the only thing that should arrive
    receiver.wait_count(1)
    assert receiver.data() == [(0xB0, 2, 2)]


def test_closed_port_refuses_and_close_twice_is_harmless(receiver):
    out = open_output(receiver.port_name, api="jack", client_name=unique("tx"))
    out.note_on(60)
    out.close()
    out.close()
    with pytest.raises(MIDIError, match="closed"):
        out.note_on(61)
    receiver.wait_count(2)
    assert receiver.data() == [(0x90, 60, 100), (0x80, 60, 0)]


def test_exception_inside_with_releases_notes(receiver):
    with pytest.raises(ZeroDivisionError), \
         open_output(receiver.port_name, api="jack", client_name=unique("tx")) as out:
        out.note_on(60)
        out.note_on(60)  # struck twice: needs two note-offs
        out.note_on(67, channel=2)
        1 / 0  # noqa: B018
    receiver.wait_count(6)
    assert receiver.balance() == {}


def test_panic_releases_tracked_notes_then_silences_all_channels(receiver):
    with open_output(receiver.port_name, api="jack", client_name=unique("tx")) as out:
        out.note_on(40, channel=7)
        out.panic()
        assert len(out.tracker) == 0
    data = receiver.wait_count(1 + 1 + 32)
    assert [m.data for m in data[:2]] == [(0x96, 40, 100), (0x86, 40, 0)]
    ccs = {m.data for m in data[2:]}
    assert ccs == {(0xB0 | ch, cc, 0) for ch in range(16) for cc in (123, 120)}


def test_note_with_duration_holds_then_releases(receiver):
    with open_output(receiver.port_name, api="jack", client_name=unique("tx")) as out:
        start = time.perf_counter_ns()
        out.note(72, 99, duration_s=0.05, channel=2)
        assert time.perf_counter_ns() - start >= 50_000_000
    on, off = receiver.wait_count(2)
    assert (on.data, off.data) == ((0x91, 72, 99), (0x81, 72, 0))
    gap_ms = (off.time_ns - on.time_ns) / 1e6
    assert 50 - 6 <= gap_ms <= 50 + 20  # period boundaries (5.33 ms), and a shared machine


def test_delivery_is_within_one_jack_period_of_the_send(receiver, jack):
    sends = []
    with open_output(receiver.port_name, api="jack", client_name=unique("tx")) as out:
        for i in range(60):
            t0 = time.perf_counter_ns()
            out.control_change(20, i)
            sends.append(t0)
            time.sleep(0.003)  # spacing only; arrival is measured, not the pace
    data = receiver.wait_count(60)
    assert [m.data[2] for m in data] == list(range(60))
    delays_ms = [(m.time_ns - s) / 1e6 for m, s in zip(data, sends, strict=True)]
    period_ms = jack.period_s * 1000
    assert min(delays_ms) >= 0
    # next period boundary: at most one period, with generous room for a shared CI machine
    assert statistics.median(delays_ms) <= period_ms
    assert statistics.quantiles(delays_ms, n=10)[-1] <= period_ms + 2.0
    assert max(delays_ms) <= 50.0


def test_list_ports_reports_api_and_both_directions(receiver):
    ports = list_ports(api="jack")
    assert ports.api == "jack"
    assert receiver.port_name in ports.outputs


def test_the_blogs_raw_rtmidi_loop_still_works_on_jack(receiver):
    # The loop from the blog, unchanged except for the API: Linux without ALSA needs JACK.
    midiout = rtmidi.MidiOut(rtmidi.API_UNIX_JACK)
    available = midiout.get_ports()
    midiout.open_port(available.index(receiver.port_name))
    with midiout:
        for pitch in (60, 62):
            midiout.send_message([0x90, pitch, 112])
            time.sleep(0.01)
            midiout.send_message([0x80, pitch, 0])
            # The blog sleeps after the note-off too. It matters here: RtMidi's JACK close
            # right after a send, with a Python receiver in this process, can lose the send.
            time.sleep(0.05)
    del midiout
    # python-rtmidi's objects hold a bound method of their own (the error callback), a
    # cycle: `del` leaves this JACK client open until the garbage collector runs, at some
    # moment of a later test. Closing it there lost that test's first message (3 runs in 34
    # of this test and the next; 0 in 30 when collected here first). Collected here.
    gc.collect()
    receiver.wait_count(4)
    assert receiver.data() == [(0x90, 60, 112), (0x80, 60, 0), (0x90, 62, 112), (0x80, 62, 0)]


def test_a_port_dropped_without_close_is_kept_until_exit_so_its_notes_can_be_released(receiver):
    from livectl.midi import close_all_outputs

    open_output(receiver.port_name, api="jack", client_name=unique("tx")).note_on(61)
    gc.collect()  # rtmidi's destructor would close the port silently, leaving the note on
    receiver.wait_count(1)
    assert close_all_outputs() >= 1  # what atexit runs
    receiver.wait_count(2)
    assert receiver.balance() == {}


def test_an_input_whose_callback_is_late_still_gets_every_event_of_a_cycle_once(jack):
    """A Python callback late by several JACK periods (waiting for the GIL, say) loses
    nothing: rtmidi used to call it in JACK's thread, where the late read found the sender's
    buffer already reused and handed over the cycle's first event again for each of the
    others (four note-offs in one cycle arrived as one note-off four times)."""
    got: list[tuple[int, ...]] = []
    all_four = threading.Event()

    def on_message(msg):
        got.append(msg.data)
        if len(got) == 1:
            time.sleep(20 * jack.period_s)  # late by 20 periods
        if len(got) == 4:
            all_four.set()

    client = unique("late")
    with open_input(virtual_name="in", api="jack", client_name=client,
                    callback=on_message), \
         open_output(f"{client}:in", api="jack", client_name=unique("tx")) as out:
        for pitch in (60, 61, 62, 63):  # back to back: one JACK cycle
            out.note_off(pitch)
        assert all_four.wait(5), got
        time.sleep(5 * jack.period_s)  # and nothing more comes
    assert got == [(0x80, pitch, 0) for pitch in (60, 61, 62, 63)]


def test_an_input_closed_from_its_own_callback_closes(jack):
    client, rx = unique("vc"), unique("rx")
    closed = threading.Event()
    holder = []

    def on_message(msg):
        holder[0].close()  # in the reader thread: it closes the port once this returns
        closed.set()

    with open_output(virtual_name="out", api="jack", client_name=client) as out:
        holder.append(open_input(f"{client}:out", api="jack", client_name=rx,
                                 callback=on_message))
        out.program_change(3)
        assert closed.wait(5)
        deadline = time.monotonic() + 5
        while any(n.startswith(rx) for n in list_outputs("jack")):  # its port goes away
            assert time.monotonic() < deadline
            time.sleep(0.01)
        out.program_change(4)  # nobody listens: no callback, no crash
