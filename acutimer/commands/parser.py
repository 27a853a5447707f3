"""The command line's arguments: one sub-command per job, with its options and help.

Each sub-command names its handler (``set_defaults(handler=...)``); those that only read data
are :mod:`acutimer.commands.readonly`'s, the rest :mod:`acutimer.commands.handlers`', which
import what they need when they run.
"""

from __future__ import annotations

import argparse
from typing import Any

from acutimer import __version__
from acutimer.commands import handlers
from acutimer.commands.readonly import cmd_list, cmd_points, cmd_schema, cmd_show, cmd_validate


def _positive_speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number (try 10)") from None
    if not 0.1 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"{text} is out of range: use a factor from 0.1 to 1000")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with a sub-command per job."""
    parser = argparse.ArgumentParser(
        prog="acutimer",
        description="A guided self-acupressure session timer for the terminal. "
        "Run `acutimer` alone to pick a routine.",
    )
    parser.add_argument("--version", action="version", version=f"acutimer {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser(
        "run",
        help="run a guided session",
        description="Run a guided session. Without ROUTINE, pick one from the list.",
    )
    run.add_argument(
        "routine",
        metavar="ROUTINE",
        nargs="?",
        default=None,
        help="a routine name or a path to a .toml file (none: pick one, full screen)",
    )
    _session_options(run)
    run.set_defaults(handler=handlers.cmd_run)

    resume = commands.add_parser(
        "resume",
        help="carry on the session you cut short",
        description="Carry on the latest session cut short (q, a closed terminal, a crash) "
        "at the step after its last finished one, if it stopped less than "
        "resume_within_minutes ago (2 hours unless set) and its routine is unchanged. "
        "It stays one session in the history.",
    )
    resume.add_argument(
        "routine",
        metavar="ROUTINE",
        nargs="?",
        default=None,
        help="only a session of this routine (none: the latest of any)",
    )
    _session_options(resume)
    resume.set_defaults(handler=handlers.cmd_resume)

    listing = commands.add_parser(
        "list", help="list routines", description="List built-in and your routines."
    )
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=cmd_list)

    show = commands.add_parser(
        "show", help="show a routine's plan", description="Show a routine step by step."
    )
    show.add_argument("routine", metavar="ROUTINE", help="a routine name or a path to a .toml file")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.add_argument("--maps", action="store_true", help="draw each step's point on a body map")
    show.set_defaults(handler=cmd_show)

    points = commands.add_parser(
        "points",
        help="browse the point library",
        description="The point library; QUERY matches codes, names and aliases.",
    )
    points.add_argument(
        "query", metavar="QUERY", nargs="?", default="", help='e.g. "he gu" or B-47'
    )
    points.add_argument("--json", action="store_true", help="print JSON")
    body_map = points.add_mutually_exclusive_group()
    body_map.add_argument(
        "--map",
        dest="map",
        action="store_true",
        default=None,
        help="draw the point on a body map, even into a pipe (on a terminal it is drawn anyway)",
    )
    body_map.add_argument("--no-map", dest="map", action="store_false", help="words only")
    points.set_defaults(handler=cmd_points)

    validate = commands.add_parser(
        "validate",
        help="check routine files",
        description="Check routine files; exit 2 if any has a problem.",
    )
    validate.add_argument(
        "files", metavar="FILE", nargs="+", help="routine files (or routine names)"
    )
    validate.set_defaults(handler=cmd_validate)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of routine files",
        description="Print the JSON Schema of routine files.",
    )
    schema.add_argument(
        "--write", action="store_true", help="write it into your acutimer folder for editors to use"
    )
    schema.set_defaults(handler=cmd_schema)

    new = commands.add_parser(
        "new",
        help="make a routine of your own",
        description="Make a routine: in the builder, from a copy, or from points.",
    )
    new.add_argument(
        "name", metavar="NAME", help="the new routine's name (a safe file name is made)"
    )
    source = new.add_mutually_exclusive_group()
    source.add_argument("--from", dest="from_routine", metavar="ROUTINE", help="copy this routine")
    source.add_argument("--points", metavar="CODES", help="comma-separated points, e.g. LI-4,TE-3")
    new.add_argument(
        "--force", action="store_true", help="replace an existing routine of that name"
    )
    new.set_defaults(handler=handlers.cmd_new)

    edit = commands.add_parser(
        "edit",
        help="edit a routine in the builder",
        description="Edit a routine in the builder (a built-in is saved as a copy).",
    )
    edit.add_argument("routine", metavar="ROUTINE", help="a routine name or a path to a .toml file")
    edit.set_defaults(handler=handlers.cmd_edit)

    delete = commands.add_parser(
        "delete",
        help="delete one of your routines (to the trash)",
        description="Move one of your routines to the trash folder; built-ins are never deleted.",
    )
    delete.add_argument("name", metavar="NAME", help="the name of one of your routines")
    delete.set_defaults(handler=handlers.cmd_delete)

    rename = commands.add_parser(
        "rename",
        help="rename one of your routines",
        description="Give one of your routines a new name (never replacing a file; never a "
        "built-in).",
    )
    rename.add_argument("old", metavar="OLD", help="the name of one of your routines")
    rename.add_argument("new", metavar="NEW", help="its new name")
    rename.set_defaults(handler=handlers.cmd_rename)

    history = commands.add_parser(
        "history",
        help="your practice over the weeks, and what helps you",
        description="A calendar of the last 12 weeks, recent sessions, streak, minutes this week, "
        "and what helps you: the change in pain per routine and point, with a 95% interval "
        "(your own before and after, not a trial).",
    )
    history.add_argument("--json", action="store_true", help="print JSON")
    history.add_argument("--days", type=int, default=None, metavar="N", help="only the last N days")
    history.add_argument(
        "--export",
        choices=["csv", "json"],
        default=None,
        help="print every session as CSV or JSON, for a spreadsheet",
    )
    history.set_defaults(handler=handlers.cmd_history)

    from acutimer.commands.plan import add_arguments as add_plan_arguments

    add_plan_arguments(commands)

    from acutimer.commands.remind import add_arguments as add_remind_arguments

    add_remind_arguments(commands)
    _add_config(commands)
    return parser


def _session_options(run: argparse.ArgumentParser) -> None:
    """The options of a session, the same for ``run`` and ``resume``."""
    run.add_argument("--plain", action="store_true", help="plain text, one line per phase")
    run.add_argument(
        "--speed",
        type=_positive_speed,
        default=1.0,
        metavar="FACTOR",
        help="preview faster, e.g. 10 (the clock stays in routine time)",
    )
    run.add_argument("--no-bell", action="store_true", help="no terminal bell at phase changes")
    _on_off(run, "sound", "a calm tone at each phase change", "no tones")
    _on_off(run, "voice", "speak each cue (espeak-ng, spd-say or say)", "no voice")
    wait = run.add_mutually_exclusive_group()
    wait.add_argument(
        "--wait-for-me",
        dest="wait_for_me",
        action="store_true",
        default=None,
        help="after a long wait, wait for a key before the next press",
    )
    wait.add_argument(
        "--no-wait-for-me",
        dest="wait_for_me",
        action="store_false",
        help="after a long wait, press on when the time comes",
    )
    _on_off(
        run,
        "map",
        "draw each point on a body map (on in the full-screen app; --plain only with --map)",
        "words only, no body map",
    )
    pain = run.add_mutually_exclusive_group()
    pain.add_argument(
        "--pain",
        dest="pain",
        action="store_true",
        default=None,
        help="ask for a pain rating before and after",
    )
    pain.add_argument(
        "--no-pain", dest="pain", action="store_false", help="do not ask for pain ratings"
    )


def _on_off(parser: argparse.ArgumentParser, name: str, on: str, off: str) -> None:
    """``--NAME`` and ``--no-NAME``; neither: as the settings say."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(f"--{name}", dest=name, action="store_true", default=None, help=on)
    group.add_argument(f"--no-{name}", dest=name, action="store_false", help=off)


def _add_config(commands: Any) -> None:
    from acutimer.commands.settings import cmd_config

    config = commands.add_parser(
        "config",
        help="your settings: show, set, unset, path",
        description="Your settings, their values and where each came from "
        "(default, file, environment, command line).",
    )
    config.add_argument("--json", action="store_true", help="print JSON")
    config.set_defaults(handler=cmd_config)
    actions = config.add_subparsers(dest="config_command", metavar="ACTION")
    show = actions.add_parser("show", help="each setting, its value and where it came from")
    show.add_argument("--json", action="store_true", help="print JSON")
    change = actions.add_parser("set", help="set a setting in the file", description="Set KEY.")
    change.add_argument("key", metavar="KEY", help="a setting, e.g. volume")
    change.add_argument("value", metavar="VALUE", help="e.g. 40, true, off, nord")
    unset = actions.add_parser("unset", help="take a setting out of the file (its default then)")
    unset.add_argument("key", metavar="KEY")
    actions.add_parser("path", help="where the settings file is")
    actions.add_parser("schema", help="the JSON Schema of the settings file")
