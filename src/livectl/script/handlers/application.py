"""Handlers of /live/test, /live/api/* and /live/application/* (spec §4)."""

from __future__ import annotations

from typing import Any

from ..table.endpoints import endpoint
from ._context import Context, Handler

__all__ = ["LOG_LEVELS", "handlers"]

LOG_LEVELS = ("debug", "info", "warning", "error", "critical")


def _test(ctx: Context, args: list[Any]) -> None:
    # "ok" goes through the async path, to the default remote address (§4).
    ctx.send(endpoint("test", "test").call_address, ("ok",))
    ctx.status_message = "Received OSC OK"


def _get_log_level(ctx: Context, args: list[Any]) -> tuple[Any, ...]:
    return (ctx.log_level,)


def _set_log_level(ctx: Context, args: list[Any]) -> None:
    level = args[0]
    # AbletonOSC asserts; a bare AssertionError gives the empty-detail /live/error (§4).
    if level not in LOG_LEVELS:
        raise AssertionError
    ctx.log_level = level


def _show_message(ctx: Context, args: list[Any]) -> None:
    ctx.status_message = args[0]


def _version(ctx: Context, args: list[Any]) -> tuple[Any, ...]:
    app = ctx.application
    return (app.get_major_version(), app.get_minor_version())


def _average_process_usage(ctx: Context, args: list[Any]) -> tuple[Any, ...]:
    return (ctx.application.average_process_usage,)


def handlers() -> dict[str, Handler]:
    level = endpoint("api", "log_level")
    return {
        endpoint("test", "test").call_address: _test,
        # /live/api/reload is the server's business (it re-creates the handler state).
        level.get_address: _get_log_level,
        level.set_address: _set_log_level,
        endpoint("api", "show_message").call_address: _show_message,
        endpoint("application", "version").get_address: _version,
        endpoint("application", "average_process_usage").get_address: _average_process_usage,
    }
