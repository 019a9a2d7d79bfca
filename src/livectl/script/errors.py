"""The exceptions livectl's remote script raises (standard library only).

The script runs inside Live, where the livectl package is not installed, so it cannot use
:mod:`livectl.errors`; the livectl package translates these at its boundary
(``livectl.protocol``), so users only ever see livectl's own exception tree::

    ScriptError                 base
    ├── UnknownAddress (LookupError)   no such address / endpoint in the table
    ├── UnsupportedPattern (ValueError) a wildcard address with regex syntax, or too long
    ├── LimitError (ValueError)        a request past one of the script's bounds
    └── OSCError (ValueError)          a datagram that is not valid OSC, or a value OSC cannot carry
"""

from __future__ import annotations

__all__ = ["LimitError", "OSCError", "ScriptError", "UnknownAddress", "UnsupportedPattern"]


class ScriptError(Exception):
    """Base of the exceptions livectl's remote script raises."""


class UnknownAddress(ScriptError, LookupError):
    """An address or endpoint name that the endpoint table does not have."""


class OSCError(ScriptError, ValueError):
    """A datagram that is not valid OSC, or a value that OSC cannot carry."""


class UnsupportedPattern(ScriptError, ValueError):
    """A wildcard address with regex syntax (AbletonOSC would run it as a regex), or too long."""


class LimitError(ScriptError, ValueError):
    """A request past one of the script's bounds (notes per clip, listeners, sizes)."""
