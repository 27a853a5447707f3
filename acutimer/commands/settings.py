"""``acutimer config``: the settings, their values and where each came from; set, unset, path.

Showing the settings is a read-only command: with the validation cache warm it imports no
pydantic, like ``list`` and ``show``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from acutimer.config.load import Settings, env_name, load_settings
from acutimer.config.model import KEYS, THEMES, Source, default_value, descriptions, format_value
from acutimer.routine.errors import EXIT_BAD_INPUT, EXIT_OK, AcutimerError, Problem, did_you_mean


def cmd_config(args: argparse.Namespace) -> int:
    """Dispatch ``acutimer config [show|set|unset|path|schema]``."""
    action = getattr(args, "config_command", None) or "show"
    if action == "path":
        from acutimer.config.load import config_path

        print(config_path())
        return EXIT_OK
    if action == "schema":
        return _schema()
    if action == "set":
        return _set(args.key, args.value)
    if action == "unset":
        return _set(args.key, None)
    return _show(load_settings(), as_json=bool(getattr(args, "json", False)))


def _source_text(settings: Settings, key: str) -> str:
    source = settings.sources[key]
    if key in settings.unused and key in settings.lines:
        return f"default (line {settings.lines[key]} of the file is refused)"
    if source is Source.FILE and key in settings.lines:
        return f"file, line {settings.lines[key]}"
    if source is Source.ENVIRONMENT:
        return f"environment ({env_name(key)})" if key != "reduced_motion" else "environment"
    return source.value


def _rows(settings: Settings) -> list[dict[str, Any]]:
    docs = descriptions()
    rows = []
    for key in KEYS:
        rows.append(
            {
                "key": key,
                "value": getattr(settings.config, key),
                "default": default_value(key),
                "source": settings.sources[key].value,
                "line": settings.lines.get(key) if settings.sources[key] is Source.FILE else None,
                "environment": env_name(key),
                "description": docs.get(key, ""),
            }
        )
    return rows


def _show(settings: Settings, *, as_json: bool) -> int:
    problems = settings.problems
    if as_json:
        data = {
            "path": str(settings.path),
            "settings": _rows(settings),
            "problems": [str(p) for p in problems],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        from acutimer.commands.readonly import _print_wrapped

        exists = settings.path.is_file()
        where = str(settings.path) + ("" if exists else " (no such file yet: all defaults)")
        print(f"acutimer's settings, from {where}\n")
        lines = []
        for row in _rows(settings):
            left = f"{row['key']} = {format_value(row['value'])}"
            lines.append(f"{left:<34} {_source_text(settings, row['key'])}")
            doc = row["description"]
            if row["key"] == "theme":
                doc += " The themes: " + ", ".join(THEMES) + "."
            lines.append(f"    {doc}")
        lines += [
            "",
            "Change one with `acutimer config set KEY VALUE` (`unset KEY` for its default), or for",
            "one run with ACUTIMER_KEY in the environment, e.g. ACUTIMER_SOUND=off.",
        ]
        _print_wrapped("\n".join(lines))
    for problem in problems:
        print(f"acutimer: {problem}", file=sys.stderr)
    return EXIT_BAD_INPUT if problems else EXIT_OK


def _set(key: str, text: str | None) -> int:
    from acutimer.config.edit import write_settings
    from acutimer.config.load import checked
    from acutimer.config.model import parse_value

    if key not in KEYS:
        hint = did_you_mean(key, KEYS)
        hint = hint or "`acutimer config` lists them"
        raise AcutimerError([Problem("config", f"there is no setting {key!r}", hint=hint)])
    value: Any = None
    if text is not None:
        data = {key: parse_value(key, text)}
        values, problems = checked(data, "config set", json.dumps(data), lines=False)
        if problems:
            raise AcutimerError(problems)
        value = values[key]
    path = write_settings({key: value})
    after = load_settings()
    shown = format_value(getattr(after.config, key))
    if text is None:
        print(f"{key} is back to its default ({format_value(default_value(key))}) in {path}")
    else:
        print(f"{key} = {format_value(value)} in {path}")
    source = after.sources[key]
    if source in (Source.ENVIRONMENT, Source.COMMAND_LINE):
        print(f"note: {env_name(key)} in the environment still sets it to {shown}")
    return EXIT_OK


def _schema() -> int:
    from acutimer.config.model import Config
    from acutimer.routine.validation import json_schema

    schema = json_schema(Config)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "acutimer settings (config.toml)"
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return EXIT_OK
