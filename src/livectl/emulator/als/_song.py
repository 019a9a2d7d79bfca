"""A checked ``<LiveSet>`` to the emulator's set snapshot (``livectl-set/1``).

Where things are in a set (Live 10, 11, 12):

- tracks: ``Tracks/{MidiTrack,AudioTrack,GroupTrack,ReturnTrack}`` in order (return tracks
  come last); a track's group is ``TrackGroupId`` (the group track's ``Id``, -1 for none);
  its name ``Name/EffectiveName``; its colour ``Color`` (``ColorIndex`` in Live 10);
- the main track: ``MainTrack`` (Live 12) or ``MasterTrack``; its mixer holds the tempo
  (``Tempo/Manual``) and time signature (``TimeSignature/Manual``, an id: 201 is 4/4);
- mixer: ``DeviceChain/Mixer`` with ``Volume``, ``Pan``, ``Speaker`` (off = muted),
  ``SoloSink`` and ``Sends/TrackSendHolder/Send``, one per return track;
- arm and monitoring: ``DeviceChain/MainSequencer/Recorder/IsArmed`` and ``MonitoringEnum``;
- session clips: ``DeviceChain/MainSequencer/ClipSlotList/ClipSlot``, one per scene;
- arrangement clips: ``MainSequencer/ClipTimeable/ArrangerAutomation/Events`` (MIDI) and
  ``MainSequencer/Sample/ArrangerAutomation/Events`` (audio);
- scenes: ``Scenes/Scene`` (Live 11, 12: ``Name``, ``Color``, ``Tempo``, ``IsTempoEnabled``,
  ``TimeSignatureId``, ``IsTimeSignatureEnabled``) or ``SceneNames/Scene`` (Live 10: the
  name is its ``Value`` attribute);
- transport: ``Transport`` (``LoopOn``, ``LoopStart``, ``LoopLength``, ``CurrentTime``,
  ``PunchIn``, ``PunchOut``); ``GlobalQuantisation``; locators ``Locators/Locators/Locator``.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

from livectl.checks import TEMPO_MAX, TEMPO_MIN
from livectl.emulator.als._clips import NoteBudget, arrangement_clip, session_clip
from livectl.emulator.als._container import AlsError, LiveDocument
from livectl.emulator.als._devices import devices
from livectl.emulator.als._mixer import fader_from_gain
from livectl.emulator.als._values import (
    Warnings,
    boolean,
    color,
    integer,
    number,
    text,
    time_signature,
)

__all__ = ["MAX_RETURNS", "MAX_SCENES", "MAX_TRACKS", "snapshot"]

FORMAT = "livectl-set/1"  # the emulator's snapshot format (lom._snapshot.FORMAT)
MAX_TRACKS = 1024
MAX_RETURNS = 12  # Live's own limit
MAX_SCENES = 4096
MAX_ARRANGEMENT_CLIPS = 100_000  # per track
_KINDS = {"MidiTrack": "midi", "AudioTrack": "audio", "GroupTrack": "group",
          "ReturnTrack": "return"}


def snapshot(doc: LiveDocument, warnings: Warnings) -> dict[str, Any]:
    live_set = doc.live_set
    main = live_set.find("MainTrack")
    if main is None:
        main = live_set.find("MasterTrack")
    if main is None:
        raise AlsError("not a Live set: <LiveSet> has no <MainTrack> or <MasterTrack>")
    tracks_elem = live_set.find("Tracks")
    elems = list(tracks_elem) if tracks_elem is not None else []
    if len(elems) > MAX_TRACKS + MAX_RETURNS:
        raise AlsError(f"the set has {len(elems)} tracks; the reader's bound is "
                       f"{MAX_TRACKS + MAX_RETURNS}", field="track count", value=len(elems))
    for elem in elems:
        if elem.tag not in _KINDS:
            raise AlsError(f"Tracks: unknown track element <{elem.tag}>")
    returns = [e for e in elems if e.tag == "ReturnTrack"]
    players = [e for e in elems if e.tag != "ReturnTrack"]
    if len(returns) > MAX_RETURNS:
        raise AlsError(f"return track count must be at most {MAX_RETURNS} (Live's limit), got "
                       f"{len(returns)}", field="return track count", value=len(returns))
    scenes = _scenes(live_set, doc.release, warnings)
    budget = NoteBudget()
    ids = {e.get("Id"): i for i, e in enumerate(players)}
    tracks = []
    for index, elem in enumerate(players):
        data = _track(elem, f"track {index + 1}", len(returns), len(scenes), warnings, budget)
        group_id = text(elem, "TrackGroupId", "-1")
        group = ids.get(group_id) if group_id != "-1" else None
        if group_id != "-1" and (group is None or players[group].tag != "GroupTrack"):
            warnings.add(f"track {index + 1} {data['name']!r}: its group (Id {group_id}) is "
                         "not a group track of the set; loaded ungrouped")
            group = None
        data["group_track"] = group
        tracks.append(data)
    return {
        "format": FORMAT,
        "song": _song(live_set, main, warnings),
        "tracks": tracks,
        "return_tracks": [_track(e, f"return track {chr(65 + i)}", len(returns), 0, warnings,
                                 budget) for i, e in enumerate(returns)],
        "master_track": _track(main, "main track", 0, 0, warnings, budget, kind="main"),
        "scenes": scenes,
        "cue_points": _locators(live_set),
        "view": {"selected_track": ["track", 0] if tracks else ["master", 0],
                 "selected_scene": 0},
    }


def _song(live_set: ET.Element, main: ET.Element, warnings: Warnings) -> dict[str, Any]:
    mixer = main.find("DeviceChain/Mixer")
    numerator, denominator = time_signature(
        integer(mixer, "TimeSignature/Manual", "time signature", low=0, high=494, default=201),
        "time signature")
    transport = live_set.find("Transport")
    song: dict[str, Any] = {
        "tempo": number(mixer, "Tempo/Manual", "tempo", low=TEMPO_MIN, high=TEMPO_MAX,
                        default=120.0),
        "signature_numerator": numerator,
        "signature_denominator": denominator,
        "loop": boolean(transport, "LoopOn", "arrangement loop on", default=False),
        "loop_start": number(transport, "LoopStart", "arrangement loop start", low=0.0,
                             default=0.0),
        "loop_length": number(transport, "LoopLength", "arrangement loop length", low=1e-6,
                              default=16.0),
        "current_song_time": number(transport, "CurrentTime", "song position", low=0.0,
                                    default=0.0),
        "punch_in": boolean(transport, "PunchIn", "punch in", default=False),
        "punch_out": boolean(transport, "PunchOut", "punch out", default=False),
        "clip_trigger_quantization": integer(live_set, "GlobalQuantisation",
                                             "global quantisation", low=0, high=13, default=4),
        "groove_amount": number(mixer, "GlobalGrooveAmount/Manual", "groove amount",
                                low=0.0, high=131.25, default=100.0) / 100.0,
        "arrangement_overdub": boolean(live_set, "ArrangementOverdub", "arrangement overdub",
                                       default=False),
    }
    scale = live_set.find("ScaleInformation")
    if scale is not None:
        root_path = "RootNote" if scale.find("RootNote") is not None else "Root"
        song["root_note"] = integer(scale, root_path, "scale root note", low=0, high=11,
                                    default=0)
        name = text(scale, "Name")
        if name and not name.lstrip("-").isdigit():
            song["scale_name"] = name
        elif name not in ("", "0"):
            warnings.add(f"scale: Live 12's scale number {name} is not mapped to a scale name; "
                         "'Major' used")
    if live_set.find("GroovePool/Grooves/*") is not None:
        warnings.add("groove pool: grooves not mapped (the emulator has no grooves)")
    return song


def _scenes(live_set: ET.Element, release: int, warnings: Warnings) -> list[dict[str, Any]]:
    modern = live_set.find("Scenes")
    elems = list(modern) if modern is not None else list(live_set.iterfind("SceneNames/Scene"))
    if len(elems) > MAX_SCENES:
        raise AlsError(f"scene count must be at most {MAX_SCENES}, got {len(elems)}",
                       field="scene count", value=len(elems))
    scenes = []
    for index, elem in enumerate(elems):
        where = f"scene {index + 1}"
        if modern is None:  # Live 10: the name is the element's Value; no tempo per scene
            scenes.append({"name": elem.get("Value", ""),
                           "color_index": color(elem, where, warnings)})
            continue
        numerator, denominator = time_signature(
            integer(elem, "TimeSignatureId", f"{where}: time signature", low=0, high=494,
                    default=201), f"{where}: time signature")
        tempo_enabled = boolean(elem, "IsTempoEnabled", f"{where}: tempo on", default=False)
        scenes.append({
            "name": text(elem, "Name"),
            "color_index": color(elem, where, warnings),
            "tempo": number(elem, "Tempo", f"{where}: tempo", low=TEMPO_MIN if tempo_enabled
                            else 0.0, high=TEMPO_MAX, default=120.0),
            "tempo_enabled": tempo_enabled,
            "time_signature_numerator": numerator,
            "time_signature_denominator": denominator,
            "time_signature_enabled": boolean(elem, "IsTimeSignatureEnabled",
                                              f"{where}: time signature on", default=False),
        })
        follow = elem.find("FollowAction/FollowActionEnabled")
        if follow is not None and follow.get("Value") == "true":
            warnings.add(f"{where}: follow actions not mapped (the emulator has none)")
    return scenes


def _locators(live_set: ET.Element) -> list[dict[str, Any]]:
    cues = []
    for index, elem in enumerate(live_set.iterfind("Locators/Locators/Locator")):
        where = f"locator {index + 1}"
        cues.append({"name": text(elem, "Name"),
                     "time": number(elem, "Time", f"{where}: time", default=0.0)})
    return cues


def _track(
    elem: ET.Element,
    label: str,
    sends: int,
    scenes: int,
    warnings: Warnings,
    budget: NoteBudget,
    *,
    kind: str | None = None,
) -> dict[str, Any]:
    kind = kind or _KINDS[elem.tag]
    name = text(elem, "Name/EffectiveName") or text(elem, "Name/UserName")
    where = f"{label} {name!r}"
    chain = elem.find("DeviceChain")
    mixer = chain.find("Mixer") if chain is not None else None
    sequencer = chain.find("MainSequencer") if chain is not None else None
    speaker = boolean(mixer, "Speaker/Manual", f"{where}: speaker", default=True)
    send_values = [
        fader_from_gain(number(holder, "Send/Manual", f"{where}: send {chr(65 + i)}", low=0.0,
                               high=2.0, default=0.0), top_db=0.0)
        for i, holder in enumerate(mixer.iterfind("Sends/TrackSendHolder") if mixer is not None
                                   else ())
    ]
    if len(send_values) != sends and kind != "main":
        warnings.add(f"{where}: {len(send_values)} sends for {sends} return tracks; "
                     "missing sends are at their minimum")
    data: dict[str, Any] = {
        "kind": kind,
        "name": name,
        "color_index": color(elem, where, warnings),
        "mute": not speaker,
        "solo": boolean(mixer, "SoloSink", f"{where}: solo", default=False),
        "arm": kind in ("midi", "audio") and boolean(
            sequencer, "Recorder/IsArmed", f"{where}: arm", default=False),
        "current_monitoring_state": integer(sequencer, "MonitoringEnum", f"{where}: monitoring",
                                            low=0, high=2, default=1),
        "fold_state": kind == "group" and not boolean(elem, "TrackUnfolded",
                                                      f"{where}: unfolded", default=True),
        "mixer": {
            "volume": fader_from_gain(number(mixer, "Volume/Manual", f"{where}: volume",
                                             low=0.0, high=2.0, default=1.0), top_db=6.0),
            "panning": number(mixer, "Pan/Manual", f"{where}: pan", low=-1.0, high=1.0,
                              default=0.0),
            "sends": (send_values + [0.0] * sends)[:sends] if kind != "main" else [],
            "track_activator": 1.0 if speaker else 0.0,
        },
        "devices": devices(chain.find("DeviceChain/Devices") if chain is not None else None,
                           where, kind, warnings),
    }
    if kind in ("midi", "audio", "group"):
        data.update(_slots(sequencer, elem, where, scenes, warnings, budget))
    if kind in ("midi", "audio"):
        data.update(_arrangement(sequencer, kind, where, warnings, budget))
    _note_unmapped(elem, where, warnings)
    return data


def _slots(sequencer: ET.Element | None, track: ET.Element, where: str, scenes: int,
           warnings: Warnings, budget: NoteBudget) -> dict[str, Any]:
    slot_elems = (list(sequencer.iterfind("ClipSlotList/ClipSlot")) if sequencer is not None
                  else list(track.iterfind("Slots/*")))
    if slot_elems and len(slot_elems) != scenes:
        warnings.add(f"{where}: {len(slot_elems)} clip slots for {scenes} scenes; "
                     "extra slots dropped, missing ones empty")
    clips: list[dict[str, Any] | None] = []
    stops: list[bool] = []
    for index, slot in enumerate(slot_elems[:scenes]):
        value = slot.find("ClipSlot/Value")
        clip = value[0] if value is not None and len(value) else None
        clips.append(None if clip is None else session_clip(
            clip, f"{where} slot {index + 1} clip", warnings, budget))
        stops.append(boolean(slot, "HasStop", f"{where} slot {index + 1}: stop button",
                             default=True))
    missing = scenes - len(clips)
    return {"clips": clips + [None] * missing, "has_stop_buttons": stops + [True] * missing}


def _arrangement(sequencer: ET.Element | None, kind: str, where: str, warnings: Warnings,
                 budget: NoteBudget) -> dict[str, Any]:
    if sequencer is None:
        return {}
    lane = "ClipTimeable" if kind == "midi" else "Sample"
    events = sequencer.find(f"{lane}/ArrangerAutomation/Events")
    elems = list(events) if events is not None else []
    if len(elems) > MAX_ARRANGEMENT_CLIPS:
        raise AlsError(f"{where}: arrangement clip count must be at most "
                       f"{MAX_ARRANGEMENT_CLIPS}, got {len(elems)}")
    clips = [arrangement_clip(e, f"{where} arrangement clip {i + 1}", warnings, budget)
             for i, e in enumerate(elems) if e.tag in ("MidiClip", "AudioClip")]
    return {"arrangement_clips": clips} if clips else {}


def _note_unmapped(elem: ET.Element, where: str, warnings: Warnings) -> None:
    automated = _automated(elem)
    if automated:
        warnings.add(f"{where}: {automated} automation envelope(s) not mapped")
    if text(elem, "Freeze") == "true":
        warnings.add(f"{where}: frozen; loaded unfrozen (the emulator has no freeze)")
    if elem.find("TakeLanes/TakeLanes/*") is not None:
        warnings.add(f"{where}: take lanes not mapped")
    for routing in ("AudioInputRouting", "MidiInputRouting", "AudioOutputRouting",
                    "MidiOutputRouting"):
        target = text(elem, f"DeviceChain/{routing}/Target")
        if target and not target.endswith(("/None", "External.All/-1", "/Master", "/Main",
                                           "/GroupTrack", "External/S0", "External/M0")):
            warnings.add(f"{where}: {routing} {target!r} not mapped (default routing used)")


# Live writes each parameter's value before the song starts as an event at this time; an
# envelope with nothing else is a plain value (already read from ``Manual``), not automation.
_BEFORE_START = -63072000.0


def _automated(elem: ET.Element) -> int:
    count = 0
    for envelope in elem.iterfind("AutomationEnvelopes/Envelopes/AutomationEnvelope"):
        times = [float(e.get("Time", _BEFORE_START)) for e in envelope.iterfind(
            "Automation/Events/*")]
        count += any(t > _BEFORE_START for t in times)
    return count
