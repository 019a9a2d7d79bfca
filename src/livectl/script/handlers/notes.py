"""Extensions: notes on arrangement clips, and Live 12's extended notes (note ids,
probability, velocity deviation, release velocity) on session and arrangement clips.

Formats (flat groups, after the clip's index prefix):

- ``get/notes``, ``add/notes`` on arrangement clips: AbletonOSC's five fields
  (pitch, start_time, duration, velocity, mute);
- ``get/notes_extended``, ``get/notes_by_id``: nine fields, ``EXTENDED_NOTE_FIELDS``
  (note_id first); ``modify/notes`` takes the same nine;
- ``add/notes_extended``: eight fields (no note_id) and replies with the new ids.

Ranges: 0 or 4 arguments (pitch_start, pitch_span, time_start, time_span); none means every
note of the clip (pitch 127 included, unlike AbletonOSC's default range).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from itertools import chain
from typing import Any

from ..table.endpoints import EXTENDED_NOTE_FIELDS, NOTE_FIELDS
from ._args import Args, Registry, arrangement_clip_of, clip_of, fmt
from ._context import Context, Handler
from .clip import check_room

__all__ = ["handlers"]

R = Registry()

Resolve = Callable[[Context, Args], "tuple[tuple[int, int], Any]"]
_MAX_TIME = 1_576_800.0
_RESOLVERS: dict[str, Resolve] = {"clip": clip_of, "arrangement_clip": arrangement_clip_of}


def _midi(args: Args, clip: Any) -> Any:
    if not clip.is_midi_clip:
        raise args.fail(f"clip {clip.name!r} is an audio clip: it has no notes")
    return clip


def _range(args: Args) -> tuple[int, int, float, float] | None:
    if args.left == 0:
        return None
    if args.left != 4:
        raise args.fail(
            "takes 0 or 4 range arguments (pitch_start, pitch_span, time_start, time_span), "
            f"got {args.left}"
        )
    pitch_start = args.integer("pitch_start", 0, 127)
    pitch_span = args.integer("pitch_span", 1, 128)
    time_start = args.number("time_start", -_MAX_TIME, _MAX_TIME)
    time_span = args.number("time_span", 0.0, 2 * _MAX_TIME)
    return pitch_start, pitch_span, time_start, time_span


def _select(clip: Any, note_range: tuple[int, int, float, float] | None) -> tuple[Any, ...]:
    if note_range is None:
        return tuple(clip.get_all_notes_extended())
    return tuple(clip.get_notes_extended(*note_range))


_basic: Callable[[Any], tuple[Any, ...]] = operator.attrgetter(
    "pitch", "start_time", "duration", "velocity", "mute")


# One C call per note (a generator of getattr calls cost 7 us a note).
_extended: Callable[[Any], tuple[Any, ...]] = operator.attrgetter(*EXTENDED_NOTE_FIELDS)


def _fields(args: Args, with_id: bool, extended: bool) -> dict[str, Any]:
    """One note's fields, checked (Live's ranges)."""
    note: dict[str, Any] = {}
    if with_id:
        note["note_id"] = args.integer("note_id", 0)
    note["pitch"] = args.integer("pitch", 0, 127)
    note["start_time"] = args.number("start_time", -_MAX_TIME, _MAX_TIME)
    note["duration"] = args.number("duration", 0.0, _MAX_TIME)
    if note["duration"] <= 0.0:
        raise args.fail(f"duration must be in range >0..{fmt(_MAX_TIME)}, got {note['duration']}")
    note["velocity"] = args.number("velocity", 0.0, 127.0)
    note["mute"] = args.flag("mute")
    if extended:
        note["probability"] = args.number("probability", 0.0, 1.0)
        note["velocity_deviation"] = args.number("velocity_deviation", -127.0, 127.0)
        note["release_velocity"] = args.number("release_velocity", 0.0, 127.0)
    return note


def _groups(args: Args, size: int, names: tuple[str, ...]) -> int:
    if args.left == 0 or args.left % size:
        raise args.fail(
            f"takes notes as groups of {size} ({', '.join(names)}), got {args.left} values"
        )
    return args.left // size


def _add(ctx: Context, args: Args, clip: Any, extended: bool) -> tuple[int, ...]:
    fields = EXTENDED_NOTE_FIELDS[1:] if extended else NOTE_FIELDS
    count = _groups(args, len(fields), fields)
    specs = [_fields(args, False, extended) for _ in range(count)]
    check_room(ctx, clip, count, lambda: len(clip.get_all_notes_extended()))
    spec = ctx.live.Clip.MidiNoteSpecification
    return tuple(clip.add_new_notes(tuple(spec(**note) for note in specs)))


def _define(domain: str) -> None:
    resolve = _RESOLVERS[domain]

    def target(ctx: Context, args: Args) -> tuple[tuple[int, int], Any]:
        prefix, clip = resolve(ctx, args)
        return prefix, _midi(args, clip)

    def get_extended(ctx: Context, args: Args) -> tuple[Any, ...]:
        prefix, clip = target(ctx, args)
        notes = _select(clip, _range(args))
        return (*prefix, *chain.from_iterable(map(_extended, notes)))

    def add_extended(ctx: Context, args: Args) -> tuple[Any, ...]:
        prefix, clip = target(ctx, args)
        return (*prefix, *_add(ctx, args, clip, True))

    def by_id(ctx: Context, args: Args) -> tuple[Any, ...]:
        prefix, clip = target(ctx, args)
        ids = [args.integer("note_id", 0) for _ in range(args.left)]
        known = {n.note_id for n in clip.get_all_notes_extended()}
        missing = [i for i in ids if i not in known]
        if missing:
            raise args.fail(f"note_id {missing[0]} is not a note of this clip")
        out: list[Any] = list(prefix)
        for note in clip.get_notes_by_id(ids):
            out += _extended(note)
        return tuple(out)

    def modify(ctx: Context, args: Args) -> None:
        _, clip = target(ctx, args)
        count = _groups(args, len(EXTENDED_NOTE_FIELDS), EXTENDED_NOTE_FIELDS)
        edits = {}
        for _ in range(count):
            note = _fields(args, True, True)
            edits[note.pop("note_id")] = note
        notes = clip.get_notes_by_id(list(edits))
        found = {n.note_id for n in notes}
        missing = [i for i in edits if i not in found]
        if missing:
            raise args.fail(f"note_id {missing[0]} is not a note of this clip")
        for note in notes:
            for field, value in edits[note.note_id].items():
                setattr(note, field, value)
        clip.apply_note_modifications(notes)

    R.on(domain, "notes_extended")(get_extended)
    R.on(domain, "add/notes_extended")(add_extended)
    R.on(domain, "notes_by_id")(by_id)
    def remove_by_id(ctx: Context, args: Args) -> None:
        _, clip = target(ctx, args)
        ids = [args.integer("note_id", 0) for _ in range(args.left)]
        clip.remove_notes_by_id(ids)

    R.on(domain, "modify/notes")(modify)
    R.on(domain, "remove/notes_by_id")(remove_by_id)


for _domain in _RESOLVERS:
    _define(_domain)


# ------------------------------------------------------------------ arrangement clips, 5 fields


def _arrangement_clip(ctx: Context, args: Args) -> tuple[tuple[int, int], Any]:
    prefix, clip = arrangement_clip_of(ctx, args)
    return prefix, _midi(args, clip)


@R.on("arrangement_clip", "notes")
def _get_notes(ctx: Context, args: Args) -> tuple[Any, ...]:
    prefix, clip = _arrangement_clip(ctx, args)
    notes = _select(clip, _range(args))
    return (*prefix, *chain.from_iterable(map(_basic, notes)))


@R.on("arrangement_clip", "add/notes")
def _add_notes(ctx: Context, args: Args) -> None:
    _, clip = _arrangement_clip(ctx, args)
    _add(ctx, args, clip, False)


@R.on("arrangement_clip", "remove/notes")
def _remove_notes(ctx: Context, args: Args) -> None:
    _, clip = _arrangement_clip(ctx, args)
    note_range = _range(args) or (0, 128, -_MAX_TIME, 2 * _MAX_TIME)
    clip.remove_notes_extended(*note_range)


def handlers() -> dict[str, Handler]:
    return R.handlers()
