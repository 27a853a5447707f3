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


def user_refs() -> list[RoutineRef]:
    """The user's own routines, by name."""
    folder = user_routines_dir()
    if not folder.is_dir():
        return []
    return [RoutineRef(p.stem, p, False) for p in sorted(folder.glob("*.toml")) if p.is_file()]


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
