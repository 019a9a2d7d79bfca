"""Live.Song.Song.View: what is selected in Live's session view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from livectl.emulator.lom._observable import Field, LomObject, as_bool

if TYPE_CHECKING:
    from livectl.emulator.lom.clip import Clip
    from livectl.emulator.lom.clip_slot import ClipSlot
    from livectl.emulator.lom.device import Device, DeviceParameter
    from livectl.emulator.lom.scene import Scene
    from livectl.emulator.lom.song import Song
    from livectl.emulator.lom.track import Track

__all__ = ["SongView"]


class SongView(
    LomObject,
    observable=("selected_track", "selected_scene", "detail_clip", "selected_parameter",
                "selected_chain", "draw_mode", "follow_song"),
):
    draw_mode = Field(as_bool)
    follow_song = Field(as_bool)

    def __init__(self, song: Song) -> None:
        super().__init__()
        self._song = song
        self._selected_track: Track | None = None
        self._selected_scene: Scene | None = None
        self._detail_clip: Clip | None = None
        self._selected_parameter: DeviceParameter | None = None
        self._draw_mode = False
        self._follow_song = False

    @property
    def canonical_parent(self) -> Song:
        return self._song

    @property
    def selected_track(self) -> Track:
        assert self._selected_track is not None
        return self._selected_track

    @selected_track.setter
    def selected_track(self, track: Any) -> None:
        song = self._song
        if not any(track is t for t in [*song._tracks, *song._returns, song._master]):
            raise RuntimeError("Track does not belong to this Live set")
        self._set_field("selected_track", track)

    @property
    def selected_scene(self) -> Scene:
        assert self._selected_scene is not None
        return self._selected_scene

    @selected_scene.setter
    def selected_scene(self, scene: Any) -> None:
        if not any(scene is s for s in self._song._scenes):
            raise RuntimeError("Scene does not belong to this Live set")
        self._set_field("selected_scene", scene)

    @property
    def highlighted_clip_slot(self) -> ClipSlot | None:
        """The slot at the selected track and scene (None for returns and main)."""
        track = self._selected_track
        if track is None or track._kind in ("return", "main") or self._selected_scene is None:
            return None
        return track._slots[self._song._scenes.index(self._selected_scene)]

    @highlighted_clip_slot.setter
    def highlighted_clip_slot(self, slot: Any) -> None:
        track = slot.canonical_parent
        self.selected_track = track
        self.selected_scene = self._song._scenes[track._slots.index(slot)]

    @property
    def detail_clip(self) -> Clip | None:
        return self._detail_clip

    @detail_clip.setter
    def detail_clip(self, clip: Clip | None) -> None:
        self._set_field("detail_clip", clip)

    @property
    def selected_parameter(self) -> DeviceParameter | None:
        return self._selected_parameter

    @property
    def selected_chain(self) -> None:
        """Rack chains are not modelled: always None."""
        return None

    @selected_chain.setter
    def selected_chain(self, chain: None) -> None:
        if chain is not None:
            raise RuntimeError("Rack chains are not modelled by the emulator")

    def select_device(self, device: Device, should_appoint_device: bool = True, /) -> None:
        """Select ``device`` on its track (and the track); appoint it unless told not to."""
        track = device.canonical_parent
        if track is None or device not in track._devices:
            raise RuntimeError("Device does not belong to this Live set")
        track.view._set_field("selected_device", device)
        self.selected_track = track
        if should_appoint_device:
            self._song.appointed_device = device
