"""Which MIDI API: argument, then LIVECTL_MIDI_API, then the platform default."""

from __future__ import annotations

import os

import pytest

from livectl.errors import MIDIBackendError, ValidationError
from livectl.midi import _backend, compiled_apis, list_outputs, open_output, resolve_api
from livectl.midi._backend import Backend


def test_argument_wins_over_environment(monkeypatch, jack):
    monkeypatch.setenv("LIVECTL_MIDI_API", "alsa")
    assert resolve_api("JACK") == "jack"


def test_environment_variable_chooses_outright(monkeypatch, jack):
    monkeypatch.setenv("LIVECTL_MIDI_API", "jack")
    assert resolve_api() == "jack"
    assert Backend.choose().api == "jack"


def test_unknown_api_names_the_field_and_the_choices(monkeypatch):
    with pytest.raises(ValidationError, match=r"api must be one of alsa, jack, coremidi, winmm"):
        resolve_api("pipewire")
    monkeypatch.setenv("LIVECTL_MIDI_API", "oss")
    with pytest.raises(ValidationError, match="LIVECTL_MIDI_API must be one of") as info:
        resolve_api()
    assert info.value.value == "oss"


def test_api_not_in_this_build_says_what_there_is():
    assert set(compiled_apis()) >= {"alsa", "jack"}
    with pytest.raises(MIDIBackendError, match="not available in this python-rtmidi build"):
        resolve_api("coremidi")


def test_platform_defaults(monkeypatch):
    monkeypatch.delenv("LIVECTL_MIDI_API", raising=False)
    assert resolve_api(platform="darwin") == "coremidi"
    assert resolve_api(platform="win32") == "winmm"
    monkeypatch.setattr(_backend, "_ALSA_SEQ_DEVICE", "/")  # pretend the sequencer exists
    assert resolve_api(platform="linux") == "alsa"


def test_linux_without_alsa_sequencer_falls_back_to_a_running_jack(monkeypatch, jack):
    monkeypatch.delenv("LIVECTL_MIDI_API", raising=False)
    monkeypatch.setattr(_backend, "_ALSA_SEQ_DEVICE", "/nonexistent/snd/seq")
    assert resolve_api(platform="linux") == "jack"


def test_linux_with_neither_says_how_to_get_one(monkeypatch, jack):
    monkeypatch.delenv("LIVECTL_MIDI_API", raising=False)
    monkeypatch.setattr(_backend, "_ALSA_SEQ_DEVICE", "/nonexistent/snd/seq")
    monkeypatch.setenv("JACK_DEFAULT_SERVER", "no-such-server-livectl")
    with pytest.raises(MIDIBackendError) as info:
        resolve_api(platform="linux")
    text = str(info.value)
    assert "ALSA sequencer is missing" in text and "JACK" in text and "LIVECTL_MIDI_API" in text


def test_alsa_api_without_its_sequencer_is_a_clear_error_and_with_it_lists_ports():
    if not os.path.exists("/dev/snd/seq"):  # this CI machine: no sound support in the kernel
        with pytest.raises(MIDIBackendError, match="ALSA sequencer is not available"):
            list_outputs(api="alsa")
    else:
        assert isinstance(list_outputs(api="alsa"), list)


def test_jack_without_a_server_becomes_a_clear_error(monkeypatch, jack):
    monkeypatch.setenv("JACK_DEFAULT_SERVER", "no-such-server-livectl")
    with pytest.raises(MIDIBackendError, match="no JACK server answered"):
        open_output(virtual_name="x", api="jack")


def test_virtual_ports_are_refused_on_winmm_with_the_loopmidi_hint():
    backend = Backend("winmm")
    assert not backend.supports_virtual
    from livectl.midi.ports import _resolve

    with pytest.raises(MIDIBackendError, match="loopMIDI"):
        _resolve(backend, [], None, "livectl", "output")
