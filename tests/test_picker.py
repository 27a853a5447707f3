"""The picker: its own help, the / filter, moving by pages, sorting, and making, editing, copying
and deleting routines from it, built-ins never touched."""

from __future__ import annotations

import functools
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from history_support import record
from hypothesis import given
from hypothesis import strategies as st
from textual.pilot import Pilot
from textual.widgets import Input, Static
from tui_support import FakeClock, make_app

from acutimer.config import load_config
from acutimer.history.store import HistoryStore, history_path
from acutimer.paths import builtin_refs, trash_dir, user_routines_dir
from acutimer.routine import authoring
from acutimer.routine.loading import load_routine
from acutimer.tui.app import AcutimerApp
from acutimer.tui.builder.screen import BuilderScreen
from acutimer.tui.builder.widgets import AskScreen, PointSearchScreen, PromptScreen
from acutimer.tui.screens.picker import PickerScreen, RoutineTable
from acutimer.tui.screens.picker_entries import haystack, load_entry, matches
from acutimer.tui.screens.picker_help import PickerHelpScreen
from acutimer.tui.screens.session import SessionScreen
from acutimer.tui.widgets.status import StatusLine

SIZE = (80, 24)


def mine(name: str, points: str = "TE-3", title: str | None = None) -> Path:
    routine = authoring.routine_from_points(points.split(","), title or name)
    return authoring.save_routine(name, routine)


def picker(app: AcutimerApp) -> PickerScreen:
    screen = app.screen
    assert isinstance(screen, PickerScreen), screen
    return screen


def titles(app: AcutimerApp) -> list[str]:
    return [entry.title for entry in picker(app).shown]


def said(app: AcutimerApp) -> str:
    return picker(app).query_one(StatusLine).message


def highlighted(app: AcutimerApp) -> str:
    entry = picker(app).current
    assert entry is not None
    return entry.ref.name


def builtin_bytes() -> dict[str, bytes]:
    return {ref.name: ref.path.read_bytes() for ref in builtin_refs()}


async def test_question_mark_shows_the_picker_s_own_keys() -> None:
    app = make_app(None, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, PickerHelpScreen)
        text = "\n".join(str(s.render()) for s in app.screen.query(Static))
        for words in ("filter by title", "sort by title", "delete one of your", "u ", "PgUp"):
            assert words in text
        assert "space" not in text  # the session's keys are the session's help
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)


@functools.cache
def builtin_haystacks() -> list[str]:
    from acutimer.paths import builtin_refs
    from acutimer.routine.points import load_points

    return [haystack(load_entry(ref), load_points()) for ref in builtin_refs()]


@given(st.text(max_size=40))
def test_the_filter_takes_any_text_and_a_word_twice_is_the_word_once(query: str) -> None:
    for text in builtin_haystacks():
        assert matches(query + " " + query, text) == matches(query, text)
        assert matches(query, text) or query.split()  # only words can leave a routine out


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("li4", {"Hand points break", "Upper back and shoulders"}),
        ("he gu", {"Hand points break", "Upper back and shoulders"}),
        ("B-47", {"Lower back at the desk"}),  # an old Bladder number, as an alias
        ("lying", {"Evening, lying down"}),  # a position
        ("hip-sciatica", {"Hip and sciatica"}),  # a focus
        ("upper", {"Upper back and shoulders"}),  # a title
        ("desk", {"Lower back at the desk"}),
        ("navel", {"Below the navel, through the work hour"}),
        ("li-4", {"Hand points break", "Upper back and shoulders"}),  # not "lying" + BL-40
        ("zzz", set()),
    ],
)
def test_the_filter_matches_title_focus_position_and_points(query: str, expected: set[str]) -> None:
    from acutimer.paths import all_refs
    from acutimer.routine.points import load_points

    entries = [load_entry(ref) for ref in all_refs()]
    found = {e.title for e in entries if matches(query, haystack(e, load_points()))}
    assert found == expected


async def test_slash_filters_as_you_type_and_esc_clears() -> None:
    app = make_app(None, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        everything = titles(app)
        await pilot.press("slash", *"he gu")
        assert set(titles(app)) == {"Hand points break", "Upper back and shoulders"}
        assert "2 of 6 match" in str(picker(app).query_one(StatusLine).render())
        await pilot.press("down")  # the arrows move in the list while the filter has the focus
        assert highlighted(app) == "upper-back"
        await pilot.press(*"xx")
        assert titles(app) == []
        assert "No routine matches" in str(picker(app).query_one("#preview-text", Static).render())
        await pilot.press("enter")  # nothing to start
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("escape")
        assert titles(app) == everything
        assert not picker(app).query_one("#picker-filter", Input).display
        assert app.focused is picker(app).query_one(RoutineTable)


async def test_enter_in_the_filter_starts_the_highlighted_routine() -> None:
    app = make_app(None, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"lying", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.loaded.ref.name == "evening-lying"


async def test_home_end_and_pages_move_through_a_long_list() -> None:
    for number in range(30):
        mine(f"r{number:02d}", title=f"Routine {number:02d}")
    app = make_app(None, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        table = picker(app).query_one(RoutineTable)
        await pilot.press("end")
        assert table.cursor_row == len(picker(app).shown) - 1
        await pilot.press("home")
        assert table.cursor_row == 0
        await pilot.press("pagedown")
        page = table.cursor_row
        assert page > 3
        await pilot.press("pagedown", "pageup")
        assert table.cursor_row == page
        await pilot.press("slash", "pagedown")  # in the filter too
        assert table.cursor_row > page


async def test_o_sorts_by_last_use_and_the_choice_is_kept(acutimer_home: Path) -> None:
    zone = timezone(timedelta(hours=1))
    store = HistoryStore.open(history_path(acutimer_home))
    store.add(
        [
            record(datetime(2026, 3, 1, 9, tzinfo=zone), routine="upper-back"),
            record(datetime(2026, 3, 3, 9, tzinfo=zone), routine="sciatica-hip"),
        ]
    )
    store.close()
    app = make_app(None, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        assert titles(app) == sorted(titles(app), key=str.casefold)
        await pilot.press("o")
        assert titles(app)[:2] == ["Hip and sciatica", "Upper back and shoulders"]
        assert titles(app)[2:] == sorted(titles(app)[2:], key=str.casefold)  # never done
        assert "Sorted by last use" in said(app)
        assert "sorted by last use" in str(picker(app).query_one("#picker-sort").render())
        assert highlighted(app) == "cv6-work-hour"  # the highlight stays on its routine
        await pilot.press("home")
        assert "Last done " in str(picker(app).query_one("#preview-text", Static).render())
    assert load_config()[0].picker_sort == "last used"
    app = make_app(None, FakeClock())
    app.config.picker_sort = "last used"
    async with app.run_test(size=SIZE) as pilot:
        assert titles(app)[0] == "Hip and sciatica"
        await pilot.press("o")
        assert titles(app)[0] == "Below the navel, through the work hour"


async def new_routine(pilot: Pilot[Any], point: str, name: str) -> None:
    await pilot.press("a")
    assert isinstance(pilot.app.screen, PointSearchScreen)
    await pilot.press(*point, "enter")
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PromptScreen)
    await pilot.press("ctrl+u", *name, "enter")
    await pilot.pause()


async def test_n_makes_a_routine_that_is_then_listed_and_highlighted() -> None:
    app = make_app(None, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, BuilderScreen)
        await new_routine(pilot, "he gu", "lunch")
        await pilot.press("escape")  # in the step list: back to the picker
        await pilot.pause()
        assert highlighted(app) == "lunch"
        assert "Saved lunch.toml" in said(app)
    assert [s.point for s in load_routine("lunch").routine.steps] == ["LI-4"]


async def test_e_edits_a_routine_and_a_built_in_only_as_a_copy() -> None:
    before = builtin_bytes()
    mine("mine")
    app = make_app(None, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        picker(app).reload(select=user_routines_dir().resolve() / "mine.toml")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        builder = app.screen
        assert isinstance(builder, BuilderScreen) and builder.save_name == "mine"
        builder.query_one("#f-hold", Input).focus()
        await pilot.press("end", "ctrl+u", *"21s", "ctrl+s")
        await pilot.pause()
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen) and highlighted(app) == "mine"
        picker(app).reload(select=builtin_refs()[0].path)
        await pilot.press("e")
        await pilot.pause()
        assert "(built-in): saving makes a copy" in app.screen.heading  # type: ignore[attr-defined]
    assert load_routine("mine").routine.steps[0].hold == 21
    assert builtin_bytes() == before


async def test_c_copies_a_routine_under_a_new_name_with_a_title_that_says_so() -> None:
    app = make_app(None, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        assert highlighted(app) == "cv6-work-hour"
        await pilot.press("c")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        assert prompt.query_one(Input).value == "cv6-work-hour-copy"
        await pilot.press("enter")
        await pilot.pause()
        assert highlighted(app) == "cv6-work-hour-copy"
        assert "Copied to cv6-work-hour-copy" in said(app)
    copy = load_routine("cv6-work-hour-copy").routine
    assert copy.title == "Below the navel, through the work hour (copy)"
    assert copy.steps == load_routine("cv6-work-hour").routine.steps


async def test_delete_asks_goes_to_the_trash_and_u_brings_it_back() -> None:
    path = mine("doomed")
    text = path.read_bytes()
    before = builtin_bytes()
    app = make_app(None, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")  # a built-in is highlighted
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert "Built-in routines are never deleted" in said(app)
        picker(app).reload(select=path.resolve())
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen) and "doomed.toml" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert path.exists()
        await pilot.press("delete", "y")
        await pilot.pause()
        assert not path.exists()
        assert "doomed" not in [e.ref.name for e in picker(app).shown]
        [trashed] = trash_dir().iterdir()
        assert trashed.read_bytes() == text
        assert "u brings it back" in said(app)
        await pilot.press("u")
        await pilot.pause()
        assert path.read_bytes() == text and highlighted(app) == "doomed"
        assert not any(trash_dir().iterdir())
        await pilot.press("u")  # nothing more to bring back
        assert path.exists()
    assert builtin_bytes() == before


async def new_with_a_point(pilot: Pilot[Any]) -> None:
    """n in the picker, then a point added in the builder: a change not saved."""
    await pilot.press("n")
    await pilot.pause()
    await pilot.press("a", *"li-4", "enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, BuilderScreen) and pilot.app.screen.dirty


@pytest.mark.parametrize("key", ["ctrl+q", "q", "ctrl+c"])
async def test_leaving_the_picker_s_builder_asks_before_losing_changes(key: str) -> None:
    app = make_app(None, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await new_with_a_point(pilot)
        await pilot.press(key)  # q in the step list: quit acutimer, as on every screen
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, BuilderScreen)
        await pilot.press(key)
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0
    assert not user_routines_dir().exists() or not any(user_routines_dir().iterdir())


async def test_a_preview_from_the_picker_s_builder_runs_and_is_not_recorded(
    acutimer_home: Path,
) -> None:
    app = make_app(None, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await new_with_a_point(pilot)
        await pilot.press("ctrl+p")  # the preview here, not the command palette
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("enter")
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen) and session.session.speed == 10
        await pilot.press("q", "y")
        await pilot.pause()
        builder = app.screen
        assert isinstance(builder, BuilderScreen)
        assert "Preview over" in builder.query_one(StatusLine).message
    assert not history_path(acutimer_home).exists()


async def test_a_history_that_cannot_be_read_is_said_when_sorting_by_last_use(
    acutimer_home: Path,
) -> None:
    acutimer_home.mkdir()
    history_path(acutimer_home).write_bytes(b"not a database " * 300)
    app = make_app(None, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        assert "the history cannot be read" in said(app)
        assert titles(app) == sorted(titles(app), key=str.casefold)


async def test_deleting_a_routine_gone_from_disk_meanwhile_says_so() -> None:
    path = mine("fleeting")
    app = make_app(None, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        picker(app).reload(select=path.resolve())
        path.unlink()  # another program removed it
        await pilot.press("x", "y")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert said(app).startswith("Not deleted:")
        assert not trash_dir().exists() or not any(trash_dir().iterdir())
