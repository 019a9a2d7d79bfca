"""Timeout messages that say what to check, with a cheap local probe of the OSC port."""

from __future__ import annotations

import errno
import ipaddress
import socket

from livectl.client._request import Request
from livectl.errors import LiveTimeoutError

__all__ = ["probe_port", "timeout_error", "udp_port_in_use"]


def udp_port_in_use(host_ip: str, port: int) -> bool | None:
    """True if a program holds UDP ``port`` on ``host_ip``, False if it is free, None if a
    bind attempt cannot tell (found by trying to bind it, then letting go at once)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.bind((host_ip, port))
    except OSError as exc:
        return True if exc.errno == errno.EADDRINUSE else None
    finally:
        probe.close()
    return False


def probe_port(host_ip: str, port: int) -> str:
    """What holds UDP ``port`` on this machine, found by trying to bind it (loopback only)."""
    try:
        if not ipaddress.ip_address(host_ip).is_loopback:
            return ""
    except ValueError:
        return ""
    held = udp_port_in_use(host_ip, port)
    if held is None:
        return ""
    if held:
        return (
            f"something holds UDP port {port} on {host_ip}: if Live's status bar said "
            f"'AbletonOSC: Listening for OSC on port {port}' it is AbletonOSC and the replies "
            f"are being lost; otherwise another program holds the port and AbletonOSC could "
            f"not bind it ('Couldn't bind to port {port}')"
        )
    return (
        f"nothing is listening on UDP port {port} on {host_ip}: Live is not running, or "
        f"AbletonOSC is not loaded"
    )


def timeout_error(
    request: Request, *, host_ip: str, port: int, reply_port: int, waited_s: float, attempts: int
) -> LiveTimeoutError:
    probe = probe_port(host_ip, port)
    seen = f" Probe: {probe}." if probe else ""
    return LiveTimeoutError(
        f"no reply from AbletonOSC at {host_ip}:{port} to {request.address} "
        f"{list(request.args)[:6]!r} within {waited_s:g} s ({attempts} attempt"
        f"{'s' if attempts > 1 else ''}).{seen} Check: (1) Live is running; (2) AbletonOSC is "
        f"selected as a Control Surface in Live's Preferences > Link, Tempo & MIDI; (3) UDP "
        f"port {port} is not held by another program; (4) UDP port {reply_port} (where "
        f"AbletonOSC sends every reply) is bound by this client only and no firewall blocks "
        f"ports {port}/{reply_port}. If it worked before: an open menu or dialog in Live "
        f"blocks AbletonOSC's tick until it closes."
    )
