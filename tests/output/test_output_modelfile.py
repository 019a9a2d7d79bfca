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
