"""Where training melodies come from: corpus names, .mid files, or folders of them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from livectl.compose.notes import Tune
from livectl.errors import NotFoundError
from livectl.output.corpus import CORPORA, Progress, load_corpus
from livectl.output.midifile import read_midi

__all__ = ["load_tunes", "tunes_from_midi"]


def tunes_from_midi(path: str | Path) -> list[Tune]:
    """One Tune per non-drum track with at least two notes (highest note of any chord)."""
    data = read_midi(path)
    out = []
    for name, notes in data.tracks.items():
        melodic = [n for n in notes if n.channel != 10]
        if len(melodic) >= 2:
            out.append(Tune.from_notes(melodic, title=f"{Path(path).stem}:{name}"))
    return out


def load_tunes(sources: Iterable[str], *, limit: int | None = None,
               progress: Progress | None = None) -> list[Tune]:
    """Tunes from each source: a corpus name (``essen``, ``oneills``, ``bach``), a .mid file,
    or a folder searched for .mid/.midi files."""
    tunes: list[Tune] = []
    for src in sources:
        if src in CORPORA:
            tunes.extend(load_corpus(src, limit=limit, progress=progress))
            continue
        p = Path(src)
        if p.is_dir():
            files = sorted([*p.rglob("*.mid"), *p.rglob("*.midi")])
            for i, f in enumerate(files):
                tunes.extend(tunes_from_midi(f))
                if progress:
                    progress(i + 1, len(files), f.name)
        elif p.is_file():
            tunes.extend(tunes_from_midi(p))
        else:
            raise NotFoundError(
                f"training source {src!r} is neither a corpus ({', '.join(sorted(CORPORA))}) "
                "nor a .mid file or folder")
    return tunes[:limit] if limit else tunes
