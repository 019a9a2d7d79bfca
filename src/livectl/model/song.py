"""The song (``/live/song/...``): transport, tempo, loop, structure, cue points, undo."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from livectl.checks import check_index, check_int_range, check_real_range
from livectl.client._request import Op, Request
from livectl.errors import ValidationError
from livectl.model import _ext, _ops
from livectl.model._base import LiveObject
from livectl.model._binding import Binding, Io, Listener, T
from livectl.model._collection import Collection
from livectl.model._props import SongProps
from livectl.model.mixer import MasterTrack, ReturnTrack
from livectl.model.scene import Scene
from livectl.model.track import Track
from livectl.protocol import endpoint

__all__ = ["CuePoint", "Song"]

_NUM_TRACKS = endpoint("song", "num_tracks")
_NUM_SCENES = endpoint("song", "num_scenes")
_TRACK_NAMES = endpoint("song", "track_names")
_SCENE_NAMES = endpoint("song", "scenes/name")
_CUE_POINTS = endpoint("song", "cue_points")


def _first(ep: Any) -> Op[Any]:
    values = yield from _ops.query(ep, ())
    return values[0]


def _create(method: Any, index: int, count_ep: Any, confirm_offset: int) -> Op[int]:
    """Call a create/duplicate method, confirmed, and return the new object's index."""
    yield Request(method.call_address, (index,), confirm=True)
    n = yield from _first(count_ep)
    if index == -1:
        return int(n) - 1
    return index + confirm_offset if index >= 0 else int(n) + index


def _cue_points() -> Op[list[CuePoint]]:
    flat = yield from _ops.query(_CUE_POINTS, ())
    return [CuePoint(i, flat[2 * i], flat[2 * i + 1]) for i in range(len(flat) // 2)]


@dataclass(frozen=True)
class CuePoint:
    """A locator: ``name`` and ``time`` (beats); ``index`` as in ``song.cue_points``."""

    index: int
    name: str
    time: float


class Song(SongProps, LiveObject):
    """``live.song``. Properties are read and written directly (sync) or with get/set."""

    DOMAIN = "song"

    def __init__(self, binding: Binding) -> None:
        super().__init__(binding, ())

    # -- structure ---------------------------------------------------------------------------

    @property
    def tracks(self) -> Collection[Track]:
        return Collection(
            self._binding, "track",
            lambda i, n: Track(self._binding, (i,), n),
            lambda: _first(_NUM_TRACKS),
            lambda: _ops.query(_TRACK_NAMES, ()),
        )

    @property
    def scenes(self) -> Collection[Scene]:
        return Collection(
            self._binding, "scene",
            lambda i, n: Scene(self._binding, (i,), n),
            lambda: _first(_NUM_SCENES),
            lambda: _ops.query(_SCENE_NAMES, ()),
        )

    def _make(self, method: str, index: int, make: Callable[[int], T]) -> Io[T]:
        index = check_index(index, "index")
        count_ep = _NUM_SCENES if method.endswith("scene") else _NUM_TRACKS
        offset = 1 if method.startswith("duplicate") else 0
        op = _create(self._ep(method), index, count_ep, offset)
        return self._run(_ops.mapped(op, make))

    def _track(self, i: int) -> Track:
        return Track(self._binding, (i,))

    def _scene(self, i: int) -> Scene:
        return Scene(self._binding, (i,))

    def create_midi_track(self, index: int = -1) -> Io[Track]:
        """Insert a MIDI track (-1: at the end); returns the new Track once it exists."""
        return self._make("create_midi_track", index, self._track)

    def create_audio_track(self, index: int = -1) -> Io[Track]:
        return self._make("create_audio_track", index, self._track)

    def duplicate_track(self, index: int) -> Io[Track]:
        """Copy track ``index``; the copy (returned) sits at index + 1."""
        return self._make("duplicate_track", index, self._track)

    def delete_track(self, index: int) -> Io[None]:
        return self._call("delete_track", check_index(index, "index"))

    def create_scene(self, index: int = -1) -> Io[Scene]:
        return self._make("create_scene", index, self._scene)

    def duplicate_scene(self, index: int) -> Io[Scene]:
        return self._make("duplicate_scene", index, self._scene)

    def delete_scene(self, index: int) -> Io[None]:
        return self._call("delete_scene", check_index(index, "index"))

    def create_return_track(self) -> Io[None]:
        return self._call("create_return_track")

    # -- return tracks and the master (livectl's script) ------------------------------------

    @property
    def return_tracks(self) -> Collection[ReturnTrack]:
        """The return tracks: volume, panning, mute, solo, sends, devices."""
        _ext.require(self._binding, "song.return_tracks")
        return Collection(
            self._binding, "return_track",
            lambda i, _n: ReturnTrack(self._binding, (i,)),
            lambda: _first(self._ep("num_return_tracks")),
            None,
        )

    @property
    def master_track(self) -> MasterTrack:
        """The master track: volume, panning, devices."""
        _ext.require(self._binding, "song.master_track")
        return MasterTrack(self._binding)

    # -- transport ---------------------------------------------------------------------------

    def start_playing(self) -> Io[None]:
        """Start from the start marker."""
        return self._call("start_playing")

    def stop_playing(self) -> Io[None]:
        return self._call("stop_playing")

    def continue_playing(self) -> Io[None]:
        """Resume from where the transport stopped."""
        return self._call("continue_playing")

    def stop_all_clips(self) -> Io[None]:
        return self._call("stop_all_clips")

    def tap_tempo(self) -> Io[None]:
        return self._call("tap_tempo")

    def jump_by(self, beats: float) -> Io[None]:
        return self._call("jump_by", check_real_range("beats", beats, -1e7, 1e7))

    def undo(self) -> Io[None]:
        return self._call("undo")

    def redo(self) -> Io[None]:
        return self._call("redo")

    def set_time_signature(self, numerator: int, denominator: int) -> Io[None]:
        check_int_range("signature_numerator", numerator, 1, 99)
        if denominator not in (1, 2, 4, 8, 16) or isinstance(denominator, bool):
            raise ValidationError(
                f"signature_denominator must be one of 1, 2, 4, 8, 16, got {denominator!r}",
                field="signature_denominator", value=denominator)
        op = _pair(self._ep("signature_numerator"), numerator, self._ep("signature_denominator"),
                   denominator, self._binding.confirm_writes)
        return self._run(op)

    # -- cue points --------------------------------------------------------------------------

    @property
    def cue_points(self) -> Io[list[CuePoint]]:
        """Every cue point as a CuePoint (name, time)."""
        return self._run(_cue_points())

    def set_or_delete_cue(self) -> Io[None]:
        """Add a cue point at the playhead, or delete the one there."""
        return self._call("set_or_delete_cue")

    def jump_to_cue(self, cue: int | str) -> Io[None]:
        """Jump to cue point ``cue`` (an index, or a name: every cue with that name, in turn)."""
        if not isinstance(cue, str):
            cue = check_index(cue, "cue")
        return self._call("cue_point/jump", cue)

    def rename_cue(self, index: int, name: str) -> Io[None]:
        if not isinstance(name, str):
            raise ValidationError(f"name must be a str, got {name!r}", field="name", value=name)
        return self._call("cue_point/set/name", check_index(index, "index"), name)

    def jump_to_next_cue(self) -> Io[None]:
        return self._call("jump_to_next_cue")

    def jump_to_prev_cue(self) -> Io[None]:
        return self._call("jump_to_prev_cue")

    # -- listeners ---------------------------------------------------------------------------

    def on_beat(self, callback: Callable[[int], Any]) -> Listener:
        """``callback(beat)`` on every new beat while playing (and when time goes back)."""
        return self.listen("beat", callback)

    def __repr__(self) -> str:
        return "<Song>"


def _pair(ep1: Any, v1: Any, ep2: Any, v2: Any, confirm: bool) -> Op[None]:
    yield from _ops.set_(ep1, (v1,), confirm=confirm)
    yield from _ops.set_(ep2, (v2,), confirm=confirm)
