"""A script in AbletonOSC's style: ableton.v2 ControlSurface/Component with ``song`` properties."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

from livectl.emulator.host import RemoteScriptHost
from livectl.emulator.lom import LiveEngine

SCRIPT = Path(__file__).parent / "scripts" / "v2_surface"


def test_v2_script_sets_song_properties_and_observes_transport() -> None:
    engine = LiveEngine()
    engine.song.tracks[0].clip_slots[0].create_clip(4.0)
    with RemoteScriptHost(engine, SCRIPT) as host, socket.socket(
        socket.AF_INET, socket.SOCK_DGRAM
    ) as client:
        port = int(re.search(r":(\d+)$", host.messages[-1]).group(1))  # type: ignore[union-attr]
        client.bind(("127.0.0.1", 0))
        client.settimeout(5.0)
        client.sendto(b'{"set": "tempo", "value": 99}', ("127.0.0.1", port))
        client.sendto(b'{"fire": [0, 0]}', ("127.0.0.1", port))
        host.tick()  # one Live tick handles both queued datagrams, in order
        first = json.loads(client.recvfrom(65536)[0])
        second = json.loads(client.recvfrom(65536)[0])
        assert first == {"tempo": 99.0, "playing": False, "changes": [], "version": 12}
        assert second["playing"] is True and second["changes"] == [True]
        assert engine.song.tracks[0].playing_slot_index == 0
        watcher = host.instance.watcher
    assert not engine.song.is_playing_has_listener(watcher._on_playing)  # disconnected
