"""The user's routine files: find one by name, copy, rename, delete to the trash, restore.

Built-in routines are never touched. Nothing the user wrote is lost: a delete moves the file to
the trash folder (:func:`acutimer.paths.trash_dir`), a rename never replaces another file, and
both move the file as a whole (:func:`acutimer.fsutil.move_no_replace`), so a crash leaves the
file under its old name, its new one, or both, never neither.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from acutimer.fsutil import move_no_replace
from acutimer.paths import RoutineRef, builtin_refs, trash_dir, user_refs, user_routines_dir
from acutimer.routine import authoring
from acutimer.routine.errors import AcutimerError, did_you_mean

TITLE_LIMIT = 120
"""The longest title a routine file may have (see ``Routine.title``)."""


@dataclass(frozen=True)
class Trashed:
    """A routine moved to the trash, and where it came from."""

    name: str
    original: Path
    trashed: Path


def user_routine(name: str) -> RoutineRef:
    """The user's routine called ``name`` (or at that path, inside the routines folder).

    Raises:
        AcutimerError: it is a built-in (never changed), or there is no such routine of theirs.
    """
    mine = user_refs()
    folder = user_routines_dir().resolve()
    wanted = name.removesuffix(".toml") if "/" not in name and os.sep not in name else None
    for ref in mine:
        if ref.name == wanted or (wanted is None and Path(name).resolve() == ref.path.resolve()):
            return ref
    if wanted is not None and wanted in {ref.name for ref in builtin_refs()}:
        raise AcutimerError.single(
            name,
            "is a built-in routine, and built-ins are never changed; "
            f"copy it with `acutimer new NAME --from {wanted}`",
        )
    if wanted is None:
        raise AcutimerError.single(name, f"is not one of your routines (they are in {folder})")
    hint = did_you_mean(wanted, [ref.name for ref in mine], cutoff=0.5)
    message = f"you have no routine called {wanted!r}"
    raise AcutimerError.single(name, message + (f"; {hint}" if hint else "; `acutimer list`"))


def trash(ref: RoutineRef, *, now: datetime | None = None) -> Trashed:
    """Move a user routine's file to the trash, under a name no other file there has.

    Raises:
        AcutimerError: it is a built-in, or the file cannot be moved.
    """
    if ref.builtin:
        raise AcutimerError.single(ref.name, "is a built-in routine; built-ins are never deleted")
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = trash_dir()
    for attempt in range(1, 1000):
        suffix = "" if attempt == 1 else f"-{attempt}"
        target = folder / f"{ref.path.stem}--{stamp}{suffix}.toml"
        try:
            move_no_replace(ref.path, target)
        except FileExistsError:
            continue
        except OSError as error:
            raise AcutimerError.single(
                str(ref.path), f"cannot be moved to the trash ({error.strerror or error})"
            ) from None
        return Trashed(ref.name, ref.path, target)
    raise AcutimerError.single(str(folder), "has too many files of that name; empty it")


def restore(item: Trashed) -> Path:
    """Put a trashed routine back where it was.

    Raises:
        AcutimerError: a routine of that name exists again (it is not replaced), or the move
            fails; the file stays in the trash either way.
    """
    try:
        move_no_replace(item.trashed, item.original)
    except FileExistsError:
        raise AcutimerError.single(
            str(item.original),
            f"exists again, so the deleted one stays in the trash: {item.trashed}",
        ) from None
    except OSError as error:
        raise AcutimerError.single(
            str(item.trashed), f"cannot be moved back ({error.strerror or error})"
        ) from None
    return item.original


def rename(ref: RoutineRef, new_name: str) -> Path:
    """Give a user routine a new name (its file name); its title stays as it is.

    Raises:
        AcutimerError: it is a built-in, the new name is unusable, a built-in's, or taken.
    """
    if ref.builtin:
        raise AcutimerError.single(ref.name, "is a built-in routine; built-ins are never renamed")
    stem = authoring.safe_name(new_name)
    if stem in {r.name for r in builtin_refs()}:
        raise AcutimerError.single(
            new_name, "is a built-in routine's name, which would hide yours; choose another"
        )
    target = authoring.routine_path(stem)
    if target == ref.path.resolve():
        raise AcutimerError.single(new_name, f"is already this routine's name ({ref.path.name})")
    try:
        move_no_replace(ref.path, target)
    except FileExistsError:
        raise AcutimerError.single(
            str(target), "already exists; choose another name (nothing was renamed)"
        ) from None
    except OSError as error:
        raise AcutimerError.single(
            str(ref.path), f"cannot be renamed ({error.strerror or error})"
        ) from None
    return target


def free_name(base: str) -> str:
    """``base``, or ``base-2``, ``base-3``...: the first user routine name not yet taken."""
    stem = authoring.safe_name(base)
    taken = {r.name for r in [*builtin_refs(), *user_refs()]}
    candidate, number = stem, 1
    while candidate in taken or authoring.routine_path(candidate).exists():
        number += 1
        candidate = f"{stem[:60]}-{number}"
    return candidate


def copy_title(title: str, taken: set[str]) -> str:
    """A title for a copy that tells it apart: ``"X (copy)"``, ``"X (copy 2)"``...

    ``taken`` holds the titles there are (compared without case).
    """
    folded = {t.casefold() for t in taken}
    title = re.sub(r" \(copy(?: \d+)?\)$", "", title) or title
    number = 1
    while True:
        mark = " (copy)" if number == 1 else f" (copy {number})"
        candidate = title[: TITLE_LIMIT - len(mark)].rstrip() + mark
        if candidate.casefold() not in folded:
            return candidate
        number += 1
