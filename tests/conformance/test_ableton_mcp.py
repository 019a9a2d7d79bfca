"""AbletonMCP conformance: the PyPI ``ableton-mcp`` remote script, as shipped, on the emulator.

The pinned sdist is downloaded with pip (``ableton_mcp_kit``); its bundled Live script is
hosted unmodified as ``AbletonMCP/__init__.py`` by ``Emulator(remote_script=...)``, and the
package's own server code (its ``AbletonConnection`` and its MCP tool functions, without the
MCP framework) drives it over the script's real TCP socket on 127.0.0.1:9877, as Claude would
through the MCP server. Every command type the server side sends is sent at least once; each
must succeed, and the emulated set is checked afterwards (track made, notes written, device
loaded, tempo set, arrangement clip present, locator made...).

The script's port is fixed (DEFAULT_PORT 9877, no setting): a busy port fails the run with a
message that says so. Stopping the emulator must leave no thread of the script running and
the port free.
"""

from __future__ import annotations

import json
import math
import os
import socket
import struct
import sys
import threading
import time
import wave
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # importlib mode: for the kit

import ableton_mcp_kit as kit

from livectl.emulator import Emulator

pytestmark = pytest.mark.xdist_group("port-9877")  # AbletonMCP's fixed TCP port; one module fixture

# Every command type the server side of ableton-mcp 1.4.5 sends (checked against its source
# by test_the_pinned_command_list_is_what_the_server_sends).
SERVER_COMMANDS = (
    "add_notes_to_clip", "clear_notes_from_clip", "create_audio_clip", "create_audio_track",
    "create_clip", "create_locator", "create_midi_track", "delete_clip", "drain_passive_events",
    "duplicate_session_clip_to_arrangement", "fire_clip", "get_arrangement_clips",
    "get_browser_items_at_path", "get_browser_tree", "get_clip_notes", "get_device_parameters",
    "get_script_info", "get_session_info", "get_session_snapshot", "get_track_info",
    "load_browser_item", "set_arrangement_clip_name", "set_clip_name", "set_current_song_time",
    "set_device_parameter", "set_tempo", "set_track_name", "start_playback", "stop_clip",
    "stop_playback", "switch_to_arrangement_view",
)
HOST = "127.0.0.1"
LISTENING = f"AbletonMCP: Listening for commands on port {kit.SCRIPT_PORT}"
# Environment the script and the server read at import: they must not point elsewhere.
_ENV = ("ABLETON_MCP_HOST", "ABLETON_HOST", "ABLETON_PORT")


# -- helpers -----------------------------------------------------------------------------------


def port_is_free(port: int = kit.SCRIPT_PORT) -> bool:
    """Can a listener bind ``port`` the way the script does (SO_REUSEADDR, so connections in
    TIME_WAIT do not count)?"""
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((HOST, port))
        probe.listen(1)
        return True
    except OSError:
        return False
    finally:
        probe.close()


def start_emulator(script: Path) -> Emulator:
    """The emulator hosting AbletonMCP, its server listening; fails clearly if it cannot."""
    if not port_is_free():
        pytest.fail(
            f"TCP port {kit.SCRIPT_PORT} on {HOST} is in use. AbletonMCP's script listens on "
            "that fixed port (DEFAULT_PORT, no setting); stop what holds it (Live running "
            "AbletonMCP, another test run) and run again."
        )
    emu = Emulator(remote_script=script).start()
    messages = list(emu.script_host.messages)
    if LISTENING not in messages:
        emu.stop()
        pytest.fail(f"AbletonMCP did not start its server: status bar {messages!r}")
    return emu


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what}")
        time.sleep(0.01)


def write_wav(path: Path, seconds: float, rate: int = 44100) -> Path:
    frames = int(seconds * rate)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(
            struct.pack("<h", int(8000 * math.sin(2 * math.pi * 220 * i / rate)))
            for i in range(frames)
        ))
    return path


def _is_preset(item: dict[str, Any]) -> bool:
    """A loadable browser item that is a preset (a kit, say), not a bare device."""
    return bool(item["is_loadable"] and not item["is_device"] and not item["is_folder"])


def _device_name(item: dict[str, Any]) -> str:
    """The device a browser item makes is named like it, without a preset's file extension."""
    name = str(item["name"])
    stem, dot, ext = name.rpartition(".")
    return stem if dot and ext.lower() in ("adg", "adv") else name


@contextmanager
def clean_environment() -> Iterator[None]:
    saved = {name: os.environ.pop(name, None) for name in _ENV}
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is not None:
                os.environ[name] = value


@dataclass
class Run:
    """What one full session of MCP tool calls produced."""

    server: kit.ServerSide
    emu: Emulator
    texts: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    problems: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    script_log: list[str] = field(default_factory=list)
    passive_types: set[str] = field(default_factory=set)
    leaked_threads: list[str] = field(default_factory=list)
    port_free_after_stop: bool = False

    def exchanges(self, command: str) -> list[kit.Exchange]:
        return [e for e in self.server.exchanges if e.command == command]

    def tool(self, name: str, *args: Any, **kwargs: Any) -> tuple[str, list[kit.Exchange]]:
        """Call the server's tool ``name`` (as the MCP framework would); returns its text and
        the round trips it made. A text starting "Error"/"Failed" is the tool's failure."""
        first = len(self.server.exchanges)
        text = self.server.tools[name](None, *args, **kwargs)
        made = self.server.exchanges[first:]
        self.texts[name].append(text)
        for exchange in made:
            assert exchange.error is None, f"{exchange.command}: {exchange.error}"
        assert not text.startswith(("Error", "Failed")), f"{name}: {text}"
        return text, made

    @contextmanager
    def step(self, command: str) -> Iterator[None]:
        """A failed check (or an exception) in the block is a problem of ``command``; the
        session goes on with the next step."""
        try:
            yield
        except Exception as exc:
            self.problems[command].append(f"{type(exc).__name__}: {exc}")

    def lom(self) -> Any:
        return self.emu.engine.song


# -- the session -------------------------------------------------------------------------------


def _session(run: Run, tmp: Path) -> None:
    song = run.lom()
    lock = run.emu.engine.lock
    server = run.server
    state: dict[str, Any] = {}

    with run.step("get_script_info"):
        text, _ = run.tool("get_remote_script_info")
        info = json.loads(text)
        assert info["script_version"] == kit.SCRIPT_VERSION and info["up_to_date"], info
        assert "duplicate_session_clip_to_arrangement" in info["capabilities"]

    with run.step("drain_passive_events"):  # the passive poller's call; empties the queue
        server.connection().send_command("drain_passive_events")

    with run.step("get_session_info"):
        text, _ = run.tool("get_session_info")
        info = json.loads(text)
        with lock:
            assert info["tempo"] == song.tempo
            assert info["track_count"] == len(song.tracks)
            assert info["return_track_count"] == len(song.return_tracks)
            assert info["master_track"]["volume"] == song.master_track.mixer_device.volume.value
        state["tracks_before"] = info["track_count"]

    with run.step("create_midi_track"):
        text, made = run.tool("create_midi_track", index=-1)
        midi = made[0].result["index"]
        with lock:
            assert len(song.tracks) == state["tracks_before"] + 1
            assert song.tracks[midi].has_midi_input
            assert made[0].result["name"] == song.tracks[midi].name
        state["midi"] = midi
        _, made = run.tool("create_midi_track", index=-1)  # the drum track
        state["drums"] = made[0].result["index"]

    with run.step("create_audio_track"):
        _, made = run.tool("create_audio_track", index=-1)
        audio = made[0].result["index"]
        with lock:
            assert song.tracks[audio].has_audio_input and not song.tracks[audio].has_midi_input
        state["audio"] = audio

    midi = state.get("midi", 0)
    with run.step("set_track_name"):
        run.tool("set_track_name", midi, "MCP Bass")
        with lock:
            assert song.tracks[midi].name == "MCP Bass"

    with run.step("get_track_info"):
        info = json.loads(run.tool("get_track_info", midi)[0])
        assert info["name"] == "MCP Bass" and info["is_midi_track"] and not info["is_audio_track"]
        with lock:
            assert len(info["clip_slots"]) == len(song.tracks[midi].clip_slots)

    with run.step("set_tempo"):
        run.tool("set_tempo", 128.5)
        with lock:
            assert song.tempo == 128.5

    notes = [
        {"pitch": 36, "start_time": 0.0, "duration": 0.5, "velocity": 100, "mute": False},
        {"pitch": 43, "start_time": 1.0, "duration": 0.5, "velocity": 90, "mute": False},
        {"pitch": 48, "start_time": 2.0, "duration": 1.0, "velocity": 80, "mute": False},
        {"pitch": 41, "start_time": 3.5, "duration": 0.25, "velocity": 70, "mute": True},
    ]
    with run.step("create_clip"):
        run.tool("create_clip", midi, 0, 4.0)
        with lock:
            slot = song.tracks[midi].clip_slots[0]
            assert slot.has_clip and slot.clip.length == 4.0 and slot.clip.is_midi_clip

    with run.step("add_notes_to_clip"):
        run.tool("add_notes_to_clip", midi, 0, notes)
        with lock:
            got = song.tracks[midi].clip_slots[0].clip.get_notes_extended(0, 128, 0.0, 4.0)
            written = sorted((n.pitch, n.start_time, n.duration, n.velocity, n.mute) for n in got)
        assert written == sorted(
            (n["pitch"], n["start_time"], n["duration"], n["velocity"], n["mute"]) for n in notes
        )

    with run.step("get_clip_notes"):
        info = json.loads(run.tool("get_clip_notes", midi, 0)[0])
        assert info["note_count"] == 4
        assert sorted((n["pitch"], n["start_time"]) for n in info["notes"]) == sorted(
            (n["pitch"], n["start_time"]) for n in notes
        )

    with run.step("set_clip_name"):
        run.tool("set_clip_name", midi, 0, "Riff")
        with lock:
            assert song.tracks[midi].clip_slots[0].clip.name == "Riff"

    with run.step("clear_notes_from_clip"):
        run.tool("create_clip", midi, 1, 2.0)
        run.tool("add_notes_to_clip", midi, 1, notes[:2])
        _, made = run.tool("clear_notes_from_clip", midi, 1)
        assert made[0].result["cleared_count"] == 2, made[0].result
        with lock:
            assert song.tracks[midi].clip_slots[1].clip.get_notes_extended(0, 128, 0.0, 2.0) == ()

    with run.step("delete_clip"):
        _, made = run.tool("delete_clip", midi, 1)
        assert made[0].result == {"deleted": True}
        with lock:
            assert not song.tracks[midi].clip_slots[1].has_clip

    with run.step("fire_clip"):
        run.tool("fire_clip", midi, 0)
        clip = song.tracks[midi].clip_slots[0].clip
        wait_for(lambda: clip.is_playing and song.is_playing, 5.0, "the fired clip plays")

    with run.step("stop_clip"):
        run.tool("stop_clip", midi, 0)
        clip = song.tracks[midi].clip_slots[0].clip
        # stops at the next launch-quantization boundary (a bar: 1.9 s at 128.5 BPM)
        wait_for(lambda: not clip.is_playing and not clip.is_triggered, 6.0, "the clip stops")

    with run.step("stop_playback"):
        _, made = run.tool("stop_playback")
        assert made[0].result == {"playing": False}
        with lock:
            assert not song.is_playing

    with run.step("start_playback"):
        _, made = run.tool("start_playback")
        assert made[0].result == {"playing": True}
        with lock:
            assert song.is_playing
        run.tool("stop_playback")
        with lock:
            assert not song.is_playing

    with run.step("get_browser_tree"):
        text, made = run.tool("get_browser_tree", "all")
        tree = made[0].result
        names = {c["name"] for c in tree["categories"]}
        assert {"Instruments", "Sounds", "Drums", "Audio Effects", "MIDI Effects"} <= names, names
        assert tree["total_folders"] > 0, tree
        assert "Instruments" in text

    with run.step("get_browser_items_at_path"):
        items = json.loads(run.tool("get_browser_items_at_path", "instruments")[0])["items"]
        by_name = {i["name"]: i for i in items}
        for wanted in ("Operator", "Drum Rack"):
            assert by_name.get(wanted, {}).get("is_loadable"), f"{wanted} in {sorted(by_name)}"
        state["operator_uri"] = by_name["Operator"]["uri"]
        state["drum_rack_uri"] = by_name["Drum Rack"]["uri"]
        kit_path, kit_items = "drums", json.loads(
            run.tool("get_browser_items_at_path", "drums")[0])["items"]
        if not any(_is_preset(i) for i in kit_items):
            folder = next(i["name"] for i in kit_items if i["is_folder"])
            kit_path = f"drums/{folder}"
            kit_items = json.loads(run.tool("get_browser_items_at_path", kit_path)[0])["items"]
        state["kit_path"] = kit_path
        # load_drum_kit loads the first loadable item at kit_path (the Drum Rack device itself
        # when it is listed first, as in Live's Drums category); a kit preset is loaded after
        state["first_loadable"] = _device_name(next(i for i in kit_items if i["is_loadable"]))
        state["kit"] = next(i for i in kit_items if _is_preset(i))

    with run.step("load_browser_item"):
        text, made = run.tool("load_instrument_or_effect", midi, state["operator_uri"])
        assert made[0].result["loaded"] and made[0].result["item_name"] == "Operator"
        with lock:
            devices = list(song.tracks[midi].devices)
            assert [d.name for d in devices] == ["Operator"], [d.name for d in devices]
            assert len(devices[0].parameters) > 1
        drums = state["drums"]
        text, made = run.tool("load_drum_kit", drums, state["drum_rack_uri"], state["kit_path"])
        assert [e.command for e in made] == [
            "load_browser_item", "get_browser_items_at_path", "load_browser_item"]
        assert text.startswith("Loaded drum rack and kit"), text
        with lock:
            devices = list(song.tracks[drums].devices)
            assert [d.name for d in devices] == [state["first_loadable"]], devices
            assert devices[0].can_have_drum_pads
        # a kit preset replaces the track's instrument, as in Live; its pads hold devices
        preset = state["kit"]
        text, made = run.tool("load_instrument_or_effect", drums, preset["uri"])
        assert made[0].result["item_name"] == preset["name"]
        with lock:
            devices = list(song.tracks[drums].devices)
            assert [d.name for d in devices] == [_device_name(preset)], [d.name for d in devices]
            assert devices[0].can_have_drum_pads
            assert any(chain.devices for chain in devices[0].chains)

    with run.step("get_device_parameters"):
        info = json.loads(run.tool("get_device_parameters", midi, 0)[0])
        device = info["device"]
        assert device["name"] == "Operator", device
        with lock:
            live = song.tracks[midi].devices[0].parameters
            assert [p["name"] for p in device["parameters"]] == [p.name for p in live]
        state["param"] = next(
            p for p in device["parameters"]
            if not p["is_quantized"] and p["max"] > p["min"] and p["value"] != p["max"]
        )

    with run.step("set_device_parameter"):
        param = state["param"]
        value = param["max"]
        run.tool("set_device_parameter", midi, 0, param["index"], value)
        with lock:
            assert song.tracks[midi].devices[0].parameters[param["index"]].value == value

    with run.step("create_audio_clip"):
        wav = write_wav(tmp / "loop.wav", seconds=1.5)
        text, made = run.tool("create_audio_clip", state["audio"], 0, str(wav))
        with lock:
            clip = song.tracks[state["audio"]].clip_slots[0].clip
            assert clip.is_audio_clip and made[0].result["is_audio_clip"]
            assert clip.length == pytest.approx(1.5 * 128.5 / 60.0)

    with run.step("duplicate_session_clip_to_arrangement"):
        run.tool("duplicate_to_arrangement", midi, 0, 8.0)
        with lock:
            placed = [(c.name, c.start_time, c.end_time) for c in song.tracks[midi].arrangement_clips]
        assert placed == [("Riff", 8.0, 12.0)], placed

    with run.step("get_arrangement_clips"):
        info = json.loads(run.tool("get_arrangement_clips", midi)[0])
        assert info["clip_count"] == 1, info
        clip = info["clips"][0]
        assert (clip["name"], clip["start_time"], clip["end_time"], clip["length"]) == (
            "Riff", 8.0, 12.0, 4.0)
        assert clip["is_midi_clip"] and not clip["is_audio_clip"]

    with run.step("set_arrangement_clip_name"):
        run.tool("set_arrangement_clip_name", midi, 0, "Riff A")
        with lock:
            assert song.tracks[midi].arrangement_clips[0].name == "Riff A"
            assert song.tracks[midi].clip_slots[0].clip.name == "Riff"  # a copy, not the same

    with run.step("switch_to_arrangement_view"):
        run.tool("switch_to_arrangement_view")
        with lock:
            view = run.emu.engine.application.view
            assert view.focused_document_view == "Arranger" and view.is_view_visible("Arranger")

    with run.step("set_current_song_time"):
        text, made = run.tool("set_arrangement_time", 6.0)
        assert made[0].result == {"current_song_time": 6.0}
        with lock:
            assert song.current_song_time == 6.0

    with run.step("create_locator"):
        text, made = run.tool("create_locator", "Chorus", 16.0)
        assert made[0].result == {"success": True, "time": 16.0, "name": "Chorus"}
        with lock:
            assert [(c.name, c.time) for c in song.cue_points] == [("Chorus", 16.0)]
            assert song.current_song_time == 6.0  # the script puts the playhead back
        run.tool("create_locator", "Drop", 16.0)  # at an existing locator: renamed, not toggled
        with lock:
            assert [(c.name, c.time) for c in song.cue_points] == [("Drop", 16.0)]

    with run.step("get_session_snapshot"):
        snap = json.loads(run.tool("get_session_snapshot")[0])
        tracks = snap["tracks"]
        with lock:
            assert len(tracks) == len(song.tracks)
        mine = tracks[midi]
        assert mine["name"] == "MCP Bass"
        assert mine["clip_slots"][0]["clip"]["note_count"] == 4
        assert [c["name"] for c in mine["arrangement_clips"]] == ["Riff A"]
        assert mine["arrangement_clips"][0]["note_count"] == 4
        assert mine["devices"][0]["name"] == "Operator" and mine["devices"][0]["parameters"]
        assert snap["cue_points"] == [{"name": "Drop", "time": 16.0}]
        assert snap["session"]["tempo"] == 128.5
        drum_rack = next(d for d in tracks[state["drums"]]["devices"] if d["type"] == "drum_machine")
        assert any(chain["devices"] for chain in drum_rack["chains"]), drum_rack
        # the dataset recorder's call, through the sdist's own fetch_snapshot (names scrubbed)
        fetch = server.import_module("dataset.snapshot").fetch_snapshot
        scrubbed = fetch(server.connection().send_command, include_notes=False)
        assert scrubbed is not None and len(scrubbed["tracks"]) == len(tracks)

    with run.step("drain_passive_events"):
        result = server.connection().send_command("drain_passive_events")
        run.passive_types = {e["type"] for e in result["events"]}
        assert result["count"] == len(result["events"]) > 0


@pytest.fixture(scope="module")
def sdist() -> Path:
    try:
        return kit.fetch_sdist()
    except Exception as exc:  # no network, pip failure: a failure, never a skip
        pytest.fail(f"cannot get ableton-mcp {kit.VERSION}: {exc}")


@pytest.fixture(scope="module")
def script(sdist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return kit.install_remote_script(sdist, tmp_path_factory.mktemp("ableton_mcp"))


@pytest.fixture(scope="module")
def run(sdist: Path, script: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """One full MCP session against the hosted script; the emulator is stopped (and checked
    for leftovers) before the tests look at the result."""
    before = set(threading.enumerate())
    with clean_environment(), kit.load_server_side(sdist) as server:
        emu = start_emulator(script)
        result = Run(server=server, emu=emu)
        try:
            _session(result, tmp_path_factory.mktemp("audio"))
        finally:
            result.script_log = list(emu.script_host.log)
            server.disconnect()
            emu.stop()
    result.leaked_threads = [t.name for t in threading.enumerate() if t not in before]
    result.port_free_after_stop = port_is_free()
    return result


# -- tests -------------------------------------------------------------------------------------


def test_the_pinned_command_list_is_what_the_server_sends(sdist: Path) -> None:
    assert kit.commands_in_source(sdist) == set(SERVER_COMMANDS)


@pytest.mark.parametrize("command", SERVER_COMMANDS)
def test_command_succeeds(run: Run, command: str) -> None:
    sent = run.exchanges(command)
    assert sent, f"{command} was never sent"
    failed = [f"{e.params}: {e.error}" for e in sent if e.error is not None]
    assert not failed, f"{command} failed: {failed}"
    problems = list(run.problems.get(command, ()))
    assert not problems, f"{command}: " + " | ".join(problems)


def test_every_server_command_was_sent(run: Run) -> None:
    assert {e.command for e in run.server.exchanges} == set(SERVER_COMMANDS)


def test_passive_listeners_saw_the_session(run: Run) -> None:
    # the script's LOM listeners queue what changed; the MCP server's poller drains them
    expected = {"tempo_changed", "tracks_changed", "name_changed", "clip_slot_changed",
                "clip_name_changed", "clip_notes_changed", "playback_changed", "devices_changed"}
    assert expected <= run.passive_types, sorted(expected - run.passive_types)


def test_script_logged_no_error(run: Run) -> None:
    # the script catches many failures itself and only logs them (listener setup, snapshot
    # parts): any such line is an emulator gap even when the command succeeded
    words = ("error", "failed", "unavailable", "could not", "traceback")
    bad = [line for line in run.script_log if any(w in line.lower() for w in words)]
    assert not bad, "\n".join(bad)


def test_stop_leaves_no_thread_and_frees_the_port(run: Run) -> None:
    assert run.leaked_threads == []
    assert run.port_free_after_stop


def test_restart_at_once_serves_again(sdist: Path, script: Path) -> None:
    """Stop, start again at once: the port is free, the new script answers."""
    before = set(threading.enumerate())
    with clean_environment(), kit.load_server_side(sdist) as server:
        for _ in range(2):
            emu = start_emulator(script)
            try:
                info = server.connection().send_command("get_session_info")
                assert info["tempo"] == emu.engine.song.tempo
            finally:
                server.disconnect()
                emu.stop()
            assert [t.name for t in threading.enumerate() if t not in before] == []
            assert port_is_free()


def test_busy_port_fails_clearly(script: Path) -> None:
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a listener: still busy
        holder.bind((HOST, kit.SCRIPT_PORT))
        holder.listen(1)
        with pytest.raises(pytest.fail.Exception, match=f"TCP port {kit.SCRIPT_PORT} .* in use"):
            start_emulator(script)
    finally:
        holder.close()


def test_script_only_commands(sdist: Path, script: Path) -> None:
    """Commands the script serves that the 1.4.5 server does not send (older/other clients
    do): load_instrument_or_effect, get_browser_item (by path, by URI), inspect_rack.
    (get_browser_categories/get_browser_items call methods the script never defines, and
    map_rack_magnitude needs RackDevice.macro_map, which Live 12.3's API does not have: those
    fail on Live too, so they are not asked for here.)"""
    with clean_environment(), kit.load_server_side(sdist) as server:
        emu = start_emulator(script)
        try:
            send = server.connection().send_command
            by_path = send("get_browser_item", {"path": "instruments/Drum Rack"})
            assert by_path["found"] and by_path["item"]["is_loadable"], by_path
            uri = by_path["item"]["uri"]
            by_uri = send("get_browser_item", {"uri": uri})
            assert by_uri["found"] and by_uri["item"]["name"] == "Drum Rack", by_uri
            track = send("create_midi_track", {"index": -1})["index"]
            loaded = send("load_instrument_or_effect", {"track_index": track, "uri": uri})
            assert loaded["loaded"] and loaded["item_name"] == "Drum Rack", loaded
            kits = send("get_browser_items_at_path", {"path": "drums"})["items"]
            kit_uri = next(i["uri"] for i in kits if _is_preset(i))
            send("load_instrument_or_effect", {"track_index": track, "uri": kit_uri})
            rack = send("inspect_rack", {"track_index": track, "device_index": 0})
            with emu.engine.lock:
                live = emu.engine.song.tracks[track].devices[0]
                nested = [d.name for chain in live.chains for d in chain.devices]
            assert rack["rack_name"] == live.name
            assert [d["name"] for d in rack["devices"]] == nested and nested, rack
        finally:
            server.disconnect()
            emu.stop()
