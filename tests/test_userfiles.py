"""``acutimer delete``, ``rename`` and ``new --from``, and the moves under them: the user's
routines only, nothing lost, nothing replaced, built-ins never touched."""

from __future__ import annotations

import errno
import os
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from history_support import record

from acutimer import fsutil
from acutimer.commands import cli
from acutimer.commands.cli import main
from acutimer.history.store import HistoryStore, history_path
from acutimer.paths import builtin_refs, trash_dir, user_routines_dir
from acutimer.routine import authoring, userfiles
from acutimer.routine.errors import AcutimerError
from acutimer.routine.loading import load_routine


def mine(name: str = "mine", points: str = "TE-3", *, force: bool = False) -> Path:
    routine = authoring.routine_from_points(points.split(","), name)
    return authoring.save_routine(name, routine, force=force)


def builtin_bytes() -> dict[str, bytes]:
    return {ref.name: ref.path.read_bytes() for ref in builtin_refs()}


def test_delete_moves_the_file_to_the_trash_and_says_how_to_bring_it_back(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = mine()
    text = path.read_bytes()
    assert main(["delete", "mine"]) == 0
    out = capsys.readouterr().out
    assert not path.exists()
    [trashed] = trash_dir().iterdir()
    assert trashed.read_bytes() == text and trashed.name.startswith("mine--")
    assert f"to bring it back: mv -n {trashed} {path}" in out
    assert main(["list"]) == 0
    assert "mine" not in capsys.readouterr().out  # the trash is not among the routines


def test_built_ins_are_never_deleted_or_renamed(capsys: pytest.CaptureFixture[str]) -> None:
    before = builtin_bytes()
    for argv in (["delete", "upper-back"], ["rename", "upper-back", "mine"]):
        assert main(argv) == 2
        assert "is a built-in routine, and built-ins are never changed" in capsys.readouterr().err
    with pytest.raises(AcutimerError, match="never deleted"):
        userfiles.trash(builtin_refs()[0])
    with pytest.raises(AcutimerError, match="never renamed"):
        userfiles.rename(builtin_refs()[0], "x")
    assert builtin_bytes() == before
    assert not trash_dir().exists()


def test_a_routine_of_yours_named_like_a_built_in_is_yours_to_delete() -> None:
    before = builtin_bytes()
    path = mine("upper-back", force=True)  # a built-in's name: it wins, so hers is hidden
    assert main(["delete", "upper-back"]) == 0
    assert not path.exists()
    assert builtin_bytes() == before


def test_an_unknown_name_is_said_with_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    mine("lunch-break")
    assert main(["delete", "lunch-brake"]) == 2
    assert "no routine called 'lunch-brake'; did you mean 'lunch-break'?" in (
        capsys.readouterr().err
    )
    assert main(["delete", "/etc/passwd"]) == 2
    assert "is not one of your routines" in capsys.readouterr().err


def test_two_deletes_of_one_name_in_one_second_keep_both(tmp_path: Path) -> None:
    now = datetime(2026, 3, 2, 9, 30)
    first = userfiles.trash(userfiles.user_routine(mine().stem), now=now)
    second = userfiles.trash(userfiles.user_routine(mine(points="LI-4").stem), now=now)
    assert first.trashed != second.trashed
    assert "TE-3" in first.trashed.read_text() and "LI-4" in second.trashed.read_text()


def test_restore_puts_it_back_but_never_over_a_new_one() -> None:
    path = mine()
    item = userfiles.trash(userfiles.user_routine("mine"))
    assert userfiles.restore(item) == path and path.exists()
    item = userfiles.trash(userfiles.user_routine("mine"))
    newer = mine(points="LI-4")
    with pytest.raises(AcutimerError, match="exists again"):
        userfiles.restore(item)
    assert newer.read_text().count("LI-4") and item.trashed.exists()


def test_rename_moves_the_file_and_its_history(capsys: pytest.CaptureFixture[str]) -> None:
    path = mine()
    text = path.read_bytes()
    started = datetime(2026, 3, 2, 9, tzinfo=timezone(timedelta(hours=1)))
    store = HistoryStore.open(history_path())
    store.add([record(started, routine="mine"), record(started, routine="other")])
    store.close()
    assert main(["rename", "mine", "Lunch Break"]) == 0
    out = capsys.readouterr().out
    assert "renamed mine.toml to lunch-break.toml" in out
    assert "1 session in your history now go" in out
    assert not path.exists()
    assert (user_routines_dir() / "lunch-break.toml").read_bytes() == text
    assert load_routine("lunch-break").routine.title == "Mine"  # the title stays
    store = HistoryStore.open(history_path())
    assert sorted(r.routine for r in store.sessions()) == ["lunch-break", "other"]
    store.close()


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("taken", "already exists; choose another name (nothing was renamed)"),
        ("upper-back", "is a built-in routine's name"),
        ("../..", "is not a usable routine name"),
        ("mine", "is already this routine's name"),
    ],
)
def test_rename_never_replaces_anything(
    new: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path, taken = mine(), mine("taken", "LI-4")
    before = (path.read_bytes(), taken.read_bytes())
    assert main(["rename", "mine", new]) == 2
    assert message in capsys.readouterr().err
    assert (path.read_bytes(), taken.read_bytes()) == before


def test_a_move_interrupted_half_way_leaves_the_file_under_both_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = mine()
    text = path.read_bytes()

    def crash(_path: object) -> None:
        raise KeyboardInterrupt  # the process stops between the link and the unlink

    monkeypatch.setattr(os, "unlink", crash)
    with pytest.raises(KeyboardInterrupt):
        fsutil.move_no_replace(path, path.with_name("new.toml"))
    monkeypatch.undo()
    assert path.read_bytes() == path.with_name("new.toml").read_bytes() == text


def test_a_move_without_hard_links_copies_and_still_never_replaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, target = tmp_path / "a.toml", tmp_path / "b.toml"
    source.write_text("a")
    real_link = os.link
    calls: list[str] = []

    def link(src: object, dst: object, **kwargs: object) -> None:
        calls.append(str(dst))
        if len(calls) == 1:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real_link(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "link", link)
    fsutil.move_no_replace(source, target)
    assert target.read_text() == "a" and not source.exists()
    source.write_text("new")
    calls.clear()
    with pytest.raises(FileExistsError):
        fsutil.move_no_replace(source, target)
    assert (source.read_text(), target.read_text()) == ("new", "a")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml", "b.toml"]  # no temp left


def test_a_copy_made_with_from_gets_a_title_that_tells_it_apart(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["new", "one", "--from", "lower-back-desk"]) == 0
    assert main(["new", "two", "--from", "lower-back-desk"]) == 0
    assert main(["new", "three", "--from", "one"]) == 0
    titles = [load_routine(n).routine.title for n in ("one", "two", "three")]
    assert titles == [
        "Lower back at the desk (copy)",
        "Lower back at the desk (copy 2)",
        "Lower back at the desk (copy 3)",
    ]
    assert load_routine("one").routine.steps == load_routine("lower-back-desk").routine.steps
    assert userfiles.copy_title("x" * 120, set()) == "x" * 113 + " (copy)"


def test_run_without_a_routine_opens_the_picker_in_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run"]) == 2  # not a terminal: there is nothing to pick with
    assert "give a ROUTINE to run" in capsys.readouterr().err
    opened: list[object] = []
    import acutimer.tui.app as tui_app

    monkeypatch.setattr(tui_app, "run_tui", lambda loaded, args: opened.append(loaded) or 0)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert cli.main(["run", "--no-bell"]) == 0
    assert opened == [None]
    assert main(["run", "--plain"]) == 2


def test_rename_with_a_history_that_cannot_be_read_renames_and_says_so(
    acutimer_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine()
    history_path().write_bytes(b"junk " * 1000)
    assert main(["rename", "mine", "ours"]) == 0
    captured = capsys.readouterr()
    assert "renamed mine.toml to ours.toml" in captured.out
    assert "the history was not changed" in captured.err and "keep that name" in captured.err
    assert (user_routines_dir() / "ours.toml").exists()
