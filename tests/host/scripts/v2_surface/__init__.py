"""v2_surface: a remote script in AbletonOSC's style (ableton.v2 framework, song property).

Each tick it reads JSON datagrams ``{"set": "tempo", "value": 99}`` or ``{"fire": [t, c]}``
and answers ``{"tempo": ..., "playing": ...}``; a Component watches ``is_playing``.
"""

from .manager import Manager


def create_instance(c_instance):
    return Manager(c_instance)
