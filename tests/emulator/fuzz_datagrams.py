"""Seeded generators of hostile datagrams, shared by the fuzz test and bench/bench_emulator.py."""

from __future__ import annotations

import random
import struct
from typing import Any

from livectl.protocol import REGISTRATION_ORDER, encode_bundle, encode_message
from livectl.protocol.control import CONTROL_ADDRESSES

GETTERS = [a for a in REGISTRATION_ORDER if "/get/" in a]
KNOWN_ERROR_PREFIXES = (
    "Error handling OSC message: ",
    "Unknown OSC address: ",
    "Error parsing OSC message: ",
    "Error parsing OSC bundle: ",
    "OSC build error: ",
    "Socket error: ",
)


def _arg(rng: random.Random) -> Any:
    kind = rng.randrange(12)
    if kind == 0:
        return rng.randint(-3, 10)
    if kind == 1:
        return rng.choice([2**31 - 1, -(2**31), 2**40, -(2**62), 127, 128, -8192, 16384])
    if kind == 2:
        return rng.uniform(-10, 300)
    if kind == 3:
        return rng.choice([float("nan"), float("inf"), -float("inf"), 3.4e38, -0.0, 1e-30])
    if kind == 4:
        return rng.choice(
            [
                "",
                "x",
                "*",
                "track.name",
                "clip.name",
                "device.name",
                "foo.bar",
                "info",
                "C",
                "Main",
                "ünïcødé",
                "{}",
                "[]",
                '{"tracks": 5}',
                "null",
                "a" * rng.choice([1, 64, 3000]),
            ]
        )
    if kind == 5:
        return rng.choice([True, False])
    if kind == 6:
        return None
    if kind == 7:
        return rng.randbytes(rng.randint(1, 12))
    return rng.randint(0, 8)


def _address(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.005:
        return rng.choice(CONTROL_ADDRESSES)
    if r < 0.75:
        return rng.choice(REGISTRATION_ORDER)
    if r < 0.85:
        parts = rng.choice(REGISTRATION_ORDER).split("/")
        parts[rng.randrange(2, len(parts))] = "*"
        return "/".join(parts)
    if r < 0.95:
        return rng.choice(
            [
                "/live/nope",
                "/live",
                "/",
                "/live/song/get/",
                "/emulator/nope",
                "/live/song/get/(*",
                "/live/track/get/[*",
                "/live//get/*",
            ]
        )
    return "/" + "x" * (rng.randint(1, 20_000) if rng.random() < 0.05 else rng.randint(1, 60))


def valid_message(rng: random.Random, *, getters_only: bool = False) -> bytes:
    address = rng.choice(GETTERS) if getters_only else _address(rng)
    count = rng.choice([0, 1, 2, 2, 3, 4, 5, 7, 12]) if rng.random() < 0.999 else 3000
    return encode_message(address, [_arg(rng) for _ in range(count)])


def random_bytes(rng: random.Random) -> bytes:
    head = rng.choice([b"", b"/", b"/live/", b"#bundle\x00", b"/live/test\x00\x00,"])
    return head + rng.randbytes(rng.randint(0, 80))


def mutated(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    op = rng.randrange(4)
    if op == 0 and buf:
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(buf))
            buf[i] ^= 1 << rng.randrange(8)
    elif op == 1:
        del buf[rng.randrange(len(buf) + 1) :]
    elif op == 2:
        buf += rng.randbytes(rng.randint(1, 9))
    else:
        i = rng.randrange(len(buf) + 1)
        buf[i:i] = struct.pack(">i", rng.randint(-5, 1 << 20))
    return bytes(buf)


def bundle(rng: random.Random, *, getters_only: bool = False) -> bytes:
    items = []
    for _ in range(rng.randint(1, 4)):
        address = rng.choice(GETTERS) if getters_only else _address(rng)
        items.append((address, [_arg(rng) for _ in range(rng.randint(0, 4))]))
    data = encode_bundle(items)
    if rng.random() < 0.3:  # nest it
        data = b"#bundle\x00" + b"\x00" * 7 + b"\x01" + len(data).to_bytes(4, "big") + data
    return mutated(rng, data) if rng.random() < 0.3 else data


def harmless(rng: random.Random) -> bytes:
    """Datagrams that must not change the set: garbage, getters, broken copies of getters."""
    r = rng.random()
    if r < 0.3:
        return random_bytes(rng)
    if r < 0.6:
        return valid_message(rng, getters_only=True)
    if r < 0.85:
        return mutated(rng, valid_message(rng, getters_only=True))
    return bundle(rng, getters_only=True)


def anything(rng: random.Random) -> bytes:
    r = rng.random()
    if r < 0.15:
        return random_bytes(rng)
    if r < 0.7:
        return valid_message(rng)
    if r < 0.9:
        return mutated(rng, valid_message(rng))
    return bundle(rng)
