"""``livectl script``: install livectl's own remote script into Live, and find it.

    livectl script install                  # into the User Library's Remote Scripts folder
    livectl script install --to DIR         # into DIR/livectl (any other folder)
    livectl script install --dry-run        # say what would happen, write nothing
    livectl script path                     # where livectl's script is (the folder to copy)
    livectl script uninstall                # remove an installed copy

Live looks for third-party scripts in the User Library's *Remote Scripts* folder (Live 10.1.13
and later): ``~/Music/Ableton/User Library/Remote Scripts`` on macOS and
``%USERPROFILE%\\Documents\\Ableton\\User Library\\Remote Scripts`` on Windows, unless the
User Library was moved (Live's Preferences > Library shows where it is; then pass --to). The
folder name is the name Live lists among the Control Surfaces: ``livectl``. Live also loads
the scripts bundled inside its application, but an update replaces that folder, so livectl
never installs there. Live has no Linux version: there, --to names the folder.

Install copies only the script's Python files (no caches, no tests). It refuses to replace a
folder of the same name that is a symbolic link or not livectl's script, and a livectl script
of another version or with other contents unless --force; an identical copy is left alone.
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import livectl.script
from livectl.cli._common import print_json
from livectl.errors import ValidationError

__all__ = [
    "FOLDER_NAME",
    "Plan",
    "default_remote_scripts",
    "install",
    "next_steps",
    "plan_install",
    "plan_uninstall",
    "register",
    "script_files",
    "script_identity",
    "script_source",
    "uninstall",
]

FOLDER_NAME = livectl.script.SCRIPT_NAME  # the name Live lists among Control Surfaces
VERSION = livectl.script.VERSION
_SKIP_DIRS = frozenset({"__pycache__", "tests", "test"})
_MAX_INIT_BYTES = 1 << 20  # an __init__.py bigger than this is not livectl's

EXAMPLES = """\
examples:
  livectl script install                       # macOS / Windows: the User Library's Remote Scripts
  livectl script install --to ~/RemoteScripts  # writes ~/RemoteScripts/livectl
  livectl script install --dry-run --json      # what would be written, as JSON
  livectl script install --force               # replace another version of livectl's script
  livectl script path                          # the script folder inside this livectl
  livectl script uninstall --to ~/RemoteScripts
  livectl emulator --remote-script ~/RemoteScripts/livectl   # run the installed copy
"""


# ---------------------------------------------------------------------------- finding things


def script_source() -> Path:
    """The folder of livectl's script inside this livectl (what install copies)."""
    return Path(livectl.script.__file__).resolve().parent


def script_files(root: Path) -> list[str]:
    """The script's files under ``root``, as sorted POSIX paths relative to it.

    Python files only, outside ``__pycache__``, test and hidden folders; symbolic links are
    neither followed nor listed.
    """
    found: list[str] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        base = Path(folder)
        dirs[:] = [d for d in dirs if d not in _SKIP_DIRS and not d.startswith(".")
                   and not (base / d).is_symlink()]
        for name in files:
            path = base / name
            if name.endswith(".py") and not name.startswith(".") and not path.is_symlink():
                found.append(path.relative_to(root).as_posix())
    return sorted(found)


def default_remote_scripts(platform: str = sys.platform,
                           env: Mapping[str, str] | None = None,
                           home: Path | None = None) -> Path:
    """The default User Library's *Remote Scripts* folder on macOS and Windows.

    Raises :class:`ValidationError` elsewhere (Live has no Linux version) and when the User
    Library is not where Live puts it by default (moved in Preferences > Library, or Live never
    started). The *Remote Scripts* folder itself may be missing: install creates it.
    """
    env = os.environ if env is None else env
    if platform == "darwin":
        library = (home or Path.home()) / "Music" / "Ableton" / "User Library"
    elif platform == "win32":
        profile = env.get("USERPROFILE")
        base = Path(profile) if profile else (home or Path.home())
        library = base / "Documents" / "Ableton" / "User Library"
    else:
        raise ValidationError(
            f"Live runs on macOS and Windows only, so there is no default Remote Scripts folder "
            f"on {platform}: pass --to DIR (livectl's script goes to DIR/{FOLDER_NAME})"
        )
    if not library.is_dir():
        raise ValidationError(
            f"no Ableton User Library at {library} (Live has not run yet, or the library was "
            "moved: Live's Preferences > Library shows where it is); pass --to "
            "'<User Library>/Remote Scripts'"
        )
    return library / "Remote Scripts"


def script_identity(folder: Path) -> tuple[str, str] | None:
    """``(SCRIPT_NAME, VERSION)`` as ``folder/__init__.py`` assigns them, read without running
    it; None if it is not a livectl-style script (no such file, a link, or no such names)."""
    init = folder / "__init__.py"
    try:
        info = init.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_INIT_BYTES:
            return None
        tree = ast.parse(init.read_bytes())
    except (OSError, SyntaxError, ValueError):
        return None
    names: dict[str, str] = {}
    for node in tree.body:
        target: ast.expr | None = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        elif isinstance(node, ast.AnnAssign):
            target = node.target
        value = getattr(node, "value", None)
        if (isinstance(target, ast.Name) and isinstance(value, ast.Constant)
                and isinstance(value.value, str)):
            names[target.id] = value.value
    if names.get("SCRIPT_NAME") != FOLDER_NAME or "VERSION" not in names:
        return None
    return names["SCRIPT_NAME"], names["VERSION"]


# ---------------------------------------------------------------------------- plans


@dataclass(frozen=True)
class Plan:
    """What install or uninstall does: ``action`` on ``target`` (nothing written yet).

    ``action`` is ``install`` (nothing there), ``replace`` (another livectl script there,
    --force given), ``unchanged`` (an identical copy there), ``uninstall`` or ``absent``.
    """

    action: str
    target: Path
    version: str = VERSION
    previous_version: str | None = None
    files: tuple[str, ...] = field(default=())
    source: Path | None = None


def _target_folder(to: Path | None, platform: str, home: Path | None) -> Path:
    """The Remote Scripts folder: ``to``, which must exist, or the default one (which
    install creates inside the User Library if it is missing, as Ableton's instructions say)."""
    if to is None:
        return default_remote_scripts(platform, home=home)
    to = to.expanduser()
    if not to.exists():
        raise ValidationError(f"--to {to}: no such folder (create it first, or check the path)")
    if not to.is_dir():
        raise ValidationError(f"--to {to}: not a folder")
    return to


def _check_not_link(target: Path) -> None:
    if target.is_symlink():
        raise ValidationError(
            f"{target} is a symbolic link (to {os.readlink(target)}): livectl never writes "
            "through a link; remove the link yourself, or pass another --to"
        )
    if target.exists() and not target.is_dir():
        raise ValidationError(f"{target} exists and is not a folder; move it away first")


def _differences(source: Path, files: list[str], target: Path) -> list[str]:
    """Files that differ between the source and an installed copy (caches ignored; a link
    anywhere in the copy counts as a difference and is never followed)."""
    installed: list[str] = []
    for folder, dirs, names in os.walk(target, followlinks=False):
        base = Path(folder)
        links = [d for d in dirs if (base / d).is_symlink()]
        dirs[:] = [d for d in dirs if d != "__pycache__" and d not in links]
        for name in [*names, *links]:
            path = base / name
            if not name.endswith((".pyc", ".pyo")) or path.is_symlink():
                installed.append(path.relative_to(target).as_posix())
    different = set(installed) ^ set(files)
    for rel in set(installed) & set(files):
        path = target / rel
        if path.is_symlink() or (source / rel).read_bytes() != path.read_bytes():
            different.add(rel)
    return sorted(different)


def plan_install(to: Path | None, *, force: bool = False, source: Path | None = None,
                 platform: str = sys.platform, home: Path | None = None) -> Plan:
    """Decide what ``install`` does, or raise :class:`ValidationError` saying why it will not.

    ``to`` None means the default folder of ``platform`` under ``home`` (see
    :func:`default_remote_scripts`)."""
    source = script_source() if source is None else source
    identity = script_identity(source)
    if identity is None:
        raise ValidationError(f"{source} is not livectl's script (its __init__.py sets no "
                              f"SCRIPT_NAME = {FOLDER_NAME!r} and VERSION)")
    version = identity[1]
    files = script_files(source)
    folder = _target_folder(to, platform, home)
    target = folder / FOLDER_NAME
    _check_not_link(target)
    if not target.exists():
        return Plan("install", target, version, None, tuple(files), source)
    found = script_identity(target)
    if found is None:
        raise ValidationError(
            f"{target} exists and is not livectl's script (its __init__.py does not set "
            f"SCRIPT_NAME = {FOLDER_NAME!r}); livectl will not replace it: move it away, or pass "
            "another --to"
        )
    previous = found[1]
    different = _differences(source, files, target)
    if previous == version and not different:
        return Plan("unchanged", target, version, previous, tuple(files), source)
    if not force:
        if previous != version:
            why = f"holds livectl's script {previous} and this livectl has {version}"
        else:
            shown = ", ".join(different[:3]) + (", ..." if len(different) > 3 else "")
            why = (f"holds livectl's script {version} with {len(different)} file"
                   f"{'s' if len(different) != 1 else ''} different from this livectl's "
                   f"({shown})")
        raise ValidationError(f"{target} {why}; --force replaces it")
    return Plan("replace", target, version, previous, tuple(files), source)


def plan_uninstall(to: Path | None, *, platform: str = sys.platform,
                   home: Path | None = None) -> Plan:
    if to is None:
        folder = default_remote_scripts(platform, home=home)
    else:
        folder = to.expanduser()
        if not folder.is_dir():
            raise ValidationError(f"--to {folder}: no such folder")
    target = folder / FOLDER_NAME
    _check_not_link(target)
    if not target.exists():
        return Plan("absent", target)
    found = script_identity(target)
    if found is None:
        raise ValidationError(f"{target} is not livectl's script (its __init__.py does not set "
                              f"SCRIPT_NAME = {FOLDER_NAME!r}); livectl will not remove it")
    return Plan("uninstall", target, found[1])


# ---------------------------------------------------------------------------- doing it


def install(plan: Plan) -> None:
    """Carry out an ``install`` or ``replace`` plan.

    The copy is built in a hidden folder beside the target and renamed into place, so Live
    never sees half a script; a replaced copy is removed only once the new one is in place
    (``shutil.rmtree`` removes links inside it without following them).
    """
    if plan.action not in ("install", "replace") or plan.source is None:
        return
    folder = plan.target.parent
    folder.mkdir(parents=False, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{FOLDER_NAME}-install-", dir=folder))
    try:
        for rel in plan.files:
            dest = staging / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(plan.source / rel, dest)
        if plan.action == "replace":
            old = Path(tempfile.mkdtemp(prefix=f".{FOLDER_NAME}-old-", dir=folder))
            old.rmdir()
            os.rename(plan.target, old)
            try:
                os.rename(staging, plan.target)
            except OSError:
                os.rename(old, plan.target)
                raise
            shutil.rmtree(old)
        else:
            os.rename(staging, plan.target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def uninstall(plan: Plan) -> None:
    if plan.action == "uninstall":
        shutil.rmtree(plan.target)


def next_steps(version: str = VERSION) -> list[str]:
    """What to do in Live after installing (printed by install)."""
    return [
        "Restart Live: it lists the scripts in Remote Scripts when it starts. (To reload a "
        "changed copy of a script already chosen, set its Control Surface to None and back.)",
        f"In Preferences > Link, Tempo & MIDI, choose \"{FOLDER_NAME}\" as a Control Surface "
        f"(Input and Output can stay None). Live's status bar then says \"{FOLDER_NAME} "
        f"{version}: Listening for OSC on port 11000\".",
        "if AbletonOSC is chosen as a Control Surface too, set it to None: both listen on UDP "
        "port 11000, and whichever loads second cannot bind it.",
    ]


# ---------------------------------------------------------------------------- command line


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "script",
        help="install livectl's own remote script into Live (or say where it is)",
        description=__doc__,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="script_command", metavar="ACTION")
    inst = actions.add_parser("install", help="copy the script into Live's Remote Scripts folder")
    _add_to(inst)
    inst.add_argument("--force", action="store_true",
                      help="replace another version (or a changed copy) of livectl's script")
    inst.add_argument("--dry-run", action="store_true", help="say what would happen, write nothing")
    inst.add_argument("--json", action="store_true", help="machine-readable JSON output")
    inst.set_defaults(func=_run_install)
    path = actions.add_parser("path", help="print the folder of livectl's script")
    path.add_argument("--json", action="store_true", help="machine-readable JSON output")
    path.set_defaults(func=_run_path)
    uninst = actions.add_parser("uninstall", help="remove an installed copy of livectl's script")
    _add_to(uninst)
    uninst.add_argument("--dry-run", action="store_true",
                        help="say what would happen, write nothing")
    uninst.add_argument("--json", action="store_true", help="machine-readable JSON output")
    uninst.set_defaults(func=_run_uninstall)
    parser.set_defaults(func=lambda args: _usage(parser))


def _add_to(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--to", type=Path, metavar="DIR",
        help=f"the Remote Scripts folder (the script goes to DIR/{FOLDER_NAME}); default: the "
        "User Library's on macOS and Windows",
    )


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _run_path(args: argparse.Namespace) -> int:
    source = script_source()
    if args.json:
        try:
            default: str | None = str(default_remote_scripts() / FOLDER_NAME)
        except ValidationError:
            default = None
        print_json({"path": str(source), "name": FOLDER_NAME, "version": VERSION,
                    "files": len(script_files(source)), "default_target": default})
    else:
        print(source)
    return 0


# A plan's action as reported once done; a dry run reports "would-<action>" for those that
# write (unchanged and absent write nothing either way).
_DONE = {"install": "installed", "replace": "replaced", "uninstall": "uninstalled"}


def _reported(plan: Plan, dry_run: bool) -> str:
    if plan.action not in _DONE:
        return plan.action
    return f"would-{plan.action}" if dry_run else _DONE[plan.action]


def _run_install(args: argparse.Namespace) -> int:
    plan = plan_install(args.to, force=args.force)
    if not args.dry_run:
        try:
            install(plan)
        except OSError as exc:  # permissions, a full disk: one line, like every refusal
            raise ValidationError(f"cannot install into {plan.target}: {exc}") from exc
    action = _reported(plan, args.dry_run)
    steps = next_steps(plan.version)
    if args.json:
        print_json({"action": action, "target": str(plan.target), "name": FOLDER_NAME,
                    "version": plan.version, "previous_version": plan.previous_version,
                    "files": list(plan.files), "dry_run": bool(args.dry_run),
                    "next_steps": steps})
        return 0
    count = f"{len(plan.files)} files"
    if plan.action == "unchanged":
        print(f"livectl's script {plan.version} is already installed in {plan.target} "
              "(identical): nothing to do.")
    elif args.dry_run:
        verb = (f"would replace livectl's script {plan.previous_version} with {plan.version}"
                if plan.action == "replace" else f"would install livectl's script {plan.version}")
        print(f"Dry run: {verb} ({count}) in {plan.target}; nothing written.")
        return 0
    elif plan.action == "replace":
        print(f"Replaced livectl's script {plan.previous_version} with {plan.version} ({count}) "
              f"in {plan.target}")
    else:
        print(f"Installed livectl's script {plan.version} ({count}) in {plan.target}")
    print("Next, in Live:")
    print(f"  1. {steps[0]}")
    print(f"  2. {steps[1]}")
    print(f"  Note: {steps[2]}")
    print("Then 'livectl doctor' says which script answers on port 11000.")
    return 0


def _run_uninstall(args: argparse.Namespace) -> int:
    plan = plan_uninstall(args.to)
    if not args.dry_run:
        try:
            uninstall(plan)
        except OSError as exc:
            raise ValidationError(f"cannot remove {plan.target}: {exc}") from exc
    action = _reported(plan, args.dry_run)
    if args.json:
        print_json({"action": action, "target": str(plan.target),
                    "version": plan.version if plan.action == "uninstall" else None,
                    "dry_run": bool(args.dry_run)})
    elif plan.action == "absent":
        print(f"livectl's script is not installed in {plan.target.parent}: nothing to do.")
    elif args.dry_run:
        print(f"Dry run: would remove livectl's script {plan.version} from {plan.target}; "
              "nothing written.")
    else:
        print(f"Removed livectl's script {plan.version} from {plan.target}. In Live, set the "
              f"Control Surface that showed \"{FOLDER_NAME}\" to None.")
    return 0
