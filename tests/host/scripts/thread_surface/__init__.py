"""thread_surface: a remote script that starts its own threads, as AbletonMCP does.

``worker`` polls ``running`` and ends soon after ``disconnect()`` clears it (not joined
there); ``stuck`` waits on ``release``, which only the test sets.
"""

import threading
import time

from _Framework.ControlSurface import ControlSurface


def create_instance(c_instance):
    return ThreadSurface(c_instance)


class ThreadSurface(ControlSurface):
    def __init__(self, c_instance, *args, **kwargs):
        ControlSurface.__init__(self, c_instance)
        self.running = True
        self.release = threading.Event()
        self.worker = threading.Thread(target=self._poll, name="thread_surface-worker",
                                       daemon=True)
        self.stuck = threading.Thread(target=self._wait, name="thread_surface-stuck",
                                      daemon=True)
        self.worker.start()
        self.stuck.start()

    def _poll(self):
        while self.running:
            time.sleep(0.05)

    def _wait(self):
        self.release.wait()

    def disconnect(self):
        self.running = False  # the worker notices within 50 ms; nobody joins it here
        ControlSurface.disconnect(self)
