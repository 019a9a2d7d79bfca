"""The public surface: lazy top-level names, version, console script."""

from __future__ import annotations

import subprocess
import sys

import pytest

import livectl


def test_public_names_resolve():
    from livectl.client import connect
    from livectl.emulator import Emulator
    from livectl.model import Note

    assert livectl.connect is connect
    assert livectl.Emulator is Emulator
    assert livectl.Note is Note
    assert sorted(livectl.__all__) == livectl.__all__
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        livectl.nope  # noqa: B018


def test_compose_names_resolve_on_first_use():
    import importlib

    import livectl.compose as compose

    assert len(set(compose.__all__)) == len(compose.__all__)
    for name in compose.__all__:
        assert getattr(compose, name) is not None and name in dir(compose)
    assert compose.MelodyModel is importlib.import_module("livectl.compose.melody").MelodyModel
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        compose.nope  # noqa: B018


def test_building_the_command_line_loads_no_model_or_file_library():
    """`livectl --help` and every command start without numpy, the corpus or MIDI-file
    libraries: the commands that need them import them."""
    code = ("import sys; from livectl.cli import build_parser; build_parser(); "
            "print(sorted(m for m in ('numpy', 'music21', 'mido', 'symusic', 'matplotlib') "
            "if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_python_dash_m_and_help_list_every_command():
    proc = subprocess.run([sys.executable, "-m", "livectl", "--help"], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0
    for command in ("demo", "emulator", "query", "watch", "console", "doctor", "midi", "generate"):
        assert command in proc.stdout
    version = subprocess.run([sys.executable, "-m", "livectl", "--version"], capture_output=True,
                             text=True, timeout=60)
    assert version.stdout.strip() == f"livectl {livectl.__version__}"


@pytest.mark.parametrize("command", ["demo", "emulator", "query", "watch", "console", "doctor",
                                     "midi", "generate"])
def test_every_command_has_help_with_examples(command):
    proc = subprocess.run([sys.executable, "-m", "livectl", command, "--help"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "example" in proc.stdout.lower()


def test_no_command_prints_help_and_exits_2():
    proc = subprocess.run([sys.executable, "-m", "livectl"], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 2
    assert "COMMAND" in proc.stdout


def test_every_example_is_run_by_a_test():
    """examples/ holds runnable scripts; each must be exercised by the suite."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    test_text = "\n".join(p.read_text(encoding="utf-8") for p in (root / "tests").rglob("test_*.py"))
    examples = sorted(p.name for p in (root / "examples").glob("*.py"))
    assert examples, "examples/ is empty"
    missing = [name for name in examples if name not in test_text]
    assert not missing, f"examples not run by any test: {missing}"
