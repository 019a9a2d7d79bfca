"""Imports a _Framework module that the emulated Live does not have."""

from _Framework.ControlSurface import ControlSurface
from _Framework.NoSuchElement import NoSuchElement  # not in the emulator (nor in Live)


class Surface(ControlSurface):
    element = NoSuchElement
