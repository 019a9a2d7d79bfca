"""Clip automation envelopes and parameters following them on a virtual clock."""

from __future__ import annotations

import pytest
from lom_helpers import Recorder, VirtualClock

from livectl.emulator.lom import Clip, DeviceParameter, LiveEngine
from livectl.emulator.lom._observable import NOTIFICATION_CHANGE_ERROR
from livectl.emulator.lom.envelope import Envelope, EnvelopeEvent

BEAT_S = 0.5  # at 120 BPM
NOT_HERE = "Not a session clip or parameter belongs to another track."


@pytest.fixture
def clip(engine: LiveEngine) -> Clip:
    return engine.song.tracks[0].clip_slots[0].create_clip(4.0)


@pytest.fixture
def volume(engine: LiveEngine) -> DeviceParameter:
    return engine.song.tracks[0].mixer_device.volume


def _to_beat(engine: LiveEngine, clock: VirtualClock, beat: float) -> None:
    clock.advance((beat - engine.song.current_song_time) * BEAT_S)
    engine.advance()


def test_create_get_and_clear(clip: Clip, volume: DeviceParameter) -> None:
    assert clip.automation_envelope(volume) is None and not clip.has_envelopes
    flags = Recorder(lambda: clip.has_envelopes)
    clip.add_has_envelopes_listener(flags)
    envelope = clip.create_automation_envelope(volume)
    assert isinstance(envelope, Envelope) and envelope.canonical_parent is clip
    assert clip.automation_envelope(volume) is envelope
    assert list(clip.automation_envelopes) == [envelope]
    assert envelope.value_at_time(2.0) == pytest.approx(0.85)  # holds the current value
    with pytest.raises(RuntimeError):
        clip.create_automation_envelope(volume)  # Live: only when none exists
    clip.clear_envelope(volume)
    assert clip.automation_envelope(volume) is None
    clip.clear_envelope(volume)  # nothing left: no change, no listener call
    clip.create_automation_envelope(volume)
    clip.create_automation_envelope(clip.canonical_parent.canonical_parent.mixer_device.panning)
    clip.clear_all_envelopes()
    assert list(clip.automation_envelopes) == []
    assert flags.values == [True, False, True, False]


def test_live_s_refusals(engine: LiveEngine, clip: Clip) -> None:
    other_track = engine.song.tracks[1].mixer_device.volume
    assert clip.automation_envelope(other_track) is None
    with pytest.raises(RuntimeError, match=f"^{NOT_HERE}$"):
        clip.create_automation_envelope(other_track)
    arranged = engine.song.tracks[0].create_midi_clip(0, 4)
    own = engine.song.tracks[0].mixer_device.volume
    assert arranged.automation_envelope(own) is None  # Live: None for arrangement clips
    with pytest.raises(RuntimeError, match=f"^{NOT_HERE}$"):
        arranged.create_automation_envelope(own)
    with pytest.raises(TypeError):
        clip.create_automation_envelope("Volume")  # type: ignore[arg-type]


def test_insert_step_and_value_at_time(clip: Clip, volume: DeviceParameter) -> None:
    envelope = clip.create_automation_envelope(volume)
    envelope.insert_step(0.0, 4.0, 0.5)
    assert envelope.value_at_time(2.0) == 0.5  # as probed on Live 12.4
    envelope.insert_step(1.0, 1.0, 0.2)
    assert [envelope.value_at_time(t) for t in (0.5, 1.0, 1.5, 2.0, 3.0)] == [
        0.5, 0.2, 0.2, 0.5, 0.5]
    assert envelope.value_at_time(4.0) == pytest.approx(0.85)  # after the step: as before
    assert envelope.value_at_time(-3.0) == pytest.approx(0.85)
    events = envelope.events_in_range(1.0, 2.0)
    assert all(isinstance(e, EnvelopeEvent) for e in events)
    assert [(e.time, e.value) for e in events] == [(1.0, 0.5), (1.0, 0.2)]
    envelope.delete_events_in_range(0.9, 2.1)
    assert envelope.value_at_time(1.5) == 0.5  # straight line between the neighbours


def test_linear_between_breakpoints_and_held_on_quantized(engine: LiveEngine) -> None:
    engine.add_device(0, "Auto Filter", "AutoFilter", 2,
                      [{"name": "Frequency", "value": 0.0, "min": 0.0, "max": 1.0},
                       {"name": "Mode", "value": 0, "min": 0, "max": 3, "is_quantized": True}])
    track = engine.song.tracks[0]
    clip = track.clip_slots[0].create_clip(4.0)
    frequency, mode = track.devices[0].parameters[1], track.devices[0].parameters[2]
    ramp = clip.create_automation_envelope(frequency)
    ramp.insert_step(2.0, 2.0, 1.0)
    ramp.delete_events_in_range(1.5, 2.0001)  # leaves 0 at t=0 ... 1 from t=2 on: a ramp
    assert ramp.value_at_time(1.0) == pytest.approx(0.25)
    steps = clip.create_automation_envelope(mode)
    steps.insert_step(2.0, 2.0, 3.0)
    steps.delete_events_in_range(1.5, 2.0001)
    assert steps.value_at_time(1.9) == 0.0  # quantized: no interpolation


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ((0.0, 1.0, 1.5), RuntimeError),  # outside volume's 0..1
        ((0.0, -1.0, 0.5), RuntimeError),
        ((float("nan"), 1.0, 0.5), ValueError),
        (("0", 1.0, 0.5), TypeError),
        ((2e6, 1.0, 0.5), RuntimeError),
    ],
)
def test_insert_step_refusals(clip: Clip, volume: DeviceParameter, args: tuple[object, ...],
                              error: type) -> None:
    envelope = clip.create_automation_envelope(volume)
    with pytest.raises(error):
        envelope.insert_step(*args)  # type: ignore[arg-type]
    assert envelope.value_at_time(0.0) == pytest.approx(0.85)


def test_automation_state_follows_envelopes(clip: Clip, volume: DeviceParameter) -> None:
    states = Recorder(lambda: volume.automation_state)
    volume.add_automation_state_listener(states)
    assert volume.automation_state == 0
    clip.create_automation_envelope(volume)
    assert volume.automation_state == 1
    clip.canonical_parent.delete_clip()  # the clip goes, and with it the automation
    assert volume.automation_state == 0
    assert states.values == [1, 0]


def test_parameter_follows_the_envelope_on_the_clock(
    engine: LiveEngine, clock: VirtualClock, clip: Clip, volume: DeviceParameter
) -> None:
    envelope = clip.create_automation_envelope(volume)
    envelope.insert_step(0.0, 1.0, 0.1)
    envelope.insert_step(1.0, 1.0, 0.3)
    envelope.insert_step(2.0, 2.0, 0.6)
    values = Recorder(lambda: volume.value)
    volume.add_value_listener(values)
    clip.fire()  # starts the transport and the clip at beat 0
    assert volume.value == pytest.approx(0.1)
    for beat in (0.5, 1.25, 1.75, 2.5, 3.5, 4.25):
        _to_beat(engine, clock, beat)
    # only changes reach listeners; the loop wraps back to the first step
    assert values.values == pytest.approx([0.1, 0.3, 0.6, 0.1])
    engine.song.stop_playing()
    _to_beat(engine, clock, 9.0)
    assert volume.value == pytest.approx(0.1)  # stopped: the value stays where it was


def test_a_hand_set_value_overrides_until_re_enabled(
    engine: LiveEngine, clock: VirtualClock, clip: Clip, volume: DeviceParameter
) -> None:
    song = engine.song
    clip.create_automation_envelope(volume).insert_step(0.0, 4.0, 0.2)
    flags = Recorder(lambda: song.re_enable_automation_enabled)
    song.add_re_enable_automation_enabled_listener(flags)
    clip.fire()
    assert volume.value == pytest.approx(0.2)
    volume.value = 0.7
    assert volume.automation_state == 2 and song.re_enable_automation_enabled
    _to_beat(engine, clock, 1.0)
    assert volume.value == pytest.approx(0.7)  # overridden: the envelope no longer moves it
    volume.re_enable_automation()
    assert volume.automation_state == 1 and volume.value == pytest.approx(0.2)
    volume.value = 0.4
    song.re_enable_automation()
    assert volume.automation_state == 1 and volume.value == pytest.approx(0.2)
    assert flags.values == [True, False, True, False]


def test_envelope_edits_refused_inside_a_listener(clip: Clip, volume: DeviceParameter) -> None:
    envelope = clip.create_automation_envelope(volume)
    errors: list[str] = []

    def edit() -> None:
        try:
            envelope.insert_step(0.0, 1.0, 0.5)
        except RuntimeError as exc:
            errors.append(str(exc))

    clip.add_name_listener(edit)
    clip.name = "x"
    assert errors == [NOTIFICATION_CHANGE_ERROR]


def test_duplicate_to_arrangement_moves_the_envelope_to_the_track_lane(
    engine: LiveEngine, clock: VirtualClock, clip: Clip, volume: DeviceParameter
) -> None:
    """Live 12.4: the arrangement copy has no envelope; the track's automation plays it."""
    song = engine.song
    track = song.tracks[0]
    clip.create_automation_envelope(volume).insert_step(0.0, 2.0, 0.25)
    copy = track.duplicate_clip_to_arrangement(clip, 8.0)
    assert not copy.has_envelopes and copy.automation_envelope(volume) is None
    track.clip_slots[0].delete_clip()  # the lane outlives the session clip
    assert volume.automation_state == 1
    song.start_playing()
    _to_beat(engine, clock, 9.0)
    assert volume.value == pytest.approx(0.25)
    _to_beat(engine, clock, 11.0)
    assert volume.value == pytest.approx(0.85)  # the envelope's value after the step


def test_duplicated_clip_and_snapshot_keep_envelopes(
    engine: LiveEngine, clock: VirtualClock, clip: Clip, volume: DeviceParameter
) -> None:
    clip.create_automation_envelope(volume).insert_step(1.0, 1.0, 0.4)
    track = engine.song.tracks[0]
    track.clip_slots[0].duplicate_clip_to(track.clip_slots[1])
    copied = track.clip_slots[1].clip
    assert copied is not None and copied.automation_envelope(volume) is not None
    assert copied.automation_envelope(volume).value_at_time(1.5) == pytest.approx(0.4)
    restored = LiveEngine(clock=clock)
    restored.load_dict(engine.to_dict())
    track2 = restored.song.tracks[0]
    clip2 = track2.clip_slots[0].clip
    assert clip2 is not None and clip2.has_envelopes
    envelope = clip2.automation_envelope(track2.mixer_device.volume)
    assert envelope is not None and envelope.value_at_time(1.5) == pytest.approx(0.4)
    assert track2.mixer_device.volume.automation_state == 1


def test_duplicate_loop_repeats_the_envelope(clip: Clip, volume: DeviceParameter) -> None:
    envelope = clip.create_automation_envelope(volume)
    envelope.insert_step(1.0, 1.0, 0.3)
    clip.duplicate_loop()
    assert envelope.value_at_time(5.5) == pytest.approx(0.3)
    assert envelope.value_at_time(6.5) == pytest.approx(0.85)
