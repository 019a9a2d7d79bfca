"""echo_surface: a tiny Live MIDI Remote Script written for livectl's host tests.

Live calls ``create_instance(c_instance)``; the script then answers JSON datagrams on its own
UDP port (printed with show_message), polled once per Live tick as AbletonOSC does.
"""

from .surface import EchoSurface


def create_instance(c_instance):
    return EchoSurface(c_instance)
