"""``livectl generate``: melodies from trained Markov models, drum grooves, and model scores.

    livectl generate melody --train essen --bars 8 --key C:major --seed 7 --out melody.mid
    livectl generate drums --style lofi --bars 4 --out drums.mid
    livectl generate eval --train essen
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from livectl.checks import check_tempo
from livectl.cli._common import int_in_range
from livectl.compose.defaults import DEFAULT_DURATION_ORDER, DEFAULT_PITCH_ORDER
from livectl.compose.drums import GROOVES, DrumPattern, euclid, groove
from livectl.compose.humanise import humanise
from livectl.compose.notes import Note
from livectl.compose.scales import parse_key
from livectl.errors import ValidationError

if TYPE_CHECKING:
    from livectl.compose.melody import MelodyModel

# The models (numpy), the corpus loader, MIDI and picture writers are imported by the
# commands that use them: building the parser (every `livectl ...`, `livectl --help`) does
# not load them.

__all__ = ["register"]


EXAMPLES = """\
examples:
  livectl generate melody --train essen --bars 8 --key C:major --seed 7 --out melody.mid
  livectl generate melody --train oneills --key D:dorian --png melody.png --clip 0:0
  livectl generate drums --style lofi --bars 4 --out drums.mid --wav drums.wav
  livectl generate drums --style lofi --bars 4 --play "IAC Driver Bus 1"
  livectl generate eval --train essen --json
Run 'livectl generate WHAT --help' for each one's options.
"""


MELODY_EXAMPLES = """\
examples:
  livectl generate melody --train builtin --bars 4 --seed 1        # no download, no music21
  livectl generate melody --train essen --bars 8 --key A:minor --out tune.mid
  livectl generate melody --train tunes/ --save model.json        # your .mid files
  livectl generate melody --model model.json --clip 0:0            # into Live, track 1 slot 1
  livectl generate melody --model model.json --arrangement 5 --track 0  # arrangement, bar 5
"""

DRUMS_EXAMPLES = """\
examples:
  livectl generate drums --style lofi --bars 4 --out drums.mid
  livectl generate drums --pattern kick=x...x...x...x... --euclid hat=5,16 --humanise
  livectl generate drums --fills 4 --bars 8 --seed 3 --clip 1:0    # a fill every 4 bars
  livectl generate drums --bars 2 --arrangement 9 --track 1         # arrangement, bar 9
"""

EVAL_EXAMPLES = """\
examples:
  livectl generate eval --train builtin
  livectl generate eval --train essen --order 3 --json
"""

_BARS = int_in_range(1, 1024, "a number of bars")
# Live's arrangement ends at 1,576,800 beats: 394,200 bars of 4/4.
_BAR_NUMBER = int_in_range(1, 394_200, "a bar number (1-based, as Live shows it)")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "generate", help="generate melodies and drum grooves; score melody models",
        description=__doc__, epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="generate_command", metavar="WHAT")
    parser.set_defaults(func=lambda args: (parser.print_help(), 2)[1])

    examples = argparse.RawDescriptionHelpFormatter
    m = sub.add_parser("melody", help="train a Markov melody model and write a melody",
                       formatter_class=examples, epilog=MELODY_EXAMPLES)
    _add_training(m)
    m.add_argument("--model", help="load a saved model (either kind) instead of training")
    m.add_argument("--save", help="save the trained model to this file (a .json name gets "
                   "JSON text, any other the compact binary file, e.g. .npz)")
    m.add_argument("--bars", type=_BARS, default=8, help="length in bars (default 8)")
    m.add_argument("--key", default="C:major", help="key, e.g. C:major, A:minor, D:dorian")
    m.add_argument("--low", type=int, default=60, help="lowest MIDI pitch (default 60)")
    m.add_argument("--high", type=int, default=84, help="highest MIDI pitch (default 84)")
    m.add_argument("--temperature", type=float, default=1.0,
                   help="<1 safer, >1 wilder (default 1)")
    m.add_argument("--phrase-bars", type=int, default=4,
                   help="bars per phrase; phrases end on the tonic")
    m.add_argument("--seed", type=int, default=None, help="random seed (same seed, same tune)")
    _add_output(m, default_out="melody.mid")
    m.set_defaults(func=_melody)

    d = sub.add_parser("drums", help="write a drum groove from the library or your patterns",
                       formatter_class=examples, epilog=DRUMS_EXAMPLES)
    d.add_argument("--style", default="lofi", help=f"groove: {', '.join(sorted(GROOVES))}")
    d.add_argument("--pattern", action="append", default=[], metavar="VOICE=STEPS",
                   help="replace or add a row, e.g. kick=x...x...x...x... (repeatable)")
    d.add_argument("--euclid", action="append", default=[], metavar="VOICE=K,N[,R]",
                   help="a Euclidean row: K hits over N steps, rotated R (repeatable)")
    d.add_argument("--bars", type=_BARS, default=4, help="length in bars (default 4)")
    d.add_argument("--swing", type=float, default=None,
                   help="0..0.5 (default: the style's own)")
    d.add_argument("--fills", type=int, default=0, metavar="EVERY",
                   help="a Markov-generated fill every EVERY bars (0 = none)")
    d.add_argument("--humanise", action="store_true", help="loosen velocity and timing")
    d.add_argument("--seed", type=int, default=None, help="random seed for fills/humanise")
    _add_output(d, default_out="drums.mid")
    d.set_defaults(func=_drums)

    e = sub.add_parser("eval", help="held-out cross-entropy and sample statistics",
                       formatter_class=examples, epilog=EVAL_EXAMPLES)
    _add_training(e)
    e.add_argument("--test-fraction", type=float, default=0.1)
    e.add_argument("--split-seed", type=int, default=0)
    e.add_argument("--samples", type=int, default=50, help="melodies to generate for stats")
    e.add_argument("--bars", type=_BARS, default=8)
    e.add_argument("--seed", type=int, default=0)
    e.add_argument("--json", action="store_true", help="print one JSON object")
    e.set_defaults(func=_eval)


def _add_training(p: argparse.ArgumentParser) -> None:
    p.add_argument("--train", action="append", default=None, metavar="SOURCE",
                   help="corpus (essen, oneills, bach), builtin (a few traditional tunes, "
                   "no download), .mid file or folder; repeatable (default essen)")
    p.add_argument("--limit", type=int, default=None, help="use only the first N tunes")
    p.add_argument("--order", type=int, default=DEFAULT_PITCH_ORDER,
                   help=f"pitch order (default {DEFAULT_PITCH_ORDER})")
    p.add_argument("--duration-order", type=int, default=DEFAULT_DURATION_ORDER,
                   help=f"duration order (default {DEFAULT_DURATION_ORDER})")
    p.add_argument("--no-key-normalise", action="store_true",
                   help="train on tunes as written, not moved to a common tonic")


def _add_output(p: argparse.ArgumentParser, default_out: str) -> None:
    p.add_argument("--out", default=default_out, help=f".mid file to write (default "
                   f"{default_out})")
    p.add_argument("--png", help="also draw a piano roll to this .png (or .svg)")
    p.add_argument("--wav", metavar="FILE", help="also render the notes to this .wav with a GM "
                   "SoundFont (the audio extra: pip install 'livectl[audio]')")
    p.add_argument("--soundfont", metavar="PATH", help="the .sf2 for --wav (default: the "
                   "GM font of the audio extra)")
    p.add_argument("--tempo", type=float, default=120.0, help="BPM (default 120)")
    into = p.add_mutually_exclusive_group()
    into.add_argument("--clip", metavar="TRACK:SLOT",
                      help="also write the notes into this Live clip (0-based, e.g. 0:0)")
    into.add_argument("--arrangement", metavar="BAR", type=_BAR_NUMBER,
                      help="also write the notes into a new clip in Live's arrangement at bar "
                           "BAR (1-based, as Live shows it) on --track (livectl's script)")
    p.add_argument("--track", type=int_in_range(0, 9_999, "a track index"), default=0,
                   help="the track (0-based) for --arrangement (default 0)")
    p.add_argument("--host", default="127.0.0.1", help="AbletonOSC host for --clip")
    p.add_argument("--live-port", type=int, default=11000,
                   help="AbletonOSC port for --clip (default 11000)")
    p.add_argument("--reply-port", type=int, default=11001,
                   help="port for AbletonOSC's replies (default 11001)")
    p.add_argument("--play", metavar="PORT", help="also play through this MIDI output port "
                   "(index or name; see 'livectl midi ports')")
    p.add_argument("--api", help="MIDI API for --play (alsa, jack, ...)")


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int, str], None]]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    if not console.is_terminal:
        yield lambda done, total, what: None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[what]}"), console=console, transient=True) as bar:
        task = bar.add_task(label, total=None, what="")

        def update(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total, what=what)

        yield update


def _tunes(sources: list[str], limit: int | None) -> list[Any]:
    """Tunes from the sources; ``builtin`` is the traditional tunes shipped with livectl (as
    in ``livectl demo``), the rest go to the corpus loader."""
    from livectl.compose.traditional import traditional_tunes
    from livectl.output.sources import load_tunes

    tunes: list[Any] = []
    others = [s for s in sources if s != "builtin"]
    if len(others) < len(sources):
        tunes += traditional_tunes()
    if others:
        with _progress("parsing " + ", ".join(others)) as progress:
            tunes += load_tunes(others, limit=limit, progress=progress)
    return tunes[:limit] if limit is not None else tunes


def _train(args: argparse.Namespace, seed: int | None) -> tuple[MelodyModel, list[Any]]:
    from livectl.compose.melody import MelodyModel

    sources = args.train or ["essen"]
    tunes = _tunes(sources, args.limit)
    if not tunes:
        raise ValidationError(f"no melodies found in {', '.join(sources)}", field="train",
                              value=sources)
    model = MelodyModel(args.order, args.duration_order,
                        normalise_key=not args.no_key_normalise, seed=seed)
    return model.fit(tunes), tunes


def _clip_address(text: str) -> tuple[int, int]:
    track, sep, slot = text.partition(":")
    try:
        if not sep:
            raise ValueError
        return int(track), int(slot)
    except ValueError:
        raise ValidationError(f"--clip wants TRACK:SLOT such as 0:0, got {text!r}",
                              field="--clip", value=text) from None


def _write(args: argparse.Namespace, tracks: dict[str, list[Note]]) -> None:
    from livectl.output.midifile import write_midi
    from livectl.output.pianoroll import save_pianoroll

    clip_at = _clip_address(args.clip) if args.clip else None  # check before writing anything
    out = write_midi(args.out, tracks, tempo_bpm=args.tempo)
    print(f"wrote {out}")
    if args.png:
        key = getattr(args, "key", None)
        picture = save_pianoroll(args.png, tracks, title=Path(args.out).stem, key=key,
                                 tempo_bpm=args.tempo)
        print(f"wrote {picture} (piano roll)")
    if args.wav:
        from livectl.output.audio import write_wav

        print(f"wrote {write_wav(args.wav, tracks, tempo_bpm=args.tempo, soundfont=args.soundfont)}")
    notes = sorted((n for t in tracks.values() for n in t),
                   key=lambda n: (n.start_beats, n.pitch))
    if clip_at is not None:
        from livectl.client import connect
        from livectl.output.live import write_clip

        length = 4.0 * args.bars
        with connect(args.host, args.live_port, args.reply_port) as live:
            clip = write_clip(live, notes, track=clip_at[0], slot=clip_at[1],
                              length_beats=length, name=next(iter(tracks)))
            loop = clip.loop_end - clip.loop_start
        # Live numbers tracks and scenes from 1 on its screen; --clip takes 0-based indices.
        where = f"clip {clip_at[0]}:{clip_at[1]} (track {clip_at[0] + 1}, slot {clip_at[1] + 1})"
        print(f"wrote {len(notes)} notes to {where}")
        if loop + 1e-9 < length:
            print(f"warning: {where} already held a clip that loops {loop:g} beats "
                  f"({loop / 4:g} bar(s)); the {args.bars} bar(s) written ({length:g} beats) do "
                  "not all play: lengthen its loop in Live, or write into an empty slot",
                  file=sys.stderr)
    if args.arrangement is not None:
        _write_arrangement(args, notes, next(iter(tracks)))
    if args.play is not None:
        from livectl.midi import play

        port: int | str = int(args.play) if args.play.isdigit() else args.play
        stats = play(notes, port, tempo_bpm=args.tempo, api=args.api)
        print(f"played {len(notes)} notes ({stats.messages} MIDI messages) on {args.play}")


def _write_arrangement(args: argparse.Namespace, notes: list[Note], name: str) -> None:
    """A new MIDI clip in the arrangement at bar ``args.arrangement`` (1-based; its beat from
    the song's time signature) of ``args.track``, holding ``notes``."""
    from livectl.client import connect
    from livectl.output.live import to_clip_notes

    length = 4.0 * args.bars
    with connect(args.host, args.live_port, args.reply_port) as live:
        song = live.song
        beats_per_bar = song.signature_numerator * 4.0 / song.signature_denominator
        start = (args.arrangement - 1) * beats_per_bar
        clip = song.tracks[args.track].create_midi_clip(start, length)
        clip.add_notes(to_clip_notes(notes))
        clip.name = name
    print(f"wrote {len(notes)} notes to the arrangement of track {args.track} (Live's track "
          f"{args.track + 1}) at bar {args.arrangement} (beat {start:g}), {length:g} beats")


def _check_melody_args(args: argparse.Namespace) -> None:
    """Every argument error before the (slow) training, not after it."""
    from livectl.checks import check_int_range, check_pitch, check_real_range

    parse_key(args.key)
    low, high = check_pitch(args.low, "--low"), check_pitch(args.high, "--high")
    if low > high:
        raise ValidationError(f"--low ({low}) must not be above --high ({high})", field="--low",
                              value=low)
    check_real_range("--temperature", args.temperature, 0.01, 100.0)
    check_int_range("--phrase-bars", args.phrase_bars, 1, 10_000)
    _check_output(args)


def _check_output(args: argparse.Namespace) -> None:
    if args.clip:
        _clip_address(args.clip)
    check_tempo(args.tempo, "--tempo")


def _melody(args: argparse.Namespace) -> int:
    from livectl.output.modelfile import load_model, save_model

    _check_melody_args(args)
    if args.model:
        model = load_model(args.model)
    else:
        model, _ = _train(args, args.seed)
    if args.save:
        print(f"saved model to {save_model(model, args.save)}")
    notes = model.generate(args.bars, key=args.key, low=args.low, high=args.high,
                           temperature=args.temperature, seed=args.seed,
                           phrase_bars=args.phrase_bars)
    _write(args, {"melody": notes})
    print(f"{len(notes)} notes, {args.bars} bars in {parse_key(args.key)}")
    return 0


def _parse_assignments(items: list[str], flag: str) -> list[tuple[str, str]]:
    out = []
    for item in items:
        voice, sep, value = item.partition("=")
        if not sep or not voice or not value:
            raise ValidationError(f"{flag} wants VOICE=VALUE, got {item!r}", field=flag,
                                  value=item)
        out.append((voice, value))
    return out


def _drums(args: argparse.Namespace) -> int:
    from livectl.compose.drum_markov import DrumMarkov

    _check_output(args)
    pattern: DrumPattern = groove(args.style)
    swing = GROOVES[pattern.name][1] if args.swing is None else args.swing
    for voice, steps in _parse_assignments(args.pattern, "--pattern"):
        pattern = pattern.with_row(voice, steps)
    for voice, spec in _parse_assignments(args.euclid, "--euclid"):
        try:
            nums = [int(x) for x in spec.split(",")]
        except ValueError:
            nums = []
        if len(nums) not in (2, 3):
            raise ValidationError(f"--euclid wants VOICE=K,N[,R], got {voice}={spec}",
                                  field="--euclid", value=spec)
        pattern = pattern.with_row(voice, euclid(*nums))
    if args.fills:
        model = DrumMarkov(order=2, seed=args.seed).fit(
            [[p] * 4 for p, _ in GROOVES.values() if p.steps == pattern.steps])
        bars = model.vary(pattern, args.bars, every=args.fills, seed=args.seed,
                          temperature=1.5)
    else:
        bars = [pattern] * args.bars
    notes: list[Note] = []
    for i, bar in enumerate(bars):
        notes.extend(bar.to_notes(start_beats=i * bar.beats, swing=swing))
    if args.humanise:
        notes = humanise(notes, seed=args.seed)
    _write(args, {f"drums ({args.style})": notes})
    for voice, row in pattern.to_strings().items():
        print(f"  {voice:>12} {row}")
    return 0


def _eval(args: argparse.Namespace) -> int:
    from livectl.compose.evaluate import (
        copy_rate,
        ngram_set,
        normalised_pitches,
        pitch_class_entropy,
        sample_stats,
        split_tunes,
    )
    from livectl.compose.melody import MelodyModel

    started = time.perf_counter()
    sources = args.train or ["essen"]
    tunes = _tunes(sources, args.limit)
    train, test = split_tunes(tunes, args.test_fraction, args.split_seed)
    fit_start = time.perf_counter()
    model = MelodyModel(args.order, args.duration_order,
                        normalise_key=not args.no_key_normalise, seed=args.seed).fit(train)
    fit_s = time.perf_counter() - fit_start
    ce = model.cross_entropy(test)
    grams = ngram_set((normalised_pitches(t) for t in train), 8)
    samples = [model.generate(args.bars, key="C:major", seed=args.seed + i, low=55, high=84)
               for i in range(args.samples)]
    stats = sample_stats(samples, "C:major", grams)
    human_pce = pitch_class_entropy(test)
    human_copy = copy_rate((normalised_pitches(t) for t in test), grams, 8)
    result = {
        "sources": sources, "tunes_train": len(train), "tunes_test": len(test),
        "pitch_order": model.pitch.order, "duration_order": model.duration.order,
        "normalise_key": model.normalise_key,
        "pitch_bits_per_note": round(ce.pitch_bits, 4),
        "duration_bits_per_note": round(ce.duration_bits, 4),
        "fit_seconds": round(fit_s, 3),
        "samples": stats.melodies,
        "sample_pitch_class_entropy": round(stats.pitch_class_entropy, 3),
        "human_pitch_class_entropy": round(human_pce, 3),
        "sample_in_key_share": round(stats.in_key_share, 4),
        "sample_copy_rate_8": round(stats.copy_rate, 4),
        "human_copy_rate_8": round(human_copy, 4),
        "seconds": round(time.perf_counter() - started, 2),
    }
    if args.json:
        json.dump(result, sys.stdout)
        print()
        return 0
    print(f"trained on {len(train)} tunes, tested on {len(test)} (split seed "
          f"{args.split_seed})")
    print(f"  held-out pitch    {ce.pitch_bits:.3f} bits/note  (order {model.pitch.order})")
    print(f"  held-out duration {ce.duration_bits:.3f} bits/note  (order "
          f"{model.duration.order})")
    print(f"  {stats.melodies} samples of {args.bars} bars in C major:")
    print(f"    pitch-class entropy {stats.pitch_class_entropy:.2f} bits "
          f"(held-out human tunes {human_pce:.2f})")
    print(f"    share in key        {stats.in_key_share:.1%}")
    print(f"    8-gram copy rate    {stats.copy_rate:.1%} (held-out human tunes "
          f"{human_copy:.1%})")
    print(f"  fit {fit_s:.2f} s, total {result['seconds']:.1f} s")
    return 0
