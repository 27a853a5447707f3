"""Reading the settings: the file, then the environment, then the command line.

A setting comes from the first of these that gives it, read from the last: the command line
(``--no-sound``), the environment (``ACUTIMER_VOLUME=40``; ``TEXTUAL_ANIMATIONS=none`` also turns
on ``reduced_motion``), the file, or its default. A bad key or value never stops a session: it
is reported with the file, the key and the line, as a bad routine file is, and that key keeps its
default while every good key still applies.

What pydantic accepted once is kept in the validation cache (keyed by the text), so reading
settings validated before needs no pydantic.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from acutimer.config.model import KEYS, Config, Source, parse_value
from acutimer.paths import home_dir
from acutimer.routine import vcache
from acutimer.routine.errors import AcutimerError, Problem

MAX_FILE_BYTES = 64_000
"""A settings file is a few lines; a bigger one is refused unread."""

ENV_PREFIX = "ACUTIMER_"


def config_path() -> Path:
    """Where the settings file lives."""
    return home_dir() / "config.toml"


def env_name(key: str) -> str:
    """The environment variable that sets ``key``: ``ACUTIMER_VOLUME``."""
    return ENV_PREFIX + key.upper()


@dataclass
class Settings:
    """The settings in force, where each came from, and what was wrong on the way."""

    config: Config
    sources: dict[str, Source]
    path: Path
    lines: dict[str, int] = field(default_factory=dict)
    """The line of the file that gives each key the file sets."""
    problems: list[Problem] = field(default_factory=list)
    """Bad keys and values, in the file or the environment: each kept its default."""
    unused: list[str] = field(default_factory=list)
    """Keys whose value in the file or the environment was refused."""

    @property
    def warning(self) -> str | None:
        """The problems as lines to show, with what acutimer does about them; None if none."""
        if not self.problems:
            return None
        lines = [str(p) for p in self.problems]
        if self.unused:
            lines.append(f"going on with the default for {', '.join(self.unused)}")
        elif all(p.key == "" for p in self.problems):
            lines.append("going on with the default settings")
        return "\n".join(lines)


def load_settings(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """The settings in force: defaults, then the file, the environment and ``overrides``.

    Args:
        overrides: values given on the command line, already of the right type.
        environ: the environment (``os.environ`` when not given).
    """
    env = os.environ if environ is None else environ
    path = config_path()
    settings = Settings(Config(), {key: Source.DEFAULT for key in KEYS}, path)
    text, problems = read_text(path)
    settings.problems += problems
    if text:
        data, problems = parse(text, str(path))
        settings.problems += problems
        if data is not None:
            from acutimer.routine.tomlpos import key_lines  # only when there is a file

            found = key_lines(text)
            settings.lines = {str(p[0]): line for p, line in found.items() if len(p) == 1}
            values, problems = checked(data, str(path), text)
            settings.problems += problems
            settings.unused += [k for k in data if k in KEYS and k not in values]
            _apply(settings, values, Source.FILE)
    values, problems = _from_environment(env)
    settings.problems += problems
    _apply(settings, values, Source.ENVIRONMENT)
    _apply(settings, dict(overrides or {}), Source.COMMAND_LINE)
    return settings


def overrides_from(args: Any) -> dict[str, Any]:
    """The settings that ``run``'s options give (``--no-sound``, ``--voice``, ``--no-pain``...)."""
    given = {
        "sound": getattr(args, "sound", None),
        "voice": getattr(args, "voice", None),
        "ask_pain": getattr(args, "pain", None),
        "bell": False if getattr(args, "no_bell", False) else None,
        "wait_for_me": getattr(args, "wait_for_me", None),
    }
    return {key: value for key, value in given.items() if value is not None}


def load_config() -> tuple[Config, str | None]:
    """The settings in force, and what was wrong with them (None when nothing was)."""
    settings = load_settings()
    return settings.config, settings.warning


def _apply(settings: Settings, values: Mapping[str, Any], source: Source) -> None:
    for key, value in values.items():
        if key in KEYS:
            setattr(settings.config, key, value)
            settings.sources[key] = source
            if source is not Source.FILE:
                settings.unused = [k for k in settings.unused if k != key]


def _from_environment(env: Mapping[str, str]) -> tuple[dict[str, Any], list[Problem]]:
    given = {key: env[env_name(key)] for key in KEYS if env.get(env_name(key), "") != ""}
    data = {key: parse_value(key, text) for key, text in given.items()}
    if "reduced_motion" not in data and env.get("TEXTUAL_ANIMATIONS", "").lower() == "none":
        data["reduced_motion"] = True
    if not data:
        return {}, []
    text = json.dumps(data, sort_keys=True)
    values, problems = checked(data, "environment", text, lines=False)
    named = [replace(p, file=env_name(p.key), key="") if p.key in KEYS else p for p in problems]
    return values, named


# --- the file -------------------------------------------------------------------------------


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """The settings file's text: None when there is none, or with the reason it can't be read.

    Only a regular file is opened: a FIFO or a device put in its place would hang the read.
    """
    from acutimer.routine.validation import decode_text

    label = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        return None, []
    except OSError as error:
        return None, [Problem(label, f"cannot be read ({error.strerror or error})")]
    if not stat.S_ISREG(info.st_mode):
        return None, [Problem(label, "is not a regular file; settings are a small TOML file")]
    if info.st_size > MAX_FILE_BYTES:
        size = f"{info.st_size / 1000:.0f} kB"
        limit = f"a settings file is a few lines (the limit is {MAX_FILE_BYTES // 1000} kB)"
        return None, [Problem(label, f"is {size}; {limit}")]
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
        return decode_text(raw, label), []
    except AcutimerError as error:
        return None, error.problems
    except OSError as error:
        return None, [Problem(label, f"cannot be read ({error.strerror or error})")]


def parse(text: str, label: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The file's TOML, or None and the reason it isn't TOML."""
    from acutimer.routine.validation import parse_toml

    try:
        return parse_toml(text, label), []
    except AcutimerError as error:
        return None, error.problems
    except ValueError:
        # tomllib refuses integers of more than 4300 digits (Python's limit) with a ValueError.
        match = re.search(r"\d{4000,}", text)
        line = text[: match.start()].count("\n") + 1 if match else None
        return None, [Problem(label, "is not valid TOML: a number is far too long", line=line)]


def checked(
    data: dict[str, Any], label: str, text: str, *, lines: bool = True
) -> tuple[dict[str, Any], list[Problem]]:
    """The values of ``data`` that are good settings, and a problem for each one that isn't.

    A set of values accepted before is taken from the validation cache, without pydantic.
    """
    name = vcache.key(b"settings", text)
    cached = vcache.get("settings", name)
    if isinstance(cached, dict) and _plain_ok(cached) and set(cached) == set(data):
        return cached, []
    values, problems = _validate(data, label, text if lines else "")
    if not problems:
        vcache.put("settings", name, values)
    return values, problems


def _plain_ok(values: dict[str, Any]) -> bool:
    """Whether cached values look like settings (the cache is a copy, never trusted)."""
    from acutimer.config.model import check_plain

    return all(key in KEYS and check_plain(key, value) for key, value in values.items())


_FRIENDLIER = {
    "Input should be a valid boolean": "should be true or false",
    "Input should be a valid integer": "should be a whole number",
    "Input should be a valid string": "should be text in quotes",
}
"""pydantic's words for a wrong type, in the words of a settings file."""


def _model_at(path: tuple[str | int, ...]) -> type[Any] | None:
    return Config if not path else None


def _validate(data: dict[str, Any], label: str, text: str) -> tuple[dict[str, Any], list[Problem]]:
    """Validate with pydantic; a key that fails is left out and the rest validated again."""
    from pydantic import ValidationError

    from acutimer.routine.validation import problems_from, validate

    remaining = dict(data)
    problems: list[Problem] = []
    while True:
        try:
            config = validate(Config, remaining)
        except ValidationError as error:
            found = problems_from(error, label, text, model_at=_model_at)
            problems += [_friendlier(p) for p in found]
            bad = {item["loc"][0] for item in error.errors(include_url=False) if item["loc"]}
            if not bad & set(remaining):
                return {}, problems  # nothing left to leave out: every key keeps its default
            remaining = {k: v for k, v in remaining.items() if k not in bad}
            continue
        return {key: getattr(config, key) for key in remaining}, problems


def _friendlier(problem: Problem) -> Problem:
    for words, better in _FRIENDLIER.items():
        if problem.message.startswith(words):
            return replace(problem, message=better)
    return problem
