"""The endpoint table's value types (:class:`Endpoint`, :class:`Arg`, :class:`Route`).

They live in livectl's remote script (``livectl.script.table``), which must load inside Live
with the standard library only; this module re-exports them for the rest of livectl.
"""

from __future__ import annotations

from livectl.script.table.endpoint import (
    INDEX_ARGS,
    Arg,
    Domain,
    Endpoint,
    Kind,
    Route,
    Verb,
)

__all__ = ["INDEX_ARGS", "Arg", "Domain", "Endpoint", "Kind", "Route", "Verb"]
