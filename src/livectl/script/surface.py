"""The control surface Live loads: livectl's script, serving OSC on Live's tick.

Live calls ``create_instance(c_instance)`` (in ``__init__.py``), which builds a
:class:`LivectlSurface`. It binds UDP 11000 (replies to 11001, as AbletonOSC), sends
``/live/startup``, and polls its socket once per Live tick through ``schedule_message``.
If the port is taken it says so in Live's status bar and does nothing else (AbletonOSC's
behaviour), so two scripts never fight over one port.

An emulator may hand options to the script through ``c_instance.livectl_options`` (a dict;
Live's own c_instance has no such attribute, so inside Live every default holds):
``host``, ``port``, ``reply_port``, ``reply_to_source_port``, ``max_datagram``,
``structure_dir``, ``lease_s`` (livectl sessions' lease), ``extensions`` (address -> handler served after the table's) and
``wrap_sink`` (a function that wraps the socket's send, e.g. to inject faults).
"""

from __future__ import annotations

import logging
from typing import Any

import Live
from ableton.v2.control_surface import ControlSurface

from . import SCRIPT_NAME, VERSION
from .dispatch import MAX_DATAGRAM, Dispatcher
from .server import DEFAULT_HOST, DEFAULT_PORT, DEFAULT_REPLY_PORT, SocketServer

__all__ = ["LivectlSurface"]

log = logging.getLogger(__name__)


class LivectlSurface(ControlSurface):  # type: ignore[misc]
    """livectl's remote script: AbletonOSC's protocol (and livectl's) on Live's tick."""

    def __init__(self, c_instance: Any) -> None:
        ControlSurface.__init__(self, c_instance)
        options: dict[str, Any] = dict(getattr(c_instance, "livectl_options", None) or {})
        self.server: SocketServer | None = None
        self.dispatcher: Dispatcher | None = None
        port = int(options.get("port", DEFAULT_PORT))
        try:
            server = SocketServer(str(options.get("host", DEFAULT_HOST)), port)
        except OSError as exc:
            self.show_message(f"{SCRIPT_NAME}: Couldn't bind to port {port} ({exc})")
            log.info("could not bind to port %d: %s", port, exc)
            return
        sink = server.sendto
        wrap = options.get("wrap_sink")
        if wrap is not None:
            sink = wrap(sink)
        dispatcher = Dispatcher(
            lambda: self.song,
            lambda: self.application,
            Live,
            sink,
            reply_port=int(options.get("reply_port", DEFAULT_REPLY_PORT)),
            reply_to_source_port=bool(options.get("reply_to_source_port", False)),
            max_datagram=int(options.get("max_datagram", MAX_DATAGRAM)),
            extensions=options.get("extensions"),
            on_status=self.show_message,
            version=VERSION,
            lease_s=options.get("lease_s"),
        )
        if options.get("structure_dir"):
            dispatcher.ctx.structure_dir = str(options["structure_dir"])
        dispatcher.ctx.rebuild_midi_map = self.request_rebuild_midi_map
        server.dispatcher = dispatcher
        self.server, self.dispatcher = server, dispatcher
        dispatcher.startup()
        self.schedule_message(1, self._tick)
        self.show_message(
            f"{SCRIPT_NAME} {VERSION}: Listening for OSC on port {server.address[1]}"
        )

    # -- Live's tick ----------------------------------------------------------------------------

    def _tick(self) -> None:
        try:
            self.poll()
        finally:
            self.schedule_message(1, self._tick)

    def poll(self, *, every_batch: bool = False) -> int:
        """Read and handle what arrived since the last tick (an emulator may call it sooner,
        and with ``every_batch`` run batch after batch until nothing waits)."""
        if self.server is None:
            return 0
        return self.server.poll(every_batch=every_batch)

    @property
    def port(self) -> int | None:
        """The UDP port the script listens on (None if it could not bind)."""
        return None if self.server is None else self.server.address[1]

    # -- what Live calls --------------------------------------------------------------------

    def build_midi_map(self, midi_map_handle: Any) -> None:
        """Map every (channel, cc) of /live/midimap/map_cc to its parameter."""
        if self.dispatcher is None:
            return
        for (channel, cc), parameter in self.dispatcher.ctx.midi_mappings.items():
            Live.MidiMap.map_midi_cc(
                midi_map_handle, parameter, channel, cc, Live.MidiMap.MapMode.absolute, True
            )

    def disconnect(self) -> None:
        if self.dispatcher is not None:
            self.dispatcher.clear_state()
        if self.server is not None:
            self.server.close()
            self.server = None
        ControlSurface.disconnect(self)
