"""The builder's small parts: the step list, the point search, and its prompts and questions.

Everything here shows text from files or from the user literally (markup off).
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from acutimer.routine.pointmap import shown_side
from acutimer.routine.pointmodels import Point
from acutimer.routine.points import Points
from acutimer.tui.widgets.pointmap import PointMap


class StepList(OptionList):
    """The routine's steps. The keys that change them are the screen's, and act only while this
    list has the focus (see ``DraftScreen.check_action``), so typing is never a key."""


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text. ``check`` says whether it will do, and what it will do.

    Enter accepts (only when ``check`` says it will do); Esc cancels with None.
    """

    CSS_PATH = ["../screens/dialogs.tcss", "builder.tcss"]
    BINDINGS = [Binding("escape", "cancel", "cancel", id="prompt.cancel")]

    def __init__(
        self, title: str, value: str, hint: str, check: Callable[[str], tuple[bool, str]]
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.hint = hint
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog b-dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Input(self.value, id="prompt-input", compact=True, select_on_focus=False)
            yield Static("", id="prompt-check", markup=False)
            yield Static(self.hint, classes="dialog-hint", markup=False)
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._show(self.value)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, text: str) -> None:
        ok, words = self.check(text)
        line = self.query_one("#prompt-check", Static)
        line.update(words)
        line.set_class(not ok, "-bad")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        ok, _ = self.check(event.value)
        if ok:
            self.dismiss(event.value.strip())
        else:
            self.app.bell()

    def action_cancel(self) -> None:
        self.dismiss(None)


class AskScreen(ModalScreen[bool]):
    """A yes/no question: y answers yes; n or Esc answers no."""

    CSS_PATH = ["../screens/dialogs.tcss", "builder.tcss"]
    BINDINGS = [
        Binding("y", "answer(True)", "yes", id="ask.yes"),
        Binding("n,escape", "answer(False)", "no", id="ask.no"),
    ]

    def __init__(self, question: str, hint: str) -> None:
        super().__init__()
        self.question = question
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog b-dialog b-ask"):
            yield Static(self.question, classes="dialog-title", markup=False)
            yield Static(self.hint, classes="dialog-hint", markup=False)
        yield Footer(show_command_palette=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def point_line(point: Point) -> Content:
    """One point in the search list: code, names, region, and whether it is reachable at a desk."""
    desk = " · desk" if point.desk else ""
    return Content(f"{point.code:<7}{point.pinyin} ({point.english}) · {point.region}{desk}")


ADD_HINT = "Enter adds it after the selected step, with its usual timing · ↑↓ choose · Esc cancels"
CHANGE_HINT = "Enter puts it in the step, which keeps its timing · ↑↓ choose · Esc cancels"


SEARCH_MAP_ROWS = (4, 7)
"""The fewest and most rows of the point search's body map: with fewer, none."""
SEARCH_OTHER_ROWS = 18
"""The search dialog's rows besides the map (builder.tcss): its border and padding, the title,
the field, the checkbox and their margins, the where-text, the hint, and the list's fewest 3.
The map takes what they leave of the dialog (at most 25 rows, and the screen less the footer):
5 rows at 80x24, none at 60x20, so the where-text is never pushed off the dialog."""
DIALOG_ROWS = 25
"""The search dialog's most rows (``#b-search``)."""


class PointSearchScreen(ModalScreen[str | None]):
    """Find a point by code, name, alias or body region; Enter gives its code, Esc None."""

    CSS_PATH = ["../screens/dialogs.tcss", "builder.tcss"]
    BINDINGS = [
        Binding("escape", "cancel", "cancel", id="search.cancel"),
        Binding("down", "move(1)", show=False, id="search.down"),
        Binding("up", "move(-1)", show=False, id="search.up"),
        Binding("ctrl+t", "toggle_desk", "desk only", id="search.desk"),
    ]

    def __init__(self, points: Points, *, title: str = "Add a point", hint: str = ADD_HINT) -> None:
        super().__init__()
        self.points = points
        self.title_text = title
        self.hint = hint
        self.found: list[Point] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog b-dialog", id="b-search"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Input(
                placeholder="code, name, alias or body region",
                id="search-input",
                compact=True,
            )
            yield Checkbox(
                "only points reachable at a desk (ctrl+t)", id="search-desk", compact=True
            )
            yield OptionList(id="search-found", markup=False, compact=True)
            yield PointMap("aside", id="search-map")
            yield Static("", id="search-about", markup=False)
            yield Static(self.hint, classes="dialog-hint", markup=False)
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._fit_map()
        self._fill()
        self.query_one("#search-input").focus()

    def on_resize(self) -> None:
        self._fit_map()

    def _fit_map(self) -> None:
        """The map's rows, from what the rest of the dialog leaves; on a screen too short to
        show a place, no map: its room goes to the list, and the where-text stays in view."""
        dialog = min(DIALOG_ROWS, self.app.size.height - 1)  # the footer's line
        rows = min(SEARCH_MAP_ROWS[1], dialog - SEARCH_OTHER_ROWS)
        shown = rows >= SEARCH_MAP_ROWS[0]
        self.set_class(not shown, "-no-map")
        if shown:
            self.query_one("#search-map").styles.height = rows

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _filter(self) -> None:
        self._fill()

    def _fill(self) -> None:
        query = self.query_one("#search-input", Input).value
        desk_only = self.query_one(Checkbox).value
        self.found = [p for p in self.points.search(query) if p.desk or not desk_only]
        found = self.query_one(OptionList)
        found.set_options(Option(point_line(p)) for p in self.found)
        found.highlighted = 0 if self.found else None
        if not self.found:
            self.query_one(PointMap).show(None, None)
            self._about("No point matches; try a code (LI-4), a name or a region (hand).")

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        point = self.found[event.option_index]
        self.query_one(PointMap).show(point, shown_side(point.sides))
        desk = f" At a desk: {point.desk_note}" if point.desk_note else ""
        self._about(f"{point.location}{desk}")

    def _about(self, text: str) -> None:
        self.query_one("#search-about", Static).update(text)

    def action_move(self, offset: int) -> None:
        found = self.query_one(OptionList)
        if found.highlighted is not None and self.found:
            found.highlighted = max(0, min(len(self.found) - 1, found.highlighted + offset))

    def action_toggle_desk(self) -> None:
        self.query_one(Checkbox).toggle()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is None:
            self.app.bell()
            return
        self.dismiss(self.found[highlighted].code)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.found[event.option_index].code)

    def action_cancel(self) -> None:
        self.dismiss(None)
