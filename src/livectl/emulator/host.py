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
as Live does. ``stop()`` calls ``disconnect()`` and removes the modules again. ``run()`` does
the loop itself until a stop event is set.

Only one host can own Live's module names at a time (Live has one ``Live`` module too).
"""

from __future__ import annotations

import importlib.util
import logging
import sys
import threading
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from livectl.emulator._framework import CInstance, build_modules
from livectl.emulator._script_threads import join_script_threads
from livectl.emulator.lom import TICK_SECONDS, LiveEngine
from livectl.errors import EmulatorError

__all__ = ["RemoteScriptHost"]

log = logging.getLogger(__name__)

_owner_lock = threading.Lock()
_owner: list[RemoteScriptHost] = []
_THREAD_JOIN_S = 5.0  # how long stop() waits for threads the script started


class RemoteScriptHost:
    """Loads the remote script in folder ``path`` and runs it on ``engine``."""

    def __init__(self, engine: LiveEngine, path: str | Path) -> None:
        self.engine = engine
        self.path = Path(path).resolve()
        self.log: list[str] = []  # log_message lines (Live's Log.txt)
        self.messages: list[str] = []  # show_message texts (Live's status bar)
        self.midi_map: list[tuple[Any, ...]] = []
        self.instance: Any = None
        self.c_instance: CInstance | None = None
        self._saved: dict[str, ModuleType | None] = {}
        self._package = ""
        self._running = False

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
        with _owner_lock:
            if _owner:
                raise EmulatorError(
                    f"another remote script ({_owner[0].path.name}) is running; stop it first"
                )
            _owner.append(self)
        try:
            self._install_modules()
            self._load()
        except BaseException:
            self._uninstall()
            with _owner_lock:
                _owner.clear()
            raise
        self._running = True

    def _install_modules(self) -> None:
        modules = build_modules(self.engine, self.midi_map)
        for name, module in modules.items():
            self._saved[name] = sys.modules.get(name)
            sys.modules[name] = module

    def _load(self) -> None:
        # Live imports the folder by its name; a fresh import each start, as after a restart.
        self._package = self.path.name
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
            with self.engine.lock:
                self.instance = create(self.c_instance)
        except EmulatorError:
            raise
        except Exception as exc:
            raise EmulatorError(
                f"remote script {self._package!r} failed to start: {type(exc).__name__}: {exc} "
                f"(see the traceback above; the script runs against livectl's emulated Live API)"
            ) from exc

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
            self._uninstall()
            with _owner_lock:
                _owner.clear()

    def _forget_package(self) -> None:
        prefix = self._package + "."
        for name in [n for n in sys.modules if n == self._package or n.startswith(prefix)]:
            del sys.modules[name]

    def _uninstall(self) -> None:
        if self._package:
            self._forget_package()
        for name, previous in self._saved.items():
            if previous is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = previous
        self._saved.clear()

    # -- running ------------------------------------------------------------------------------

    def tick(self) -> None:
        """One Live tick: due ``schedule_message`` callbacks, then ``update_display()``."""
        if not self._running:
            raise EmulatorError("the remote-script host is not running; call start() first")
        with self.engine.lock:
            self.engine.tick()
            update = getattr(self.instance, "update_display", None)
            if callable(update):
                try:
                    update()
                except Exception:
                    # Live logs a failing script and keeps calling it.
                    log.exception("remote script %s failed in update_display()", self._package)

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
            stop.wait(delay)

    # -- what the script says -----------------------------------------------------------------

    def _on_message(self, text: str) -> None:
        self.messages.append(text)
        log.info("remote script %s: %s", self._package, text)

    def _on_log(self, text: str) -> None:
        self.log.append(text)
        log.debug("remote script %s log: %s", self._package, text)
