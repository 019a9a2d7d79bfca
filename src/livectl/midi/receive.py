"""MIDI input: ``open_input()`` gives a :class:`MIDIInput` that stamps each message with
``time.perf_counter_ns()`` on arrival, in rtmidi's thread (the monitor, the timing tests and
the benchmark use it). On Linux ``perf_counter_ns`` is CLOCK_MONOTONIC, so stamps compare
across processes.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from livectl.midi._backend import Backend
from livectl.midi.messages import Message, from_bytes
from livectl.midi.ports import _resolve

__all__ = ["MIDIInput", "ReceivedMessage", "open_input"]


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
        self._raw = backend.open_input(
            index=index, virtual_name=virtual_name, client_name=client_name, port_name="in",
            callback=self._on_message, receive_timing=receive_timing, receive_sysex=False,
        )

    def _on_message(self, event: tuple[list[int], float], data: Any = None) -> None:
        # Runs in rtmidi's thread: stamp first, then hand over.
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
