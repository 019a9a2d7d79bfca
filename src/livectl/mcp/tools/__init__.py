"""The MCP tools, one module per part of the set; importing this registers them all, in
the order ``tools/list`` shows them (the set, tracks, clips and notes, devices, the
arrangement and automation, livectl's generators)."""

from __future__ import annotations

from livectl.mcp.tools import song  # isort: skip
from livectl.mcp.tools import tracks  # isort: skip
from livectl.mcp.tools import clips  # isort: skip
from livectl.mcp.tools import devices  # isort: skip
from livectl.mcp.tools import arrangement  # isort: skip
from livectl.mcp.tools import generate  # isort: skip

__all__ = ["arrangement", "clips", "devices", "generate", "song", "tracks"]
