"""A surface that maps MIDI the way Live's scripts do: in build_midi_map, on the handle Live
passes, after asking for a rebuild."""

import Live
from _Framework.EncoderElement import EncoderElement
from _Framework.InputControlElement import MIDI_CC_TYPE
from ableton.v2.control_surface import ControlSurface


class MidiMapSurface(ControlSurface):
    def __init__(self, c_instance):
        ControlSurface.__init__(self, c_instance)
        self.received = []
        self.handles = []
        self.pan_knob = EncoderElement(MIDI_CC_TYPE, 0, 21,
                                       Live.MidiMap.MapMode.relative_two_compliment)
        self.pan_knob.connect_to(self.song.tracks[0].mixer_device.panning)
        self.request_rebuild_midi_map()

    def build_midi_map(self, midi_map_handle):
        self.handles.append(midi_map_handle)
        volume = self.song.tracks[0].mixer_device.volume
        Live.MidiMap.map_midi_cc(midi_map_handle, volume, 0, 7,
                                 Live.MidiMap.MapMode.absolute, True)
        Live.MidiMap.forward_midi_cc(self._c_instance, midi_map_handle, 0, 20)
        self.pan_knob.install_connections(midi_map_handle, Live.MidiMap, self._c_instance)

    def receive_midi(self, midi_bytes):
        self.received.append(midi_bytes)


def create_instance(c_instance):
    return MidiMapSurface(c_instance)
