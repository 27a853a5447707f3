"""The commands that only read: list, show, points, validate and schema.

They never import textual or pydantic when the validation cache is warm (tests check this), so
each module they need is imported inside the command.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acutimer.routine.errors import EXIT_BAD_INPUT, EXIT_OK, AcutimerError

if TYPE_CHECKING:
    from acutimer.routine.models import Point
    from acutimer.routine.timeline import Side


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


def cmd_list(args: argparse.Namespace) -> int:
    from acutimer import paths
    from acutimer.commands.listing import list_rows
    from acutimer.routine.units import format_duration

    rows = list_rows()
    shadowed = {r["name"] for r in rows if r.get("shadowed")}
    if args.json:
        _print_json(rows)
        return EXIT_OK

    width = max([len(r["name"]) for r in rows] + [4])
    longest = max([len(r["title"]) for r in rows if "error" not in r] + [5])
    titles = longest
    if sys.stdout.isatty():
        # On a terminal, fit the line to its width; in a pipe or a file, nothing is cut.
        import shutil

        room = shutil.get_terminal_size((100, 24)).columns - width - 2 - 47
        titles = max(20, min(longest, room))
    header = (
        f"{'NAME':<{width}}  {'TITLE':<{titles}}  {'FOCUS':<14}  {'POSITION':<8}  "
        f"{'TIME':>6}  STEPS"
    )
    builtin = [r for r in rows if r["builtin"]]
    mine = [r for r in rows if not r["builtin"]]
    print(header)
    for row in builtin + mine:
        if "error" in row:
            print(f"{row['name']:<{width}}  (invalid: {row['error']})")
            continue
        mark = " *" if not row["builtin"] else ""
        print(
            f"{row['name']:<{width}}  {_clip(row['title'], titles):<{titles}}  {row['focus']:<14}  "
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


def cmd_show(args: argparse.Namespace) -> int:
    from acutimer.routine import describe
    from acutimer.routine.loading import load_routine
    from acutimer.routine.points import load_points

    loaded = load_routine(args.routine)
    points = load_points()
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
    elif args.maps:
        from acutimer.routine.pointmap import shown_side

        head, steps, foot = describe.routine_sections(
            loaded.ref.name, loaded.routine, points, origin
        )
        _print_wrapped(head)
        for step, text in zip(loaded.routine.steps, steps, strict=True):
            point = points.resolve(step.point)
            print()
            _print_map(point, shown_side(step.sides or point.sides), *STEP_MAP_SIZE, indent="    ")
            _print_wrapped(text)
        print()
        _print_wrapped(foot)
    else:
        _print_wrapped(describe.routine_text(loaded.ref.name, loaded.routine, points, origin))
    return EXIT_OK


def cmd_points(args: argparse.Namespace) -> int:
    from acutimer.routine import describe
    from acutimer.routine.plaindata import to_data
    from acutimer.routine.pointmap import shown_side
    from acutimer.routine.points import load_points

    points = load_points()
    found = points.search(args.query) if args.query else list(points)
    if not found:
        # Nothing found is bad input, as an unknown routine is: exit 2, with a hint.
        try:
            points.resolve(args.query)
        except ValueError as error:
            print(f"acutimer: {error}", file=sys.stderr)
        if args.json:
            _print_json([])
        return EXIT_BAD_INPUT
    if args.json:
        _print_json([to_data(p) for p in found])
        return EXIT_OK
    if not args.query:
        print(f"{'CODE':<7} {'PINYIN':<14} {'ENGLISH':<26} {'DESK':<4}  REGION")
        for point in found:
            desk = "yes" if point.desk else ""
            print(
                f"{point.code:<7} {point.pinyin:<14} {point.english:<26} {desk:<4}  {point.region}"
            )
        print(
            "\nDESK: yes when you can reach the point yourself while seated at a desk.\n"
            "`acutimer points QUERY` shows a point in full, with how to reach it."
        )
        return EXIT_OK
    notes = [f"Note: {note}" for note in points.notes(args.query)]
    if notes:
        _print_wrapped("\n\n".join(notes))
        print()
    maps = args.map if args.map is not None else sys.stdout.isatty()
    for index, point in enumerate(found):
        if index:
            print()
        if maps:
            _print_map(point, shown_side(point.sides), *POINT_MAP_SIZE)
        _print_wrapped(describe.point_text(point))
    return EXIT_OK


POINT_MAP_SIZE = (64, 20)
"""The largest map ``points`` prints (columns, rows), within the terminal's width."""
STEP_MAP_SIZE = (56, 16)
"""The largest map ``show --maps`` prints for each step."""


def _print_map(point: Point, side: Side | None, width: int, height: int, indent: str = "") -> None:
    """Print a point's picture (coloured on a terminal) and its legend, wrapped."""
    import shutil

    from acutimer.plain.terminal import colour_ok
    from acutimer.routine.pointmap import map_lines

    columns = shutil.get_terminal_size((100, 24)).columns
    lines = map_lines(
        point, side, min(width, columns), height, colour=colour_ok(sys.stdout), indent=indent
    )
    if not lines:
        return
    for line in lines[:-1]:
        print(line)
    _print_wrapped(lines[-1])


def cmd_validate(args: argparse.Namespace) -> int:
    from acutimer.paths import RoutineRef, looks_like_path
    from acutimer.routine.loading import find_routine, load_ref
    from acutimer.routine.models import format_duration
    from acutimer.routine.timeline import total_seconds
    from acutimer.routine.words import plural

    failed = 0
    for name in args.files:
        try:
            if Path(name).exists() or looks_like_path(name):
                ref = RoutineRef(name, Path(name), False)
            else:
                ref = find_routine(name)
            routine = load_ref(ref).routine
        except AcutimerError as error:
            failed += 1
            for problem in error.problems:
                print(f"acutimer: {problem}", file=sys.stderr)
            continue
        print(
            f"ok: {name} ({routine.title}, {plural(len(routine.steps), 'step')}, "
            f"{format_duration(total_seconds(routine))})"
        )
    if failed:
        verb = "has a problem" if failed == 1 else "have problems"
        print(f"{failed} of {plural(len(args.files), 'file')} {verb}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if len(args.files) > 1:
        print(f"all {len(args.files)} files are valid")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from acutimer.routine import authoring

    if args.write:
        path = authoring.write_schema()
        print(f"wrote {path}")
        print(f"first line for a routine file:  #:schema {path}")
        return EXIT_OK
    _print_json(authoring.routine_schema())
    return EXIT_OK
