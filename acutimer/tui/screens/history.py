"""The history screen: streak, minutes this week, pain over time, each routine, recent sessions.

Everything is read once when the screen opens (:func:`read_overview`) and laid out again when
the width changes. A history that does not exist yet is not created; one that cannot be read
is explained on the screen. Routines are shown by title, as the picker shows them, with the name
where it is needed, and as plain text, never as markup. Statuses use the words ``acutimer
history`` uses (completed, partial, abandoned, running); only completed sessions count toward
the streak, the pain change and the chart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Static

from acutimer.history import stats
from acutimer.history.labels import routine_labels
from acutimer.history.outcome import RULE
from acutimer.history.records import SessionRecord
from acutimer.history.store import HistoryError, HistoryStore, history_path
from acutimer.tui.screens.pain import pain_text
from acutimer.tui.widgets.keybar import KeyBar
from acutimer.tui.widgets.more import MoreScroll
from acutimer.tui.widgets.pain_chart import PainChart

RECENT = 10
"""Sessions listed under "Recent"."""
WIDE = 70
"""From this width on, the recent sessions show minutes and steps too."""


@dataclass(frozen=True)
class Overview:
    """What the history screen shows, read in one go."""

    sessions: int
    streak: int
    minutes_this_week: float
    trend: list[stats.PainPoint]
    routines: list[stats.RoutineSummary]
    recent: list[SessionRecord]
    """Newest first."""
    helped: list[stats.HelpedPoint] = field(default_factory=list)
    """The points marked as helping, most often marked first."""
    labels: dict[str, str] = field(default_factory=dict)
    """How to show each routine name: its title, with the name where needed."""

    def label(self, name: str) -> str:
        """The routine ``name`` as the history shows it."""
        return self.labels.get(name, name)


def read_overview(path: Path, today: date) -> Overview | None:
    """The overview of the history at ``path``; None if there is none yet.

    Raises:
        HistoryError: the file cannot be used (its message says why, naming it).
    """
    if not path.exists():
        return None
    from acutimer.routine.loading import routine_titles

    store = HistoryStore.open(path)
    try:
        routines = stats.routine_summaries(store)
        recent = list(reversed(store.sessions(limit=RECENT)))
        overview = Overview(
            sessions=stats.session_count(store),
            streak=stats.streak(stats.completed_days(store, today), today),
            minutes_this_week=stats.minutes_this_week(store, today),
            trend=stats.pain_trend(store),
            routines=routines,
            recent=recent,
            helped=stats.helped_points(store),
        )
    finally:
        store.close()
    stored = {s.routine: s.title for s in routines}
    overview.labels.update(routine_labels([*stored], routine_titles(), stored))
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


def trend_note(trend: list[stats.PainPoint]) -> str:
    """A line under the chart: the latest session and the average change."""
    latest = trend[-1]
    mean = sum(p.change for p in trend) / len(trend)
    return (
        f"Latest {pain_text(latest.before, latest.after)} on {latest.day:%a %d %b} · "
        f"on average {mean:+.1f} over {len(trend)} completed, rated "
        f"session{'s' * (len(trend) != 1)}"
    )


def helped_text(overview: Overview) -> str:
    """The points marked as helping: how often, and when last."""
    return "\n".join(
        f"★ {h.point:<8} {h.sessions} session{'s' * (h.sessions != 1)}, last on {h.last:%a %d %b}"
        for h in overview.helped
    )


def _row(cells: list[tuple[str, int, str]]) -> Text:
    """One table row: (text, width, '<' or '>') cells two spaces apart, clipped with an ellipsis."""
    line = Text(no_wrap=True, overflow="ellipsis")
    for index, (text, width, align) in enumerate(cells):
        clipped = text if len(text) <= width else text[: max(0, width - 1)] + "…"
        line.append(("  " if index else "") + f"{clipped:{align}{width}}")
    return line


def routines_table(overview: Overview, width: int) -> Text:
    """Sessions, completed and average pain change per routine."""
    name = max(8, min(34, width - 45))
    columns = [(name, "<"), (8, ">"), (9, ">"), (20, "<")]

    def row(*texts: str) -> Text:
        return _row([(t, w, a) for t, (w, a) in zip(texts, columns, strict=True)])

    lines = [row("routine", "sessions", "completed", "pain change")]
    lines[0].stylize("bold")
    for s in overview.routines:
        change = (
            f"{s.average_change:+.1f} ({s.rated} rated)"
            if s.average_change is not None
            else "not rated"
        )
        lines.append(row(overview.label(s.routine), str(s.sessions), str(s.completed), change))
    return Text("\n").join(lines)


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
            yield Static(
                "Pain before and after completed sessions, oldest to newest",
                classes="history-head",
            )
            yield PainChart(id="pain-chart")
            yield Static("", id="trend-note", markup=False)
            yield Static("By routine", classes="history-head")
            yield Static("", id="routines-table")
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
        chart = self.query_one(PainChart)
        chart.points = [(p.before, p.after) for p in overview.trend]
        note = self.query_one("#trend-note", Static)
        if overview.trend:
            note.update(trend_note(overview.trend))
        else:
            chart.display = False
            note.update(
                "No pain ratings yet. Rate your pain before and after a session to see a trend."
            )
        self.query_one("#routines-table", Static).update(routines_table(overview, width))
        self.query_one("#recent-table", Static).update(recent_table(overview, width))
        helped = self.query_one("#helped-list", Static)
        helped.update(helped_text(overview) or "None yet: press h on a point that helps.")

    def action_back(self) -> None:
        self.dismiss(None)
