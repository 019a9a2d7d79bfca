"""livectl's MCP server: Ableton Live (or livectl's emulated Live) as tools for an AI
assistant, over the Model Context Protocol (the ``mcp`` extra: ``pip install 'livectl[mcp]'``).

    livectl mcp                      # stdio, for Claude Desktop, Cursor, VS Code...
    livectl mcp --emulator           # no Live needed: an emulated set inside the server
    livectl mcp --http 8765          # streamable HTTP on 127.0.0.1:8765/mcp

Each tool is a thin call over livectl's typed client (:mod:`livectl.mcp.tools`); the
server connects when a tool first needs Live and reconnects after Live went away
(:class:`LiveLink`). Nothing is sent anywhere but to Live: no telemetry of any kind.
"""

from __future__ import annotations

from livectl.mcp import tools
from livectl.mcp._link import LiveLink, LiveUnavailableError
from livectl.mcp._registry import TOOLS, Ctx, ToolSpec, build_server, tool
from livectl.mcp._serve import serve, tool_list_markdown

__all__ = [
    "TOOLS",
    "Ctx",
    "LiveLink",
    "LiveUnavailableError",
    "ToolSpec",
    "build_server",
    "serve",
    "tool",
    "tool_list_markdown",
    "tools",
]
