"""Melody models on disk: versioned JSON (see ``MelodyModel.to_json``)."""

from __future__ import annotations

from pathlib import Path

from livectl.compose.melody import MelodyModel
from livectl.errors import ModelError

__all__ = ["load_model", "save_model"]


def save_model(model: MelodyModel, path: str | Path) -> Path:
    """Write the model as JSON (atomically: a temporary file, then a rename)."""
    out = Path(path)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(model.to_json(), encoding="utf-8")
    tmp.replace(out)
    return out


def load_model(path: str | Path) -> MelodyModel:
    """Read a model saved by ``save_model``; ``ModelError`` names what is wrong."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelError(f"cannot read model file {p}: {exc.strerror or exc}") from exc
    return MelodyModel.from_json(text)
