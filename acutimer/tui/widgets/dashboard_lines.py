"""The dashboard's state, and how each of its lines is drawn from it.

:class:`DashboardLines` holds what the session screen's dashboard shows (the title, the bar,
the countdown, the breath) and draws each line of it;
:class:`~acutimer.tui.widgets.dashboard.Dashboard` changes that state and repaints only the
lines that changed.
"""

from __future__ import annotations

from collections.abc import Hashable

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from acutimer.routine.units import fmt_clock
from acutimer.tui.widgets.drawn import fit, narrow_line
from acutimer.tui.widgets.guide import band, digit_rows


class DashboardLines(Widget):
    """What the dashboard shows, and its lines drawn from that (see
    :class:`~acutimer.tui.widgets.dashboard.Dashboard`)."""

    COMPONENT_CLASSES = {
        "dashboard--title",
        "dashboard--muted",
        "dashboard--done-time",
        "dashboard--time",
        "dashboard--track",
        "dashboard--breath-in",
        "dashboard--breath-out",
    }
    TALL = 7
    """Lines it needs for the big digits; with fewer it draws its four-line form."""
    TITLE, BAR = 0, 1
    """The first two lines, in either form."""
    CLOCK = 3
    """The big digits' first line (in the seven-line form)."""
    GAP = 4
    """Cells between the countdown and the guide."""
    BAND_MAX = 32
    """The guide's widest, in cells: twice the countdown's width, and narrow enough that a
    4-second breath in moves smoothly once a second
    (:func:`~acutimer.tui.widgets.guide.guide_step`)."""
    PAUSED_CUE = "paused · space resumes"

    def __init__(
        self, title: str, status: str = "", *, id: str | None = None, reduced_motion: bool = False
    ) -> None:
        super().__init__(id=id)
        self.reduced_motion = reduced_motion
        """The breath in words that change ("breathe in · 3") instead of the moving band."""
        self.words = ""
        """With reduced motion: the part of the breath and its seconds left."""
        self.title = title
        """The routine's title, shown as written."""
        self.status = status
        """Why the session is not recorded, or empty."""
        self.step_text = ""
        """E.g. ``"step 2 of 7"``."""
        self.elapsed = 0
        self.total = 0
        self.seconds = 0
        """The whole seconds the countdown shows."""
        self.value = fmt_clock(0)
        """The countdown's text, e.g. ``"02:10"``."""
        self.label = ""
        """What the countdown counts, e.g. ``"press · time left"``."""
        self.aside = ""
        """A word beside the countdown where there is no guide, e.g. ``"breathe naturally"``."""
        self.breaths = 0
        """The breaths of this press, counted on screen ("breath 2 of 3"); 0 counts none."""
        self.breath_number = 0
        self.paused = False
        self.breathing = False
        """Whether the guide shows (not between presses)."""
        self.level = 0
        """Half-cells each side of the guide's middle that are filled."""
        self.cue = ""
        self.out = False
        """Breathing out (or holding out): the guide's other colour."""
        self._fullness = 0.0
        self._width = 0
        self._tall = False
        """Seven lines or more (kept from the last resize: ``size`` costs a walk to the screen)."""
        self._lines: dict[int, tuple[Hashable, Strip]] = {}
        self._styles: dict[str, Style] = {}

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()
        self._styles.clear()

    def _style(self, component: str = "") -> Style:
        """The widget's style, or one of its component styles; kept until the CSS changes."""
        style = self._styles.get(component)
        if style is None:
            visual = self.get_visual_style(component) if component else self.visual_style
            style = self._styles[component] = visual.rich_style
        return style

    @property
    def tall(self) -> bool:
        """Whether there is room for the big digits (else the four-line form)."""
        return self._tall

    def _digits_width(self) -> int:
        if self.tall:
            return len(digit_rows(self.value)[0])
        return len(self._short_clock())

    def _short_clock(self) -> str:
        """The four-line form's countdown: ``"00:35 press · time left"``, or with the breath
        counted, ``"00:35 breath 1 of 3"``."""
        return f"{self.value} {self._breath_text() or self.label}"

    def band_width(self, width: int) -> int:
        """The guide's width when the widget is ``width`` cells wide."""
        room = width - self._digits_width() - self.GAP
        return max(0, min(self.BAND_MAX, room))

    def _half_cells(self, width: int) -> int:
        """Half-cells on each side of the guide's middle."""
        return max(2, self.band_width(width) // 2 * 2)

    def _breath_text(self) -> str:
        if not (self.breathing and self.breaths and self.breath_number):
            return ""
        return f"breath {min(self.breath_number, self.breaths)} of {self.breaths}"

    def _cue_text(self) -> str:
        if self.paused:
            return self.PAUSED_CUE
        if self.breathing:
            return self.cue
        return "" if self.tall else self.aside

    # --- drawing ----------------------------------------------------------------------------

    def _title_line(self, width: int) -> list[Strip]:
        style = self._style()
        right = self.step_text
        with_status = f"{self.status}  {right}"
        # The status goes first when room is short, but not before the title has 16 cells.
        if self.status and width - len(with_status) - 1 >= min(len(self.title), 16):
            right = with_status
        right = fit(right, width)
        title = fit(self.title, max(0, width - len(right) - 1))
        segments = [
            Segment(title, self._style("dashboard--title")),
            Segment(" " * (width - len(title) - len(right)), style),
            Segment(right, self._style("dashboard--muted")),
        ]
        return [Strip(segments).crop_extend(0, width, style)]

    def _bar_line(self, width: int) -> list[Strip]:
        left = f"{fmt_clock(self.elapsed)} done"
        right = f"{fmt_clock(max(0, self.total - self.elapsed))} left"
        room = max(0, width - len(left) - len(right) - 2)
        eighths = round(room * 8 * self.elapsed / self.total) if self.total > 0 else 0
        full, part = divmod(min(eighths, room * 8), 8)
        done = "━" * full + ("╸" if part >= 4 else "")
        style = self._style()
        parts = [
            (left, self._style("dashboard--done-time")),
            (f" {done}", style),
            ("─" * (room - len(done)), self._style("dashboard--track")),
            (" ", style),
            (right, self._style("dashboard--time")),
        ]
        return [narrow_line(parts, style, width)]

    def _label_line(self, width: int) -> list[Strip]:
        """What the countdown counts; over the guide's right end, which breath this is."""
        style = self._style()
        breath = self._breath_text()
        end = self._digits_width() + self.GAP + self.band_width(width)
        label = fit(self.label, max(0, width - len(breath) - 2 if breath else width))
        pad = max(1, min(end, width) - len(label) - len(breath))
        parts = [(label, self._style("dashboard--muted")), (" " * pad, style)]
        parts.append((breath, self._style("dashboard--breath-in")))
        return [narrow_line(parts, style, width)]

    def _clock_lines(self, width: int) -> list[Strip]:
        style = self._style()
        if self.tall:
            rows: tuple[str, ...] = digit_rows(self.value)
        else:
            rows = (self._short_clock(),)
        band_width = self.band_width(width)
        left = max(len(row) for row in rows) + self.GAP
        if not self.breathing or band_width < 2:
            aside = [""] * len(rows)
            if self.tall and not self.breathing:
                aside[1] = self.aside
            return [
                Strip(
                    [Segment(row.ljust(left) if extra else row, style), Segment(extra, style)]
                ).crop_extend(0, width, style)
                for row, extra in zip(rows, aside, strict=True)
            ]
        side = band_width // 2
        out = "dashboard--breath-out" if self.out else "dashboard--breath-in"
        breath_style = self._style(out)
        if self.reduced_motion:
            beside = [""] * len(rows)
            beside[len(rows) // 2] = self.words.center(side * 2)
        else:
            beside = [band(self.level, side)] * len(rows)
        return [
            narrow_line([(row.ljust(left), style), (text, breath_style)], style, width)
            for row, text in zip(rows, beside, strict=True)
        ]

    def _cue_line(self, width: int) -> list[Strip]:
        style = self._style()
        cue = self._cue_text()
        out = "dashboard--breath-out" if self.out and self.breathing else "dashboard--breath-in"
        left = self._digits_width() + self.GAP
        side = self.band_width(width) // 2
        if self.breathing and self.tall and len(cue) <= side * 2 and side >= 1:
            cue = " " * left + cue.center(side * 2)
        elif self.tall and left + len(cue) <= width:
            cue = " " * left + cue
        line = Strip([Segment(fit(cue, width), self._style(out))])
        return [line.crop_extend(0, width, style)]
