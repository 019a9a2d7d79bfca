"""Endpoints of /live/test, /live/api, /live/song and /live/application (spec §4, §5)."""

from __future__ import annotations

from ._build import a, add, call, prop, props_block, query, reg
from .endpoint import Endpoint

# test and api

TEST = call("test", "test", reply="async /live/test ('ok',)")
API_RELOAD = call("api", "reload", notes="sends /live/startup (and an empty average_process_usage)")
API_LOG_LEVEL = prop(
    "api",
    "log_level",
    str,
    rw=True,
    listenable=False,
    observable=False,
    echo_extra=False,
    notes="set: one of debug, info, warning, error, critical; else an empty /live/error",
)
API_SHOW_MESSAGE = call("api", "show_message", a("message", str))


def register_api() -> None:
    reg(TEST)
    reg(API_RELOAD)
    reg(API_LOG_LEVEL, "get", "set")
    reg(API_SHOW_MESSAGE)


# song (§5)

_SONG_METHODS = (
    call("song", "capture_and_insert_scene"),
    call("song", "capture_midi", a("destination", optional=True)),
    call("song", "continue_playing"),
    call("song", "create_audio_track", a("index"), notes="-1 appends"),
    call("song", "create_midi_track", a("index"), notes="-1 appends"),
    call("song", "create_return_track"),
    call("song", "create_scene", a("index"), notes="-1 appends"),
    call("song", "delete_return_track", a("index")),
    call("song", "delete_scene", a("index")),
    call("song", "delete_track", a("index")),
    call("song", "duplicate_scene", a("index"), notes="the copy goes to index+1"),
    call("song", "duplicate_track", a("index")),
    call("song", "force_link_beat_time"),
    call("song", "jump_by", a("beats", float)),
    call("song", "jump_to_prev_cue"),
    call("song", "jump_to_next_cue"),
    call("song", "redo"),
    call("song", "re_enable_automation"),
    call("song", "set_or_delete_cue"),
    call("song", "start_playing", notes="from the start marker"),
    call("song", "stop_all_clips", a("quantized", optional=True)),
    call("song", "stop_playing", notes="current_song_time stays where it stopped"),
    call("song", "tap_tempo"),
    call("song", "trigger_session_record", a("record_length", float, optional=True)),
    call("song", "undo"),
)
_SONG_RO = (
    prop("song", "can_redo", bool, rw=False, observable=False),
    prop("song", "can_undo", bool, rw=False, observable=False),
    prop("song", "is_playing", bool, rw=False),
    prop("song", "song_length", float, rw=False),
    prop("song", "session_record_status", int, rw=False),
)
_SONG_RW = (
    prop("song", "arrangement_overdub", bool, rw=True),
    prop("song", "back_to_arranger", bool, rw=True),
    prop("song", "clip_trigger_quantization", int, rw=True, notes="enums.Quantization"),
    prop("song", "current_song_time", float, rw=True, notes="beats"),
    prop("song", "groove_amount", float, rw=True),
    prop("song", "is_ableton_link_enabled", bool, rw=True),
    prop("song", "loop", bool, rw=True),
    prop("song", "loop_length", float, rw=True),
    prop("song", "loop_start", float, rw=True),
    prop("song", "metronome", bool, rw=True),
    prop("song", "midi_recording_quantization", int, rw=True, notes="enums.RecordingQuantization"),
    prop("song", "nudge_down", bool, rw=True),
    prop("song", "nudge_up", bool, rw=True),
    prop("song", "punch_in", bool, rw=True),
    prop("song", "punch_out", bool, rw=True),
    prop("song", "record_mode", bool, rw=True),
    prop("song", "root_note", int, rw=True, since="Live 12", notes="0..11"),
    prop("song", "scale_name", str, rw=True, since="Live 12"),
    prop("song", "session_record", bool, rw=True),
    prop("song", "signature_denominator", int, rw=True),
    prop("song", "signature_numerator", int, rw=True),
    prop("song", "tempo", float, rw=True, notes="BPM"),
)
_RANGE = (a("min", optional=True), a("max", optional=True))
_SONG_EXTRA = (
    query("song", "num_tracks", int, reply="(n,)"),
    query(
        "song",
        "track_names",
        tuple,
        *_RANGE,
        reply="(name, ...)",
        notes="0 or 2 args; max -1 means all",
    ),
    query(
        "song",
        "track_data",
        tuple,
        a("min"),
        a("max"),
        a("property", str, repeated=True),
        reply="flat tuple, see spec §5.3",
    ),
    query(
        "song",
        "export_structure",
        int,
        path="export/structure",
        reply="(1,)",
        notes="writes <tmp>/abletonosc-song-structure.json",
    ),
    query("song", "num_scenes", int, reply="(n,)"),
    query("song", "scenes/name", tuple, *_RANGE, reply="(name, ...)", notes="-1 not special"),
    query("song", "cue_points", tuple, reply="(name, time, name, time, ...)"),
    call(
        "song",
        "cue_point/jump",
        a("name_or_index", str),
        notes="str: every cue of that name; int: index; float ignored",
    ),
    call("song", "cue_point/add_or_delete"),
    call("song", "cue_point/set/name", a("index"), a("name", str)),
)
SONG_BEAT = add(
    Endpoint(
        domain="song",
        kind="property",
        name="beat",
        value_type=int,
        readable=False,
        listenable=True,
        observable=True,
        reply="async /live/song/get/beat (beat,)",
        notes="AbletonOSC's own current_song_time listener; no message at start",
    )
)


def register_song() -> None:
    for m in _SONG_METHODS:
        reg(m)
    props_block((*_SONG_RO, *_SONG_RW))
    for e in _SONG_EXTRA:
        reg(e)
    reg(SONG_BEAT)


# application (§4)

_APPLICATION = (
    query("application", "version", tuple, reply="(major, minor)"),
    query("application", "average_process_usage", float, reply="(usage,)"),
)


def register_application() -> None:
    for e in _APPLICATION:
        reg(e)
