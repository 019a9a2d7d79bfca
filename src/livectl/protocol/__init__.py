"""The AbletonOSC dialect: ONE declarative endpoint table, its enums, and the OSC codec.

- :mod:`livectl.protocol.endpoints`: ``ROUTES``/``ENDPOINTS`` by address, ``REGISTRATION_ORDER``
  (the order wildcard replies come in), ``endpoint(domain, name)``, ``route(address)``,
  ``match(pattern)``.
- :mod:`livectl.protocol.endpoint`: the value types ``Endpoint``, ``Arg``, ``Route``.
- :mod:`livectl.protocol.enums`: the IntEnums of spec §9.
- :mod:`livectl.protocol.codec`: ``encode_message``, ``encode_bundle``, ``decode_packet``.
- :mod:`livectl.protocol.coverage`: the coverage list against the spec's Appendix A.

This package imports nothing of livectl except :mod:`livectl.errors`.
"""

from __future__ import annotations

from livectl.protocol.codec import (
    Message,
    decode_message,
    decode_packet,
    encode_bundle,
    encode_message,
    is_bundle,
)
from livectl.protocol.endpoint import INDEX_ARGS, Arg, Endpoint, Route
from livectl.protocol.endpoints import (
    ALL_ENDPOINTS,
    BEAT_ADDRESS,
    ENDPOINTS,
    ERROR_ADDRESS,
    REGISTRATION_ORDER,
    ROUTES,
    STARTUP_ADDRESS,
    endpoint,
    match,
    properties,
    route,
)
from livectl.protocol.enums import (
    DeviceType,
    LaunchMode,
    LaunchQuantization,
    MonitoringState,
    Quantization,
    RecordingQuantization,
    WarpMode,
)

__all__ = [
    "ALL_ENDPOINTS",
    "BEAT_ADDRESS",
    "ENDPOINTS",
    "ERROR_ADDRESS",
    "INDEX_ARGS",
    "REGISTRATION_ORDER",
    "ROUTES",
    "STARTUP_ADDRESS",
    "Arg",
    "DeviceType",
    "Endpoint",
    "LaunchMode",
    "LaunchQuantization",
    "Message",
    "MonitoringState",
    "Quantization",
    "RecordingQuantization",
    "Route",
    "WarpMode",
    "decode_message",
    "decode_packet",
    "encode_bundle",
    "encode_message",
    "endpoint",
    "is_bundle",
    "match",
    "properties",
    "route",
]
