"""livectl's extensions through the Python API, end to end over UDP on the emulator.

The emulator hosts livectl's own remote script; each test uses the typed model (sync ``Live``
and asyncio ``AsyncLive``) the way a program would: devices and the browser, racks and drum
pads, the arrangement, automation, return tracks and the master, Live 12's note fields,
views. The must-show tests run at tick 0 (handled at once) and at Live's 100 ms tick.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import livectl
from livectl.emulator import Emulator
from livectl.errors import LiveError, UnsupportedError, ValidationError
from livectl.model import ArrangementClip, BrowserItem, Chain, Device, Note

TICKS = [0, 0.1]


@pytest.fixture(params=TICKS, ids=lambda t: f"tick{t}")
def tick_live(request: pytest.FixtureRequest) -> Iterator[livectl.Live]:
    with Emulator(port=0, tick_s=request.param) as emu, \
            livectl.connect(port=emu.port, timeout=2.0) as live:
        assert live.protocol == "livectl"
        yield live


def wait_for(check: Callable[[], Any], timeout: float = 15.0) -> Any:
    """Poll ``check`` until it returns something true (the emulator plays on its own clock)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, "condition not met in time"


# ------------------------------------------------------------------ devices and the browser


def test_operator_on_a_new_midi_track_and_one_of_its_parameters(tick_live: livectl.Live) -> None:
    song = tick_live.song
    track = song.create_midi_track()
    operator = track.insert_device("Operator")
    assert isinstance(operator, Device) and operator.index == (track.track_index, 0)
    assert operator.name == "Operator" and track.devices.names() == ("Operator",)
    freq = operator.parameters["Filter Freq"]
    low, high = freq.min, freq.max
    freq.value = low + (high - low) / 4
    assert freq.value == pytest.approx(low + (high - low) / 4)
    # An effect after it, then deleted again.
    reverb = track.insert_device("Reverb")
    assert reverb.index == (track.track_index, 1)
    track.delete_device(1)
    assert track.devices.count() == 1
    with pytest.raises(LiveError, match="Unknown device name 'Operatorr'"):
        track.insert_device("Operatorr")


def test_browser_categories_children_search(tick_live: livectl.Live) -> None:
    browser = tick_live.browser
    assert {"instruments", "drums", "audio_effects"} <= set(browser.categories)
    instruments = browser.children("instruments")
    assert BrowserItem("Operator", "query:Synths#Operator", False, True) in instruments
    found = browser.search("operator", "instruments")
    assert found[0].name == "Operator"
    assert len(browser.search("e", max_results=3)) == 3
    folder = next(i for i in browser.children("sounds") if i.is_folder)
    inner = browser.children("sounds", folder.name)
    assert inner and all(isinstance(i, BrowserItem) for i in inner)
    # Loading by uri (a str) as well as by item.
    track = tick_live.song.create_midi_track()
    device = browser.load("query:Synths#Operator", track)
    assert device.name == "Operator"


def test_a_drum_kit_and_a_beat_at_its_pads_notes(tick_live: livectl.Live) -> None:
    song = tick_live.song
    track = song.create_midi_track()
    kit_item = tick_live.browser.search("Kit", "drums")[0]
    kit = tick_live.browser.load(kit_item, track)
    assert kit.name == kit_item.name.removesuffix(".adg")
    pads = kit.drum_pads.all()
    assert len(pads) >= 2
    kick, snare = pads[0], pads[1]
    assert kick.name and kit.drum_pads[kick.note] == kick
    # The pad's chain, the device in it and one of that device's parameters (nested).
    (chain,) = kick.chains
    assert isinstance(chain, Chain) and chain.name == kick.name
    inner = chain.devices[0]
    last = inner.parameters[len(inner.parameters) - 1]
    last.value = last.max
    assert last.value == last.max
    assert inner.parameters.names()[last.parameter_index] == last.name
    with pytest.raises(ValidationError, match=r"value must be in range"):
        last.set_value(last.max + 1000)
    # Chain mixer and a device inserted into the chain.
    chain.volume = 0.5
    assert chain.volume == 0.5
    sat = chain.insert_device("Saturator")
    assert sat.name == "Saturator" and chain.devices.names()[-1] == "Saturator"
    chain.delete_device(sat.index[-1])
    # The beat: kick on every beat, snare on 2 and 4, at the pads' notes.
    clip = track.clip_slots[0].create_clip(4)
    beat = [Note(kick.note, float(b), 0.25, 110) for b in range(4)]
    beat += [Note(snare.note, b, 0.25, 100) for b in (1.0, 3.0)]
    clip.add_notes(beat)
    assert clip.notes == sorted(beat, key=lambda n: (n.pitch, n.start_beats))
    kick.mute = True
    assert kick.mute is True


# ------------------------------------------------------------------ mixer


def test_return_and_master_volume_read_and_set(tick_live: livectl.Live) -> None:
    song = tick_live.song
    returns = song.return_tracks
    assert len(returns) >= 1
    ret = returns[0]
    ret.volume = 0.5
    assert ret.volume == 0.5
    song.master_track.volume = 0.25
    assert song.master_track.volume == 0.25
    song.master_track.panning = -0.5
    assert song.master_track.panning == -0.5
    ret.name = "Verb"
    assert ret.name == "Verb"
    track = song.tracks[0]
    track.sends = [0.25]
    assert track.sends[0] == 0.25 and len(track.sends) == len(returns)
    assert track.get_send(0) == 0.25  # AbletonOSC's address agrees
    verb = ret.insert_device("Reverb")
    assert [d.name for d in ret.devices] == ["Reverb"]
    verb.parameters[0].value = 0.0
    assert verb.parameters[0].value == 0.0
    limiter = song.master_track.insert_device("Limiter")
    assert limiter.index == (0,) and song.master_track.devices[0].name == "Limiter"
    song.master_track.delete_device(0)
    assert song.master_track.devices == []


# ------------------------------------------------------------------ views


def test_views_show_focus_and_select(tick_live: livectl.Live) -> None:
    view = tick_live.application.view
    view.focus("Arranger")
    assert view.focused_document_view == "Arranger"
    view.show("Session")
    assert view.focused_document_view == "Session"
    for name in ("Detail/Clip", "Detail/DeviceChain"):
        view.show(name)
        assert view.is_visible(name) is True
        view.hide(name)
        assert view.is_visible(name) is False
    track = tick_live.song.create_midi_track()
    track.insert_device("Operator")
    reverb = track.insert_device("Reverb")
    tick_live.view.select_track(track)
    assert tick_live.view.selected_track == track.track_index
    tick_live.view.select_scene(0)
    assert tick_live.view.selected_scene == 0
    tick_live.view.select_device(reverb)
    assert tick_live.view.selected_device == reverb.index
    track.clip_slots[0].create_clip(4)
    tick_live.view.select_clip(track.track_index, 0)
    assert tick_live.view.selected_clip == (track.track_index, 0)


# ------------------------------------------------------------------ plain AbletonOSC: refused


@pytest.fixture
def silent_peer() -> Iterator[socket.socket]:
    """A UDP socket standing for AbletonOSC: it records what arrives and never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        s.setblocking(False)
        yield s


def _nothing_arrived(peer: socket.socket) -> bool:
    try:
        peer.recvfrom(65536)
    except BlockingIOError:
        return True
    return False


def test_every_extension_call_is_refused_before_sending_with_plain_abletonosc(
    silent_peer: socket.socket, new_port: Callable[[], int]
) -> None:
    port = silent_peer.getsockname()[1]
    with livectl.connect(port=port, reply_port=new_port(), protocol="abletonosc") as live:
        assert live.protocol == "abletonosc"
        track = live.song.tracks[0]
        clip = track.clip_slots[0].clip
        device = track.devices[0]
        calls: list[Callable[[], Any]] = [
            lambda: track.insert_device("Operator"),
            lambda: live.browser.search("Operator"),
            lambda: live.browser.categories,
            lambda: live.browser.children("drums"),
            lambda: live.browser.load("query:Synths#Operator", 0),
            lambda: device.chains.count(),
            lambda: device.chains[0].devices[0].parameters[0].value,
            lambda: device.drum_pads.all(),
            lambda: device.drum_pads[36].chains,
            lambda: track.arrangement_clips,
            lambda: track.create_midi_clip(16, 4),
            lambda: clip.duplicate_to_arrangement(8),
            lambda: clip.automation("volume"),
            lambda: clip.clear_automation(),
            lambda: clip.notes_with_ids(),
            lambda: clip.notes_by_id([1]),
            lambda: clip.remove_notes_by_id([1]),
            lambda: live.song.return_tracks,
            lambda: live.song.master_track,
            lambda: track.sends,
            lambda: track.set_sends([0.5]),
            lambda: live.application.view.show("Arranger"),
            lambda: live.application.view.focused_document_view,
        ]
        for i, call in enumerate(calls):
            with pytest.raises(UnsupportedError, match="livectl script install") as info:
                call()
            assert "AbletonOSC" in str(info.value), i
        assert _nothing_arrived(silent_peer)


async def test_refused_on_asyncio_too(silent_peer: socket.socket,
                                      new_port: Callable[[], int]) -> None:
    port = silent_peer.getsockname()[1]
    async with livectl.aconnect(port=port, reply_port=new_port(), protocol="abletonosc") as live:
        with pytest.raises(UnsupportedError, match="livectl script install"):
            await live.song.tracks[0].insert_device("Operator")
        with pytest.raises(UnsupportedError):
            await live.browser.search("Kit")
        assert _nothing_arrived(silent_peer)


# ------------------------------------------------------------------ bad input


def test_bad_input_is_refused_naming_field_range_and_value(live: livectl.Live) -> None:
    track = live.song.tracks[0]
    cases: list[tuple[Callable[[], Any], str]] = [
        (lambda: track.insert_device(""), "device name must be a non-empty str"),
        (lambda: track.insert_device("Operator", -2), "index must be in range -1..2147483647, got -2"),
        (lambda: live.browser.search("x", "nope"), "category must be one of sounds, drums"),
        (lambda: live.browser.search("x", max_results=501), "max_results must be in range 1..500, got 501"),
        (lambda: live.browser.search(""), "text must be a non-empty str"),
        (lambda: live.browser.load("query:x", -1), "track must be >= 0, got -1"),
        (lambda: live.browser.load(BrowserItem("F", "u", True, False), 0), "not loadable"),
        (lambda: track.devices[0].drum_pads[128], "note must be in range 0..127, got 128"),
        (lambda: track.create_midi_clip(-1, 4), "start_beats must be in range 0.0..1576800.0, got -1"),
        (lambda: track.create_midi_clip(0, 0), "length_beats must be in range >0..1576800, got 0"),
        (lambda: track.clip_slots[0].clip.duplicate_to_arrangement(-1.0), "time must be in range 0.0..1576800.0, got -1.0"),
        (lambda: track.clip_slots[0].clip.automation("mix"), "parameter must be 'volume', 'panning'"),
        (lambda: track.clip_slots[0].clip.automation(("send", 12)), "send must be in range 0..11, got 12"),
        (lambda: track.clip_slots[0].clip.notes_by_id([-1]), "note_id must be in range 0..2147483647, got -1"),
        (lambda: track.clip_slots[0].clip.notes_by_id([]), "ids must hold 1..1000 note ids, got 0"),
        (lambda: track.clip_slots[0].clip.modify_notes({}), "notes must be a non-empty {note_id: Note}"),
        (lambda: track.set_sends([1.5]), "sends[0] must be in range 0.0..1.0, got 1.5"),
        (lambda: live.song.master_track.set("volume", 2.0), "master_track.volume must be in range 0.0..1.0, got 2.0"),
        (lambda: live.song.return_tracks[0].set("panning", -2), "return_track.panning must be in range -1.0..1.0, got -2"),
        (lambda: live.application.view.show("Mixer"), "view must be one of Browser, Arranger"),
        (lambda: live.view.select_track(-1), "track must be >= 0, got -1"),
        (lambda: Note(60, 0.0, 1.0, probability=1.5), "probability must be in range 0.0..1.0, got 1.5"),
    ]
    for call, text in cases:
        with pytest.raises(ValidationError) as info:
            call()
        assert text in str(info.value)


def test_set_sends_checks_the_number_of_returns_before_writing(live: livectl.Live) -> None:
    n = live.song.return_tracks.count()
    with pytest.raises(ValidationError, match=f"at most {n} values"):
        live.song.tracks[0].set_sends([0.1] * (n + 1))
    assert live.song.tracks[0].sends == [0.0] * n


def test_automation_value_outside_the_parameter_range_is_refused(live: livectl.Live) -> None:
    track = live.song.create_midi_track()
    operator = track.insert_device("Operator")
    clip = track.clip_slots[0].create_clip(4)
    freq = operator.parameters["Filter Freq"]
    envelope = clip.automation(freq)
    with pytest.raises(ValidationError, match=r"value must be in range 0.0..1.0, got 2"):
        envelope.insert_step(0, 1, 2)
    with pytest.raises(LiveError, match="has no automation envelope"):
        envelope.points  # noqa: B018 - nothing was created by the refused step


def test_nothing_checked_by_livectl_is_sent_async(live: livectl.Live) -> None:
    # The checks run in the method, before the operation: asyncio raises at the call too.
    async def main(port: int) -> None:
        async with livectl.aconnect(port=port) as alive:
            with pytest.raises(ValidationError, match="index must be in range -1"):
                alive.song.tracks[0].insert_device("Operator", -5)

    asyncio.run(main(live.port))


def test_arrangement_clip_objects_are_clips(live: livectl.Live) -> None:
    track = live.song.create_midi_track()
    clip = track.create_midi_clip(16, 4)
    assert isinstance(clip, ArrangementClip) and isinstance(clip, livectl.model.Clip)
    with pytest.raises(UnsupportedError, match="session clips only"):
        clip.automation("volume")
    with pytest.raises(UnsupportedError, match="not launched"):
        clip.fire()
