"""The handlers of the sub-commands that change files or run a session: new, edit, run,
resume, delete, rename, and history.

Each imports what it needs when it runs (the builder, the full-screen app, the plain runner),
so that ``acutimer list`` and the other commands start without them.
"""

from __future__ import annotations

import argparse
import sys

from acutimer.commands.screen import full_screen
from acutimer.routine.errors import EXIT_OK, AcutimerError


def cmd_new(args: argparse.Namespace) -> int:
    from acutimer.routine import authoring
    from acutimer.routine.loading import load_routine

    authoring.safe_name(args.name)  # refuse an unusable name before anything else
    if args.from_routine:
        import dataclasses

        from acutimer.routine.loading import routine_titles
        from acutimer.routine.userfiles import copy_title

        routine = load_routine(args.from_routine).routine
        # A copy's title tells it apart from the original in the picker and the history.
        title = copy_title(routine.title, set(routine_titles().values()))
        routine = dataclasses.replace(routine, title=title)
    elif args.points:
        codes = [c.strip() for c in args.points.split(",") if c.strip()]
        routine = authoring.routine_from_points(codes, title=args.name)
    else:
        if not full_screen():
            raise AcutimerError.single(
                args.name,
                "the builder needs a terminal that can draw; use --from ROUTINE or --points CODES",
            )
        from acutimer.tui.builder.app import run_builder

        return run_builder(None, args)
    path = authoring.save_routine(args.name, routine, force=args.force)
    print(f"saved {path}")
    print(f"run it with: acutimer run {path.stem}")
    return EXIT_OK


def cmd_edit(args: argparse.Namespace) -> int:
    from acutimer.routine.loading import find_routine, read_for_edit

    # A file with problems opens with them marked on their fields; one that cannot be read, or
    # is not TOML at all, is refused here with the reason.
    loaded = read_for_edit(find_routine(args.routine))
    if not full_screen():
        raise AcutimerError.single(
            args.routine,
            "the builder needs a terminal that can draw; edit the file in your editor instead",
        )
    from acutimer.tui.builder.app import run_builder

    return run_builder(loaded, args)


def cmd_run(args: argparse.Namespace) -> int:
    from acutimer.routine.loading import load_routine

    if args.routine is None:
        if args.plain or not full_screen():
            raise AcutimerError.single(
                "run",
                "give a ROUTINE to run (`acutimer list` shows them); "
                "only a terminal can pick one from the list",
            )
        from acutimer.tui.app import run_tui

        return run_tui(None, args)
    loaded = load_routine(args.routine)
    if args.plain or not full_screen():
        from acutimer.commands.resume import offer_for
        from acutimer.plain.runner import run_plain

        # Only a terminal is asked whether to carry on a session cut short.
        offer, note = offer_for(loaded, args) if sys.stdin.isatty() else (None, "")
        return run_plain(loaded, args, offer=offer, note=note)
    from acutimer.tui.app import run_tui

    return run_tui(loaded, args)


def cmd_resume(args: argparse.Namespace) -> int:
    from acutimer.commands import resume

    return resume.cmd_resume(args)


def cmd_delete(args: argparse.Namespace) -> int:
    from acutimer.commands import files

    return files.cmd_delete(args)


def cmd_rename(args: argparse.Namespace) -> int:
    from acutimer.commands import files

    return files.cmd_rename(args)


def cmd_history(args: argparse.Namespace) -> int:
    from acutimer.commands import history

    return history.cmd_history(args)
