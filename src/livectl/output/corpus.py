"""Training corpora from the music21 wheel, parsed once and cached.

music21 ships the Essen folksong collection, O'Neill's *Music of Ireland* (1850) and the Bach
chorales. The ABC collections are read with symusic (about 15x faster than music21 here); the
chorales are MusicXML, which only music21 reads. The parsed result (pitches, durations on a
1/48-beat grid, tonic, meter) goes to a cache file under ``$LIVECTL_CACHE_DIR`` or
``~/.cache/livectl``, keyed by corpus, music21 and symusic versions and our cache format, so the
second run is fast: a numpy ``.npz`` archive of flat arrays (all pitches, all durations in grid
ticks, tune lengths, tonics, meters) with titles and settings as JSON, checked on load.

Licences: Essen is licensed for **non-commercial** use only; O'Neill's 1850 tunes are public
domain transcriptions by Norbert Paap; the Bach chorale encodings come with music21 (BSD
distribution, see music21's corpus licence). Nothing derived from the corpora is committed.
"""

from __future__ import annotations

import io
import itertools
import json
import logging
import os
import re
import zipfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from livectl.compose.notes import GRID_PER_BEAT, Tune
from livectl.compose.scales import pitch_class
from livectl.errors import ModelError, NotFoundError, ValidationError

__all__ = ["CORPORA", "Progress", "cache_dir", "corpus_files", "load_corpus", "parse_abc"]

log = logging.getLogger(__name__)

#: progress(done, total, what) -- called while parsing; the CLI draws a bar from it.
Progress = Callable[[int, int, str], None]

_FORMAT = 2  # 2: flat numpy arrays (1 was JSON rows)


@dataclass(frozen=True, slots=True)
class CorpusInfo:
    name: str
    music21_dir: str
    kind: str  # "abc" or "chorales"
    licence: str


CORPORA: dict[str, CorpusInfo] = {
    "essen": CorpusInfo("essen", "essenFolksong", "abc",
                        "Essen Folksong Collection: non-commercial use only"),
    "oneills": CorpusInfo("oneills", "oneills1850", "abc",
                          "O'Neill's Music of Ireland (1850): public domain tunes, "
                          "transcriptions by Norbert Paap"),
    "bach": CorpusInfo("bach", "bach", "chorales",
                       "Bach chorales as distributed with music21 (see music21 corpus licence)"),
}


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "none"


def cache_dir() -> Path:
    """``$LIVECTL_CACHE_DIR`` or ``~/.cache/livectl``."""
    env = os.environ.get("LIVECTL_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "livectl"


def _info(name: str) -> CorpusInfo:
    try:
        return CORPORA[name]
    except KeyError:
        raise NotFoundError(
            f"unknown corpus {name!r}; choose one of {', '.join(sorted(CORPORA))}") from None


def corpus_files(name: str) -> list[Path]:
    """The corpus's files inside the installed music21 package."""
    info = _info(name)
    try:
        import music21
    except ImportError as exc:
        raise ModelError(
            "the music21 corpora need the optional extra: pip install 'livectl[corpora]'"
        ) from exc
    root = Path(music21.__file__).parent / "corpus" / info.music21_dir
    pattern = "*.abc" if info.kind == "abc" else "*.mxl"
    files = sorted(root.glob(pattern))
    if not files:
        raise NotFoundError(f"no {pattern} files in {root}; is music21's corpus installed?")
    return files


# ---------------------------------------------------------------------------- ABC (symusic)
_TUNE_SPLIT = re.compile(r"^X:", re.MULTILINE)
_KEY_LINE = re.compile(r"^K:\s*([A-Ga-g][#b]?)", re.MULTILINE)
_TITLE_LINE = re.compile(r"^T:\s*(.*)$", re.MULTILINE)
_METER_LINE = re.compile(r"^M:\s*(\d+)/(\d+)", re.MULTILINE)


def split_abc(text: str) -> list[str]:
    """One string per tune (each starting with ``X:``)."""
    starts = [m.start() for m in _TUNE_SPLIT.finditer(text)]
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def parse_abc(tune_text: str) -> Tune | None:
    """One ABC tune -> Tune, or None when symusic cannot read it or it has under 2 notes.

    symusic's C++ reader may write warnings about odd bars straight to standard output;
    ``load_corpus`` calls this in worker processes whose stdout goes to /dev/null.

    The tonic is the letter of the ``K:`` field: the Essen ABC files write the tonic there and
    spell every accidental out; O'Neill's write ``K:Gm``, ``K:Ador`` and so on.
    """
    import symusic

    try:
        score: Any = symusic.Score.from_abc(tune_text)
    except Exception as exc:  # symusic raises plain RuntimeErrors for ABC it rejects
        log.debug("symusic rejected a tune: %s", exc)
        return None
    tpq = score.ticks_per_quarter
    notes = [n for track in score.tracks for n in track.notes]
    if len(notes) < 2:
        return None
    # symusic's ABC reader places notes one tick late and one tick short (seen on Essen);
    # rounding to the 1/48-beat grid removes that.
    onsets: dict[int, tuple[int, int]] = {}
    for n in notes:
        t = round(n.time * GRID_PER_BEAT / tpq)
        d = max(1, round(n.duration * GRID_PER_BEAT / tpq))
        if t not in onsets or n.pitch > onsets[t][0]:
            onsets[t] = (n.pitch, d)
    times = sorted(onsets)
    pitches = tuple(onsets[t][0] for t in times)
    durs = [b - a for a, b in itertools.pairwise(times)] + [onsets[times[-1]][1]]
    key = _KEY_LINE.search(tune_text)
    tonic = pitch_class(key.group(1).upper()[0] + key.group(1)[1:]) if key else None
    title_m = _TITLE_LINE.search(tune_text)
    meter_m = _METER_LINE.search(tune_text)
    meter = (int(meter_m.group(1)), int(meter_m.group(2))) if meter_m else (4, 4)
    if not all(0 <= p <= 127 for p in pitches):
        return None
    return Tune(pitches, tuple(d / GRID_PER_BEAT for d in durs), tonic,
                title_m.group(1).strip() if title_m else "", meter)


def _parse_abc_file(path: str, limit: int | None) -> list[Tune]:
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    out: list[Tune] = []
    for chunk in split_abc(text):
        if limit is not None and len(out) >= limit:
            break
        tune = parse_abc(chunk)
        if tune is not None:
            out.append(tune)
    return out


def _quiet_worker() -> None:
    # symusic's C++ ABC reader writes warnings straight to file descriptor 1; library code must
    # not print, so worker processes send their stdout to /dev/null.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)


# ---------------------------------------------------------------------------- chorales (music21)
def _parse_chorale(path: str) -> Tune | None:
    from music21 import converter

    score: Any = converter.parse(path)
    parts = list(score.parts)
    if len(parts) < 2:
        return None

    def part(name: str, fallback: int) -> Any:
        # Some chorale files carry instrument parts too (bwv1.6 opens with "Horn 2").
        for p in parts:
            if name in f"{p.id} {p.partName}".lower():
                return p
        return parts[fallback]

    soprano = [n for n in part("soprano", 0).recurse().notes if n.isNote]
    bass = [n for n in part("bass", -1).recurse().notes if n.isNote]
    if len(soprano) < 2 or not bass:
        return None
    onsets: dict[int, tuple[int, int]] = {}
    for n in soprano:
        t = round(float(n.getOffsetInHierarchy(score)) * GRID_PER_BEAT)
        d = max(1, round(float(n.quarterLength) * GRID_PER_BEAT))
        onsets[t] = (int(n.pitch.midi), d)
    times = sorted(onsets)
    durs = [b - a for a, b in itertools.pairwise(times)] + [onsets[times[-1]][1]]
    # Chorales end on the tonic in the bass: its last note names the key's tonic.
    tonic = int(bass[-1].pitch.midi) % 12
    return Tune(tuple(onsets[t][0] for t in times), tuple(d / GRID_PER_BEAT for d in durs),
                tonic, Path(path).stem)


def _parse_chorale_file(path: str, limit: int | None) -> list[Tune]:
    tune = _parse_chorale(path)
    return [tune] if tune is not None else []


# ---------------------------------------------------------------------------- cache + loading
def _cache_path(name: str, directory: Path) -> Path:
    versions = f"m21-{_version('music21')}_sym-{_version('symusic')}_f{_FORMAT}"
    return directory / f"corpus-{name}-{versions}.npz"


def _cache_bytes(name: str, licence: str, tunes: list[Tune]) -> bytes:
    lengths = np.array([len(t) for t in tunes], dtype=np.int64)
    pitches = np.fromiter(itertools.chain.from_iterable(t.pitches for t in tunes),
                          dtype=np.int64, count=int(lengths.sum()))
    beats = np.fromiter(itertools.chain.from_iterable(t.durations for t in tunes),
                        dtype=np.float64, count=int(lengths.sum()))
    meta = {"corpus": name, "licence": licence, "format": _FORMAT,
            "titles": [t.title for t in tunes]}
    buf = io.BytesIO()
    np.savez_compressed(
        buf, meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
        pitches=pitches.astype(np.uint8), lengths=lengths.astype(np.int32),
        ticks=np.rint(beats * GRID_PER_BEAT).astype(np.int32),
        tonics=np.array([-1 if t.tonic is None else t.tonic for t in tunes], dtype=np.int8),
        meters=np.array([t.meter for t in tunes], dtype=np.int32).reshape(len(tunes), 2))
    return buf.getvalue()


def _tunes_from_cache(path: Path, limit: int | None) -> list[Tune]:
    """The cached tunes; ValueError if the file is not a consistent cache of this format."""
    with np.load(path, allow_pickle=False) as npz:
        meta = json.loads(npz["meta"].tobytes().decode("utf-8"))
        pitches, ticks = npz["pitches"], npz["ticks"]
        lengths, tonics, meters = npz["lengths"], npz["tonics"], npz["meters"]
    titles = meta["titles"]
    count = len(lengths)
    if (meta.get("format") != _FORMAT or len(titles) != count or len(tonics) != count
            or meters.shape != (count, 2) or int(lengths.sum()) != len(pitches)
            or len(ticks) != len(pitches) or (count and lengths.min() < 1)
            or (len(ticks) and ticks.min() < 1) or (count and meters.min() < 1)
            or (count and (tonics.min() < -1 or tonics.max() > 11))):
        raise ValueError("inconsistent arrays")
    # The tunes were checked when they were parsed and the arrays just now, as a whole.
    ends = np.cumsum(lengths).tolist()
    plist = pitches.tolist()
    dlist = (ticks / GRID_PER_BEAT).tolist()
    out = []
    begin = 0
    for i, end in enumerate(ends[:limit]):
        tonic = int(tonics[i])
        out.append(Tune(tuple(plist[begin:end]), tuple(dlist[begin:end]),
                        None if tonic < 0 else tonic, str(titles[i]),
                        (int(meters[i, 0]), int(meters[i, 1]))))
        begin = end
    return out


def load_corpus(name: str, *, limit: int | None = None, use_cache: bool = True,
                directory: Path | None = None, progress: Progress | None = None,
                workers: int = 2) -> list[Tune]:
    """Tunes of a music21 corpus (``"essen"``, ``"oneills"``, ``"bach"``).

    ``limit`` takes only the first tunes (from the cache if the whole corpus is cached, else by
    parsing just enough files; a partial parse is not cached). ``progress(done, total, what)`` is
    called per file parsed.
    """
    info = _info(name)
    if limit is not None and limit < 1:
        raise ValidationError(f"limit must be >= 1 tunes, got {limit!r}", field="limit",
                              value=limit)
    directory = directory or cache_dir()
    path = _cache_path(name, directory)
    if use_cache and path.exists():
        try:
            cached = _tunes_from_cache(path, limit)
            log.info("corpus %s: %d tunes from cache %s", name, len(cached), path)
            return cached
        except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile) as exc:
            log.warning("ignoring unreadable corpus cache %s (%s); parsing again", path, exc)
    files = [str(p) for p in corpus_files(name)]
    worker = _parse_abc_file if info.kind == "abc" else _parse_chorale_file
    tunes: list[Tune] = []
    if limit is not None:
        # Small requests (tests, quick looks) parse file by file until enough tunes are in.
        with ProcessPoolExecutor(1, initializer=_quiet_worker) as pool:
            for i, f in enumerate(files):
                tunes.extend(pool.submit(worker, f, limit - len(tunes)).result())
                if progress:
                    progress(i + 1, len(files), Path(f).name)
                if len(tunes) >= limit:
                    break
        return tunes[:limit]
    with ProcessPoolExecutor(max(1, workers), initializer=_quiet_worker) as pool:
        futures = [pool.submit(worker, f, None) for f in files]
        for i, fut in enumerate(futures):
            tunes.extend(fut.result())
            if progress:
                progress(i + 1, len(files), Path(files[i]).name)
    if use_cache:
        try:
            directory.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(_cache_bytes(name, info.licence, tunes))
            tmp.replace(path)
        except OSError as exc:
            log.warning("could not write corpus cache %s: %s", path, exc)
    log.info("corpus %s: parsed %d tunes from %d files", name, len(tunes), len(files))
    return tunes
