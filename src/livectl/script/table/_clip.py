"""Endpoints of /live/clip, /live/clips and /live/clip_slot (spec §8.1, §8.2)."""

from __future__ import annotations

from ._build import a, call, prop, props_block, query, reg
from .endpoint import Endpoint

# clip (§8.2)

_CLIP_METHODS = (
    call("clip", "fire"),
    call("clip", "stop"),
    call("clip", "duplicate_loop"),
    call("clip", "remove_notes_by_id", a("note_id", repeated=True)),
)


def _cp(name: str, t: type, rw: bool, observable: bool = True, **kw: str) -> Endpoint:
    return prop("clip", name, t, rw=rw, observable=observable, **kw)  # type: ignore[arg-type]


_CLIP_RO = (
    _cp("end_time", float, False),
    _cp("file_path", str, False, notes="audio clips only"),
    _cp("gain_display_string", str, False, False, notes="audio clips only"),
    _cp("has_groove", bool, False, False, since="Live 11"),
    _cp("is_midi_clip", bool, False, False),
    _cp("is_audio_clip", bool, False, False),
    _cp("is_overdubbing", bool, False),
    _cp("is_playing", bool, False, False, notes="true once actually playing"),
    _cp("is_recording", bool, False),
    _cp("is_triggered", bool, False, False),
    _cp("length", float, False, False),
    _cp("playing_position", float, False),
    _cp("sample_length", int, False, False, notes="audio clips only"),
    _cp("start_time", float, False),
    _cp("will_record_on_start", bool, False, False),
)
_CLIP_RW = (
    _cp("color", int, True, notes="0x00RRGGBB, snapped to Live's palette"),
    _cp("color_index", int, True, notes="0..69"),
    _cp("end_marker", float, True),
    _cp("gain", float, True, notes="audio clips only"),
    _cp("launch_mode", int, True, notes="enums.LaunchMode"),
    _cp("launch_quantization", int, True, notes="enums.LaunchQuantization"),
    _cp("legato", bool, True),
    _cp("loop_end", float, True),
    _cp("loop_start", float, True),
    _cp("looping", bool, True),
    _cp("muted", bool, True),
    _cp("name", str, True),
    _cp("pitch_coarse", int, True, notes="audio clips only"),
    _cp("pitch_fine", float, True, notes="audio clips only"),
    _cp("position", float, True),
    _cp("ram_mode", bool, True, notes="audio clips only"),
    _cp("start_marker", float, True),
    _cp("velocity_amount", float, True),
    _cp("warp_mode", int, True, notes="enums.WarpMode; audio clips only"),
    _cp("warping", bool, True, notes="audio clips only"),
)
_NOTE_RANGE = (
    a("pitch_start", optional=True),
    a("pitch_span", optional=True),
    a("time_start", float, optional=True),
    a("time_span", float, optional=True),
)
_NOTE = (
    a("pitch"),
    a("start_time", float),
    a("duration", float),
    a("velocity", float),
    a("mute", bool, repeated=True),
)
_CLIP_NOTES = (
    query(
        "clip",
        "notes",
        tuple,
        *_NOTE_RANGE,
        reply="(t, c, pitch, start, duration, velocity, mute, ...)",
        notes="0 or 4 range args; defaults 0, 127, -8192, 16384; sorted by pitch, start",
    ),
    call("clip", "add/notes", *_NOTE, path="add/notes", notes="groups of 5"),
    call("clip", "remove/notes", *_NOTE_RANGE, path="remove/notes"),
)
_CLIPS = (
    call("clips", "filter", a("note_name", str, repeated=True)),
    call("clips", "unfilter", a("track_start", optional=True), a("track_end", optional=True)),
)


def register_clip() -> None:
    for m in _CLIP_METHODS:
        reg(m)
    props_block((*_CLIP_RO, *_CLIP_RW))
    for e in (*_CLIP_NOTES, *_CLIPS):
        reg(e)


# clip slot (§8.1)

_SLOT_METHODS = (
    call("clip_slot", "fire"),
    call("clip_slot", "stop"),
    call("clip_slot", "create_clip", a("length", float)),
    call("clip_slot", "delete_clip"),
)
_SLOT_PROPS = (
    prop("clip_slot", "has_clip", bool, rw=False),
    prop("clip_slot", "controls_other_clips", bool, rw=False),
    prop("clip_slot", "is_group_slot", bool, rw=False, observable=False),
    prop("clip_slot", "is_playing", bool, rw=False, observable=False),
    prop("clip_slot", "is_triggered", bool, rw=False),
    prop("clip_slot", "playing_status", int, rw=False),
    prop("clip_slot", "will_record_on_start", bool, rw=False, observable=False),
    prop("clip_slot", "has_stop_button", bool, rw=True),
)
SLOT_DUPLICATE = call(
    "clip_slot", "duplicate_clip_to", a("target_track_index"), a("target_clip_index")
)


def register_clip_slot() -> None:
    for m in _SLOT_METHODS:
        reg(m)
    props_block(_SLOT_PROPS)
    reg(SLOT_DUPLICATE)
