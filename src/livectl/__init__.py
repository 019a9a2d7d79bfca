"""livectl: make music with Ableton Live from Python.

A short tour:

- ``livectl.connect()`` / ``await livectl.aconnect()``: a typed client over AbletonOSC::

      with livectl.connect() as live:
          live.song.tempo = 140
          clip = live.song.tracks[0].clip_slots[0].create_clip(4)
          clip.add_notes([livectl.Note(60, 0, 1, 100)])
          clip.fire()

- ``livectl.Emulator``: a stateful stand-in for Live + AbletonOSC over real UDP, so everything
  runs without Live (``with Emulator(port=0) as emu: ...``); ``livectl.emulator.lom`` is Live's
  object model in Python, ``livectl.emulator.host`` runs real remote scripts on it.
- ``livectl.midi``: virtual MIDI ports, a drift-free sequencer, MIDI clock, no stuck notes.
- ``livectl.compose``: Markov melody models, drum grids and grooves (pure, seeded);
  ``livectl.output``: ``.mid`` files, piano rolls, corpora, writing notes into Live clips.

Everything livectl raises derives from :class:`livectl.errors.LiveCtlError`. The names below
are imported lazily, so ``import livectl`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from livectl.errors import LiveCtlError

__version__ = "0.1.0"

if TYPE_CHECKING:
    from livectl.client import AsyncLive, Live, aconnect, connect
    from livectl.emulator import Emulator
    from livectl.model import Note

_LAZY = {
    "AsyncLive": "livectl.client",
    "Emulator": "livectl.emulator",
    "Live": "livectl.client",
    "Note": "livectl.model",
    "aconnect": "livectl.client",
    "connect": "livectl.client",
}

__all__ = [
    "AsyncLive",
    "Emulator",
    "Live",
    "LiveCtlError",
    "Note",
    "__version__",
    "aconnect",
    "connect",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'livectl' has no attribute {name!r}")
