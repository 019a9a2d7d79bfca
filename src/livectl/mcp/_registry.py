"""Tools as plain functions, and the server that serves them.

A tool is a function whose first parameter is a :class:`Ctx` (the connected Live and what
its script offers) and whose other parameters, with their type hints and ``Field``
constraints, become the tool's JSON schema; its docstring is what the model reads. The
:func:`tool` decorator records it; :func:`build_server` binds every recorded tool to one
:class:`LiveLink`. Errors come back as tool errors (``isError``) whose text says what was
wrong and what to do: arguments name the field, the range and the value.
"""

from __future__ import annotations

import inspect
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import ValidationError as PydanticValidationError

from livectl import __version__
from livectl.errors import LiveCtlError, LiveError
from livectl.mcp._link import LiveLink, LiveUnavailableError

__all__ = ["TOOLS", "Ctx", "ToolSpec", "build_server", "tool"]

log = logging.getLogger(__name__)

INSTRUCTIONS = """\
livectl controls Ableton Live (or livectl's emulated Live). Start with get_set: it shows the
tracks, clip slots, clips, devices and scenes with their 0-based indices (Live's track 1 is
track 0). Times and lengths are in beats (a 4/4 bar is 4 beats). Every tool that changes the
set is one undo step in Live: call undo to take back the last one.
"""


@dataclass
class Ctx:
    """What a tool body gets: the connected client and what its peer offers."""

    live: Any
    extended: bool  # livectl's remote script: devices, browser, arrangement, automation...
    state: dict[str, Any] = field(default_factory=dict)  # per server: caches (melody models)

    def require_extensions(self, what: str) -> None:
        if not self.extended:
            raise ToolError(
                f"{what} needs livectl's remote script; the connected Live runs plain "
                "AbletonOSC, which cannot do it. Fix: run 'livectl script install', select "
                "livectl as a Control Surface in Live's preferences, then call again.")


@dataclass(frozen=True)
class ToolSpec:
    name: str
    fn: Callable[..., Any]
    writes: bool
    title: str
    destructive: bool = False
    idempotent: bool = False
    undo_step: bool = True


TOOLS: list[ToolSpec] = []


def tool(title: str, *, writes: bool, destructive: bool = False, idempotent: bool = False,
         undo_step: bool = True) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Record a tool. ``writes``: it changes the set (left out with --read-only, one undo
    step in Live unless ``undo_step`` is False: undo and redo themselves)."""

    def record(fn: Callable[..., Any]) -> Callable[..., Any]:
        TOOLS.append(ToolSpec(fn.__name__, fn, writes, title, destructive, idempotent,
                              undo_step))
        return fn

    return record


def tool_error(exc: BaseException) -> ToolError:
    """The text the model reads for an exception raised by a tool body."""
    if isinstance(exc, ToolError):
        return exc
    if isinstance(exc, LiveUnavailableError):
        return ToolError(str(exc))
    if isinstance(exc, LiveError):
        return ToolError(f"Live refused it: {exc}")
    if isinstance(exc, LiveCtlError | ValueError | LookupError):
        return ToolError(str(exc))
    log.error("tool failed unexpectedly", exc_info=exc)
    return ToolError(f"unexpected {type(exc).__name__}: {exc} (a bug in livectl: please "
                     "report it)")


def _bind(spec: ToolSpec, link: LiveLink, state: dict[str, Any]) -> Callable[..., Any]:
    sig = inspect.signature(spec.fn, eval_str=True)
    params = list(sig.parameters.values())[1:]  # the first is the Ctx

    def call(**kwargs: Any) -> Any:
        def body(live: Any) -> Any:
            return spec.fn(Ctx(live, link.has_extensions(live), state), **kwargs)

        try:
            result = link.run(body, writes=spec.writes and spec.undo_step)
        except Exception as exc:
            raise tool_error(exc) from None
        if isinstance(result, dict | list):  # compact: the snapshot of a big set stays small
            return json.dumps(result, separators=(",", ":"), ensure_ascii=False)
        return result

    call.__name__ = spec.name
    call.__qualname__ = spec.name
    call.__doc__ = inspect.getdoc(spec.fn)
    call.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
    return call


def _number(value: Any) -> str:
    """1576800.0 -> '1576800', 0.5 -> '0.5', None -> '' (an open end)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _describe(schema: dict[str, Any]) -> str:
    """A field's allowed values from its JSON schema: 'an integer in range 0..127'."""
    kind = schema.get("type")
    if "anyOf" in schema:
        kinds = [s for s in schema["anyOf"] if s.get("type") != "null"]
        if len(kinds) == 1:
            return _describe(kinds[0])
    if "enum" in schema:
        return "one of " + ", ".join(repr(v) for v in schema["enum"])
    noun = {"integer": "an integer", "number": "a number", "string": "a string",
            "boolean": "true or false", "array": "a list", "object": "an object"}.get(
        str(kind), "a value")
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    if low is not None or high is not None:
        return f"{noun} in range {_number(low)}..{_number(high)}"
    if "minLength" in schema or "maxLength" in schema:
        return f"{noun} of {schema.get('minLength', 0)}..{schema.get('maxLength', '')} characters"
    if "maxItems" in schema:
        return f"{noun} of at most {schema['maxItems']} items"
    return noun


def _field_schema(schema: dict[str, Any], loc: Sequence[Any]) -> dict[str, Any]:
    """The JSON schema of the field at ``loc`` (following $ref, items and properties)."""
    defs = schema.get("$defs", {})
    node: dict[str, Any] = schema
    for part in loc:
        if "$ref" in node:
            node = defs.get(str(node["$ref"]).rsplit("/", 1)[-1], {})
        if "anyOf" in node:
            node = next((s for s in node["anyOf"] if s.get("type") != "null"), node)
            if "$ref" in node:
                node = defs.get(str(node["$ref"]).rsplit("/", 1)[-1], {})
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(part, {})
    if "$ref" in node:
        node = defs.get(str(node["$ref"]).rsplit("/", 1)[-1], {})
    return node


def argument_errors(tool_name: str, exc: PydanticValidationError,
                    schema: dict[str, Any]) -> str:
    """'bars must be an integer in range 1..64, got 0' for each bad argument."""
    lines = []
    for err in exc.errors():
        loc = [p for p in err["loc"] if p != "arguments"]
        name = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
        if err["type"] == "missing":
            lines.append(f"{name} is required ({_describe(_field_schema(schema, loc))})")
        elif err["type"] == "extra_forbidden":
            lines.append(f"{name} is not an argument of {tool_name}")
        else:
            lines.append(f"{name} must be {_describe(_field_schema(schema, loc))}, got "
                         f"{err.get('input')!r}")
    return f"bad arguments for {tool_name}: " + "; ".join(lines)


class LivectlMCPServer(MCPServer[Any]):
    """MCPServer whose argument errors read 'field must be ... in range ..., got value'."""

    async def call_tool(self, name: str, arguments: dict[str, Any],
                        context: Context[Any, Any] | None = None) -> Any:
        info = self._tool_manager.get_tool(name)
        if info is not None:  # the SDK drops unknown arguments silently; a typo must not pass
            known = info.parameters.get("properties", {})
            unknown = sorted(set(arguments) - set(known))
            if unknown:
                raise ToolError(f"bad arguments for {name}: {', '.join(unknown)} is not an "
                                f"argument of {name}; it takes: {', '.join(known) or 'none'}")
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            cause = exc.__cause__
            if isinstance(cause, PydanticValidationError):
                info = self._tool_manager.get_tool(name)
                schema = info.parameters if info is not None else {}
                raise ToolError(argument_errors(name, cause, schema)) from cause
            raise


def build_server(link: LiveLink, *, read_only: bool = False) -> LivectlMCPServer:
    """The MCP server with every tool bound to ``link`` (only reading tools if ``read_only``)."""
    server = LivectlMCPServer("livectl", title="livectl: Ableton Live", version=__version__,
                              instructions=INSTRUCTIONS, log_level="WARNING")
    state: dict[str, Any] = {}
    for spec in TOOLS:
        if read_only and spec.writes:
            continue
        hints = ToolAnnotations(title=spec.title, read_only_hint=not spec.writes,
                                destructive_hint=spec.destructive if spec.writes else None,
                                idempotent_hint=spec.idempotent, open_world_hint=False)
        server.add_tool(_bind(spec, link, state), name=spec.name, title=spec.title,
                        annotations=hints, structured_output=False)
    return server
