"""The plan file, ``plan.toml`` in the acutimer home: read with clear errors, written atomically.

Reading refuses what a routine file would be refused for (binary, not UTF-8, too big, a FIFO, bad
TOML, an unknown key, a bad time) with the file, the key and the line. A plan validated before is
rebuilt from the validation cache, so ``acutimer remind`` reloading it never needs pydantic.
Changes (``plan add``, ``plan remove``) read, change and write the file under a lock, so two at
once cannot lose one; a hand-edited plan is rewritten only when it is valid.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from acutimer.fsutil import atomic_write_text
from acutimer.paths import home_dir
from acutimer.plan.model import Plan, PlanEntry, check_every, check_times, parse_at
from acutimer.routine import vcache
from acutimer.routine.errors import AcutimerError
from acutimer.routine.plaindata import build, to_data
from acutimer.routine.practice import days_text, parse_days, parse_window

FILE_NAME = "plan.toml"
MAX_PLAN_BYTES = 100_000
"""A plan is a few hundred bytes; anything over this is refused unread."""

HEADER = (
    "# Your practice plan. `acutimer plan` shows today; `acutimer plan add ROUTINE` and\n"
    "# `acutimer plan remove ROUTINE` change it, and you may edit it by hand: each\n"
    "# [[routines]] entry gives one of at, every or times, and optionally between and days.\n"
)


def plan_path(home: Path | None = None) -> Path:
    """Where the plan lives."""
    return (home if home is not None else home_dir()) / FILE_NAME


def _model_at(path: tuple[str | int, ...]) -> type[Any] | None:
    names = [p for p in path if isinstance(p, str)]
    if not names:
        return Plan
    if names == ["routines"]:
        return PlanEntry
    return None


def read_plan_text(path: Path) -> str | None:
    """The plan file's text, or None when there is no plan yet."""
    from acutimer.routine.loading import read_file_bytes
    from acutimer.routine.validation import decode_text

    label = str(path)
    if not path.exists() and not path.is_symlink():
        return None
    _refuse_special(path, label)
    raw = read_file_bytes(path, label)
    if len(raw) > MAX_PLAN_BYTES:
        raise AcutimerError.single(label, f"is over {MAX_PLAN_BYTES // 1000} kB; a plan is tiny")
    return decode_text(raw, label)


def _refuse_special(path: Path, label: str) -> None:
    import stat

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise AcutimerError.single(label, "is a link to a file that does not exist") from None
    except OSError as error:
        raise AcutimerError.single(label, f"cannot be read ({error.strerror})") from None
    if stat.S_ISDIR(mode):
        raise AcutimerError.single(label, "is a directory, not a plan file")
    if not stat.S_ISREG(mode):
        raise AcutimerError.single(label, "is not a regular file (a FIFO or a device?)")


def parse_plan(text: str, label: str) -> Plan:
    """Validate plan text. Raises :class:`AcutimerError` with every problem found."""
    if not text.strip():
        return Plan()
    name = vcache.key(b"plan", text)
    cached = vcache.get("plans", name)
    if isinstance(cached, dict):
        with contextlib.suppress(TypeError, ValueError, KeyError, AttributeError):
            return _rebuild(cached)
    from pydantic import ValidationError

    from acutimer.routine.validation import parse_toml, problems_from, validate

    data = parse_toml(text, label)
    try:
        plan = validate(Plan, data)
    except ValidationError as error:
        raise AcutimerError(problems_from(error, label, text, data, model_at=_model_at)) from None
    vcache.put("plans", name, _cache_data(plan))
    return plan


def _cache_data(plan: Plan) -> dict[str, Any]:
    data: dict[str, Any] = to_data(plan)
    for entry in data["routines"]:
        if "since" in entry:
            entry["since"] = entry["since"].isoformat()
    return data


def _rebuild(data: dict[str, Any]) -> Plan:
    """A plan from the cache, each value checked again by the plain readers (no pydantic).

    The cache is a copy, not a source of truth: anything odd raises, and the text is validated.
    """
    entries = []
    for item in data["routines"]:
        since = item.pop("since", None)
        entry = build(PlanEntry, item)
        if since is None:
            entry.since = None
        elif "T" in since:
            entry.since = datetime.fromisoformat(since)
            if entry.since.tzinfo is None:
                raise ValueError("since")
        else:
            entry.since = date.fromisoformat(since)
        if not isinstance(entry.routine, str) or not entry.routine:
            raise ValueError("routine")
        if entry.at is not None and parse_at(entry.at) != entry.at:
            raise ValueError("at")
        if entry.every is not None:
            check_every(float(entry.every))
        if entry.times is not None and (
            isinstance(entry.times, bool) or not isinstance(entry.times, int)
        ):
            raise ValueError("times")
        if entry.times is not None:
            check_times(entry.times)
        if entry.between is not None and parse_window(entry.between) != entry.between:
            raise ValueError("between")
        if parse_days(entry.days) != entry.days:
            raise ValueError("days")
        entries.append(entry)
    plan = Plan(routines=entries)
    if len({e.routine for e in entries}) != len(entries):
        raise ValueError("routines")
    return plan


def load_plan(path: Path | None = None) -> Plan:
    """The plan (empty when there is none). Raises :class:`AcutimerError` for a bad file."""
    path = path or plan_path()
    text = read_plan_text(path)
    return Plan() if text is None else parse_plan(text, str(path))


def plan_toml(plan: Plan) -> str:
    """The plan as TOML text a person can read and edit."""
    import tomli_w

    entries = []
    for entry in plan.routines:
        data: dict[str, Any] = {"routine": entry.routine}
        if entry.at is not None:
            data["at"] = list(entry.at)
        if entry.every is not None:
            from acutimer.routine.practice import gap_text

            data["every"] = gap_text(entry.every)
        if entry.times is not None:
            data["times"] = entry.times
        if entry.between is not None:
            data["between"] = entry.between
        data["days"] = days_text(entry.days)
        if entry.since is not None:
            data["since"] = entry.since
        entries.append(data)
    body: str = tomli_w.dumps({"routines": entries}) if entries else ""
    return HEADER + ("\n" + body if body else "")


def save_plan(plan: Plan, path: Path | None = None) -> Path:
    """Write the plan atomically: a crash leaves the old plan or the new one."""
    path = path or plan_path()
    try:
        atomic_write_text(path, plan_toml(plan))
    except OSError as error:
        raise AcutimerError.single(str(path), f"cannot be written ({error.strerror})") from None
    return path


@contextlib.contextmanager
def changing(path: Path | None = None) -> Iterator[Plan]:
    """Read the plan for a change and write it back after, holding a lock meanwhile.

    The block changes the :class:`Plan` it is given; it is saved when the block ends normally.
    """
    path = path or plan_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        raise AcutimerError.single(str(path), f"cannot be changed ({error.strerror})") from None
    try:
        _lock(lock)
        plan = load_plan(path)
        yield plan
        save_plan(plan, path)
    finally:
        os.close(lock)


def _lock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)


def load_plan_if_any() -> Plan | None:
    """The plan, or None when there is none (or it is broken: ``acutimer plan`` says why)."""
    from acutimer.routine.errors import AcutimerError

    try:
        plan = load_plan()
    except AcutimerError:
        return None
    return plan if plan.routines else None
