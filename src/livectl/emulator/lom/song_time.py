"""Song time as Live's clock readouts: ``Live.Song.SmptTime`` and ``Live.Song.TimeFormat``.

``Song.get_current_smpte_song_time(format)`` converts the playhead (beats) to seconds at the
song tempo (tempo automation is not modelled, so the tempo is constant) and splits it into
hours, minutes, seconds and frames of the requested format. ``ms_time`` counts milliseconds
in the frames field. 29.97 fps formats follow SMPTE: ``smpte_30_drop`` numbers frames with
drop-frame labels (frames 0 and 1 skipped each minute except every tenth), ``smpte_29`` counts
29.97 fps frames with plain 30-frame labels.
"""

from __future__ import annotations

import math

from livectl.emulator.lom.enums import LiveEnum

__all__ = ["SmptTime", "TimeFormat", "smpte_time"]


class TimeFormat(LiveEnum):
    ms_time = 0
    smpte_24 = 1
    smpte_25 = 2
    smpte_30 = 3
    smpte_30_drop = 4
    smpte_29 = 5


class SmptTime:
    """Hours, minutes, seconds and frames (``Live.Song.SmptTime``; settable fields, as in Live)."""

    def __init__(self) -> None:  # Live's takes no arguments
        self.hours = 0
        self.minutes = 0
        self.seconds = 0
        self.frames = 0

    def __repr__(self) -> str:
        return f"<SmptTime {self.hours:02d}:{self.minutes:02d}:{self.seconds:02d}:{self.frames:02d}>"


_NTSC = 30000 / 1001  # 29.97 fps


def _split(total_frames: int, per_second: int) -> SmptTime:
    seconds, frames = divmod(total_frames, per_second)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    time = SmptTime()
    time.hours, time.minutes, time.seconds, time.frames = hours, minutes, seconds, frames
    return time


def smpte_time(seconds: float, time_format: int) -> SmptTime:
    """``seconds`` of song time in ``time_format`` (a ``TimeFormat`` value)."""
    if isinstance(time_format, bool) or not isinstance(time_format, int):
        raise TypeError(f"smpte_format must be an int, got {time_format!r}")
    if not 0 <= time_format <= 5:
        raise ValueError(f"smpte_format must be in range 0..5 (Live.Song.TimeFormat), got {time_format}")
    seconds = max(0.0, float(seconds))
    if time_format == TimeFormat.ms_time:
        return _split(math.floor(seconds * 1000.0 + 1e-6), 1000)
    if time_format in (TimeFormat.smpte_24, TimeFormat.smpte_25, TimeFormat.smpte_30):
        fps = {TimeFormat.smpte_24: 24, TimeFormat.smpte_25: 25, TimeFormat.smpte_30: 30}
        rate = fps[TimeFormat(time_format)]
        return _split(math.floor(seconds * rate + 1e-6), rate)
    frames = math.floor(seconds * _NTSC + 1e-6)
    if time_format == TimeFormat.smpte_30_drop:
        # Drop-frame labels: 17982 real frames per 10 minutes, 1798 per later minute.
        tens, rest = divmod(frames, 17982)
        dropped = 18 * tens + (2 * ((rest - 2) // 1798) if rest >= 2 else 0)
        frames += dropped
    return _split(frames, 30)
