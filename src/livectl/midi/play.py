"""One call to play notes: ``play(notes, port, tempo_bpm=..., channel=...)``.

Notes can be :class:`Note` values (livectl's one note type, :mod:`livectl.note`:
``Note(pitch, start_beats, duration_beats, velocity)``), ``(beat, pitch, velocity,
duration_beats)`` tuples, or any object with ``pitch`` and ``velocity`` plus a start (``beat``,
``start_beats``, ``start`` or ``time``, in beats) and a length (``duration_beats`` or
``duration``, in beats). A note's own ``channel`` is used unless ``play(channel=...)``
overrides it; notes with ``mute=True`` are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from livectl.checks import check_channel, check_duration
from livectl.errors import ValidationError
from livectl.midi.messages import NoteOn
from livectl.midi.ports import MIDIOutput, open_output
from livectl.midi.scheduler import PlayStats, Sequencer, beat_to_tick
from livectl.note import Note, velocity_byte

__all__ = ["Note", "play", "sequence_notes"]


def _first(obj: Any, names: tuple[str, ...]) -> Any:
    for name in names:
        if hasattr(obj, name):
            return getattr(obj, name)
    raise ValidationError(
        f"note {obj!r} has none of the attributes {', '.join(names)}; give Note values or "
        "(beat, pitch, velocity, duration_beats) tuples", field="notes", value=obj)


def _as_note(item: Any) -> Note | None:
    if getattr(item, "mute", False) is True:
        return None
    if isinstance(item, Note):
        return item
    if isinstance(item, tuple):
        if len(item) != 4:
            raise ValidationError(
                f"a note tuple must be (beat, pitch, velocity, duration_beats), got {item!r}",
                field="notes", value=item)
        beat, pitch, velocity, duration = item
        return _note(beat, pitch, velocity, duration, None)
    channel = getattr(item, "channel", None)
    return _note(
        _first(item, ("beat", "start_beats", "start", "time")),
        _first(item, ("pitch",)),
        _first(item, ("velocity",)),
        _first(item, ("duration_beats", "duration")),
        channel if isinstance(channel, int) and not isinstance(channel, bool) else None,
    )


def _note(beat: Any, pitch: Any, velocity: Any, duration: Any, channel: int | None) -> Note:
    beat_to_tick(beat)
    NoteOn(pitch, velocity)
    check_duration(duration, "duration_beats")
    if channel is None:
        return Note(pitch, float(beat), float(duration), velocity)
    return Note(pitch, float(beat), float(duration), velocity, channel=channel)


def sequence_notes(notes: Iterable[Any], *, tempo_bpm: float = 120.0,
                   channel: int | None = None, loop_beats: float | None = None,
                   send_clock: bool = False) -> Sequencer:
    """A Sequencer holding ``notes`` (all checked before anything is added).

    ``channel`` (1..16) overrides every note's own; without it a note's channel is used,
    or 1.
    """
    if channel is not None:
        check_channel(channel)
    parsed = [n for n in (_as_note(item) for item in notes) if n is not None]
    seq = Sequencer(tempo_bpm, loop_beats=loop_beats, send_clock=send_clock)
    for n in parsed:
        seq.add_note(n.start_beats, n.pitch, velocity_byte(n.velocity), n.duration_beats,
                     channel or n.channel)
    return seq


def play(notes: Iterable[Any], port: MIDIOutput | int | str | None = None, *,
         tempo_bpm: float = 120.0, channel: int | None = None, api: str | None = None,
         virtual_name: str | None = None, repeats: int | None = None,
         loop_beats: float | None = None) -> PlayStats:
    """Play ``notes`` and return when done (Ctrl-C stops it; every note is released).

    ``port`` is an open :class:`MIDIOutput`, or a port index/name (opened and closed here);
    with ``virtual_name`` a virtual port is created for the run.
    """
    seq = sequence_notes(notes, tempo_bpm=tempo_bpm, channel=channel, loop_beats=loop_beats)
    if loop_beats is not None and repeats is None:
        repeats = 1
    if isinstance(port, MIDIOutput):
        return seq.play(port, repeats=repeats)
    with open_output(port, api, virtual_name) as out:
        return seq.play(out, repeats=repeats)
