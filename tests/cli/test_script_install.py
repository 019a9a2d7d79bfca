"""``livectl script install|path|uninstall``: what is copied, what is refused, and that the
emulator runs the installed copy (the very files a user puts into Live) over UDP."""

from __future__ import annotations

import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

import pytest
from pythonosc.osc_message import OscMessage
from pythonosc.osc_message_builder import OscMessageBuilder

import livectl.script
from livectl.cli.script import (
    default_remote_scripts,
    install,
    plan_install,
    plan_uninstall,
    script_identity,
)
from livectl.emulator import Emulator
from livectl.errors import ValidationError

from .conftest import ROOT, run_cli

SOURCE = ROOT / "src" / "livectl" / "script"
VERSION = livectl.script.VERSION


def package_files() -> dict[str, bytes]:
    """The script's files as the repository holds them (an oracle independent of the
    installer's own listing): every file under src/livectl/script but Python's caches."""
    return {
        p.relative_to(SOURCE).as_posix(): p.read_bytes()
        for p in SOURCE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
    }


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def one_error_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("livectl: error: ")
    return lines[0]


def set_version(init: Path, version: str) -> None:
    text = init.read_text(encoding="utf-8")
    changed = re.sub(r'^VERSION = "[^"]*"', f'VERSION = "{version}"', text, count=1, flags=re.M)
    assert changed != text
    init.write_text(changed, encoding="utf-8")


# ---------------------------------------------------------------------------- install


def test_install_copies_exactly_the_script_and_says_the_next_steps(tmp_path: Path) -> None:
    proc = run_cli("script", "install", "--to", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    target = tmp_path / "livectl"
    expected = package_files()
    assert tree(target) == expected
    assert not list(target.rglob("__pycache__"))
    assert list(tmp_path.iterdir()) == [target]  # no staging folder left behind
    lines = proc.stdout.splitlines()
    assert lines[0] == (f"Installed livectl's script {VERSION} ({len(expected)} files) "
                        f"in {target}")
    assert lines[1] == "Next, in Live:"
    assert lines[2].startswith("  1. Restart Live: ")
    assert lines[3] == (
        '  2. In Preferences > Link, Tempo & MIDI, choose "livectl" as a Control Surface '
        "(Input and Output can stay None). Live's status bar then says \"livectl "
        f'{VERSION}: Listening for OSC on port 11000".'
    )
    assert lines[4] == (
        "  Note: if AbletonOSC is chosen as a Control Surface too, set it to None: both listen "
        "on UDP port 11000, and whichever loads second cannot bind it."
    )
    assert lines[5] == "Then 'livectl doctor' says which script answers on port 11000."


def test_only_python_files_are_copied_no_caches_tests_links_or_hidden(tmp_path: Path) -> None:
    source = tmp_path / "src"
    (source / "handlers" / "__pycache__").mkdir(parents=True)
    (source / "tests").mkdir()
    (source / ".git").mkdir()
    (source / "__init__.py").write_text('SCRIPT_NAME = "livectl"\nVERSION = "7.0"\n')
    (source / "handlers" / "song.py").write_text("A = 1\n")
    (source / "handlers" / "__pycache__" / "song.cpython-311.pyc").write_bytes(b"\0")
    (source / "tests" / "test_song.py").write_text("def test(): pass\n")
    (source / ".git" / "x.py").write_text("")
    (source / "notes.txt").write_text("not code")
    (source / "linked.py").symlink_to(source / "handlers" / "song.py")
    (tmp_path / "out").mkdir()
    plan = plan_install(tmp_path / "out", source=source)
    assert plan.files == ("__init__.py", "handlers/song.py")
    install(plan)
    assert tree(tmp_path / "out" / "livectl") == {
        "__init__.py": b'SCRIPT_NAME = "livectl"\nVERSION = "7.0"\n', "handlers/song.py": b"A = 1\n"}


def test_an_identical_copy_is_already_installed_and_left_alone(tmp_path: Path) -> None:
    assert run_cli("script", "install", "--to", str(tmp_path)).returncode == 0
    init = tmp_path / "livectl" / "__init__.py"
    before = init.stat()
    proc = run_cli("script", "install", "--to", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == (
        f"livectl's script {VERSION} is already installed in {tmp_path / 'livectl'} "
        "(identical): nothing to do."
    )
    after = init.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    # Python caches Live wrote into the installed copy do not make it "different".
    (tmp_path / "livectl" / "__pycache__").mkdir()
    (tmp_path / "livectl" / "__pycache__" / "osc.cpython-311.pyc").write_bytes(b"\0")
    data = json.loads(run_cli("script", "install", "--to", str(tmp_path), "--json").stdout)
    assert data["action"] == "unchanged" and data["previous_version"] == VERSION


def test_another_version_is_refused_unless_forced(tmp_path: Path) -> None:
    assert run_cli("script", "install", "--to", str(tmp_path)).returncode == 0
    target = tmp_path / "livectl"
    set_version(target / "__init__.py", "0.0.1")
    (target / "stale.py").write_text("OLD = True\n")
    line = one_error_line(run_cli("script", "install", "--to", str(tmp_path)))
    assert line == (f"livectl: error: {target} holds livectl's script 0.0.1 and this livectl "
                    f"has {VERSION}; --force replaces it")
    assert (target / "stale.py").exists()  # refused: nothing touched
    dry = run_cli("script", "install", "--to", str(tmp_path), "--force", "--dry-run")
    assert dry.stdout == (f"Dry run: would replace livectl's script 0.0.1 with {VERSION} "
                          f"({len(package_files())} files) in {target}; nothing written.\n")
    assert (target / "stale.py").exists()
    proc = run_cli("script", "install", "--to", str(tmp_path), "--force", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert (data["action"], data["previous_version"], data["version"]) == (
        "replaced", "0.0.1", VERSION)
    assert tree(target) == package_files()  # stale.py is gone, every file is the package's
    assert sorted(p.name for p in tmp_path.iterdir()) == ["livectl"]


def test_a_changed_copy_of_this_version_names_the_files(tmp_path: Path) -> None:
    assert run_cli("script", "install", "--to", str(tmp_path)).returncode == 0
    target = tmp_path / "livectl"
    (target / "osc.py").write_text("# edited\n")
    (target / "server.py").unlink()
    line = one_error_line(run_cli("script", "install", "--to", str(tmp_path)))
    assert line == (f"livectl: error: {target} holds livectl's script {VERSION} with 2 files "
                    "different from this livectl's (osc.py, server.py); --force replaces it")
    assert run_cli("script", "install", "--to", str(tmp_path), "--force").returncode == 0
    assert tree(target) == package_files()


def test_a_folder_that_is_not_livectls_script_is_never_replaced(tmp_path: Path) -> None:
    target = tmp_path / "livectl"
    target.mkdir()
    (target / "__init__.py").write_text('SCRIPT_NAME = "somebody_else"\nVERSION = "9"\n')
    (target / "mine.py").write_text("KEEP = 1\n")
    before = tree(target)
    for extra in ((), ("--force",)):
        line = one_error_line(run_cli("script", "install", "--to", str(tmp_path), *extra))
        assert line == (
            f"livectl: error: {target} exists and is not livectl's script (its __init__.py does "
            "not set SCRIPT_NAME = 'livectl'); livectl will not replace it: move it away, or "
            "pass another --to"
        )
    assert tree(target) == before


def test_a_link_named_livectl_is_never_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep me")
    scripts = tmp_path / "Remote Scripts"
    scripts.mkdir()
    (scripts / "livectl").symlink_to(outside, target_is_directory=True)
    for extra in ((), ("--force",)):
        line = one_error_line(run_cli("script", "install", "--to", str(scripts), *extra))
        assert line == (f"livectl: error: {scripts / 'livectl'} is a symbolic link (to "
                        f"{outside}): livectl never writes through a link; remove the link "
                        "yourself, or pass another --to")
    assert "is a symbolic link" in one_error_line(
        run_cli("script", "uninstall", "--to", str(scripts)))
    assert tree(outside) == {"precious.txt": b"keep me"}


def test_force_removes_links_inside_an_old_copy_without_following_them(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "song.py").write_text("precious = True\n")
    scripts = tmp_path / "Remote Scripts"
    scripts.mkdir()
    assert run_cli("script", "install", "--to", str(scripts)).returncode == 0
    target = scripts / "livectl"
    set_version(target / "__init__.py", "0.0.1")
    handlers = target / "handlers"
    for p in sorted(handlers.rglob("*"), reverse=True):
        p.unlink() if p.is_file() else p.rmdir()
    handlers.rmdir()
    handlers.symlink_to(outside, target_is_directory=True)  # the old copy's folder is a link
    assert run_cli("script", "install", "--to", str(scripts), "--force").returncode == 0
    assert tree(outside) == {"song.py": b"precious = True\n"}
    assert not handlers.is_symlink() and tree(target) == package_files()


def test_dry_run_writes_nothing_and_lists_the_files(tmp_path: Path) -> None:
    proc = run_cli("script", "install", "--to", str(tmp_path), "--dry-run", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["action"] == "would-install" and data["dry_run"] is True
    assert data["target"] == str(tmp_path / "livectl")
    assert data["files"] == sorted(package_files())
    assert len(data["next_steps"]) == 3
    assert list(tmp_path.iterdir()) == []
    text = run_cli("script", "install", "--to", str(tmp_path), "--dry-run").stdout
    assert text == (f"Dry run: would install livectl's script {VERSION} ({len(data['files'])} "
                    f"files) in {tmp_path / 'livectl'}; nothing written.\n")


def test_bad_destinations_are_one_line_errors(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    assert one_error_line(run_cli("script", "install", "--to", str(missing))) == (
        f"livectl: error: --to {missing}: no such folder (create it first, or check the path)")
    a_file = tmp_path / "file"
    a_file.write_text("x")
    assert one_error_line(run_cli("script", "install", "--to", str(a_file))) == (
        f"livectl: error: --to {a_file}: not a folder")
    scripts = tmp_path / "scripts"
    scripts.mkdir()
    (scripts / "livectl").write_text("a file, not a folder")
    assert one_error_line(run_cli("script", "install", "--to", str(scripts))) == (
        f"livectl: error: {scripts / 'livectl'} exists and is not a folder; move it away first")


def test_an_unwritable_folder_is_a_one_line_error(tmp_path: Path) -> None:
    # root writes into a read-only folder, but not into sysfs.
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    folder = Path("/sys") if as_root else tmp_path
    if not as_root:
        tmp_path.chmod(0o500)
    try:
        line = one_error_line(run_cli("script", "install", "--to", str(folder)))
    finally:
        tmp_path.chmod(0o700)
    assert line.startswith(f"livectl: error: cannot install into {folder / 'livectl'}: ")
    assert not (folder / "livectl").exists()


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="the Linux message only")
def test_without_to_on_linux_says_live_does_not_run_here() -> None:
    line = one_error_line(run_cli("script", "install"))
    assert line == (
        "livectl: error: Live runs on macOS and Windows only, so there is no default Remote "
        f"Scripts folder on {sys.platform}: pass --to DIR (livectl's script goes to DIR/livectl)"
    )


# ---------------------------------------------------------------------------- default folders


def test_default_folders_on_macos_and_windows(tmp_path: Path) -> None:
    mac_library = tmp_path / "mac" / "Music" / "Ableton" / "User Library"
    with pytest.raises(ValidationError, match=r"no Ableton User Library at .*Preferences > Library"):
        default_remote_scripts("darwin", home=tmp_path / "mac")
    mac_library.mkdir(parents=True)
    assert default_remote_scripts("darwin", home=tmp_path / "mac") == mac_library / "Remote Scripts"

    profile = tmp_path / "win"
    win_library = profile / "Documents" / "Ableton" / "User Library"
    win_library.mkdir(parents=True)
    found = default_remote_scripts("win32", env={"USERPROFILE": str(profile)},
                                   home=tmp_path / "elsewhere")
    assert found == win_library / "Remote Scripts"
    with pytest.raises(ValidationError, match="Live runs on macOS and Windows only"):
        default_remote_scripts("linux", home=tmp_path)


def test_install_into_the_default_folder_creates_remote_scripts(tmp_path: Path) -> None:
    library = tmp_path / "Music" / "Ableton" / "User Library"
    library.mkdir(parents=True)
    plan = plan_install(None, platform="darwin", home=tmp_path)
    assert (plan.action, plan.target) == ("install", library / "Remote Scripts" / "livectl")
    install(plan)
    assert tree(plan.target) == package_files()
    assert plan_install(None, platform="darwin", home=tmp_path).action == "unchanged"
    assert plan_uninstall(None, platform="darwin", home=tmp_path).action == "uninstall"


def test_script_identity_reads_without_running(tmp_path: Path) -> None:
    (tmp_path / "__init__.py").write_text(
        'raise SystemExit("never run")\nSCRIPT_NAME = "livectl"\nVERSION: str = "1.2.3"\n')
    assert script_identity(tmp_path) == ("livectl", "1.2.3")
    assert script_identity(SOURCE) == ("livectl", VERSION)
    assert script_identity(tmp_path / "absent") is None


# ---------------------------------------------------------------------------- path, uninstall


def test_path_prints_the_script_folder() -> None:
    proc = run_cli("script", "path")
    assert proc.returncode == 0 and Path(proc.stdout.strip()) == SOURCE.resolve()
    data = json.loads(run_cli("script", "path", "--json").stdout)
    assert (data["name"], data["version"], data["files"]) == (
        "livectl", VERSION, len(package_files()))


def test_uninstall_removes_only_livectls_script(tmp_path: Path) -> None:
    assert run_cli("script", "uninstall", "--to", str(tmp_path)).stdout == (
        f"livectl's script is not installed in {tmp_path}: nothing to do.\n")
    assert run_cli("script", "install", "--to", str(tmp_path)).returncode == 0
    dry = json.loads(run_cli("script", "uninstall", "--to", str(tmp_path), "--dry-run",
                             "--json").stdout)
    assert dry["action"] == "would-uninstall" and (tmp_path / "livectl").is_dir()
    proc = run_cli("script", "uninstall", "--to", str(tmp_path))
    assert proc.returncode == 0 and proc.stdout.startswith(
        f"Removed livectl's script {VERSION} from {tmp_path / 'livectl'}.")
    assert list(tmp_path.iterdir()) == []
    other = tmp_path / "livectl"
    other.mkdir()
    (other / "__init__.py").write_text("x = 1\n")
    assert "livectl will not remove it" in one_error_line(
        run_cli("script", "uninstall", "--to", str(tmp_path)))
    assert (other / "__init__.py").exists()


# ---------------------------------------------------------------------------- the emulator


def _lines(stream: IO[str]) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _query(port: int, reply: socket.socket, address: str) -> OscMessage:
    """python-osc as the peer: send ``address`` to the script, read its reply (skipping
    what else comes to the reply port, such as the /live/startup sent when the script loads)."""
    data = OscMessageBuilder(address).build().dgram
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as out:
        out.sendto(data, ("127.0.0.1", port))
    while True:
        message = OscMessage(reply.recvfrom(65536)[0])
        if message.address == address:
            return message


def test_emulator_cli_runs_the_installed_copy(tmp_path: Path) -> None:
    assert run_cli("script", "install", "--to", str(tmp_path)).returncode == 0
    installed = tmp_path / "livectl"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as reply:
        reply.bind(("127.0.0.1", 0))
        reply.settimeout(10.0)
        reply_port = reply.getsockname()[1]
        proc = subprocess.Popen(
            [sys.executable, "-m", "livectl", "emulator", "--remote-script", str(installed),
             "--port", "0", "--reply-port", str(reply_port), "--tick-ms", "0", "--json"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
            env={**os.environ, "NO_COLOR": "1"},
        )
        try:
            assert proc.stdout is not None
            lines = _lines(proc.stdout)
            info = json.loads(lines.get(timeout=30))
            assert info["remote_script"] == str(installed)
            shown = json.loads(lines.get(timeout=10))["show_message"]
            assert shown == f"livectl {VERSION}: Listening for OSC on port {info['port']}"
            tempo = _query(info["port"], reply, "/live/song/get/tempo")
            assert (tempo.address, tempo.params) == ("/live/song/get/tempo", [120.0])
        finally:
            proc.terminate()
            assert proc.wait(timeout=10) == 0


def test_emulator_api_serves_from_the_installed_files(tmp_path: Path) -> None:
    assert run_cli("script", "install", "--to", str(tmp_path)).returncode == 0
    installed = tmp_path / "livectl"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as reply:
        reply.bind(("127.0.0.1", 0))
        reply.settimeout(10.0)
        with Emulator(port=0, reply_port=reply.getsockname()[1], tick_s=0,
                      remote_script=installed) as emu:
            # The surface's code was imported from the installed folder, not the package.
            module = sys.modules[type(emu.script).__module__]
            assert Path(module.__file__ or "").resolve().parent == installed.resolve()
            with emu.engine.lock:
                emu.engine.song.tempo = 97.0
            tempo = _query(emu.port, reply, "/live/song/get/tempo")
            assert tempo.params == [97.0]
