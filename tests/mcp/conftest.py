"""The MCP tests need the mcp extra (scripts/setup installs it); mcp_peer.py holds their
helpers (pytest's importlib mode does not put test folders on sys.path, so it goes here)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
