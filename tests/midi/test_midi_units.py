"""Small pieces: the note table, port-name resolution, note lists, the JACK server object."""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from collections import Counter
from collections.abc import Callable

import pytest
from midi_helpers import unique

from livectl.compose.notes import Note as ComposeNote
from livectl.errors import MIDIBackendError, MIDIPortNotFoundError, RangeError, ValidationError
from livectl.midi import (
    JackServer,
    MIDIOutput,
    Note,
    NoteOff,
    NoteOn,
    NoteTracker,
    VirtualClock,
    guard,
)
from livectl.midi._backend import Backend
from livectl.midi.play import sequence_notes
from livectl.midi.ports import _pick, _resolve, virtual_port_hint


def test_tracker_counts_restrikes_and_reads_raw_bytes():
    t = NoteTracker()
    t.observe((0x90, 60, 100))
    t.observe((0x90, 60, 90))  # struck again while sounding
    t.observe((0x91, 64, 100))
    t.observe((0x90, 61, 0))  # velocity 0 = note-off, of a note that was not on: ignored
    assert len(t) == 3 and t.sounding() == [(1, 60), (2, 64)]
    t.observe((0x80, 60, 0))
    assert len(t) == 2
    t.observe((0xB1, 123, 0))  # all notes off on channel 2
    assert t.sounding() == [(1, 60)]
    assert t.take_release() == [(1, 60, 1)] and len(t) == 0


def test_pick_by_index_exact_name_unique_substring():
    names = ["IAC Driver Bus 1", "IAC Driver Bus 10", "loopMIDI Port"]
    assert _pick(names, 2, "output", "winmm") == 2
    assert _pick(names, "IAC Driver Bus 1", "output", "coremidi") == 0  # exact beats substring
    assert _pick(names, "loopmidi", "output", "winmm") == 2
    with pytest.raises(ValidationError, match="matches 2"):
        _pick(names, "Bus 1", "output", "coremidi")
    with pytest.raises(ValidationError, match="port must be an index or a name"):
        _pick(names, 1.5, "output", "alsa")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("api", "platform", "words"),
    [
        ("coremidi", "darwin", ["IAC Driver", "Device is online"]),
        ("winmm", "win32", ["loopMIDI"]),
        ("alsa", "linux", ["virtual_name"]),
        ("jack", "linux", ["virtual_name"]),
    ],
)
def test_not_found_says_how_to_make_a_port_on_each_platform(api, platform, words):
    hint = virtual_port_hint(api, platform)
    assert all(w in hint for w in words)
    with pytest.raises(MIDIPortNotFoundError) as info:
        _pick(["Other Port"], "Live", "output", api)
    assert "Other Port" in str(info.value) and "'Live'" in str(info.value)


def test_no_ports_at_all_is_a_clear_error_and_the_first_port_is_the_default():
    with pytest.raises(MIDIPortNotFoundError, match="there are no MIDI output ports"):
        _resolve(Backend("jack"), [], None, None, "output")
    assert _resolve(Backend("jack"), ["a:in", "b:in"], None, None, "output") == (0, "a:in")
    with pytest.raises(ValidationError, match="not both"):
        _resolve(Backend("jack"), ["a:in"], 0, "mine", "output")
    with pytest.raises(ValidationError, match="virtual_name must be a non-empty string"):
        _resolve(Backend("jack"), [], None, " ", "output")


class Rec:
    def __init__(self, clock):
        self.clock, self.sent = clock, []

    def send(self, msg):
        self.sent.append((self.clock.now_ns() // 1_000_000, msg))


def test_compose_notes_play_with_their_channel_and_mute_unless_overridden():
    notes = [
        ComposeNote(60, 0.0, 0.5, 90, channel=3),
        ComposeNote(62, 0.5, 0.5, 80, channel=3, mute=True),  # skipped
        Note(64, 1.0, 0.25, 70),  # channel 1 by default
        (1.5, 67, 60, 0.25),
    ]
    clock = VirtualClock()
    seq = sequence_notes(notes, tempo_bpm=120)
    seq.clock = clock
    out = Rec(clock)
    seq.play(out, lead_s=0)
    assert out.sent == [
        (0, NoteOn(60, 90, 3)), (250, NoteOff(60, 0, 3)),
        (500, NoteOn(64, 70, 1)), (625, NoteOff(64, 0, 1)),
        (750, NoteOn(67, 60, 1)), (875, NoteOff(67, 0, 1)),
    ]
    forced = sequence_notes(notes, channel=10)
    assert {e.item.channel for e in forced.events} == {10}


def test_note_lists_are_checked_before_anything_is_built():
    with pytest.raises(RangeError, match="channel"):
        sequence_notes([(0, 60, 100, 1)], channel=17)
    with pytest.raises(RangeError, match="velocity"):
        sequence_notes([(0, 60, 100, 1), (1, 60, 300, 1)])
    with pytest.raises(ValidationError, match=r"\(beat, pitch, velocity, duration_beats\)"):
        sequence_notes([(0, 60)])
    with pytest.raises(ValidationError, match="has none of the attributes"):
        sequence_notes([object()])
    with pytest.raises(RangeError, match="channel"):
        Note(60, 0, 1, 100, channel=0)


def test_jack_server_refuses_a_second_server_with_the_same_name(jack):
    with pytest.raises(MIDIBackendError, match="already running"):
        JackServer(jack.name).start()
    assert repr(jack).startswith(f"<JackServer '{jack.name}' period=256@48000 pid ")
    assert jack.period_s == pytest.approx(256 / 48000)


class _RecordingRaw:
    """An in-memory stand-in for an rtmidi port: records bytes; ``on_send`` runs after each."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, ...]] = []
        self.on_send: Callable[[tuple[int, ...]], None] | None = None

    def send_message(self, data: list[int]) -> None:
        self.sent.append(tuple(data))
        if self.on_send is not None:
            self.on_send(tuple(data))

    def close_port(self) -> None:
        pass

    def delete(self) -> None:
        pass


def _balance(sent: list[tuple[int, ...]]) -> dict[tuple[int, int], int]:
    t = NoteTracker()
    for data in sent:
        t.observe(data)
    return {key: 1 for key in t.sounding()}


def test_a_signal_arriving_during_a_note_on_send_still_releases_that_note():
    """The exit guard runs as a signal handler in this same thread, between two bytecodes:
    here right after a note-on's bytes left (before: the note was tracked only after the
    send, so the guard's release missed it and it hung)."""
    raw = _RecordingRaw()
    out = MIDIOutput(raw, name="mem", api="test", is_virtual=False, guard_exit=False)
    guard.register_output(out)

    def handler(signum: int, frame: object) -> None:
        guard.close_all_outputs()
        raise SystemExit(143)

    def fire(data: tuple[int, ...]) -> None:
        if data == (0x90, 64, 100):
            signal.raise_signal(signal.SIGUSR1)  # the handler runs before this returns

    previous = signal.signal(signal.SIGUSR1, handler)
    try:
        raw.on_send = fire
        out.note_on(60)
        with pytest.raises(SystemExit):
            out.note_on(64)
    finally:
        signal.signal(signal.SIGUSR1, previous)
        out.close()
    assert out.closed
    assert _balance(raw.sent) == {}, raw.sent


def test_the_exit_guard_can_run_inside_the_tracker_without_deadlock():
    """A signal handler can run while this thread holds the tracker's lock (Python runs it at
    the next call, e.g. Counter.__missing__ for a pitch not yet in the table); the guard's
    release then takes the same lock. Before: a plain Lock, and the process hung (seen: 1 in
    60 SIGTERMs to a tight note_on loop)."""
    tracker = NoteTracker()
    tracker.observe((0x90, 60, 100))
    taken: list[list[tuple[int, int, int]]] = []

    class GuardRunsHere(Counter):  # type: ignore[type-arg]
        def __missing__(self, key: object) -> int:
            taken.append(tracker.take_release())  # what the exit guard does
            return 0

    tracker._counts = GuardRunsHere(tracker._counts)
    done = threading.Event()

    def strike() -> None:
        tracker.note_on(1, 62)  # 62 is new: __missing__ runs inside the lock
        done.set()

    threading.Thread(target=strike, daemon=True).start()
    assert done.wait(5), "the tracker deadlocked when the guard ran inside it"
    assert taken == [[(1, 60, 1)]]


def test_a_jack_server_that_fails_to_start_says_why_and_leaves_no_log_file(tmp_path, monkeypatch):
    """Before: each failed start left its /tmp/jackd-*.log behind (stop() is never reached
    when start() raises, and the first of two attempts was overwritten)."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    class Broken(JackServer):
        def _command(self) -> list[str]:
            return ["sh", "-c", "echo 'Failed to open server'; exit 1"]

    with pytest.raises(MIDIBackendError, match="Failed to open server"):
        Broken(unique("broken"), set_env=False).start()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("option", [{"port_max": -1}, {"period": 0}, {"rate": 10}])
def test_jack_server_options_are_checked_before_jackd_runs(option):
    with pytest.raises(RangeError, match=next(iter(option))):
        JackServer("never-started", **option)


def test_the_test_server_runs_jack_realtime_where_the_system_allows_it(jack):
    """Where allowed (root, an rtprio limit), JACK's own threads run FIFO, and so do its
    clients' process threads: a receiver's cycle is then never late behind other work."""
    from livectl.midi.jack import realtime_allowed

    assert jack.pid is not None
    policies = {os.sched_getscheduler(int(tid)) for tid in os.listdir(f"/proc/{jack.pid}/task")}
    assert jack.realtime is realtime_allowed()
    assert (os.SCHED_FIFO in policies) is realtime_allowed(), policies
