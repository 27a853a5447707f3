"""The user's settings: a small TOML file in the acutimer home dir.

Unknown or broken settings never stop a session: a broken file is reported once and defaults
are used; saving writes the file atomically.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from acutimer.fsutil import atomic_write_text
from acutimer.paths import home_dir


@dataclass
class Config:
    """Settings remembered between sessions."""

    safety_acknowledged: bool = False
    """The user has read the safety notice (it then shows only from its key)."""
    avoid_pregnancy_points: bool = False
    """Skip steps on points flagged for pregnancy, and say which were skipped."""
    ask_pain: bool = True
    """Ask for a pain rating (0-10) before and after a session."""
    bell: bool = True
    """Ring the terminal bell at each phase change."""
    picker_sort: str = "title"
    """How the picker sorts routines: "title", or "last used" (most recent first)."""


def config_path() -> Path:
    """Where the settings live."""
    return home_dir() / "config.toml"


def load_config() -> tuple[Config, str | None]:
    """The settings, and a warning when the file could not be used (defaults then apply)."""
    path = config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config(), None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Config(), f"{path}: cannot be read ({error}); using default settings"
    config = Config()
    known = {f.name for f in fields(Config)}
    for key, value in data.items():
        # A value of the wrong type is left at its default (bool is an int: compare exactly).
        if key in known and type(value) is type(getattr(config, key)):
            setattr(config, key, value)
    return config, None


def save_config(config: Config) -> None:
    """Write the settings atomically."""
    import tomli_w  # only when saving

    atomic_write_text(config_path(), tomli_w.dumps(asdict(config)))
