"""livectl's extensions beyond AbletonOSC: devices and the browser, racks, the arrangement,
automation, Live 12's extended notes, return tracks and the master, views.

Registered after AbletonOSC's 494 addresses (``endpoints.EXTENSION_ORDER``), each marked
``extension=True`` with the origin of its name: an open AbletonOSC pull request or issue
where one proposes the address (``AbletonOSC #173``), else Live's own method or property
name (``Live: Track.create_midi_clip``). They are matched by exact address only: wildcard
expansion keeps AbletonOSC's address list, so AbletonOSC clients see the same replies.

Addresses follow AbletonOSC's style: ``/live/<object>/<verb>/<property>``, indices first,
replies echo the indices. Lists in replies are flat groups (``note_fields`` below).
"""

from __future__ import annotations

from ._build import a, call, prop, query, reg
from .endpoint import Arg, Domain, Endpoint

__all__ = ["EXTENDED_NOTE_FIELDS", "NOTE_FIELDS", "VIEW_NAMES", "register_extensions"]

# The fields of one note in /live/<clip|arrangement_clip>/get/notes (AbletonOSC's five) and
# in the extended replies (note_id first, then Live 12's fields).
NOTE_FIELDS = ("pitch", "start_time", "duration", "velocity", "mute")
EXTENDED_NOTE_FIELDS = (
    "note_id",
    "pitch",
    "start_time",
    "duration",
    "velocity",
    "mute",
    "probability",
    "velocity_deviation",
    "release_velocity",
)
# Live's view names (Application.View.show_view & co.).
VIEW_NAMES = ("Browser", "Arranger", "Session", "Detail", "Detail/Clip", "Detail/DeviceChain")

_ORDER: list[Endpoint] = []


def _q(domain: Domain, name: str, t: type, *args: Arg, origin: str, reply: str = "",
       path: str = "", notes: str = "") -> Endpoint:
    ep = query(domain, name, t, *args, reply=reply, path=path, notes=notes, extension=True,
               origin=origin)
    _ORDER.append(ep)
    return ep


def _m(domain: Domain, name: str, *args: Arg, origin: str, reply: str = "none",
       value_type: type | None = None, path: str = "", notes: str = "") -> Endpoint:
    ep = call(domain, name, *args, value_type=value_type, path=path, reply=reply, notes=notes,
              extension=True, origin=origin)
    _ORDER.append(ep)
    return ep


def _p(domain: Domain, name: str, t: type, *, rw: bool, origin: str, args: tuple[Arg, ...] = (),
       notes: str = "", reply: str = "") -> Endpoint:
    ep = prop(domain, name, t, rw=rw, listenable=False, observable=False, echo_extra=False,
              args=args, notes=notes, reply=reply, extension=True, origin=origin)
    _ORDER.append(ep)
    return ep


_NOTE_RANGE = (
    a("pitch_start", optional=True),
    a("pitch_span", optional=True),
    a("time_start", float, optional=True),
    a("time_span", float, optional=True),
)
_NOTE = (a("pitch"), a("start_time", float), a("duration", float), a("velocity", float),
         a("mute", bool, repeated=True))
_EXT_NOTE = (*_NOTE[:4], a("mute", bool), a("probability", float),
             a("velocity_deviation", float), a("release_velocity", float, repeated=True))
_PARAM = (a("device_index"), a("parameter_index"))

# ------------------------------------------------------------------ devices and the browser

_PR_INSERT = "AbletonOSC #173 (also #209); Live 12.3: Track.insert_device"
_PR_BROWSER = "AbletonOSC #194 (browser API); #191/#200 explicit track_index"
_PR_CHAIN = "AbletonOSC #199/#170 (chains, issue #169); #191 num_chains"
_RACK = "livectl; Live: RackDevice.drum_pads / DrumPad"


def _devices() -> None:
    _m("track", "insert_device", a("device_name", str), a("device_index", optional=True),
       origin=_PR_INSERT, reply="(t, device_index)",
       notes="a native device by name; -1 or absent: Live's place for it")
    _q("browser", "categories", tuple, origin=_PR_BROWSER + " get/categories",
       reply="(category...)", notes="the category keys get/children and search take")
    _q("browser", "children", tuple, a("category", str), a("folder", str, repeated=True),
       origin=_PR_BROWSER + " get/children",
       reply="(name, uri, is_folder, is_loadable)...", notes="one level below category/folders")
    _q("browser", "search", tuple, a("text", str), a("category", str, optional=True),
       a("max_results", optional=True), path="search", origin=_PR_BROWSER + " search",
       reply="(name, uri, is_folder, is_loadable)...",
       notes="case-insensitive substring of item names; default 50 results, at most 500")
    _m("browser", "load", a("track_index"), a("uri", str), origin=_PR_BROWSER +
       "; #192 /live/browser/load", reply="(t, device_index)",
       notes="selects the track, then Browser.load_item as Live's browser does")
    # racks
    _q("device", "num_chains", int, origin=_PR_CHAIN, reply="(t, d, n)")
    _q("device", "chains/name", tuple, origin=_PR_CHAIN, reply="(t, d, name...)")
    _q("device", "drum_pads", tuple, origin=_RACK,
       reply="(t, d, note, name...)", notes="the pads that hold chains")
    for name, t, rw in (("name", str, True), ("mute", bool, True), ("solo", bool, True),
                        ("volume", float, True), ("panning", float, True)):
        _p("chain", name, t, rw=rw, origin=_PR_CHAIN,
           notes="volume/panning: the chain's mixer_device" if t is float else "")
    _q("chain", "num_devices", int, origin=_PR_CHAIN, reply="(t, d, ch, n)")
    _q("chain", "devices/name", tuple, origin=_PR_CHAIN, reply="(t, d, ch, name...)")
    _q("chain", "devices/class_name", tuple, origin=_PR_CHAIN, reply="(t, d, ch, class_name...)")
    _m("chain", "insert_device", a("device_name", str), a("device_index", optional=True),
       origin="Live 12.3: Chain.insert_device", reply="(t, d, ch, chain_device_index)")
    _m("chain", "delete_device", a("chain_device_index"), origin="Live: Chain.delete_device")
    _q("drum_pad", "name", str, origin=_RACK, reply="(t, d, note, name)")
    _p("drum_pad", "mute", bool, rw=True, origin=_RACK)
    _p("drum_pad", "solo", bool, rw=True, origin=_RACK)
    _q("drum_pad", "chains", tuple, origin=_RACK, reply="(t, d, note, chain_index...)",
       notes="indices into the rack's chains, for /live/chain/* and /live/chain_device/*")
    _p("chain_device", "name", str, rw=False, origin=_PR_CHAIN)
    _p("chain_device", "class_name", str, rw=False, origin=_PR_CHAIN)
    _q("chain_device", "num_parameters", int, origin=_PR_CHAIN, reply="(t, d, ch, cd, n)")
    for what in ("name", "value", "min", "max"):
        _q("chain_device", f"parameters/{what}", tuple, origin=_PR_CHAIN,
           reply=f"(t, d, ch, cd, {what}...)")
    _p("chain_device", "parameter/value", float, rw=True, args=(a("parameter_index"),),
       origin=_PR_CHAIN, reply="(t, d, ch, cd, p, value)")
    _q("chain_device", "parameter/value_string", str, a("parameter_index"), origin=_PR_CHAIN,
       reply="(t, d, ch, cd, p, string)")


# ------------------------------------------------------------------ the arrangement

_PR_ARR = "AbletonOSC #195 (arrangement), issue #124"
_PR_ARR_NS = "AbletonOSC issue #124 (the maintainer's /live/arrangement_clip namespace)"


def _arrangement() -> None:
    _q("track", "arrangement_clips", tuple, origin=_PR_ARR + " get/clips",
       reply="(t, start_time, end_time, length, name...)", notes="groups of 4, by start time")
    _m("track", "create_midi_clip", a("start_time", float), a("length", float),
       origin="AbletonOSC #168/#206; Live 12.1: Track.create_midi_clip",
       reply="(t, arrangement_clip_index)")
    _m("track", "delete_arrangement_clip", a("clip_index"),
       origin=_PR_ARR + " delete_clip; Live: Track.delete_clip")
    _m("clip", "duplicate_to_arrangement", a("time", float),
       origin=_PR_ARR + " duplicate_to_arrangement; Live: Track.duplicate_clip_to_arrangement",
       reply="(t, c, arrangement_clip_index)")
    for name, t, rw in (("name", str, True), ("muted", bool, True), ("start_time", float, False),
                        ("end_time", float, False), ("length", float, False),
                        ("is_midi_clip", bool, False), ("is_playing", bool, False),
                        ("playing_position", float, False)):
        _p("arrangement_clip", name, t, rw=rw, origin=_PR_ARR_NS)
    _q("arrangement_clip", "notes", tuple, *_NOTE_RANGE, origin=_PR_ARR_NS + "; #195 get/notes",
       reply="(t, i, pitch, start, duration, velocity, mute...)",
       notes="as /live/clip/get/notes")
    _m("arrangement_clip", "add/notes", *_NOTE, path="add/notes", origin=_PR_ARR_NS,
       notes="groups of 5, as /live/clip/add/notes")
    _m("arrangement_clip", "remove/notes", *_NOTE_RANGE, path="remove/notes", origin=_PR_ARR_NS)


# ------------------------------------------------------------------ Live 12 notes

_PR_NOTES = "AbletonOSC #198 (notes_extended); note ids: Live 11+ Clip API"


def _notes() -> None:
    for domain in ("clip", "arrangement_clip"):
        prefix = "(t, c, " if domain == "clip" else "(t, i, "
        _q(domain, "notes_extended", tuple, *_NOTE_RANGE, origin=_PR_NOTES,
           reply=prefix + ", ".join(EXTENDED_NOTE_FIELDS) + "...)",
           notes="groups of 9; 0 or 4 range arguments")
        _m(domain, "add/notes_extended", *_EXT_NOTE, path="add/notes_extended",
           origin=_PR_NOTES, reply=prefix + "note_id...)",
           notes="groups of 8 (no note_id); replies the new ids in order")
        _q(domain, "notes_by_id", tuple, a("note_id", repeated=True),
           origin="Live: Clip.get_notes_by_id", reply=prefix + "groups of 9...)")
        _m(domain, "modify/notes", a("note_id"), *_EXT_NOTE, path="modify/notes",
           origin="Live: Clip.apply_note_modifications", notes="groups of 9 (note_id first)")
        _m(domain, "remove/notes_by_id", a("note_id", repeated=True),
           path="remove/notes_by_id", origin="Live: Clip.remove_notes_by_id",
           notes="AbletonOSC's /live/clip/remove_notes_by_id passes the ids as separate "
           "arguments, which Live refuses for one id or more")



# ------------------------------------------------------------------ automation

_AUTO = "AbletonOSC issue #112; Live: Clip.%s"


def _automation() -> None:
    _m("clip", "create_automation_envelope", *_PARAM,
       origin=_AUTO % "create_automation_envelope",
       notes="device_index -1: the track's mixer (0 volume, 1 panning, 2.. sends)")
    _q("clip", "automation_envelope", tuple, *_PARAM, origin=_AUTO % "automation_envelope",
       reply="(t, c, d, p, time, value...)", notes="the breakpoints; an error when none")
    _m("clip", "automation/insert_step", *_PARAM, a("time", float), a("duration", float),
       a("value", float), path="automation/insert_step", origin="Live: Envelope.insert_step")
    _q("clip", "automation/value_at_time", float, *_PARAM, a("time", float),
       origin="Live: Envelope.value_at_time", reply="(t, c, d, p, time, value)")
    _m("clip", "clear_envelope", *_PARAM, origin=_AUTO % "clear_envelope")
    _m("clip", "clear_all_envelopes", origin=_AUTO % "clear_all_envelopes")


# ------------------------------------------------------------------ returns and master

_PR_RET = "AbletonOSC issue #47; #205 (consolidates #84, #189, #197)"


def _mixer() -> None:
    _q("song", "num_return_tracks", int, origin="AbletonOSC #197", reply="(n,)")
    _p("track", "sends", tuple, rw=True, origin="livectl issue 12 (AbletonOSC has get/send)",
       reply="(t, value...)", notes="one per return track; set: values for sends 0..n-1")
    for domain in ("return_track", "master_track"):
        r = "r, " if domain == "return_track" else ""
        _p(domain, "name", str, rw=domain == "return_track", origin=_PR_RET)
        _p(domain, "volume", float, rw=True, origin=_PR_RET)
        _p(domain, "panning", float, rw=True, origin=_PR_RET)
        if domain == "return_track":
            _p(domain, "mute", bool, rw=True, origin=_PR_RET)
            _p(domain, "solo", bool, rw=True, origin=_PR_RET)
            _p(domain, "sends", tuple, rw=True, origin=_PR_RET, reply="(r, value...)")
        _q(domain, "num_devices", int, origin=_PR_RET, reply=f"({r}n)")
        _q(domain, "devices/name", tuple, origin=_PR_RET, reply=f"({r}name...)")
        _m(domain, "insert_device", a("device_name", str), a("device_index", optional=True),
           origin=_PR_RET + "; Live 12.3: Track.insert_device", reply=f"({r}device_index)")
        _m(domain, "delete_device", a("device_index"), origin="Live: Track.delete_device")
        _q(domain, "device/parameters/name", tuple, a("device_index"), origin=_PR_RET,
           reply=f"({r}d, name...)")
        _p(domain, "device/parameter/value", float, rw=True,
           args=(a("device_index"), a("parameter_index")), origin=_PR_RET,
           reply=f"({r}d, p, value)")


# ------------------------------------------------------------------ views

_PR_VIEW = "AbletonOSC #192 (issue #97); Live: Application.View"


def _views() -> None:
    _q("application", "focused_document_view", str, origin=_PR_VIEW,
       reply="(name,)", notes="Session or Arranger")
    _q("application", "is_view_visible", bool, a("view_name", str), origin=_PR_VIEW,
       reply="(view_name, bool)")
    for verb in ("show_view", "focus_view", "hide_view"):
        _m("application", verb, a("view_name", str), origin=_PR_VIEW,
           notes="one of " + ", ".join(VIEW_NAMES))
    _m("view", "select_device", a("track_index"), a("device_index"),
       origin="Live: Song.View.select_device", notes="also shows Detail/DeviceChain")


# ------------------------------------------------------------------ undo steps

_UNDO = "livectl issue 15; Live: Song.%s"


def _undo_steps() -> None:
    _m("song", "begin_undo_step", origin=_UNDO % "begin_undo_step",
       notes="every change until end_undo_step is one undo step in Live")
    _m("song", "end_undo_step", origin=_UNDO % "end_undo_step",
       notes="closes begin_undo_step; pairs nest, the outermost end closes the step")


def register_extensions() -> None:
    """Define and register every extension, after AbletonOSC's addresses."""
    for define in (_devices, _arrangement, _notes, _automation, _mixer, _views, _undo_steps):
        define()
    for ep in _ORDER:
        reg(ep)
