"""livectl's extensions through the Python API, end to end over UDP on the emulator.

The emulator hosts livectl's own remote script; each test uses the typed model (sync ``Live``
and asyncio ``AsyncLive``) the way a program would: devices and the browser, racks and drum
pads, the arrangement, automation, return tracks and the master, Live 12's note fields,
views. The must-show tests run at tick 0 (handled at once) and at Live's 100 ms tick.
"""

from __future__ import annotations

import asyncio
import dataclasses
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
    """Poll ``check`` until it returns something true (the emulator plays on its own clock).
    Every 2 ms, as the async ``until`` below: at tick 0 a poll without a pause kept the
    client and the emulator busy on a core each (2.8 CPU s in one test)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.002)


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


# ------------------------------------------------------------------ the arrangement


def test_arrangement_clip_at_bar_5_with_16_notes_plays(tick_live: livectl.Live) -> None:
    song = tick_live.song
    track = song.create_midi_track()
    bar5 = 16.0  # 4/4: bar 5 (1-based, as Live shows it) starts on beat 16
    clip = track.create_midi_clip(bar5, 4.0)
    assert isinstance(clip, ArrangementClip) and clip.index == (track.track_index, 0)
    assert clip.start_time == bar5 and clip.end_time == bar5 + 4 and clip.length == 4.0
    written = [Note(60 + i % 8, i * 0.25, 0.25, 64 + i, i % 5 == 0) for i in range(16)]
    assert clip.add_notes(written) == 16
    back = clip.notes
    assert back == sorted(written, key=lambda n: (n.pitch, n.start_beats))
    assert all(n.note_id is not None for n in back)
    assert track.arrangement_clips == [clip]
    clip.name = "Verse"
    assert track.arrangement_clips[0].name == "Verse"
    # Play from just before bar 5, fast, until the clip plays and then has ended.
    song.tempo = 480
    song.current_song_time = bar5 - 1.0
    song.start_playing()
    wait_for(lambda: clip.is_playing)
    assert 0.0 <= clip.playing_position <= 4.0
    wait_for(lambda: song.current_song_time > bar5 + 4.5)
    assert clip.is_playing is False
    song.stop_playing()
    # remove_notes and set_notes as on session clips.
    clip.remove_notes(60, 1)
    assert len(clip.notes) == 14
    clip.set_notes(written[:3])
    assert clip.notes == sorted(written[:3], key=lambda n: (n.pitch, n.start_beats))


def test_a_session_clip_duplicated_to_the_arrangement(tick_live: livectl.Live) -> None:
    track = tick_live.song.create_midi_track()
    session = track.clip_slots[0].create_clip(2)
    session.add_notes([Note(62, 0.5, 0.5, 90)])
    session.name = "Riff"
    late = session.duplicate_to_arrangement(8)
    early = session.duplicate_to_arrangement(0)
    assert early.index == (track.track_index, 0)  # before the first copy: it takes index 0
    clips = track.arrangement_clips
    assert [c.name for c in clips] == ["Riff", "Riff"] and late.index[1] == 0
    assert [c.start_time for c in clips] == [0.0, 8.0]
    assert clips[1].notes == [Note(62, 0.5, 0.5, 90)]
    track.delete_arrangement_clip(0)
    assert [c.start_time for c in track.arrangement_clips] == [8.0]


# ------------------------------------------------------------------ Live 12 notes


def test_notes_with_probability_read_back_and_edited_by_id(tick_live: livectl.Live) -> None:
    track = tick_live.song.create_midi_track()
    clip = track.clip_slots[0].create_clip(4)
    written = [Note(60, 0.0, 0.5, 100, False, 0.5, 10.0, 64),
               Note(64, 1.0, 0.5, 90, True, 0.5, 0.0, 32)]
    clip.add_notes(written)
    back = clip.notes
    assert back == written
    assert [n.probability for n in back] == [0.5, 0.5]
    assert [n.release_velocity for n in back] == [64, 32]
    first, second = back
    assert first.note_id is not None and second.note_id is not None
    assert clip.notes_by_id([first.note_id]) == [first]
    changed = dataclasses.replace(first, probability=0.25, release_velocity=100)
    clip.modify_notes([changed])
    (got,) = clip.notes_by_id([first])
    assert got.probability == 0.25 and got.release_velocity == 100 and got.note_id == first.note_id
    clip.remove_notes_by_id([second.note_id])
    assert clip.notes == [changed]
    with pytest.raises(LiveError, match=f"note_id {second.note_id} is not a note of this clip"):
        clip.notes_by_id([second.note_id])
    # The arrangement keeps Live 12's fields too.
    arr = track.create_midi_clip(0, 4)
    arr.add_notes([Note(36, 0.0, 0.25, 127, False, 0.5, 20.0, 64)])
    assert arr.notes[0].probability == 0.5 and arr.notes[0].velocity_deviation == 20.0


# ------------------------------------------------------------------ automation


def test_automate_a_parameter_with_four_steps_and_follow_it(tick_live: livectl.Live) -> None:
    song = tick_live.song
    track = song.create_midi_track()
    operator = track.insert_device("Operator")
    clip = track.clip_slots[0].create_clip(4)
    freq = operator.parameters["Filter Freq"]
    low, high = freq.min, freq.max
    steps = [low + (high - low) * f for f in (0.125, 0.375, 0.625, 0.875)]
    envelope = clip.automation(freq)
    for beat, value in enumerate(steps):
        envelope.insert_step(beat, 1, value)
    for beat, value in enumerate(steps):
        assert envelope.value_at(beat + 0.5) == pytest.approx(value)
    times = [t for t, _ in envelope.points]
    assert times == sorted(times) and {0.0, 1.0, 2.0, 3.0} <= set(times)
    # While the clip plays, the parameter follows the envelope step by step.
    song.tempo = 240
    clip.fire()
    seen: set[float] = set()

    def all_steps_seen() -> bool:
        seen.add(round(freq.value, 5))
        return {round(v, 5) for v in steps} <= seen

    wait_for(all_steps_seen)
    song.stop_playing()
    # The track's mixer, then everything cleared.
    volume = clip.automation("volume")
    volume.insert_step(0, 2, 0.5)
    assert volume.value_at(1) == 0.5
    envelope.clear()
    with pytest.raises(LiveError, match="has no automation envelope"):
        envelope.value_at(0.5)
    clip.clear_automation()
    with pytest.raises(LiveError, match="has no automation envelope"):
        volume.points  # noqa: B018


# ------------------------------------------------------------------ asyncio


async def until(check: Callable[[], Any], timeout: float = 15.0) -> None:
    """Await ``check()`` (an awaitable of a truth value) until it is true."""
    deadline = time.monotonic() + timeout
    while not await check():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.005)


async def _past(song: Any, beat: float) -> bool:
    return bool(await song.get("current_song_time") > beat)


async def test_the_extensions_on_asyncio(emu: Emulator, reply_port: int) -> None:
    async with livectl.aconnect(port=emu.port, reply_port=reply_port) as live:
        song = live.song
        track = await song.create_midi_track()
        operator = await track.insert_device("Operator")
        freq = await operator.parameters["Filter Freq"]
        await freq.set_value(0.5)
        assert await freq.get_value() == 0.5
        kit = await live.browser.load((await live.browser.search("Kit", "drums"))[0],
                                      await song.create_midi_track())
        pads = await kit.drum_pads.all()
        (chain,) = await pads[0].chains
        inner = chain.devices[0]
        assert await inner.get("name")
        clip = await track.create_midi_clip(16, 4)
        notes = [Note(60 + i, i * 0.25, 0.25, 100, False, 0.5) for i in range(16)]
        await clip.add_notes(notes)
        back = await clip.notes
        assert back == notes and all(n.probability == 0.5 for n in back)
        assert await track.arrangement_clips == [clip]
        await song.set("tempo", 480)
        await song.set("current_song_time", 15.0)
        await song.start_playing()
        await until(lambda: clip.get("is_playing"))
        await until(lambda: _past(song, 20.5))
        assert await clip.get("is_playing") is False
        await song.stop_playing()
        session = await track.clip_slots[0].create_clip(4)
        envelope = session.automation(freq)
        for beat, value in enumerate((0.125, 0.375, 0.625, 0.875)):
            await envelope.insert_step(beat, 1, value)
        assert await envelope.value_at(1.5) == 0.375
        await session.fire()
        seen: set[float] = set()

        async def followed() -> bool:
            seen.add(await freq.get_value())
            return {0.125, 0.375, 0.625, 0.875} <= seen

        await until(followed)
        await song.stop_playing()
        returns = song.return_tracks
        await returns[0].set("volume", 0.5)
        assert await returns[0].get("volume") == 0.5
        await song.master_track.set("volume", 0.25)
        assert await song.master_track.get("volume") == 0.25
        assert await track.sends == [0.0] * await returns.count()
        await live.application.view.focus("Arranger")
        assert await live.application.view.focused_document_view == "Arranger"


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
            lambda: clip.modify_notes([Note(60, 0.0, 1.0, note_id=1)]),
            lambda: clip.add_notes([Note(60, 0.0, 1.0, 100, False, 0.5)]),
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
        (lambda: track.clip_slots[0].clip.modify_notes([]), "notes must hold at least one Note"),
        (lambda: track.clip_slots[0].clip.modify_notes([Note(60, 0.0, 1.0)]), "must be a Note with its note_id"),
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
