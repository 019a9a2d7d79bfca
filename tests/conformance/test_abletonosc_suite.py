"""AbletonOSC's own test suite (54 tests) passes against the emulator, both ways:

- ``script``: the unmodified AbletonOSC from ``../shared/thirdparty/AbletonOSC`` (copied to a
  tmp dir) hosted as a Live remote script on the emulated Live;
- ``builtin``: livectl's built-in AbletonOSC front end (``Emulator(port=11000, ...)``).

The suite runs in its own process (it is the OSC client, on AbletonOSC's fixed ports 11000 and
11001) and takes ~25 s per front end. Without the shared folder this test fails, saying so;
``LIVECTL_NO_THIRDPARTY=1`` turns that into a skip with the reason, for a user who knows.
``scripts/conformance --repeat 20`` runs it many times in a row.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # importlib mode: the kit beside us

from abletonosc_kit import (
    EXPECTED_TESTS,
    FRONT_ENDS,
    NO_THIRDPARTY_ENV,
    SHARED,
    AbletonOSCMissing,
    copy_abletonosc,
    hosted,
    missing_message,
    run_suite,
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(400), pytest.mark.xdist_group("fixed-ports")]


@pytest.fixture
def abletonosc(tmp_path: Path) -> Path:
    if not SHARED.is_dir() and os.environ.get(NO_THIRDPARTY_ENV) == "1":
        pytest.skip(f"{NO_THIRDPARTY_ENV}=1: AbletonOSC conformance not run ({SHARED} absent)")
    try:
        return copy_abletonosc(tmp_path)
    except AbletonOSCMissing:
        pytest.fail(missing_message(), pytrace=False)


@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_abletonosc_suite_passes(abletonosc: Path, front_end: str) -> None:
    with hosted(front_end, abletonosc) as emulator:
        result = run_suite(abletonosc)
        if front_end == "script":
            assert emulator.script_host.missing == []  # nothing it asked for was lacking
    assert result.tests == EXPECTED_TESTS, result.output[-4000:]
    assert (result.passed, result.failed, result.skipped) == (EXPECTED_TESTS, 0, 0), (
        f"{front_end}: {result.summary()}\n{result.output[-6000:]}"
    )


def test_abletonosc_midimap_map_cc_moves_the_parameter(abletonosc: Path) -> None:
    """/live/midimap/map_cc as in Live: AbletonOSC asks for a MIDI map rebuild, the host calls
    its build_midi_map on the next tick, and a CC at its input port moves the parameter."""
    from pythonosc.udp_client import SimpleUDPClient

    with hosted("script", abletonosc) as emulator:
        engine, host = emulator.engine, emulator.script_host
        device = engine.add_device(0, "Operator", "Operator", 1, [
            {"name": "Coarse", "value": 1, "min": 0, "max": 48, "is_quantized": True}])
        coarse = device.parameters[1]  # [0] is "Device On"
        SimpleUDPClient("127.0.0.1", 11000).send_message(
            "/live/midimap/map_cc", [0, 0, 1, 2, 74])  # track, device, parameter, channel, cc
        deadline = time.monotonic() + 5.0
        while host.midi_maps.builds == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert host.midi_maps.builds >= 1, "AbletonOSC's build_midi_map was never called"
        host.receive_midi((0xB2, 74, 127))
        assert coarse.value == 48.0
        host.receive_midi((0xB2, 74, 64))
        assert coarse.value == round(48 * 64 / 127)
        host.receive_midi((0xB0, 74, 0))  # channel 1: not mapped
        assert coarse.value == round(48 * 64 / 127)
