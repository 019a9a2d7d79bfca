"""``<MidiClip>`` and ``<AudioClip>`` as the emulator's clip snapshots (``Clip.to_dict()``).

Facts used (from saved sets): a clip's ``<Loop>`` holds ``LoopStart``, ``LoopEnd``,
``LoopOn``, ``StartRelative`` (the start marker, relative to the loop start) and
``OutMarker`` (the end marker). Notes sit in ``Notes/KeyTracks/KeyTrack``: one key track
per pitch (``MidiKey``), each with ``MidiNoteEvent`` elements whose attributes are ``Time``,
``Duration``, ``Velocity``, ``OffVelocity``, ``IsEnabled`` and, from Live 11 on,
``VelocityDeviation``, ``Probability`` and ``NoteId``. An arrangement clip's ``Time``
attribute is its position; ``CurrentStart``/``CurrentEnd`` span it on the timeline.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any
from xml.etree import ElementTree as ET

from livectl.emulator.als._container import AlsError
from livectl.emulator.als._values import MAX_BEATS, Warnings, boolean, color, integer, number, text

__all__ = ["MAX_NOTES", "NoteBudget", "arrangement_clip", "session_clip"]

MAX_NOTES = 2_000_000  # in the whole set


class NoteBudget:
    """Counts notes across the set so a hostile file cannot make millions of objects."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = MAX_NOTES if limit is None else limit
        self.count = 0

    def take(self, n: int, where: str) -> None:
        self.count += n
        if self.count > self.limit:
            raise AlsError(
                f"{where}: the set holds more than {self.limit} notes (the reader's bound)",
                field="note count", value=self.count,
            )


def session_clip(elem: ET.Element, where: str, warnings: Warnings, budget: NoteBudget) -> dict[str, Any]:
    return _clip(elem, where, warnings, budget)


def arrangement_clip(elem: ET.Element, where: str, warnings: Warnings, budget: NoteBudget) -> dict[str, Any]:
    data = _clip(elem, where, warnings, budget)
    start = number(elem, "CurrentStart", f"{where}: start", default=number(
        elem, "", f"{where}: Time", attribute="Time", default=0.0))
    end = number(elem, "CurrentEnd", f"{where}: end", default=start + 4.0)
    if end <= start:
        raise AlsError(f"{where}: arrangement end {end:g} must be after its start {start:g}")
    data.update(start_time=start, end_time=end, arrangement_offset=0.0)
    return data


def _clip(elem: ET.Element, where: str, warnings: Warnings, budget: NoteBudget) -> dict[str, Any]:
    is_audio = elem.tag == "AudioClip"
    name = text(elem, "Name")
    where = f"{where} {name!r}" if name else where
    loop = elem.find("Loop")
    loop_start = number(loop, "LoopStart", f"{where}: loop start", default=0.0)
    loop_end = number(loop, "LoopEnd", f"{where}: loop end", default=loop_start + 4.0)
    if loop_end <= loop_start:
        raise AlsError(f"{where}: loop end {loop_end:g} must be after loop start {loop_start:g}")
    start_marker = loop_start + number(loop, "StartRelative", f"{where}: start marker", default=0.0)
    end_marker = number(loop, "OutMarker", f"{where}: end marker", default=loop_end)
    if end_marker <= start_marker:
        end_marker = max(loop_end, start_marker + 1.0)
        warnings.add(f"{where}: end marker before its start marker; set to {end_marker:g}")
    signature = elem.find("TimeSignature/TimeSignatures/RemoteableTimeSignature")
    data: dict[str, Any] = {
        "name": name,
        "is_audio_clip": is_audio,
        "color_index": color(elem, where, warnings),
        "looping": boolean(loop, "LoopOn", f"{where}: loop on", default=True),
        "loop_start": loop_start,
        "loop_end": loop_end,
        "start_marker": start_marker,
        "end_marker": end_marker,
        "launch_mode": integer(elem, "LaunchMode", f"{where}: launch mode", low=0, high=3,
                               default=0),
        "launch_quantization": integer(elem, "LaunchQuantisation",
                                       f"{where}: launch quantisation", low=0, high=14,
                                       default=0),
        "legato": boolean(elem, "Legato", f"{where}: legato", default=False),
        "muted": boolean(elem, "Disabled", f"{where}: disabled", default=False),
        "velocity_amount": number(elem, "VelocityAmount", f"{where}: velocity amount",
                                  low=0.0, high=1.0, default=0.0),
        "signature_numerator": integer(signature, "Numerator", f"{where}: time signature "
                                       "numerator", low=1, high=99, default=4),
        "signature_denominator": integer(signature, "Denominator", f"{where}: time signature "
                                         "denominator", low=1, high=16, default=4),
        "envelopes": [],
    }
    if is_audio:
        data.update(_audio(elem, where))
    else:
        data["notes"] = _notes(elem, where, budget)
    envelopes = elem.find("Envelopes/Envelopes")
    if envelopes is not None and len(envelopes):
        warnings.add(f"{where}: {len(envelopes)} clip envelope(s) not mapped")
    if _follow_actions_on(elem):
        warnings.add(f"{where}: follow actions not mapped (the emulator has none)")
    return data


def _follow_actions_on(elem: ET.Element) -> bool:
    follow = elem.find("FollowAction")
    if follow is not None:  # Live 11, 12
        return text(follow, "FollowActionEnabled") == "true"
    return text(elem, "FollowActionA", "0") not in ("0", "")  # Live 10: 0 is "no action"


def _notes(elem: ET.Element, where: str, budget: NoteBudget) -> list[dict[str, Any]]:
    notes: list[dict[str, Any]] = []
    used: set[int] = set()
    pending: list[dict[str, Any]] = []
    for key_track in elem.iterfind("Notes/KeyTracks/KeyTrack"):
        if key_track.find("MidiKey") is None:
            raise AlsError(f"{where}: a KeyTrack has no <MidiKey> (the pitch of its notes)")
        pitch = integer(key_track, "MidiKey", f"{where}: note pitch (MidiKey)", low=0,
                        high=127, default=0)
        events = key_track.findall("Notes/MidiNoteEvent")
        budget.take(len(events), where)
        for event in events:
            at = f"{where}: note {pitch}"
            note_id_text = event.get("NoteId")
            note = {
                "pitch": pitch,
                "start_time": number(event, "", f"{at} time", attribute="Time"),
                "duration": number(event, "", f"{at} duration", attribute="Duration",
                                   low=0.0, high=MAX_BEATS),
                "velocity": number(event, "", f"{at} velocity", attribute="Velocity",
                                   low=0.0, high=127.0),
                "mute": event.get("IsEnabled", "true") == "false",
                "probability": number(event, "", f"{at} probability", attribute="Probability",
                                      low=0.0, high=1.0, default=1.0),
                "velocity_deviation": number(event, "", f"{at} velocity deviation",
                                             attribute="VelocityDeviation", low=-127.0,
                                             high=127.0, default=0.0),
                "release_velocity": number(event, "", f"{at} release velocity",
                                           attribute="OffVelocity", low=0.0, high=127.0,
                                           default=64.0),
            }
            if note["duration"] <= 0:
                raise AlsError(f"{at} duration must be > 0, got {note['duration']:g}")
            note_id = int(note_id_text) if note_id_text and note_id_text.isdigit() else None
            if note_id is None or note_id in used:
                pending.append(note)
            else:
                used.add(note_id)
                notes.append(dict(note, note_id=note_id))
    next_id = max(used, default=0) + 1
    for note in pending:  # Live 10 notes have no ids: number them after the saved ones
        notes.append(dict(note, note_id=next_id))
        next_id += 1
    return notes


def _audio(elem: ET.Element, where: str) -> dict[str, Any]:
    ref = elem.find("SampleRef")
    return {
        "file_path": _file_path(ref.find("FileRef") if ref is not None else None),
        "sample_rate": number(ref, "DefaultSampleRate", f"{where}: sample rate", low=1.0,
                              high=1e6, default=44100.0),
        "warping": boolean(elem, "IsWarped", f"{where}: warping", default=True),
        "warp_mode": integer(elem, "WarpMode", f"{where}: warp mode", low=0, high=6, default=0),
        "pitch_coarse": integer(elem, "PitchCoarse", f"{where}: transpose", low=-48, high=48,
                                default=0),
        "pitch_fine": number(elem, "PitchFine", f"{where}: detune", low=-50.0, high=50.0,
                             default=0.0),
        "ram_mode": boolean(elem, "Ram", f"{where}: RAM mode", default=False),
    }


def _file_path(file_ref: ET.Element | None) -> str:
    """Live 11/12 write ``<Path Value=...>``; Live 10 writes path elements and a ``<Name>``."""
    if file_ref is None:
        return ""
    path = text(file_ref, "Path")
    if path:
        return path
    parts = [e.get("Dir", "") for e in file_ref.iterfind("RelativePath/RelativePathElement")]
    name = text(file_ref, "Name")
    return str(PurePath(*parts, name)) if name else ""
