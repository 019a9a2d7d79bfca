"""Builders of the endpoint table: one registry, filled in AbletonOSC's registration order."""

from __future__ import annotations

from collections.abc import Iterable

from .endpoint import INDEX_ARGS, Arg, Domain, Endpoint, Kind, Verb

ORDER: list[tuple[str, Endpoint, Verb]] = []
BY_NAME: dict[tuple[str, str], Endpoint] = {}


def add(ep: Endpoint) -> Endpoint:
    key = (ep.domain, ep.name)
    if key in BY_NAME:  # pragma: no cover - a table typo, caught at import
        raise ValueError(f"endpoint {key} defined twice")
    BY_NAME[key] = ep
    return ep


def reg(ep: Endpoint, *verbs: Verb) -> None:
    for verb in verbs or ep.verbs:
        ORDER.append((ep.address(verb), ep, verb))


def prop(
    domain: Domain,
    name: str,
    value_type: type | None,
    *,
    rw: bool,
    observable: bool = True,
    listenable: bool = True,
    index_args: tuple[str, ...] | None = None,
    args: tuple[Arg, ...] = (),
    echo_extra: bool = True,
    reply: str = "",
    notes: str = "",
    since: str = "",
    extension: bool = False,
    origin: str = "",
) -> Endpoint:
    idx = INDEX_ARGS[domain] if index_args is None else index_args
    return add(
        Endpoint(
            domain=domain,
            kind="property",
            name=name,
            value_type=value_type,
            readable=True,
            writable=rw,
            listenable=listenable,
            observable=observable,
            index_args=idx,
            args=args,
            echo_extra=echo_extra,
            reply=reply or f"({', '.join((*idx, *(a.name for a in args), 'value'))})",
            notes=notes,
            since=since,
            extension=extension,
            origin=origin,
        )
    )


def call(
    domain: Domain,
    name: str,
    *args: Arg,
    kind: Kind = "method",
    value_type: type | None = None,
    path: str = "",
    index_args: tuple[str, ...] | None = None,
    reply: str = "",
    notes: str = "",
    since: str = "",
    extension: bool = False,
    origin: str = "",
) -> Endpoint:
    idx = INDEX_ARGS[domain] if index_args is None else index_args
    return add(
        Endpoint(
            domain=domain,
            kind=kind,
            name=name,
            value_type=value_type,
            readable=kind == "query",
            index_args=idx,
            args=args,
            path=path,
            reply=reply or ("none" if kind == "method" else ""),
            notes=notes,
            since=since,
            extension=extension,
            origin=origin,
        )
    )


def query(
    domain: Domain,
    name: str,
    value_type: type,
    *args: Arg,
    reply: str = "",
    path: str = "",
    notes: str = "",
    since: str = "",
    extension: bool = False,
    origin: str = "",
) -> Endpoint:
    return call(
        domain, name, *args, kind="query", value_type=value_type, reply=reply, path=path,
        notes=notes, since=since, extension=extension, origin=origin,
    )


def props_block(props: Iterable[Endpoint]) -> None:
    """AbletonOSC's generic property registration: get/start/stop each, then set for rw."""
    items = list(props)
    for p in items:
        reg(p, "get", "start_listen", "stop_listen")
    for p in items:
        if p.writable:
            reg(p, "set")


def a(name: str, t: type = int, **kw: bool) -> Arg:
    return Arg(name, t, **kw)
