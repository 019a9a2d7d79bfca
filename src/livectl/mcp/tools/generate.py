"""livectl's own tools: a melody from a trained Markov model or a drum groove, written
straight into a clip, and a piano roll of a clip as a PNG the assistant can look at."""

from __future__ import annotations

import io
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Image
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from livectl.compose.drums import GROOVES, groove
from livectl.compose.humanise import humanise
from livectl.compose.melody import MelodyModel
from livectl.compose.notes import Note
from livectl.compose.scales import parse_key
from livectl.mcp._registry import Ctx, tool
from livectl.mcp.tools._common import SlotIndex, TrackIndex, check_clip, check_slot
from livectl.output.live import write_clip

__all__: list[str] = []

Bars = Annotated[int, Field(ge=1, le=64, description="length in 4/4 bars")]
Seed = Annotated[int | None, Field(ge=0, le=2**31 - 1, description=(
    "same seed, same result; none: a new one each call"))]
Corpus = Literal["builtin", "essen", "oneills", "bach"]
Style = Literal[tuple(sorted(GROOVES))]  # type: ignore[valid-type]


def _model(ctx: Ctx, corpus: str) -> MelodyModel:
    """The melody model trained on ``corpus``, trained once per server."""
    cache: dict[str, MelodyModel] = ctx.state.setdefault("melody_models", {})
    if corpus not in cache:
        if corpus == "builtin":
            from livectl.compose.traditional import traditional_tunes

            tunes = traditional_tunes()
        else:
            try:
                from livectl.output.sources import load_tunes

                tunes = load_tunes([corpus])
            except ImportError as exc:
                raise ToolError(f"corpus {corpus!r} needs music21: pip install "
                                "'livectl[corpora]' (or use corpus 'builtin')") from exc
        cache[corpus] = MelodyModel(normalise_key=True).fit(tunes)
    return cache[corpus]


def _into_clip(ctx: Ctx, notes: list[Note], track: int, slot: int, bars: int,
               name: str) -> dict[str, Any]:
    check_slot(ctx, track, slot)
    live = ctx.live
    if not live.query("/live/track/get/has_midi_input", track)[-1]:
        raise ToolError(f"track {track} is an audio track: notes go into MIDI tracks")
    slot_obj = live.song.tracks[track].clip_slots[slot]
    length = 4.0 * bars
    if slot_obj.has_clip:  # a new clip of the right length: one undo brings the old one back
        slot_obj.delete_clip()
    write_clip(live, notes, track=track, slot=slot, length_beats=length, name=name)
    return {"track": track, "slot": slot, "length_beats": length, "notes": len(notes)}


@tool("Generate a melody into a clip", writes=True)
def generate_melody(
    ctx: Ctx,
    track: TrackIndex,
    slot: SlotIndex,
    key: Annotated[str, Field(min_length=1, max_length=40, description=(
        "tonic:mode, e.g. C:major, A:minor, D:dorian, F#:mixolydian"))] = "C:major",
    bars: Bars = 4,
    seed: Seed = None,
    corpus: Corpus = "builtin",
    low: Annotated[int, Field(ge=0, le=127, description="lowest pitch")] = 60,
    high: Annotated[int, Field(ge=0, le=127, description="highest pitch")] = 84,
    temperature: Annotated[float, Field(ge=0.1, le=3.0, description=(
        "below 1 safer, above 1 wilder"))] = 1.0,
    name: Annotated[str | None, Field(max_length=200)] = None,
) -> dict[str, Any]:
    """Write a new melody into a clip slot of a MIDI track (replacing a clip there): a
    Markov model trained on folk tunes (builtin; essen, oneills, bach need music21) in the
    given key and range, every phrase ending on the tonic. All its notes are in the key."""
    try:
        k = parse_key(key)
    except ValueError as exc:
        raise ToolError(f"key must be like C:major or A:minor, got {key!r} ({exc})") from None
    if low > high - 12:
        raise ToolError(f"high must be at least an octave above low ({low}), got {high}")
    notes = _model(ctx, corpus).generate(bars, key=k, low=low, high=high,
                                         temperature=temperature, seed=seed)
    out = _into_clip(ctx, notes, track, slot, bars, name or f"melody in {k}")
    return out | {"key": str(k), "pitches": sorted({n.pitch for n in notes})}


@tool("Generate a drum groove into a clip", writes=True)
def generate_drums(
    ctx: Ctx,
    track: TrackIndex,
    slot: SlotIndex,
    style: Style = "lofi",  # type: ignore[valid-type]
    bars: Bars = 4,
    humanize: bool = False,
    seed: Seed = None,
    name: Annotated[str | None, Field(max_length=200)] = None,
) -> dict[str, Any]:
    """Write a drum groove into a clip slot of a MIDI track (replacing a clip there), on
    General MIDI drum notes (36 kick, 38 snare, 42 closed hat...) as a Drum Rack plays
    them. humanize loosens velocity and timing."""
    pattern = groove(style)
    swing = GROOVES[style][1]
    notes = pattern.to_notes(bars=bars, swing=swing)
    if humanize:
        notes = humanise(notes, seed=seed)
    out = _into_clip(ctx, notes, track, slot, bars, name or f"drums ({style})")
    return out | {"style": style, "rows": pattern.to_strings()}


@tool("Show a clip as a piano roll", writes=False)
def render_piano_roll(
    ctx: Ctx,
    track: TrackIndex,
    slot: SlotIndex,
    key: Annotated[str | None, Field(max_length=40, description=(
        "shade this key's notes in the title, e.g. A:minor"))] = None,
) -> Image:
    """A PNG picture of a clip's notes (time left to right in bars, pitch bottom to top,
    velocity as opacity), to look at what was written."""
    check_clip(ctx, track, slot)
    from livectl.output.pianoroll import pianoroll_image

    clip = ctx.live.song.tracks[track].clip_slots[slot].clip
    notes: list[Note] = list(clip.notes)  # the client's notes are livectl.note.Note too
    if not notes:
        raise ToolError(f"the clip in track {track} slot {slot} has no notes to draw")
    if key is not None:
        try:
            key = str(parse_key(key))
        except ValueError as exc:
            raise ToolError(f"key must be like C:major, got {key!r} ({exc})") from None
    picture = pianoroll_image({str(clip.name or "clip"): notes}, title=str(clip.name or ""),
                              key=key, tempo_bpm=float(ctx.live.song.tempo))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return Image(data=buffer.getvalue(), format="png")
