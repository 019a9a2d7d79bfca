"""The echo surface: observes tempo, makes clips and notes, answers over UDP.

Requests are JSON objects, one per datagram; each gets one JSON reply to its sender:

- ``{"cmd": "ping"}`` -> ``{"ok": true, "pong": true}``
- ``{"cmd": "tempo"}`` -> ``{"ok": true, "tempo": 120.0, "seen": [...tempo changes...]}``
- ``{"cmd": "set_tempo", "bpm": 90}`` -> ``{"ok": true}`` (the tempo listener then pushes
  ``{"event": "tempo", "value": 90.0}`` to the last sender)
- ``{"cmd": "clip", "track": 0, "slot": 1, "length": 4, "name": "x",
  "notes": [[pitch, start, duration, velocity], ...]}`` -> ``{"ok": true, "notes": n}``
- anything that fails -> ``{"ok": false, "error": "..."}``
"""

import json
import socket

import Live
from _Framework.ControlSurface import ControlSurface


class EchoSurface(ControlSurface):
    def __init__(self, c_instance):
        ControlSurface.__init__(self, c_instance)
        self._peer = None
        self.tempo_changes = []
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._socket.setblocking(False)
        self._socket.bind(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self.song().add_tempo_listener(self._on_tempo)
        self.schedule_message(1, self._poll)
        version = Live.Application.get_application().get_major_version()
        self.show_message(f"echo_surface listening on 127.0.0.1:{self.port}")
        self.log_message("echo_surface started on Live", version)

    def _on_tempo(self):
        tempo = self.song().tempo
        self.tempo_changes.append(tempo)
        if self._peer is not None:
            self._send({"event": "tempo", "value": tempo}, self._peer)

    def _poll(self):
        # Read everything queued since the last tick, then come back next tick.
        while True:
            try:
                data, peer = self._socket.recvfrom(65536)
            except BlockingIOError:
                break
            except OSError:
                return  # socket closed by disconnect()
            self._peer = peer
            try:
                reply = self._handle(json.loads(data.decode("utf-8")))
            except Exception as exc:
                reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
            self._send(reply, peer)
        self.schedule_message(1, self._poll)

    def _send(self, message, peer):
        self._socket.sendto(json.dumps(message).encode("utf-8"), peer)

    def _handle(self, request):
        cmd = request["cmd"]
        song = self.song()
        if cmd == "ping":
            return {"ok": True, "pong": True}
        if cmd == "tempo":
            return {"ok": True, "tempo": song.tempo, "seen": list(self.tempo_changes)}
        if cmd == "set_tempo":
            song.tempo = float(request["bpm"])
            return {"ok": True}
        if cmd == "clip":
            slot = song.tracks[request["track"]].clip_slots[request["slot"]]
            clip = slot.create_clip(float(request["length"]))
            clip.name = request.get("name", "")
            specs = tuple(
                Live.Clip.MidiNoteSpecification(pitch=p, start_time=s, duration=d, velocity=v)
                for p, s, d, v in request.get("notes", ())
            )
            clip.add_new_notes(specs)
            return {"ok": True, "notes": len(clip.get_notes_extended(0, 128, -8192.0, 16384.0))}
        raise ValueError(f"unknown cmd {cmd!r}")

    def disconnect(self):
        song = self.song()
        if song.tempo_has_listener(self._on_tempo):
            song.remove_tempo_listener(self._on_tempo)
        self._socket.close()
        ControlSurface.disconnect(self)
