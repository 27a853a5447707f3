"""``acutimer resume``, and the offer ``acutimer run ROUTINE`` makes: carry on a session cut short.

Which session may be resumed is :mod:`acutimer.history.resume`'s rule; here it is looked up,
the routine loaded and its file compared with the one the session ran, and a front end picked as
``run`` picks one. Exit status: that of the session; 1 when there is nothing to resume (said on
stderr); 2 for bad input (an unknown ROUTINE, a routine file that no longer loads, a history
file that cannot be read, ``--speed``: a preview is not recorded, so it cannot carry on a
session).
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta

from acutimer.config import load_settings
from acutimer.config.load import overrides_from
from acutimer.history.errors import HistoryError
from acutimer.history.records import content_hash, local_now
from acutimer.history.resume import (
    Resumable,
    changed_note,
    describe_span,
    look_up,
    nothing_to_resume,
    offer,
)
from acutimer.routine.errors import EXIT_BAD_INPUT, EXIT_PROBLEM, AcutimerError
from acutimer.routine.loading import LoadedRoutine, find_routine, load_routine


def resume_window(args: argparse.Namespace) -> timedelta:
    """How long ago a session may have been cut short to be resumed, as the settings say."""
    minutes = load_settings(overrides_from(args)).config.resume_within_minutes
    return timedelta(minutes=minutes)


def offer_for(loaded: LoadedRoutine, args: argparse.Namespace) -> tuple[Resumable | None, str]:
    """For ``acutimer run ROUTINE``: :func:`acutimer.history.resume.offer` (none for a
    preview, which is not recorded and so carries on nothing)."""
    if getattr(args, "speed", 1.0) != 1:
        return None, ""
    return offer(loaded.ref.name, loaded.text, local_now(), resume_window(args))


def cmd_resume(args: argparse.Namespace) -> int:
    """``acutimer resume [ROUTINE]``."""
    if args.speed != 1:
        raise AcutimerError.single(
            "resume",
            "a preview (--speed) is not recorded, so it cannot carry on a session; "
            "leave --speed out",
        )
    routine = find_routine(args.routine).name if args.routine is not None else None
    within = resume_window(args)
    now = local_now()
    try:
        lookup = look_up(now, within, routine)
    except HistoryError as error:
        print(f"acutimer: cannot look for a session to resume: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    found = lookup.found
    if found is None:
        print(f"acutimer: {nothing_to_resume(lookup, now, within, routine)}", file=sys.stderr)
        return EXIT_PROBLEM
    try:
        loaded = load_routine(found.routine)
    except AcutimerError as error:
        print(
            f"acutimer: the session of {found.shown_name} cut short "
            f"{describe_span(found.ago(now))} ago cannot be resumed: its routine does not load",
            file=sys.stderr,
        )
        for problem in error.problems:
            print(f"acutimer: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    note = ""
    resume: Resumable | None = found
    if found.content_hash != content_hash(loaded.text):
        resume, note = None, changed_note(found, now)
    from acutimer.commands.screen import full_screen  # a terminal that can draw (not dumb)

    if args.plain or not full_screen():
        from acutimer.plain.runner import run_plain

        return run_plain(loaded, args, resume=resume, note=note)
    from acutimer.tui.app import run_tui

    return run_tui(loaded, args, resume=resume, note=note)
