"""Live 12's built-in devices and the default browser content, as data.

Nothing here runs: :mod:`livectl.emulator.lom._device_factory` builds devices from these
tables and :mod:`livectl.emulator.lom.browser` builds the browser tree from them.

Sources (facts, not code): the device names per browser category follow a Live 12 Suite
browser listing (47 audio effects, 15 MIDI effects, 23 instruments); ``class_name`` values
and parameter names follow the class and parameter names Live's own remote scripts use for
their parameter banks (``ableton/v2/control_surface/default_bank_definitions.py``, Push 2's
``custom_bank_definitions.py``). Ranges and defaults are plausible approximations: Live
reports many continuous parameters on their own scales, which are not all public.

A parameter is one of:
- ``(name, min, max, default)``: continuous;
- ``(name, min, max, default, "int")``: quantized to whole numbers (no value_items);
- ``(name, ("Item", ...), default_index)``: quantized with value_items.
Every device gets "Device On" in front (the factory adds it), as in Live.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "AUDIO_EFFECTS",
    "DEVICES",
    "DEVICE_PRESETS",
    "DRUM_KITS",
    "INSTRUMENTS",
    "MAX_FOR_LIVE",
    "MIDI_EFFECTS",
    "PRESETS",
    "RACK_CLASSES",
    "SAMPLES",
    "SOUNDS",
]

ParamSpec = tuple[Any, ...]
# name -> (class_name, type, parameters); type is "instrument", "audio_effect" or "midi_effect"
DeviceSpec = tuple[str, str, tuple[ParamSpec, ...]]

OFF_ON = ("Off", "On")
_SYNC_RATES = ("1/64", "1/32", "1/16", "1/8", "1/4", "1/2", "1 Bar", "2 Bars", "4 Bars")
_FILTER_TYPES = ("Lowpass", "Highpass", "Bandpass", "Notch", "Morph")


def _adsr(prefix: str) -> tuple[ParamSpec, ...]:
    return (
        (f"{prefix} Attack", 0.0, 1.0, 0.0),
        (f"{prefix} Decay", 0.0, 1.0, 0.5),
        (f"{prefix} Sustain", 0.0, 1.0, 1.0),
        (f"{prefix} Release", 0.0, 1.0, 0.3),
    )


_RACK_MACROS: tuple[ParamSpec, ...] = (
    *((f"Macro {i}", 0.0, 127.0, 0.0) for i in range(1, 17)),
    ("Chain Selector", 0.0, 127.0, 0.0, "int"),
)

# Live's rack device classes and what their chains hold.
RACK_CLASSES = {
    "InstrumentGroupDevice": "instrument",
    "DrumGroupDevice": "instrument",
    "AudioEffectGroupDevice": "audio_effect",
    "MidiEffectGroupDevice": "midi_effect",
}

_MAX_INSTRUMENT: tuple[ParamSpec, ...] = (
    ("Tune", -24, 24, 0, "int"), ("Decay", 0.0, 1.0, 0.5), ("Tone", 0.0, 1.0, 0.5),
    ("Volume", 0.0, 1.0, 0.8),
)

INSTRUMENTS: dict[str, DeviceSpec] = {
    "Analog": ("UltraAnalog", "instrument", (
        ("OSC1 On/Off", OFF_ON, 1), ("OSC1 Shape", ("Sine", "Saw", "Rect", "Noise"), 1),
        ("OSC1 Octave", -3, 3, 0, "int"), ("OSC1 Semi", -12, 12, 0, "int"),
        ("OSC1 Detune", -1.0, 1.0, 0.0), ("OSC1 Level", 0.0, 1.0, 0.7),
        ("OSC2 On/Off", OFF_ON, 0), ("OSC2 Shape", ("Sine", "Saw", "Rect", "Noise"), 1),
        ("OSC2 Octave", -3, 3, 0, "int"), ("OSC2 Semi", -12, 12, 0, "int"),
        ("OSC2 Detune", -1.0, 1.0, 0.0), ("OSC2 Level", 0.0, 1.0, 0.7),
        ("F1 On/Off", OFF_ON, 1),
        ("F1 Type", ("LP12", "LP24", "BP6", "BP12", "Notch2", "Notch4", "HP12", "HP24"), 1),
        ("F1 Freq", 0.0, 1.0, 0.7), ("F1 Resonance", 0.0, 1.0, 0.2),
        ("FEG1 Attack", 0.0, 1.0, 0.0), ("FEG1 Decay", 0.0, 1.0, 0.5),
        ("FEG1 Sustain", 0.0, 1.0, 0.5), ("FEG1 Rel", 0.0, 1.0, 0.3),
        ("AEG1 Attack", 0.0, 1.0, 0.0), ("AEG1 Decay", 0.0, 1.0, 0.5),
        ("AEG1 Sustain", 0.0, 1.0, 1.0), ("AEG1 Rel", 0.0, 1.0, 0.3),
        ("Glide On/Off", OFF_ON, 0), ("Glide Time", 0.0, 1.0, 0.2),
        ("Voices", ("1", "2", "4", "8", "16", "32"), 3), ("Volume", 0.0, 1.0, 0.5),
    )),
    "Collision": ("Collision", "instrument", (
        ("Mallet On/Off", OFF_ON, 1), ("Mallet Volume", 0.0, 1.0, 0.8),
        ("Mallet Stiffness", 0.0, 1.0, 0.5), ("Mallet Noise Amount", 0.0, 1.0, 0.2),
        ("Noise On/Off", OFF_ON, 0), ("Noise Volume", 0.0, 1.0, 0.5),
        ("Res 1 On/Off", OFF_ON, 1),
        ("Res 1 Type", ("Beam", "Marimba", "String", "Membrane", "Plate", "Pipe", "Tube"), 0),
        ("Res 1 Decay", 0.0, 1.0, 0.5), ("Res 1 Tune", -48, 48, 0, "int"),
        ("Res 1 Volume", 0.0, 1.0, 0.8), ("Res 2 On/Off", OFF_ON, 0),
        ("Res 2 Type", ("Beam", "Marimba", "String", "Membrane", "Plate", "Pipe", "Tube"), 0),
        ("Res 2 Decay", 0.0, 1.0, 0.5), ("Structure", ("1 > 2", "1 + 2"), 0),
        ("Panorama", -1.0, 1.0, 0.0), ("Volume", 0.0, 1.0, 0.5),
    )),
    "Drift": ("Drift", "instrument", (
        ("Osc 1 Wave", ("Sine", "Triangle", "Shark Tooth", "Saturated", "Saw", "Pulse",
                        "Rectangle"), 4),
        ("Osc 1 Oct", -2, 3, 0, "int"), ("Osc 1 Shape", 0.0, 1.0, 0.0),
        ("Osc 1 Gain", 0.0, 1.0, 1.0),
        ("Osc 2 Wave", ("Sine", "Triangle", "Saturated", "Saw", "Rectangle"), 3),
        ("Osc 2 Oct", -2, 3, 0, "int"), ("Osc 2 Detune", -1.0, 1.0, 0.0),
        ("Osc 2 Gain", 0.0, 1.0, 0.0), ("Noise Gain", 0.0, 1.0, 0.0),
        ("LP Type", ("I", "II"), 0), ("LP Freq", 0.0, 1.0, 0.8), ("LP Reso", 0.0, 1.0, 0.1),
        ("HP Freq", 0.0, 1.0, 0.0),
        *_adsr("Env 1"), *_adsr("Env 2"),
        ("LFO Wave", ("Sine", "Triangle", "Saw Up", "Saw Down", "Square", "Sample & Hold",
                      "Wander", "Linear Env", "Exponential Env"), 0),
        ("LFO Rate", 0.0, 1.0, 0.4), ("LFO Amt", 0.0, 1.0, 1.0),
        ("Voice Mode", ("Poly", "Mono", "Stereo", "Unison"), 0),
        ("Voice Count", ("2", "3", "4", "5", "6", "7", "8", "12", "16", "20", "24", "32"), 6),
        ("Glide Time", 0.0, 1.0, 0.0), ("Drift", 0.0, 1.0, 0.1),
        ("Transpose", -48, 48, 0, "int"), ("Volume", 0.0, 1.0, 0.7),
    )),
    "Drum Rack": ("DrumGroupDevice", "instrument", _RACK_MACROS),
    "Drum Sampler": ("DrumCell", "instrument", (
        ("Select", 0.0, 1.0, 0.0), ("Attack", 0.0, 1.0, 0.0), ("Hold", 0.0, 1.0, 1.0),
        ("Decay", 0.0, 1.0, 0.5), ("Transpose", -48, 48, 0, "int"),
        ("Detune", -50, 50, 0, "int"), ("Filter", 0.0, 1.0, 1.0), ("Pan", -1.0, 1.0, 0.0),
        ("Volume", 0.0, 1.0, 0.7),
    )),
    "DS Clang": ("MxDeviceInstrument", "instrument", _MAX_INSTRUMENT),
    "DS Clap": ("MxDeviceInstrument", "instrument", _MAX_INSTRUMENT),
    "DS Cymbal": ("MxDeviceInstrument", "instrument", _MAX_INSTRUMENT),
    "DS FM": ("MxDeviceInstrument", "instrument", _MAX_INSTRUMENT),
    "DS HH": ("MxDeviceInstrument", "instrument", _MAX_INSTRUMENT),
    "DS Kick": ("MxDeviceInstrument", "instrument", _MAX_INSTRUMENT),
    "DS Snare": ("MxDeviceInstrument", "instrument", _MAX_INSTRUMENT),
    "DS Tom": ("MxDeviceInstrument", "instrument", _MAX_INSTRUMENT),
    "Electric": ("LoungeLizard", "instrument", (
        ("M Stiffness", 0.0, 1.0, 0.5), ("M Force", 0.0, 1.0, 0.5),
        ("Noise Pitch", 0.0, 1.0, 0.5), ("Noise Decay", 0.0, 1.0, 0.3),
        ("Noise Amount", 0.0, 1.0, 0.2), ("F Tine Color", 0.0, 1.0, 0.5),
        ("F Tine Decay", 0.0, 1.0, 0.5), ("F Tine Vol", 0.0, 1.0, 0.7),
        ("F Tone Decay", 0.0, 1.0, 0.5), ("F Tone Vol", 0.0, 1.0, 0.5),
        ("F Release", 0.0, 1.0, 0.3), ("Damp Tone", 0.0, 1.0, 0.5),
        ("Damp Balance", 0.0, 1.0, 0.5), ("Damp Amount", 0.0, 1.0, 0.5),
        ("Pickup Model", ("Electric", "Electro Dynamic"), 0), ("P Symmetry", 0.0, 1.0, 0.5),
        ("P Distance", 0.0, 1.0, 0.5), ("Voices", ("2", "4", "8", "16", "32"), 2),
        ("Semitone", -48, 48, 0, "int"), ("Volume", 0.0, 1.0, 0.5),
    )),
    "External Instrument": ("ProxyInstrumentDevice", "instrument", (
        ("Gain", 0.0, 1.0, 0.85), ("Latency", 0.0, 1.0, 0.0),
    )),
    "Impulse": ("InstrumentImpulse", "instrument", (*(
        spec for pad in range(1, 9) for spec in (
            (f"{pad} Transpose", -48, 48, 0, "int"), (f"{pad} Start", 0.0, 1.0, 0.0),
            (f"{pad} Envelope Decay", 0.0, 1.0, 0.8), (f"{pad} Filter Freq", 0.0, 1.0, 1.0),
            (f"{pad} Pan", -1.0, 1.0, 0.0), (f"{pad} Volume", 0.0, 1.0, 0.7),
        )
    ), ("Global Volume", 0.0, 1.0, 0.7), ("Global Transpose", -48, 48, 0, "int"))),
    "Instrument Rack": ("InstrumentGroupDevice", "instrument", _RACK_MACROS),
    "Meld": ("InstrumentMeld", "instrument", (
        ("Osc A", OFF_ON, 1), ("Osc B", OFF_ON, 0),
        ("MeldVoice_EngineA_Oscillator_OscillatorType",
         ("Basic Shapes", "Dual Basic Shapes", "Noisy Shapes", "Square Sync", "Square 5th",
          "Sub Osc", "Swarm Sine", "Swarm Triangle", "Swarm Saw", "Swarm Square",
          "Harmonic FM", "Fold FM", "Squelch", "Simple FM", "Chip", "Shepard's Pi",
          "Tarp", "Extended Noise", "Bitgrunge", "Crackles", "Filtered Noise",
          "Rain", "Bubbles", "Scrambled"), 0),
        ("MeldVoice_EngineA_Oscillator_Macro1", 0.0, 1.0, 0.0),
        ("MeldVoice_EngineA_Oscillator_Macro2", 0.0, 1.0, 0.0),
        ("MeldVoice_EngineA_Filter_Frequency", 0.0, 1.0, 1.0),
        ("MeldVoice_EngineA_Volume", 0.0, 1.0, 0.7),
        ("MeldVoice_EngineB_Oscillator_Macro1", 0.0, 1.0, 0.0),
        ("MeldVoice_EngineB_Oscillator_Macro2", 0.0, 1.0, 0.0),
        ("MeldVoice_EngineB_Filter_Frequency", 0.0, 1.0, 1.0),
        ("MeldVoice_EngineB_Volume", 0.0, 1.0, 0.7),
        ("Volume", 0.0, 1.0, 0.7),
    )),
    "Operator": ("Operator", "instrument", (
        ("Algorithm", 0, 10, 0, "int"),
        ("Osc-A On", OFF_ON, 1), ("Osc-A Level", 0.0, 1.0, 1.0),
        ("Osc-A Wave", ("Sin", "Sw3", "Sw4", "Sw6", "Sw8", "Sw16", "Sw32", "Sw64", "SwD",
                        "Sq3", "Sq4", "Sq6", "Sq8", "Sq16", "Sq32", "Sq64", "SqD", "Tr3",
                        "Tr4", "Tr6", "Tr8", "Tr16", "Tr32", "Tr64", "TrD", "Noise Looped",
                        "Noise White", "User"), 0),
        ("A Coarse", 0, 48, 1, "int"), ("A Fine", 0, 1000, 0, "int"),
        ("Ae Attack", 0.0, 1.0, 0.0), ("Ae Decay", 0.0, 1.0, 0.5),
        ("Ae Sustain", 0.0, 1.0, 1.0), ("Ae Release", 0.0, 1.0, 0.3),
        ("Osc-B On", OFF_ON, 0), ("Osc-B Level", 0.0, 1.0, 0.0),
        ("B Coarse", 0, 48, 1, "int"), ("Osc-C On", OFF_ON, 0),
        ("Osc-C Level", 0.0, 1.0, 0.0), ("C Coarse", 0, 48, 1, "int"),
        ("Osc-D On", OFF_ON, 0), ("Osc-D Level", 0.0, 1.0, 0.0),
        ("D Coarse", 0, 48, 1, "int"),
        ("Filter On", OFF_ON, 0), ("Filter Type", _FILTER_TYPES, 0),
        ("Filter Freq", 0.0, 1.0, 1.0), ("Filter Res", 0.0, 1.0, 0.2),
        ("LFO On", OFF_ON, 0), ("LFO Rate", 0.0, 1.0, 0.5), ("LFO Amt", 0.0, 1.0, 1.0),
        ("Tone", 0.0, 1.0, 0.7), ("Time", -1.0, 1.0, 0.0), ("Transpose", -48, 48, 0, "int"),
        ("Panorama", -1.0, 1.0, 0.0), ("Voices", ("1", "2", "4", "8", "16", "32"), 3),
        ("Volume", 0.0, 1.0, 0.5),
    )),
    "Sampler": ("MultiSampler", "instrument", (
        *(("Ve " + stage, 0.0, 1.0, value) for stage, value in
          (("Attack", 0.0), ("Decay", 0.5), ("Sustain", 1.0), ("Release", 0.3))),
        ("Transpose", -48, 48, 0, "int"), ("Detune", -50, 50, 0, "int"),
        ("F On", OFF_ON, 0), ("Filter Type", _FILTER_TYPES, 0), ("Filter Freq", 0.0, 1.0, 1.0),
        ("Filter Res", 0.0, 1.0, 0.2), ("Fe On", OFF_ON, 0), ("Shaper On", OFF_ON, 0),
        ("Osc On", OFF_ON, 0), ("Pan", -1.0, 1.0, 0.0), ("Vol < Vel", 0.0, 1.0, 0.35),
        ("Volume", 0.0, 1.0, 0.5),
    )),
    "Simpler": ("OriginalSimpler", "instrument", (
        ("Ve Attack", 0.0, 1.0, 0.0), ("Ve Decay", 0.0, 1.0, 0.5),
        ("Ve Sustain", 0.0, 1.0, 1.0), ("Ve Release", 0.0, 1.0, 0.1),
        ("S Start", 0.0, 1.0, 0.0), ("S Length", 0.0, 1.0, 1.0),
        ("Transpose", -48, 48, 0, "int"), ("Detune", -50, 50, 0, "int"),
        ("F On", OFF_ON, 1), ("Filter Type", _FILTER_TYPES, 0),
        ("Filter Freq", 0.0, 1.0, 1.0), ("Filter Res", 0.0, 1.0, 0.1),
        ("L On", OFF_ON, 0), ("Glide Mode", ("Off", "Portamento", "Glide"), 0),
        ("Voices", ("1", "2", "4", "8", "16", "32"), 0), ("Pan", -1.0, 1.0, 0.0),
        ("Vol < Vel", 0.0, 1.0, 0.35), ("Gain", 0.0, 1.0, 0.5), ("Volume", 0.0, 1.0, 0.5),
    )),
    "Tension": ("StringStudio", "instrument", (
        ("Exc On/Off", OFF_ON, 1), ("Exciter Type", ("Bow", "Hammer", "Hammer (bouncing)",
                                                     "Plectrum"), 1),
        ("Exc ForceMassProt", 0.0, 1.0, 0.5), ("Exc FricStiff", 0.0, 1.0, 0.5),
        ("Exc Velocity", 0.0, 1.0, 0.5), ("E Pos", 0.0, 1.0, 0.2),
        ("String Decay", 0.0, 1.0, 0.5), ("Str Damping", 0.0, 1.0, 0.5),
        ("Str Inharmon", 0.0, 1.0, 0.0), ("Damper On", OFF_ON, 1),
        ("Term On/Off", OFF_ON, 0), ("Body On/Off", OFF_ON, 1),
        ("Body Type", ("Piano", "Guitar", "Violin", "Cello", "Bass", "Generic"), 1),
        ("Body Size", 0.0, 1.0, 0.5), ("Filter On/Off", OFF_ON, 0),
        ("Filter Freq", 0.0, 1.0, 1.0), ("Filter Reso", 0.0, 1.0, 0.2),
        ("Volume", 0.0, 1.0, 0.5),
    )),
    "Wavetable": ("InstrumentVector", "instrument", (
        ("Osc 1 On", OFF_ON, 1), ("Osc 1 Pos", 0.0, 1.0, 0.0),
        ("Osc 1 Pitch", -48, 48, 0, "int"), ("Osc 1 Gain", 0.0, 1.0, 0.7),
        ("Osc 1 Pan", -1.0, 1.0, 0.0),
        ("Osc 2 On", OFF_ON, 0), ("Osc 2 Pos", 0.0, 1.0, 0.0),
        ("Osc 2 Pitch", -48, 48, 0, "int"), ("Osc 2 Gain", 0.0, 1.0, 0.7),
        ("Sub On", OFF_ON, 0), ("Sub Gain", 0.0, 1.0, 0.5),
        ("Filter 1 On", OFF_ON, 1), ("Filter 1 Type", ("Lowpass", "Highpass", "Bandpass",
                                                       "Notch", "Morph"), 0),
        ("Filter 1 Freq", 0.0, 1.0, 1.0), ("Filter 1 Res", 0.0, 1.0, 0.1),
        ("Filter 2 On", OFF_ON, 0), ("Amp Attack", 0.0, 1.0, 0.0),
        ("Amp Decay", 0.0, 1.0, 0.5), ("Amp Sustain", 0.0, 1.0, 1.0),
        ("Amp Release", 0.0, 1.0, 0.3),
        ("Unison Mode", ("None", "Classic", "Shimmer", "Noise", "Phase Sync",
                         "Position Spread", "Random Note"), 0),
        ("Unison Amount", 0.0, 1.0, 0.0), ("Time", -1.0, 1.0, 0.0),
        ("Global Mod Amount", 0.0, 1.0, 1.0), ("Transpose", -48, 48, 0, "int"),
        ("Volume", 0.0, 1.0, 0.7),
    )),
}

_MAX_MIDI: tuple[ParamSpec, ...] = (("Amount", 0.0, 1.0, 1.0), ("Rate", 0.0, 1.0, 0.5))

MIDI_EFFECTS: dict[str, DeviceSpec] = {
    "Arpeggiator": ("MidiArpeggiator", "midi_effect", (
        ("Style", ("Up", "Down", "UpDown", "DownUp", "Up & Down", "Down & Up", "Converge",
                   "Diverge", "Con & Diverge", "Pinky Up", "Pinky UpDown", "Thumb Up",
                   "Thumb UpDown", "Play Order", "Chord Trigger", "Random", "Random Other",
                   "Random Once"), 0),
        ("Sync On", OFF_ON, 1), ("Synced Rate", _SYNC_RATES, 2), ("Free Rate", 0.0, 1.0, 0.5),
        ("Gate", 0.0, 1.0, 0.5), ("Groove", ("None", "Swing 8", "Swing 16"), 0),
        ("Hold On", OFF_ON, 0), ("Offset", 0, 12, 0, "int"),
        ("Repeats", 1, 37, 37, "int"), ("Retrigger Mode", ("Off", "Note", "Beat"), 0),
        ("Tranpose Mode", ("Shift", "Key"), 0), ("Transp. Steps", 0, 8, 0, "int"),
        ("Transp. Dist.", -24, 24, 0, "int"), ("Velocity On", OFF_ON, 0),
        ("Velocity Decay", 0.0, 1.0, 0.0), ("Velocity Target", 0, 127, 0, "int"),
    )),
    "CC Control": ("MidiCcControl", "midi_effect", (
        ("Mod Wheel", 0, 127, 0, "int"), ("Pitch Bend", -8192, 8191, 0, "int"),
        ("Pressure", 0, 127, 0, "int"), *((f"Custom {i}", 0, 127, 0, "int") for i in range(1, 9)),
    )),
    "Chord": ("MidiChord", "midi_effect", tuple(
        spec for i in range(1, 7) for spec in (
            (f"Shift{i}", -36, 36, 0, "int"), (f"Velocity{i}", 0.0, 2.0, 1.0),
        )
    )),
    "Envelope MIDI": ("MxDeviceMidiEffect", "midi_effect", _MAX_MIDI),
    "Expression Control": ("MxDeviceMidiEffect", "midi_effect", _MAX_MIDI),
    "MIDI Effect Rack": ("MidiEffectGroupDevice", "midi_effect", _RACK_MACROS),
    "MIDI Monitor": ("MxDeviceMidiEffect", "midi_effect", ()),
    "MPE Control": ("MxDeviceMidiEffect", "midi_effect", _MAX_MIDI),
    "Note Echo": ("MxDeviceMidiEffect", "midi_effect", _MAX_MIDI),
    "Note Length": ("MidiNoteLength", "midi_effect", (
        ("Trigger Source", ("Note On", "Note Off"), 0), ("Sync On", OFF_ON, 0),
        ("Synced Length", _SYNC_RATES, 4), ("Gate", 0.0, 1.0, 1.0),
        ("Release Velocity", 0, 127, 64, "int"), ("Decay Time", 0.0, 1.0, 0.0),
        ("Decay Key Scale", -1.0, 1.0, 0.0), ("Latch", OFF_ON, 0),
    )),
    "Pitch": ("MidiPitcher", "midi_effect", (
        ("Pitch", -128, 128, 0, "int"), ("Range", 0, 127, 127, "int"),
        ("Lowest", 0, 127, 0, "int"), ("Step Width", 0, 48, 1, "int"),
    )),
    "Random": ("MidiRandom", "midi_effect", (
        ("Chance", 0.0, 1.0, 0.0), ("Choices", 1, 24, 1, "int"),
        ("Mode", ("Random", "Alt"), 0), ("Interval", 1, 24, 1, "int"),
        ("Sign", ("Add", "Sub", "Bi"), 0),
    )),
    "Scale": ("MidiScale", "midi_effect", (
        ("Base", ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"), 0),
        ("Transpose", -36, 36, 0, "int"), ("Range", 0, 127, 127, "int"),
        ("Lowest", 0, 127, 0, "int"), ("Fold", OFF_ON, 0),
    )),
    "Shaper MIDI": ("MxDeviceMidiEffect", "midi_effect", _MAX_MIDI),
    "Velocity": ("MidiVelocity", "midi_effect", (
        ("Drive", -64, 64, 0, "int"), ("Compand", -64, 64, 0, "int"),
        ("Random", 0, 64, 0, "int"), ("Mode", ("Clip", "Gate", "Fixed"), 0),
        ("Out Hi", 1, 127, 127, "int"), ("Out Low", 1, 127, 1, "int"),
        ("Range", 0, 127, 127, "int"), ("Lowest", 0, 127, 0, "int"),
    )),
}

_DRY_WET: ParamSpec = ("Dry/Wet", 0.0, 1.0, 1.0)
_MAX_AUDIO: tuple[ParamSpec, ...] = (("Amount", 0.0, 1.0, 0.5), ("Rate", 0.0, 1.0, 0.5),
                                     ("Dry/Wet", 0.0, 1.0, 1.0))
_SIDECHAIN: tuple[ParamSpec, ...] = (("S/C On", OFF_ON, 0), ("S/C Gain", 0.0, 1.0, 0.5),
                                     ("S/C Mix", 0.0, 1.0, 1.0))


def _eq8() -> tuple[ParamSpec, ...]:
    kinds = ("Low Cut 48", "Low Cut 12", "Low Shelf", "Bell", "Notch", "High Shelf",
             "High Cut 12", "High Cut 48")
    specs: list[ParamSpec] = []
    for band in range(1, 9):
        specs += [
            (f"{band} Filter On A", OFF_ON, 1 if band in (1, 2, 3, 4) else 0),
            (f"{band} Filter Type A", kinds, 3),
            (f"{band} Frequency A", 0.0, 1.0, band / 9.0),
            (f"{band} Gain A", -15.0, 15.0, 0.0),
            (f"{band} Resonance A", 0.0, 1.0, 0.5),
        ]
    return (*specs, ("Adaptive Q", OFF_ON, 1), ("Scale", -1.5, 1.5, 1.0),
            ("Output Gain", -12.0, 12.0, 0.0))


AUDIO_EFFECTS: dict[str, DeviceSpec] = {
    "Align Delay": ("MxDeviceAudioEffect", "audio_effect", (
        ("Delay Mode", ("Time", "Samples", "Distance"), 0), ("L Time", 0.0, 1.0, 0.0),
        ("R Time", 0.0, 1.0, 0.0), ("Link", OFF_ON, 1),
    )),
    "Amp": ("Amp", "audio_effect", (
        ("Amp Type", ("Clean", "Boost", "Blues", "Rock", "Lead", "Heavy", "Bass"), 0),
        ("Gain", 0.0, 1.0, 0.5), ("Bass", 0.0, 1.0, 0.5), ("Middle", 0.0, 1.0, 0.5),
        ("Treble", 0.0, 1.0, 0.5), ("Presence", 0.0, 1.0, 0.5), ("Volume", 0.0, 1.0, 0.5),
        ("Dual Mono", OFF_ON, 0), _DRY_WET,
    )),
    "Audio Effect Rack": ("AudioEffectGroupDevice", "audio_effect", _RACK_MACROS),
    "Auto Filter": ("AutoFilter", "audio_effect", (
        ("Filter Type", ("Lowpass", "Highpass", "Bandpass", "Notch", "Morph"), 0),
        ("Filter Circuit - LP/HP", ("Clean", "OSR", "MS2", "SMP", "PRD"), 0),
        ("Slope", ("12", "24"), 0), ("Frequency", 0.0, 1.0, 0.7),
        ("Resonance", 0.0, 1.0, 0.2), ("Morph", 0.0, 1.0, 0.0),
        ("Env. Modulation", -1.0, 1.0, 0.0), ("Env. Attack", 0.0, 1.0, 0.1),
        ("Env. Release", 0.0, 1.0, 0.3), ("LFO Amount", 0.0, 1.0, 0.0),
        ("LFO Sync", ("Hertz", "Beats"), 0), ("LFO Frequency", 0.0, 1.0, 0.3),
        ("LFO Waveform", ("Sine", "Triangle", "Saw Up", "Saw Down", "Square", "Random"), 0),
        *_SIDECHAIN, _DRY_WET,
    )),
    "Auto Pan": ("AutoPan", "audio_effect", (
        ("Amount", 0.0, 1.0, 1.0), ("Waveform", ("Sine", "Triangle", "Saw Down", "Random"), 0),
        ("LFO Type", ("Hertz", "Beats"), 0), ("Frequency", 0.0, 1.0, 0.3),
        ("Sync Rate", _SYNC_RATES, 4), ("Phase", 0.0, 360.0, 180.0), ("Offset", 0.0, 360.0, 0.0),
        ("Shape", 0.0, 1.0, 0.0), ("Invert", OFF_ON, 0), ("Width (Random)", 0.0, 1.0, 0.0),
    )),
    # Auto Shift (Live 12.1) is a native device; its class name is an assumption.
    "Auto Shift": ("AutoShift", "audio_effect", (
        ("Quantizer On", OFF_ON, 1), ("Root", ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#",
                                                "A", "A#", "B"), 0),
        ("Strength", 0.0, 1.0, 1.0), ("Smooth", 0.0, 1.0, 0.2),
        ("Pitch Shift", -24, 24, 0, "int"), ("Formant Shift", -1.0, 1.0, 0.0), _DRY_WET,
    )),
    "Beat Repeat": ("BeatRepeat", "audio_effect", (
        ("Interval", ("1/32", "1/16", "1/8", "1/4", "1/2", "1 Bar", "2 Bars", "4 Bars"), 5),
        ("Offset", 0, 15, 8, "int"), ("Grid", ("1/32", "1/16", "1/8", "1/4", "1/2", "1 Bar"), 1),
        ("Variation", 0.0, 10.0, 0.0), ("Chance", 0.0, 1.0, 1.0), ("Gate", 0.0, 1.0, 0.5),
        ("Pitch", -48, 0, 0, "int"), ("Pitch Decay", 0.0, 1.0, 0.0),
        ("Mix Type", ("Mix", "Insert", "Gate"), 0), ("Volume", 0.0, 1.0, 0.8),
        ("Decay", 0.0, 1.0, 0.0), ("Filter On", OFF_ON, 1), ("Filter Freq", 0.0, 1.0, 0.5),
        ("Filter Width", 0.0, 1.0, 0.5), ("Repeat", OFF_ON, 0),
    )),
    "Cabinet": ("Cabinet", "audio_effect", (
        ("Cabinet Type", ("1x12", "2x12", "4x12", "4x10", "4x10 Bass"), 2),
        ("Microphone Type", ("Condenser", "Dynamic"), 1),
        ("Microphone Position", ("Near On-Axis", "Near Off-Axis", "Far"), 0),
        ("Dual Mono", OFF_ON, 0), _DRY_WET,
    )),
    "Channel EQ": ("ChannelEq", "audio_effect", (
        ("Highpass On", OFF_ON, 0), ("Low Gain", -15.0, 15.0, 0.0),
        ("Mid Gain", -12.0, 12.0, 0.0), ("Mid Freq", 0.0, 1.0, 0.5),
        ("High Gain", -15.0, 15.0, 0.0), ("Gain", -15.0, 15.0, 0.0),
    )),
    "Chorus-Ensemble": ("Chorus2", "audio_effect", (
        ("Mode", ("Classic", "Ensemble", "Vibrato"), 0), ("Rate", 0.0, 1.0, 0.3),
        ("Amount", 0.0, 1.0, 0.5), ("Feedback", 0.0, 1.0, 0.0), ("Width", 0.0, 2.0, 1.0),
        ("Warmth", 0.0, 1.0, 0.0), ("Output", -12.0, 12.0, 0.0), ("Dry/Wet", 0.0, 1.0, 0.5),
    )),
    "Compressor": ("Compressor2", "audio_effect", (
        ("Threshold", 0.0, 1.0, 1.0), ("Ratio", 0.0, 1.0, 0.5),
        ("Expansion Ratio", 0.0, 1.0, 0.0), ("Attack", 0.0, 1.0, 0.2),
        ("Release", 0.0, 1.0, 0.3), ("Auto Release On/Off", OFF_ON, 0),
        ("Output Gain", -36.0, 36.0, 0.0), ("Makeup", OFF_ON, 0), ("Knee", 0.0, 18.0, 6.0),
        ("LookAhead", ("0 ms", "1 ms", "10 ms"), 0), ("Env Mode", ("Lin", "Log"), 0),
        ("Model", ("Peak", "RMS", "Expand"), 0), *_SIDECHAIN, _DRY_WET,
    )),
    "Corpus": ("Corpus", "audio_effect", (
        ("Resonance Type", ("Beam", "Marimba", "String", "Membrane", "Plate", "Pipe", "Tube"),
         0),
        ("Decay", 0.0, 1.0, 0.5), ("Radius", 0.0, 1.0, 0.5), ("Ratio", 0.0, 1.0, 0.5),
        ("Transpose", -48, 48, 0, "int"), ("Fine", -50, 50, 0, "int"),
        ("Spread", -1.0, 1.0, 0.0), ("LFO On/Off", OFF_ON, 0), ("LFO Amount", 0.0, 1.0, 0.0),
        ("Filter On/Off", OFF_ON, 0), ("Mid Freq", 0.0, 1.0, 0.5), ("Width", 0.0, 1.0, 1.0),
        ("Bleed", 0.0, 1.0, 0.0), ("Gain", -24.0, 24.0, 0.0), ("Dry Wet", 0.0, 1.0, 0.5),
    )),
    "Delay": ("Delay", "audio_effect", (
        ("L Sync", OFF_ON, 1), ("L Sync Enum", ("1", "2", "3", "4", "5", "6", "8", "16"), 2),
        ("L 16th", 0.0, 1.0, 0.2), ("L Offset", -0.33, 0.33, 0.0),
        ("R Sync", OFF_ON, 1), ("R Sync Enum", ("1", "2", "3", "4", "5", "6", "8", "16"), 3),
        ("R 16th", 0.0, 1.0, 0.2), ("R Offset", -0.33, 0.33, 0.0),
        ("Link", OFF_ON, 0), ("Ping Pong", OFF_ON, 0), ("Feedback", 0.0, 0.95, 0.5),
        ("Delay Mode", ("Repitch", "Fade", "Jump"), 0), ("Freeze", OFF_ON, 0),
        ("Filter On", OFF_ON, 1), ("Filter Freq", 0.0, 1.0, 0.5),
        ("Filter Width", 0.0, 1.0, 0.5), ("Mod Freq", 0.0, 1.0, 0.1),
        ("Dly < Mod", 0.0, 1.0, 0.0), ("Filter < Mod", 0.0, 1.0, 0.0),
        ("Dry/Wet", 0.0, 1.0, 0.5),
    )),
    "Drum Buss": ("DrumBuss", "audio_effect", (
        ("Compressor On", OFF_ON, 1), ("Drive", 0.0, 1.0, 0.2),
        ("Drive Type", ("Soft", "Medium", "Hard"), 0), ("Crunch", 0.0, 1.0, 0.0),
        ("Damping Freq", 0.0, 1.0, 1.0), ("Transients", -1.0, 1.0, 0.0),
        ("Boom Amt", 0.0, 1.0, 0.0), ("Boom Freq", 0.0, 1.0, 0.5),
        ("Boom Decay", 0.0, 1.0, 0.5), ("Trim", -1.0, 0.0, 0.0),
        ("Output Gain", -1.0, 1.0, 0.0), _DRY_WET,
    )),
    "Dynamic Tube": ("Tube", "audio_effect", (
        ("Tube Type", ("A", "B", "C"), 0), ("Drive", 0.0, 1.0, 0.3), ("Bias", 0.0, 1.0, 0.5),
        ("Tone", -1.0, 1.0, 0.0), ("Envelope", -1.0, 1.0, 0.0), ("Attack", 0.0, 1.0, 0.1),
        ("Release", 0.0, 1.0, 0.3), ("Output", -1.0, 1.0, 0.0), _DRY_WET,
    )),
    "Echo": ("Echo", "audio_effect", (
        ("Channel Mode", ("Stereo", "Ping Pong", "Mid/Side"), 0), ("Link", OFF_ON, 1),
        ("L Sync", OFF_ON, 1), ("L Time", 0.0, 1.0, 0.3), ("L Sync Mode", ("Notes", "Triplet",
                                                                          "Dotted", "16th"), 0),
        ("L Offset", -0.33, 0.33, 0.0), ("R Sync", OFF_ON, 1), ("R Time", 0.0, 1.0, 0.3),
        ("Feedback", 0.0, 1.0, 0.4), ("Input Gain", -1.0, 1.0, 0.0),
        ("Filter On", OFF_ON, 1), ("HP Freq", 0.0, 1.0, 0.1), ("LP Freq", 0.0, 1.0, 0.9),
        ("Mod Wave", ("Sine", "Triangle", "Saw Up", "Saw Down", "Square", "Noise"), 0),
        ("Mod Rate", 0.0, 1.0, 0.3), ("Dly < Mod", 0.0, 1.0, 0.0),
        ("Reverb Level", 0.0, 1.0, 0.0), ("Stereo Width", 0.0, 2.0, 1.0),
        ("Output Gain", -1.0, 1.0, 0.0), ("Dry Wet", 0.0, 1.0, 0.5),
    )),
    "Envelope Follower": ("MxDeviceAudioEffect", "audio_effect", _MAX_AUDIO),
    "EQ Eight": ("Eq8", "audio_effect", _eq8()),
    "EQ Three": ("FilterEQ3", "audio_effect", (
        ("GainLo", 0.0, 1.0, 0.85), ("GainMid", 0.0, 1.0, 0.85), ("GainHi", 0.0, 1.0, 0.85),
        ("FreqLo", 0.0, 1.0, 0.3), ("FreqHi", 0.0, 1.0, 0.7), ("LowOn", OFF_ON, 1),
        ("MidOn", OFF_ON, 1), ("HighOn", OFF_ON, 1), ("Slope", ("24", "48"), 0),
    )),
    "Erosion": ("Erosion", "audio_effect", (
        ("Mode", ("Noise", "Wide Noise", "Sine"), 0), ("Frequency", 0.0, 1.0, 0.5),
        ("Width", 0.0, 1.0, 0.5), ("Amount", 0.0, 1.0, 0.0),
    )),
    "External Audio Effect": ("ProxyAudioEffectDevice", "audio_effect", (
        ("Input Gain", 0.0, 1.0, 0.85), ("Output Gain", 0.0, 1.0, 0.85), _DRY_WET,
    )),
    "Filter Delay": ("FilterDelay", "audio_effect", (*(
        spec for n in (1, 2, 3) for spec in (
            (f"{n} Input On", OFF_ON, 1), (f"{n} Filter Freq", 0.0, 1.0, 0.5),
            (f"{n} Filter Width", 0.0, 1.0, 0.5), (f"{n} Feedback", 0.0, 1.0, 0.3),
            (f"{n} Pan", -1.0, 1.0, 0.0), (f"{n} Volume", 0.0, 1.0, 0.7),
        )
    ), ("Dry", 0.0, 1.0, 1.0))),
    "Gate": ("Gate", "audio_effect", (
        ("Threshold", 0.0, 1.0, 0.3), ("Return", 0.0, 1.0, 0.1), ("FlipMode", OFF_ON, 0),
        ("LookAhead", ("0 ms", "1 ms", "10 ms"), 0), ("Attack", 0.0, 1.0, 0.1),
        ("Hold", 0.0, 1.0, 0.2), ("Release", 0.0, 1.0, 0.3), ("Floor", 0.0, 1.0, 0.0),
        *_SIDECHAIN,
    )),
    "Glue Compressor": ("GlueCompressor", "audio_effect", (
        ("Threshold", -40.0, 0.0, 0.0), ("Ratio", ("2", "4", "10"), 0),
        ("Attack", (".01", ".1", ".3", "1", "3", "10", "30"), 3),
        ("Release", (".1", ".2", ".4", ".6", "1.2", "Auto"), 2), ("Makeup", 0.0, 20.0, 0.0),
        ("Range", 0.0, 1.0, 1.0), ("Peak Clip In", OFF_ON, 0), *_SIDECHAIN, _DRY_WET,
    )),
    "Grain Delay": ("GrainDelay", "audio_effect", (
        ("Delay Mode", OFF_ON, 1), ("Beat Delay", 0, 7, 1, "int"), ("Beat Swing", -0.33, 0.33, 0.0),
        ("Time Delay", 0.0, 1.0, 0.1), ("Spray", 0.0, 1.0, 0.0), ("Frequency", 0.0, 1.0, 0.5),
        ("Pitch", -36.0, 12.0, 0.0), ("Random", 0.0, 1.0, 0.0), ("Feedback", 0.0, 0.95, 0.0),
        ("DryWet", 0.0, 1.0, 0.5),
    )),
    "Hybrid Reverb": ("Hybrid", "audio_effect", (
        ("Send Gain", -1.0, 1.0, 0.0), ("Routing", ("Serial", "Parallel", "Algorithm",
                                                    "Convolution"), 1),
        ("Blend", 0.0, 1.0, 0.5), ("Algo Type", ("Dark Hall", "Quartz", "Shimmer", "Tides",
                                                 "Prism"), 0),
        ("Decay", 0.0, 1.0, 0.5), ("Size", 0.0, 1.0, 0.5), ("Width", 0.0, 1.0, 1.0),
        ("P.Dly Time", 0.0, 1.0, 0.0), ("P.Dly Fb Time", 0.0, 1.0, 0.0),
        ("EQ Low Freq", 0.0, 1.0, 0.2), ("EQ High Freq", 0.0, 1.0, 0.8),
        ("Vintage", ("Off", "Subtle", "Old", "Older", "Extreme"), 0), ("Dry/Wet", 0.0, 1.0, 0.5),
    )),
    "LFO": ("MxDeviceAudioEffect", "audio_effect", _MAX_AUDIO),
    "Limiter": ("Limiter", "audio_effect", (
        ("Gain", -24.0, 24.0, 0.0), ("Ceiling", -24.0, 0.0, -0.3),
        ("Lookahead", ("1.5 ms", "3 ms", "6 ms"), 1), ("Release time", 0.0, 1.0, 0.3),
        ("Auto", OFF_ON, 1), ("Link Channels", OFF_ON, 1),
    )),
    "Looper": ("Looper", "audio_effect", (
        ("State", ("Stop", "Record", "Play", "Overdub"), 0), ("Speed", -36, 36, 0, "int"),
        ("Reverse", OFF_ON, 0), ("Quantization", ("None", "Global", "1/16", "1/8", "1/4",
                                                  "1/2", "1 Bar"), 1),
        ("Monitor", ("Always", "Never", "Overdub"), 0), ("Feedback", 0.0, 1.0, 1.0),
        ("Song Control", ("None", "Start", "Start & Stop"), 0),
        ("Tempo Control", ("None", "Follow song tempo", "Set & Follow song tempo"), 0),
    )),
    "Multiband Dynamics": ("MultibandDynamics", "audio_effect", (*(
        spec for band in ("Low", "Mid", "High") for spec in (
            (f"Band Activator ({band})", OFF_ON, 1), (f"Input Gain ({band})", -1.0, 1.0, 0.0),
            (f"Above Threshold ({band})", 0.0, 1.0, 1.0), (f"Above Ratio ({band})", 0.0, 1.0, 0.5),
            (f"Below Threshold ({band})", 0.0, 1.0, 0.0), (f"Output Gain ({band})", -1.0, 1.0, 0.0),
        )
    ), ("Low-Mid Crossover", 0.0, 1.0, 0.3), ("Mid-High Crossover", 0.0, 1.0, 0.7),
        ("Master Output", -1.0, 1.0, 0.0), ("Amount", 0.0, 1.0, 1.0))),
    "Overdrive": ("Overdrive", "audio_effect", (
        ("Filter Freq", 0.0, 1.0, 0.5), ("Filter Width", 0.0, 1.0, 0.5),
        ("Drive", 0.0, 1.0, 0.5), ("Tone", 0.0, 1.0, 0.5),
        ("Preserve Dynamics", 0.0, 1.0, 0.5), ("Dry/Wet", 0.0, 1.0, 1.0),
    )),
    "Pedal": ("Pedal", "audio_effect", (
        ("Type", ("Overdrive", "Distortion", "Fuzz"), 0), ("Gain", 0.0, 1.0, 0.5),
        ("Output", -1.0, 1.0, 0.0), ("Bass", -1.0, 1.0, 0.0), ("Mid", -1.0, 1.0, 0.0),
        ("Mid Freq", ("Low", "Mid", "High"), 1), ("Treble", -1.0, 1.0, 0.0),
        ("Sub", OFF_ON, 0), _DRY_WET,
    )),
    "Phaser-Flanger": ("PhaserNew", "audio_effect", (
        ("Mode", ("Phaser", "Flanger", "Doubler"), 0), ("Mod Rate", 0.0, 1.0, 0.3),
        ("Amount", 0.0, 1.0, 0.5), ("Feedback", 0.0, 1.0, 0.0), ("Notches", 1, 42, 4, "int"),
        ("Warmth", 0.0, 1.0, 0.0), ("Spin Enabled", OFF_ON, 0), ("Env Enabled", OFF_ON, 0),
        ("Output Gain", -1.0, 1.0, 0.0), ("Dry/Wet", 0.0, 1.0, 0.5),
    )),
    "Redux": ("Redux2", "audio_effect", (
        ("Sample Rate", 0.0, 1.0, 1.0), ("Jitter", 0.0, 1.0, 0.0), ("Pre-Filter On", OFF_ON, 1),
        ("Bit Depth", 1.0, 16.0, 16.0), ("Quantizer Shape", 0.0, 1.0, 0.0),
        ("DC Shift", OFF_ON, 0), ("Post-Filter", 0.0, 1.0, 0.0), _DRY_WET,
    )),
    "Resonators": ("Resonator", "audio_effect", (
        ("Filter On", OFF_ON, 1), ("Filter Type", ("Lowpass", "Bandpass", "Highpass",
                                                   "Notch"), 1),
        ("Frequency", 0.0, 1.0, 0.5), ("Mode", ("A", "B"), 0), ("Decay", 0.0, 1.0, 0.5),
        ("Const", OFF_ON, 0), ("Color", 0.0, 1.0, 0.5), ("I Note", 0, 127, 60, "int"),
        ("I Gain", 0.0, 1.0, 1.0), ("II Pitch", -24, 24, 0, "int"), ("II Gain", 0.0, 1.0, 0.0),
        ("III Pitch", -24, 24, 0, "int"), ("III Gain", 0.0, 1.0, 0.0),
        ("Width", 0.0, 1.0, 1.0), ("Global Gain", -1.0, 1.0, 0.0), _DRY_WET,
    )),
    "Reverb": ("Reverb", "audio_effect", (
        ("In LowCut On", OFF_ON, 1), ("In HighCut On", OFF_ON, 1),
        ("In Filter Freq", 0.0, 1.0, 0.5), ("In Filter Width", 0.0, 1.0, 0.5),
        ("Predelay", 0.0, 1.0, 0.1), ("ER Spin On", OFF_ON, 1), ("Chorus On", OFF_ON, 1),
        ("Chorus Amount", 0.0, 1.0, 0.1), ("Room Size", 0.0, 1.0, 0.5),
        ("Decay Time", 0.0, 1.0, 0.4), ("HiShelf Gain", 0.0, 1.0, 0.75),
        ("Freeze On", OFF_ON, 0), ("Flat On", OFF_ON, 1), ("Density", ("Sparse", "Low", "Mid",
                                                                       "High"), 2),
        ("Stereo Image", 0.0, 120.0, 100.0), ("Reflect Level", -1.0, 1.0, 0.0),
        ("Diffuse Level", -1.0, 1.0, 0.0), ("Dry/Wet", 0.0, 1.0, 0.5),
    )),
    "Roar": ("Roar", "audio_effect", (
        ("Routing", ("Single", "Serial", "Parallel", "Multi Band", "Mid Side", "Feedback"), 0),
        ("Drive", 0.0, 1.0, 0.3), ("Shaper 1 Type", ("Soft Sine", "Digital Clip", "Bit Crusher",
                                                     "Tube Pre-Amp", "Diode Clipper",
                                                     "Fractal", "Tri Fold"), 0),
        ("Shaper 1 Amt", 0.0, 1.0, 0.5), ("Shaper 1 Bias", -1.0, 1.0, 0.0),
        ("Flt 1 Freq", 0.0, 1.0, 0.7), ("Flt 1 Type", ("Lowpass", "Highpass", "Bandpass",
                                                        "Notch", "Peak", "Morph", "Comb",
                                                        "Resampling"), 0),
        ("Tone Amt", -1.0, 1.0, 0.0), ("Color", OFF_ON, 0), ("Comp Amt", 0.0, 1.0, 0.0),
        ("Fb Amt", 0.0, 1.0, 0.0), ("Global Mod Amt", 0.0, 1.0, 1.0),
        ("Output", -1.0, 1.0, 0.0), _DRY_WET,
    )),
    "Saturator": ("Saturator", "audio_effect", (
        ("Type", ("Analog Clip", "Soft Sine", "Medium Curve", "Hard Curve", "Sinoid Fold",
                  "Digital Clip", "Bass Shaper", "Waveshaper"), 0),
        ("Drive", -36.0, 36.0, 0.0), ("Color", OFF_ON, 0), ("Base", -1.0, 1.0, 0.0),
        ("Frequency", 0.0, 1.0, 0.5), ("Width", 0.0, 1.0, 0.3), ("Depth", -1.0, 1.0, 0.0),
        ("Output", -36.0, 0.0, 0.0), ("Soft Clip", OFF_ON, 0), _DRY_WET,
    )),
    "Shaper": ("MxDeviceAudioEffect", "audio_effect", _MAX_AUDIO),
    "Shifter": ("Shifter", "audio_effect", (
        ("Mode", ("Pitch", "Freq", "Ring"), 0), ("Pitch Coarse", -48, 48, 0, "int"),
        ("Pitch Fine", -50, 50, 0, "int"), ("Wide", OFF_ON, 0), ("Delay", OFF_ON, 0),
        ("Delay S. Time", 0.0, 1.0, 0.2), ("Delay Feedback", 0.0, 1.0, 0.3),
        ("Tone", 0.0, 1.0, 0.5), ("Lfo Amount St", 0.0, 1.0, 0.0),
        ("Env Amount St", -1.0, 1.0, 0.0), ("Dry/Wet", 0.0, 1.0, 1.0),
    )),
    "Spectral Resonator": ("Transmute", "audio_effect", (
        ("Frequency", 0.0, 1.0, 0.5), ("Decay", 0.0, 1.0, 0.5), ("LF Damp", 0.0, 1.0, 0.0),
        ("HF Damp", 0.0, 1.0, 0.0), ("Stretch", -1.0, 1.0, 0.0), ("Shift", -1.0, 1.0, 0.0),
        ("Harmonics", 0.0, 1.0, 0.5), ("Unison", ("1", "2", "4", "8"), 0),
        ("Unison Amount", 0.0, 1.0, 0.0), ("Mod Mode", ("None", "Chorus", "Wander",
                                                         "Granular"), 0),
        ("Input Send Gain", -1.0, 1.0, 0.0), ("Dry Wet", 0.0, 1.0, 0.5),
    )),
    "Spectral Time": ("Spectral", "audio_effect", (
        ("Frozen", OFF_ON, 0), ("Mode", ("Manual", "Retrigger"), 0),
        ("Retrigger Mode", ("Sync", "Onsets"), 0), ("Delay On", OFF_ON, 1),
        ("Delay Time Seconds", 0.0, 1.0, 0.2), ("Delay Feedback", 0.0, 1.0, 0.4),
        ("Delay Tilt", -1.0, 1.0, 0.0), ("Delay Spray", 0.0, 1.0, 0.0),
        ("Delay Mask", -1.0, 1.0, 0.0), ("Delay Frequency Shift", -1.0, 1.0, 0.0),
        ("Delay Mix", 0.0, 1.0, 1.0), ("Input Send Gain", -1.0, 1.0, 0.0),
        ("Dry Wet", 0.0, 1.0, 0.5),
    )),
    "Spectrum": ("SpectrumAnalyzer", "audio_effect", ()),
    "Tuner": ("Tuner", "audio_effect", ()),
    "Utility": ("StereoGain", "audio_effect", (
        ("Left Inv", OFF_ON, 0), ("Right Inv", OFF_ON, 0),
        ("Channel Mode", ("Left", "Stereo", "Right", "Swap"), 1),
        ("Stereo Width", 0.0, 4.0, 1.0), ("Mono", OFF_ON, 0), ("Bass Mono", OFF_ON, 0),
        ("Gain", -1.0, 1.0, 0.0), ("Balance", -1.0, 1.0, 0.0), ("Mute", OFF_ON, 0),
        ("DC Filter", OFF_ON, 0),
    )),
    "Vinyl Distortion": ("Vinyl", "audio_effect", (
        ("Tracing On", OFF_ON, 1), ("Tracing Drive", 0.0, 1.0, 0.3),
        ("Tracing Freq.", 0.0, 1.0, 0.5), ("Tracing Width", 0.0, 1.0, 0.5),
        ("Pinch On", OFF_ON, 0), ("Pinch Drive", 0.0, 1.0, 0.3), ("Global Drive", 0.0, 1.0, 0.0),
        ("Crackle Density", 0.0, 1.0, 0.0), ("Crackle Volume", 0.0, 1.0, 0.0),
    )),
    "Vocoder": ("Vocoder", "audio_effect", (
        ("Carrier", ("Noise", "External", "Modulator", "Pitch Tracking"), 0),
        ("Formant Shift", -1.0, 1.0, 0.0), ("Attack Time", 0.0, 1.0, 0.1),
        ("Release Time", 0.0, 1.0, 0.3), ("Unvoiced Level", 0.0, 1.0, 0.0),
        ("Gate Threshold", 0.0, 1.0, 0.0), ("Filter Bandwidth", 0.0, 1.0, 0.5),
        ("Envelope Depth", 0.0, 2.0, 1.0), ("Mono/Stereo", ("Mono", "Stereo", "L/R"), 0),
        ("Output Level", -1.0, 1.0, 0.0), ("Dry/Wet", 0.0, 1.0, 1.0),
    )),
}

DEVICES: dict[str, DeviceSpec] = {**INSTRUMENTS, **MIDI_EFFECTS, **AUDIO_EFFECTS}

# Max for Live category: folder name -> device names (also listed with Live's devices).
MAX_FOR_LIVE: dict[str, tuple[str, ...]] = {
    "Max Audio Effect": ("Align Delay", "Envelope Follower", "LFO", "Shaper"),
    "Max Instrument": ("DS Clang", "DS Clap", "DS Cymbal", "DS FM", "DS HH", "DS Kick",
                       "DS Snare", "DS Tom"),
    "Max MIDI Effect": ("Envelope MIDI", "Expression Control", "MIDI Monitor", "MPE Control",
                        "Note Echo", "Shaper MIDI"),
}

# Samples: folder -> file names (loadable into Simpler, or onto a drum pad).
SAMPLES: dict[str, tuple[str, ...]] = {
    "Drums": ("Kick 808.wav", "Snare 808.wav", "Clap 808.wav", "Hihat Closed 808.wav",
              "Hihat Open 808.wav", "Kick 909.wav", "Snare 909.wav", "Hihat Closed 909.wav",
              "Ride 909.wav"),
    "One Shots": ("Bass Pluck C1.wav", "Piano C3.wav", "Vox Hey.wav"),
}

# A preset: an instrument/effect with changed parameters (``device``, ``values``), or a
# rack (``rack`` = rack device name) with ``chains`` [(chain name, [device or preset names])]
# and ``macros`` {macro number: (macro name, chain index, device index, parameter name)}.
PRESETS: dict[str, dict[str, Any]] = {
    "Sub Bass.adv": {"device": "Operator", "values": {"Osc-A Wave": 0, "Transpose": -12,
                                                       "Ae Release": 0.1}},
    "Reese Bass.adv": {"device": "Analog", "values": {"OSC2 On/Off": 1, "OSC2 Detune": 0.2,
                                                       "F1 Freq": 0.4}},
    "Drift Lead.adv": {"device": "Drift", "values": {"Voice Mode": 1, "Glide Time": 0.2}},
    "Bright Keys.adv": {"device": "Electric", "values": {"M Stiffness": 0.7}},
    "Warm Pad.adg": {
        "rack": "Instrument Rack",
        "chains": [("Wavetable", ["Wavetable", "Reverb"]), ("Analog", ["Analog"])],
        "macros": {1: ("Filter", 0, 0, "Filter 1 Freq"), 2: ("Space", 0, 1, "Dry/Wet")},
    },
    "Layered Bass.adg": {
        "rack": "Instrument Rack",
        "chains": [("Sub", ["Sub Bass.adv"]), ("Mid", ["Reese Bass.adv", "Saturator"])],
        "macros": {1: ("Drive", 1, 1, "Drive")},
    },
    "Glue Bus.adg": {
        "rack": "Audio Effect Rack",
        "chains": [("Bus", ["Glue Compressor", "EQ Eight"])],
        "macros": {1: ("Threshold", 0, 0, "Threshold")},
    },
    "Chord Stack.adg": {
        "rack": "MIDI Effect Rack",
        "chains": [("Chords", ["Chord", "Arpeggiator"])],
        "macros": {1: ("Gate", 0, 1, "Gate")},
    },
}

# Presets shown below a device in its category: device name -> {folder: [preset names]}.
DEVICE_PRESETS: dict[str, dict[str, tuple[str, ...]]] = {
    "Operator": {"Bass": ("Sub Bass.adv",)},
    "Analog": {"Bass": ("Reese Bass.adv",)},
    "Drift": {"Lead": ("Drift Lead.adv",)},
    "Electric": {"Keys": ("Bright Keys.adv",)},
    "Instrument Rack": {"Bass": ("Layered Bass.adg",), "Pad": ("Warm Pad.adg",)},
    "Audio Effect Rack": {"Mixing & Mastering": ("Glue Bus.adg",)},
    "MIDI Effect Rack": {"Chords": ("Chord Stack.adg",)},
}

# Sounds category: folder -> presets.
SOUNDS: dict[str, tuple[str, ...]] = {
    "Bass": ("Layered Bass.adg", "Reese Bass.adv", "Sub Bass.adv"),
    "Keys": ("Bright Keys.adv",),
    "Lead": ("Drift Lead.adv",),
    "Pad": ("Warm Pad.adg",),
}

# Drum kits (Drum Racks): kit name -> {pad note: (chain name, sample file)}.
DRUM_KITS: dict[str, dict[int, tuple[str, str]]] = {
    "Kit-Core 808.adg": {
        36: ("Kick 808", "Kick 808.wav"), 37: ("Rim 808", "Snare 808.wav"),
        38: ("Snare 808", "Snare 808.wav"), 39: ("Clap 808", "Clap 808.wav"),
        41: ("Tom Low 808", "Kick 808.wav"), 42: ("Hihat Closed 808", "Hihat Closed 808.wav"),
        43: ("Tom Mid 808", "Kick 808.wav"), 44: ("Hihat Pedal 808", "Hihat Closed 808.wav"),
        45: ("Tom Hi 808", "Kick 808.wav"), 46: ("Hihat Open 808", "Hihat Open 808.wav"),
        49: ("Cymbal 808", "Hihat Open 808.wav"), 50: ("Cowbell 808", "Clap 808.wav"),
    },
    "Kit-Core 909.adg": {
        36: ("Kick 909", "Kick 909.wav"), 38: ("Snare 909", "Snare 909.wav"),
        39: ("Clap 909", "Clap 808.wav"), 42: ("Hihat Closed 909", "Hihat Closed 909.wav"),
        46: ("Hihat Open 909", "Hihat Closed 909.wav"), 51: ("Ride 909", "Ride 909.wav"),
    },
}
