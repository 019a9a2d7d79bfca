"""The value types of the endpoint table: :class:`Endpoint`, :class:`Arg`, :class:`Route`.

An :class:`Endpoint` is one thing AbletonOSC exposes: a property of a Live object (with
``get``/``set``/``start_listen``/``stop_listen`` addresses), a method (one address, no reply)
or a query (one ``get`` address with a custom reply). A :class:`Route` is one registered
address: the endpoint plus the verb it stands for. Addresses are computed here from
``domain``/``verb``/``name``, so no address string is typed anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

__all__ = [
    "INDEX_ARGS",
    "Arg",
    "Domain",
    "Endpoint",
    "Kind",
    "Route",
    "Verb",
]

Domain = Literal[
    "test",
    "api",
    "song",
    "application",
    "clip",
    "clips",
    "clip_slot",
    "track",
    "device",
    "view",
    "scene",
    "midimap",
    # livectl's extensions beyond AbletonOSC
    "browser",
    "arrangement_clip",
    "chain",
    "chain_device",
    "drum_pad",
    "return_track",
    "master_track",
]
Kind = Literal["property", "method", "query"]
Verb = Literal["get", "set", "start_listen", "stop_listen", "call"]

# The index prefix each domain's addresses start with (spec §2.1); replies echo it.
INDEX_ARGS: dict[str, tuple[str, ...]] = {
    "test": (),
    "api": (),
    "song": (),
    "application": (),
    "view": (),
    "midimap": (),
    "clips": (),
    "track": ("track_index",),
    "clip": ("track_index", "clip_index"),
    "clip_slot": ("track_index", "clip_index"),
    "scene": ("scene_index",),
    "device": ("track_index", "device_index"),
    "browser": (),
    "arrangement_clip": ("track_index", "clip_index"),
    "chain": ("track_index", "device_index", "chain_index"),
    "chain_device": ("track_index", "device_index", "chain_index", "chain_device_index"),
    "drum_pad": ("track_index", "device_index", "note"),
    "return_track": ("return_index",),
    "master_track": (),
}

_LISTEN_VERBS: tuple[Verb, ...] = ("start_listen", "stop_listen")


@dataclass(frozen=True)
class Arg:
    """One OSC argument after the index prefix.

    ``repeated`` means the argument (or group) may repeat to the end of the message;
    ``optional`` means it may be left out.
    """

    name: str
    type: type
    optional: bool = False
    repeated: bool = False


@dataclass(frozen=True)
class Endpoint:
    """One property, method or query of AbletonOSC.

    ``readable``/``writable``: AbletonOSC registers ``get``/``set`` for it.
    ``listenable``: AbletonOSC registers ``start_listen``/``stop_listen`` for it.
    ``observable``: Live itself can observe it (has ``add_<name>_listener``). Both facts
    matter: a listenable property that Live cannot observe answers ``start_listen`` with
    ``/live/error`` (``'<Class>' object has no attribute 'add_<name>_listener'``).
    ``value_type`` is the Python type of the value in replies (``tuple`` for a
    variable-length list, ``None`` when the reply carries no value).
    ``echo_extra``: a plain getter that appends extra request arguments after the value (§2.3).
    ``extension``: a livectl extension beyond AbletonOSC (served by livectl's script only,
    never matched by wildcards); ``origin`` says where its name comes from (an AbletonOSC
    pull request or issue, or Live's own method name).
    """

    domain: Domain
    kind: Kind
    name: str
    value_type: type | None = None
    readable: bool = False
    writable: bool = False
    listenable: bool = False
    observable: bool = False
    index_args: tuple[str, ...] = ()
    args: tuple[Arg, ...] = ()
    reply: str = ""
    path: str = ""
    echo_extra: bool = False
    since: str = ""
    notes: str = ""
    extension: bool = False
    origin: str = ""

    @property
    def base(self) -> str:
        return "/live" if self.domain == "test" else f"/live/{self.domain}"

    @property
    def verbs(self) -> tuple[Verb, ...]:
        """The verbs AbletonOSC registers for this endpoint."""
        if self.kind == "method":
            return ("call",)
        if self.kind == "query":
            return ("get",)
        verbs: list[Verb] = []
        if self.readable:
            verbs.append("get")
        if self.writable:
            verbs.append("set")
        if self.listenable:
            verbs.extend(_LISTEN_VERBS)
        return tuple(verbs)

    def address(self, verb: Verb = "call") -> str:
        """The address for ``verb``; ``get`` also names where listener messages arrive."""
        if self.kind == "method":
            if verb != "call":
                raise ValueError(f"method {self.name!r} only has verb 'call', got {verb!r}")
            return f"{self.base}/{self.path or self.name}"
        if self.kind == "query":
            if verb != "get":
                raise ValueError(f"query {self.name!r} only has verb 'get', got {verb!r}")
            return f"{self.base}/{self.path or 'get/' + self.name}"
        if verb == "call":
            raise ValueError(f"property {self.name!r} has no verb 'call'")
        return f"{self.base}/{verb}/{self.name}"

    @cached_property
    def get_address(self) -> str:
        """Where values arrive: the get reply and every listener message."""
        return self.address("get")

    @cached_property
    def set_address(self) -> str:
        return self.address("set")

    @cached_property
    def start_listen_address(self) -> str:
        return self.address("start_listen")

    @cached_property
    def stop_listen_address(self) -> str:
        return self.address("stop_listen")

    @property
    def call_address(self) -> str:
        return self.address("call")

    def addresses(self) -> tuple[str, ...]:
        """Every address registered for this endpoint."""
        return tuple(self.address(verb) for verb in self.verbs)


@dataclass(frozen=True)
class Route:
    """One registered address: which endpoint it belongs to and which verb it is."""

    address: str
    endpoint: Endpoint
    verb: Verb
