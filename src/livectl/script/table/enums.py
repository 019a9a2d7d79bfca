"""The integer enumerations of AbletonOSC/Live (spec §9), as IntEnums.

Values travel as plain OSC ints; these names only make code readable. Labels follow Live's UI.
"""

from __future__ import annotations

from enum import IntEnum

__all__ = [
    "DeviceType",
    "LaunchMode",
    "LaunchQuantization",
    "MonitoringState",
    "Quantization",
    "RecordingQuantization",
    "WarpMode",
]


class Quantization(IntEnum):
    """Song ``clip_trigger_quantization`` (LOM ``Song.Quantization``, §9.1)."""

    NONE = 0
    BARS_8 = 1
    BARS_4 = 2
    BARS_2 = 3
    BAR_1 = 4  # Live's default
    HALF = 5
    HALF_TRIPLET = 6
    QUARTER = 7
    QUARTER_TRIPLET = 8
    EIGHTH = 9
    EIGHTH_TRIPLET = 10
    SIXTEENTH = 11
    SIXTEENTH_TRIPLET = 12
    THIRTY_SECOND = 13


class LaunchQuantization(IntEnum):
    """Clip ``launch_quantization`` (§9.3): shifted by one against Quantization, 0 is Global."""

    GLOBAL = 0
    NONE = 1
    BARS_8 = 2
    BARS_4 = 3
    BARS_2 = 4
    BAR_1 = 5
    HALF = 6
    HALF_TRIPLET = 7
    QUARTER = 8
    QUARTER_TRIPLET = 9
    EIGHTH = 10
    EIGHTH_TRIPLET = 11
    SIXTEENTH = 12
    SIXTEENTH_TRIPLET = 13
    THIRTY_SECOND = 14


class RecordingQuantization(IntEnum):
    """Song ``midi_recording_quantization`` (§9.2)."""

    NONE = 0
    QUARTER = 1
    EIGHTH = 2
    EIGHTH_TRIPLET = 3
    EIGHTH_AND_TRIPLET = 4
    SIXTEENTH = 5
    SIXTEENTH_TRIPLET = 6
    SIXTEENTH_AND_TRIPLET = 7
    THIRTY_SECOND = 8


class WarpMode(IntEnum):
    """Clip ``warp_mode`` (§9.4). Live skips 5 ("invalid")."""

    BEATS = 0
    TONES = 1
    TEXTURE = 2
    REPITCH = 3
    COMPLEX = 4
    COMPLEX_PRO = 6


class LaunchMode(IntEnum):
    """Clip ``launch_mode`` (§9.5)."""

    TRIGGER = 0
    GATE = 1
    TOGGLE = 2
    REPEAT = 3


class MonitoringState(IntEnum):
    """Track ``current_monitoring_state`` (§9.5)."""

    IN = 0
    AUTO = 1
    OFF = 2


class DeviceType(IntEnum):
    """Device ``type``, with the LOM's values (§9.6: AbletonOSC's README numbering is wrong)."""

    UNDEFINED = 0
    INSTRUMENT = 1
    AUDIO_EFFECT = 2
    MIDI_EFFECT = 4
