"""Handlers of /live/clip/* and /live/clips/* (spec §8.2), over ``slot.clip``."""

from __future__ import annotations

import logging
import operator
import re
from collections.abc import Callable
from itertools import chain
from typing import Any

from ..errors import LimitError
from ..table.endpoints import ALL_ENDPOINTS, endpoint
from ._context import Context, Handler
from ._generic import Target, generic_handlers, method_handler, per_target

__all__ = ["handlers"]

log = logging.getLogger(__name__)

# A bound of livectl's script (Live sets none): a flood of /live/clip/add/notes cannot
# grow one clip, and so the script's memory, without limit.
MAX_NOTES_PER_CLIP = 100_000

# Clips whose note counts the script remembers (the oldest is forgotten first).
_COUNTED_CLIPS = 64


def check_room(ctx: Context, clip: Any, adding: int, count: Callable[[], int]) -> None:
    """Refuse (LimitError) adding ``adding`` notes to a clip that would then hold more than
    MAX_NOTES_PER_CLIP. ``count()`` counts the clip's notes through Live's API, which copies
    every note; it runs only when the remembered upper bound (the last count plus what this
    script added since: removals only make it higher than the truth) would pass the limit,
    so a 10,000-note write in pages counts once, not once per page, and the error always
    gives the exact count."""
    key = id(clip)
    known = ctx.note_counts.get(key)
    if known is None or known[0] is not clip or known[1] + adding > MAX_NOTES_PER_CLIP:
        held = count()
        if held + adding > MAX_NOTES_PER_CLIP:
            raise LimitError(
                f"notes per clip must be at most {MAX_NOTES_PER_CLIP}: the clip holds {held} "
                f"and {adding} more were sent"
            )
        known = (clip, held)
    ctx.note_counts.pop(key, None)  # re-inserted last: the dict's order is the recency
    ctx.note_counts[key] = (clip, known[1] + adding)
    if len(ctx.note_counts) > _COUNTED_CLIPS:
        del ctx.note_counts[next(iter(ctx.note_counts))]


# AbletonOSC's defaults: the whole clip, but pitch_span 127 leaves out pitch 127 (§8.2.1).
_DEFAULT_RANGE = (0, 127, -8192, 16384)


def _note_range(rest: tuple[Any, ...], what: str) -> tuple[Any, ...]:
    if len(rest) == 4:
        return rest
    if len(rest) == 0:
        return _DEFAULT_RANGE
    raise ValueError(
        f"Invalid number of arguments for /clip/{what}/notes. "
        "Either 0 or 4 arguments must be passed."
    )


# A note's five values in AbletonOSC's order, read in C (one call per note).
_FIVE = operator.attrgetter("pitch", "start_time", "duration", "velocity", "mute")


def _get_notes(ctx: Context, t: Target) -> tuple[Any, ...]:
    pitch_start, pitch_span, time_start, time_span = _note_range(t.rest, "get")
    notes = t.obj.get_notes_extended(pitch_start, pitch_span, time_start, time_span)
    return tuple(chain.from_iterable(map(_FIVE, notes)))


def _add_notes(ctx: Context, t: Target) -> None:
    rest = t.rest
    spec = ctx.live.Clip.MidiNoteSpecification
    if len(rest) % 5 == 0:
        # Five at a time without a slice per note, passed by position in Live 12's order
        # (pitch, start_time, duration, velocity, mute: ableton-live-stubs), which binds
        # faster than keywords.
        values = iter(rest)
        notes = [spec(pitch, start_time, duration, velocity, mute)
                 for pitch, start_time, duration, velocity, mute
                 in zip(values, values, values, values, values, strict=True)]
    else:
        notes = []
        for offset in range(0, len(rest), 5):
            # The remainder that is not a group of 5 raises ValueError from unpacking
            # (§8.2.1), after the specifications before it, as in AbletonOSC.
            pitch, start_time, duration, velocity, mute = rest[offset : offset + 5]
            notes.append(spec(start_time=start_time, duration=duration, pitch=pitch,
                              velocity=velocity, mute=mute))
    # AbletonOSC's order: the specifications, then clip.add_new_notes (an empty slot's
    # error names add_new_notes); livectl's bound is checked in between.
    clip = t.obj
    add_new_notes = clip.add_new_notes
    if notes:
        check_room(ctx, clip, len(notes),
                   lambda: len(clip.get_notes_extended(0, 128, -1e9, 2e9)))
    add_new_notes(tuple(notes))


def _remove_notes(ctx: Context, t: Target) -> None:
    note_range = _note_range(t.rest, "remove")  # the argument count is checked first
    t.obj.remove_notes_extended(*note_range)


# Clip names like "Bass_C-E-G" or "Lead-F#": note names after the last "_" or "-" (§8.2.2).
# As AbletonOSC reads them: the tail after "_"/"-" may hold note letters, "#", "b", digits
# 1-9 and "-"; digits are dropped, the rest split at "-", and each part is a pitch class
# only if it is exactly a note name ("C", "C#", "Db", ...); anything else (an argument
# "C3", a part "CE") stands for no pitch class at all and never matches.
_FILTER_RE = re.compile(r"([_-])([A-G][A-G#b1-9-]*)$")
_PITCH_CLASSES = {
    name: pc
    for pc, names in enumerate(
        ("C", "C# Db", "D", "D# Eb", "E", "F", "F# Gb", "G", "G# Ab", "A", "A# Bb", "B")
    )
    for name in names.split()
}


def _pitch_class(name: Any) -> int | None:
    return _PITCH_CLASSES.get(name) if isinstance(name, str) else None


def _filter(ctx: Context, args: list[Any]) -> None:
    tracks = ctx.song.tracks
    if not ctx.filter_cache:
        # Built once (and again only while empty), never refreshed (quirk §13 #14), by track
        # and slot index as in AbletonOSC: after the set grew, "list index out of range";
        # an emptied slot gives None, whose .muted is an AttributeError.
        cache: list[list[tuple[int | None, ...]]] = []
        for track in tracks:
            row: list[tuple[int | None, ...]] = []
            for slot in track.clip_slots:
                clip = slot.clip if slot.has_clip else None
                match = _FILTER_RE.search(clip.name) if clip is not None else None
                parts = re.sub("[1-9]", "", match.group(2)).split("-") if match else []
                row.append(tuple(_pitch_class(part) for part in parts))
            cache.append(row)
        ctx.filter_cache = cache
    wanted = [_pitch_class(name) for name in args]
    for t, track in enumerate(tracks):
        for c, slot in enumerate(track.clip_slots):
            classes = ctx.filter_cache[t][c]
            if classes:
                slot.clip.muted = not all(pc in wanted for pc in classes)


def _unfilter(ctx: Context, args: list[Any]) -> None:
    tracks = ctx.song.tracks
    start = args[0] if len(args) > 0 else 0
    end = args[1] if len(args) > 1 else len(tracks)
    # AbletonOSC formats both with %d before slicing: text is that TypeError.
    log.debug("Unfiltering tracks: %d .. %d" % (start, end))  # noqa: UP031 - its error text
    for track in tracks[start:end]:  # Live's vector slice, as AbletonOSC
        for slot in track.clip_slots:
            if slot.has_clip:
                slot.clip.muted = False


def handlers() -> dict[str, Handler]:
    table: dict[str, Handler] = {}
    custom = {"notes": _get_notes, "add/notes": _add_notes, "remove/notes": _remove_notes}
    for ep in ALL_ENDPOINTS:
        if ep.domain != "clip":
            continue
        if ep.name in custom:
            table[ep.addresses()[0]] = per_target("clip", custom[ep.name])
        elif ep.kind == "method":
            table[ep.call_address] = method_handler(ep)
        else:
            table.update(generic_handlers(ep))
    table[endpoint("clips", "filter").call_address] = _filter
    table[endpoint("clips", "unfilter").call_address] = _unfilter
    return table
