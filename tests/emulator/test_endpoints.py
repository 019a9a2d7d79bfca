"""The endpoint table against the spec's Appendix A, and its lookup helpers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from livectl.errors import NotFoundError
from livectl.protocol import (
    ALL_ENDPOINTS,
    ENDPOINTS,
    REGISTRATION_ORDER,
    ROUTES,
    endpoint,
    match,
    properties,
    route,
)
from livectl.protocol._appendix_a import appendix_a_addresses


def test_registration_order_is_appendix_a_exactly() -> None:
    expected = appendix_a_addresses()
    assert len(expected) == 494
    assert expected == REGISTRATION_ORDER


def test_every_route_address_is_computed_from_its_endpoint() -> None:
    for address, r in ROUTES.items():
        assert r.endpoint.address(r.verb) == address
        assert ENDPOINTS[address] is r.endpoint
    for ep in ALL_ENDPOINTS:
        for a in ep.addresses():
            assert a in ROUTES, a


def test_property_flags() -> None:
    tempo = endpoint("song", "tempo")
    assert (tempo.readable, tempo.writable, tempo.listenable, tempo.observable) == (
        True,
        True,
        True,
        True,
    )
    assert tempo.value_type is float
    assert tempo.set_address == "/live/song/set/tempo"
    can_undo = endpoint("song", "can_undo")
    assert can_undo.listenable and not can_undo.observable and not can_undo.writable
    assert endpoint("clip", "length").index_args == ("track_index", "clip_index")
    assert endpoint("track", "volume").echo_extra is False
    assert [p.name for p in properties("clip_slot")][:2] == ["has_clip", "controls_other_clips"]


def test_lookups_fail_clearly() -> None:
    with pytest.raises(NotFoundError, match="Unknown OSC address: /live/nope"):
        route("/live/nope")
    with pytest.raises(NotFoundError, match="'nope'"):
        endpoint("song", "nope")


def test_wildcard_is_a_prefix_match_in_registration_order() -> None:
    got = [r.address for r in match("/live/track/get/*")]
    assert "/live/track/get/clips/name" in got  # prefix match, quirk §1.6
    assert got == [a for a in REGISTRATION_ORDER if a in set(got)]
    assert [r.address for r in match("/live/*/get/name")] == [
        "/live/clip/get/name",
        "/live/track/get/name",
        "/live/device/get/name",
        "/live/scene/get/name",
    ]
    assert match("/live/nothing/*") == ()


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_wildcards_select_exactly_what_abletonoscs_regex_selects(data: st.DataObject) -> None:
    """A differential: match() against AbletonOSC's own rule (each '*' becomes [^/]+, then
    re.match, a prefix match), on patterns made from real addresses with parts starred."""
    import re

    address = data.draw(st.sampled_from(REGISTRATION_ORDER))
    parts = address.split("/")
    starred = [data.draw(st.sampled_from([p, "*", p[:1] + "*" if p else p])) if p else p
               for p in parts]
    cut = data.draw(st.integers(2, len(starred)))
    pattern = "/".join(starred[:cut])
    regex = re.compile(re.escape(pattern).replace(r"\*", "[^/]+"))
    want = [a for a in REGISTRATION_ORDER if regex.match(a)]
    assert [r.address for r in match(pattern)] == want
