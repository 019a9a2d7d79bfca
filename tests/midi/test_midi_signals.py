"""Every note-on gets its note-off when a playing process is interrupted, killed or crashes.

A child Python plays long notes into our receiving JACK port. We wait (on the port, not on a
timer) until its notes sound, interrupt it, and check that note-ons and note-offs balance.
"""

from __future__ import annotations

import signal
import subprocess
import textwrap

import pytest

from livectl.midi import ControlChange, Sequencer, SequencerProcess

pytestmark = pytest.mark.jack

MARKER = (0xB0, 99, 1)  # sent once every note of the child is sounding

CHILD = textwrap.dedent(
    """
    import os, sys, time
    from livectl.midi import ControlChange, Sequencer, open_output, release_notes_on_signals

    mode = sys.argv[1]
    if sys.argv[2] == "guarded":
        release_notes_on_signals()
    seq = Sequencer(120)
    seq.add_note(0, 60, 100, 100)
    seq.add_chord(0.05, [64, 67], 90, 100, channel=2)
    seq.add(0.1, ControlChange(99, 1))
    seq.add_note(90, 72)  # far away: the run is still going when the signal comes
    if mode in ("play", "thread"):
        with open_output(os.environ["RX_PORT"], client_name=os.environ["TX_NAME"]) as out:
            if mode == "play":
                seq.play(out)
            else:
                seq.start(out)
                seq.wait()
    elif mode in ("crash", "exit"):
        out = open_output(os.environ["RX_PORT"], client_name=os.environ["TX_NAME"])  # no with
        out.note_on(60)
        out.chord_on([64, 67], 90, channel=2)
        out.send(ControlChange(99, 1))
        if mode == "crash":
            raise RuntimeError("uncaught, port never closed")
    elif mode == "catch":  # a program that handles Ctrl-C itself and plays on
        with open_output(os.environ["RX_PORT"], client_name=os.environ["TX_NAME"]) as out:
            out.note_on(60)
            out.chord_on([64, 67], 90, channel=2)
            out.send(ControlChange(99, 1))
            try:
                time.sleep(60)
            except KeyboardInterrupt:
                out.send(ControlChange(99, 2))  # the port is still open: the guard is opt-in
    """
)


def _run_child(python, python_env, receiver, mode, tmp_path, guards="guarded"):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    env = dict(python_env, RX_PORT=receiver.port_name, TX_NAME=f"child-{mode}")
    return subprocess.Popen([python, str(script), mode, guards], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _assert_all_released(receiver, proc):
    assert receiver.wait_for(lambda ms: len(ms) >= 7 and not receiver.balance(), timeout_s=10), (
        f"open notes {receiver.balance()} after {receiver.data()}; child stderr:\n"
        f"{proc.stderr.read() if proc.stderr else ''}"
    )
    offs = sorted(d for d in receiver.data() if d[0] & 0xF0 == 0x80)
    assert offs == [(0x80, 60, 0), (0x81, 64, 0), (0x81, 67, 0)]


@pytest.mark.parametrize(
    ("sig", "mode", "code"),
    [
        (signal.SIGINT, "play", -signal.SIGINT),  # KeyboardInterrupt, then Python dies by SIGINT
        (signal.SIGTERM, "play", 128 + signal.SIGTERM),  # our guard: SystemExit(143)
        (signal.SIGTERM, "thread", 128 + signal.SIGTERM),
        (signal.SIGINT, "thread", -signal.SIGINT),
    ],
)
def test_signal_to_a_playing_process_releases_its_notes(
    python, python_env, receiver, tmp_path, sig, mode, code
):
    proc = _run_child(python, python_env, receiver, mode, tmp_path)
    try:
        assert receiver.wait_for(lambda ms: MARKER in [m.data for m in ms], timeout_s=20), (
            proc.communicate(timeout=5)
        )
        assert receiver.balance() == {(1, 60): 1, (2, 64): 1, (2, 67): 1}
        proc.send_signal(sig)
        assert proc.wait(timeout=15) == code
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    _assert_all_released(receiver, proc)


@pytest.mark.parametrize(("mode", "code"), [("crash", 1), ("exit", 0)])
def test_uncaught_exception_or_plain_exit_releases_notes_at_interpreter_exit(
    python, python_env, receiver, tmp_path, mode, code
):
    proc = _run_child(python, python_env, receiver, mode, tmp_path)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == code, err
    if mode == "crash":
        assert "uncaught, port never closed" in err
    _assert_all_released(receiver, proc)


def test_sigterm_to_a_sequencer_process_releases_its_notes(receiver):
    seq = Sequencer(120)
    seq.add_note(0, 60, 100, 100)
    seq.add_chord(0.05, [64, 67], 90, 100, channel=2)
    seq.add(0.1, ControlChange(99, 1))
    proc = SequencerProcess(seq.spec(), receiver.port_name, api="jack", client_name="seqproc")
    proc.start()
    assert receiver.wait_for(lambda ms: MARKER in [m.data for m in ms], timeout_s=10)
    proc.terminate()
    assert not proc.is_running
    assert receiver.wait_for(lambda ms: not receiver.balance(), timeout_s=10), receiver.data()


def test_a_ctrl_c_the_program_catches_leaves_its_ports_open_without_the_opt_in(
    python, python_env, receiver, tmp_path
):
    """Before: open_output() installed a SIGINT handler, so a Ctrl-C the program caught had
    already closed every port (the program's own CC after it was refused)."""
    proc = _run_child(python, python_env, receiver, "catch", tmp_path, guards="plain")
    try:
        assert receiver.wait_for(lambda ms: MARKER in [m.data for m in ms], timeout_s=20), (
            proc.communicate(timeout=5)
        )
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    _assert_all_released(receiver, proc)  # by the program's own ``with``, afterwards
    data = receiver.data()
    caught = data.index((0xB0, 99, 2))
    first_off = min(i for i, d in enumerate(data) if d[0] & 0xF0 == 0x80)
    assert caught < first_off  # the program ran its handler with the notes still sounding


def test_opening_a_port_leaves_the_signal_handlers_alone(receiver):
    from midi_helpers import unique

    from livectl.midi import open_output

    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    with open_output(receiver.port_name, api="jack", client_name=unique("tx")):
        assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
