"""The history screen: streak, minutes this week, the practice calendar, pain over time with
the routine done, what helps you (by routine and by point), recent sessions, points marked.

Everything is read once when the screen opens (:func:`read_overview`) and laid out again when
the width changes. A history that does not exist yet is not created; one that cannot be read
is explained on the screen. Routines are shown by title, as the picker shows them, with the name
where it is needed, and as plain text, never as markup. Statuses use the words ``acutimer
history`` uses (completed, partial, abandoned, running); only completed sessions count toward
the streak, the pain change and the chart.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Static

from acutimer.fsutil import describe_os_error
from acutimer.history import helps, stats
from acutimer.history.calendar import Calendar, read_calendar
from acutimer.history.effect import number
from acutimer.history.errors import HistoryError
from acutimer.history.labels import routine_labels
from acutimer.history.outcome import RULE
from acutimer.history.records import SessionRecord
from acutimer.history.store import HistoryStore, history_path
from acutimer.safetext import visible
from acutimer.tui.screens.pain import pain_text
from acutimer.tui.widgets.calendar import PracticeCalendar
from acutimer.tui.widgets.keybar import KeyBar
from acutimer.tui.widgets.more import MoreScroll
from acutimer.tui.widgets.pain_chart import PainChart, shown

RECENT = 10
"""Sessions listed under "Recent"."""
WIDE = 70
"""From this width on, the recent sessions show minutes and steps too."""
TREND_SHOWN = 400
"""Sessions read for the chart: more than the widest terminal shows (3 columns each)."""


@dataclass(frozen=True)
class Overview:
    """What the history screen shows, read in one go."""

    sessions: int
    streak: int
    minutes_this_week: float
    trend: list[stats.PainPoint]
    """The latest rated, completed sessions (at most :data:`TREND_SHOWN`), oldest first."""
    routines: list[stats.RoutineSummary]
    recent: list[SessionRecord]
    """Newest first."""
    helped: list[stats.HelpedPoint] = field(default_factory=list)
    """The points marked as helping, most often marked first."""
    labels: dict[str, str] = field(default_factory=dict)
    """How to show each routine name: its title, with the name where needed."""
    calendar: Calendar | None = None
    """The last 12 weeks (or since the first session)."""
    points: list[helps.PointSummary] = field(default_factory=list)
    """What helps you, by point, ranked."""
    uncounted: int = 0
    """Completed sessions of routines not found now, which no point counts."""
    rated: tuple[int, float | None] = (0, None)
    """All the rated, completed sessions: how many, and their mean change."""

    def label(self, name: str) -> str:
        """The routine ``name`` as the history shows it."""
        return self.labels.get(name, name)


def read_overview(path: Path, today: date) -> Overview | None:
    """The overview of the history at ``path``; None if there is none yet.

    Raises:
        HistoryError: the file cannot be used (its message says why, naming it).
    """
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):  # none yet, or no home to keep one in
        return None
    except OSError as error:
        raise HistoryError(f"{path} cannot be read ({describe_os_error(error)})") from None
    from acutimer.plan.schedule import plans_anything_on
    from acutimer.plan.store import load_plan_if_any
    from acutimer.routine.loading import routine_catalogue

    catalogue = routine_catalogue()
    codes = {name: found[1] for name, found in catalogue.items()}
    plan = load_plan_if_any()
    planned = None if plan is None else (lambda day: plans_anything_on(plan, day))
    store, _note = HistoryStore.open_to_read(path)
    try:
        routines = stats.routine_summaries(store)
        recent = list(reversed(store.sessions(limit=RECENT)))
        overview = Overview(
            sessions=stats.session_count(store),
            streak=stats.streak(stats.completed_days(store, today), today),
            minutes_this_week=stats.minutes_this_week(store, today),
            trend=stats.pain_trend(store, limit=TREND_SHOWN),
            rated=stats.pain_totals(store),
            routines=routines,
            recent=recent,
            helped=stats.helped_points(store),
            calendar=read_calendar(store, today, planned),
            points=helps.point_summaries(store, routines, codes),
            uncounted=helps.uncounted(routines, codes),
        )
    finally:
        store.close()
    stored = {s.routine: s.title for s in routines}
    titles = {name: found[0] for name, found in catalogue.items()}
    names = [*stored, *(r.routine for r in recent)]
    overview.labels.update(routine_labels(names, titles, stored))
    return overview


def totals_text(overview: Overview) -> str:
    """The first line: sessions, streak, minutes this week."""
    n, days = overview.sessions, overview.streak
    streak = (
        f"{days} day{'s' * (days != 1)} in a row"
        if days
        else "no streak yet (complete a session today to start one)"
    )
    return (
        f"{n} session{'s' * (n != 1)} · streak: {streak} · "
        f"this week: {overview.minutes_this_week:.0f} min"
    )


def trend_note(overview: Overview) -> str:
    """A line under the chart: the latest session and the average change over all of them."""
    latest = overview.trend[-1]
    count, mean = overview.rated
    return (
        f"Latest {pain_text(latest.before, latest.after)} on {latest.day:%a %d %b} · "
        f"on average {number(mean or 0.0)} over {count} completed, rated "
        f"session{'s' * (count != 1)}"
    )


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def trend_letters(trend: list[stats.PainPoint]) -> dict[str, str]:
    """A letter for each routine in the chart, the most often rated first (``?`` past z)."""
    counts: dict[str, int] = {}
    for p in trend:
        counts[p.routine] = counts.get(p.routine, 0) + 1
    order = sorted(counts, key=lambda name: (-counts[name], name))
    return {name: LETTERS[i] if i < len(LETTERS) else "?" for i, name in enumerate(order)}


def trend_key(overview: Overview, letters: dict[str, str]) -> str:
    """What the chart's letters stand for: "a Lower back at the desk · b …"."""
    return " · ".join(
        f"{letter} {visible(overview.label(name))}" for name, letter in letters.items()
    )


def helps_text(overview: Overview, width: int) -> Text:
    """What helps you: the routines ranked by their mean change, then the points."""
    width = max(30, width)
    text = Text()

    def add(line: str, indent: str = "", style: str = "") -> None:
        for part in textwrap.wrap(line, width, initial_indent=indent, subsequent_indent=indent):
            text.append(part + "\n", style=style)

    for head, figures in helps.routine_entries(overview.routines, overview.labels):
        add(visible(head), style="bold")
        add(figures, "   ")
    if overview.points:
        text.append("\n")
        add("By point: change (95% range), the sessions it rests on, the points")
        for line in helps.point_lines(overview.points, width):
            text.append(line + "\n")
    if overview.uncounted:
        add(helps.uncounted_text(overview.uncounted))
    text.rstrip()
    return text


def helped_text(overview: Overview) -> str:
    """The points marked as helping: how often, and when last."""
    return "\n".join(
        f"★ {h.point:<8} {h.sessions} session{'s' * (h.sessions != 1)}, last on {h.last:%a %d %b}"
        for h in overview.helped
    )


def _row(cells: list[tuple[str, int, str]]) -> Text:
    """One table row: (text, width, '<' or '>') cells two spaces apart, clipped with an ellipsis."""
    line = Text(no_wrap=True, overflow="ellipsis")
    for index, (raw, width, align) in enumerate(cells):
        text = visible(raw)  # a routine name from the history may hold anything
        clipped = text if len(text) <= width else text[: max(0, width - 1)] + "…"
        line.append(("  " if index else "") + f"{clipped:{align}{width}}")
    return line


def recent_table(overview: Overview, width: int) -> Text:
    """The latest sessions, newest first; minutes and steps when there is room."""
    wide = width >= WIDE
    fixed = 16 + 9 + 7 + 6 + (3 + 5 + 4 if wide else 0)
    name = max(8, min(34, width - fixed))
    head = [("when", 16, "<"), ("routine", name, "<"), ("status", 9, "<")]
    if wide:
        head += [("min", 3, ">"), ("steps", 5, ">")]
    head.append(("pain", 7, "<"))
    lines = [_row(head)]
    lines[0].stylize("bold")
    for r in overview.recent:
        minutes = "<1" if 0 < r.active_seconds < 30 else f"{r.active_seconds / 60:.0f}"
        painted = (
            ""
            if r.pain_before is None and r.pain_after is None
            else pain_text(r.pain_before, r.pain_after)
        )
        cells = [
            (f"{r.started_at:%a %d %b %H:%M}", 16, "<"),
            (overview.label(r.routine), name, "<"),
            (r.outcome, 9, "<"),
        ]
        if wide:
            cells += [(minutes, 3, ">"), (f"{r.steps_done}/{r.steps_total}", 5, ">")]
        cells.append((painted, 7, "<"))
        lines.append(_row(cells))
    return Text("\n").join(lines)


class HistoryScreen(Screen[None]):
    """The history, read when the screen opens. Esc goes back; q quits, as everywhere."""

    CSS_PATH = "history.tcss"

    BINDINGS = [
        Binding("escape", "back", "back", id="history.back"),
        Binding("q", "app.quit", "quit", id="history.quit"),
    ]

    def __init__(self, today: date, path: Path | None = None) -> None:
        """``today`` is the reader's local date; ``path`` the database (the usual one)."""
        super().__init__()
        self.today = today
        self.path = path if path is not None else history_path()
        self.overview: Overview | None = None
        self.error: HistoryError | None = None
        self._width = 0

    def compose(self) -> ComposeResult:
        yield Static("Your history", id="history-heading")
        with MoreScroll(id="history-body"):
            yield Static("", id="history-message", markup=False)
            yield Static("", id="calendar-head", classes="history-head", markup=False)
            yield PracticeCalendar(id="calendar")
            yield Static(
                "Pain before and after completed sessions, oldest to newest",
                classes="history-head",
            )
            yield PainChart(id="pain-chart")
            yield Static("", id="trend-note", markup=False)
            yield Static(
                "What helps you: change in pain, after − before (most relief first)",
                id="helps-head",
                classes="history-head",
            )
            yield Static("", id="helps")
            yield Static(
                f"{helps.RESTS_ON}\n\n{helps.NOT_A_TRIAL}", id="helps-caveat", markup=False
            )
            yield Static(RULE, id="history-rule", markup=False)
            yield Static("Recent sessions", classes="history-head")
            yield Static("", id="recent-table")
            yield Static("Points you marked as helping (h in a session)", classes="history-head")
            yield Static("", id="helped-list", markup=False)
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        try:
            self.overview = read_overview(self.path, self.today)
        except HistoryError as error:
            self.error = error
        self._show()

    def on_resize(self, event: Resize) -> None:
        if self.size.width != self._width:
            self._show()

    def _show(self) -> None:
        self._width = self.size.width
        overview = self.overview
        message = self.query_one("#history-message", Static)
        filled = overview is not None and overview.sessions > 0
        for widget in self.query("#history-body > *"):
            widget.display = filled
        message.display = True
        if self.error is not None:
            message.add_class("-error")
            message.update(
                f"Your history cannot be read.\n{self.error}\n\nMove that file aside to start a "
                "new history. Sessions still run meanwhile; they are just not recorded."
            )
            return
        if overview is None or not filled:
            message.update(
                "Nothing recorded yet. Run a routine and it shows up here: your streak, your "
                "minutes this week, and how your pain changes."
            )
            return
        message.update(totals_text(overview))
        width = self._width - 2
        found = overview.calendar
        head = self.query_one("#calendar-head", Static)
        practice = self.query_one(PracticeCalendar)
        if found is not None:
            weeks = f"the last {found.weeks} weeks" if found.weeks > 1 else "this week"
            head.update(f"Practice, {weeks} (from {found.first:%a %d %b})")
            practice.show(found, width)
        head.display = practice.display = found is not None
        chart = self.query_one(PainChart)
        # Letters for the routines of the bars that fit (the key names no routine not drawn).
        drawn = overview.trend[len(overview.trend) - shown(len(overview.trend), width) :]
        letters = trend_letters(drawn)
        chart.points = [(p.before, p.after) for p in drawn]
        chart.marks = [letters[p.routine] for p in drawn]
        chart.total = overview.rated[0]
        note = self.query_one("#trend-note", Static)
        if overview.trend:
            note.update(f"{trend_note(overview)}\n{trend_key(overview, letters)}")
        else:
            chart.display = False
            note.update(
                "No pain ratings yet. Rate your pain before and after a session to see a trend."
            )
        self.query_one("#helps", Static).update(helps_text(overview, width))
        self.query_one("#recent-table", Static).update(recent_table(overview, width))
        helped = self.query_one("#helped-list", Static)
        helped.update(helped_text(overview) or "None yet: press h on a point that helps.")

    def action_back(self) -> None:
        self.dismiss(None)
