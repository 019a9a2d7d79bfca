import json
import socket

from ableton.v2.control_surface import ControlSurface
from ableton.v2.control_surface.component import Component


class TransportWatcher(Component):
    def __init__(self):
        super().__init__()
        self.changes = []
        self.song.add_is_playing_listener(self._on_playing)

    def _on_playing(self):
        self.changes.append(self.song.is_playing)

    def disconnect(self):
        self.song.remove_is_playing_listener(self._on_playing)


class Manager(ControlSurface):
    def __init__(self, c_instance):
        ControlSurface.__init__(self, c_instance)
        with self.component_guard():
            self.watcher = TransportWatcher()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setblocking(False)
        self.sock.bind(("127.0.0.1", 0))
        self.schedule_message(0, self.tick)
        self.show_message(f"v2_surface on 127.0.0.1:{self.sock.getsockname()[1]}")

    def tick(self):
        while True:
            try:
                data, peer = self.sock.recvfrom(65536)
            except (BlockingIOError, OSError):
                break
            request = json.loads(data)
            if "set" in request:
                setattr(self.song, request["set"], request["value"])
            if "fire" in request:
                track, slot = request["fire"]
                self.song.tracks[track].clip_slots[slot].fire()
            reply = {"tempo": self.song.tempo, "playing": self.song.is_playing,
                     "changes": self.watcher.changes,
                     "version": self.application.get_major_version()}
            self.sock.sendto(json.dumps(reply).encode(), peer)
        self.schedule_message(1, self.tick)

    def disconnect(self):
        self.sock.close()
        super().disconnect()
