"""The integer enumerations of AbletonOSC/Live (spec §9), from livectl's remote script."""

from __future__ import annotations

from livectl.script.table.enums import *  # noqa: F403
from livectl.script.table.enums import __all__ as __all__
