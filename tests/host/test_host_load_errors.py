"""A script that fails to load: the error shows its real traceback and names what the emulated
Live lacked, also when the script swallowed the ImportError itself (AbletonOSC's __init__.py
does ``try: from .manager import Manager except ImportError: pass``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from livectl.emulator.host import RemoteScriptHost
from livectl.emulator.lom import LiveEngine
from livectl.errors import EmulatorError

SCRIPTS = Path(__file__).resolve().parent / "scripts"


def test_a_swallowed_missing_module_is_named_with_where_it_was_imported(
    engine: LiveEngine,
) -> None:
    host = RemoteScriptHost(engine, SCRIPTS / "swallowing_surface")
    with pytest.raises(EmulatorError) as caught:
        host.start()
    text = str(caught.value)
    # What the script itself raised, with its own frame ...
    assert "NameError: name 'Surface' is not defined" in text
    assert "swallowing_surface/__init__.py\", line 11, in create_instance" in text
    # ... and the real cause it had swallowed, with the line that asked for it.
    assert "_Framework.NoSuchElement" in text
    assert "ModuleNotFoundError: No module named '_Framework.NoSuchElement'" in text
    assert "surface.py\", line 4, in <module>" in text
    assert [m.name for m in host.missing] == ["_Framework.NoSuchElement"]
    # The failed start left nothing behind: Live's names are gone, another host can start.
    assert "Live" not in sys.modules and "_Framework" not in sys.modules
    assert not any(type(f).__name__ == "_MissingFinder" for f in sys.meta_path)
    with RemoteScriptHost(engine, SCRIPTS / "echo_surface") as other:
        assert other.running


def test_a_missing_attribute_of_a_live_module_is_named(engine: LiveEngine) -> None:
    host = RemoteScriptHost(engine, SCRIPTS / "attribute_surface")
    with pytest.raises(EmulatorError) as caught:
        host.start()
    text = str(caught.value)
    assert "TypeError: 'NoneType' object is not callable" in text
    assert "Live.Song.NoSuchEnum" in text
    assert "AttributeError: module 'Live.Song' has no attribute 'NoSuchEnum'" in text
    assert "attribute_surface/__init__.py\", line 4, in <module>" in text


def test_a_script_that_loads_reports_nothing_missing(engine: LiveEngine) -> None:
    with RemoteScriptHost(engine, SCRIPTS / "echo_surface") as host:
        assert host.missing == []
