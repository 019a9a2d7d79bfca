"""``livectl demo``: the whole of livectl in under a minute.

Uses real Live when AbletonOSC answers on the given host/port; otherwise starts the embedded
emulator and says so. Then it sets the tempo, makes a MIDI track for a melody and one for
drums, trains a melody model (cached after the first run), writes a generated melody and a drum
groove into clips of a new scene, names them, fires the scene, shows the transport and the beat
while a few bars play, stops, and writes ``demo.mid``, ``demo.png`` (a piano roll) and, with
the ``audio`` extra, ``demo.wav`` (played with ``--play-audio``).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.live import Live as RichLive
from rich.progress import Progress
from rich.text import Text

from livectl.checks import check_int_range, check_tempo
from livectl.cli._common import (
    add_connection_args,
    add_json_arg,
    console,
    err_console,
    print_json,
)
from livectl.errors import LiveConnectionError, LiveCtlError, LiveError
from livectl.protocol.control import LOAD

EXAMPLES = """\
examples:
  livectl demo                       # real Live if it answers, else the embedded emulator
  livectl demo --seed 7 --key D:dorian --tempo 100
  livectl demo --emulator --save-set set.json --json
  livectl demo --midi "IAC Driver Bus 1"     # also play the parts over MIDI
  livectl demo --play-audio                  # play demo.wav when it is written
"""

logger = logging.getLogger(__name__)

MODEL_FORMAT = 2  # bump when the demo's model settings change, so the cache is rebuilt


@dataclass
class DemoResult:
    target: str
    tempo_bpm: float
    key: str
    seed: int
    tracks: dict[str, int] = field(default_factory=dict)
    scene: int = -1
    clips: dict[str, int] = field(default_factory=dict)  # clip name -> note count
    beats_seen: list[int] = field(default_factory=list)
    training: str = ""
    files: list[str] = field(default_factory=list)
    seconds: float = 0.0


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "demo",
        help="generate a melody and drums into Live (or the emulator) and play them",
        description=__doc__,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--seed", type=int, default=7, help="makes the demo repeatable (default 7)")
    parser.add_argument("--tempo", type=float, default=96.0, help="BPM (default %(default)s)")
    parser.add_argument("--key", default="A:minor", help="key of the melody (default %(default)s)")
    parser.add_argument("--bars", type=int, default=4, help="length of the clips in bars (default %(default)s)")
    parser.add_argument(
        "--play-bars", type=int, default=2, help="bars to play before stopping (default 2)"
    )
    parser.add_argument(
        "--train",
        default="auto",
        help="training source: auto (oneills if music21 is installed, else built-in tunes), "
        "builtin, a corpus name (oneills, essen, bach), or .mid files/folders",
    )
    parser.add_argument("--out-dir", default=".",
                        help="where demo.mid, demo.png and demo.wav go")
    parser.add_argument("--play-audio", action="store_true",
                        help="play demo.wav on the sound device at the end")
    parser.add_argument("--soundfont", metavar="PATH",
                        help="a .sf2 for demo.wav (default: the GM font of the audio extra)")
    parser.add_argument("--midi", metavar="PORT", help="also play the parts on this MIDI port")
    parser.add_argument("--midi-api", default=None, help="alsa|jack|coremidi|winmm")
    parser.add_argument("--emulator", action="store_true", help="always use the embedded emulator")
    parser.add_argument(
        "--save-set", metavar="FILE", help="with the emulator: write the final set as JSON"
    )
    add_connection_args(parser, timeout=False, title="connection (real Live)")
    add_json_arg(parser)
    parser.set_defaults(func=run)


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _connect(args: argparse.Namespace, say: Any) -> tuple[Any, Any, str]:
    """(live, emulator or None, description)."""
    from livectl.client import connect
    from livectl.emulator import Emulator

    if not args.emulator and not _refused(args.host, args.port):
        try:
            live = connect(args.host, args.port, args.reply_port, timeout=0.4, retries=0,
                           check=True)
        except LiveConnectionError:
            pass
        else:
            try:
                major, minor = live.application.version
                emulated = _is_emulator(live)
            except BaseException:
                live.close()  # the reply socket would stay bound until the process ends
                raise
            if emulated:
                return live, None, (f"livectl's emulator at {args.host}:{args.port} (emulating "
                                    f"Live {major}.{minor})")
            return live, None, f"Live {major}.{minor} at {args.host}:{args.port}"
    # Tick 0: requests are answered as they arrive (no round trip waits for the next 100 ms
    # tick); the engine, and with it the beat, still advances on Live's 100 ms schedule.
    emulator = Emulator(host="127.0.0.1", port=0, reply_port=_free_udp_port(), tick_s=0)
    emulator.start()
    try:
        if not args.emulator:
            say(f"Live did not answer on {args.host}:{args.port}: using the embedded emulator "
                f"(127.0.0.1:{emulator.port}).")
        live = connect("127.0.0.1", emulator.port, emulator.reply_port, timeout=1.0)
    except BaseException:
        emulator.stop()  # else its server thread and socket outlive a failed start
        raise
    return live, emulator, f"embedded emulator on 127.0.0.1:{emulator.port}"


def _refused(host: str, port: int, wait_s: float = 0.05) -> bool:
    """True when ``host`` says at once that nothing listens on UDP ``port`` (an ICMP port
    unreachable, as a loopback address always does): the 0.4 s wait for Live's answer is
    skipped. Anything else (an answer, silence, an unknown host) is False: connect() decides."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.settimeout(wait_s)
            probe.connect((host, port))
            probe.send(b"/live/test\x00\x00,\x00\x00\x00")  # harmless to Live and AbletonOSC
            probe.recv(65536)
    except (ConnectionRefusedError, ConnectionResetError):  # Linux/macOS; Windows
        return True
    except OSError:  # a timeout (someone may be there), a name that does not resolve
        return False
    return False


def _is_emulator(live: Any) -> bool:
    """True when the peer is livectl's emulator rather than Live: its /emulator/* controls
    answer (/emulator/load without arguments is refused with its usage; Live, with
    AbletonOSC or livectl's script, does not know the address). Nothing is changed."""
    try:
        live.query(LOAD)
    except LiveError as exc:
        return f"{LOAD} takes" in exc.live_message  # after "Error handling OSC message: "
    except LiveConnectionError:
        return False
    return True


@contextmanager
def progress_bar(label: str, *, enabled: bool) -> Iterator[Any]:
    """A ``progress(done, total, what)`` callback drawing a rich bar on a terminal."""
    if not enabled:
        yield None
        return
    with Progress(transient=True, console=err_console) as bar:
        task = bar.add_task(label, total=None)

        def progress(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total or None, description=f"{label} {what}"[:60])

        yield progress


def _train(source: str, say: Any) -> tuple[Any, str]:
    """A melody model, from the cache when it is there."""
    from livectl.compose import MelodyModel
    from livectl.compose.traditional import traditional_tunes
    from livectl.output.corpus import cache_dir
    from livectl.output.modelfile import load_model, save_model
    from livectl.output.sources import load_tunes

    if source == "auto":
        # Looked up, not imported: music21 takes ~0.4 s to import and a cached model
        # does not need it.
        source = "oneills" if importlib.util.find_spec("music21") is not None else "builtin"
    safe = "".join(c if c.isalnum() else "_" for c in source)[:60]
    cached = cache_dir() / f"demo-model-v{MODEL_FORMAT}-{safe}.npz"  # the binary model file
    if cached.exists():
        try:
            return load_model(cached), f"{source} (cached model)"
        except LiveCtlError:
            cached.unlink()
    if source == "builtin":
        tunes = traditional_tunes()
    else:
        say(f"Training the melody model on {source} (parsed once, then cached)...")
        with progress_bar(f"parsing {source}", enabled=console.is_terminal) as progress:
            tunes = load_tunes(source.split(","), progress=progress)
    model = MelodyModel().fit(tunes)
    cached.parent.mkdir(parents=True, exist_ok=True)
    save_model(model, cached)
    return model, f"{source} ({len(tunes)} tunes)"


def _show_transport(live: Any, result: DemoResult, beats: int, tempo: float, pretty: bool,
                    say: Any) -> None:
    """Follow the beat listener until ``beats`` beats have gone by (or time runs out)."""
    done = threading.Event()
    changed = threading.Event()
    seen = result.beats_seen

    def on_beat(beat: int) -> None:
        seen.append(int(beat))
        changed.set()
        if len(seen) > beats:
            done.set()

    handle = live.song.on_beat(on_beat)
    limit = time.monotonic() + beats * 60.0 / tempo + 5.0
    try:
        if pretty:
            with RichLive(Text(""), console=console, refresh_per_second=10, transient=False) as view:
                while not done.is_set() and time.monotonic() < limit:
                    changed.wait(0.1)
                    changed.clear()
                    if not seen:  # before the first beat: not "bar 1 beat 1" yet
                        view.update(Text(f"▶ {tempo:g} BPM   waiting for the first beat"))
                        continue
                    bar, step = divmod(seen[-1], 4)
                    dots = "".join("●" if i == step else "·" for i in range(4))
                    view.update(Text(f"▶ {tempo:g} BPM   bar {bar + 1}  beat {step + 1}  {dots}"))
        else:
            shown = 0
            while not done.is_set() and time.monotonic() < limit:
                changed.wait(0.2)
                changed.clear()
                while shown < len(seen):
                    beat = seen[shown]
                    say(f"beat {beat}  (bar {beat // 4 + 1}, beat {beat % 4 + 1})")
                    shown += 1
    finally:
        handle.close()


def _write_audio(path: Path, parts: dict[str, Any], tempo: float, length_beats: float,
                 soundfont: str | None, say: Any) -> Path | None:
    """demo.wav, or None (said why) when the audio extra or a SoundFont is missing."""
    from livectl.output.audio import write_wav

    try:
        return write_wav(path, parts, tempo_bpm=tempo, length_beats=length_beats,
                         soundfont=soundfont)
    except LiveCtlError as exc:
        if soundfont:  # the user asked for this font: its failure is theirs to see
            raise
        say(f"Not writing {path.name}: {exc}")
        return None


def _play_audio(path: Path, say: Any) -> None:
    from livectl.output.audio import play_wav

    try:
        player = play_wav(path, timeout_s=600.0)
    except LiveCtlError as exc:
        err_console.print(f"warning: could not play {path}: {exc}", markup=False)
    else:
        say(f"Played {path.name} with {player}.")


SCENE_NAME = "livectl demo"


def _tracks(song: Any, names: tuple[str, ...]) -> list[Any]:
    """The MIDI tracks called ``names`` (the last of each name), made where missing."""
    existing = list(song.tracks.names())
    found = []
    for name in names:
        index = len(existing) - 1 - existing[::-1].index(name) if name in existing else None
        track = song.tracks[index] if index is not None else None
        if track is None or not track.has_midi_input:
            track = song.create_midi_track(-1)
            track.name = name
        found.append(track)
    return found


def _scene(song: Any, name: str) -> Any:
    existing = list(song.scenes.names())
    if name in existing:
        return song.scenes[len(existing) - 1 - existing[::-1].index(name)]
    scene = song.create_scene(-1)
    scene.name = name
    return scene


def run(args: argparse.Namespace) -> int:
    from livectl.compose import groove, humanise
    from livectl.compose.scales import parse_key
    from livectl.output.live import write_clip
    from livectl.output.midifile import write_midi
    from livectl.output.pianoroll import save_pianoroll

    tempo = check_tempo(args.tempo, "tempo")
    bars = check_int_range("bars", args.bars, 1, 64)
    play_bars = check_int_range("play_bars", args.play_bars, 0, 64)
    parse_key(args.key)  # a bad key is a usage error before anything is sent or started
    quiet = args.json

    def say(text: str) -> None:
        if not quiet:
            console.print(text, markup=False)

    started = time.monotonic()
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if args.save_set:
        # Made now, like out_dir: the set is written at the very end, after the whole demo.
        Path(args.save_set).parent.mkdir(parents=True, exist_ok=True)
    midi_out = None
    if args.midi:
        from livectl.midi import open_output

        # Opened before Live is touched: a missing port or MIDI API fails here, with the
        # port list, instead of in the player thread after the scene is already firing.
        midi_out = open_output(args.midi, api=args.midi_api)
    try:
        live, emulator, target = _connect(args, say)
    except BaseException:
        if midi_out is not None:
            midi_out.close()
        raise
    result = DemoResult(target=target, tempo_bpm=tempo, key=args.key, seed=args.seed)
    midi_thread: threading.Thread | None = None
    midi_errors: list[BaseException] = []
    fired = False
    try:
        say(f"Connected to {target}.")
        model, result.training = _train(args.train, say)
        melody = model.generate(bars=bars, key=args.key, seed=args.seed, low=57, high=81)
        drums = humanise(groove("lofi").to_notes(bars=bars), seed=args.seed)

        song = live.song
        song.stop_playing()
        song.tempo = tempo
        # The tracks and the scene of an earlier run are reused, so runs do not pile up.
        melody_track, drums_track = _tracks(song, ("Melody", "Drums"))
        scene = _scene(song, SCENE_NAME)
        result.tracks = {"Melody": melody_track.track_index, "Drums": drums_track.track_index}
        result.scene = scene.index[0]
        for name, track, notes in (("Melody", melody_track, melody),
                                   ("Drums", drums_track, drums)):
            slot = track.clip_slots[result.scene]
            if slot.has_clip:  # an earlier run's, maybe of another length: made anew
                slot.delete_clip()
            clip = write_clip(live, notes, track=track.track_index, slot=result.scene,
                              length_beats=4.0 * bars, name=name)
            result.clips[name] = len(clip.notes)
            # Live numbers tracks and scenes from 1 on its screen (the JSON keeps 0-based).
            say(f"Wrote {result.clips[name]} notes into clip '{name}' "
                f"(track {track.track_index + 1}, scene {result.scene + 1}).")

        fired = True
        scene.fire()
        say(f"Fired scene {result.scene + 1} ('{SCENE_NAME}') at {tempo:g} BPM.")
        if midi_out is not None:
            from livectl.midi import play

            end = 4.0 * play_bars
            parts = [n for n in melody if n.start_beats < end]
            parts += [n for n in drums if n.start_beats < end]

            def play_parts() -> None:
                try:
                    play(parts, midi_out, tempo_bpm=tempo)
                except Exception as exc:  # reported after the run; the demo itself goes on
                    midi_errors.append(exc)

            midi_thread = threading.Thread(target=play_parts, daemon=True)
            midi_thread.start()
        if play_bars:
            _show_transport(live, result, 4 * play_bars, tempo,
                            pretty=console.is_terminal and not quiet, say=say)
        song.stop_playing()
        song.stop_all_clips()
        fired = False
        if midi_thread is not None:
            midi_thread.join(timeout=4.0 * play_bars * 60.0 / tempo + 5.0)

        mid = write_midi(out_dir / "demo.mid", {"Melody": melody, "Drums": drums},
                         tempo_bpm=tempo)
        png = save_pianoroll(out_dir / "demo.png", {"Melody": melody, "Drums": drums},
                             title="livectl demo", key=args.key, tempo_bpm=tempo)
        result.files = [str(mid), str(png)]
        say(f"Piano roll: {png}")
        wav = _write_audio(out_dir / "demo.wav", {"Melody": melody, "Drums": drums}, tempo,
                           4.0 * bars, args.soundfont, say)
        if wav is not None:
            result.files.append(str(wav))
            say(f"Sound: {wav}")
            if args.play_audio:
                _play_audio(wav, say)
        if emulator is not None and args.save_set:
            Path(args.save_set).write_text(json.dumps(emulator.snapshot(), indent=1))
            result.files.append(str(args.save_set))
        elif args.save_set:
            say(f"Not writing {args.save_set}: --save-set saves the emulator's set, and this "
                "ran on real Live (add --emulator).")
    finally:
        if fired:
            # Interrupted (Ctrl-C) or failed while playing: real Live would play on after we
            # quit, so stop it on the way out (best effort; the original error still wins).
            try:
                live.song.stop_playing()
                live.song.stop_all_clips()
            except LiveCtlError:
                logger.warning("could not stop Live's transport after an interruption")
        live.close()
        if emulator is not None:
            emulator.stop()
        if midi_out is not None:
            midi_out.close()
    result.seconds = round(time.monotonic() - started, 2)
    if args.json:
        print_json(result.__dict__)
    else:
        say(f"Stopped. Wrote {', '.join(result.files)} in {result.seconds:.1f} s "
            f"(model trained on {result.training}).")
    if midi_errors:
        err_console.print(f"error: playing over MIDI failed: {midi_errors[0]}", markup=False)
        return 1
    if play_bars and not result.beats_seen:
        err_console.print("warning: no beat arrived while playing", markup=False)
        return 1
    return 0
