"""The builder's fields and keys: every step field edits, the focus shows, no key is taken from
text, quitting is named and asks, and a file with problems opens with them marked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_builder import Notes, add_point, make, retype, save_as, shown
from textual.pilot import Pilot
from textual.widgets import Footer, Input, Select, TextArea
from textual.widgets._footer import FooterKey

from acutimer.commands.cli import main
from acutimer.paths import user_routines_dir
from acutimer.routine import authoring
from acutimer.routine.errors import AcutimerError
from acutimer.routine.loading import find_routine, load_routine, read_for_edit
from acutimer.tui.builder.app import BuilderApp, saved_lines
from acutimer.tui.builder.screen import BuilderScreen
from acutimer.tui.builder.widgets import AskScreen, PointSearchScreen, PromptScreen

SIZE = (80, 24)

BROKEN = """\
# my own notes, by hand
title = "Broken on purpose"
summary = "Three problems, each on its own field."
focus = "lowerback"
position = "seated"
colour = "blue"

[[steps]]
point = "LI-4"
hold = "ten"
hodl = "30s"

[[steps]]
point = "TE-3"
hold = "10s"
repeats = 0

[[steps]]
point = "NOPE"
hold = "5s"
"""


def footer_keys(app: BuilderApp) -> dict[str, str]:
    """What the footer shows: key display to description."""
    return {
        key.key_display: key.description for key in app.screen.query_one(Footer).query(FooterKey)
    }


async def put(pilot: Pilot[Any], field: str, text: str) -> None:
    """Set a field's text at once (one edit), where how it is typed is not the point."""
    widget = pilot.app.screen.query_one(f"#f-{field}")
    if isinstance(widget, TextArea):
        widget.load_text(text)
    else:
        assert isinstance(widget, Input)
        widget.value = text
    await pilot.pause()


async def write(pilot: Pilot[Any], field: str, text: str) -> None:
    """Focus a multi-line field, empty it and type ``text``."""
    area = pilot.app.screen.query_one(f"#f-{field}", TextArea)
    area.focus()
    area.load_text("")
    await pilot.press(*["enter" if c == "\n" else c for c in text])


async def test_every_step_field_can_be_edited_and_is_saved() -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.builder
        await add_point(pilot, "BL-23")
        screen.query_one("#f-breathing", Select).value = "synchronised"
        await pilot.pause()
        for field, text in [
            ("find", "12s"),
            ("pace-inhale", "5s"),
            ("pace-exhale", "7s"),
            ("steady_after", "4s"),
            ("source", "my physio"),
        ]:
            await put(pilot, field, text)
        await write(pilot, "note", "Warm hands first.\nThen press.")  # typed, Enter and all
        await put(pilot, "meanwhile", "Sit back.")
        await put(pilot, "caution", "Stop if it tingles.")
        await put(pilot, "find_time", "6s")  # the routine's, under "more"
        await put(pilot, "r-pace-exhale", "8s")
        await put(pilot, "preparation", "A warm towel.")
        assert screen.draft.errors() == {}
        await save_as(pilot)
    routine = load_routine("mine").routine
    [step] = routine.steps
    assert (step.find, step.steady_after, step.source) == (12, 4, "my physio")
    assert step.pace is not None and (step.pace.inhale, step.pace.exhale) == (5, 7)
    assert (step.note, step.meanwhile, step.caution) == (
        "Warm hands first.\nThen press.",
        "Sit back.",
        "Stop if it tingles.",
    )
    assert (routine.find_time, routine.pace.exhale, routine.preparation) == (6, 8, "A warm towel.")


async def test_emptying_a_step_pace_falls_back_on_the_routine_s() -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.builder
        await add_point(pilot, "LI-4")
        await put(pilot, "pace-inhale", "5s")
        assert screen.draft.steps[0]["pace"] == {"inhale": "5s"}
        await put(pilot, "pace-inhale", "")
        assert "pace" not in screen.draft.steps[0]
        placeholder = screen.query_one("#f-pace-inhale", Input).placeholder
        assert placeholder == "4s, the routine's"


async def test_a_q_typed_in_a_field_is_a_q_and_the_list_keys_stay_out_of_text() -> None:
    app = make(load_routine("upper-back"), name=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.builder
        steps = len(screen.draft.steps)
        await retype(pilot, "title", "quack x a c u K J p")
        assert screen.draft.data["title"] == "quack x a c u K J p"
        await write(pilot, "note", "q, then x")
        assert screen.draft.steps[0]["note"] == "q, then x"
        screen.query_one("#f-sides", Select).focus()  # a choice takes no letters either
        await pilot.press("q", "x", "a")
        await pilot.pause()
        assert isinstance(app.screen, BuilderScreen) and app.is_running
        assert len(screen.draft.steps) == steps


async def test_the_first_tab_from_the_list_lands_on_a_field_and_shows_it() -> None:
    app = make(load_routine("upper-back"), name=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.builder
        assert app.focused is screen.query_one("#b-steps")
        await pilot.press("tab")
        assert app.focused is screen.query_one("#f-sides")
        rows = screen.query(".b-row.-focused")
        assert len(rows) == 1 and app.focused in rows.first().children
        await pilot.press("tab", "tab", "tab")
        assert app.focused is screen.query_one("#f-hold")
        [row] = screen.query(".b-row.-focused")
        assert screen.query_one("#f-hold") in row.children


async def test_quit_is_named_in_the_footer_wherever_the_focus_is() -> None:
    app = make(load_routine("upper-back"), name=None)
    async with app.run_test(size=(45, 15)) as pilot:
        keys = footer_keys(app)
        assert keys.get("^q") == "quit" and "q" not in keys
        assert list(keys)[:3] == ["^s", "^p", "^q"]  # first, so a narrow footer keeps them
        assert keys.get("a") == "add"
        app.builder.query_one("#f-hold").focus()
        await pilot.pause()
        keys = footer_keys(app)
        assert keys.get("^q") == "quit" and "a" not in keys  # the list's keys are the list's


@pytest.mark.parametrize("where", ["list", "field", "note"])
async def test_ctrl_q_asks_before_unsaved_changes_are_lost(where: str) -> None:
    app = make(load_routine("upper-back"), name=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.builder
        await put(pilot, "hold", "7s")
        if where == "field":
            screen.query_one("#f-hold").focus()
        elif where == "note":
            screen.query_one("#f-note", TextArea).focus()
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and screen.draft.steps[0]["hold"] == "7s"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0
    assert screen.discarded


async def test_ctrl_q_without_changes_leaves_at_once() -> None:
    app = make(load_routine("upper-back"), name=None)
    async with app.run_test(size=SIZE) as pilot:
        app.builder.query_one("#f-note").focus()
        await pilot.pause()  # a key in the same tick as a focus() from code can hang Pilot
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0 and not app.builder.discarded


async def test_unsaved_changes_show_in_the_heading_until_saved(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        notes = Notes(app, monkeypatch)  # fails on any toast
        screen = app.builder
        dirty = screen.query_one("#b-dirty")
        assert not dirty.display
        await add_point(pilot, "LI-4")
        assert dirty.display and "unsaved" in shown(app, "#b-dirty")
        await save_as(pilot)
        assert not dirty.display
        assert notes.seen[-1][0].startswith("Saved ") and notes.seen[-1][1] == "success"
        await put(pilot, "hold", "11s")
        assert dirty.display
        await put(pilot, "hold", screen.baseline["steps"][0]["hold"])
        assert not dirty.display  # back to what was saved


def test_after_y_quits_and_loses_them_nothing_claims_a_save(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    assert saved_lines([], discarded=True) == ["nothing was saved"]
    lines = saved_lines([path, path], discarded=True)
    assert lines == [f"your last changes were not saved; {path} has what you saved before them"]
    assert not any(line.startswith("saved ") for line in lines)
    assert saved_lines([path, path], discarded=False) == [
        f"saved {path}",
        "run it with: acutimer run mine",
    ]


async def test_a_discarded_session_after_a_save_says_the_last_changes_were_lost() -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await add_point(pilot, "LI-4")
        await save_as(pilot)
        await put(pilot, "hold", "44s")
        app.builder.query_one("#b-steps").focus()
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    [line] = saved_lines(app.saved, discarded=app.builder.discarded)
    assert line.startswith("your last changes were not saved;")
    assert load_routine("mine").routine.steps[0].hold != 44


def broken_file() -> Path:
    folder = user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "broken.toml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


async def test_a_file_with_problems_opens_with_each_marked_on_its_field() -> None:
    path = broken_file()
    file = read_for_edit(find_routine("broken"))
    assert file.routine is None and len(file.problems) == 6
    app = BuilderApp(file, config=make().config)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.builder
        assert "is not one of" in shown(app, "#e-focus")
        assert "colour" in shown(app, "#e-general")
        assert "cannot read 'ten'" in shown(app, "#e-hold")
        assert "hodl" in shown(app, "#e-step") and "did you mean 'hold'" in shown(app, "#e-step")
        assert "6 problems to fix" in app.builder.query_one("#b-status").message  # type: ignore[attr-defined]
        labels = [str(o.prompt) for o in screen.query_one("#b-steps").options]  # type: ignore[attr-defined]
        assert labels[0].startswith("⚠ 1.") and labels[1].startswith("⚠ 2.")
        assert screen.query_one("#f-focus", Select).value is Select.NULL  # not quietly "fixed"
        assert not screen.dirty
        screen.query_one("#f-focus", Select).value = "lower-back"
        await put(pilot, "hold", "10s")
        screen.query_one("#b-steps").focus()
        await pilot.press("ctrl+r")  # drop the keys no routine may hold
        assert "hodl" not in screen.draft.steps[0] and "colour" not in screen.draft.data
        await pilot.press("end")
        assert shown(app, "#e-step") == (
            "point: no point is called 'NOPE'; p picks one from the library"
        )  # not "did you mean 'BL-53'?", a code that only looks close
        await pilot.press("x")  # that step goes, and the one before it is selected
        await put(pilot, "repeats", "2")
        assert screen.draft.errors() == {}
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen) and "rewrites broken.toml" in app.screen.question
        await pilot.press("y")
        await pilot.pause()
    fixed = load_routine("broken").routine
    assert fixed.focus.value == "lower-back" and fixed.steps[1].repeats == 2
    assert path.read_text(encoding="utf-8").startswith("#:schema ")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('title = "x"\nsteps = 3\n', "steps are not a list of [[steps]] tables"),
        ('title = "x\n', "is not valid TOML"),
        ('title = "x"\npace = "slow"\n[[steps]]\npoint = "LI-4"\n', "pace: is not a table"),
    ],
)
def test_edit_refuses_only_what_the_builder_cannot_show(
    text: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "odd.toml").write_text(text, encoding="utf-8")
    file_problem = None
    try:
        BuilderApp(read_for_edit(find_routine("odd")))
    except AcutimerError as error:
        file_problem = str(error)
    assert file_problem is not None and message in file_problem
    assert main(["edit", "odd"]) == 2
    assert message in capsys.readouterr().err


async def test_p_changes_the_point_and_keeps_the_timing() -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.builder
        await add_point(pilot, "LI-4")
        await put(pilot, "hold", "17s")  # the list keeps the focus
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PointSearchScreen)
        await pilot.press(*"te-3", "enter")
        await pilot.pause()
        assert screen.draft.steps[0]["point"] == "TE-3" and screen.draft.steps[0]["hold"] == "17s"
        assert "TE-3" in shown(app, "#b-point")


async def test_a_routine_with_no_name_yet_is_offered_a_free_one_when_saved() -> None:
    authoring.save_routine("lunch-hands", authoring.routine_from_points(["LI-4"], "x"))
    app = make(name=None)
    async with app.run_test(size=SIZE) as pilot:
        assert "saving asks for its name" in shown(app, "#b-heading")
        await put(pilot, "title", "Lunch hands")  # the list keeps the focus: a adds a point
        await add_point(pilot, "TE-3")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        assert app.screen.query_one(Input).value == "lunch-hands-2"  # lunch-hands is taken
        await pilot.press("enter")
        await pilot.pause()
    assert load_routine("lunch-hands-2").routine.title == "Lunch hands"


async def test_a_gentler_way_get_ready_and_how_to_press_are_fields_too() -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.builder
        await add_point(pilot, "CV-6")
        screen.query_one("#f-gentler-pressure", Select).value = "light"
        await pilot.pause()
        assert screen.draft.steps[0]["gentler"] == {"pressure": "light", "when": ["pregnancy"]}
        assert "how" in shown(app, "#e-step") or shown(app, "#e-gentler-how")  # how is required
        await put(pilot, "gentler-how", "Lay a flat hand on it, no pressing in.")
        await put(pilot, "how", "Two fingers, straight down.")
        await put(pilot, "get_ready", "20s")
        assert screen.draft.errors() == {}, screen.draft.errors()
        await save_as(pilot)
        step = load_routine("mine").routine.steps[0]
        assert step.gentler is not None and step.gentler.how.startswith("Lay a flat hand")
        assert (step.how, step.get_ready) == ("Two fingers, straight down.", 20)
        screen.query_one("#f-gentler-pressure", Select).value = Select.NULL
        await put(pilot, "gentler-how", "")
        assert "gentler" not in screen.draft.steps[0]  # nothing left of it: it goes
