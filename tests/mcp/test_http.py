"""``livectl mcp --http PORT``: streamable HTTP on 127.0.0.1, driven by the SDK's own
streamable HTTP client."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp_peer import REPO, text_of

pytestmark = pytest.mark.timeout(120)


def _free_tcp_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow  # 6-16 s under load: started first (tests/conftest.py)
async def test_streamable_http_on_loopback() -> None:
    port = _free_tcp_port()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (env.get("PYTHONPATH"), str(REPO / "src"))
                                        if p)
    proc = subprocess.Popen([sys.executable, "-m", "livectl", "mcp", "--emulator", "--tick-ms",
                             "0", "--http", str(port)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:  # poll until it listens (no event to await across processes)
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert proc.poll() is None, "livectl mcp --http exited"
                assert time.monotonic() < deadline, "livectl mcp --http did not listen"
                time.sleep(0.05)
        async with streamable_http_client(f"http://127.0.0.1:{port}/mcp") as streams:
            async with ClientSession(streams[0], streams[1]) as session:
                await session.initialize()
                assert "get_set" in {t.name for t in (await session.list_tools()).tools}
                result = await session.call_tool("create_track", {"name": "Over HTTP"})
                assert not result.is_error, text_of(result)
                result = await session.call_tool("get_set", {})
                assert "Over HTTP" in text_of(result)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
