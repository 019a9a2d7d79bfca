"""Extensions: Song.begin_undo_step / end_undo_step, so a client can make several changes
one undo step in Live (livectl's MCP server wraps every tool that changes the set in a pair).
"""

from __future__ import annotations

from ._args import Args, Registry
from ._context import Context, Handler

__all__ = ["handlers"]

R = Registry()


@R.on("song", "begin_undo_step")
def _begin(ctx: Context, args: Args) -> None:
    args.end()
    ctx.song.begin_undo_step()


@R.on("song", "end_undo_step")
def _end(ctx: Context, args: Args) -> None:
    args.end()
    ctx.song.end_undo_step()


def handlers() -> dict[str, Handler]:
    return R.handlers()
