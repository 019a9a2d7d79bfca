"""The emulator's control namespace, outside ``/live/`` (AbletonOSC cannot load devices).

Each address replies on the same address to the sender:

- ``/emulator/reset`` -> ``("ok",)``: back to Live 12's default set, listeners kept.
- ``/emulator/snapshot`` -> the whole set as JSON. If the text fits in ``SNAPSHOT_CHUNK``
  characters the reply is ``(json,)``; otherwise several replies ``(index, count, chunk)``
  whose chunks, joined in index order, are the JSON text.
- ``/emulator/load json`` or ``/emulator/load index count chunk`` (the same chunking, for
  sets bigger than one datagram) -> ``("ok",)`` once loaded, ``(index, count)`` per partial chunk.
- ``/emulator/add_device t name class_name type [pname value min max quantized]...``
  -> ``(t, device_index)``.
- ``/emulator/faults drop delay_s delay_share [seed]`` -> ``(drop, delay_s, delay_share)``:
  drop a share of ``/live/`` replies, delay another share by ``delay_s`` seconds.
- ``/emulator/restart`` -> ``("ok",)``, then the script-restart messages: listeners cleared,
  ``/live/startup`` sent.
"""

from __future__ import annotations

__all__ = [
    "ADD_DEVICE",
    "CONTROL_ADDRESSES",
    "CONTROL_PREFIX",
    "FAULTS",
    "LOAD",
    "RESET",
    "RESTART",
    "SNAPSHOT",
    "SNAPSHOT_CHUNK",
]

CONTROL_PREFIX = "/emulator/"
RESET = CONTROL_PREFIX + "reset"
SNAPSHOT = CONTROL_PREFIX + "snapshot"
LOAD = CONTROL_PREFIX + "load"
ADD_DEVICE = CONTROL_PREFIX + "add_device"
FAULTS = CONTROL_PREFIX + "faults"
RESTART = CONTROL_PREFIX + "restart"
CONTROL_ADDRESSES = (RESET, SNAPSHOT, LOAD, ADD_DEVICE, FAULTS, RESTART)

# Characters per snapshot chunk: well under the smallest common UDP cap (macOS, 9216 bytes).
SNAPSHOT_CHUNK = 8000
