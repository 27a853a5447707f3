"""The read-only commands: list, show, points, validate, schema, and start-up cost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from acutimer.commands.cli import main
from acutimer.paths import builtin_refs

BUILTINS = {"lower-back-desk", "upper-back"}


def run_cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ACUTIMER_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "acutimer", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_list_json_has_the_builtins(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    names = {row["name"] for row in rows}
    assert names >= BUILTINS
    assert len([r for r in rows if r["builtin"]]) >= 5
    for row in rows:
        assert row["title"] and row["steps"] >= 1 and row["duration_seconds"] > 0
        assert "error" not in row


def test_list_text_and_user_routines(
    acutimer_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = acutimer_home / "routines"
    folder.mkdir(parents=True)
    source = next(r.path for r in builtin_refs() if r.name == "upper-back")
    (folder / "mine.toml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "upper-back.toml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "broken.toml").write_text("title = ", encoding="utf-8")
    assert main(["list"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].startswith("NAME")
    assert any(line.startswith("mine ") and line.endswith("*") for line in lines)
    assert any(line.startswith("broken ") and "invalid" in line for line in lines)
    assert "upper-back" in captured.err and "built-in" in captured.err


def test_show_text_lists_every_step(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "lower-back-desk"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Lower back")
    assert "Total:" in out
    assert "BL-40" in out and "Caution:" in out
    assert " 1. " in out


def test_show_json_matches_list(capsys: pytest.CaptureFixture[str]) -> None:
    main(["list", "--json"])
    listed = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    main(["show", "lower-back-desk", "--json"])
    shown = json.loads(capsys.readouterr().out)
    assert shown["duration_seconds"] == listed["lower-back-desk"]["duration_seconds"]
    assert len(shown["steps"]) == listed["lower-back-desk"]["steps"]
    assert sum(s["duration_seconds"] for s in shown["steps"]) == pytest.approx(
        shown["duration_seconds"]
    )


def test_show_by_path_and_unknown_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = next(r.path for r in builtin_refs() if r.name == "upper-back")
    copy = tmp_path / "copy.toml"
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["show", str(copy)]) == 0
    capsys.readouterr()
    assert main(["show", "lower-back-dsk"]) == 2
    assert "did you mean 'lower-back-desk'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("query", "code"), [("he gu", "LI-4"), ("B-47", "BL-52"), ("bladder 54", "BL-40")]
)
def test_points_query(query: str, code: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["points", query, "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found[0]["code"] == code


def test_points_text_and_no_match(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["points"]) == 0
    out = capsys.readouterr().out
    assert "LI-4" in out and "GV-26" in out
    assert main(["points", "B-47"]) == 0
    blocks = capsys.readouterr().out.split("\n\n")
    assert blocks[0].startswith("Note: 'B-47' is BL-52 in the old Bladder numbering")
    assert blocks[1].startswith("BL-52 ")
    assert main(["points", "zzzz"]) == 2  # nothing found is bad input


def test_schema_describes_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    step = schema["$defs"]["Step"]
    assert step["additionalProperties"] is False
    assert "hold" in step["required"]
    for name, field in step["properties"].items():
        assert field.get("description"), f"Step.{name} has no description"


@pytest.mark.parametrize(
    "command", ["run", "list", "show", "points", "validate", "schema", "history"]
)
def test_help_on_every_command(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert "usage: acutimer" in capsys.readouterr().out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.startswith("acutimer ")


def test_bad_speed_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["run", "upper-back", "--speed", "1e9"])
    assert done.value.code == 2
    assert "out of range" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["show", "lower-back-desk"],
        ["show", "lower-back-desk", "--maps"],
        ["points", "he gu"],
        ["points", "he gu", "--map"],
        ["validate", "upper-back"],
    ],
)
def test_read_only_commands_never_import_textual(args: list[str], tmp_path: Path) -> None:
    env = {**os.environ, "ACUTIMER_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "acutimer", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    imported = [line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line]
    assert "acutimer.commands.cli" in imported
    assert not [m for m in imported if m.split(".")[0] in ("textual", "rich")]


def test_core_modules_never_import_textual(tmp_path: Path) -> None:
    # Every module of the parts below the front ends, imported at once.
    code = (
        "import importlib, pkgutil, sys\n"
        "for part in ('routine', 'bodymap', 'session', 'history'):\n"
        "    package = importlib.import_module('acutimer.' + part)\n"
        "    for info in pkgutil.iter_modules(package.__path__, package.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "[]", result.stderr


def test_the_models_import_neither_textual_nor_pydantic() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import acutimer.routine.models"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    imported = [line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line]
    assert "acutimer.routine.models" in imported
    assert not [m for m in imported if m.split(".")[0] in ("textual", "pydantic", "rich")]


def test_installed_command_works_from_another_dir(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "acutimer", "list", "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "ACUTIMER_HOME": str(tmp_path)},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert {row["name"] for row in json.loads(result.stdout)} >= BUILTINS


def test_list_cache_follows_file_changes(
    acutimer_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = acutimer_home / "routines"
    folder.mkdir(parents=True)
    source = next(r.path for r in builtin_refs() if r.name == "upper-back")
    mine = folder / "mine.toml"
    mine.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    main(["list", "--json"])
    first = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert first["mine"]["title"] == first["upper-back"]["title"]
    text = source.read_text(encoding="utf-8").replace(
        f'title = "{first["mine"]["title"]}"', 'title = "Renamed"'
    )
    mine.write_text(text, encoding="utf-8")
    main(["list", "--json"])
    second = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert second["mine"]["title"] == "Renamed"
    mine.write_text("title = ", encoding="utf-8")
    main(["list", "--json"])
    third = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert "error" in third["mine"]
    mine.unlink()
    main(["list", "--json"])
    assert "mine" not in {r["name"] for r in json.loads(capsys.readouterr().out)}


def test_warm_list_does_not_import_pydantic(tmp_path: Path) -> None:
    env = {**os.environ, "ACUTIMER_HOME": str(tmp_path)}
    command = [sys.executable, "-X", "importtime", "-m", "acutimer", "list"]
    subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=True)
    warm = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=True)
    imported = [line.split("|")[-1].strip() for line in warm.stderr.splitlines() if "|" in line]
    assert "acutimer.commands.listing" in imported
    assert not [m for m in imported if m.split(".")[0] == "pydantic"]
