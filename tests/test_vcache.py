"""The validation cache: what pydantic accepted once is rebuilt without it, never stale."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from acutimer.paths import builtin_refs, cache_dir
from acutimer.routine import vcache
from acutimer.routine.errors import AcutimerError
from acutimer.routine.loading import load_ref, load_routine, parse_routine
from acutimer.routine.timeline import expand


@pytest.mark.parametrize("ref", builtin_refs(), ids=lambda r: r.name)
def test_a_cached_routine_equals_the_validated_one(ref: object) -> None:
    fresh = load_ref(ref)  # type: ignore[arg-type]
    entries = list((cache_dir() / "validated" / "routines").glob("*.json"))
    assert len(entries) == 1
    again = load_ref(ref)  # type: ignore[arg-type]
    assert again.routine == fresh.routine
    assert expand(again.routine) == expand(fresh.routine)


def test_an_edited_file_is_validated_again(tmp_path: Path) -> None:
    source = next(r.path for r in builtin_refs() if r.name == "upper-back")
    path = tmp_path / "mine.toml"
    text = source.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    load_routine(str(path))
    path.write_text(text.replace('hold = "', 'hold = "0s" # was "', 1), encoding="utf-8")
    with pytest.raises(AcutimerError, match="at least 1s"):
        load_routine(str(path))


def test_problems_are_not_cached(tmp_path: Path) -> None:
    with pytest.raises(AcutimerError):
        parse_routine('title = "x"\n', "bad.toml")
    assert not (cache_dir() / "validated" / "routines").exists()


def test_a_damaged_entry_is_ignored() -> None:
    ref = next(r for r in builtin_refs() if r.name == "hand-points-break")
    fresh = load_ref(ref).routine
    (entry,) = (cache_dir() / "validated" / "routines").glob("*.json")
    entry.write_text("{not json", encoding="utf-8")
    assert load_ref(ref).routine == fresh


def test_the_key_depends_on_every_part() -> None:
    assert vcache.key("a", "bc") != vcache.key("ab", "c")
    assert vcache.key("a") == vcache.key(b"a")


@pytest.mark.parametrize(
    "args",
    [
        ["show", "lower-back-desk"],
        ["points", "he gu"],
        ["validate", "upper-back"],
        ["run", "hand-points-break", "--plain", "--speed", "1000", "--no-bell"],
    ],
)
def test_warm_commands_do_not_import_pydantic(args: list[str], tmp_path: Path) -> None:
    env = {**os.environ, "ACUTIMER_HOME": str(tmp_path)}
    command = [sys.executable, "-X", "importtime", "-m", "acutimer", *args]
    subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=True)
    warm = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=True)
    imported = [line.split("|")[-1].strip() for line in warm.stderr.splitlines() if "|" in line]
    assert "acutimer.commands.cli" in imported
    assert not [m for m in imported if m.split(".")[0] in ("pydantic", "pydantic_core")]
