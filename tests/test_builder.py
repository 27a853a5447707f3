"""Pilot tests of the builder (``acutimer new`` / ``acutimer edit``) through its screen."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from fakeclock import FakeClock
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from acutimer.config import Config
from acutimer.paths import RoutineRef, builtin_refs, user_routines_dir
from acutimer.routine import authoring
from acutimer.routine.errors import AcutimerError
from acutimer.routine.loading import LoadedRoutine, load_ref, load_routine
from acutimer.routine.timeline import expand
from acutimer.tui.builder.app import BuilderApp, run_builder
from acutimer.tui.builder.screen import BuilderScreen
from acutimer.tui.builder.widgets import AskScreen, PointSearchScreen, PromptScreen
from acutimer.tui.screens.safety import SafetyScreen
from acutimer.tui.screens.session import SessionScreen
from acutimer.tui.widgets.status import StatusLine

SIZE = (80, 24)

MARKUP = """
title = "Sneaky [bold]title[/] [@click=app.quit]x[/]"
summary = "Summary with [/] and [@click=app.quit]quit[/]"
focus = "lower-back"
position = "seated"

[[steps]]
point = "BL-23"
hold = "10s"
note = "A note with [/], [bold]bold[/] and [@click=app.quit]click me[/]"
"""


def load(folder: Path, name: str, text: str) -> LoadedRoutine:
    """Write a routine file outside the routines folder and load it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return load_ref(RoutineRef(str(path), path, False))


def make(loaded: Any = None, name: str | None = "mine", **kwargs: Any) -> BuilderApp:
    """A builder on a fake clock, with the safety notice already read."""
    config = kwargs.pop("config", Config(safety_acknowledged=True))
    return BuilderApp(loaded, name=name, clock=FakeClock(), config=config, **kwargs)


def shown(app: BuilderApp, selector: str) -> str:
    """What a Static shows, or "" when it is hidden."""
    widget = app.builder.query_one(selector, Static)
    return str(widget.render()) if widget.display else ""


class Notes:
    """Records what the builder says on its status line (it has no toasts)."""

    def __init__(self, app: BuilderApp, monkeypatch: pytest.MonkeyPatch) -> None:
        self.seen: list[tuple[str, str]] = []
        original = StatusLine.say

        def say(line: StatusLine, message: str, severity: str = "information") -> None:
            self.seen.append((message, severity))
            original(line, message, severity)

        monkeypatch.setattr(StatusLine, "say", say)
        monkeypatch.setattr(app, "notify", lambda *a, **k: pytest.fail(f"a toast: {a}"))

    def text(self) -> str:
        return "\n".join(message for message, _ in self.seen)


async def add_point(pilot: Pilot[Any], query: str) -> None:
    await pilot.press("a")
    assert isinstance(pilot.app.screen, PointSearchScreen)
    await pilot.press(*query, "enter")
    assert isinstance(pilot.app.screen, BuilderScreen)


async def retype(pilot: Pilot[Any], field: str, text: str) -> None:
    """Focus a field, clear it and type ``text``, as a person would."""
    pilot.app.screen.query_one(f"#f-{field}", Input).focus()
    await pilot.press("end", "ctrl+u", *text)


async def save_as(pilot: Pilot[Any], name: str | None = None) -> None:
    """ctrl+s, then accept the name offered (or type ``name`` instead)."""
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PromptScreen)
    if name is not None:
        await pilot.press("ctrl+u", *name)
    await pilot.press("enter")
    await pilot.pause()


async def test_build_a_routine_from_scratch_and_reload_it() -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.builder
        assert "No steps yet" in shown(app, "#b-point")
        assert shown(app, "#b-total") == "fix the marked fields"
        await add_point(pilot, "he gu")
        await add_point(pilot, "bl23")
        assert [s["point"] for s in screen.draft.steps] == ["LI-4", "BL-23"]
        assert screen.selected == 1
        await pilot.press("up", "enter")  # the first step, then into its fields
        assert app.focused is screen.query_one("#f-hold")
        await retype(pilot, "hold", "20s")
        assert screen.draft.steps[0]["hold"] == "20s"
        assert shown(app, "#b-total").endswith(" in all")
        assert "1. LI-4 He Gu" in str(screen.query_one("#b-steps").get_option_at_index(0).prompt)
        await save_as(pilot)
        built = screen.draft.routine
    saved = load_routine("mine")
    assert saved.ref.path == user_routines_dir() / "mine.toml"
    assert saved.routine == built
    assert saved.routine.steps[0].hold == 20
    assert saved.text.startswith("#:schema ")
    assert app.saved == [saved.ref.path]


async def test_editing_a_builtin_saves_a_copy_and_leaves_it_alone() -> None:
    original = load_routine("upper-back")
    before = original.ref.path.read_bytes()
    app = make(original, name=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.builder
        assert "built-in" in shown(app, "#b-heading")
        await retype(pilot, "title", "My upper back")
        await pilot.press("ctrl+s")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        assert prompt.query_one(Input).value == "upper-back-copy"
        await pilot.press("ctrl+u", *"upper-back", "enter")  # a built-in's name is refused
        assert app.screen is prompt
        assert "built-in" in str(prompt.query_one("#prompt-check", Static).render())
        await pilot.press("ctrl+u", *"upper-back-copy", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BuilderScreen)
        assert not screen.dirty
    assert original.ref.path.read_bytes() == before
    copy = load_routine("upper-back-copy")
    assert copy.routine.title == "My upper back"
    assert copy.routine.steps == original.routine.steps


async def test_reorder_steps() -> None:
    app = make(load_routine("upper-back"), name=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.builder
        first = [s["point"] for s in screen.draft.steps]
        await pilot.press("J")
        assert [s["point"] for s in screen.draft.steps] == [first[1], first[0], *first[2:]]
        assert screen.selected == 1
        await pilot.press("ctrl+down", "ctrl+down")
        assert screen.draft.steps[3]["point"] == first[0]
        await pilot.press("K", "ctrl+up", "K")
        assert [s["point"] for s in screen.draft.steps] == first
        assert screen.selected == 0
        await pilot.press("K")  # already at the top: stays
        assert [s["point"] for s in screen.draft.steps] == first


async def test_delete_undo_and_duplicate(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make(load_routine("upper-back"), name=None)
    async with app.run_test(size=SIZE) as pilot:
        notes = Notes(app, monkeypatch)
        screen = app.builder
        points = [s["point"] for s in screen.draft.steps]
        await pilot.press("down", "x")
        assert [s["point"] for s in screen.draft.steps] == [points[0], *points[2:]]
        assert f"Deleted step 2 ({points[1]})" in notes.text()
        assert screen.dirty
        await pilot.press("u")
        assert [s["point"] for s in screen.draft.steps] == points
        assert not screen.dirty
        await pilot.press("d")
        assert [s["point"] for s in screen.draft.steps] == [
            points[0],
            *points[1:2] * 2,
            *points[2:],
        ]
        assert screen.selected == 2
        await pilot.press("delete")
        assert not screen.dirty
        for _ in points:
            await pilot.press("x")
        assert screen.draft.steps == []
        assert "at least one" in shown(app, "#e-general")


async def test_an_invalid_value_is_shown_and_blocks_saving(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        notes = Notes(app, monkeypatch)
        screen = app.builder
        await add_point(pilot, "LI-4")
        await retype(pilot, "hold", "lots")
        assert "cannot read 'lots' as a duration" in shown(app, "#e-hold")
        assert screen.query_one("#f-hold").has_class("-bad")
        assert shown(app, "#b-total") == "fix the marked fields"
        label = str(screen.query_one("#b-steps").get_option_at_index(0).prompt)
        assert label.startswith("⚠ 1. LI-4")
        await retype(pilot, "repeats", "0")
        assert "at least 1" in shown(app, "#e-repeats")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen  # no name asked for
        assert ("error" in {severity for _, severity in notes.seen}) and (
            "Not saved: fix the marked fields first. step 1, hold: cannot read" in notes.text()
        )
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen is screen
        assert "Preview needs a routine without errors" in notes.text()
        assert not (user_routines_dir() / "mine.toml").exists()
        await retype(pilot, "hold", "1m30s")
        await retype(pilot, "repeats", "2")
        assert shown(app, "#e-hold") == "" and shown(app, "#e-repeats") == ""
        assert shown(app, "#b-total").endswith(" in all")
        assert screen.draft.routine is not None and screen.draft.routine.steps[0].hold == 90


async def test_replacing_a_file_asks_and_no_keeps_it(monkeypatch: pytest.MonkeyPatch) -> None:
    old = authoring.save_routine("mine", authoring.routine_from_points(["TE-3"], "mine"))
    before = old.read_bytes()
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        notes = Notes(app, monkeypatch)
        await add_point(pilot, "LI-4")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "exists" in str(app.screen.query_one("#prompt-check", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        ask = app.screen
        assert isinstance(ask, AskScreen) and "mine.toml already exists" in ask.question
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)  # asks for another name
        await pilot.press("escape")
        await pilot.pause()
        assert "Not saved." in notes.text()
        assert old.read_bytes() == before
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert [s.point for s in load_routine("mine").routine.steps] == ["LI-4"]


async def test_new_with_force_replaces_without_asking() -> None:
    old = authoring.save_routine("mine", authoring.routine_from_points(["TE-3"], "mine"))
    app = make(force=True)
    async with app.run_test(size=SIZE) as pilot:
        await add_point(pilot, "LI-4")
        await save_as(pilot)
        assert isinstance(app.screen, BuilderScreen)
    assert "LI-4" in old.read_text()


async def test_editing_a_user_routine_saves_in_place_unless_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = authoring.save_routine("mine", authoring.routine_from_points(["TE-3"], "mine"))
    app = make(load_routine("mine"), name=None)
    async with app.run_test(size=SIZE) as pilot:
        notes = Notes(app, monkeypatch)
        await retype(pilot, "hold", "7s")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BuilderScreen)  # no questions
        assert str(path) in notes.seen[-1][0]
        assert load_routine("mine").routine.steps[0].hold == 7
        path.write_text(path.read_text().replace('"7s"', '"8s"'))  # someone else edits it
        await retype(pilot, "hold", "9s")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen) and "changed on disk" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert load_routine("mine").routine.steps[0].hold == 8


async def test_a_hand_written_routine_is_rewritten_only_after_asking() -> None:
    folder = user_routines_dir()
    folder.mkdir(parents=True)
    path = folder / "mine.toml"
    path.write_text("# my notes\n" + MARKUP, encoding="utf-8")
    app = make(load_routine("mine"), name=None)
    async with app.run_test(size=SIZE) as pilot:
        await retype(pilot, "hold", "12s")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen) and "rewrites mine.toml" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert path.read_text(encoding="utf-8").startswith("# my notes")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert load_routine("mine").routine.steps[0].hold == 12
        await retype(pilot, "hold", "13s")
        await pilot.press("ctrl+s")  # now in the builder's layout: saved without a question
        await pilot.pause()
        assert isinstance(app.screen, BuilderScreen)
    assert load_routine("mine").routine.steps[0].hold == 13


async def test_nonsense_in_any_field_is_marked_never_a_crash() -> None:
    nonsense = [
        "",
        " ",
        "-1",
        "0",
        "1e999",
        "nan",
        "99999999999999999999",
        "[/]",
        "1:99",
        "½",
        "²",
        "١٢",
    ]
    app = make(load_routine("upper-back"), name=None)
    fields = [
        *("title", "summary", "r-pace-inhale", "find_time", "preparation", "hold", "release"),
        *("repeats", "rest", "find", "pace-exhale", "steady_after", "note", "caution", "source"),
    ]
    async with app.run_test(size=SIZE) as pilot:
        screen = app.builder
        for field in fields:
            widget = screen.query_one(f"#f-{field}")
            for text in nonsense:
                if isinstance(widget, TextArea):
                    widget.load_text(text)
                    await pilot.pause()  # its Changed carries no text: one at a time
                else:
                    assert isinstance(widget, Input)
                    widget.value = text  # each Changed carries its value
            await pilot.pause()
            assert app.is_running
            if isinstance(widget, TextArea):
                widget.load_text("1")
            else:
                widget.value = "1" if field != "steady_after" else ""
            await pilot.pause()
        assert screen.draft.routine is not None, screen.draft.errors()
        assert [s.hold for s in screen.draft.routine.steps][:1] == [1]
        assert screen.draft.routine.steps[0].pace is not None
        assert shown(app, "#b-total").endswith(" in all")


async def test_new_over_an_existing_name_says_so() -> None:
    authoring.save_routine("mine", authoring.routine_from_points(["TE-3"], "mine"))
    app = make()
    async with app.run_test(size=SIZE):
        assert "mine.toml exists" in shown(app, "#b-heading")


async def test_quitting_with_unsaved_changes_asks() -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await add_point(pilot, "LI-4")
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, BuilderScreen)
        app.builder.query_one("#f-note", TextArea).focus()
        await pilot.press("escape")  # from a field: back to the list
        assert app.focused is app.builder.query_one("#b-steps")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0
    assert app.saved == []
    assert not user_routines_dir().exists() or not any(user_routines_dir().iterdir())


async def test_quitting_without_changes_does_not_ask() -> None:
    app = make(load_routine("upper-back"), name=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_preview_runs_the_draft_as_a_session_without_saving() -> None:
    app = make(config=Config(safety_acknowledged=False))
    async with app.run_test(size=SIZE) as pilot:
        await add_point(pilot, "LI-4")
        await retype(pilot, "hold", "40s")
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        assert app.screen.query_one(Input).value == "10"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen)  # never acknowledged: shown first
        await pilot.press("enter")
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        assert session.session.speed == 10
        assert session.loaded.routine.steps[0].hold == 40
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, BuilderScreen)
    assert not user_routines_dir().exists() or not any(user_routines_dir().iterdir())


async def test_text_from_a_file_is_shown_literally(tmp_path: Path) -> None:
    loaded = load(tmp_path / "elsewhere", "sneaky", MARKUP)
    app = make(loaded, name=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.builder
        assert screen.query_one("#f-title", Input).value.startswith("Sneaky [bold]title[/]")
        assert "[@click=app.quit]" in screen.query_one("#f-note", TextArea).text
        assert "copy" in shown(app, "#b-heading")  # a file outside the routines folder
        await save_as(pilot)
        assert app.is_running
    assert load_routine("sneaky").routine == loaded.routine


async def test_a_builtin_saved_through_the_screen_expands_the_same() -> None:
    ref = next(r for r in builtin_refs() if r.name == "lower-back-desk")
    original = load_ref(ref)
    app = make(original, name=None)
    async with app.run_test(size=SIZE) as pilot:
        await save_as(pilot)
    saved = load_routine("lower-back-desk-copy")
    assert saved.routine.title == "Lower back at the desk (copy)"  # told apart in the picker
    assert saved.routine == dataclasses.replace(original.routine, title=saved.routine.title)
    assert expand(saved.routine) == expand(original.routine)


def test_run_builder_refuses_an_unusable_name() -> None:
    class Args:
        name = "../.."
        force = False

    with pytest.raises(AcutimerError, match="usable routine name"):
        run_builder(None, Args())  # type: ignore[arg-type]
