"""Live.Application.Application: version, process figures and the browser of the emulated Live."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from livectl.emulator.lom._observable import LomObject
from livectl.emulator.lom.browser import Browser

if TYPE_CHECKING:
    from livectl.emulator.lom.song import Song

__all__ = ["Application", "ApplicationView"]


class ApplicationView(LomObject, observable=("focused_document_view", "browse_mode")):
    """Application.View: which of Live's views are shown (Session by default)."""

    _VIEWS = ("Browser", "Arranger", "Session", "Detail", "Detail/Clip", "Detail/DeviceChain")

    def __init__(self, app: Application) -> None:
        super().__init__()
        self._app = app
        self._visible = {"Session", "Browser", "Detail", "Detail/Clip"}
        self._focused = "Session"
        self._browse_mode = False

    @property
    def canonical_parent(self) -> Application:
        return self._app

    @property
    def focused_document_view(self) -> str:
        return self._focused

    @property
    def browse_mode(self) -> bool:
        return self._browse_mode

    def available_main_views(self) -> tuple[str, ...]:
        return self._VIEWS

    def _check(self, view: Any) -> str:
        if view not in self._VIEWS:
            raise RuntimeError(f"Unknown view name: {view!r}")
        return str(view)

    def show_view(self, view: str, /) -> None:
        self._visible.add(self._check(view))
        if view in ("Session", "Arranger") and view != self._focused:
            self._focused = view
            self._notify("focused_document_view")

    def hide_view(self, view_name: str, /) -> None:
        self._visible.discard(self._check(view_name))

    def focus_view(self, view: str, /) -> None:
        self.show_view(view)

    def is_view_visible(self, view_name: str, main_window_only: bool = True, /) -> bool:
        return self._check(view_name) in self._visible

    def toggle_browse(self) -> None:
        self._browse_mode = not self._browse_mode
        self._notify("browse_mode")


class Application(
    LomObject,
    observable=("average_process_usage", "peak_process_usage", "open_dialog_count",
                "control_surfaces", "unavailable_features"),
):
    """``Live.Application.get_application()`` returns this."""

    def __init__(self, song: Song, version: tuple[int, int, int] = (12, 1, 5)) -> None:
        super().__init__()
        self._song = song
        self._version = version
        self._average_process_usage = 0.0
        self._peak_process_usage = 0.0
        self._view = ApplicationView(self)
        self._browser: Browser | None = None

    @property
    def canonical_parent(self) -> None:
        return None

    @property
    def browser(self) -> Browser:
        """Live's browser (built on first use: the tree is a few hundred items)."""
        if self._browser is None:
            self._browser = Browser(self._song)
        return self._browser

    @property
    def view(self) -> ApplicationView:
        return self._view

    @property
    def average_process_usage(self) -> float:
        return self._average_process_usage

    @property
    def peak_process_usage(self) -> float:
        return self._peak_process_usage

    @property
    def open_dialog_count(self) -> int:
        return 0

    @property
    def current_dialog_message(self) -> str:
        return ""

    @property
    def current_dialog_button_count(self) -> int:
        return 0

    @property
    def number_of_push_apps_running(self) -> int:
        return 0

    @property
    def control_surfaces(self) -> tuple[object, ...]:
        return ()

    def get_document(self) -> Song:
        return self._song

    def get_major_version(self) -> int:
        return self._version[0]

    def get_minor_version(self) -> int:
        return self._version[1]

    def get_bugfix_version(self) -> int:
        return self._version[2]

    def get_version_string(self) -> str:
        return ".".join(str(v) for v in self._version)

    def get_build_id(self) -> str:
        return "livectl-emulator"

    def get_variant(self) -> str:
        return "Suite"

    def has_option(self, option_name: str, /) -> bool:
        return False

    def press_current_dialog_button(self, index: int, /) -> None:
        raise RuntimeError("No dialog is open")
