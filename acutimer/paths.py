"""Where acutimer keeps things: built-in routines, the user's dir, routine files by name.

Tiny on purpose: the fast read-only commands import it without pulling in pydantic or textual.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def home_dir() -> Path:
    """The user's acutimer dir: ``$ACUTIMER_HOME``, or the platform's user data dir."""
    override = os.environ.get("ACUTIMER_HOME")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("acutimer", appauthor=False))


def cache_dir() -> Path:
    """Where derived data (safe to delete) is kept: under ``$ACUTIMER_HOME`` when it is set."""
    override = os.environ.get("ACUTIMER_HOME")
    if override:
        return Path(override).expanduser() / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir("acutimer", appauthor=False))


def builtin_dir() -> Path:
    """Where the built-in routines are: inside the wheel, or at the top of a source checkout."""
    shipped = _PACKAGE / "_routines"
    if shipped.is_dir():
        return shipped
    return _PACKAGE.parent / "routines"


def points_file() -> Path:
    """The point library shipped with the package."""
    return _PACKAGE / "data" / "points.toml"


def figures_file() -> Path:
    """The body map's figures, shipped with the package."""
    return _PACKAGE / "bodymap" / "figures.toml"


def user_routines_dir() -> Path:
    """Where the user's own routines live."""
    return home_dir() / "routines"


def trash_dir() -> Path:
    """Where deleted routines go (outside the routines folder, so they are not listed)."""
    return home_dir() / "trash"


@dataclass(frozen=True)
class RoutineRef:
    """Where a routine comes from."""

    name: str
    """What ``run`` and ``show`` take: the file name without ``.toml``, or the path given."""
    path: Path
    builtin: bool


def builtin_refs() -> list[RoutineRef]:
    """The built-in routines, by name."""
    return [RoutineRef(p.stem, p, True) for p in sorted(builtin_dir().glob("*.toml"))]


def scan_user_routines() -> tuple[list[RoutineRef], str | None]:
    """The user's own routines, by name, and why some may be missing: None when the folder
    could be read (or is simply not there yet)."""
    folder = user_routines_dir()
    try:
        with os.scandir(folder) as listing:
            names = sorted(entry.name for entry in listing if entry.name.endswith(".toml"))
    except FileNotFoundError:
        return [], None
    except OSError as error:
        from acutimer.fsutil import describe_os_error

        reason = "it is a file, not a folder" if folder.is_file() else describe_os_error(error)
        return [], f"your routines folder {folder} cannot be read ({reason})"
    refs = [RoutineRef(name[: -len(".toml")], folder / name, False) for name in names]
    return [ref for ref in refs if not _is_dir(ref.path)], None


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def user_refs() -> list[RoutineRef]:
    """The user's own routines, by name (see :func:`scan_user_routines` for why some may be
    missing)."""
    return scan_user_routines()[0]


def all_refs() -> list[RoutineRef]:
    """Built-in routines, then the user's."""
    return [*builtin_refs(), *user_refs()]


def shadowed_names() -> set[str]:
    """User routine names that a built-in routine already has."""
    builtin = {r.name for r in builtin_refs()}
    return {r.name for r in user_refs() if r.name in builtin}


def looks_like_path(text: str) -> bool:
    """Whether a ROUTINE argument is a path rather than a name."""
    return text.endswith(".toml") or os.sep in text or "/" in text or text.startswith(".")
