"""livectl's remote script for Ableton Live: the AbletonOSC protocol and livectl's extensions.

This folder is a Live MIDI Remote Script. ``livectl script install`` copies it into Live's
User Library (``Remote Scripts/livectl``); Live then lists it as ``livectl`` among the
Control Surfaces and calls :func:`create_instance`. Inside Live it may use only Python's
standard library and Live's own modules, so it carries its own OSC codec (``osc``), its own
endpoint table (``table``), and handlers written against Live's API (``handlers``). The
livectl package imports the codec and the table from here, and livectl's emulator runs this
very script on its emulated Live: what the tests exercise is what users install.

Every import in this package is relative, and nothing here imports Live's modules at import
time, so ``import livectl.script`` works outside Live too.
"""

from __future__ import annotations

from typing import Any

__all__ = ["SCRIPT_NAME", "VERSION", "create_instance"]

SCRIPT_NAME = "livectl"
VERSION = "0.2.0"


def create_instance(c_instance: Any) -> Any:
    """Live's entry point: build the control surface for ``c_instance``."""
    from .surface import LivectlSurface

    return LivectlSurface(c_instance)
