"""The threads a remote script started, found by the code they run.

Scripts such as AbletonMCP start their own threads (a TCP server that accepts clients, a
thread per client). Live does not track them; the emulator's host waits for them after the
script's ``disconnect()``, so that stopping a script really ends it and the next start finds
its ports free. A thread belongs to the script when one of its frames runs a file inside the
script's folder.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

__all__ = ["join_script_threads", "script_threads"]


def _in_folder(filename: str, folder: Path) -> bool:
    try:
        return Path(filename).resolve().is_relative_to(folder)
    except (OSError, ValueError):
        return False


def script_threads(folder: Path) -> list[threading.Thread]:
    """Live threads (other than the caller's) with a frame running code from ``folder``."""
    frames = sys._current_frames()
    found: list[threading.Thread] = []
    for thread in threading.enumerate():
        if thread is threading.current_thread() or thread.ident is None:
            continue
        frame = frames.get(thread.ident)
        while frame is not None:
            if _in_folder(frame.f_code.co_filename, folder):
                found.append(thread)
                break
            frame = frame.f_back
    return found


def join_script_threads(folder: Path, timeout: float) -> list[threading.Thread]:
    """Wait up to ``timeout`` seconds in all for the script's threads to end.

    Returns those still running (a thread blocked on a client that never hangs up, say).
    """
    deadline = time.monotonic() + timeout
    threads = script_threads(folder)
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return [t for t in threads if t.is_alive()]
