"""livectl: make music with Ableton Live from Python.

A short tour:

- ``livectl.connect()`` / ``await livectl.aconnect()``: a typed client over AbletonOSC
  (``live.song.tempo = 140``, ``live.song.tracks[0].clip_slots[0].create_clip(4)``).
- ``livectl.Emulator``: a stateful stand-in for Live + AbletonOSC over real UDP, so everything
  runs without Live (``with Emulator(port=0) as emu: ...``).
- ``livectl.midi``: virtual MIDI ports, a drift-free sequencer, MIDI clock, no stuck notes.
- ``livectl.compose``: Markov melody models, drum grids and grooves, ``.mid`` files.

Everything livectl raises derives from :class:`livectl.errors.LiveCtlError`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from livectl.errors import LiveCtlError

__all__ = ["LiveCtlError", "__version__"]
