"""Changing the settings file: ``acutimer config set``, and the apps when a setting changes.

The file is the user's: a change touches only the lines of the keys it sets, so comments, the
order of keys and even a bad value elsewhere stay as they were written. Each write is atomic. A
file that is not valid TOML is never written over: the change is refused and the file named.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from acutimer.config.load import config_path, parse, read_text
from acutimer.config.model import KEYS, Config, format_value
from acutimer.fsutil import atomic_write_text
from acutimer.routine.errors import AcutimerError, Problem

HEADER = (
    "# acutimer's settings. `acutimer config` shows each one, what it does and where its value\n"
    "# comes from; `acutimer config set KEY VALUE` changes one.\n"
)

_VALUE = r"(true|false|[+-]?[0-9_]+|\"(?:[^\"\\]|\\.)*\"|'[^']*')"
_TABLE = re.compile(r"^\s*\[")

UNSET = None
"""Given as a key's new value: take the key out of the file (it then has its default)."""


def write_settings(changes: Mapping[str, Any]) -> Path:
    """Set keys in the settings file (a value of None takes the key out); returns the file.

    Raises:
        AcutimerError: the file cannot be read or is not valid TOML; nothing was written.
        OSError: the new file could not be written (the old one is left whole).
    """
    unknown = [key for key in changes if key not in KEYS]
    if unknown:
        raise ValueError(f"not settings: {', '.join(unknown)}")
    path = config_path()
    text, problems = read_text(path)
    data: dict[str, Any] = {}
    if text:
        parsed, problems = parse(text, str(path))
        data = parsed or {}
    if problems:
        refusal = Problem(str(path), "was left as it is; fix it (or move it away) first")
        raise AcutimerError([*problems, refusal])
    expected = {k: v for k, v in {**data, **changes}.items() if v is not None}
    new_text = _edited(text or "", changes)
    if _parses_to(new_text) != expected:
        # An unusual layout (a value over several lines, say): write the whole file afresh.
        import tomli_w

        new_text = HEADER + tomli_w.dumps(expected)
    atomic_write_text(path, new_text)
    return path


def _edited(text: str, changes: Mapping[str, Any]) -> str:
    """``text`` with each key's line changed, removed or added."""
    if not text:
        text = HEADER
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    for key, value in changes.items():
        pattern = re.compile(rf"^(\s*{re.escape(key)}\s*=\s*){_VALUE}(\s*(?:#.*)?)$")
        index = next(
            (i for i, line in enumerate(lines) if pattern.match(line.rstrip("\r\n"))), None
        )
        if index is not None:
            if value is None:
                del lines[index]
                continue
            match = pattern.match(lines[index].rstrip("\r\n"))
            assert match is not None
            ending = lines[index][len(lines[index].rstrip("\r\n")) :]
            lines[index] = match.group(1) + format_value(value) + match.group(3) + ending
        elif value is not None:
            at = next((i for i, line in enumerate(lines) if _TABLE.match(line)), len(lines))
            lines.insert(at, f"{key} = {format_value(value)}{newline}")
    return "".join(lines)


def _parses_to(text: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        return None


class SettingsSaver:
    """Writes what changed in a :class:`Config` since the last save, and nothing else.

    A value given on the command line or in the environment (``--no-sound``) is not written
    to the file unless it is changed in the app.
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self._saved = asdict(config)

    def save(self) -> Path | None:
        """Write the keys that changed; None when none did.

        Raises:
            AcutimerError, OSError: as :func:`write_settings`.
        """
        now = asdict(self.config)
        changed = {key: value for key, value in now.items() if value != self._saved[key]}
        if not changed:
            return None
        path = write_settings(changed)
        self._saved.update(changed)
        return path
