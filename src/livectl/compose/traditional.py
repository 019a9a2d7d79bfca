"""A few traditional melodies (public domain), transcribed for livectl by hand.

They are a fallback training set when no corpus is installed (the ``corpora`` extra brings
music21's O'Neill, Essen and Bach collections), so that ``livectl demo`` and examples work on a
bare install. Each tune is ``(title, [(pitch, duration_beats), ...])`` in C major or A minor.
"""

from __future__ import annotations

from livectl.compose.notes import Note, Tune

__all__ = ["TRADITIONAL", "traditional_tunes"]

C4, D4, E4, F4, G4, A4, B4, C5, D5, E5 = 60, 62, 64, 65, 67, 69, 71, 72, 74, 76
G3, A3, B3 = 55, 57, 59

TRADITIONAL: dict[str, list[tuple[int, float]]] = {
    "Twinkle, Twinkle": [
        (C4, 1), (C4, 1), (G4, 1), (G4, 1), (A4, 1), (A4, 1), (G4, 2),
        (F4, 1), (F4, 1), (E4, 1), (E4, 1), (D4, 1), (D4, 1), (C4, 2),
        (G4, 1), (G4, 1), (F4, 1), (F4, 1), (E4, 1), (E4, 1), (D4, 2),
        (G4, 1), (G4, 1), (F4, 1), (F4, 1), (E4, 1), (E4, 1), (D4, 2),
        (C4, 1), (C4, 1), (G4, 1), (G4, 1), (A4, 1), (A4, 1), (G4, 2),
        (F4, 1), (F4, 1), (E4, 1), (E4, 1), (D4, 1), (D4, 1), (C4, 2),
    ],
    "Ode to Joy": [
        (E4, 1), (E4, 1), (F4, 1), (G4, 1), (G4, 1), (F4, 1), (E4, 1), (D4, 1),
        (C4, 1), (C4, 1), (D4, 1), (E4, 1), (E4, 1.5), (D4, 0.5), (D4, 2),
        (E4, 1), (E4, 1), (F4, 1), (G4, 1), (G4, 1), (F4, 1), (E4, 1), (D4, 1),
        (C4, 1), (C4, 1), (D4, 1), (E4, 1), (D4, 1.5), (C4, 0.5), (C4, 2),
        (D4, 1), (D4, 1), (E4, 1), (C4, 1), (D4, 1), (E4, 0.5), (F4, 0.5), (E4, 1), (C4, 1),
        (D4, 1), (E4, 0.5), (F4, 0.5), (E4, 1), (D4, 1), (C4, 1), (D4, 1), (G3, 2),
    ],
    "Frere Jacques": [
        (C4, 1), (D4, 1), (E4, 1), (C4, 1), (C4, 1), (D4, 1), (E4, 1), (C4, 1),
        (E4, 1), (F4, 1), (G4, 2), (E4, 1), (F4, 1), (G4, 2),
        (G4, 0.5), (A4, 0.5), (G4, 0.5), (F4, 0.5), (E4, 1), (C4, 1),
        (G4, 0.5), (A4, 0.5), (G4, 0.5), (F4, 0.5), (E4, 1), (C4, 1),
        (C4, 1), (G3, 1), (C4, 2), (C4, 1), (G3, 1), (C4, 2),
    ],
    "Mary Had a Little Lamb": [
        (E4, 1), (D4, 1), (C4, 1), (D4, 1), (E4, 1), (E4, 1), (E4, 2),
        (D4, 1), (D4, 1), (D4, 2), (E4, 1), (G4, 1), (G4, 2),
        (E4, 1), (D4, 1), (C4, 1), (D4, 1), (E4, 1), (E4, 1), (E4, 1), (E4, 1),
        (D4, 1), (D4, 1), (E4, 1), (D4, 1), (C4, 4),
    ],
    "Scarborough Fair": [
        (A4, 2), (A4, 1), (E5, 1.5), (E5, 0.5), (E5, 1), (B4, 1.5), (C5, 0.5), (B4, 1), (A4, 3),
        (E5, 1), (G4 + 12, 2), (A4 + 12, 1), (G4 + 12, 1.5), (E5, 0.5), (E5, 1),
        (E5, 1), (D5, 1), (C5, 1), (B4, 3),
        (C5, 2), (C5, 1), (B4, 1.5), (A4, 0.5), (A4, 1), (A4, 1), (G4, 1), (F4, 1), (E4, 3),
        (A4, 2), (E5, 1), (D5, 2), (C5, 1), (B4, 1), (A4, 1), (G4, 1), (A4, 3),
    ],
}


def traditional_tunes() -> list[Tune]:
    """The tunes above as :class:`~livectl.compose.notes.Tune` objects."""
    tunes = []
    for title, cells in TRADITIONAL.items():
        notes, start = [], 0.0
        for pitch, duration in cells:
            notes.append(Note(pitch, start, float(duration)))
            start += duration
        tunes.append(Tune.from_notes(notes, title=title))
    return tunes
