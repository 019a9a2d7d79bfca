"""Run a Live MIDI Remote Script on the emulated set.

``RemoteScriptHost(engine, path)`` loads a remote-script folder the way Live does: the folder
is imported as a package and its ``create_instance(c_instance)`` builds the control surface.
The modules such scripts import (``Live``, ``_Framework.ControlSurface``,
``ableton.v2.control_surface``, ...) are put on ``sys.modules`` while the host runs. Every
~100 ms the owner calls::

    with engine.lock:
        engine.advance()
        host.tick()

``tick()`` runs the due ``schedule_message`` callbacks and the surface's ``update_display()``,
as Live does, and rebuilds the MIDI map when the script asked for it
(``request_rebuild_midi_map`` -> ``build_midi_map(midi_map_handle)``). ``receive_midi()``
sends MIDI to the script's input port through that map. ``stop()`` calls ``disconnect()`` and
removes the modules again. ``run()`` does the loop itself until a stop event is set.

A script that fails to load gets an ``EmulatorError`` with its real traceback. Scripts often
swallow an ``ImportError`` (AbletonOSC: ``try: from .manager import Manager except ImportError:
pass``) and then fail with a bare ``NameError``; so the host records every name the script
looked for in Live's modules and did not find, and the error names them with where they were
asked for.

Only one host can own Live's module names at a time (Live has one ``Live`` module too).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import logging
import sys
import threading
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from livectl.emulator._framework import CInstance, MidiMaps, TimerQueue, build_modules
from livectl.emulator._script_threads import join_script_threads
from livectl.emulator.lom import TICK_SECONDS, LiveEngine
from livectl.errors import EmulatorError

__all__ = ["RemoteScriptHost"]

log = logging.getLogger(__name__)

# Hosts running now, in start order. Live's module names in sys.modules belong to the newest;
# scripts bind them when they import (module-level ``import Live``), so several hosts, each
# with its own engine, can run at once in one process (tests start many emulators). A script
# that imports Live's modules lazily inside a function sees the newest host's: run such
# scripts one at a time. ``_originals`` is what sys.modules held before the first host.
_owner_lock = threading.RLock()
_hosts: list[RemoteScriptHost] = []
_originals: dict[str, ModuleType | None] = {}
_THREAD_JOIN_S = 5.0  # how long stop() waits for threads the script started

# Top-level names whose modules Live itself provides: a missing submodule or attribute under
# them is a gap in the emulated API, not a bug in the script.
_LIVE_ROOTS = ("Live", "_Framework", "ableton")
_STACK_LIMIT = 12


@dataclass(frozen=True)
class MissingName:
    """A name a script looked for in Live's modules that the emulator does not provide."""

    name: str  # "_Framework.EncoderElement" or "Live.Base.Timer"
    error: str  # the exception the script got: "ModuleNotFoundError: No module named ..."
    stack: tuple[str, ...]  # formatted frames of the script's own files, innermost last

    def describe(self) -> str:
        frames = "".join(self.stack) or "  (no frame of the script's own files)\n"
        return f"{frames}{self.error}"


class _MissingFinder(importlib.abc.MetaPathFinder):
    """Last on ``sys.meta_path``: sees imports under Live's names that nothing could find."""

    def __init__(self, host: RemoteScriptHost) -> None:
        self._host = host

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None,
                  ) -> importlib.machinery.ModuleSpec | None:
        if fullname.split(".", 1)[0] in _LIVE_ROOTS:
            self._host._record_missing(
                fullname, f"ModuleNotFoundError: No module named {fullname!r}"
            )
        return None


class RemoteScriptHost:
    """Loads the remote script in folder ``path`` and runs it on ``engine``."""

    def __init__(self, engine: LiveEngine, path: str | Path, *,
                 options: dict[str, Any] | None = None) -> None:
        self.engine = engine
        self.path = Path(path).resolve()
        # Handed to the script as c_instance.livectl_options (read by livectl's own script
        # only; Live's c_instance has no such attribute, so other scripts never see it).
        self.options: dict[str, Any] = dict(options or {})
        self.log: list[str] = []  # log_message lines (Live's Log.txt)
        self.messages: list[str] = []  # show_message texts (Live's status bar)
        self.midi_maps = MidiMaps()  # handles for build_midi_map; .current is the map in force
        self.missing: list[MissingName] = []  # Live names the script asked for and lacked
        self.instance: Any = None
        self.c_instance: CInstance | None = None
        self._saved: dict[str, ModuleType | None] = {}
        self._package = ""
        self._running = False
        self._finder = _MissingFinder(self)
        self._rebuilds_done = 0
        self.timers = TimerQueue(engine.clock)  # the script's Live.Base.Timer instances

    def __repr__(self) -> str:
        state = "running" if self._running else "stopped"
        return f"<RemoteScriptHost {self.path.name!r} {state}>"

    def __enter__(self) -> RemoteScriptHost:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._running

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> None:
        """Install Live's modules, import the script and call ``create_instance``."""
        if self._running:
            return
        init = self.path / "__init__.py"
        if not init.is_file():
            raise EmulatorError(
                f"{self.path} is not a remote script folder: it has no __init__.py "
                "(a Live MIDI Remote Script is a folder with create_instance() in __init__.py)"
            )
        with _owner_lock:  # one import at a time: Live's names must be this host's meanwhile
            _hosts.append(self)
            try:
                self._install_modules()
                self._load()
            except BaseException:
                self._uninstall()
                raise
        self._running = True

    def _install_modules(self) -> None:
        modules = build_modules(self.engine, self.midi_maps, timers=self.timers)
        for name, module in modules.items():
            if len(_hosts) == 1:  # the first host: remember what was there
                _originals.setdefault(name, sys.modules.get(name))
            self._saved[name] = module
            sys.modules[name] = module
            if "__getattr__" not in vars(module):
                setattr(module, "__getattr__", self._missing_attribute(module))  # noqa: B010
        sys.meta_path.append(self._finder)

    def _missing_attribute(self, module: ModuleType) -> Any:
        """A module ``__getattr__`` (PEP 562) that records the miss before raising."""

        def __getattr__(name: str) -> Any:
            error = f"module {module.__name__!r} has no attribute {name!r}"
            if not name.startswith("__"):  # dunders are the import system probing
                self._record_missing(f"{module.__name__}.{name}", f"AttributeError: {error}")
            raise AttributeError(error)

        return __getattr__

    def _record_missing(self, name: str, error: str) -> None:
        if any(m.name == name for m in self.missing):
            return
        stack = [f for f in traceback.extract_stack() if self._is_script_file(f.filename)]
        formatted = traceback.format_list(stack[-_STACK_LIMIT:])
        self.missing.append(MissingName(name, error, tuple(formatted)))
        log.debug("remote script %s: %s", self.path.name, error)

    def _is_script_file(self, filename: str) -> bool:
        try:
            return Path(filename).resolve().is_relative_to(self.path)
        except (OSError, ValueError):
            return False

    def _load(self) -> None:
        # Live imports the folder by its name; a fresh import each start, as after a restart.
        # A name this process already uses for something else (a folder named "livectl",
        # "json", ...) is imported under a private alias instead: the script's relative
        # imports work the same, and the host never replaces a module it does not own.
        self._package = self.path.name
        taken = sys.modules.get(self._package)
        if ((taken is not None and getattr(taken, "__file__", None) != str(self.path / "__init__.py"))
                or any(h is not self and h._package == self._package for h in _hosts)):
            self._package = f"_livectl_hosted_{self.path.name}_{id(self):x}"
        self._forget_package()
        spec = importlib.util.spec_from_file_location(
            self._package, self.path / "__init__.py", submodule_search_locations=[str(self.path)]
        )
        if spec is None or spec.loader is None:
            raise EmulatorError(f"cannot import the remote script at {self.path}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[self._package] = module
        try:
            spec.loader.exec_module(module)
            create = getattr(module, "create_instance", None)
            if not callable(create):
                raise EmulatorError(
                    f"remote script {self._package!r} has no create_instance(c_instance) in its "
                    "__init__.py; Live calls that function to start the script"
                )
            self.c_instance = CInstance(
                self.engine, on_message=self._on_message, on_log=self._on_log
            )
            self.c_instance.livectl_options = self.options
            with self.engine.lock:
                self.instance = create(self.c_instance)
        except EmulatorError as exc:
            if not self.missing:
                raise
            raise EmulatorError(f"{exc}\n{self._missing_report()}") from exc
        except Exception as exc:
            raise EmulatorError(self._failure_report(exc)) from exc

    def _failure_report(self, exc: BaseException) -> str:
        """The script's own traceback, then the Live names it lacked (often the real cause)."""
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if self._is_script_file(f.filename)]
        text = [
            f"remote script {self._package!r} failed to start: {type(exc).__name__}: {exc}",
            "Traceback (the script's files, most recent call last):",
            "".join(traceback.format_list(frames[-_STACK_LIMIT:])).rstrip("\n")
            or "  (no frame of the script's own files)",
            "".join(traceback.format_exception_only(exc)).rstrip("\n"),
        ]
        if self.missing:
            text.append(self._missing_report())
        else:
            text.append("(the script runs against livectl's emulated Live API)")
        return "\n".join(text)

    def _missing_report(self) -> str:
        names = ", ".join(m.name for m in self.missing)
        lines = [f"The script asked for names the emulated Live does not provide: {names}. "
                 "If the script caught that error itself, the failure above is its consequence."]
        for missing in self.missing:
            lines.append(f"{missing.name} was asked for here:\n{missing.describe()}")
        return "\n".join(lines)

    def stop(self) -> None:
        """Call the script's ``disconnect()`` and remove Live's modules. Safe to call twice."""
        if not self._running:
            return
        self._running = False
        try:
            with self.engine.lock:
                disconnect = getattr(self.instance, "disconnect", None)
                if callable(disconnect):
                    disconnect()
        except Exception:
            log.exception("remote script %s failed in disconnect()", self._package)
        finally:
            # Threads the script started (AbletonMCP's socket server) end once disconnect() has
            # told them to: wait for them, so that a restart finds the script's ports free.
            for thread in join_script_threads(self.path, _THREAD_JOIN_S):
                log.warning("remote script %s left thread %r running after disconnect()",
                            self._package, thread.name)
            self.timers.clear()  # an unloaded script's timers never fire again
            with _owner_lock:
                self._uninstall()

    def _forget_package(self) -> None:
        prefix = self._package + "."
        for name in [n for n in sys.modules if n == self._package or n.startswith(prefix)]:
            del sys.modules[name]

    def _uninstall(self) -> None:
        if self._finder in sys.meta_path:
            sys.meta_path.remove(self._finder)
        if self._package:
            self._forget_package()
        if self in _hosts:
            _hosts.remove(self)
        if _hosts:  # Live's names go back to the newest host still running
            for name, module in _hosts[-1]._saved.items():
                if module is not None:
                    sys.modules[name] = module
        else:
            for name, previous in _originals.items():
                if previous is None:
                    sys.modules.pop(name, None)
                else:
                    sys.modules[name] = previous
            _originals.clear()
        self._saved.clear()

    # -- running ------------------------------------------------------------------------------

    def tick(self) -> None:
        """One Live tick: due ``schedule_message`` callbacks, then ``update_display()``."""
        if not self._running:
            raise EmulatorError("the remote-script host is not running; call start() first")
        with self.engine.moment():  # one main-thread moment: song time stands still
            self.engine.tick()
            self.timers.run_due()
            self._rebuild_midi_map_if_asked()
            update = getattr(self.instance, "update_display", None)
            if callable(update):
                try:
                    update()
                except Exception:
                    # Live logs a failing script and keeps calling it.
                    log.exception("remote script %s failed in update_display()", self._package)

    def run_timers(self) -> int:
        """Fire the script's ``Live.Base.Timer`` callbacks due on the engine's clock.

        ``tick()`` does this too; a loop that wakes more often than Live's ~100 ms tick calls
        it in between (at :meth:`next_timer_due`), as Live fires a 10 ms timer every 10 ms.
        """
        if not self._running:
            return 0
        with self.engine.lock:
            return self.timers.run_due()

    def next_timer_due(self) -> float | None:
        """Engine-clock time of the next ``Live.Base.Timer`` callback, or None."""
        return self.timers.next_due() if self._running else None

    def _rebuild_midi_map_if_asked(self) -> None:
        """Live answers ``request_rebuild_midi_map()`` by calling ``build_midi_map`` with a
        fresh handle; requests made since the last build are served by one build."""
        c_instance = self.c_instance
        build = getattr(self.instance, "build_midi_map", None)
        if c_instance is None or c_instance.rebuild_requests == self._rebuilds_done:
            return
        self._rebuilds_done = c_instance.rebuild_requests
        if not callable(build):
            return
        handle = self.midi_maps.begin()
        try:
            build(handle)
        except Exception:
            self.midi_maps.abandon(handle)
            log.exception("remote script %s failed in build_midi_map()", self._package)
            return
        self.midi_maps.finish(handle)

    def receive_midi(self, midi_bytes: Sequence[int]) -> None:
        """MIDI arriving at the script's input port: a mapped CC/note/pitch bend moves its
        parameter (Live does that itself), a forwarded message goes to the script's
        ``receive_midi``, anything else is dropped, as in Live."""
        if not self._running:
            raise EmulatorError("the remote-script host is not running; call start() first")
        message = tuple(int(b) for b in midi_bytes)
        if not 2 <= len(message) <= 3 or not 0x80 <= message[0] <= 0xEF or any(
            not 0 <= b <= 127 for b in message[1:]
        ):
            raise ValueError(f"midi_bytes must be one short channel message (status 0x80..0xEF, "
                             f"data 0..127), got {message!r}")
        with self.engine.lock:
            mapped, forward = self.midi_maps.current.route(message)
            receive = getattr(self.instance, "receive_midi", None)
            if forward and not mapped and callable(receive):
                receive(message)

    def run(self, stop: threading.Event, *, period_s: float = TICK_SECONDS) -> None:
        """Advance the engine and tick the script every ``period_s`` until ``stop`` is set.

        Deadlines are absolute (``perf_counter``), so ticks do not drift; the wait is on the
        event, so setting it ends the loop at once.
        """
        next_tick = time.perf_counter()
        while not stop.is_set():
            with self.engine.lock:
                self.engine.advance()
                self.tick()
            next_tick += period_s
            delay = next_tick - time.perf_counter()
            if delay < 0:
                next_tick = time.perf_counter()  # fell behind: do not burst to catch up
                delay = 0.0
            self._wait_firing_timers(stop, delay)

    def _wait_firing_timers(self, stop: threading.Event, delay: float) -> None:
        """Wait ``delay`` seconds (or until ``stop``), firing Live.Base.Timer callbacks as they
        fall due in between."""
        end = time.perf_counter() + delay
        while True:
            wait = end - time.perf_counter()
            due = self.next_timer_due()
            if due is not None:
                wait = min(wait, due - self.engine.clock())
            if stop.wait(max(0.0, wait)) or time.perf_counter() >= end:
                return
            self.run_timers()

    # -- what the script says -----------------------------------------------------------------

    def _on_message(self, text: str) -> None:
        self.messages.append(text)
        log.info("remote script %s: %s", self._package, text)

    def _on_log(self, text: str) -> None:
        self.log.append(text)
        log.debug("remote script %s log: %s", self._package, text)
