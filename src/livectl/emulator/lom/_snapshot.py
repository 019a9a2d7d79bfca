"""Whole-set snapshots: ``dump_song`` gives plain JSON-able data, ``load_song`` rebuilds it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from livectl.emulator.lom.scene import Scene
from livectl.emulator.lom.song import CuePoint
from livectl.emulator.lom.track import Track

if TYPE_CHECKING:
    from livectl.emulator.lom.song import Song

__all__ = ["FORMAT", "dump_song", "load_song"]

FORMAT = "livectl-set/1"
_SONG_FIELDS = (
    "tempo", "signature_numerator", "signature_denominator", "clip_trigger_quantization",
    "midi_recording_quantization", "loop", "loop_start", "loop_length", "metronome",
    "groove_amount", "record_mode", "session_record", "arrangement_overdub", "overdub",
    "punch_in", "punch_out", "nudge_up", "nudge_down", "back_to_arranger",
    "is_ableton_link_enabled", "root_note", "scale_name", "scale_mode", "start_time",
    "swing_amount", "current_song_time",
)


def dump_song(song: Song) -> dict[str, Any]:
    tracks = song._tracks
    view = song._view
    return {
        "format": FORMAT,
        "song": {name: getattr(song, "_" + name) for name in _SONG_FIELDS},
        "tracks": [
            dict(t.to_dict(), group_track=None if t._group is None else tracks.index(t._group))
            for t in tracks
        ],
        "return_tracks": [t.to_dict() for t in song._returns],
        "master_track": song._master.to_dict(),
        "scenes": [s.to_dict() for s in song._scenes],
        "cue_points": [{"name": c._name, "time": c._time} for c in song._cues],
        "view": {
            "selected_track": _track_ref(song, view._selected_track),
            "selected_scene": song._scenes.index(view._selected_scene)
            if view._selected_scene is not None else 0,
        },
    }


def _track_ref(song: Song, track: Track | None) -> list[Any]:
    if track is None or track is song._master:
        return ["master", 0]
    if track in song._returns:
        return ["return", song._returns.index(track)]
    return ["track", song._tracks.index(track)]


def load_song(song: Song, data: dict[str, Any]) -> None:
    if data.get("format") != FORMAT:
        raise ValueError(
            f"not a livectl set snapshot (format {data.get('format')!r}, expected {FORMAT!r})"
        )
    for name, value in data.get("song", {}).items():
        if name in _SONG_FIELDS:
            setattr(song, "_" + name, value)
    song._published_time = song._current_song_time
    scenes = data.get("scenes", [])
    for scene_data in scenes:
        scene = Scene(song)
        scene._load(scene_data)
        song._scenes.append(scene)
    returns = data.get("return_tracks", [])
    for track_data in returns:
        track = Track(song, "return", track_data["name"], slots=0, sends=len(returns))
        track._load(track_data, None)
        song._returns.append(track)
    for track_data in data.get("tracks", []):
        track = Track(song, track_data["kind"], track_data["name"], slots=len(scenes),
                      sends=len(returns))
        song._tracks.append(track)
    for track, track_data in zip(song._tracks, data.get("tracks", []), strict=True):
        group_index = track_data.get("group_track")
        track._load(track_data, None if group_index is None else song._tracks[group_index])
    song._master._load(data.get("master_track", {}), None)
    song._cues = [CuePoint(song, c["name"], float(c["time"])) for c in data.get("cue_points", ())]
    song._song_length = song._compute_song_length()
    view = data.get("view", {})
    kind, index = view.get("selected_track", ["track", 0])
    pool = {"track": song._tracks, "return": song._returns, "master": [song._master]}[kind]
    song._view._selected_track = pool[index] if pool else song._master
    if song._scenes:
        song._view._selected_scene = song._scenes[int(view.get("selected_scene", 0))]
