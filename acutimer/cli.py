"""Command line: parse arguments, resolve the routine, pick a front end, map errors to exit codes.

Start-up is kept light: commands that only read data (list, show, points, validate, schema)
never import textual, and heavy modules are imported inside the command that needs them.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from acutimer import __version__
from acutimer.errors import AcutimerError

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130

Handler = Callable[[argparse.Namespace], int]


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
        "run", help="run a guided session", description="Run a guided session."
    )
    run.add_argument("routine", metavar="ROUTINE", help="a routine name or a path to a .toml file")
    run.add_argument("--plain", action="store_true", help="plain text, one line per phase")
    run.add_argument(
        "--speed",
        type=_positive_speed,
        default=1.0,
        metavar="FACTOR",
        help="preview faster, e.g. 10 (the clock stays in routine time)",
    )
    run.add_argument("--no-bell", action="store_true", help="no terminal bell at phase changes")
    run.add_argument(
        "--voice", action="store_true", help="speak each cue (espeak-ng, spd-say or say)"
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
    run.set_defaults(handler=_cmd_run)

    listing = commands.add_parser(
        "list", help="list routines", description="List built-in and your routines."
    )
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=_cmd_list)

    show = commands.add_parser(
        "show", help="show a routine's plan", description="Show a routine step by step."
    )
    show.add_argument("routine", metavar="ROUTINE", help="a routine name or a path to a .toml file")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=_cmd_show)

    points = commands.add_parser(
        "points",
        help="browse the point library",
        description="The point library; QUERY matches codes, names and aliases.",
    )
    points.add_argument(
        "query", metavar="QUERY", nargs="?", default="", help='e.g. "he gu" or B-47'
    )
    points.add_argument("--json", action="store_true", help="print JSON")
    points.set_defaults(handler=_cmd_points)

    validate = commands.add_parser(
        "validate",
        help="check routine files",
        description="Check routine files; exit 2 if any has a problem.",
    )
    validate.add_argument(
        "files", metavar="FILE", nargs="+", help="routine files (or routine names)"
    )
    validate.set_defaults(handler=_cmd_validate)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of routine files",
        description="Print the JSON Schema of routine files.",
    )
    schema.add_argument(
        "--write", action="store_true", help="write it into your acutimer folder for editors to use"
    )
    schema.set_defaults(handler=_cmd_schema)

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
    new.set_defaults(handler=_cmd_new)

    edit = commands.add_parser(
        "edit",
        help="edit a routine in the builder",
        description="Edit a routine in the builder (a built-in is saved as a copy).",
    )
    edit.add_argument("routine", metavar="ROUTINE", help="a routine name or a path to a .toml file")
    edit.set_defaults(handler=_cmd_edit)

    history = commands.add_parser(
        "history",
        help="sessions done and pain over time",
        description="Sessions, streaks, minutes and pain change per routine.",
    )
    history.add_argument("--json", action="store_true", help="print JSON")
    history.add_argument("--days", type=int, default=None, metavar="N", help="only the last N days")
    history.add_argument(
        "--export",
        choices=["csv", "json"],
        default=None,
        help="print every session as CSV or JSON, for a spreadsheet",
    )
    history.set_defaults(handler=_cmd_history)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``acutimer`` command."""
    # Start-up (importing Textual above all) makes many objects and few cycles: collecting as
    # they came took about 20 ms before the first paint. The front ends that run on turn the
    # collector back on once they are up: after their first paint, or before a plain session.
    collecting = gc.isenabled()
    gc.disable()
    try:
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
            if sys.stdin.isatty() and sys.stdout.isatty():
                from acutimer.tui.app import run_tui

                return run_tui(None, args)
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


# --- commands -------------------------------------------------------------------------------


def _print_wrapped(text: str) -> None:
    """Print text wrapped to the terminal (at most 100 columns), keeping each line's indent."""
    import shutil
    import textwrap

    width = max(40, min(100, shutil.get_terminal_size((100, 24)).columns))
    for line in text.splitlines():
        body = line.lstrip(" ")
        indent = " " * (len(line) - len(body))
        if len(line) <= width:
            print(line)
            continue
        print(
            textwrap.fill(
                body,
                width=width,
                initial_indent=indent,
                subsequent_indent=indent + "  " if indent else "",
                break_on_hyphens=False,
            )
        )


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def _cmd_list(args: argparse.Namespace) -> int:
    from acutimer import paths
    from acutimer.listing import list_rows
    from acutimer.units import format_duration

    rows = list_rows()
    shadowed = {r["name"] for r in rows if r.get("shadowed")}
    if args.json:
        _print_json(rows)
        return EXIT_OK

    width = max([len(r["name"]) for r in rows] + [4])
    header = f"{'NAME':<{width}}  {'TITLE':<34}  {'FOCUS':<14}  {'POSITION':<8}  {'TIME':>6}  STEPS"
    builtin = [r for r in rows if r["builtin"]]
    mine = [r for r in rows if not r["builtin"]]
    print(header)
    for row in builtin + mine:
        if "error" in row:
            print(f"{row['name']:<{width}}  (invalid: {row['error']})")
            continue
        mark = " *" if not row["builtin"] else ""
        print(
            f"{row['name']:<{width}}  {_clip(row['title'], 34):<34}  {row['focus']:<14}  "
            f"{row['position']:<8}  {format_duration(row['duration_seconds']):>6}  "
            f"{row['steps']}{mark}"
        )
    if mine:
        print(f"\n* your routines, in {paths.user_routines_dir()}")
    for name in sorted(shadowed):
        print(
            f"note: your routine {name!r} has the name of a built-in, which wins; "
            f"rename the file to run yours by name",
            file=sys.stderr,
        )
    return EXIT_OK


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _cmd_show(args: argparse.Namespace) -> int:
    from acutimer import describe, library

    loaded = library.load_routine(args.routine)
    points = library.load_points()
    origin = "built-in" if loaded.ref.builtin else str(loaded.ref.path)
    if args.json:
        _print_json(
            describe.routine_json(
                loaded.ref.name,
                loaded.routine,
                points,
                builtin=loaded.ref.builtin,
                path=str(loaded.ref.path),
            )
        )
    else:
        _print_wrapped(describe.routine_text(loaded.ref.name, loaded.routine, points, origin))
    return EXIT_OK


def _cmd_points(args: argparse.Namespace) -> int:
    from acutimer import describe, library
    from acutimer.plaindata import to_data

    points = library.load_points()
    found = points.search(args.query) if args.query else list(points)
    if args.json:
        _print_json([to_data(p) for p in found])
        return EXIT_OK if found else EXIT_PROBLEM
    if not found:
        try:
            points.resolve(args.query)
        except ValueError as error:
            print(f"acutimer: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    if not args.query:
        for point in found:
            desk = "desk" if point.desk else "    "
            print(f"{point.code:<7} {point.pinyin:<14} {point.english:<26} {desk}  {point.region}")
        print("\n`acutimer points QUERY` shows a point in full.")
        return EXIT_OK
    _print_wrapped("\n\n".join(describe.point_text(p) for p in found))
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from acutimer import library
    from acutimer.models import format_duration
    from acutimer.timeline import total_seconds

    failed = 0
    for name in args.files:
        try:
            if Path(name).exists() or library.looks_like_path(name):
                ref = library.RoutineRef(name, Path(name), False)
            else:
                ref = library.find_routine(name)
            routine = library.load_ref(ref).routine
        except AcutimerError as error:
            failed += 1
            for problem in error.problems:
                print(f"acutimer: {problem}", file=sys.stderr)
            continue
        print(
            f"ok: {name} ({routine.title}, {len(routine.steps)} steps, "
            f"{format_duration(total_seconds(routine))})"
        )
    if failed:
        print(f"{failed} of {len(args.files)} file(s) have problems", file=sys.stderr)
        return EXIT_BAD_INPUT
    if len(args.files) > 1:
        print(f"all {len(args.files)} files are valid")
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from acutimer import authoring

    if args.write:
        path = authoring.write_schema()
        print(f"wrote {path}")
        print(f"first line for a routine file:  #:schema {path}")
        return EXIT_OK
    _print_json(authoring.routine_schema())
    return EXIT_OK


def _cmd_new(args: argparse.Namespace) -> int:
    from acutimer import authoring, library

    authoring.safe_name(args.name)  # refuse an unusable name before anything else
    if args.from_routine:
        routine = library.load_routine(args.from_routine).routine
    elif args.points:
        codes = [c.strip() for c in args.points.split(",") if c.strip()]
        routine = authoring.routine_from_points(codes, title=args.name)
    else:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise AcutimerError.single(
                args.name, "the builder needs a terminal; use --from ROUTINE or --points CODES"
            )
        from acutimer.tui.builder import run_builder

        return run_builder(None, args)
    path = authoring.save_routine(args.name, routine, force=args.force)
    print(f"saved {path}")
    print(f"run it with: acutimer run {path.stem}")
    return EXIT_OK


def _cmd_edit(args: argparse.Namespace) -> int:
    from acutimer import library

    loaded = library.load_routine(args.routine)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise AcutimerError.single(
            args.routine, "the builder needs a terminal; edit the file in your editor instead"
        )
    from acutimer.tui.builder import run_builder

    return run_builder(loaded, args)


def _cmd_run(args: argparse.Namespace) -> int:
    from acutimer import library

    loaded = library.load_routine(args.routine)
    if args.plain or not (sys.stdout.isatty() and sys.stdin.isatty()):
        from acutimer.plain import run_plain

        return run_plain(loaded, args)
    from acutimer.tui.app import run_tui

    return run_tui(loaded, args)


def _cmd_history(args: argparse.Namespace) -> int:
    from acutimer.history_cli import cmd_history

    return cmd_history(args)
