"""What every handler sees: the Live engine, the async send path, listener bookkeeping.

A handler is ``(ctx, args) -> tuple | None``: decoded OSC arguments in, a reply tuple out (sent
on the same address) or ``None`` (no reply). Exceptions are the server's business: it turns
them into ``/live/error`` exactly as AbletonOSC does.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Context", "Handler", "ListenerEntry"]

log = logging.getLogger(__name__)

Handler = Callable[["Context", list[Any]], "tuple[Any, ...] | None"]
SendFn = Callable[[str, tuple[Any, ...]], None]


@dataclass
class ListenerEntry:
    """One registered Live listener: the object, the property observed and the callback."""

    target: Any
    prop: str
    callback: Callable[[], None]


@dataclass
class Context:
    """State AbletonOSC's handler objects keep between messages, for one server."""

    # Live's song and application (a remote script asks its c_instance for them each time:
    # Live replaces the Song object when another set is loaded), and the ``Live`` module.
    get_song: Callable[[], Any]
    get_application: Callable[[], Any]
    live: Any
    send: SendFn
    # Logs an ERROR the way AbletonOSC's logger does: becomes /live/error, batch goes on.
    emit_error: Callable[[str], None]
    # (domain, prop, params) -> entry, like each AbletonOSC handler's listener_functions.
    listeners: dict[tuple[str, str, tuple[Any, ...]], ListenerEntry] = field(default_factory=dict)
    log_level: str = "info"
    status_message: str = ""
    # (channel, cc) -> DeviceParameter; survives /live/api/reload like manager.midi_mappings.
    midi_mappings: dict[tuple[int, int], Any] = field(default_factory=dict)
    beat_last_time: float = -1.0
    beat_callback: Callable[[], None] | None = None
    # The clip-name filter cache, [track][slot] -> pitch classes: built once and never
    # refreshed (quirk §13 #14).
    filter_cache: list[list[tuple[int | None, ...]]] | None = None
    structure_dir: str = field(default_factory=tempfile.gettempdir)
    # Live's request_rebuild_midi_map, after /live/midimap/map_cc changed the mappings.
    rebuild_midi_map: Callable[[], None] | None = None
    # id(clip) -> (clip, notes it may hold): an upper bound kept by the note bound of
    # handlers.clip.check_room, so that a page need not count the clip's notes every time.
    note_counts: dict[int, tuple[Any, int]] = field(default_factory=dict)

    def error(self, log_text: str) -> None:
        """Log at ERROR like AbletonOSC: /live/error gets the text after its first ": "."""
        _, sep, rest = log_text.partition(": ")
        self.emit_error(rest if sep else log_text)

    @property
    def song(self) -> Any:
        return self.get_song()

    @property
    def application(self) -> Any:
        return self.get_application()

    def clear_listeners(self) -> None:
        """Remove every Live listener (AbletonOSC's clear_api on reload/restart)."""
        for entry in list(self.listeners.values()):
            try:
                getattr(entry.target, f"remove_{entry.prop}_listener")(entry.callback)
            except Exception:  # the object may be gone; Live ignores that too
                log.debug("could not remove %s listener", entry.prop, exc_info=True)
        self.listeners.clear()
        if self.beat_callback is not None:
            try:
                self.song.remove_current_song_time_listener(self.beat_callback)
            except Exception:
                log.debug("could not remove the beat listener", exc_info=True)
            self.beat_callback = None
