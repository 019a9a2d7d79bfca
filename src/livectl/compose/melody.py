"""A melody model: two variable-order streams (pitch, duration) trained on real tunes.

Pitch and duration are modelled as separate streams, each an interpolated ``NGramModel`` over
its own history: joint (pitch, duration) tokens are too sparse to predict well (see
docs/compose.md for the numbers). With ``normalise_key`` every training tune is transposed so
its tonic is C (by the smallest shift, -5..+6 semitones, keeping the register); generation then
transposes to the requested key and keeps to its scale, the pitch range and the bar grid, and
ends each phrase on the tonic.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np

from livectl.checks import check_int_range, check_pitch, check_real_range, check_velocity
from livectl.compose.defaults import DEFAULT_DURATION_ORDER, DEFAULT_ESCAPE, DEFAULT_PITCH_ORDER
from livectl.compose.markov import Allowed, NGramModel, weighted_choice
from livectl.compose.notes import GRID_PER_BEAT, Note, Tune
from livectl.compose.scales import Key, parse_key
from livectl.errors import ModelError, ValidationError

__all__ = ["FORMAT", "FORMAT_VERSION", "CrossEntropy", "MelodyModel", "as_tune",
           "tonic_shift"]

FORMAT = "livectl.melody-model"
# 2: count tables saved as they are (livectl.output.modelfile), and generate() draws each stream
# as a mixture (markov.Stream): the same seed gives other notes than under version 1.
FORMAT_VERSION = 2


def tonic_shift(tonic: int) -> int:
    """Smallest transposition (-5..+6) that moves pitch class ``tonic`` to C."""
    shift = -tonic % 12
    return shift - 12 if shift > 6 else shift


def as_tune(item: Tune | Sequence[Note] | Sequence[int]) -> Tune:
    """Accept a Tune, a list of Notes, or a list of MIDI pitches (one beat each)."""
    if isinstance(item, Tune):
        return item
    items = list(item)
    if not items:
        raise ValidationError("cannot train on an empty melody", field="tunes", value=item)
    if all(isinstance(x, Note) for x in items):
        return Tune.from_notes(items)  # type: ignore[arg-type]
    if all(isinstance(x, int) and not isinstance(x, bool) for x in items):
        for p in items:
            check_pitch(p, "pitches[]")
        return Tune(tuple(items), (1.0,) * len(items))  # type: ignore[arg-type]
    raise ValidationError(
        "a training melody must be a Tune, a list of Note, or a list of MIDI pitches; got "
        f"{type(items[0]).__name__} items", field="tunes", value=type(items[0]).__name__)


@dataclass(frozen=True, slots=True)
class CrossEntropy:
    """Held-out loss in bits per note for each stream."""

    pitch_bits: float
    duration_bits: float
    notes: int

    @property
    def total_bits(self) -> float:
        return self.pitch_bits + self.duration_bits


def _ticks(beats: float) -> int:
    return max(1, round(beats * GRID_PER_BEAT))


class MelodyModel:
    """Pitch and duration streams; seedable; JSON round trip through ``to_json``/``from_json``.

    ``seed`` seeds the model's own ``random.Random``, used by ``generate`` when no per-call
    seed is given.
    """

    def __init__(self, pitch_order: int = DEFAULT_PITCH_ORDER,
                 duration_order: int = DEFAULT_DURATION_ORDER, *, normalise_key: bool = True,
                 method: str = "wb", escape: float = DEFAULT_ESCAPE,
                 duration_escape: float | None = None, seed: int | None = None) -> None:
        self.pitch = NGramModel(pitch_order, method=method, escape=escape)
        self.duration = NGramModel(duration_order, method=method,
                                   escape=escape if duration_escape is None else duration_escape)
        self.normalise_key = bool(normalise_key)
        self.seed = seed
        self.rng = random.Random(seed)
        self.n_tunes = 0
        self.pitch_range: tuple[int, int] | None = None

    # ------------------------------------------------------------ training
    def _shift(self, tune: Tune) -> int:
        """The transposition that moves the tune's tonic to C (0 when it would leave 0..127)."""
        if not self.normalise_key or not tune.pitches:
            return 0
        tonic = tune.tonic
        if tonic is None:
            # Without a stated key, folk practice is the guide: the last note is the tonic.
            tonic = tune.pitches[-1] % 12
        shift = tonic_shift(tonic)
        if not (0 <= min(tune.pitches) + shift and max(tune.pitches) + shift <= 127):
            return 0
        return shift

    def _prepare(self, tune: Tune) -> Tune:
        shift = self._shift(tune)
        return tune.transposed(shift) if shift else tune

    def fit(self, tunes: Iterable[Tune | Sequence[Note] | Sequence[int]]) -> MelodyModel:
        """Train on tunes (adds to what was learned before). Returns self."""
        prepared = [as_tune(t) for t in tunes]
        if not prepared:
            raise ValidationError("fit() needs at least one tune", field="tunes", value=0)
        if any(not t.pitches for t in prepared):
            raise ValidationError("cannot train on an empty melody", field="tunes", value=0)
        # The tunes were checked when they were made: here they are only laid end to end,
        # moved to C as whole arrays, and counted.
        lengths = np.fromiter((len(t) for t in prepared), dtype=np.int64, count=len(prepared))
        size = int(lengths.sum())
        shifts = np.fromiter((self._shift(t) for t in prepared), dtype=np.int64,
                             count=len(prepared))
        pitches = np.fromiter(chain.from_iterable(t.pitches for t in prepared),
                              dtype=np.int64, count=size) + np.repeat(shifts, lengths)
        beats = np.fromiter(chain.from_iterable(t.durations for t in prepared),
                            dtype=np.float64, count=size)
        ticks = np.maximum(1, np.rint(beats * GRID_PER_BEAT)).astype(np.int64)  # as _ticks
        self.pitch.fit_arrays(pitches, lengths)
        self.duration.fit_arrays(ticks, lengths)
        self.n_tunes += len(prepared)
        lo, hi = int(pitches.min()), int(pitches.max())
        if self.pitch_range is not None:
            lo, hi = min(lo, self.pitch_range[0]), max(hi, self.pitch_range[1])
        self.pitch_range = (lo, hi)
        return self

    @property
    def is_trained(self) -> bool:
        return self.pitch.is_trained

    def _require_trained(self) -> None:
        if not self.is_trained:
            raise ModelError("this MelodyModel is untrained: call fit(tunes) or load a saved "
                             "model first")

    # ------------------------------------------------------------ evaluation
    def cross_entropy(self, tunes: Iterable[Tune | Sequence[Note] | Sequence[int]]
                      ) -> CrossEntropy:
        """Mean bits per note of held-out tunes, per stream (after the same key handling)."""
        self._require_trained()
        pbits = dbits = 0.0
        n = 0
        for t in tunes:
            tune = self._prepare(as_tune(t))
            pbits += self.pitch.log2_loss(tune.pitches)
            dbits += self.duration.log2_loss([_ticks(d) for d in tune.durations])
            n += len(tune)
        if n == 0:
            raise ValidationError("cross_entropy() needs at least one note", field="tunes",
                                  value=0)
        return CrossEntropy(pbits / n, dbits / n, n)

    # ------------------------------------------------------------ generation
    def generate(self, bars: int = 8, *, key: str | Key = "C:major", beats_per_bar: int = 4,
                 low: int = 60, high: int = 84, temperature: float = 1.0,
                 seed: int | None = None, phrase_bars: int = 4, end_on_tonic: bool = True,
                 velocity: int = 100, channel: int = 1, start_beats: float = 0.0,
                 max_notes: int | None = None, final_beats: float = 1.0) -> list[Note]:
        """A melody of exactly ``bars`` bars in ``key`` within ``low..high``.

        ``seed`` makes this call reproducible on its own; without it the model's own generator
        is used (reproducible as a sequence of calls from the constructor's seed). Each phrase
        of ``phrase_bars`` bars ends on a tonic when ``end_on_tonic``, held for at least
        ``final_beats`` (a cadence; 0 lets it be any length). ``max_notes`` cuts the melody short
        (for a fixed note count instead of a fixed length).
        """
        self._require_trained()
        bars = check_int_range("bars", bars, 1, 10_000)
        beats_per_bar = check_int_range("beats_per_bar", beats_per_bar, 1, 32)
        phrase_bars = check_int_range("phrase_bars", phrase_bars, 1, 10_000)
        low = check_pitch(low, "low")
        high = check_pitch(high, "high")
        if low > high:
            raise ValidationError(f"low ({low}) must not be above high ({high})", field="low",
                                  value=low)
        temperature = check_real_range("temperature", temperature, 0.01, 100.0)
        velocity = check_velocity(velocity)
        final = _ticks(check_real_range("final_beats", final_beats, 0.0, 64.0)) \
            if final_beats else 0
        k = parse_key(key)
        in_key = k.pitches_in(low, high)
        if not in_key:
            raise ValidationError(
                f"no pitch of {k.name} lies in {low}..{high}; widen the range", field="high",
                value=high)
        tonics = [p for p in in_key if k.is_tonic(p)]
        if end_on_tonic and not tonics:
            raise ValidationError(
                f"the range {low}..{high} holds no {k.name} tonic to end phrases on; widen it "
                "or pass end_on_tonic=False", field="high", value=high)
        rng = random.Random(seed) if seed is not None else self.rng
        shift = tonic_shift(k.tonic) if self.normalise_key else 0
        # model space = output pitch + shift; the model learned tunes with the tonic on C.
        allowed = [p + shift for p in in_key]
        allowed_tonic = [p + shift for p in tonics]
        total = bars * beats_per_bar * GRID_PER_BEAT
        phrase = phrase_bars * beats_per_bar * GRID_PER_BEAT
        if temperature == 1.0:
            return self._generate_streams(rng, total, phrase, final, allowed, allowed_tonic,
                                          end_on_tonic, shift, velocity, channel,
                                          start_beats, max_notes)
        ph: list[int] = []
        dh: list[int] = []
        notes: list[Note] = []
        t = 0
        while t < total and (max_notes is None or len(notes) < max_notes):
            phrase_end = min(total, (t // phrase + 1) * phrase)
            room = phrase_end - t
            # A note either ends the phrase (and is then at least `final` long) or leaves at
            # least `final` for the phrase's last note.
            fits = [s for s in self.duration.alphabet
                    if (s == room and s >= final) or room - s >= final]
            d = self.duration.sample(dh, rng, temperature=temperature, allowed=fits)
            if d is None:
                d = room
            last_of_phrase = t + d >= phrase_end
            choices = allowed_tonic if (end_on_tonic and last_of_phrase) else allowed
            p = self.pitch.sample(ph, rng, temperature=temperature, allowed=choices)
            if p is None:
                p = _nearest(choices, ph)
            ph.append(p)
            dh.append(d)
            notes.append(Note(p - shift, start_beats + t / GRID_PER_BEAT, d / GRID_PER_BEAT,
                              velocity, channel=channel))
            t += d
        return notes

    def _generate_streams(self, rng: random.Random, total: int, phrase: int, final: int,
                          allowed: list[int], allowed_tonic: list[int], end_on_tonic: bool,
                          shift: int, velocity: int, channel: int, start_beats: float,
                          max_notes: int | None) -> list[Note]:
        """``generate`` at temperature 1: both streams drawn with ``Stream.draw`` (checked
        arguments only; the rules are the same as in the general loop)."""
        pitches = self.pitch.stream(rng)
        durations = self.duration.stream(rng)
        any_pitch = pitches.allow(allowed)
        tonic_pitch = pitches.allow(allowed_tonic) if end_on_tonic else any_pitch
        alphabet = self.duration.alphabet
        draw_d, draw_p = durations.draw, pitches.draw
        fits_at: dict[int, Allowed] = {}  # by room left in the phrase
        notes: list[Note] = []
        append = notes.append
        left = total if max_notes is None else max_notes
        grid = GRID_PER_BEAT
        t = 0
        while t < total and left:
            phrase_end = min(total, (t // phrase + 1) * phrase)
            while t < phrase_end and left:
                room = phrase_end - t
                fits = fits_at.get(room)
                if fits is None:
                    # A note either ends the phrase (and is then at least `final` long) or
                    # leaves at least `final` for the phrase's last note.
                    fits = fits_at[room] = durations.allow(
                        (s for s in alphabet if (s == room and s >= final) or room - s >= final),
                        key=("fits", room, final))
                d = draw_d(fits)
                if d is None:
                    d = room
                    durations.push(d)
                if t + d >= phrase_end:
                    p = draw_p(tonic_pitch)
                    choices = allowed_tonic if end_on_tonic else allowed
                else:
                    p = draw_p(any_pitch)
                    choices = allowed
                if p is None:
                    p = _nearest(choices, pitches.history)
                    pitches.push(p)
                append(Note(p - shift, start_beats + t / grid, d / grid, velocity, channel=channel))
                t += d
                left -= 1
        return notes

    def sample_pitches(self, n: int, *, seed: int | None = None,
                       temperature: float = 1.0) -> list[int]:
        """``n`` pitches from the pitch stream alone, unconstrained, in the model's own space."""
        self._require_trained()
        n = check_int_range("n", n, 0, 10_000_000)
        rng = random.Random(seed) if seed is not None else self.rng
        out: list[int] = []
        for _ in range(n):
            s = weighted_choice(self.pitch.distribution(out), rng, temperature)
            assert s is not None
            out.append(s)
        return out

    # ------------------------------------------------------------ JSON and arrays
    def _meta(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "normalise_key": self.normalise_key,
            "seed": self.seed,
            "n_tunes": self.n_tunes,
            "pitch_range": list(self.pitch_range) if self.pitch_range else None,
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self._meta(), "pitch": self.pitch.to_dict(),
                "duration": self.duration.to_dict()}

    def to_json(self) -> str:
        """Stable JSON text (sorted keys, sorted n-grams): equal models give equal text."""
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))

    def to_arrays(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """Settings (JSON-able) and every stream's count tables as they are, named
        ``pitch/...`` and ``duration/...`` (``livectl.output.modelfile`` writes them)."""
        meta = {**self._meta(), "pitch": self.pitch.params(),
                "duration": self.duration.params()}
        arrays = {f"{name}/{key}": arr for name, stream in (("pitch", self.pitch),
                                                            ("duration", self.duration))
                  for key, arr in stream.to_arrays().items()}
        return meta, arrays

    @classmethod
    def from_arrays(cls, meta: Mapping[str, Any], arrays: Mapping[str, Any]) -> MelodyModel:
        """The inverse of ``to_arrays`` (nothing is rebuilt; the tables are checked)."""
        _check_header(meta, (FORMAT_VERSION,))
        try:
            streams = [NGramModel.from_arrays(
                meta[name], {k.split("/", 1)[1]: v for k, v in arrays.items()
                             if k.startswith(name + "/")}) for name in ("pitch", "duration")]
        except (KeyError, TypeError, AttributeError) as exc:
            raise ModelError(f"melody model data is damaged: {exc!r}") from exc
        return cls._assemble(meta, *streams)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MelodyModel:
        # Version 1 files hold the same counts: they load, but a seed draws other notes than
        # it did under version 1 (generation samples the streams as mixtures since version 2).
        _check_header(data, (1, FORMAT_VERSION))
        try:
            pitch = NGramModel.from_dict(data["pitch"])
            duration = NGramModel.from_dict(data["duration"])
        except (KeyError, TypeError, AttributeError) as exc:
            raise ModelError(f"melody model data is damaged: {exc!r}") from exc
        return cls._assemble(data, pitch, duration)

    @classmethod
    def _assemble(cls, meta: Mapping[str, Any], pitch: NGramModel,
                  duration: NGramModel) -> MelodyModel:
        try:
            seed = meta.get("seed")
            if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
                raise ValueError(f"seed must be an int or null, got {seed!r}")
            model = cls(pitch.order, duration.order,
                        normalise_key=bool(meta["normalise_key"]), method=pitch.method,
                        escape=pitch.escape, duration_escape=duration.escape, seed=seed)
            model.pitch, model.duration = pitch, duration
            model.n_tunes = int(meta.get("n_tunes", 0))
            pr = meta.get("pitch_range")
            model.pitch_range = (int(pr[0]), int(pr[1])) if pr else None
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise ModelError(f"melody model settings are damaged: {exc}") from exc
        return model

    @classmethod
    def from_json(cls, text: str) -> MelodyModel:
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ModelError(f"melody model file is not valid JSON: {exc}") from exc
        return cls.from_dict(data)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MelodyModel):
            return NotImplemented
        return (self.pitch == other.pitch and self.duration == other.duration
                and self.normalise_key == other.normalise_key)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"<MelodyModel pitch_order={self.pitch.order} "
                f"duration_order={self.duration.order} tunes={self.n_tunes} "
                f"normalise_key={self.normalise_key}>")


def _check_header(data: object, versions: tuple[int, ...]) -> None:
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise ModelError(f"not a livectl melody model (expected format {FORMAT!r})")
    version = data.get("version")
    if version not in versions:
        raise ModelError(
            f"melody model format version {version!r} is not supported (this livectl reads "
            f"version{'s' if len(versions) > 1 else ''} {', '.join(map(str, versions))}); "
            "retrain with 'livectl generate melody --save'")


def _nearest(choices: list[int], history: Sequence[int]) -> int:
    """None of the allowed pitches was ever seen in training: take the allowed pitch nearest
    the last one (or the middle of the range) so the line stays smooth."""
    ref = history[-1] if history else choices[len(choices) // 2]
    return min(choices, key=lambda c: (abs(c - ref), c))


def bits_per_note(total_bits: float, notes: int) -> float:
    return total_bits / notes if notes else math.nan
