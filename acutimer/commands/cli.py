"""Command line: parse arguments, resolve the routine, pick a front end, map errors to exit codes.

The arguments are :mod:`acutimer.commands.parser`'s, the handlers of the commands that run a
session or change files :mod:`acutimer.commands.handlers`'.

Start-up is kept light: commands that only read data (list, show, points, validate, schema)
never import textual, and heavy modules are imported inside the command that needs them.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence

from acutimer import safetext
from acutimer.commands.parser import build_parser
from acutimer.commands.screen import full_screen, terminal_cannot_draw
from acutimer.routine.errors import EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_OK, AcutimerError

__all__ = ["build_parser", "main"]

Handler = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``acutimer`` command."""
    # Start-up (importing Textual above all) makes many objects and few cycles: collecting as
    # they came took about 20 ms before the first paint. The front ends that run on turn the
    # collector back on once they are up: after their first paint, or before a plain session.
    collecting = gc.isenabled()
    gc.disable()
    try:
        # Whatever is printed (a routine's text, a file name, a history row) shows control
        # characters rather than obeying them, in any locale's encoding.
        with safetext.guarded_stdio():
            return _main(argv)
    finally:
        if collecting:
            gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    try:
        if handler is None:
            if full_screen():
                from acutimer.tui.app import run_tui

                return run_tui(None, args)
            if terminal_cannot_draw():
                raise AcutimerError.single(
                    _term(),
                    "the routine picker needs a terminal that can draw; "
                    "`acutimer list` shows the routines and `acutimer run NAME` runs one",
                )
            parser.print_help()
            return EXIT_OK
        return handler(args)
    except AcutimerError as error:
        for problem in error.problems:
            print(f"acutimer: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly.
        sys.stderr.close()
        return EXIT_OK


def _term() -> str:
    term = os.environ.get("TERM")
    return "TERM (not set)" if not term else f"TERM={term}"
