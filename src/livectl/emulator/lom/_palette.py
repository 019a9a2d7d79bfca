"""Live's 70-colour clip/track palette and the snapping Live applies when a colour is set.

Setting ``color`` in Live stores the nearest palette entry, so reading it back gives the
palette colour (protocol reference §3.4). The table comes from that reference (two
third-party projects that agree); the distance Live uses is not documented, so squared
RGB distance is used here.
"""

from __future__ import annotations

from typing import Any

from livectl.emulator.lom._observable import as_int

__all__ = ["PALETTE", "check_color_index", "color_for_index", "color_property", "nearest_index"]

# index -> 0xRRGGBB, rows of 14 as in Live's colour chooser.
PALETTE: tuple[int, ...] = (
    0xFF94A6, 0xFFA529, 0xCC9927, 0xF7F47C, 0xBFFB00, 0x1AFF2F, 0x25FFA8,
    0x5CFFE8, 0x8BC5FF, 0x5480E4, 0x92A7FF, 0xD86CE4, 0xE553A0, 0xFFFFFF,
    0xFF3636, 0xF66C03, 0x99724B, 0xFFF034, 0x87FF67, 0x3DC300, 0x00BFAF,
    0x19E9FF, 0x10A4EE, 0x007DC0, 0x886CE4, 0xB677C6, 0xFF39D4, 0xD0D0D0,
    0xE2675A, 0xFFA374, 0xD3AD71, 0xEDFFAE, 0xD2E498, 0xBAD074, 0x9BC48D,
    0xD4FDE1, 0xCDF1F8, 0xB9C1E3, 0xCDBBE4, 0xAE98E5, 0xE5DCE1, 0xA9A9A9,
    0xC6928B, 0xB78256, 0x99836A, 0xBFBA69, 0xA6BE00, 0x7DB04D, 0x88C2BA,
    0x9BB3C4, 0x85A5C2, 0x8393CC, 0xA595B5, 0xBF9FBE, 0xBC7196, 0x7B7B7B,
    0xAF3333, 0xA95131, 0x724F41, 0xDBC300, 0x85961F, 0x539F31, 0x0A9C8E,
    0x236384, 0x1A2F96, 0x2F52A2, 0x624BAD, 0xA34BAD, 0xCC2E6E, 0x3C3C3C,
)  # fmt: skip


def nearest_index(rgb: int) -> int:
    """Palette index nearest to ``rgb`` (0xRRGGBB); exact palette colours map to themselves."""
    r, g, b = (rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF
    best, best_distance = 0, 1 << 30
    for index, colour in enumerate(PALETTE):
        dr = r - ((colour >> 16) & 0xFF)
        dg = g - ((colour >> 8) & 0xFF)
        db = b - (colour & 0xFF)
        distance = dr * dr + dg * dg + db * db
        if distance < best_distance:
            best, best_distance = index, distance
    return best


def color_for_index(index: int) -> int:
    if not 0 <= index < len(PALETTE):
        raise RuntimeError(f"Invalid color index {index}: must be in range 0..{len(PALETTE) - 1}")
    return PALETTE[index]


def check_color_index(obj: object, value: int) -> int:
    """``Field(check=...)`` for ``color_index``: Live's error for an index off the palette."""
    color_for_index(value)
    return value


def color_property() -> property:
    """The ``color`` property of tracks, scenes and clips: the RGB of ``color_index``.

    Setting it snaps to the nearest palette entry (Live's behaviour, reference §3.4) and
    stores that index, so ``color`` and ``color_index`` listeners fire together (the owner
    lists ``color_index -> color`` in ``derived_properties``).
    """

    def get(self: Any) -> int:
        return color_for_index(self._color_index)

    def set_(self: Any, value: Any) -> None:
        self._set_field("color_index", nearest_index(as_int(self, "color", value)))

    return property(get, set_, doc="RGB colour 0xRRGGBB, snapped to Live's palette on set.")
