"""Handlers of /live/clip/* and /live/clips/* (spec §8.2), over ``slot.clip``."""

from __future__ import annotations

import re
from typing import Any

from ..errors import LimitError
from ..table.endpoints import ALL_ENDPOINTS, endpoint
from ._context import Context, Handler
from ._generic import Target, generic_handlers, method_handler, per_target

__all__ = ["handlers"]

# A bound of livectl's script (Live sets none): a flood of /live/clip/add/notes cannot
# grow one clip, and so the script's memory, without limit.
MAX_NOTES_PER_CLIP = 100_000

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


def _get_notes(ctx: Context, t: Target) -> tuple[Any, ...]:
    pitch_start, pitch_span, time_start, time_span = _note_range(t.rest, "get")
    out: list[Any] = []
    for note in t.obj.get_notes_extended(pitch_start, pitch_span, time_start, time_span):
        out += [note.pitch, note.start_time, note.duration, note.velocity, note.mute]
    return tuple(out)


def _add_notes(ctx: Context, t: Target) -> None:
    rest = t.rest
    adding = len(rest) // 5
    if adding:
        held = len(t.obj.get_notes_extended(0, 128, -1e9, 2e9))
        if held + adding > MAX_NOTES_PER_CLIP:
            raise LimitError(
                f"notes per clip must be at most {MAX_NOTES_PER_CLIP}: the clip holds {held} "
                f"and {adding} more were sent"
            )
    notes = []
    for offset in range(0, len(rest), 5):
        # A remainder that is not a group of 5 raises ValueError from unpacking (§8.2.1).
        pitch, start_time, duration, velocity, mute = rest[offset : offset + 5]
        notes.append(
            ctx.live.Clip.MidiNoteSpecification(
                start_time=start_time,
                duration=duration,
                pitch=pitch,
                velocity=velocity,
                mute=mute,
            )
        )
    t.obj.add_new_notes(tuple(notes))


def _remove_notes(ctx: Context, t: Target) -> None:
    t.obj.remove_notes_extended(*_note_range(t.rest, "remove"))


# Clip names like "Bass_C-E-G" or "Lead-F#": note names after "_" or "-" (§8.2.2).
_NOTE_NAMES = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
_FILTER_RE = re.compile(r"[_-]([A-G][#b]?\d*(?:-[A-G][#b]?\d*)*)$")


def _pitch_classes(text: str) -> frozenset[int]:
    out = set()
    for name in re.findall(r"[A-G][#b]?", text):
        pc = _NOTE_NAMES[name[0]] + (1 if name.endswith("#") else -1 if name.endswith("b") else 0)
        out.add(pc % 12)
    return frozenset(out)


def _filter(ctx: Context, args: list[Any]) -> None:
    if ctx.filter_cache is None:  # built once, never refreshed: quirk §13 #14
        cache = []
        for track in ctx.song.tracks:
            for slot in track.clip_slots:
                clip = slot.clip
                match = _FILTER_RE.search(clip.name) if clip is not None else None
                if match:
                    cache.append((clip, _pitch_classes(match.group(1))))
        ctx.filter_cache = cache
    wanted = _pitch_classes(" ".join(str(a) for a in args))
    for clip, classes in ctx.filter_cache:
        clip.muted = not classes <= wanted


def _unfilter(ctx: Context, args: list[Any]) -> None:
    tracks = list(ctx.song.tracks)
    start = args[0] if len(args) > 0 else None
    end = args[1] if len(args) > 1 else None
    for track in tracks[start:end]:
        for slot in track.clip_slots:
            if slot.clip is not None:
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
