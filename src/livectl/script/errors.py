"""The exceptions livectl's remote script raises (standard library only).

The script runs inside Live, where the livectl package is not installed, so it cannot use
:mod:`livectl.errors`; the livectl package translates these at its boundary
(``livectl.protocol``), so users only ever see livectl's own exception tree::

    ScriptError                 base
    ├── UnknownAddress (LookupError)   no such address / endpoint in the table
    └── OSCError (ValueError)          a datagram that is not valid OSC, or a value OSC cannot carry
"""

from __future__ import annotations

__all__ = ["OSCError", "ScriptError", "UnknownAddress"]


class ScriptError(Exception):
    """Base of the exceptions livectl's remote script raises."""


class UnknownAddress(ScriptError, LookupError):
    """An address or endpoint name that the endpoint table does not have."""


class OSCError(ScriptError, ValueError):
    """A datagram that is not valid OSC, or a value that OSC cannot carry."""
