"""MIDI input: ``open_input()`` gives a :class:`MIDIInput` that stamps each message with
``time.perf_counter_ns()`` on arrival (the monitor, the timing tests and the benchmark use
it). On Linux ``perf_counter_ns`` is CLOCK_MONOTONIC, so stamps compare across processes.

With JACK, Python never runs in JACK's process thread. A JACK input port with one connection
reads the sender's own buffer (zero copy), and a JACK2 server (asynchronous by default)
starts the sender's next cycle without waiting for a late receiver: the sender then clears
and refills that buffer while the receiver is still reading it. RtMidi ignores the error
``jack_midi_event_get`` then returns and hands over its previous event again, so a receiver
late by one period got the first event of that cycle repeated and lost the others (jackd2
1.9.21, python-rtmidi 1.5.8: four note-offs in one cycle arrived as one note-off four
times). A Python callback is late whenever it waits for the GIL. So on JACK rtmidi queues
each message itself (C++, no GIL) and a reader thread here takes them from that queue
every ``JACK_POLL_S``; stamps are taken there, at most that much after arrival plus the
thread's wake-up. ALSA and CoreMIDI queue in their own threads, so they keep rtmidi's
callback and its stamp at arrival.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from livectl.midi._backend import Backend
from livectl.midi.messages import Message, from_bytes
from livectl.midi.ports import _resolve

__all__ = ["JACK_POLL_S", "MIDIInput", "ReceivedMessage", "open_input"]

# How often the JACK reader thread looks into rtmidi's queue: well inside a JACK period
# (5.3 ms at 256 frames and 48 kHz), at ~2 % of a core while the port is open.
JACK_POLL_S = 0.0005


@dataclass(frozen=True)
class ReceivedMessage:
    """Raw bytes as they arrived, and ``time.perf_counter_ns()`` in the receiving callback."""

    data: tuple[int, ...]
    time_ns: int

    @property
    def message(self) -> Message:
        return from_bytes(self.data)


class MIDIInput:
    """An open input port. Messages go to ``callback(ReceivedMessage)`` or to a queue
    read with :meth:`receive`."""

    def __init__(self, backend: Backend, *, index: int | None, virtual_name: str | None,
                 name: str, client_name: str,
                 callback: Callable[[ReceivedMessage], None] | None,
                 receive_timing: bool) -> None:
        self.name = name
        self.api = backend.api
        self.is_virtual = virtual_name is not None
        self._queue: queue.SimpleQueue[ReceivedMessage] = queue.SimpleQueue()
        self._callback = callback
        self._closed = False
        self._stopping = threading.Event()
        self._close_in_reader = False
        polled = backend.api == "jack"  # see the module's docstring
        self._raw = backend.open_input(
            index=index, virtual_name=virtual_name, client_name=client_name, port_name="in",
            callback=None if polled else self._on_message, receive_timing=receive_timing,
            receive_sysex=False,
        )
        self._reader: threading.Thread | None = None
        if polled:
            self._reader = threading.Thread(target=self._read, name=f"livectl-midi-in {name}",
                                            daemon=True)
            self._reader.start()

    def _read(self) -> None:
        """The JACK reader thread: hand over what rtmidi queued, until close()."""
        get_message = self._raw.get_message
        while not self._stopping.is_set():
            event = get_message()
            if event is None:
                time.sleep(JACK_POLL_S)
            else:
                self._on_message(event)
        if self._close_in_reader:  # close() was called by the callback, in this thread
            self._close_raw()

    def _on_message(self, event: tuple[list[int], float], data: Any = None) -> None:
        # Runs in rtmidi's thread (the reader thread on JACK): stamp first, then hand over.
        stamped = ReceivedMessage(tuple(event[0]), time.perf_counter_ns())
        if self._callback is not None:
            self._callback(stamped)
        else:
            self._queue.put(stamped)

    def receive(self, timeout_s: float | None = None) -> ReceivedMessage | None:
        """The next message, or None when ``timeout_s`` passes first."""
        try:
            return self._queue.get(timeout=timeout_s)
        except queue.Empty:
            return None

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        reader = self._reader
        if reader is not None:
            self._stopping.set()
            if reader is threading.current_thread():
                self._close_in_reader = True  # the reader closes once the callback returns
                return
            reader.join()
        self._close_raw()

    def _close_raw(self) -> None:
        if self._reader is None:
            self._raw.cancel_callback()
        self._raw.close_port()
        self._raw.delete()

    def __enter__(self) -> MIDIInput:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        kind = "virtual " if self.is_virtual else ""
        return f"<MIDIInput {kind}{self.name!r} api={self.api}>"


def open_input(
    name_or_index: int | str | None = None,
    api: str | None = None,
    virtual_name: str | None = None,
    *,
    callback: Callable[[ReceivedMessage], None] | None = None,
    client_name: str = "livectl-in",
    receive_timing: bool = True,
) -> MIDIInput:
    """Open an input port by index or name (substring), or create ``virtual_name``."""
    backend = Backend.choose(api)
    names = backend.input_names() if virtual_name is None else []
    index, name = _resolve(backend, names, name_or_index, virtual_name, "input")
    return MIDIInput(backend, index=index, virtual_name=virtual_name, name=name,
                     client_name=client_name, callback=callback, receive_timing=receive_timing)
