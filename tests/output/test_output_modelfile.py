from __future__ import annotations

import json
from pathlib import Path

import pytest

from livectl.compose import MelodyModel, Tune
from livectl.errors import ModelError
from livectl.output.modelfile import load_model, save_model


def test_save_then_load_gives_the_same_model_and_samples(tmp_path: Path,
                                                         essen_tunes: list[Tune]) -> None:
    model = MelodyModel(seed=4).fit(essen_tunes)
    path = save_model(model, tmp_path / "model.json")
    back = load_model(path)
    assert back == model
    assert back.n_tunes == 12 and back.pitch_range == model.pitch_range
    a = model.generate(8, key="E:minor", low=52, high=76, seed=9)
    assert back.generate(8, key="E:minor", low=52, high=76, seed=9) == a
    # the model's own generator is restored from its seed as well
    assert load_model(path).generate(2) == load_model(path).generate(2)
    assert not list(tmp_path.glob("*.tmp"))


def test_bad_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot read model file"):
        load_model(tmp_path / "missing.json")
    wrong = tmp_path / "wrong.json"
    data = MelodyModel(1, 1).fit([[60, 62]]).to_dict()
    data["version"] = 0
    wrong.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelError, match="version 0 is not supported"):
        load_model(wrong)


def test_binary_file_round_trip_is_exact(tmp_path: Path,
                                                     essen_tunes: list[Tune]) -> None:
    model = MelodyModel(seed=4).fit(essen_tunes)
    binary = save_model(model, tmp_path / "model.npz")
    text = save_model(model, tmp_path / "model.json")
    assert binary.read_bytes()[:4] == b"PK\x03\x04" and text.read_text()[0] == "{"
    for path in (binary, text):
        back = load_model(path)
        assert back == model and back.pitch_range == model.pitch_range
        assert back.generate(8, key="D:dorian", seed=3) == model.generate(8, key="D:dorian",
                                                                          seed=3)
    odd_name = tmp_path / "model.bin"
    odd_name.write_bytes(binary.read_bytes())
    assert load_model(odd_name) == model


def test_version_1_json_files_load(tmp_path: Path) -> None:
    model = MelodyModel(2, 2).fit([[60, 62, 64, 65, 67]])
    data = model.to_dict()
    data["version"] = 1
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    assert load_model(old) == model


def test_damaged_binary_files_are_named(tmp_path: Path) -> None:
    import io
    import zipfile

    import numpy as np

    from livectl.output.modelfile import model_from_bytes, model_to_bytes

    model = MelodyModel(2, 2).fit([[60, 62, 64, 65, 67]])
    good = model_to_bytes(model)
    with pytest.raises(ModelError, match="not a readable livectl model archive"):
        model_from_bytes(good[: len(good) // 2])
    with pytest.raises(ModelError, match="neither a livectl model archive nor JSON"):
        bad = tmp_path / "bad.npz"
        bad.write_bytes(b"\xff\xfe" + good)
        load_model(bad)

    def archive(**arrays: np.ndarray) -> bytes:
        buf = io.BytesIO()
        np.savez(buf, **arrays)
        return buf.getvalue()

    meta, arrays = model.to_arrays()
    with pytest.raises(ModelError, match="no settings entry"):
        model_from_bytes(archive(**{k.replace("/", "_"): v for k, v in arrays.items()}))
    future = np.frombuffer(json.dumps({**meta, "version": 3}).encode(), dtype=np.uint8)
    with pytest.raises(ModelError, match="version 3 is not supported"):
        model_from_bytes(archive(meta=future, **arrays))
    short = {k: v for k, v in arrays.items() if not k.startswith("duration/1.")}
    with pytest.raises(ModelError, match="do not match the arrays"):
        model_from_bytes(archive(meta=np.frombuffer(json.dumps(meta).encode(), np.uint8),
                                 **short))
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as z:
        for i in range(300):
            z.writestr(f"a{i}.npy", b"")
    with pytest.raises(ModelError, match="300 entries; the limit is 256"):
        model_from_bytes(many.getvalue())
