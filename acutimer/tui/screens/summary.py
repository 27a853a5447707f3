"""The summary after a session: what was done, how long it took, what was skipped, the points
marked as helping, and (when pain is asked) one key for the pain rating after it.

Enter (or Esc) is done: back to the list, or out when the session was started on its own; q
quits. The list scrolls, and its bottom edge says when there is more below."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from acutimer.history.outcome import ran_to_a_completed_end
from acutimer.routine import stepwords
from acutimer.routine.points import Points
from acutimer.routine.units import fmt_span
from acutimer.routine.words import plural
from acutimer.session.engine import Session
from acutimer.session.events import State
from acutimer.tui.screens.pain import HINT, PainRated, pain_text, rating_bindings
from acutimer.tui.widgets.keybar import KeyBar
from acutimer.tui.widgets.more import MoreScroll

SORENESS_TIP = (
    "Tip: the spots you pressed may feel a little tender for about a day. That is normal; "
    "if it lingers or bothers you, press more lightly next time."
)


def summary_lines(
    session: Session, points: Points, helped: list[str] | None = None
) -> list[tuple[str, str]]:
    """The summary as (text, CSS class) lines, in plain words; ``helped``: the codes of the
    points marked as helping, in the order marked."""
    routine = session.routine

    def name(step: int) -> str:
        point = points.resolve(routine.steps[step].point)
        return f"{step + 1}. {stepwords.point_title(point)}"

    upfront = set(session.skipped_upfront)
    moved_on = [s for s in session.skipped if s not in upfront]
    done = [s for s in session.steps if s in session.completed]
    not_reached = [s for s in session.steps if s not in session.completed and s not in moved_on]
    taken = fmt_span(session.active_seconds())
    if session.speed != 1:
        taken += f" at {session.speed:g}× speed"
    lines = [(f"Time taken: {taken} (pauses not counted)", "summary-time")]
    lines.append((f"Done: {len(done)} of {plural(len(session.steps), 'point')}", "summary-head"))
    lines += [(f"  ✓ {name(s)}", "summary-done") for s in done]
    if moved_on:
        lines.append(("Skipped (you moved on):", "summary-head"))
        lines += [(f"  – {name(s)}", "summary-skipped") for s in moved_on]
    if not_reached and session.state is State.ABANDONED:
        lines.append(("Not reached:", "summary-head"))
        lines += [(f"  · {name(s)}", "summary-skipped") for s in not_reached]
    if upfront:
        lines.append(("Left out (flagged for pregnancy):", "summary-head"))
        lines += [(f"  – {name(s)}", "summary-skipped") for s in sorted(upfront)]
    if not session.steps:
        lines.append(("Every point in this routine is flagged for pregnancy.", "summary-head"))
    if helped:
        lines.append(("You marked as helping (kept in your history):", "summary-head"))
        lines += [
            (f"  ★ {stepwords.point_title(points.resolve(code))}", "summary-helped")
            for code in helped
        ]
    return lines


class SummaryScreen(Screen[bool]):
    """The end of a session. Dismissed with True to close acutimer, False to go back."""

    CSS_PATH = "summary.tcss"

    BINDINGS = [
        Binding("enter", "close(False)", "done", id="summary.done"),
        Binding("escape", "close(False)", "done", show=False, id="summary.back"),
        Binding("q", "close(True)", "quit", id="summary.quit"),
        *rating_bindings("pain now"),
    ]

    def __init__(
        self,
        session: Session,
        points: Points,
        *,
        ask_pain: bool = False,
        pain_before: int | None = None,
        helped: list[str] | None = None,
    ) -> None:
        """``ask_pain``: ask for a rating after the session (posting :class:`PainRated`);
        ``helped``: the codes of the points marked as helping."""
        super().__init__()
        self.session = session
        self.points = points
        self.helped = helped or []
        self.ask_pain = ask_pain
        self.pain_before = pain_before
        self.pain_after: int | None = None

    def compose(self) -> ComposeResult:
        session = self.session
        finished = session.state is State.FINISHED
        steps, done = len(session.routine.steps), len(session.completed)
        if ran_to_a_completed_end(finished, steps, done, len(session.skipped_upfront)):
            heading = "Session complete"
        elif finished:
            planned = steps - len(session.skipped_upfront)
            heading = f"Session ended: {planned - done} of {plural(planned, 'step')} skipped"
        else:
            heading = "Session ended early"
        with Vertical(id="summary"):
            yield Static(heading, id="summary-heading", markup=False)
            yield Static(self.session.routine.title, id="summary-title", markup=False)
            if self.ask_pain:
                yield Static(self._pain_line(), id="summary-pain", markup=False)
            with MoreScroll(id="summary-body"):
                for text, css_class in summary_lines(self.session, self.points, self.helped):
                    yield Static(text, classes=css_class, markup=False)
                yield Static(SORENESS_TIP, id="soreness", markup=False)
        yield KeyBar(id="keys")

    def _pain_line(self) -> str:
        if self.pain_after is None:
            before = "" if self.pain_before is None else f"Before: {self.pain_before}. "
            return f"{before}How is your pain now? {HINT}."
        return f"Pain {pain_text(self.pain_before, self.pain_after)} · another key changes it"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.ask_pain or action != "rate"

    def action_rate(self, rating: int) -> None:
        self.pain_after = rating
        self.query_one("#summary-pain", Static).update(self._pain_line())
        self.post_message(PainRated(rating))

    def action_close(self, quit_app: bool) -> None:
        self.dismiss(quit_app)

    def action_leave(self) -> None:
        """Ctrl+C: quit, as q does (the session is over and recorded)."""
        self.dismiss(True)
