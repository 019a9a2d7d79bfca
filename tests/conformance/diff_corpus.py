"""The differential corpus: OSC datagrams to send to livectl's script and to AbletonOSC.

:func:`generate` builds, deterministically from a seed, a list of :class:`Case` (a label and
one datagram). Labels are what ``test_differential.py`` reports a difference under, and what
``docs/script.md`` lists: ``<kind> <address>``, e.g. ``get /live/track/get/name`` or
``badtype /live/song/set/tempo``. Datagrams are built with python-osc (the independent peer),
except the malformed ones, which are written byte by byte.

:func:`prepare_set` puts the same starting material into an emulated set in-process (devices
and an audio clip cannot be made over AbletonOSC's protocol): call it on both emulators.

The corpus has four parts:

1. ``coverage``: ``/live/api/reload``, then every address AbletonOSC registers, once, with
   valid arguments (methods that start the transport or launch clips come later);
2. ``listen``: listener scenarios (start, change, same value, stop, change again);
3. ``structure``: tracks, scenes, clips and returns created and deleted again;
4. every wildcard, unknown address and malformed datagram of the lists below once;
5. ``transport``: each clocked method (start/continue playing, fire a clip, a slot, a scene)
   in one bundle with what stops it again, so no time passes on either emulator;
6. ``fuzz``: random routes with a random mutation (valid, extra arguments, missing
   arguments, bad types, out-of-range/negative/float/"*" indices, wildcards, bundles,
   unknown addresses, malformed datagrams), until ``size`` cases.
"""

from __future__ import annotations

import random
import struct
import wave
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pythonosc.osc_bundle import OscBundle
from pythonosc.osc_bundle_builder import IMMEDIATELY, OscBundleBuilder
from pythonosc.osc_message import OscMessage
from pythonosc.osc_message_builder import OscMessageBuilder

from livectl.script.table.endpoint import Endpoint, Route
from livectl.script.table.endpoints import REGISTRATION_ORDER, ROUTES

__all__ = ["Case", "barrier", "generate", "prepare_set"]

DEFAULT_SIZE = 1200

# The set prepare_set() makes (from Live 12's default set: 4 tracks, 8 scenes, 2 returns):
# 0 1-MIDI (Operator, clips at slots 0 and 2), 1 2-MIDI (clip at slot 1), 2 a group of
# 3 3-Audio (Auto Filter, an audio clip at slot 0) and 4 4-Audio.
TRACKS = 5
SCENES = 8
RETURNS = 2
CLIPS = ((0, 0), (0, 2), (1, 1), (3, 0))
MIDI_CLIPS = ((0, 0), (0, 2), (1, 1))
EMPTY_SLOTS = ((0, 1), (1, 0), (4, 3), (3, 5))
DEVICES = ((0, 0), (3, 0))
PARAMETERS = 3  # Device On + two
ARMABLE = (0, 1, 3, 4)

# Methods whose effect depends on the clock (transport, launches) or that end the session.
VOLATILE = frozenset({
    "/live/song/start_playing", "/live/song/continue_playing", "/live/song/tap_tempo",
    "/live/song/trigger_session_record", "/live/clip/fire", "/live/clip_slot/fire",
    "/live/scene/fire", "/live/scene/fire_as_selected", "/live/scene/fire_selected",
    "/live/api/reload", "/live/song/set/record_mode", "/live/song/set/session_record",
    "/live/song/export/structure", "/live/test",
})
# Change the set's structure: only in the structure part, in pairs that undo each other.
STRUCTURE = frozenset({
    "/live/song/create_audio_track", "/live/song/create_midi_track",
    "/live/song/create_return_track", "/live/song/create_scene",
    "/live/song/delete_return_track", "/live/song/delete_scene", "/live/song/delete_track",
    "/live/song/duplicate_scene", "/live/song/duplicate_track",
    "/live/song/capture_and_insert_scene", "/live/track/delete_device",
    "/live/track/delete_clip", "/live/clip_slot/delete_clip", "/live/clip_slot/create_clip",
    "/live/clip_slot/duplicate_clip_to", "/live/clip/duplicate_loop",
    "/live/song/undo", "/live/song/redo",
})
Arg = Any


@dataclass(frozen=True)
class Case:
    """One datagram of the corpus and the label its differences are reported under."""

    label: str
    data: bytes


def message(address: str, *args: Arg) -> bytes:
    """An OSC message built by python-osc (type tags inferred: bool T/F, int i, float f...)."""
    builder = OscMessageBuilder(address)
    for value in args:
        if isinstance(value, tuple):  # (type tag, value) for tags python-osc does not infer
            builder.add_arg(value[1], value[0])
        else:
            builder.add_arg(value)
    return bytes(builder.build().dgram)


def bundle(*parts: bytes) -> bytes:
    builder = OscBundleBuilder(IMMEDIATELY)
    for part in parts:
        builder.add_content(OscBundle(part) if OscBundle.dgram_is_bundle(part)
                            else OscMessage(part))
    return bytes(builder.build().dgram)


def barrier() -> bytes:
    return message("/live/test")


# ---------------------------------------------------------------------------- the set


def write_wav(path: Path, seconds: float = 2.0, rate: int = 44100) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(struct.pack("<h", 0) * int(seconds * rate))
    return path


def prepare_set(emulator: Any, wav: Path) -> None:
    """Put the corpus' starting material into ``emulator``'s set (in-process, same for both)."""
    engine = emulator.engine
    params = [
        {"name": "Filter Freq", "value": 0.5, "min": 0.0, "max": 1.0, "is_quantized": False},
        {"name": "Filter Type", "value": 0.0, "min": 0.0, "max": 3.0, "is_quantized": True,
         "value_items": ["LP", "HP", "BP", "Notch"]},
    ]
    with engine.lock:
        engine.add_device(0, "Operator", "Operator", 1, parameters=params)
        engine.add_device(2, "Auto Filter", "AutoFilter", 2, parameters=params)
        song = engine.song
        song.tracks[2].clip_slots[0].create_audio_clip(str(wav))
        engine.create_group_track(2, 3, "Group")
        names = ("Bass_C-E", "Lead-F#", "Pad_Db-A4")  # /live/clips/filter reads these
        for (t, s), length, name in zip(MIDI_CLIPS, (4.0, 8.0, 2.0), names, strict=True):
            clip = song.tracks[t].clip_slots[s].create_clip(length)
            clip.name = name


# ---------------------------------------------------------------------------- values

def _valid_value(ep: Endpoint, rng: random.Random) -> list[Arg]:
    """A value Live accepts for property ``ep`` (after the index prefix)."""
    name, domain = ep.name, ep.domain
    table: dict[str, Callable[[], list[Arg]]] = {
        "tempo": lambda: [rng.choice([90.0, 121.5, 140.0, 60.25])],
        "groove_amount": lambda: [rng.choice([0.0, 0.5, 1.0])],
        "clip_trigger_quantization": lambda: [rng.randrange(14)],
        "midi_recording_quantization": lambda: [rng.randrange(9)],
        "root_note": lambda: [rng.randrange(12)],
        "scale_name": lambda: [rng.choice(["Major", "Minor", "Dorian"])],
        "signature_numerator": lambda: [rng.choice([3, 4, 7])],
        "signature_denominator": lambda: [rng.choice([4, 8])],
        "current_song_time": lambda: [rng.choice([0.0, 2.0, 4.5])],
        "loop_start": lambda: [rng.choice([0.0, 4.0])] if domain == "song"
        else [rng.choice([0.0, 0.5])],
        "loop_length": lambda: [rng.choice([4.0, 8.0, 16.0])],
        "loop_end": lambda: [rng.choice([1.0, 2.0])],
        "start_marker": lambda: [rng.choice([0.0, 0.25])],
        "end_marker": lambda: [rng.choice([1.0, 2.0])],
        "name": lambda: [rng.choice(["alpha", "Bass", "x y", "", "Keys_C-G"])],
        "color": lambda: [rng.choice([0x1AFF2F, 0x1A2F96, 0xFF3636, 0x123456])],
        "color_index": lambda: [rng.randrange(70)],
        "current_monitoring_state": lambda: [rng.randrange(3)],
        "fold_state": lambda: [rng.randrange(2)],
        "volume": lambda: [rng.choice([0.0, 0.5, 0.85, 1.0])],
        "panning": lambda: [rng.choice([-1.0, 0.0, 0.25])],
        "send": lambda: [rng.randrange(RETURNS), rng.choice([0.0, 0.3, 1.0])],
        "launch_mode": lambda: [rng.randrange(4)],
        "launch_quantization": lambda: [rng.randrange(15)],
        "warp_mode": lambda: [rng.choice([0, 1, 4])],
        "gain": lambda: [rng.choice([0.0, 0.4])],
        "pitch_coarse": lambda: [rng.choice([-12, 0, 7])],
        "pitch_fine": lambda: [rng.choice([-20.0, 0.0, 30.0])],
        "position": lambda: [rng.choice([0.0, 1.0])],
        "velocity_amount": lambda: [rng.choice([0.0, 0.5])],
        "tempo_enabled": lambda: [rng.randrange(2)],
        "time_signature_numerator": lambda: [rng.choice([3, 5])],
        "time_signature_denominator": lambda: [rng.choice([4, 8])],
        "parameter/value": lambda: [rng.randrange(1, PARAMETERS), rng.choice([0.0, 0.25, 1.0])],
        "parameters/value": lambda: [1.0, rng.choice([0.0, 0.75]), rng.choice([0.0, 2.0])],
        "selected_scene": lambda: [rng.randrange(SCENES)],
        "selected_track": lambda: [rng.randrange(TRACKS)],
        "selected_clip": lambda: list(rng.choice(CLIPS)),
        "selected_device": lambda: list(rng.choice(DEVICES)),
        "log_level": lambda: [rng.choice(["info", "warning", "debug", "info"])],
        "output_routing_type": lambda: [rng.choice(["Master", "Sends Only", "Group"])],
        "output_routing_channel": lambda: [rng.choice(["Track In", "1/2"])],
        "input_routing_type": lambda: [rng.choice(["All Ins", "No Input", "Ext. In"])],
        "input_routing_channel": lambda: [rng.choice(["All Channels", "1", "1/2"])],
        "has_stop_button": lambda: [rng.choice([0, 1, True, False])],
    }
    if name in table:
        return table[name]()
    if ep.value_type is bool:
        return [rng.choice([0, 1, True, False])]
    if ep.value_type is int:
        return [rng.randrange(3)]
    if ep.value_type is float:
        return [rng.choice([0.0, 0.5, 1.0])]
    return ["x"]


def _prefix(ep: Endpoint, rng: random.Random, address: str) -> list[Arg]:
    """Valid index arguments for ``ep`` (a clip address gets a slot with a clip...)."""
    domain = ep.domain
    if domain == "track":
        if ep.name == "arm":
            return [rng.choice(ARMABLE)]
        if ep.name == "fold_state":
            return [2]
        return [rng.randrange(TRACKS)]
    if domain == "clip":
        if "notes" in ep.name or ep.name == "remove_notes_by_id":
            return list(rng.choice(MIDI_CLIPS))
        return list(rng.choice(CLIPS))
    if domain == "clip_slot":
        return list(rng.choice(CLIPS + EMPTY_SLOTS))
    if domain == "scene":
        return [rng.randrange(SCENES)]
    if domain == "device":
        return list(rng.choice(DEVICES))
    return []


def _method_args(route: Route, rng: random.Random) -> list[Arg]:
    ep, name = route.endpoint, route.endpoint.name
    special: dict[str, Callable[[], list[Arg]]] = {
        "show_message": lambda: ["hello"],
        "capture_midi": lambda: rng.choice([[], [0]]),
        "jump_by": lambda: [rng.choice([1.0, -2.0, 4.0])],
        "stop_all_clips": lambda: rng.choice([[], [0], [1]]),
        "cue_point/jump": lambda: [rng.choice([0, "A", "none"])],
        "cue_point/set/name": lambda: [0, "A"],
        "remove_notes_by_id": lambda: [rng.randrange(1, 6)],
        "add/notes": lambda: _notes(rng),
        "remove/notes": lambda: rng.choice([[], [60, 1], [60, 12, 0.0, 1.0]]),
        "filter": lambda: rng.choice([["C", "E"], ["C3"], ["F#", "C", "E"], ["Db", "A"],
                                      ["Gb"], [], [1]]),
        "unfilter": lambda: rng.choice([[], [0, 2]]),
        "map_cc": lambda: [*rng.choice(DEVICES), 1, 0, rng.randrange(1, 120)],
    }
    args = special[name]() if name in special else []
    return _prefix(ep, rng, route.address) + args


def _notes(rng: random.Random) -> list[Arg]:
    out: list[Arg] = []
    for _ in range(rng.randrange(1, 4)):
        out += [rng.randrange(48, 72), rng.choice([0.0, 0.5, 1.0]), 0.5,
                rng.choice([100, 64.0]), rng.choice([False, True])]
    return out


def valid_args(route: Route, rng: random.Random) -> list[Arg]:
    """Valid arguments for ``route`` in the prepared set."""
    ep = route.endpoint
    if ep.kind == "method":
        return _method_args(route, rng)
    prefix = _prefix(ep, rng, route.address)
    if route.verb == "set":
        return prefix + _valid_value(ep, rng)
    if ep.kind == "query" and ep.args:
        extra: dict[str, list[Arg]] = {
            "track_names": rng.choice([[], [0, 2], [1, -1]]),
            "scenes/name": rng.choice([[], [0, 3]]),
            "track_data": [0, rng.choice([2, -1]), "track.name",
                           rng.choice(["clip.name", "clip_slot.has_clip", "device.name"])],
            "notes": rng.choice([[], [60, 12, 0.0, 4.0]]),
            "parameter/value_string": [rng.randrange(PARAMETERS)],
            "parameter/name": [rng.randrange(PARAMETERS)],
        }
        return prefix + extra.get(ep.name, [])
    if ep.name in ("send", "parameter/value"):
        first = RETURNS if ep.name == "send" else PARAMETERS
        return [*prefix, rng.randrange(first)]
    return prefix


# ---------------------------------------------------------------------------- mutations

def _out_of_range(ep: Endpoint, args: list[Arg], rng: random.Random) -> list[Arg]:
    n = len(ep.index_args) or 1
    out = list(args)
    spot = rng.randrange(min(n, len(out))) if out else 0
    if out:
        out[spot] = rng.choice([99, 1000, -99])
    return out


def _bad_type(args: list[Arg], prefix_len: int, rng: random.Random) -> list[Arg]:
    out = list(args)
    if not out:
        return ["x"]
    spot = rng.randrange(len(out))
    value = out[spot]
    if isinstance(value, str):
        out[spot] = rng.choice([3, 1.5])
    elif spot < prefix_len:
        out[spot] = rng.choice(["x", ("N", None)])
    else:
        out[spot] = rng.choice(["x", ("N", None), ("b", b"\x01\x02")])
    return out


_WILDCARDS: tuple[tuple[str, tuple[Arg, ...]], ...] = (
    ("/live/song/get/*", ()),
    ("/live/song/get/*", (5,)),
    ("/live/track/get/*", (0,)),
    ("/live/track/get/*", (2,)),
    ("/live/track/get/*", (99,)),
    ("/live/track/get/*", ()),
    ("/live/clip/get/*", (0, 0)),
    ("/live/clip/get/*", (3, 0)),
    ("/live/clip/get/*", (0, 1)),
    ("/live/clip_slot/get/*", (1, 1)),
    ("/live/clip_slot/get/*", (1, 2)),
    ("/live/scene/get/*", (0,)),
    ("/live/device/get/*", (0, 0)),
    ("/live/device/get/*", (3, 0)),
    ("/live/view/get/*", ()),
    ("/live/application/get/*", ()),
    ("/live/api/get/*", ()),
    ("/live/*/get/name", (0,)),
    ("/live/*/get/name", (0, 0)),
    ("/live/song/get/num_*", ()),
    ("/live/song/get/*_quantization", ()),
    ("/live/track/get/devices/*", (0,)),
    ("/live/track/get/clips/*", (1,)),
    ("/live/device/get/parameters/*", (0, 0)),
    ("/live/nothing/*", ()),
    ("/live/song/get/[lt]*", ()),
    ("/live/song/get/tem?po*", ()),
    ("/live/track/start_listen/*", (1,)),
    ("/live/track/stop_listen/*", (1,)),
)

_MALFORMED: tuple[tuple[str, bytes], ...] = (
    ("empty", b""),
    ("no-type-tags", b"/live/song/get/tempo\x00\x00\x00\x00"),
    ("truncated-int", b"/live/track/get/name\x00\x00\x00\x00,i\x00\x00\x00\x00"),
    ("unterminated", b"/live/song/get/tempo"),
    ("no-slash", message("live/song/get/tempo")),
    ("bad-bundle", b"#bundle\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x40"),
    ("unknown-tag", b"/live/song/get/tempo\x00\x00\x00\x00,x\x00\x00"),
    ("garbage", b"\xff\xfe\xfd\xfc"),
)

_UNKNOWN = ("/live/song/get/nope", "/live/tracks/get/name", "/live/song/get", "/live",
            "/", "/live/track/get/name/extra", "/emulator/nope", "/live/song/get/Tempo")


@dataclass
class _Corpus:
    rng: random.Random
    cases: list[Case]

    def add(self, label: str, data: bytes) -> None:
        self.cases.append(Case(label, data))

    def send(self, kind: str, address: str, args: Sequence[Arg], label: str = "") -> None:
        self.add(f"{kind} {label or address}", message(address, *args))


def _routes(*, include_structure: bool = False) -> list[Route]:
    out = []
    for address in REGISTRATION_ORDER:
        if address in VOLATILE or (address in STRUCTURE and not include_structure):
            continue
        route = ROUTES[address]
        if route.verb in ("start_listen", "stop_listen"):
            continue  # listeners are the listen part's
        out.append(route)
    return out


def _coverage(c: _Corpus) -> None:
    # A reload first (AbletonOSC re-imports its handlers and sends /live/startup again);
    # later, with listeners about, AbletonOSC's reload can lose every handler (§1.10).
    c.send("reload", "/live/api/reload", [])
    for route in _routes():
        kind = "call" if route.verb == "call" else route.verb
        c.send(kind, route.address, valid_args(route, c.rng))


def _listen(c: _Corpus) -> None:
    rng = c.rng
    # Clocked values (meters, playing position) are only started and stopped again at once:
    # with the transport stopped nothing moves them in between.
    listenable = [ROUTES[a] for a in REGISTRATION_ORDER if ROUTES[a].verb == "start_listen"]
    for route in listenable:
        ep = route.endpoint
        prefix = _prefix(ep, rng, route.address)
        extra = [7] if rng.random() < 0.2 else []
        c.send("listen", route.address, prefix + extra)
        if ep.writable:
            value = _valid_value(ep, rng)
            c.send("listen-set", ep.set_address, prefix + value)
            c.send("listen-same", ep.set_address, prefix + value)
        c.send("unlisten", ep.stop_listen_address, prefix + extra)
        if ep.writable and rng.random() < 0.5:
            c.send("unlistened-set", ep.set_address, prefix + _valid_value(ep, rng))
    # A listener on a parameter and on the mixer, changed inside a bundle.
    for t, d in DEVICES:
        c.send("listen", "/live/device/start_listen/parameter/value", [t, d, 1])
        c.add("listen-bundle /live/device/set/parameter/value", bundle(
            message("/live/device/set/parameter/value", t, d, 1, 0.125),
            message("/live/device/get/parameter/value", t, d, 1)))
        c.send("unlisten", "/live/device/stop_listen/parameter/value", [t, d, 1])
    # Extra arguments join the key and every message; a missing parameter index.
    c.send("listen", "/live/device/start_listen/parameter/value", [0, 0, 2, "extra"])
    c.send("listen-set", "/live/device/set/parameter/value", [0, 0, 2, 1.0])
    c.send("unlisten", "/live/device/stop_listen/parameter/value", [0, 0, 2])
    c.send("unlisten", "/live/device/stop_listen/parameter/value", [0, 0, 2, "extra"])
    c.send("unlisten-missing", "/live/device/stop_listen/parameter/value", [0, 0])
    c.send("listen-missing", "/live/device/start_listen/parameter/value", [0, 0])
    c.send("listen", "/live/song/start_listen/beat", [])
    c.send("unlisten", "/live/song/stop_listen/beat", [])
    c.send("unlisten-never", "/live/track/stop_listen/name", [0])


def _structure(c: _Corpus) -> None:
    s = c.send
    s("structure", "/live/song/create_midi_track", [-1])
    s("structure", "/live/song/get/num_tracks", [])
    s("structure", "/live/song/duplicate_track", [TRACKS])
    s("structure", "/live/song/delete_track", [TRACKS + 1])
    s("structure", "/live/song/delete_track", [TRACKS])
    s("structure", "/live/song/create_audio_track", [1])
    s("structure", "/live/song/get/track_names", [])
    s("structure", "/live/song/delete_track", [1])
    s("structure", "/live/song/create_scene", [-1])
    s("structure", "/live/song/duplicate_scene", [0])
    s("structure", "/live/song/get/scenes/name", [])
    s("structure", "/live/song/delete_scene", [1])
    s("structure", "/live/song/delete_scene", [SCENES])
    s("structure", "/live/song/undo", [])
    s("structure", "/live/song/get/num_scenes", [])
    s("structure", "/live/song/redo", [])
    s("structure", "/live/song/create_return_track", [])
    s("structure", "/live/song/delete_return_track", [RETURNS])
    s("structure", "/live/song/delete_return_track", [9])
    s("structure", "/live/song/delete_track", [99])
    s("structure", "/live/song/create_scene", [99])
    s("structure", "/live/clip_slot/create_clip", [1, 3, 4.0])
    s("structure", "/live/clip_slot/create_clip", [1, 3, 4.0])
    s("structure", "/live/clip_slot/create_clip", [1, 4, -1.0])
    s("structure", "/live/clip_slot/duplicate_clip_to", [1, 3, 1, 4])
    s("structure", "/live/clip/duplicate_loop", [1, 4])
    s("structure", "/live/clip/get/length", [1, 4])
    s("structure", "/live/track/get/clips/name", [1])
    s("structure", "/live/clip_slot/delete_clip", [1, 4])
    s("structure", "/live/track/delete_clip", [1, 3])
    s("structure", "/live/track/delete_clip", [1, 3])
    s("structure", "/live/clip_slot/duplicate_clip_to", [0, 1, 1, 4])
    s("structure", "/live/track/delete_device", [1, 0])
    s("structure", "/live/song/capture_and_insert_scene", [])
    s("structure", "/live/song/delete_scene", [1])
    s("structure", "/live/song/undo", [])
    s("structure", "/live/song/get/can_undo", [])
    s("structure", "/live/song/get/can_redo", [])


def _fixed_errors(c: _Corpus) -> None:
    """Every wildcard, unknown address and malformed datagram of the fuzz lists once."""
    for pattern, args in _WILDCARDS:
        c.send("wild", pattern, list(args))
    for address in _UNKNOWN:
        c.send("unknown", address, [])
    for name, data in _MALFORMED:
        c.add(f"malformed {name}", data)
    for kind in ("i", "f", "s"):  # int64 and double arguments, decoded by both
        value = {"i": ("h", 7), "f": ("d", 0.25), "s": ("d", 99.5)}[kind]
        c.send("wide", "/live/song/set/tempo" if kind == "s" else "/live/song/get/tempo",
               [value], f"/live/song/{'set' if kind == 's' else 'get'}/tempo {value[0]}")


def _transport(c: _Corpus) -> None:
    """Clocked methods, each undone in the same bundle (one tick, so no time passes)."""
    for address, args in (("/live/song/start_playing", []), ("/live/song/continue_playing", []),
                          ("/live/clip_slot/fire", [0, 0]), ("/live/clip/fire", [1, 1]),
                          ("/live/scene/fire", [2])):
        c.send("listen", "/live/song/start_listen/is_playing", [])
        c.add(f"transport {address}", bundle(
            message(address, *args),
            message("/live/song/get/is_playing"),
            message("/live/song/stop_all_clips", 0),
            message("/live/song/stop_playing"),
            message("/live/song/set/current_song_time", 0.0),
        ))
        c.send("unlisten", "/live/song/stop_listen/is_playing", [])
    c.send("transport", "/live/song/get/is_playing", [])
    c.send("transport", "/live/song/get/current_song_time", [])


def _fuzz_one(c: _Corpus, routes: list[Route]) -> None:
    rng = c.rng
    roll = rng.random()
    if roll < 0.06:
        pattern, args = rng.choice(_WILDCARDS)
        c.send("wild", pattern, list(args))
        return
    if roll < 0.12:
        parts = [rng.choice(routes) for _ in range(rng.randrange(2, 5))]
        datagrams = [message(r.address, *valid_args(r, rng)) for r in parts]
        kind = "bundle"
        if rng.random() < 0.4:
            spot = rng.randrange(len(datagrams))
            datagrams[spot] = message(parts[spot].address, 99, 99, 99)
            kind = "bundle-error"
        if rng.random() < 0.3:
            datagrams = [datagrams[0], bundle(*datagrams[1:])]
            kind += "-nested"
        c.add(f"{kind} " + ",".join(r.address for r in parts), bundle(*datagrams))
        return
    if roll < 0.15:
        c.send("unknown", rng.choice(_UNKNOWN), rng.choice([[], [1], ["x", 2.5]]))
        return
    if roll < 0.17:
        name, data = rng.choice(_MALFORMED)
        c.add(f"malformed {name}", data)
        return
    route = rng.choice(routes)
    ep = route.endpoint
    args = valid_args(route, rng)
    n = len(ep.index_args)
    mutation = rng.choices(
        ["valid", "extra", "missing", "badtype", "range", "negative", "float", "star"],
        weights=[30, 12, 10, 14, 12, 6, 6, 4 if ep.domain == "track" else 0],
    )[0]
    if mutation == "extra":
        args = args + rng.choice([[1], ["x"], [2.5, "y"]])
    elif mutation == "missing":
        args = args[: rng.randrange(len(args))] if args else []
    elif mutation == "badtype":
        args = _bad_type(args, n, rng)
    elif mutation == "range" and n:
        args = _out_of_range(ep, args, rng)
    elif mutation == "negative" and n:
        args = [-1, *args[1:]]
    elif mutation == "float" and n:
        args = [float(args[0]) + rng.choice([0.0, 0.5]), *args[1:]]
    elif mutation == "star":
        args = ["*", *args[1:]]
    elif mutation != "valid":
        mutation = "valid"
    c.send(mutation, route.address, args)


def generate(seed: int = 0, size: int = DEFAULT_SIZE) -> list[Case]:
    """The corpus for ``seed``: coverage, listen and structure parts, then fuzz up to ``size``."""
    c = _Corpus(random.Random(seed), [])
    _coverage(c)
    _listen(c)
    _structure(c)
    _fixed_errors(c)
    _transport(c)
    routes = _routes()
    while len(c.cases) < size:
        _fuzz_one(c, routes)
    return c.cases
