"""Live's browser (``/live/browser/...``, livectl's script only): categories, folders, search,
loading an item onto a track.

``live.browser.search("Operator")`` gives :class:`BrowserItem` values; ``live.browser.load(
item, track)`` loads one (a device, a preset, a drum kit) onto a track, as a user dragging it
from Live's browser would, and returns the new :class:`~livectl.model.device.Device`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from livectl.checks import check_index, check_int_range
from livectl.client._request import Op
from livectl.errors import ProtocolError, ValidationError
from livectl.model import _ext, _ops
from livectl.model._base import LiveObject
from livectl.model._binding import Binding, Io
from livectl.model.device import Device
from livectl.script.handlers.browser import CATEGORIES, MAX_RESULTS

__all__ = ["CATEGORIES", "Browser", "BrowserItem"]

_MAX_TEXT = 256  # a search text or folder name longer than any item name in Live's browser


@dataclass(frozen=True)
class BrowserItem:
    """One item of Live's browser: ``uri`` identifies it for :meth:`Browser.load`."""

    name: str
    uri: str
    is_folder: bool
    is_loadable: bool


def _items(values: Sequence[Any]) -> list[BrowserItem]:
    if len(values) % 4:
        raise ProtocolError(f"browser reply has {len(values)} values, not groups of 4")
    return [BrowserItem(str(values[i]), str(values[i + 1]), bool(values[i + 2]),
                        bool(values[i + 3])) for i in range(0, len(values), 4)]


def _text(field: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > _MAX_TEXT:
        raise ValidationError(
            f"{field} must be a non-empty str of at most {_MAX_TEXT} characters, got {value!r}",
            field=field, value=value)
    return value


def _category(value: Any) -> str:
    if value not in CATEGORIES:
        raise ValidationError(
            f"category must be one of {', '.join(CATEGORIES)}, got {value!r}",
            field="category", value=value)
    return str(value)


def _listed(op: Op[tuple[Any, ...]]) -> Op[list[BrowserItem]]:
    values = yield from op
    return _items(values)


def _loaded(binding: Binding, op: Op[tuple[Any, ...]], track: int) -> Op[Device]:
    values = yield from op
    return Device(binding, (track, int(values[-1])))  # reply: (track, device_index)


class Browser(LiveObject):
    """``live.browser``: ``categories``, ``children(category, *folders)``, ``search(text)``,
    ``load(item_or_uri, track)``. Needs livectl's remote script (Live's browser is beyond
    AbletonOSC)."""

    DOMAIN = "browser"

    def __init__(self, binding: Binding) -> None:
        super().__init__(binding, ())

    @property
    def categories(self) -> Io[tuple[str, ...]]:
        """The category keys (``instruments``, ``drums``, ``audio_effects``, ...)."""
        return self._query("categories")

    def children(self, category: str, *path: str) -> Io[list[BrowserItem]]:
        """The items one level below ``category`` and the folders ``path`` (by name)."""
        args = (_category(category), *(_text("folder", f) for f in path))
        return self._run(_listed(_ops.query(self._ep("children"), args)))

    def search(self, text: str, category: str | None = None, max_results: int = 50) -> Io[list[BrowserItem]]:
        """Items whose name contains ``text`` (case-insensitive), in ``category`` or in all,
        depth first as Live's browser lists them; at most ``max_results`` (1..500)."""
        args: tuple[Any, ...] = (_text("text", text),
                                 "" if category is None else _category(category),
                                 check_int_range("max_results", max_results, 1, MAX_RESULTS))
        return self._run(_listed(_ops.query(self._ep("search"), args)))

    def load(self, item: BrowserItem | str, track: Any) -> Io[Device]:
        """Load ``item`` (a BrowserItem or its uri) onto ``track`` (a Track or its index), as
        Live's browser does (the track is selected first); returns the loaded Device."""
        if isinstance(item, BrowserItem):
            if not item.is_loadable:
                raise ValidationError(f"item {item.name!r} is not loadable (a folder?)",
                                      field="item", value=item.uri)
            uri = item.uri
        else:
            uri = _text("uri", item)
        t = track_index(track)
        op = _ext.call_reply(self._ep("load"), (t, uri))
        return self._run(_loaded(self._binding, op, t))

    def __repr__(self) -> str:
        return "<Browser>"


def track_index(track: Any) -> int:
    """A Track's index, or an int index checked (>= 0: Live's browser loads onto a track)."""
    index = getattr(track, "track_index", track)
    return check_index(index, "track", allow_negative=False)
