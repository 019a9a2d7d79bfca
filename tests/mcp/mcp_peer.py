"""Helpers of the MCP tests: ``livectl mcp`` as a subprocess, driven by the mcp SDK's own
stdio client; a livectl client on the same (emulated) set checks what the tools did."""

from __future__ import annotations

import json
import os
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from mcp import ClientSession, StdioServerParameters, stdio_client
from mcp.types import CallToolResult

REPO = Path(__file__).resolve().parents[2]


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_params(*args: str) -> StdioServerParameters:
    env = {k: v for k, v in os.environ.items()}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (env.get("PYTHONPATH"), str(REPO / "src")) if p)
    return StdioServerParameters(command=sys.executable, args=["-m", "livectl", "mcp", *args],
                                 env=env, cwd=str(REPO))


@asynccontextmanager
async def mcp_session(*args: str) -> AsyncIterator[ClientSession]:
    errlog = open(os.devnull, "w")
    try:
        async with stdio_client(server_params(*args), errlog=errlog) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                yield session
    finally:
        errlog.close()


async def call(session: ClientSession, name: str, /, **arguments: Any) -> Any:
    """Call a tool that must succeed; its JSON answer (or text, or the result for images)."""
    result = await session.call_tool(name, arguments)
    assert not result.is_error, f"{name}({arguments}): {text_of(result)}"
    if result.content and result.content[0].type == "text":
        text = text_of(result)
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text
    return result


async def fail(session: ClientSession, name: str, /, **arguments: Any) -> str:
    """Call a tool that must fail; the error text."""
    result = await session.call_tool(name, arguments)
    assert result.is_error, f"{name}({arguments}) should have failed: {text_of(result)}"
    return text_of(result)


def text_of(result: CallToolResult) -> str:
    return "\n".join(c.text for c in result.content if c.type == "text")
