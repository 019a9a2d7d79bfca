"""A Live emulator: Live's object model in Python behind an AbletonOSC front end.

- :class:`Emulator` serves AbletonOSC over UDP (``with Emulator(port=0) as emu: emu.port``).
- :class:`EmulatorCore` is the same front end without I/O (datagrams in, datagrams out).
- ``emulator.lom`` is the Live Object Model; the AbletonOSC handlers are livectl's remote script's (``livectl.script``).
"""

from __future__ import annotations

from livectl.emulator.core import MAX_DATAGRAM, EmulatorCore, Faults, Outbound
from livectl.emulator.server import Emulator

__all__ = ["MAX_DATAGRAM", "Emulator", "EmulatorCore", "Faults", "Outbound"]
