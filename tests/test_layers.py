"""The layers only look down (see STYLE.md): checked by walking each module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "livectl"

# package (relative to livectl) -> livectl subpackages it must never import
FORBIDDEN = {
    "compose": ["cli", "client", "model", "transport", "protocol", "emulator", "midi", "output"],
    "emulator/lom": ["cli", "client", "model", "transport", "protocol", "emulator.server",
                     "script", "midi", "compose", "output"],
    "protocol": ["cli", "client", "model", "transport", "emulator", "midi", "compose"],
    "transport": ["cli", "client", "model", "emulator", "midi", "compose"],
    "midi": ["cli", "client", "model", "emulator", "protocol", "transport"],
    "client": ["cli", "emulator", "midi", "compose"],
    "model": ["cli", "emulator", "midi", "compose"],
    "emulator": ["cli", "client", "model"],
    "output": ["cli", "emulator"],
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _cases() -> list[tuple[str, Path]]:
    cases = []
    for package in FORBIDDEN:
        for path in sorted((SRC / package).rglob("*.py")):
            cases.append((package, path))
    return cases


@pytest.mark.parametrize(("package", "path"), _cases(), ids=lambda v: str(v))
def test_module_respects_layers(package: str, path: Path) -> None:
    banned = [f"livectl.{name}" for name in FORBIDDEN[package]]
    for name in _imports(path):
        for prefix in banned:
            assert not (name == prefix or name.startswith(prefix + ".")), (
                f"{path.relative_to(SRC)} imports {name}, but {package} must not import {prefix}"
            )


SCRIPT_ALLOWED = {"Live", "_Framework", "ableton"}


@pytest.mark.parametrize("path", sorted((SRC / "script").rglob("*.py")), ids=str)
def test_script_imports_only_stdlib_live_and_itself(path: Path) -> None:
    """livectl's remote script loads inside Live: standard library, Live's modules, itself."""
    import sys

    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            assert top in sys.stdlib_module_names or top in SCRIPT_ALLOWED or top == "__future__", (
                f"{path.relative_to(SRC)} imports {name}: the script may import only the "
                "standard library, Live's modules and itself (relative imports)"
            )


def test_nothing_imports_cli() -> None:
    for path in SRC.rglob("*.py"):
        if "cli" in path.relative_to(SRC).parts or path.name == "__main__.py":
            continue
        for name in _imports(path):
            assert not (name == "livectl.cli" or name.startswith("livectl.cli.")), (
                f"{path} imports {name}"
            )


@pytest.mark.parametrize("module", ["livectl.model", "livectl.output.live", "livectl.client",
                                    "livectl.emulator", "livectl.midi", "livectl.compose"])
def test_each_package_imports_first_in_a_fresh_interpreter(module: str) -> None:
    """No circular import, whatever a user imports first."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
