"""Live.Scene.Scene: a row of the session matrix."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from livectl.emulator.lom._observable import Field, LomObject, as_bool, as_float, as_int, as_str
from livectl.emulator.lom._palette import check_color_index, color_property
from livectl.emulator.lom._validate import Check
from livectl.emulator.lom._vector import Vector

if TYPE_CHECKING:
    from livectl.emulator.lom.clip_slot import ClipSlot
    from livectl.emulator.lom.song import Song

__all__ = ["DENOMINATORS", "Scene", "check_denominator"]

#: The time signature denominators Live offers (song and scenes).
DENOMINATORS = (1, 2, 4, 8, 16)


def check_denominator(owner: object, value: int) -> int:
    """The check of a song's or a scene's time signature denominator (launching a scene
    sets the song's signature to the scene's): here, as the song module imports this one."""
    if value not in DENOMINATORS:
        raise RuntimeError(f"Invalid signature denominator {value}: must be 1, 2, 4, 8 or 16")
    return value



def _check_signature(scene: Scene, value: int) -> int:
    if not 1 <= value <= 99:
        raise RuntimeError(f"Invalid time signature value {value}: must be in range 1..99")
    return value


def _check_tempo(scene: Scene, value: float) -> float:
    if not 20.0 <= value <= 999.0:
        raise RuntimeError("Invalid tempo: must be in range 20..999 BPM or -1 for none")
    return value


class Scene(
    LomObject,
    observable=("name", "color", "color_index", "is_triggered", "tempo", "tempo_enabled",
                "time_signature_numerator", "time_signature_denominator",
                "time_signature_enabled", "clip_slots"),
):
    """A scene. ``tempo`` is -1.0 while the scene has no tempo of its own (Live's convention);
    setting a tempo enables it, setting -1 disables it."""

    derived_properties: ClassVar[dict[str, tuple[str, ...]]] = {"color_index": ("color",)}

    name = Field(as_str)
    color_index = Field(as_int, check=check_color_index)
    is_triggered = Field[bool](readonly=True)
    time_signature_numerator = Field(as_int, check=_check_signature)
    time_signature_denominator = Field(as_int, check=check_denominator)
    time_signature_enabled = Field(as_bool)
    loaded_checks: ClassVar[dict[str, Check]] = {"tempo_value": (as_float, _check_tempo)}

    def __init__(self, song: Song, name: str = "", color_index: int = 0) -> None:
        super().__init__()
        self._song = song
        self._name = name
        self._color_index = color_index
        self._is_triggered = False
        self._tempo_value = 120.0
        self._tempo_enabled = False
        self._time_signature_numerator = 4
        self._time_signature_denominator = 4
        self._time_signature_enabled = False

    def __repr__(self) -> str:
        return f"<Scene {self._name!r}>"

    def _index(self) -> int:
        return self._song._scenes.index(self)

    @property
    def canonical_parent(self) -> Song:
        return self._song

    color = color_property()

    @property
    def tempo(self) -> float:
        return self._tempo_value if self._tempo_enabled else -1.0

    @tempo.setter
    def tempo(self, value: Any) -> None:
        number = as_float(self, "tempo", value)
        old = self.tempo
        if number == -1.0:
            self._set_field("tempo_enabled", False)
        else:
            self._tempo_value = _check_tempo(self, number)
            self._set_field("tempo_enabled", True)
        if self.tempo != old:
            self._notify("tempo")

    @property
    def tempo_enabled(self) -> bool:
        return self._tempo_enabled

    @tempo_enabled.setter
    def tempo_enabled(self, value: Any) -> None:
        old = self.tempo
        self._set_field("tempo_enabled", as_bool(self, "tempo_enabled", value))
        if self.tempo != old:
            self._notify("tempo")

    @property
    def clip_slots(self) -> Vector[ClipSlot]:
        index = self._index()
        return Vector([t._slots[index] for t in self._song._tracks])

    @property
    def is_empty(self) -> bool:
        index = self._index()
        return all(t._slots[index]._clip is None for t in self._song._tracks)

    def fire(self, force_legato: bool = False, can_select_scene_on_launch: bool = True, /) -> None:
        """Launch every clip of the row; empty slots with a stop button stop their track."""
        self._song._transport.fire_scene(
            self, select=as_bool(self, "can_select_scene_on_launch", can_select_scene_on_launch)
        )

    def fire_as_selected(self, force_legato: bool = False, /) -> None:
        """Fire, then select the next scene (Live's "launch and move on")."""
        self.fire(force_legato, False)
        index = self._index()
        if index + 1 < len(self._song._scenes):
            self._song.view.selected_scene = self._song._scenes[index + 1]

    def set_fire_button_state(self, state: bool, /) -> None:
        if as_bool(self, "state", state):
            self.fire()

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self._name,
            "color_index": self._color_index,
            "tempo": self._tempo_value,
            "tempo_enabled": self._tempo_enabled,
            "time_signature_numerator": self._time_signature_numerator,
            "time_signature_denominator": self._time_signature_denominator,
            "time_signature_enabled": self._time_signature_enabled,
        }

    def _load(self, data: dict[str, Any]) -> None:
        self._name = str(data.get("name", ""))
        self._color_index = int(data.get("color_index", 0))
        self._tempo_value = float(data.get("tempo", 120.0))
        self._tempo_enabled = bool(data.get("tempo_enabled", False))
        self._time_signature_numerator = int(data.get("time_signature_numerator", 4))
        self._time_signature_denominator = int(data.get("time_signature_denominator", 4))
        self._time_signature_enabled = bool(data.get("time_signature_enabled", False))
