"""The LOM classes against Live 12's API as ``ableton-live-stubs`` describes it.

The .pyi files are parsed with ``ast``. For every class the emulator implements:
- each method we implement that the stub has takes the same parameter names, in order,
  with the same positional-only split;
- each stub property we implement is settable here exactly when the stub has a setter;
- listener methods exist exactly for the properties Live observes: an observable stub
  property we implement has ``add_<p>_listener``; a non-observable one must not.
"""

from __future__ import annotations

import ast
import inspect
import sysconfig
import types
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from livectl.emulator._framework.timer import Timer
from livectl.emulator.lom import (
    Application,
    Clip,
    ClipSlot,
    CuePoint,
    Device,
    DeviceParameter,
    MidiNoteSpecification,
    MixerDevice,
    Scene,
    Song,
    Track,
)
from livectl.emulator.lom.application import ApplicationView
from livectl.emulator.lom.arrangement import TakeLane
from livectl.emulator.lom.browser import Browser, BrowserItem, BrowserItemVector
from livectl.emulator.lom.clip import ClipView
from livectl.emulator.lom.device import DeviceView
from livectl.emulator.lom.envelope import (
    Envelope,
    EnvelopeEvent,
    EnvelopeEventControlCoefficients,
    EnvelopeEventVector,
)
from livectl.emulator.lom.notes import MidiNote
from livectl.emulator.lom.rack import (
    Chain,
    ChainMixerDevice,
    DrumChain,
    DrumPad,
    RackDevice,
    RackDeviceView,
)
from livectl.emulator.lom.song_time import SmptTime
from livectl.emulator.lom.song_view import SongView
from livectl.emulator.lom.track import TrackView

STUBS = Path(sysconfig.get_paths()["purelib"]) / "Live-stubs"

# (stub file, dotted class name in the stub) -> our class
CLASSES: dict[tuple[str, str], type] = {
    ("Song", "Song"): Song,
    ("Song", "Song.View"): SongView,
    ("Song", "CuePoint"): CuePoint,
    ("Song", "SmptTime"): SmptTime,
    ("Base", "Timer"): Timer,
    ("Track", "Track"): Track,
    ("Track", "Track.View"): TrackView,
    ("ClipSlot", "ClipSlot"): ClipSlot,
    ("Clip", "Clip"): Clip,
    ("Clip", "Clip.View"): ClipView,
    ("Clip", "MidiNoteSpecification"): MidiNoteSpecification,
    ("Clip", "MidiNote"): MidiNote,
    ("Envelope", "Envelope"): Envelope,
    ("Envelope", "EnvelopeEvent"): EnvelopeEvent,
    ("Envelope", "EnvelopeEventControlCoefficients"): EnvelopeEventControlCoefficients,
    ("Envelope", "EnvelopeEventVector"): EnvelopeEventVector,
    ("TakeLane", "TakeLane"): TakeLane,
    ("Scene", "Scene"): Scene,
    ("Device", "Device"): Device,
    ("Device", "Device.View"): DeviceView,
    ("DeviceParameter", "DeviceParameter"): DeviceParameter,
    ("MixerDevice", "MixerDevice"): MixerDevice,
    ("Application", "Application"): Application,
    ("Application", "Application.View"): ApplicationView,
    ("Browser", "Browser"): Browser,
    ("Browser", "BrowserItem"): BrowserItem,
    ("Browser", "BrowserItemVector"): BrowserItemVector,
    ("RackDevice", "RackDevice"): RackDevice,
    ("RackDevice", "RackDevice.View"): RackDeviceView,
    ("Chain", "Chain"): Chain,
    ("DrumChain", "DrumChain"): DrumChain,
    ("DrumPad", "DrumPad"): DrumPad,
    ("ChainMixerDevice", "ChainMixerDevice"): ChainMixerDevice,
}


@dataclass
class StubClass:
    methods: dict[str, tuple[list[str], int]] = field(default_factory=dict)  # name -> (params, n_posonly)
    properties: dict[str, bool] = field(default_factory=dict)  # name -> has setter
    listeners: set[str] = field(default_factory=set)
    bases: list[str] = field(default_factory=list)  # as written in the stub: "Device.View"


def _parse(module: str) -> dict[str, StubClass]:
    tree = ast.parse((STUBS / f"{module}.pyi").read_text(encoding="utf-8"))
    found: dict[str, StubClass] = {}

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if not isinstance(node, ast.ClassDef):
                continue
            name = prefix + node.name
            stub = found.setdefault(name, StubClass())
            stub.bases = [ast.unparse(b) for b in node.bases]
            for item in node.body:
                if not isinstance(item, ast.FunctionDef):
                    continue
                decorators = [ast.unparse(d) for d in item.decorator_list]
                if "property" in decorators:
                    stub.properties.setdefault(item.name, False)
                elif any(d.endswith(".setter") for d in decorators):
                    stub.properties[item.name] = True
                elif item.name.startswith("add_") and item.name.endswith("_listener"):
                    stub.listeners.add(item.name[4:-9])
                else:
                    args = item.args
                    params = [a.arg for a in args.posonlyargs + args.args][1:]
                    stub.methods[item.name] = (params, max(0, len(args.posonlyargs) - 1))
            visit(node.body, name + ".")

    visit(tree.body, "")
    return found


@pytest.fixture(scope="module")
def stubs() -> dict[tuple[str, str], StubClass]:
    if not STUBS.is_dir():
        pytest.fail(f"ableton-live-stubs is not installed ({STUBS}); pip install -e .[test]")
    parsed: dict[tuple[str, str], StubClass] = {}
    for module in {m for m, _ in CLASSES} | {"Device", "Chain"}:  # + bases of our classes
        for name, stub in _parse(module).items():
            parsed[(module, name)] = stub
    return parsed


def _our_params(func: object) -> tuple[list[str], int]:
    sig = inspect.signature(func)  # type: ignore[arg-type]
    params = [p for p in sig.parameters.values() if p.name != "self"]
    posonly = sum(1 for p in params if p.kind is inspect.Parameter.POSITIONAL_ONLY)
    return [p.name for p in params], posonly


@pytest.mark.parametrize("key", list(CLASSES), ids=lambda k: k[1])
def test_methods_match_stub_signatures(stubs: dict[tuple[str, str], StubClass], key: tuple[str, str]) -> None:
    ours = CLASSES[key]
    stub = stubs[key]
    checked = 0
    for name, (params, posonly) in stub.methods.items():
        if name.startswith("__") and name != "__init__":
            continue
        if name.endswith("_has_listener") or name.startswith("remove_"):
            continue
        if name not in vars(ours) and not any(name in vars(base) for base in ours.__mro__[1:-1]):
            continue  # not modelled
        our_params, our_posonly = _our_params(getattr(ours, name))
        assert our_params == params, f"{ours.__name__}.{name}{our_params} != stub {params}"
        assert our_posonly == posonly, f"{ours.__name__}.{name}: positional-only split differs"
        checked += 1


def _live_listeners(stubs: dict[tuple[str, str], StubClass], key: tuple[str, str]) -> set[str]:
    """Listeners of the stub class and of its stub base classes (DrumChain gets Chain's)."""
    found = set(stubs[key].listeners)
    for base in stubs[key].bases:
        for other in stubs:
            if other[1] == base and other != key:
                found |= _live_listeners(stubs, other)
    return found


@pytest.mark.parametrize("key", list(CLASSES), ids=lambda k: k[1])
def test_properties_and_listeners_match_stub(
    stubs: dict[tuple[str, str], StubClass], key: tuple[str, str]
) -> None:
    ours = CLASSES[key]
    stub = stubs[key]
    listeners = _live_listeners(stubs, key)
    for name, settable in stub.properties.items():
        attr = inspect.getattr_static(ours, name, None)
        if attr is None:
            continue  # not modelled
        if isinstance(attr, property):
            our_settable = attr.fset is not None
        elif isinstance(attr, types.MemberDescriptorType):  # a __slots__ attribute
            our_settable = True
        else:  # a Field descriptor
            our_settable = not getattr(attr, "readonly", True)
        # Live's stubs mark a few read-only things as settable; we follow the stub except
        # where the reference says Live refuses (documented in the allow-list).
        if (ours.__name__, name) not in SETTER_EXCEPTIONS:
            assert our_settable == settable, f"{ours.__name__}.{name}: settable {our_settable}, stub {settable}"
        has_listener = hasattr(ours, f"add_{name}_listener")
        assert has_listener == (name in listeners), (
            f"{ours.__name__}.{name}: listener {has_listener}, Live observable {name in listeners}"
        )
    # and no listener for a property Live does not observe
    ours_observable = getattr(ours, "observable_properties", frozenset())
    extra = sorted(ours_observable - listeners)
    assert not extra, f"{ours.__name__} observes properties Live does not: {extra}"


SETTER_EXCEPTIONS: set[tuple[str, str]] = {
    # The stub says get/set, but Live refuses to set it (probe notes: a signature mismatch).
    ("DeviceParameter", "display_value"),
}


def test_midi_note_spec_matches_live_12_order() -> None:
    params, _ = _our_params(MidiNoteSpecification.__init__)
    assert params[:3] == ["pitch", "start_time", "duration"]
