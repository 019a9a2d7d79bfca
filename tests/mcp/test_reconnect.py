"""The server outlives Live: a separate ``livectl emulator`` process stopped between two calls
makes the tools say Live is not answering (with the fix), and a new one on the same port is
picked up by the next call, with no restart of the server."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from mcp_peer import REPO, call, fail, free_udp_port, mcp_session

pytestmark = pytest.mark.timeout(180)


def _emulator(port: int) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (env.get("PYTHONPATH"), str(REPO / "src"))
                                        if p)
    proc = subprocess.Popen(
        [sys.executable, "-m", "livectl", "emulator", "--port", str(port), "--tick-ms", "0",
         "--json"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline()  # printed once it listens
    assert str(port) in line, line
    return proc


def _stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    proc.wait(timeout=30)


@pytest.mark.slow
async def test_server_survives_live_going_away_and_coming_back() -> None:
    port = free_udp_port()
    first = _emulator(port)
    try:
        async with mcp_session("--port", str(port), "--timeout", "0.5") as session:
            made = await call(session, "create_track", name="Before")
            snap = await call(session, "get_set")
            assert snap["tracks"][made["track"]]["name"] == "Before"
            _stop(first)
            text = await fail(session, "get_set")
            assert f"Live is not answering at 127.0.0.1:{port}" in text
            assert "livectl script install" in text and "call the tool again" in text
            text = await fail(session, "create_track", name="Lost")
            assert "Live is not answering" in text
            second = _emulator(port)
            try:
                started = time.monotonic()
                snap = await call(session, "get_set")
                assert time.monotonic() - started < 10
                assert "Before" not in [t["name"] for t in snap["tracks"]]  # a new set
                assert snap["connected_to"] == "livectl's remote script"
                made = await call(session, "create_track", name="After")
                assert (await call(session, "get_set"))["tracks"][made["track"]]["name"] == \
                    "After"
            finally:
                _stop(second)
    finally:
        if first.poll() is None:
            _stop(first)


@pytest.mark.slow  # 6-16 s under load: started first (tests/conftest.py)
async def test_no_live_at_start_every_tool_says_so_and_the_server_stays() -> None:
    port = free_udp_port()  # nothing listens there
    async with mcp_session("--port", str(port), "--timeout", "0.3") as session:
        tools = (await session.list_tools()).tools
        assert len(tools) > 30  # listing needs no Live
        for name in ("get_set", "undo"):
            text = await fail(session, name)
            assert "Live is not answering" in text and "Control Surface" in text
        assert "Live is not answering" in await fail(session, "create_clip", track=0, slot=0)
