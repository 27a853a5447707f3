"""``acutimer remind``: the reminders in the foreground, and ``--install`` / ``--uninstall``.

The session a reminder starts runs right here, as ``acutimer run ROUTINE`` in a child process
on this terminal: the same code as ``run`` (full screen, or plain text with ``--plain``), with
the terminal handed over while it runs and the reminders' memory kept small meanwhile.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from acutimer.routine.errors import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEM


def add_arguments(commands: Any) -> None:
    """The ``remind`` command."""
    remind = commands.add_parser(
        "remind",
        help="remind you of the plan's times, and start the routine when you say",
        description="Wait for the plan's next time; when one comes, offer to start the routine "
        "now, snooze it 10 minutes or skip it. Runs until q, Ctrl+C or SIGTERM.",
    )
    service = remind.add_mutually_exclusive_group()
    service.add_argument(
        "--install", action="store_true", help="write a user service that starts it at login"
    )
    service.add_argument("--uninstall", action="store_true", help="remove that user service")
    remind.add_argument("--plain", action="store_true", help="run the sessions as plain text")
    remind.set_defaults(handler=cmd_remind)


def cmd_remind(args: argparse.Namespace) -> int:
    """Run the reminders, or install or uninstall their service."""
    if args.install or args.uninstall:
        return _service(install=args.install)
    return remind_here(args)


def _service(*, install: bool) -> int:
    from acutimer.remind import service

    found = service.service_for()
    if found is None:
        print(
            f"acutimer: no user service is known for {sys.platform}; start `acutimer remind` "
            "from your session's autostart instead",
            file=sys.stderr,
        )
        return EXIT_PROBLEM
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    ask = service.ask_in_terminal if interactive else None
    done, lines = (service.install if install else service.uninstall)(found, ask)
    for line in lines:
        print(line, file=sys.stdout if done or not line.startswith("acutimer:") else sys.stderr)
    return EXIT_OK if done else EXIT_PROBLEM


def _run_session(args: argparse.Namespace, keys: Any) -> Any:
    def run(routine: str) -> int:
        import subprocess

        command = [sys.executable, "-m", "acutimer", "run", routine]
        if args.plain:
            command.append("--plain")
        with keys.released():
            try:
                return subprocess.run(command, check=False).returncode
            except OSError as error:
                print(f"acutimer: cannot start the session ({error})", file=sys.stderr)
                return EXIT_BAD_INPUT

    return run


def remind_here(args: argparse.Namespace) -> int:
    """The foreground loop, on this terminal."""
    from datetime import datetime

    from acutimer.plan.done import completed_sessions, live_dir, session_running
    from acutimer.plan.schedule import local_zone
    from acutimer.plan.state import load_state, save_state
    from acutimer.plan.store import load_plan, plan_path
    from acutimer.remind.loop import Deps, Reminder
    from acutimer.remind.notify import default_notifier
    from acutimer.remind.single import already_running, hold_instance_lock
    from acutimer.remind.wait import SystemWaiter, TerminalKeys

    lock = hold_instance_lock()
    if lock is None:
        print(f"acutimer: {already_running()}", file=sys.stderr)
        return EXIT_PROBLEM
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    notifier, way = default_notifier(sys.stdout)
    state, warning = load_state()
    if warning:
        print(f"acutimer: {warning}", file=sys.stderr)
    keys_fd = sys.stdin.fileno() if interactive else None
    with TerminalKeys(keys_fd) as keys, SystemWaiter(plan_path(), live_dir(), keys_fd) as waiter:
        deps = Deps(
            now=lambda: datetime.now(local_zone()),
            zone=local_zone,
            load_plan=load_plan,
            completed=completed_sessions,
            session_running=session_running,
            run_session=_run_session(args, keys),
            notifier=notifier,
            out=sys.stdout,
            interactive=interactive,
            state=state,
            save_state=save_state,
        )
        reminder = Reminder(deps)
        reminder.say(f"acutimer remind: reminders reach you through {way}.")
        stop = "q or Ctrl+C stops" if interactive else "SIGTERM stops"
        reminder.say(f"plan: {plan_path()} · {stop}")
        status = reminder.run(waiter)
    os.close(lock)
    return status
