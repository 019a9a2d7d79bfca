"""A client process for test_session_processes: one session, one listener, events to stdout.

    python session_child.py PORT PROPERTY

Prints one JSON line per listener value it receives (``[address, args]``), pings every
0.2 s to keep its lease, and ends when its standard input closes.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from session_peer import SessionPeer


def main() -> None:
    port, prop = int(sys.argv[1]), sys.argv[2]
    client = SessionPeer(port, name=f"child-{prop}")
    client.connect()
    client.request(f"/live/song/start_listen/{prop}")
    for address, args in client.events:  # the value sent at once, met while waiting
        print(json.dumps([address, list(args)]), flush=True)
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    last_ping = 0.0
    while not stop.is_set():
        if time.monotonic() - last_ping > 0.2:
            client.peer.send("/livectl/ping", client.token)
            last_ping = time.monotonic()
        try:
            address, args = client.peer.next(timeout=0.1)
        except Exception:
            continue
        if address == "/livectl/evt":
            assert args[0] == client.token
            print(json.dumps([args[1], list(args[2:])]), flush=True)
    client.close()


if __name__ == "__main__":
    main()
