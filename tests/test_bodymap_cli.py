"""Where the body map shows: ``points``, ``show --maps``, ``--json`` and plain sessions."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from acutimer.commands.cli import main

BRAILLE = re.compile(r"[\u2801-\u28ff]")
ROUTINE = """
title = "Map run"
summary = "One hand point on both hands, then the back."
focus = "lower-back"
position = "seated"
find_time = "5s"

[[steps]]
point = "LI-4"
sides = "left-then-right"
hold = "10s"
rest = "5s"
breathing = "natural"

[[steps]]
point = "BL-23"
sides = "both"
hold = "10s"
breathing = "natural"
"""


def in_a_terminal(args: list[str], home: Path, **env: str) -> str:
    """Run ``acutimer ARGS`` with stdout on a pseudo-terminal; what it printed."""
    leader, follower = pty.openpty()
    environment = {**os.environ, "ACUTIMER_HOME": str(home), "COLUMNS": "90", **env}
    if "NO_COLOR" not in env:
        environment.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "acutimer", *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=subprocess.PIPE,
        env=environment,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert process.wait(timeout=60) == 0
    os.close(leader)
    return b"".join(chunks).decode()


def test_points_draws_the_map_above_the_text_on_a_terminal(acutimer_home: Path) -> None:
    out = in_a_terminal(["points", "LI-4"], acutimer_home)
    assert BRAILLE.search(out)
    assert "\x1b[1;91m●" in out  # the mark, in its colour
    assert out.index("● LI-4 · both hands") < out.index("LI-4 He Gu (Joining Valley)")
    assert "your left hand is on the left" in " ".join(out.split())


def test_no_color_and_no_map_on_a_terminal(acutimer_home: Path) -> None:
    plain = in_a_terminal(["points", "LI-4"], acutimer_home, NO_COLOR="1")
    assert BRAILLE.search(plain) and "\x1b[" not in plain
    words = in_a_terminal(["points", "LI-4", "--no-map"], acutimer_home)
    assert not BRAILLE.search(words) and "LI-4 He Gu" in words


def test_points_in_a_pipe_has_no_map_unless_asked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["points", "TE-3"]) == 0
    assert not BRAILLE.search(capsys.readouterr().out)
    assert main(["points", "TE-3", "--map"]) == 0
    out = capsys.readouterr().out
    assert BRAILLE.search(out) and "\x1b" not in out
    assert "● TE-3 · left and right hand" not in out  # the legend names the hands plainly
    assert "● TE-3 · both hands ·" in out


def test_points_map_marks_the_side_the_point_is_pressed_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["points", "LU-5", "--map"]) == 0  # the article describes the right elbow only
    assert "● LU-5 · right elbow ·" in capsys.readouterr().out
    assert main(["points", "CV-6", "--map"]) == 0
    assert "● CV-6 · midline ·" in capsys.readouterr().out
    assert main(["points", "BL-60", "--map"]) == 0
    out = capsys.readouterr().out
    assert "both ankles (the left shown; the right is its mirror image)" in out


def test_a_query_with_several_points_draws_each(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["points", "ankle", "--map"]) == 0
    out = capsys.readouterr().out
    assert out.count("● BL-60 ·") == 1 and out.count("● KI-6 ·") == 1


def test_points_json_carries_the_figure_and_the_place(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["points", "EX-UE7", "--json"]) == 0
    (point,) = json.loads(capsys.readouterr().out)
    assert point["map"]["figure"] == "hands"
    assert len(point["map"]["at"]) == 2 and len(point["map"]["mirror"]) == 2
    assert point["map"]["landmarks"]


def test_show_json_carries_each_steps_map(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "upper-back", "--json"]) == 0
    steps = json.loads(capsys.readouterr().out)["steps"]
    assert all(step["map"]["figure"] and step["map"]["at"] for step in steps)
    assert steps[0]["point"] == "TE-3" and steps[0]["map"]["figure"] == "hands"


def test_show_maps_draws_each_step(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "upper-back"]) == 0
    assert not BRAILLE.search(capsys.readouterr().out)
    assert main(["show", "upper-back", "--maps"]) == 0
    out = capsys.readouterr().out
    legends = [line for line in out.splitlines() if line.startswith("    ● ")]
    assert len(legends) == 7
    assert legends[-1].startswith("    ● GB-20 · both sides ·")
    # each figure comes before its step's text
    assert out.index("● KI-27 ·") < out.index(" 4. KI-27 Shu Fu")
    assert out.rstrip().endswith("Total: 13m45s")


def run_plain_session(home: Path, routine: Path, *extra: str) -> str:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "acutimer",
            "run",
            str(routine),
            "--plain",
            "--speed",
            "1000",
            *extra,
        ],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**os.environ, "ACUTIMER_HOME": str(home)},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_plain_session_draws_no_map_unless_asked(acutimer_home: Path, tmp_path: Path) -> None:
    routine = tmp_path / "map-run.toml"
    routine.write_text(ROUTINE, encoding="utf-8")
    assert not BRAILLE.search(run_plain_session(acutimer_home, routine))
    out = run_plain_session(acutimer_home, routine, "--map")
    lines = out.splitlines()
    legends = [i for i, line in enumerate(lines) if line.lstrip().startswith("● ")]
    assert [lines[i].split(" · ")[:2] for i in legends] == [
        ["        ● LI-4", "left hand"],  # find the point
        ["        ● LI-4", "right hand"],  # switch: the mark moves to the other hand
        ["        ● BL-23", "both sides"],
    ]
    find = next(i for i, line in enumerate(lines) if "find the point" in line)
    assert find < legends[0]
    assert all(
        BRAILLE.search(line) or not line.strip() for line in lines[legends[0] - 3 : legends[0]]
    )
    # only at finding and switching: never during the press
    press = next(i for i, line in enumerate(lines) if "press firmly" in line)
    assert not BRAILLE.search(lines[press + 1])
    assert "\x1b" not in out  # not a terminal: no colours


def test_after_a_long_wait_the_map_comes_back_with_the_get_ready(
    acutimer_home: Path, tmp_path: Path
) -> None:
    routine = tmp_path / "long-wait.toml"
    routine.write_text(
        'title = "Long wait"\nsummary = "A long release."\nfocus = "lower-back"\n'
        'position = "seated"\nfind_time = "5s"\n\n[[steps]]\npoint = "CV-6"\n'
        'sides = "midline"\nhold = "10s"\nrelease = "3m"\nrepeats = 2\nbreathing = "natural"\n',
        encoding="utf-8",
    )
    lines = run_plain_session(acutimer_home, routine, "--map").splitlines()
    legends = [i for i, line in enumerate(lines) if line.lstrip().startswith("● CV-6 · midline")]
    assert len(legends) == 2
    assert "get ready" in next(line for line in reversed(lines[: legends[1]]) if "[" in line)
