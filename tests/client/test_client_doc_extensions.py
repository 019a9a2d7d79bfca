"""docs/client.md's "Beyond AbletonOSC" examples run, each on a fresh emulator over UDP, and do
what their comments say (printed values checked, and the emulated set inspected)."""

from __future__ import annotations

import contextlib
import io
import re
import time
from pathlib import Path
from typing import Any

import pytest

from livectl.emulator import Emulator

DOC = (Path(__file__).resolve().parents[2] / "docs" / "client.md").read_text(encoding="utf-8")
SECTION = DOC.split("## Beyond AbletonOSC: livectl's remote script", 1)[1].split("\n## ", 1)[0]
BLOCKS = dict(
    (title.strip(), code)
    for title, code in re.findall(r"### ([^\n]+)\n(?:(?!### ).)*?```python\n(.*?)```",
                                  SECTION, flags=re.S)
)


def run_block(title: str, tick_s: float = 0) -> tuple[Emulator, str]:
    """Run one example against a new emulator; its printed output. The emulator is returned
    open (the caller closes it) so the set can be inspected."""
    emu = Emulator(port=0, tick_s=tick_s).start()
    code = BLOCKS[title]
    code = code.replace("livectl.connect()", f"livectl.connect(port={emu.port})")
    code = code.replace("livectl.aconnect()", f"livectl.aconnect(port={emu.port})")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, f"docs/client.md: {title}", "exec"), {"__name__": "__doc_example__"})
    return emu, out.getvalue()


def test_the_section_has_an_example_per_capability() -> None:
    assert set(BLOCKS) == {
        "Devices and the browser", "Racks and drum pads", "The arrangement", "Automation",
        "Return tracks and the master", "Live 12's note fields and note ids",
        "Views and selection", "asyncio"}


@pytest.fixture
def opened() -> Any:
    emulators: list[Emulator] = []

    def run(title: str, tick_s: float = 0) -> tuple[Emulator, str]:
        emu, out = run_block(title, tick_s)
        emulators.append(emu)
        return emu, out

    yield run
    for emu in emulators:
        emu.close()


def test_devices_and_the_browser(opened: Any) -> None:
    emu, out = opened("Devices and the browser")
    lines = out.splitlines()
    assert lines[0].startswith("('sounds', 'drums', 'instruments'")
    assert lines[-1] == "Operator Kit-Core 808"
    with emu.engine.lock:
        tracks = emu.engine.song.tracks
        assert [d.name for d in tracks[-2].devices] == ["Operator"]
        assert [d.name for d in tracks[-1].devices] == ["Kit-Core 808"]


def test_racks_and_drum_pads(opened: Any) -> None:
    _emu, out = opened("Racks and drum pads")
    assert out.strip() == "Kick 808 36 38 6"


@pytest.mark.slow
@pytest.mark.parametrize("tick_s", [0, 0.1])
def test_the_arrangement_plays(opened: Any, tick_s: float) -> None:
    emu, out = opened("The arrangement", tick_s)
    lines = out.splitlines()
    assert lines[0] == "16.0 16"
    assert lines[1] == "[<ArrangementClip 4 0 ''>, <ArrangementClip 4 1 ''>]"
    song = emu.engine.song
    deadline = time.monotonic() + 15
    while True:  # the song plays on the emulator's clock: wait for bar 5's clip to play
        with emu.engine.lock:
            clip = song.tracks[4].arrangement_clips[1]
            if clip.is_playing:
                assert clip.start_time == 16.0
                break
        assert time.monotonic() < deadline, "the arrangement clip never played"
        time.sleep(0.02)


def test_automation_follows(opened: Any) -> None:
    emu, out = opened("Automation")
    assert float(out.strip()) == pytest.approx(0.6)
    song = emu.engine.song
    seen: set[float] = set()
    deadline = time.monotonic() + 15
    while not {0.2, 0.4, 0.6, 0.8} <= seen:
        with emu.engine.lock:
            device = song.tracks[4].devices[0]
            value = next(p for p in device.parameters if p.name == "Filter Freq").value
        seen.add(round(value, 5))
        assert time.monotonic() < deadline, f"Filter Freq did not follow: saw {seen}"
        time.sleep(0.01)


def test_return_tracks_and_the_master(opened: Any) -> None:
    _emu, out = opened("Return tracks and the master")
    assert out.splitlines() == ["[0.5, 0.25] 0.5 0.75", "Device On"]


def test_note_fields_and_ids(opened: Any) -> None:
    emu, out = opened("Live 12's note fields and note ids")
    assert out.splitlines() == ["0.5 True", "3"]
    with emu.engine.lock:
        notes = emu.engine.song.tracks[0].clip_slots[0].clip.get_all_notes_extended()
        assert sorted(n.pitch for n in notes) == [61, 62, 63]
        assert {n.velocity_deviation for n in notes} == {20.0}
        assert {n.probability for n in notes} == {0.5}


def test_views_and_selection(opened: Any) -> None:
    _emu, out = opened("Views and selection")
    assert out.strip() == "Arranger True"


def test_asyncio(opened: Any) -> None:
    _emu, out = opened("asyncio")
    assert out.strip() == "<Device 4 0> 0.5"
