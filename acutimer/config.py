"""The user's settings: a small TOML file in the acutimer home dir.

Unknown or broken settings never stop a session: a broken file (a huge number, deep nesting,
not UTF-8, a FIFO, a folder) is reported once, naming the file and the line where it can, and
defaults are used; a setting of the wrong type or an unknown one is reported and left out.
Saving writes the file atomically.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path

from acutimer.fsutil import TooLarge, atomic_write_text, describe_os_error, read_file
from acutimer.paths import home_dir
from acutimer.tomlread import TomlProblem, loads

MAX_CONFIG_BYTES = 100_000
"""The settings are a few lines; a larger file is not read."""


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


def config_path() -> Path:
    """Where the settings live."""
    return home_dir() / "config.toml"


def load_config() -> tuple[Config, str | None]:
    """The settings, and a warning when the file could not be used (defaults then apply)."""
    path = config_path()
    try:
        data = loads(read_file(path, MAX_CONFIG_BYTES).decode("utf-8"))
    except FileNotFoundError:
        return Config(), None
    except TooLarge as error:
        return Config(), (
            f"{path} is {error.size:,} bytes, and a settings file is a few lines; "
            "using default settings"
        )
    except OSError as error:
        return (
            Config(),
            f"{path} cannot be read ({describe_os_error(error)}); using default settings",
        )
    except UnicodeDecodeError:
        return Config(), f"{path} is not UTF-8 text; using default settings"
    except TomlProblem as problem:
        where = f"{path}:{problem.line}" if problem.line else str(path)
        return Config(), f"{where}: {problem.message}; using default settings"
    config = Config()
    known = {f.name for f in fields(Config)}
    ignored = []
    for key, value in data.items():
        if key in known and isinstance(value, bool):
            setattr(config, key, value)
        elif key in known:
            ignored.append(f"{key} should be true or false")
        else:
            ignored.append(f"there is no setting {key[:40]!r}")
    if ignored:
        shown = "; ".join(ignored[:3]) + ("; ..." if len(ignored) > 3 else "")
        return config, f"{path}: {shown} (left at the default)"
    return config, None


def save_config(config: Config) -> None:
    """Write the settings atomically."""
    import tomli_w  # only when saving

    atomic_write_text(config_path(), tomli_w.dumps(asdict(config)))
