"""Making and saving routines: safe names, atomic saves, round trips, `new` and `schema --write`."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from acutimer.commands.cli import main
from acutimer.paths import builtin_refs
from acutimer.routine import authoring
from acutimer.routine.errors import AcutimerError
from acutimer.routine.loading import load_ref, load_routine, parse_routine
from acutimer.routine.timeline import expand


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("../x", "x"),
        ("a/b", "a-b"),
        ("My Quick One", "my-quick-one"),
        ("evening.toml", "evening"),
        ("/etc/passwd", "etc-passwd"),
        ("..\\..\\win", "win"),
    ],
)
def test_safe_name(name: str, stem: str) -> None:
    assert authoring.safe_name(name) == stem


@pytest.mark.parametrize("name", ["", "..", "/", "???"])
def test_unusable_names_are_refused(name: str) -> None:
    with pytest.raises(AcutimerError):
        authoring.safe_name(name)


def test_saved_paths_stay_in_the_user_dir(acutimer_home: Path) -> None:
    for name in ["../../escape", "a/../../b", "/abs/path"]:
        path = authoring.routine_path(name)
        assert path.parent == (acutimer_home / "routines").resolve()


@pytest.mark.parametrize("ref", builtin_refs(), ids=lambda r: r.name)
def test_every_builtin_saves_and_reloads_to_the_same_timeline(ref: object) -> None:
    loaded = load_ref(ref)  # type: ignore[arg-type]
    text = authoring.routine_toml(loaded.routine)
    assert text.startswith("#:schema ")
    again = parse_routine(text, "saved.toml")
    assert again == loaded.routine
    assert expand(again) == expand(loaded.routine)


def test_save_refuses_to_replace_without_force(acutimer_home: Path) -> None:
    routine = load_routine("upper-back").routine
    path = authoring.save_routine("mine", routine)
    before = path.read_text(encoding="utf-8")
    other = load_routine("hand-points-break").routine
    with pytest.raises(AcutimerError, match="already exists"):
        authoring.save_routine("mine", other)
    assert path.read_text(encoding="utf-8") == before
    authoring.save_routine("mine", other, force=True)
    assert parse_routine(path.read_text(encoding="utf-8"), "x") == other


def test_save_refuses_a_builtin_name() -> None:
    with pytest.raises(AcutimerError, match="built-in"):
        authoring.save_routine("upper-back", load_routine("upper-back").routine)


def test_interrupted_save_leaves_the_old_file_intact(
    acutimer_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    routine = load_routine("upper-back").routine
    path = authoring.save_routine("mine", routine)
    before = path.read_text(encoding="utf-8")

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError(5, "simulated crash half-way through the save")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(AcutimerError, match="cannot be written"):
        authoring.save_routine("mine", load_routine("hand-points-break").routine, force=True)
    assert path.read_text(encoding="utf-8") == before
    leftovers = [p.name for p in path.parent.iterdir() if p.name != "mine.toml"]
    assert leftovers == []


def test_interrupted_write_leaves_the_old_file_intact(
    acutimer_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    routine = load_routine("upper-back").routine
    path = authoring.save_routine("mine", routine)
    before = path.read_text(encoding="utf-8")
    real_fsync = os.fsync

    def crash_on_fsync(fd: int) -> None:
        real_fsync(fd)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", crash_on_fsync)
    with pytest.raises(AcutimerError):
        authoring.save_routine("mine", load_routine("hand-points-break").routine, force=True)
    assert path.read_text(encoding="utf-8") == before


def test_new_from_points(acutimer_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "desk break", "--points", "LI-4,TE-3,BL-40"]) == 0
    path = acutimer_home / "routines" / "desk-break.toml"
    loaded = load_routine(str(path))
    assert [s.point for s in loaded.routine.steps] == ["LI-4", "TE-3", "BL-40"]
    assert loaded.routine.title == "Desk break"
    assert 'hold = "5s"' in path.read_text(encoding="utf-8")
    capsys.readouterr()
    main(["list", "--json"])
    assert "desk-break" in {r["name"] for r in json.loads(capsys.readouterr().out)}


def test_new_refuses_existing_and_unknown_points(
    acutimer_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "mine", "--points", "LI-4"]) == 0
    assert main(["new", "mine", "--points", "TE-3"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["new", "mine", "--points", "TE-3", "--force"]) == 0
    assert main(["new", "other", "--points", "LI-44"]) == 2
    assert "did you mean 'LI-4'" in capsys.readouterr().err


def test_new_from_routine(acutimer_home: Path) -> None:
    assert main(["new", "my-lower", "--from", "lower-back-desk"]) == 0
    copy = load_routine("my-lower")
    original = load_routine("lower-back-desk").routine
    assert copy.routine == dataclasses.replace(original, title=f"{original.title} (copy)")
    assert not copy.ref.builtin


def test_schema_write(acutimer_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--write"]) == 0
    schema = json.loads((acutimer_home / "routine.schema.json").read_text(encoding="utf-8"))
    assert schema["title"] == "Routine"
    assert str(acutimer_home / "routine.schema.json") in capsys.readouterr().out
