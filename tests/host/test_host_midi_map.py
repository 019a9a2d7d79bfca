"""Live.MidiMap and _Framework.EncoderElement: a script maps CCs in build_midi_map (on the
handle Live passes after request_rebuild_midi_map); MIDI at its input port then moves the
mapped parameters, forwarded messages reach receive_midi, others are dropped."""

from __future__ import annotations

import ast
import inspect
import sysconfig
from pathlib import Path

import pytest

from livectl.emulator._framework.midi_map import MidiMaps, midi_map_module
from livectl.emulator.host import RemoteScriptHost
from livectl.emulator.lom import LiveEngine

SCRIPTS = Path(__file__).resolve().parent / "scripts"


def test_build_midi_map_runs_on_the_next_tick_and_maps_route_midi(engine: LiveEngine) -> None:
    mixer = engine.song.tracks[0].mixer_device
    with RemoteScriptHost(engine, SCRIPTS / "midimap_surface") as host:
        surface = host.instance
        assert surface.handles == []  # Live answers the request on its next tick
        host.tick()
        assert len(surface.handles) == 1 and isinstance(surface.handles[0], int)
        host.tick()
        assert len(surface.handles) == 1  # one request, one build

        host.receive_midi((0xB0, 7, 127))  # mapped: Live moves the parameter itself
        assert mixer.volume.value == pytest.approx(mixer.volume.max)
        host.receive_midi((0xB0, 7, 0))
        assert mixer.volume.value == pytest.approx(mixer.volume.min)
        host.receive_midi((0xB1, 7, 127))  # another channel: not mapped, dropped
        assert mixer.volume.value == pytest.approx(mixer.volume.min)
        assert surface.received == []

        host.receive_midi((0xB0, 20, 5))  # forwarded to the script
        host.receive_midi((0x90, 60, 100))  # neither mapped nor forwarded
        assert surface.received == [(0xB0, 20, 5)]

        before = mixer.panning.value
        host.receive_midi((0xB0, 21, 1))  # the encoder, relative two's complement: +1 step
        up = mixer.panning.value
        host.receive_midi((0xB0, 21, 127))  # -1 step
        assert up > before and mixer.panning.value == pytest.approx(before)


def test_a_handle_is_only_valid_inside_build_midi_map(engine: LiveEngine) -> None:
    with RemoteScriptHost(engine, SCRIPTS / "midimap_surface") as host:
        host.tick()
        midi_map = __import__("Live").MidiMap
        volume = engine.song.tracks[0].mixer_device.volume
        with pytest.raises(RuntimeError, match="only valid inside build_midi_map"):
            midi_map.map_midi_cc(host.instance.handles[0], volume, 0, 7, 0, True)
        host.c_instance.request_rebuild_midi_map()

        def bad_build(handle: int) -> None:
            midi_map.map_midi_cc(handle, volume, 16, 7, 0, True)

        host.instance.build_midi_map = bad_build
        host.tick()  # a failing build is logged; the map in force stays
        host.receive_midi((0xB0, 7, 127))
        assert volume.value == pytest.approx(volume.max)


def test_map_mode_and_checks_follow_live(engine: LiveEngine) -> None:
    with RemoteScriptHost(engine, SCRIPTS / "midimap_surface") as host:
        mode = __import__("Live").MidiMap.MapMode
        assert (mode.absolute, mode.absolute_14_bit, mode.relative_smooth_signed_bit2) == (0, 5, 9)
        with pytest.raises(ValueError, match=r"midi_bytes must be one short channel message"):
            host.receive_midi((0xF0, 1, 2))


def _stub_tree() -> ast.Module:
    stubs = Path(sysconfig.get_paths()["purelib"]) / "Live-stubs" / "MidiMap.pyi"
    return ast.parse(stubs.read_text(encoding="utf-8"))


def test_live_midimap_matches_the_12_3_stubs() -> None:
    """Every function of MidiMap.pyi, with its parameter names and positional-only split;
    its classes; MapMode's values."""
    module = midi_map_module(MidiMaps())
    tree = _stub_tree()
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    assert len(functions) == 10 and len(classes) == 4
    for stub in functions:
        ours = inspect.signature(getattr(module, stub.name))
        kinds = {p.name: p.kind for p in ours.parameters.values()}
        names = [a.arg for a in stub.args.posonlyargs + stub.args.args]
        assert list(kinds) == names, stub.name
        assert all(k is inspect.Parameter.POSITIONAL_ONLY for k in kinds.values()), stub.name
    for stub_class in classes:
        ours_class = getattr(module, stub_class.name)
        for item in stub_class.body:
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                assert isinstance(item.value, ast.Constant)
                assert getattr(ours_class, item.target.id) == item.value.value
            elif isinstance(item, ast.FunctionDef) and item.name != "__init__":
                assert hasattr(ours_class(), item.name), f"{stub_class.name}.{item.name}"
