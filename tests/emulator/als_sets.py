"""Minimal Live sets for the .als tests, in the shape Live 10, 11 and 12 save them.

Only the elements the reader looks at (and a few it must skip) are written; the shapes follow
sets saved by Live (pylive's Live 10 ``Tests.als``, public Live 11 sets, notes on Live 12
sets): ``<Ableton MajorVersion="5" MinorVersion="12.0_12117">``, ``MainTrack`` in Live 12 and
``MasterTrack`` before, ``Color`` from Live 11 and ``ColorIndex`` in Live 10, ``Scenes`` from
Live 11 and ``SceneNames`` in Live 10, and notes with ids from Live 11.

``fetch_tests_als`` gets pylive's ``Tests.als`` (a Live 10 set, public test fixture) into the
third-party cache outside the repository, pinned by SHA-256.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import urllib.request
from pathlib import Path
from xml.sax.saxutils import quoteattr

PYLIVE_COMMIT = "cfd2e9d3ac9d4391919b1b30d77f20323224a1b7"
TESTS_ALS_URL = (f"https://raw.githubusercontent.com/ideoforms/pylive/{PYLIVE_COMMIT}/"
                 "tests/Tests%20Project/Tests.als")
TESTS_ALS_SHA256 = "2d2769645093c4f6075e86a0f781aac172141a808efd533da1afc5495dd174ca"

VERSIONS = {10: ("10.0_377", "Ableton Live 10.1.43"), 11: ("11.0_11300", "Ableton Live 11.3.13"),
            12: ("12.0_12117", "Ableton Live 12.0")}


def cache_dir() -> Path:
    explicit = os.environ.get("LIVECTL_THIRDPARTY_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "livectl" / "thirdparty"


def fetch_tests_als() -> Path:
    """pylive's Tests.als from the cache, downloaded once (GitHub) and checked by SHA-256."""
    target = cache_dir() / "pylive" / "Tests.als"
    if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == TESTS_ALS_SHA256:
        return target
    try:
        with urllib.request.urlopen(TESTS_ALS_URL, timeout=15) as response:
            data = response.read(10_000_000)
    except OSError as exc:
        raise RuntimeError(
            f"cannot download pylive's Tests.als ({exc}); put it at {target} (scripts/setup "
            f"does: {TESTS_ALS_URL})"
        ) from exc
    digest = hashlib.sha256(data).hexdigest()
    if digest != TESTS_ALS_SHA256:
        raise RuntimeError(f"{TESTS_ALS_URL} has SHA-256 {digest}, expected {TESTS_ALS_SHA256}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def v(tag: str, value: object) -> str:
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return f"<{tag} Value={quoteattr(text)} />"


def note(time: float, duration: float, velocity: float, *, note_id: int | None = None,
         enabled: bool = True, probability: float = 1.0, deviation: float = 0.0,
         off: float = 64.0) -> tuple[float, float, float, int | None, bool, float, float, float]:
    return (time, duration, velocity, note_id, enabled, probability, deviation, off)


def midi_clip(name: str, notes: dict[int, list[tuple]], *, release: int = 12, time: float = 0.0,
              loop: tuple[float, float] = (0.0, 4.0), loop_on: bool = True,
              start_relative: float = 0.0, out_marker: float | None = None, color: int = 5,
              arrangement: tuple[float, float] | None = None, extra: str = "") -> str:
    key_tracks = []
    for i, (pitch, events) in enumerate(sorted(notes.items())):
        rows = []
        for t, d, vel, nid, enabled, prob, dev, off in events:
            attrs = f'Time="{t}" Duration="{d}" Velocity="{vel}"'
            if release >= 11:
                attrs += f' VelocityDeviation="{dev}" OffVelocity="{off}" Probability="{prob}"'
                attrs += f' IsEnabled="{str(enabled).lower()}" NoteId="{nid}"'
            else:
                attrs += f' OffVelocity="{off}" IsEnabled="{str(enabled).lower()}"'
            rows.append(f"<MidiNoteEvent {attrs} />")
        key_tracks.append(f'<KeyTrack Id="{i}"><Notes>{"".join(rows)}</Notes>'
                          f'{v("MidiKey", pitch)}</KeyTrack>')
    start, end = arrangement if arrangement else (0.0, loop[1])
    return (
        f'<MidiClip Id="0" Time="{time}">{v("LomId", 0)}{v("CurrentStart", start)}'
        f'{v("CurrentEnd", end)}<Loop>{v("LoopStart", loop[0])}{v("LoopEnd", loop[1])}'
        f'{v("StartRelative", start_relative)}{v("LoopOn", loop_on)}'
        f'{v("OutMarker", out_marker if out_marker is not None else loop[1])}'
        f'{v("HiddenLoopStart", loop[0])}{v("HiddenLoopEnd", loop[1])}</Loop>'
        f'{v("Name", name)}{v("Annotation", "")}'
        f'{v("Color" if release >= 11 else "ColorIndex", color)}'
        f'{v("LaunchMode", 1)}{v("LaunchQuantisation", 7)}<TimeSignature><TimeSignatures>'
        f'<RemoteableTimeSignature Id="0">{v("Numerator", 7)}{v("Denominator", 8)}'
        f'{v("Time", 0)}</RemoteableTimeSignature></TimeSignatures></TimeSignature>'
        f'<Envelopes><Envelopes /></Envelopes>{v("Legato", True)}{v("Ram", False)}'
        f'{v("Disabled", False)}{v("VelocityAmount", 0.5)}{extra}'
        f'<Notes><KeyTracks>{"".join(key_tracks)}</KeyTracks>'
        f'<PerNoteEventStore><EventLists /></PerNoteEventStore></Notes></MidiClip>'
    )


def audio_clip(name: str, path: str, *, release: int = 12, time: float = 0.0) -> str:
    ref = (f'<FileRef>{v("RelativePathType", 3)}{v("RelativePath", "Samples/" + path)}'
           f'{v("Path", "/music/Samples/" + path)}{v("Type", 2)}</FileRef>' if release >= 11 else
           f'<FileRef>{v("HasRelativePath", True)}<RelativePath><RelativePathElement Id="0" '
           f'Dir="Samples" /></RelativePath>{v("Name", path)}{v("Type", 2)}</FileRef>')
    return (
        f'<AudioClip Id="0" Time="{time}">{v("CurrentStart", time)}{v("CurrentEnd", time + 2)}'
        f'<Loop>{v("LoopStart", 0)}{v("LoopEnd", 2)}{v("StartRelative", 0)}'
        f'{v("LoopOn", False)}{v("OutMarker", 2)}</Loop>{v("Name", name)}'
        f'{v("Color" if release >= 11 else "ColorIndex", 12)}{v("LaunchMode", 0)}'
        f'{v("LaunchQuantisation", 0)}{v("IsWarped", True)}{v("WarpMode", 4)}'
        f'{v("PitchCoarse", -3)}{v("PitchFine", 12.5)}'
        f'<SampleRef>{ref}{v("DefaultSampleRate", 48000)}</SampleRef></AudioClip>'
    )


def device(tag: str, *, on: bool = True, user_name: str = "", inner: str = "") -> str:
    return (f'<{tag} Id="0">{v("LomId", 0)}<On>{v("Manual", on)}</On>'
            f'{v("UserName", user_name)}<LastPresetRef><Value /></LastPresetRef>{inner}</{tag}>')


def drum_rack(pads: dict[int, str], *, release: int = 12) -> str:
    branches = "".join(
        f'<DrumBranch Id="{i}"><Name>{v("EffectiveName", name)}{v("UserName", "")}</Name>'
        f'{v("IsSoloed", False)}<DeviceChain><MidiToAudioDeviceChain Id="0"><Devices>'
        f'{device("OriginalSimpler", user_name=name)}</Devices></MidiToAudioDeviceChain>'
        f'</DeviceChain><MixerDevice><Speaker>{v("Manual", True)}</Speaker>'
        f'<Volume>{v("Manual", 1)}</Volume><Panorama>{v("Manual", 0.25)}</Panorama>'
        f'</MixerDevice><BranchInfo>{v("ReceivingNote", 128 - pitch)}{v("SendingNote", 60)}'
        f'{v("ChokeGroup", 1)}</BranchInfo></DrumBranch>'
        for i, (pitch, name) in enumerate(sorted(pads.items()))
    )
    macros = f'<MacroControls.0>{v("Manual", 64)}</MacroControls.0>' + v(
        "MacroDisplayNames.0", "Tone") + v("NumVisibleMacroControls", 4)
    return device("DrumGroupDevice", user_name="Kit", inner=f"<Branches>{branches}</Branches>"
                  + macros)


def mixer(*, volume: float = 1.0, pan: float = 0.0, speaker: bool = True, solo: bool = False,
          sends: tuple[float, ...] = (), main: tuple[float, int] | None = None) -> str:
    holders = "".join(f'<TrackSendHolder Id="{i}"><Send>{v("Manual", s)}</Send>'
                      f'{v("Active", True)}</TrackSendHolder>' for i, s in enumerate(sends))
    tempo = ""
    if main is not None:
        tempo = (f'<Tempo>{v("Manual", main[0])}</Tempo>'
                 f'<TimeSignature>{v("Manual", main[1])}</TimeSignature>'
                 f'<GlobalGrooveAmount>{v("Manual", 50)}</GlobalGrooveAmount>')
    return (f'<Mixer><Sends>{holders}</Sends><Speaker>{v("Manual", speaker)}</Speaker>'
            f'{v("SoloSink", solo)}<Pan>{v("Manual", pan)}</Pan>'
            f'<Volume>{v("Manual", volume)}</Volume>{tempo}</Mixer>')


def track(tag: str, track_id: int, name: str, *, release: int = 12, color: int = 3,
          group: int = -1, devices: str = "", slots: list[str | None] | None = None,
          arrangement: list[str] = (), arm: bool = False, unfolded: bool = True,
          mixer_xml: str = "", envelopes: str = "") -> str:
    slot_xml = "".join(
        f'<ClipSlot Id="{i}"><ClipSlot><Value>{clip or ""}</Value></ClipSlot>'
        f'{v("HasStop", i != 1)}</ClipSlot>' for i, clip in enumerate(slots or []))
    lane = "ClipTimeable" if tag == "MidiTrack" else "Sample"
    sequencer = (f'<MainSequencer><ClipSlotList>{slot_xml}</ClipSlotList>'
                 f'{v("MonitoringEnum", 0)}<{lane}><ArrangerAutomation><Events>'
                 f'{"".join(arrangement)}</Events></ArrangerAutomation></{lane}>'
                 f'<Recorder>{v("IsArmed", arm)}</Recorder></MainSequencer>'
                 if tag in ("MidiTrack", "AudioTrack") else "")
    if release <= 10 and tag in ("MidiTrack", "AudioTrack", "GroupTrack", "ReturnTrack"):
        color_xml = v("ColorIndex", 140 + color)
    else:
        color_xml = v("Color" if release >= 11 else "ColorIndex", color)
    return (
        f'<{tag} Id="{track_id}">{v("LomId", 0)}<Name>{v("EffectiveName", name)}'
        f'{v("UserName", name)}</Name>{color_xml}'
        f'<AutomationEnvelopes><Envelopes>{envelopes}</Envelopes></AutomationEnvelopes>'
        f'{v("TrackGroupId", group)}{v("TrackUnfolded", unfolded)}'
        f'<DeviceChain><AudioOutputRouting>{v("Target", "AudioOut/Main")}</AudioOutputRouting>'
        f'{mixer_xml or mixer(sends=(0.0003162277571,) * 2)}{sequencer}<DeviceChain><Devices>{devices}</Devices>'
        f'</DeviceChain></DeviceChain></{tag}>'
    )


def scenes(names: list[str], *, release: int = 12, tempo: dict[int, float] | None = None) -> str:
    if release <= 10:
        rows = "".join(f'<Scene Id="{i}" Value={quoteattr(n)}>{v("ColorIndex", 0)}</Scene>'
                       for i, n in enumerate(names))
        return f"<SceneNames>{rows}</SceneNames>"
    tempo = tempo or {}
    rows = "".join(
        f'<Scene Id="{i}">{v("Name", n)}{v("Color", -1 if i else 9)}'
        f'{v("Tempo", tempo.get(i, 120))}{v("IsTempoEnabled", i in tempo)}'
        f'{v("TimeSignatureId", 201 if i != 1 else 105)}'
        f'{v("IsTimeSignatureEnabled", i == 1)}</Scene>'
        for i, n in enumerate(names))
    return f"<Scenes>{rows}</Scenes>"


def live_set(body: str, *, release: int = 12, main: str = "", minor: str | None = None,
             major: str = "5") -> str:
    minor = minor or VERSIONS[release][0]
    creator = VERSIONS.get(release, ("", "Ableton Live"))[1]
    main_tag = "MainTrack" if release >= 12 else "MasterTrack"
    main = main or (f'<{main_tag}>{v("LomId", 0)}<Name>{v("EffectiveName", "Main")}</Name>'
                    f'{v("Color" if release >= 11 else "ColorIndex", 1)}<DeviceChain>'
                    f'{mixer(main=(97.5, 6 + 99 * 3))}<DeviceChain><Devices>'
                    f'{device("Limiter")}</Devices></DeviceChain></DeviceChain></{main_tag}>')
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<Ableton MajorVersion="{major}" '
            f'MinorVersion="{minor}" Creator="{creator}" Revision="">'
            f'<LiveSet>{body.replace("<!--MAIN-->", main)}</LiveSet></Ableton>')


def write(path: Path, xml: str) -> Path:
    path.write_bytes(gzip.compress(xml.encode()))
    return path


def song(release: int = 12) -> str:
    """A set with every mapped feature: the tests assert on exactly these values."""
    lead = midi_clip("Lead", {
        60: [note(0, 0.5, 100, note_id=3), note(2, 1, 90.5, note_id=4, probability=0.5)],
        67: [note(1, 0.25, 64, note_id=7, enabled=False, deviation=-10, off=20)],
    }, release=release, loop=(1.0, 5.0), start_relative=0.5, out_marker=6.0)
    beat = midi_clip("Beat", {36: [note(0, 0.25, 127, note_id=1), note(1, 0.25, 127,
                                                                       note_id=2)]},
                     release=release, loop=(0.0, 2.0), loop_on=False, color=20)
    arranged = midi_clip("Verse", {62: [note(0.5, 1, 80, note_id=1)]}, release=release,
                         time=8.0, arrangement=(8.0, 16.0))
    tracks = [
        track("GroupTrack", 20, "Band", release=release, color=4, unfolded=False),
        track("MidiTrack", 21, "Keys", release=release, color=8, group=20, arm=True,
              devices=device("Operator", user_name="Bell") + device("Reverb", on=False),
              slots=[lead, None, None],
              arrangement=[arranged],
              mixer_xml=mixer(volume=1.0, pan=-0.5, sends=(1.0, 0.0003162277571))),
        track("MidiTrack", 22, "Drums", release=release, color=15, group=20,
              devices=drum_rack({36: "Kick", 38: "Snare"}), slots=[None, beat, None],
              mixer_xml=mixer(volume=0.2511886432, speaker=False, solo=True,
                              sends=(0.5, 0.25))),
        track("AudioTrack", 23, "Loops", release=release, color=30,
              slots=[audio_clip("Break", "break.wav", release=release), None, None],
              arrangement=[audio_clip("Break", "break.wav", release=release, time=4.0)],
              mixer_xml=mixer(volume=1.99526238, sends=(0.0003162277571, 0.0003162277571))),
        track("ReturnTrack", 2, "A-Reverb", release=release, color=10,
              devices=device("Reverb"), mixer_xml=mixer(sends=(0.0003162277571,) * 2)),
        track("ReturnTrack", 3, "B-Echo", release=release, color=11,
              devices=device("Echo"), mixer_xml=mixer(sends=(0.0003162277571,) * 2)),
    ]
    body = (f"<Tracks>{''.join(tracks)}</Tracks><!--MAIN-->"
            f"{scenes(['Intro', 'Verse', ''], release=release, tempo={1: 140.0})}"
            f'<Transport>{v("LoopOn", True)}{v("LoopStart", 8)}{v("LoopLength", 16)}'
            f'{v("CurrentTime", 4)}</Transport>{v("GlobalQuantisation", 5)}'
            f'<ScaleInformation>{v("RootNote" if release < 12 else "Root", 2)}'
            f'{v("Name", "Dorian")}</ScaleInformation>'
            f'<Locators><Locators><Locator Id="0">{v("Time", 8)}{v("Name", "Verse")}'
            f'</Locator></Locators></Locators>')
    return live_set(body, release=release)
