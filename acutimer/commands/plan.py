"""``acutimer plan``: its arguments, and handlers that load the work only when it is asked for.

Every ``acutimer`` start builds the parser; the plan's modules load only for ``plan`` itself
(:mod:`acutimer.commands.planning`).
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any


def add_arguments(commands: Any) -> None:
    """The ``plan`` command and its ``add`` and ``remove`` sub-commands."""
    plan = commands.add_parser(
        "plan",
        help="your practice plan: today's times, done or not",
        description="Today's planned times, each done, due, missed, skipped or later. "
        "`plan add ROUTINE` plans a routine by its own advice; `plan remove ROUTINE` unplans it.",
    )
    plan.add_argument("--json", action="store_true", help="print a JSON array")
    plan.set_defaults(handler=cmd_plan)
    actions = plan.add_subparsers(dest="plan_action", metavar="ACTION")
    add = actions.add_parser(
        "add",
        help="plan a routine (by its own advice unless told otherwise)",
        description="Plan a routine. Without options it follows the routine's [practice] "
        "advice; the options override it.",
    )
    add.add_argument("routine", metavar="ROUTINE", help="a routine name (`acutimer list`)")
    when = add.add_mutually_exclusive_group()
    when.add_argument("--at", metavar="HH:MM,...", help="fixed times, e.g. 10:00,15:30")
    when.add_argument("--every", metavar="DURATION", help="every so long in the window, e.g. 2h")
    when.add_argument("--times", metavar="N", help="N times spread over the window, e.g. 3")
    add.add_argument("--between", metavar="HH:MM-HH:MM", help="the window, e.g. 09:00-18:00")
    add.add_argument("--days", metavar="DAYS", help="e.g. mon-fri, weekends, mon,thu")
    add.set_defaults(handler=cmd_plan_add)
    remove = actions.add_parser("remove", help="take a routine out of the plan")
    remove.add_argument("routine", metavar="ROUTINE", help="a planned routine")
    remove.set_defaults(handler=cmd_plan_remove)


def cmd_plan(args: argparse.Namespace, now: datetime | None = None) -> int:
    """Show today's plan."""
    from acutimer.commands import planning

    return planning.cmd_plan(args, now)


def cmd_plan_add(args: argparse.Namespace) -> int:
    """Plan a routine."""
    from acutimer.commands import planning

    return planning.cmd_plan_add(args)


def cmd_plan_remove(args: argparse.Namespace) -> int:
    """Take a routine out of the plan."""
    from acutimer.commands import planning

    return planning.cmd_plan_remove(args)
