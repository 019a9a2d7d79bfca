"""AbletonMCP (PyPI ``ableton-mcp``) as shipped, for the conformance test.

- :func:`fetch_sdist` downloads the pinned sdist with pip into a cache outside the repository
  (``$LIVECTL_THIRDPARTY_CACHE``, else ``$XDG_CACHE_HOME/livectl/thirdparty``, else
  ``~/.cache/livectl/thirdparty``), checks its SHA-256 and unpacks its ``MCP_Server`` folder.
- :func:`install_remote_script` copies the bundled Live script to ``<dest>/AbletonMCP/__init__.py``,
  the folder name Live loads it under.
- :func:`load_server_side` runs the package's own server code without the MCP framework:
  ``MCP_Server/server.py`` imports ``mcp`` (FastMCP) and telemetry at module level, which a
  conformance run neither needs nor should install, so its source is parsed and only the parts
  that talk to Live are executed, unmodified: the ``AbletonConnection`` class (socket, framing,
  timeouts), ``get_ableton_connection()`` and every ``@mcp.tool()`` function with its MCP and
  telemetry decorators removed. The tools' relative imports (``script_handshake``,
  ``dataset.snapshot``) load the sdist's own modules through a stand-in package.
- :func:`commands_in_source` lists every command type the server side sends (a literal first
  argument of ``send_command``), so the test can prove it sent all of them.

Nothing from the sdist is copied into the repository.
"""

from __future__ import annotations
import __future__

import ast
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import threading
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

VERSION = "1.4.5"
SDIST_SHA256 = "818d29982c9aef9f36c65a85e36ec457539e764e620eafdafcd9bdd79a8b4a36"
SDIST_NAME = f"ableton_mcp-{VERSION}.tar.gz"
SCRIPT_PORT = 9877  # DEFAULT_PORT in the bundled script: fixed, on 127.0.0.1
SCRIPT_VERSION = "1.7.1"  # SCRIPT_VERSION in the bundled script of this release
PACKAGE = "_livectl_ableton_mcp_sdist"  # stand-in package name for MCP_Server's modules


def cache_dir() -> Path:
    explicit = os.environ.get("LIVECTL_THIRDPARTY_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "livectl" / "thirdparty"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch_sdist(cache: Path | None = None) -> Path:
    """The unpacked ``MCP_Server`` folder of the pinned sdist (downloaded once, then cached)."""
    cache = cache or cache_dir()
    root = cache / f"ableton_mcp-{VERSION}" / "MCP_Server"
    marker = root / ".sha256"
    if marker.is_file() and marker.read_text().strip() == SDIST_SHA256:
        return root
    cache.mkdir(parents=True, exist_ok=True)
    sdist = cache / SDIST_NAME
    if not sdist.is_file() or _sha256(sdist) != SDIST_SHA256:
        sdist.unlink(missing_ok=True)
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
               "--disable-pip-version-check", "-q", "-d", str(cache), f"ableton-mcp=={VERSION}"]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
        if done.returncode != 0 or not sdist.is_file():
            raise RuntimeError(
                f"could not download ableton-mcp {VERSION} with pip (exit {done.returncode}): "
                f"{done.stderr.strip()[-2000:]}"
            )
    digest = _sha256(sdist)
    if digest != SDIST_SHA256:
        raise RuntimeError(f"{sdist} has SHA-256 {digest}, expected {SDIST_SHA256} (pinned)")
    _unpack(sdist, root)
    marker.write_text(SDIST_SHA256 + "\n")
    return root


def _unpack(sdist: Path, root: Path) -> None:
    """Unpack only ``<top>/MCP_Server/**`` regular files, refusing paths that leave ``root``."""
    prefix = PurePosixPath(f"ableton_mcp-{VERSION}", "MCP_Server")
    if root.exists():
        shutil.rmtree(root)
    with tarfile.open(sdist, "r:gz") as tar:
        for member in tar.getmembers():
            path = PurePosixPath(member.name)
            if not member.isfile() or ".." in path.parts or not path.is_relative_to(prefix):
                continue
            target = root.joinpath(*path.relative_to(prefix).parts)
            source = tar.extractfile(member)
            assert source is not None
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read())


def install_remote_script(sdist_root: Path, dest: Path) -> Path:
    """Copy the bundled script to ``dest/AbletonMCP/__init__.py``; returns the folder."""
    folder = dest / "AbletonMCP"
    folder.mkdir(parents=True, exist_ok=True)
    bundled = sdist_root / "bundled_ableton_remote_script" / "AbletonMCP_init.py"
    shutil.copyfile(bundled, folder / "__init__.py")
    return folder


# -- the server side ---------------------------------------------------------------------------


@dataclass
class Exchange:
    """One ``send_command`` round trip as the server side saw it."""

    command: str
    params: dict[str, Any]
    result: Any = None
    error: str | None = None


@dataclass
class ServerSide:
    """The sdist's server code, loaded: ``tools['create_clip'](None, 0, 0)`` calls the tool."""

    module: types.ModuleType
    tools: dict[str, Callable[..., str]]
    exchanges: list[Exchange] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def connection(self) -> Any:
        """The server's persistent connection (``get_ableton_connection()``)."""
        return self.module.get_ableton_connection()

    def disconnect(self) -> None:
        conn = self.module._ableton_connection
        if conn is not None:
            conn.disconnect()
            self.module._ableton_connection = None

    def import_module(self, name: str) -> types.ModuleType:
        """A module of the sdist's MCP_Server package, e.g. ``'dataset.snapshot'``."""
        import importlib

        return importlib.import_module(f"{PACKAGE}.{name}")


def _is_tool(node: ast.FunctionDef) -> bool:
    return any(ast.unparse(d) == "mcp.tool()" for d in node.decorator_list)


def _keep_import(node: ast.Import | ast.ImportFrom) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.level == 0 and not (node.module or "").startswith("mcp")
    return not any(alias.name.split(".")[0] == "mcp" for alias in node.names)


def _server_ast(source: str) -> tuple[ast.Module, list[str]]:
    """server.py reduced to what talks to Live: stdlib imports, settings, AbletonConnection,
    get_ableton_connection and the tools (decorators removed). Nothing else is kept."""
    tree = ast.parse(source)
    body: list[ast.stmt] = []
    tools: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            if _keep_import(node):
                body.append(node)
        elif isinstance(node, ast.Assign):
            names = {t.id for t in node.targets if isinstance(t, ast.Name)}
            if names & {"ABLETON_HOST", "ABLETON_PORT", "logger", "_ableton_connection"}:
                body.append(node)
        elif isinstance(node, ast.ClassDef) and node.name == "AbletonConnection":
            body.append(node)
        elif isinstance(node, ast.FunctionDef):
            if node.name == "get_ableton_connection":
                body.append(node)
            elif _is_tool(node):
                node.decorator_list = []
                body.append(node)
                tools.append(node.name)
    return ast.Module(body=body, type_ignores=[]), tools


def _stand_in_package(name: str, folder: Path) -> types.ModuleType:
    """A package whose submodules load from ``folder`` without running its ``__init__``."""
    package = types.ModuleType(name)
    package.__path__ = [str(folder)]
    package.__package__ = name
    return package


@contextmanager
def load_server_side(sdist_root: Path) -> Iterator[ServerSide]:
    """The server code of :func:`_server_ast`, executed as ``<PACKAGE>.server``; every
    ``send_command`` is recorded in ``ServerSide.exchanges``. Its modules leave
    ``sys.modules`` again on exit (and its connection is closed)."""
    source = (sdist_root / "server.py").read_text(encoding="utf-8")
    tree, tool_names = _server_ast(source)
    names = [PACKAGE, f"{PACKAGE}.dataset", f"{PACKAGE}.server"]
    saved = {n: sys.modules.get(n) for n in names}
    sys.modules[PACKAGE] = _stand_in_package(PACKAGE, sdist_root)
    sys.modules[f"{PACKAGE}.dataset"] = _stand_in_package(f"{PACKAGE}.dataset",
                                                          sdist_root / "dataset")
    module = types.ModuleType(f"{PACKAGE}.server")
    module.__file__ = str(sdist_root / "server.py")
    module.__package__ = PACKAGE
    sys.modules[module.__name__] = module
    flags = __future__.annotations.compiler_flag  # the tools annotate with mcp's Context
    exec(compile(tree, module.__file__, "exec", flags=flags, dont_inherit=True),
         module.__dict__)
    side = ServerSide(module=module, tools={n: getattr(module, n) for n in tool_names})

    base = module.AbletonConnection

    class RecordingConnection(base):  # type: ignore[misc, valid-type]
        """The package's connection; each round trip is also written down."""

        def send_command(self, command_type: str, params: Any = None) -> Any:
            exchange = Exchange(command_type, dict(params or {}))
            with side._lock:
                side.exchanges.append(exchange)
            try:
                exchange.result = super().send_command(command_type, params)
            except Exception as exc:
                exchange.error = str(exc)
                raise
            return exchange.result

    module.AbletonConnection = RecordingConnection
    try:
        yield side
    finally:
        side.disconnect()
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]
        for name, previous in saved.items():
            if previous is not None:
                sys.modules[name] = previous


def commands_in_source(sdist_root: Path) -> set[str]:
    """Every command type the server side sends: literal first arguments of
    ``send_command(...)`` / ``*.send_command(...)`` in server.py, the handshake and dataset."""
    files = [sdist_root / "server.py", sdist_root / "script_handshake.py",
             *sorted((sdist_root / "dataset").glob("*.py"))]
    found: set[str] = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if name == "send_command" and isinstance(first, ast.Constant):
                found.add(str(first.value))
    return found
