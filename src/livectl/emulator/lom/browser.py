"""Live.Browser: ``Application.browser``, its categories and loading devices from it.

The tree is built from :mod:`._devices_catalogue`: every Live 12 instrument, MIDI effect
and audio effect under its category (with a few presets below some devices), preset
sounds, drum kits, samples and the Max for Live devices. URIs follow Live's style
(``query:Synths#Operator``, ``query:AudioFx#EQ%20Eight``, ``query:Drums#FileId_5001``).

``load_item`` loads onto the selected track (``Song.view.selected_track``) as Live's
browser does (an instrument replaces the track's instrument; MIDI effects go before it,
audio effects after; ``Track.View.device_insert_mode`` places next to the selected
device), or replaces ``hotswap_target`` when one is set. Previews are accepted (nothing
sounds). Not modelled: plug-ins (the category is empty), clips, user folders, packs'
content, searching, ``full_refresh`` (never fires: the library does not change).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from enum import IntEnum
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from livectl.emulator.lom import _device_chain, _device_factory
from livectl.emulator.lom import _devices_catalogue as catalogue
from livectl.emulator.lom._observable import LomObject, as_int, check_not_notifying
from livectl.emulator.lom._vector import Vector
from livectl.emulator.lom.device import Device
from livectl.emulator.lom.enums import DeviceType

if TYPE_CHECKING:
    from livectl.emulator.lom.song import Song

__all__ = ["Browser", "BrowserItem", "BrowserItemIterator", "BrowserItemVector", "FilterType",
           "Relation"]

Loader = Callable[[object], Device]


class FilterType(IntEnum):
    """Live.Browser.FilterType."""

    disabled = -1
    hotswap_off = 0
    instrument_hotswap = 1
    audio_effect_hotswap = 2
    midi_effect_hotswap = 3
    drum_pad_hotswap = 4
    midi_track_devices = 5
    samples = 6
    count = 7


class Relation(IntEnum):
    """Live.Browser.Relation (``relation_to_hotswap_target``)."""

    ancestor = 0
    equal = 1
    descendant = 2
    none = 3


class BrowserItemVector(Vector["BrowserItem"]):
    """Live.Browser.BrowserItemVector: a list of items (a copy: appending does not edit the tree)."""

    def append(self, value: BrowserItem, /) -> None:
        if not isinstance(value, BrowserItem):
            raise TypeError(f"BrowserItemVector holds BrowserItems, got {type(value).__name__}")
        self._items.append(value)

    def extend(self, values: Iterable[BrowserItem], /) -> None:
        for value in values:
            self.append(value)


class BrowserItemIterator:
    """Live.Browser.BrowserItemIterator: iterates over an item's children."""

    def __init__(self, items: list[BrowserItem]) -> None:
        self._items = iter(list(items))

    def __iter__(self) -> Iterator[BrowserItem]:
        return self

    def __next__(self) -> BrowserItem:
        return next(self._items)


class BrowserItem:
    """Live.Browser.BrowserItem: one entry of the browser tree."""

    def __init__(
        self,
        name: str,
        uri: str,
        *,
        is_folder: bool = False,
        is_device: bool = False,
        source: str = "",
        loader: Loader | None = None,
        children: Iterable[BrowserItem] = (),
    ) -> None:
        self._name = name
        self._uri = uri
        self._is_folder = is_folder
        self._is_device = is_device
        self._source = source
        self._loader = loader
        self._children: list[BrowserItem] = []
        self._parent: BrowserItem | None = None
        self._browser: Browser | None = None
        for child in children:
            self._add(child)

    def _add(self, child: BrowserItem) -> BrowserItem:
        child._parent = self
        self._children.append(child)
        return child

    def __repr__(self) -> str:
        return f"<BrowserItem {self._name!r} {self._uri}>"

    @property
    def name(self) -> str:
        return self._name

    @property
    def uri(self) -> str:
        return self._uri

    @property
    def is_folder(self) -> bool:
        return self._is_folder

    @property
    def is_device(self) -> bool:
        return self._is_device

    @property
    def is_loadable(self) -> bool:
        return self._loader is not None

    @property
    def source(self) -> str:
        return self._source

    @property
    def is_selected(self) -> bool:
        """True for the browser's selection (the last item loaded) and its ancestors."""
        selected = None if self._browser is None else self._browser._selected
        while selected is not None:
            if selected is self:
                return True
            selected = selected._parent
        return False

    @property
    def children(self) -> BrowserItemVector:
        return BrowserItemVector(list(self._children))

    @property
    def iter_children(self) -> BrowserItemIterator:
        return BrowserItemIterator(self._children)

    def _walk(self) -> Iterator[BrowserItem]:
        yield self
        for child in self._children:
            yield from child._walk()


# -- the default tree -------------------------------------------------------------------------

_CORE = "Core Library"
_LIVE = "Live"


def _device_loader(name: str) -> Loader:
    return lambda owner: _device_factory.create_device(name, owner, allow_max=True)


def _preset_loader(name: str) -> Loader:
    return lambda owner: _device_factory.create_preset(name, owner)


def _kit_loader(name: str) -> Loader:
    return lambda owner: _device_factory.create_kit(name, owner)


def _sample_loader(name: str) -> Loader:
    return lambda owner: _device_factory.create_sample_player(name, owner)


class _FileIds:
    """Stable FileId_N numbers: one per file, whichever category shows it."""

    def __init__(self, first: int = 5001) -> None:
        self._ids: dict[str, int] = {}
        self._next = first

    def __call__(self, file_name: str) -> str:
        if file_name not in self._ids:
            self._ids[file_name] = self._next
            self._next += 1
        return f"FileId_{self._ids[file_name]}"


def _device_items(query: str, names: Iterable[str], ids: _FileIds) -> list[BrowserItem]:
    items = []
    for name in names:
        item = BrowserItem(name, f"{query}#{quote(name)}", is_device=True, source=_LIVE,
                           loader=_device_loader(name))
        for folder, presets in catalogue.DEVICE_PRESETS.get(name, {}).items():
            folder_uri = f"{query}#{quote(name)}:{quote(folder)}"
            sub = item._add(BrowserItem(folder, folder_uri, is_folder=True, source=_CORE))
            for preset in presets:
                sub._add(BrowserItem(preset, f"{folder_uri}:{ids(preset)}", source=_CORE,
                                     loader=_preset_loader(preset)))
        items.append(item)
    return items


def _category(name: str, uri: str, children: Iterable[BrowserItem] = ()) -> BrowserItem:
    return BrowserItem(name, uri, is_folder=True, children=children)


def build_tree() -> dict[str, BrowserItem]:
    """The default browser content, one root item per category."""
    ids = _FileIds()
    roots = {
        "instruments": _category("Instruments", "query:Synths", _device_items(
            "query:Synths", sorted(catalogue.INSTRUMENTS, key=str.lower), ids)),
        "audio_effects": _category("Audio Effects", "query:AudioFx", _device_items(
            "query:AudioFx", sorted(catalogue.AUDIO_EFFECTS, key=str.lower), ids)),
        "midi_effects": _category("MIDI Effects", "query:MidiFx", _device_items(
            "query:MidiFx", sorted(catalogue.MIDI_EFFECTS, key=str.lower), ids)),
    }
    drums = _category("Drums", "query:Drums", _device_items(
        "query:Drums", ("Drum Rack", "Drum Sampler"), ids))
    for kit in catalogue.DRUM_KITS:
        drums._add(BrowserItem(kit, f"query:Drums#{ids(kit)}", source=_CORE,
                               loader=_kit_loader(kit)))
    sounds = _category("Sounds", "query:Sounds")
    for folder, presets in catalogue.SOUNDS.items():
        sub = sounds._add(BrowserItem(folder, f"query:Sounds#{quote(folder)}", is_folder=True,
                                      source=_CORE))
        for preset in presets:
            sub._add(BrowserItem(preset, f"query:Sounds#{quote(folder)}:{ids(preset)}",
                                 source=_CORE, loader=_preset_loader(preset)))
    samples = _category("Samples", "query:Samples")
    for folder, files in catalogue.SAMPLES.items():
        sub = samples._add(BrowserItem(folder, f"query:Samples#{quote(folder)}", is_folder=True,
                                       source=_CORE))
        for sample in files:
            sub._add(BrowserItem(sample, f"query:Samples#{quote(folder)}:{ids(sample)}",
                                 source=_CORE, loader=_sample_loader(sample)))
    m4l = _category("Max for Live", "query:MaxForLive")
    for folder, names in catalogue.MAX_FOR_LIVE.items():
        sub = m4l._add(BrowserItem(folder, f"query:MaxForLive#{quote(folder)}", is_folder=True,
                                   source=_CORE))
        for item in _device_items(f"query:MaxForLive#{quote(folder)}", names, ids):
            sub._add(item)
    packs = _category("Packs", "query:Packs", [
        BrowserItem(_CORE, f"query:Packs#{quote(_CORE)}", is_folder=True, source=_CORE)])
    user = _category("User Library", "userlibrary:", [
        BrowserItem(folder, f"userlibrary:{quote(folder)}", is_folder=True, source="User Library")
        for folder in ("Clips", "Presets", "Samples")])
    roots.update({
        "drums": drums, "sounds": sounds, "samples": samples,
        "clips": _category("Clips", "query:Clips"),
        "plugins": _category("Plug-Ins", "query:Plugins"),
        "max_for_live": m4l, "packs": packs, "user_library": user,
        "current_project": _category("Current Project", "currentproject:"),
    })
    return roots


_COLORS = ("Red", "Orange", "Yellow", "Green", "Blue", "Purple", "Gray")


class Browser(LomObject, observable=("filter_type", "full_refresh", "hotswap_target")):
    """Live.Browser.Browser: the categories and ``load_item`` onto the selected track."""

    def __init__(self, song: Song) -> None:
        super().__init__()
        self._song = song
        self._roots = build_tree()
        self._colors = [BrowserItem(name, f"query:Colors#{name}", is_folder=True)
                        for name in _COLORS]
        for item in [*self._roots.values(), *self._colors]:
            for node in item._walk():
                node._browser = self
        self._selected: BrowserItem | None = None
        self._previewing: BrowserItem | None = None
        self._hotswap_target: Device | None = None
        self._filter_type = int(FilterType.hotswap_off)

    def __repr__(self) -> str:
        return "<Browser>"

    @property
    def canonical_parent(self) -> None:
        return None

    # -- categories -------------------------------------------------------------------------

    @property
    def instruments(self) -> BrowserItem:
        return self._roots["instruments"]

    @property
    def audio_effects(self) -> BrowserItem:
        return self._roots["audio_effects"]

    @property
    def midi_effects(self) -> BrowserItem:
        return self._roots["midi_effects"]

    @property
    def drums(self) -> BrowserItem:
        return self._roots["drums"]

    @property
    def sounds(self) -> BrowserItem:
        return self._roots["sounds"]

    @property
    def samples(self) -> BrowserItem:
        return self._roots["samples"]

    @property
    def clips(self) -> BrowserItem:
        return self._roots["clips"]

    @property
    def plugins(self) -> BrowserItem:
        return self._roots["plugins"]

    @property
    def max_for_live(self) -> BrowserItem:
        return self._roots["max_for_live"]

    @property
    def packs(self) -> BrowserItem:
        return self._roots["packs"]

    @property
    def user_library(self) -> BrowserItem:
        return self._roots["user_library"]

    @property
    def current_project(self) -> BrowserItem:
        return self._roots["current_project"]

    @property
    def user_folders(self) -> BrowserItemVector:
        return BrowserItemVector([])

    @property
    def colors(self) -> BrowserItemVector:
        return BrowserItemVector(list(self._colors))

    @property
    def legacy_libraries(self) -> BrowserItemVector:
        return BrowserItemVector([])  # Live: "always empty"

    # -- filter and hotswap -----------------------------------------------------------------

    @property
    def filter_type(self) -> FilterType:
        return FilterType(self._filter_type)

    @filter_type.setter
    def filter_type(self, value: Any) -> None:
        number = as_int(self, "filter_type", value)
        if not FilterType.disabled <= number < FilterType.count:
            raise RuntimeError(
                f"filter_type must be in range -1..{FilterType.count - 1}, got {number}"
            )
        self._set_field("filter_type", number)

    @property
    def hotswap_target(self) -> Device | None:
        return self._hotswap_target

    @hotswap_target.setter
    def hotswap_target(self, value: Any) -> None:
        if value is not None and not isinstance(value, Device):
            raise TypeError(f"hotswap_target must be a Device or None, got {type(value).__name__}")
        if self._set_field("hotswap_target", value):
            # Live's browser filters to what can replace the target.
            kind = {DeviceType.instrument: FilterType.instrument_hotswap,
                    DeviceType.audio_effect: FilterType.audio_effect_hotswap,
                    DeviceType.midi_effect: FilterType.midi_effect_hotswap}
            wanted = FilterType.hotswap_off if value is None else kind.get(
                value.type, FilterType.hotswap_off)
            self._set_field("filter_type", int(wanted))

    def relation_to_hotswap_target(self, item: BrowserItem, /) -> Relation:
        target = self._hotswap_target
        self._check_item(item)
        if target is None:
            return Relation.none
        match = next((node for root in self._roots.values() for node in root._walk()
                      if node._is_device and node._name == target.class_display_name), None)
        if match is None:
            return Relation.none
        if item is match:
            return Relation.equal
        node: BrowserItem | None = match._parent
        while node is not None:
            if node is item:
                return Relation.ancestor
            node = node._parent
        node = item._parent
        while node is not None:
            if node is match:
                return Relation.descendant
            node = node._parent
        return Relation.none

    # -- loading ----------------------------------------------------------------------------

    @staticmethod
    def _check_item(item: Any) -> BrowserItem:
        if not isinstance(item, BrowserItem):
            raise TypeError(f"expected a BrowserItem, got {type(item).__name__}")
        return item

    def load_item(self, item: BrowserItem, /) -> None:
        """Load ``item`` onto the selected track, or in place of ``hotswap_target``."""
        check_not_notifying()
        self._check_item(item)
        if item._loader is None:
            raise RuntimeError(f"Cannot load {item.name!r}: the item is not loadable")
        target = self._hotswap_target
        if target is not None:
            self._hotswap(item._loader, target)
        else:
            track = self._song.view.selected_track
            device = item._loader(track)
            position, replaced = _device_chain.browser_position(
                track._device_accepts, track._devices, device,
                insert_mode=track.view.device_insert_mode,
                selected=track.view.selected_device,
            )
            _device_chain.place_device(track, device, position, "Load Device",
                                       replaces=replaced)
            self._song.view.select_device(device)
        self._selected = item

    def _hotswap(self, loader: Loader, target: Device) -> None:
        owner: Any = target.canonical_parent
        if owner is None or not any(target is d for d in owner._devices):
            raise RuntimeError("The hotswap target is no longer in the set")
        device = loader(owner)
        if device.type != target.type:
            raise RuntimeError(
                f"Cannot hotswap {target.name!r} with {device.class_display_name!r}: "
                "the devices are of different types"
            )
        position = owner._devices.index(target)
        _device_chain.place_device(owner, device, position, "Hotswap", replaces=target)
        self.hotswap_target = device

    def preview_item(self, item: BrowserItem, /) -> None:
        """Accepted; the emulator makes no sound."""
        self._previewing = self._check_item(item)

    def stop_preview(self) -> None:
        self._previewing = None
