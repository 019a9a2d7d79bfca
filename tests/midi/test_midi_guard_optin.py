"""``release_notes_on_signals()``: opt-in, idempotent, main thread only, keeps a program's
own handlers. (What the handlers do to a playing process: test_midi_signals.py.)"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator

import pytest

from livectl.errors import MIDIError
from livectl.midi import guard, release_notes_on_signals


@pytest.fixture
def saved_handlers() -> Iterator[None]:
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)


def test_installs_over_the_defaults_once(saved_handlers):
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    assert release_notes_on_signals() == [signal.SIGINT, signal.SIGTERM]
    assert signal.getsignal(signal.SIGINT) is guard._on_sigint
    assert signal.getsignal(signal.SIGTERM) is guard._on_sigterm
    assert release_notes_on_signals() == [signal.SIGINT, signal.SIGTERM]  # idempotent


def test_a_programs_own_handler_is_kept(saved_handlers):
    def mine(signum: int, frame: object) -> None:
        pass

    signal.signal(signal.SIGINT, mine)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    assert release_notes_on_signals() == [signal.SIGTERM]
    assert signal.getsignal(signal.SIGINT) is mine


def test_from_another_thread_it_is_refused_with_the_reason(saved_handlers):
    errors: list[BaseException] = []

    def call() -> None:
        try:
            release_notes_on_signals()
        except BaseException as exc:
            errors.append(exc)

    t = threading.Thread(target=call)
    t.start()
    t.join()
    assert len(errors) == 1 and isinstance(errors[0], MIDIError)
    assert str(errors[0]) == ("release_notes_on_signals() must be called from the main thread "
                              "(only it may set signal handlers)")
