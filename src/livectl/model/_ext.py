"""How the model reaches livectl's extensions beyond AbletonOSC: the guard and a few operations.

Every extension call first asks the binding what answered the handshake: with plain
AbletonOSC (no session) or a script without the ``extensions`` capability it raises
:class:`~livectl.errors.UnsupportedError` before anything is sent, naming what is needed.
"""

from __future__ import annotations

from typing import Any

from livectl.client._request import Op, Request
from livectl.errors import UnsupportedError
from livectl.model._binding import Binding
from livectl.protocol import Endpoint

__all__ = ["CAPABILITY", "INSTALL_HINT", "call_reply", "query_args", "require"]

CAPABILITY = "extensions"
INSTALL_HINT = ("install livectl's remote script with `livectl script install` and select "
                "'livectl' as a Control Surface in Live's preferences")


def require(binding: Binding, what: str) -> None:
    """Raise UnsupportedError unless livectl's script with its extensions answers."""
    capabilities = binding.capabilities()
    if capabilities is None:
        raise UnsupportedError(
            f"{what} is a livectl extension beyond AbletonOSC and this connection talks to "
            f"plain AbletonOSC (live.protocol == 'abletonosc'): {INSTALL_HINT}")
    if CAPABILITY not in capabilities:
        raise UnsupportedError(
            f"{what} needs the {CAPABILITY!r} capability, which the livectl script in Live "
            f"does not announce (it has: {', '.join(capabilities) or 'none'}): update it with "
            f"`livectl script install`")


def call_reply(ep: Endpoint, args: tuple[Any, ...]) -> Op[tuple[Any, ...]]:
    """A method that replies on its own address (e.g. insert_device's new index): the values
    after the echoed index prefix. Never resent blindly (the session protocol's replay cache
    applies a resent request once)."""
    values = yield Request(ep.call_address, args, prefix=len(ep.index_args), confirm=True)
    return tuple(values)


def query_args(ep: Endpoint, args: tuple[Any, ...]) -> Op[tuple[Any, ...]]:
    """A query whose reply echoes every argument sent (index prefix and the arguments after
    it, e.g. ``/live/return_track/get/device/parameters/name r d``); the values after them."""
    values = yield Request(ep.get_address, args, prefix=len(args), idempotent=True)
    return tuple(values)
