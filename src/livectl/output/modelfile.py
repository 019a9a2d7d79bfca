"""Melody models on disk: a compact binary file, or JSON text for a ``.json`` name.

The binary file is a numpy ``.npz`` archive (zip, deflated): a ``meta`` entry holding the
settings as JSON (format ``livectl.melody-model``, ``version``) and every stream's count tables
as they are in memory (``MelodyModel.to_arrays``), each stored in the smallest int type that
holds it. Loading reads the arrays and checks them; it rebuilds nothing, so a model trained on
all of Essen loads in tens of milliseconds. ``load_model`` tells the two kinds apart by their
first bytes, so any name works; JSON files of version 1 (before the tables were saved) load
too. Files of other versions raise ``ModelError`` naming the version.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from livectl.compose.melody import MelodyModel
from livectl.errors import ModelError

__all__ = ["MAX_MODEL_BYTES", "load_model", "model_from_bytes", "model_to_bytes", "save_model"]

#: The most a model file may hold, packed or unpacked (Essen's default model: about 3 MB).
MAX_MODEL_BYTES = 512 * 1024 * 1024
_MAX_ENTRIES = 256
_ZIP_MAGIC = b"PK\x03\x04"


def _compact(arr: np.ndarray) -> np.ndarray:
    """The same values in the smallest int type that holds them all."""
    if arr.size == 0:
        return arr.astype(np.int8)
    lo, hi = int(arr.min()), int(arr.max())
    for dtype in (np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32):
        info = np.iinfo(dtype)
        if info.min <= lo and hi <= info.max:
            return arr.astype(dtype)
    return arr.astype(np.int64)


def model_to_bytes(model: MelodyModel) -> bytes:
    """The binary form of ``model`` (see the module docstring)."""
    meta, arrays = model.to_arrays()
    payload: dict[str, Any] = {k: _compact(v) for k, v in arrays.items()}
    payload["meta"] = np.frombuffer(json.dumps(meta, sort_keys=True).encode(), dtype=np.uint8)
    buf = io.BytesIO()
    np.savez_compressed(buf, **payload)
    return buf.getvalue()


def model_from_bytes(data: bytes) -> MelodyModel:
    """Read the binary form; ``ModelError`` says what is wrong with it."""
    if len(data) > MAX_MODEL_BYTES:
        raise ModelError(f"model file is {len(data)} bytes; the limit is {MAX_MODEL_BYTES}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > _MAX_ENTRIES:
                raise ModelError(f"model file has {len(infos)} entries; the limit is "
                                 f"{_MAX_ENTRIES}")
            unpacked = sum(i.file_size for i in infos)
            if unpacked > MAX_MODEL_BYTES:
                raise ModelError(f"model file unpacks to {unpacked} bytes; the limit is "
                                 f"{MAX_MODEL_BYTES}")
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
    except ModelError:
        raise
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise ModelError(f"model file is not a readable livectl model archive: {exc}") from exc
    meta_bytes = arrays.pop("meta", None)
    if meta_bytes is None or meta_bytes.dtype != np.uint8:
        raise ModelError("model file has no settings entry ('meta'); was it written by "
                         "livectl's save_model?")
    try:
        meta = json.loads(meta_bytes.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ModelError(f"model file settings are not valid JSON: {exc}") from exc
    return MelodyModel.from_arrays(meta, arrays)


def save_model(model: MelodyModel, path: str | Path) -> Path:
    """Write the model (atomically: a temporary file, then a rename).

    A name ending in ``.json`` gets JSON text (portable, slow to load); any other name the
    compact binary file (``.npz`` is a good suffix).
    """
    out = Path(path)
    tmp = out.with_name(out.name + ".tmp")
    if out.suffix.lower() == ".json":
        tmp.write_text(model.to_json(), encoding="utf-8")
    else:
        tmp.write_bytes(model_to_bytes(model))
    tmp.replace(out)
    return out


def load_model(path: str | Path) -> MelodyModel:
    """Read a model saved by ``save_model`` (either kind); ``ModelError`` names what is wrong."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_MODEL_BYTES:
            raise ModelError(f"model file {p} is {size} bytes; the limit is {MAX_MODEL_BYTES}")
        data = p.read_bytes()
    except OSError as exc:
        raise ModelError(f"cannot read model file {p}: {exc.strerror or exc}") from exc
    if data.startswith(_ZIP_MAGIC):
        return model_from_bytes(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ModelError(f"model file {p} is neither a livectl model archive nor JSON text"
                         ) from exc
    return MelodyModel.from_json(text)
