import math

import pytest

from livectl.checks import (
    check_channel,
    check_duration,
    check_index,
    check_pitch,
    check_tempo,
    check_velocity,
)
from livectl.errors import LiveCtlError, RangeError, ValidationError


@pytest.mark.parametrize("check,field", [(check_pitch, "pitch"), (check_velocity, "velocity")])
def test_seven_bit_fields_name_field_range_and_value(check, field):
    assert check(0) == 0 and check(127) == 127
    with pytest.raises(RangeError) as info:
        check(200)
    assert str(info.value) == f"{field} must be in range 0..127, got 200"
    assert isinstance(info.value, ValueError) and isinstance(info.value, LiveCtlError)
    with pytest.raises(ValidationError, match=field):
        check(60.5)
    with pytest.raises(ValidationError):
        check(True)


def test_channel_is_one_based():
    assert check_channel(1) == 1 and check_channel(16) == 16
    with pytest.raises(RangeError, match=r"channel must be in range 1\.\.16, got 0"):
        check_channel(0)


def test_tempo_range_is_lives():
    assert check_tempo(20) == 20.0 and check_tempo(999.0) == 999.0
    with pytest.raises(RangeError, match=r"tempo_bpm must be in range 20.0..999.0 BPM, got 1000"):
        check_tempo(1000)
    with pytest.raises(ValidationError):
        check_tempo(math.nan)


def test_duration_positive_and_index_int():
    assert check_duration(0.25) == 0.25
    with pytest.raises(ValidationError, match="duration must be > 0"):
        check_duration(0)
    assert check_index(2.0) == 2 and check_index(-1) == -1
    with pytest.raises(ValidationError, match="index must be an int"):
        check_index("2")
    with pytest.raises(ValidationError):
        check_index(-1, allow_negative=False)
