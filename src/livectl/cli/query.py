"""``livectl query ADDRESS [ARGS...]``: one request to Live (or the emulator), replies printed."""

from __future__ import annotations

import argparse
from typing import Any

from livectl.cli._common import (
    add_connection_args,
    add_json_arg,
    connect_from,
    console,
    format_value,
    parse_value,
    print_json,
)
from livectl.errors import LiveError, NotFoundError
from livectl.protocol import route
from livectl.protocol.control import CONTROL_ADDRESSES
from livectl.protocol.endpoints import ADDRESSES

EXAMPLES = """\
examples:
  livectl query /live/song/get/tempo
  livectl query /live/song/set/tempo 128
  livectl query /live/track/get/name 0
  livectl query '/live/track/get/*' 0          # wildcard: every reply
  livectl query /live/clip/get/notes 0 0 --json
  livectl query /live/track/set/name 0 s:808   # s: forces a string
  livectl query /emulator/reset                # the emulator's own controls answer too
  livectl query /live/track/insert_device 0 Operator   # livectl's script: prints 0 <index>
  livectl query /live/master_track/               # a prefix lists the addresses it completes to

Arguments are read as int, float, true/false or nil when they look like one.
Getters print the reply; setters and methods print nothing and exit 0 once Live has handled
them (a /live/error they cause exits 1).
"""

# Addresses other than get/* and wildcards that answer on their own address (spec §4, §5.3, §6).
_REPLYING = {"/live/test", "/live/view/set/selected_device", "/live/song/export/structure"}


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "query",
        help="send one OSC request and print the reply",
        description=__doc__,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("address", help="an AbletonOSC address, e.g. /live/song/get/tempo")
    # default=[]: else argparse calls the optional ARGS "required" when ADDRESS is missing
    parser.add_argument("args", nargs="*", default=[], help="its arguments")
    add_connection_args(parser)
    add_json_arg(parser)
    parser.set_defaults(func=run)


def expects_reply(address: str) -> bool:
    if "*" in address:
        return True
    # The emulator's /emulator/* controls answer on their own address (livectl.protocol.control).
    if address in _REPLYING or address in CONTROL_ADDRESSES:
        return True
    try:
        found = route(address)
    except NotFoundError:
        # Unknown to the table: let Live answer ("Unknown OSC address"), as a plain send.
        return False
    if found.verb == "call" and found.endpoint.extension:
        # livectl's methods that report what they made (a device index, a clip index, ids).
        return found.endpoint.reply not in ("", "none")
    return found.verb == "get"


def completions(prefix: str) -> list[str]:
    """Every address of the table (AbletonOSC's and livectl's extensions) starting with
    ``prefix``, sorted."""
    return sorted(a for a in set(ADDRESSES) if a.startswith(prefix))


def _complete_or_none(address: str) -> None:
    """An address the table does not know but that starts some of its addresses: list them
    (exit 3) instead of sending a request Live would call unknown."""
    if "*" in address or address in CONTROL_ADDRESSES:
        return
    try:
        route(address)
    except NotFoundError:
        found = completions(address)
        if found and address not in found:
            shown = "\n  ".join(found[:40])
            more = f"\n  ... and {len(found) - 40} more" if len(found) > 40 else ""
            raise NotFoundError(f"{address} is not an address; {len(found)} start with it:"
                                f"\n  {shown}{more}") from None


def request(live: Any, address: str, values: list[Any]) -> Any:
    """Send ``address``: its reply (a list of (address, args) for a wildcard), or None for a
    setter/method, which returns once Live has handled it. Shared with ``livectl console``."""
    if address == "/live/test":
        return live.test()
    if expects_reply(address):
        return live.query(address, *values)
    live.send(address, *values, confirm=True)
    return None


def reply_lines(address: str, reply: Any) -> list[str]:
    """A reply as text lines: one per wildcard reply (address first), else the values."""
    if reply is None:
        return []
    if "*" in address:
        return [" ".join([a, *map(format_value, v)]) for a, v in reply]
    return [" ".join(map(format_value, reply))]


def run(args: argparse.Namespace) -> int:
    address: str = args.address
    if not address.startswith("/"):
        raise NotFoundError(f"an OSC address starts with '/', got {address!r} (try /live/song/get/tempo)")
    values = [parse_value(word) for word in args.args]
    _complete_or_none(address)
    with connect_from(args, check=False) as live:
        try:
            reply = request(live, address, values)
        except LiveError as exc:
            if exc.live_message.startswith("Unknown OSC address"):  # not found: exit 3
                raise NotFoundError(exc.live_message) from exc
            raise
    if not args.json:
        for line in reply_lines(address, reply):
            console.print(line, markup=False)
    elif "*" in address:
        print_json([{"address": a, "args": list(v)} for a, v in reply])
    elif reply is None:
        print_json({"address": address, "sent": values})
    else:
        print_json({"address": address, "args": list(reply)})
    return 0
