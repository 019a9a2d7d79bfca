"""Replies from hosts other than the one addressed are ignored (real UDP, 127.0.0.2 as the
stranger; Linux routes all of 127/8 to loopback)."""

from __future__ import annotations

import socket
import threading
from typing import Any

from livectl.client import connect
from livectl.protocol import decode_message, encode_message


def test_a_reply_from_another_host_is_ignored(reply_port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as server, \
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as stranger:
        server.bind(("127.0.0.1", 0))
        server.settimeout(5.0)
        stranger.bind(("127.0.0.2", 0))
        result: dict[str, Any] = {}
        with connect(port=server.getsockname()[1], reply_port=reply_port, timeout=3.0,
                     protocol="abletonosc") as live:  # a fake AbletonOSC
            asker = threading.Thread(target=lambda: result.update(tempo=live.song.tempo))
            asker.start()
            request = decode_message(server.recv(65536))  # the client's request is out
            assert request.address == "/live/song/get/tempo"
            stranger.sendto(encode_message("/live/song/get/tempo", (666.0, *request.args)),
                            ("127.0.0.1", reply_port))
            stranger.sendto(encode_message("/live/error", ("forged",)), ("127.0.0.1", reply_port))
            # As AbletonOSC does, the getter echoes the extra argument (the client's token).
            server.sendto(encode_message("/live/song/get/tempo", (120.0, *request.args)),
                          ("127.0.0.1", reply_port))
            asker.join(5.0)
            assert result == {"tempo": 120.0}
            assert live._engine.core.ignored_foreign == 2


def test_a_reply_from_another_port_of_the_peer_host_is_ignored(reply_port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as server, \
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as stranger:
        server.bind(("127.0.0.1", 0))
        server.settimeout(5.0)
        stranger.bind(("127.0.0.1", 0))  # same host, another port: not the peer
        result: dict[str, Any] = {}
        with connect(port=server.getsockname()[1], reply_port=reply_port, timeout=3.0,
                     protocol="abletonosc") as live:  # a fake AbletonOSC
            asker = threading.Thread(target=lambda: result.update(tempo=live.song.tempo))
            asker.start()
            request = decode_message(server.recv(65536))
            stranger.sendto(encode_message("/live/song/get/tempo", (666.0, *request.args)),
                            ("127.0.0.1", reply_port))
            server.sendto(encode_message("/live/song/get/tempo", (120.0, *request.args)),
                          ("127.0.0.1", reply_port))
            asker.join(5.0)
            assert result == {"tempo": 120.0}
            assert live._engine.core.ignored_foreign == 1
