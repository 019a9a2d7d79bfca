"""The enums of Live's API that the emulator uses, with Live 12's member names and values.

Live's enums are Boost enums (int subclasses). Properties in the emulator return plain ints
with these values, which is what AbletonOSC sends on the wire.
"""

from __future__ import annotations

from enum import IntEnum

__all__ = [
    "CaptureMode",
    "ClipLaunchQuantization",
    "ClipSlotPlayingState",
    "DeviceInsertMode",
    "DeviceType",
    "LaunchMode",
    "LiveEnum",
    "MonitoringState",
    "Quantization",
    "RecordingQuantization",
    "SessionRecordStatus",
    "WarpMode",
    "clip_quantum_beats",
    "song_quantum_beats",
]


class LiveEnum(IntEnum):
    """Base of Live's enums: Boost.Python enums are ints whose ``str()`` is the member name
    (``str(Live.Song.Quantization.q_bar) == "q_bar"``; ableton-js sends exactly that)."""

    def __str__(self) -> str:
        return self.name


class Quantization(LiveEnum):
    """Live.Song.Quantization (song ``clip_trigger_quantization``); names as in Live."""

    q_no_q = 0
    q_8_bars = 1
    q_4_bars = 2
    q_2_bars = 3
    q_bar = 4
    q_half = 5
    q_half_triplet = 6
    q_quarter = 7
    q_quarter_triplet = 8
    q_eight = 9
    q_eight_triplet = 10
    q_sixtenth = 11
    q_sixtenth_triplet = 12
    q_thirtytwoth = 13


class RecordingQuantization(LiveEnum):
    rec_q_no_q = 0
    rec_q_quarter = 1
    rec_q_eight = 2
    rec_q_eight_triplet = 3
    rec_q_eight_eight_triplet = 4
    rec_q_sixtenth = 5
    rec_q_sixtenth_triplet = 6
    rec_q_sixtenth_sixtenth_triplet = 7
    rec_q_thirtysecond = 8


class ClipLaunchQuantization(LiveEnum):
    """Live.Clip.ClipLaunchQuantization: shifted by one against Quantization (0 = Global)."""

    q_global = 0
    q_none = 1
    q_8_bars = 2
    q_4_bars = 3
    q_2_bars = 4
    q_bar = 5
    q_half = 6
    q_half_triplet = 7
    q_quarter = 8
    q_quarter_triplet = 9
    q_eighth = 10
    q_eighth_triplet = 11
    q_sixteenth = 12
    q_sixteenth_triplet = 13
    q_thirtysecond = 14


class LaunchMode(LiveEnum):
    trigger = 0
    gate = 1
    toggle = 2
    repeat = 3


class WarpMode(LiveEnum):
    beats = 0
    tones = 1
    texture = 2
    repitch = 3
    complex = 4
    rex = 5
    complex_pro = 6


class DeviceType(LiveEnum):
    undefined = 0
    instrument = 1
    audio_effect = 2
    midi_effect = 4

    def __str__(self) -> str:
        # Live's Boost enums print their member name: str(device.type) == "instrument"
        # (ableton-js sends str(device.type) and expects the name).
        return self.name


class ClipSlotPlayingState(LiveEnum):
    stopped = 0
    started = 1
    recording = 2


class SessionRecordStatus(LiveEnum):
    off = 0
    on = 1
    transition = 2


class CaptureMode(LiveEnum):
    all = 0
    all_except_selected = 1


class MonitoringState(LiveEnum):
    """Live.Track.Track.monitoring_states."""

    IN = 0
    AUTO = 1
    OFF = 2


class DeviceInsertMode(LiveEnum):
    """Live.Track.DeviceInsertMode (``Track.View.device_insert_mode``): where the browser
    inserts a device."""

    default = 0
    selected_left = 1
    selected_right = 2
    count = 3


# Length of one quantization step, as (bars, beats): a step is bars * bar_length + beats.
_SONG_QUANTUM: dict[int, tuple[int, float]] = {
    Quantization.q_8_bars: (8, 0.0),
    Quantization.q_4_bars: (4, 0.0),
    Quantization.q_2_bars: (2, 0.0),
    Quantization.q_bar: (1, 0.0),
    Quantization.q_half: (0, 2.0),
    Quantization.q_half_triplet: (0, 4.0 / 3.0),
    Quantization.q_quarter: (0, 1.0),
    Quantization.q_quarter_triplet: (0, 2.0 / 3.0),
    Quantization.q_eight: (0, 0.5),
    Quantization.q_eight_triplet: (0, 1.0 / 3.0),
    Quantization.q_sixtenth: (0, 0.25),
    Quantization.q_sixtenth_triplet: (0, 1.0 / 6.0),
    Quantization.q_thirtytwoth: (0, 0.125),
}


def song_quantum_beats(quantization: int, bar_beats: float) -> float:
    """Beats per step of a song ``Quantization`` value; 0.0 means no quantization."""
    if quantization == Quantization.q_no_q:
        return 0.0
    bars, beats = _SONG_QUANTUM[quantization]
    return bars * bar_beats + beats


def clip_quantum_beats(launch_quantization: int, global_quantization: int, bar_beats: float) -> float:
    """Beats per step of a clip's ``launch_quantization`` (0 = use the song's setting)."""
    if launch_quantization == ClipLaunchQuantization.q_global:
        return song_quantum_beats(global_quantization, bar_beats)
    if launch_quantization == ClipLaunchQuantization.q_none:
        return 0.0
    return song_quantum_beats(launch_quantization - 1, bar_beats)
