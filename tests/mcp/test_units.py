"""Pure parts of the MCP tools: reading the number in a parameter's shown text (k and m
prefixes scale it, so "500 ms" and "1.00 s" compare right), and the
argument error texts built from a tool's JSON schema."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, Field, ValidationError

from livectl.mcp._registry import argument_errors
from livectl.mcp.tools.devices import _number


@pytest.mark.parametrize(("text", "value"), [
    ("-6 dB", -6.0), ("2.5 kHz", 2500.0), ("440 Hz", 440.0), ("50 %", 50.0), ("12 ms", 0.012), ("1.5 s", 1.5),
    ("1,200 Hz", 1200.0), ("-inf dB", None), ("Sine", None), ("0.70", 0.7)])
def test_number_in_a_shown_value(text: str, value: float | None) -> None:
    assert _number(text) == value


class _Args(BaseModel):
    bars: int = Field(ge=1, le=64)
    key: str = Field(min_length=1, max_length=40)


def test_argument_errors_name_field_range_and_value() -> None:
    schema = _Args.model_json_schema()
    with pytest.raises(ValidationError) as info:
        _Args(bars=0, key="")
    text = argument_errors("generate_melody", info.value, schema)
    assert text == ("bad arguments for generate_melody: bars must be an integer in range "
                    "1..64, got 0; key must be a string of 1..40 characters, got ''")
