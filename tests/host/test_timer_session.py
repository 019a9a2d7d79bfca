"""Live.Base.Timer, _Framework.SessionComponent and the smaller Live names ableton-js needs,
against Live's semantics (on a virtual clock where time matters)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from livectl.emulator._framework.timer import TimerQueue, timer_class
from livectl.emulator.host import RemoteScriptHost
from livectl.emulator.lom import LiveEngine
from livectl.emulator.lom.enums import DeviceType, Quantization
from livectl.emulator.lom.song_time import TimeFormat, smpte_time


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_repeating_timer_fires_every_interval_until_stopped() -> None:
    clock = Clock()
    timer_cls = timer_class(TimerQueue(clock))
    queue = timer_cls._queue
    assert queue is not None
    calls: list[float] = []
    timer = timer_cls(callback=lambda: calls.append(clock.now), interval=10, repeat=True)
    assert not timer.running  # start=False by default, as in Live
    timer.start()
    assert timer.running and queue.next_due() == pytest.approx(100.010)
    clock.now = 100.009
    assert queue.run_due() == 0 and calls == []
    for step in range(1, 4):
        clock.now = 100.0 + step * 0.010
        queue.run_due()
    assert len(calls) == 3
    timer.stop()
    clock.now = 101.0
    assert queue.run_due() == 0 and not timer.running and len(calls) == 3


def test_one_shot_timer_and_restart() -> None:
    clock = Clock()
    timer_cls = timer_class(TimerQueue(clock))
    calls: list[int] = []
    timer = timer_cls(lambda: calls.append(1), 5000, start=True)
    clock.now += 4.0
    timer.restart()  # counts from now again
    clock.now += 4.0
    assert timer_cls._queue is not None and timer_cls._queue.run_due() == 0
    clock.now += 1.0
    timer_cls._queue.run_due()
    assert calls == [1] and not timer.running  # repeat=False: once


def test_a_late_repeating_timer_does_not_burst() -> None:
    clock = Clock()
    timer_cls = timer_class(TimerQueue(clock))
    calls: list[int] = []
    timer_cls(lambda: calls.append(1), 10, repeat=True, start=True)
    clock.now += 1.0  # a 1 s stall: 100 intervals missed
    assert timer_cls._queue is not None and timer_cls._queue.run_due() == 1
    assert timer_cls._queue.next_due() == pytest.approx(clock.now + 0.010)


def test_an_error_in_the_callback_stops_the_timer(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    timer_cls = timer_class(TimerQueue(clock))

    def boom() -> None:
        raise ValueError("boom")

    timer = timer_cls(boom, 10, repeat=True, start=True)
    clock.now += 0.01
    assert timer_cls._queue is not None
    timer_cls._queue.run_due()
    assert not timer.running
    assert "the timer is stopped" in caplog.text


@pytest.mark.parametrize(("args", "error", "text"), [
    (("not callable", 10), TypeError, "callback must be callable"),
    ((print, 1.5), TypeError, "interval must be an int"),
    ((print, -1), ValueError, "interval must be in range 0..2147483647 ms, got -1"),
])
def test_timer_arguments_are_checked(args: tuple[object, object], error: type[Exception],
                                     text: str) -> None:
    timer_cls = timer_class(TimerQueue(Clock()))
    with pytest.raises(error, match=re.escape(text)):
        timer_cls(*args)  # type: ignore[arg-type]


SCRIPT = '''
import Live
from _Framework.ControlSurface import ControlSurface
from _Framework.SessionComponent import SessionComponent

class Surface(ControlSurface):
    def __init__(self, c_instance):
        super().__init__(c_instance)
        self.fired = 0
        self.timer = Live.Base.Timer(callback=self.on_timer, interval=10, repeat=True)
        self.timer.start()
        with self.component_guard():
            self.session = SessionComponent(2, 3)
            self.session.set_offsets(0, 0)
            self.set_highlighting_session_component(self.session)

    def on_timer(self):
        self.fired += 1

    def disconnect(self):
        self.timer.stop()
        super().disconnect()

def create_instance(c_instance):
    return Surface(c_instance)
'''


@pytest.fixture
def hosted(tmp_path: Path) -> tuple[RemoteScriptHost, Clock]:
    folder = tmp_path / "TimerSurface"
    folder.mkdir()
    (folder / "__init__.py").write_text(SCRIPT, encoding="utf-8")
    clock = Clock()
    host = RemoteScriptHost(LiveEngine(clock), folder)
    host.start()
    return host, clock


def test_host_fires_script_timers_on_the_engine_clock(
    hosted: tuple[RemoteScriptHost, Clock],
) -> None:
    host, clock = hosted
    try:
        assert host.next_timer_due() == pytest.approx(100.010)
        for _ in range(5):
            clock.now += 0.010
            host.run_timers()
        assert host.instance.fired == 5
        clock.now += 0.010
        host.tick()  # a Live tick fires due timers too
        assert host.instance.fired == 6
    finally:
        host.stop()
    assert len(host.timers) == 0  # an unloaded script's timers are gone


def test_session_box_moves_the_red_ring(hosted: tuple[RemoteScriptHost, Clock]) -> None:
    host, _ = hosted
    try:
        session = host.instance.session
        c_instance = host.c_instance
        assert c_instance is not None
        assert (session.width(), session.height()) == (2, 3)
        assert c_instance.session_highlight == (0, 0, 2, 3, False)
        moves: list[tuple[int, int]] = []
        session.add_offset_listener(lambda: moves.append(
            (session.track_offset(), session.scene_offset())))
        session.set_offsets(1, 2)
        session.set_offsets(1, 2)  # no move, no notification
        assert moves == [(1, 2)] and c_instance.session_highlight == (1, 2, 2, 3, False)
        session.set_offsets(99, 5)  # past the last track: that axis stays
        assert (session.track_offset(), session.scene_offset()) == (1, 5)
        with pytest.raises(ValueError, match="track_offset must be >= 0, got -1"):
            session.set_offsets(-1, 0)
        song = host.engine.song
        with host.engine.lock:
            while len(song.scenes) > 3:
                song.delete_scene(len(song.scenes) - 1)
        assert session.scene_offset() == 2  # pulled back inside the set
        assert c_instance.session_highlight == (1, 2, 2, 3, False)
        session.set_show_highlight(False)
        assert c_instance.session_highlight is None  # (-1, -1, -1, -1) hides it
    finally:
        host.stop()


def test_live_enums_print_their_names_and_smpte_time() -> None:
    assert str(Quantization.q_bar) == "q_bar" and Quantization.q_bar == 4
    assert str(DeviceType(1)) == "instrument"
    song = LiveEngine().song
    song.clip_trigger_quantization = 5
    assert str(song.clip_trigger_quantization) == "q_half"
    t = smpte_time(61.5, TimeFormat.smpte_25)
    assert (t.hours, t.minutes, t.seconds, t.frames) == (0, 1, 1, 12)
    t = smpte_time(1.25, TimeFormat.ms_time)
    assert (t.seconds, t.frames) == (1, 250)
    t = smpte_time(60.0, TimeFormat.smpte_30_drop)  # real frame 1798 at 29.97 fps
    assert (t.minutes, t.seconds, t.frames) == (0, 59, 28)
    t = smpte_time(1801 / (30000 / 1001), TimeFormat.smpte_30_drop)  # labels ;00 ;01 skipped
    assert (t.minutes, t.seconds, t.frames) == (1, 0, 3)
    with pytest.raises(ValueError, match=re.escape("smpte_format must be in range 0..5")):
        smpte_time(0.0, 9)
