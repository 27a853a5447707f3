"""What helps you: the mean change in pain per routine and per point, with a 95% t interval.

The change of a session is its pain after minus its pain before (0 to 10 each; below zero is
less pain). It counts only for completed sessions (the rule of :mod:`acutimer.history.outcome`)
rated both before and after. Below :data:`MIN_SESSIONS` such sessions there is no number at all:
"too few sessions to tell".

**Why a t interval, not a bootstrap.** Most routines rest on a handful of sessions, and that is
where a percentile bootstrap is at its worst: from 3 ratings it can only reshuffle those 3, so
its interval comes out too narrow (it claims more certainty than 3 sessions hold). The t
interval widens as the sessions get fewer, as it should; it needs no random numbers, so the same
history always gives the same figures; and it needs only three sums (n, Σx, Σx²), which SQLite
adds up over 100,000 sessions without handing a row to Python. Its one assumption, that the
mean of the changes is roughly normal, holds well for changes bounded in -10..10 once there are
more than a few sessions; with very few, the wide interval is the honest answer. When every
change was the same the interval has no width: :attr:`Effect.same` says so.

**Points.** The history does not record which points a session pressed, only its routine, so a
point's sessions are those of the routines that hold it, as the routine files are now. Every
point of a session shares that session's change: points pressed together cannot be told apart.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MIN_SESSIONS = 3
"""Fewer completed, rated sessions than this: "too few sessions to tell", and no number."""
CONFIDENCE = 0.95
METHOD = "t"
"""The interval's method: Student's t, two-sided, 95% (see the module's docstring for why)."""

TOO_FEW = "too few sessions to tell"
LOWER = "lower after"
HIGHER = "higher after"
UNCLEAR = "no clear change"

_T975 = (
    12.7062, 4.30265, 3.18245, 2.77645, 2.57058, 2.44691, 2.36462, 2.30600, 2.26216, 2.22814,
    2.20099, 2.17881, 2.16037, 2.14479, 2.13145, 2.11991, 2.10982, 2.10092, 2.09302, 2.08596,
    2.07961, 2.07387, 2.06866, 2.06390, 2.05954, 2.05553, 2.05183, 2.04841, 2.04523, 2.04227,
)  # fmt: skip
"""The 97.5th percentile of Student's t for 1 to 30 degrees of freedom (standard tables)."""
_Z975 = 1.959963984540054


def t_quantile(df: int) -> float:
    """The 97.5th percentile of Student's t with ``df`` degrees of freedom (``df`` >= 1).

    From the table up to 30; beyond, the Cornish-Fisher expansion about the normal, which is
    within 1e-5 of the exact value there (a test holds it to published values).
    """
    if df < 1:
        raise ValueError(f"degrees of freedom must be 1 or more, not {df}")
    if df <= len(_T975):
        return _T975[df - 1]
    z = _Z975
    return (
        z
        + (z**3 + z) / (4 * df)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3)
    )


@dataclass(frozen=True)
class Sums:
    """The three sums a mean and its interval need, over whole-number changes (exact)."""

    n: int = 0
    total: int = 0
    squares: int = 0

    def __add__(self, other: Sums) -> Sums:
        return Sums(self.n + other.n, self.total + other.total, self.squares + other.squares)

    @classmethod
    def of(cls, changes: Iterable[int]) -> Sums:
        """The sums of some changes (tests and small lists; the store sums in SQL)."""
        values = list(changes)
        return cls(len(values), sum(values), sum(v * v for v in values))


@dataclass(frozen=True)
class Effect:
    """The mean change in pain over some sessions, and its 95% interval, if there are enough."""

    n: int
    """The completed sessions rated before and after that it rests on."""
    mean: float | None
    """Mean of after - before; None below :data:`MIN_SESSIONS`."""
    low: float | None
    high: float | None
    """The 95% t interval for the mean; None below :data:`MIN_SESSIONS`."""

    @property
    def enough(self) -> bool:
        """Whether there are sessions enough to give a number."""
        return self.mean is not None

    @property
    def same(self) -> bool:
        """Every change was the same, so the interval has no width (that is not certainty)."""
        return self.enough and self.low == self.high

    @property
    def reading(self) -> str:
        """The interval in words: lower after, higher after, no clear change, or too few."""
        if self.low is None or self.high is None:
            return TOO_FEW
        if self.high < 0:
            return LOWER
        if self.low > 0:
            return HIGHER
        return UNCLEAR


def effect(sums: Sums) -> Effect:
    """The mean and its 95% t interval from the sums of the changes."""
    n = sums.n
    if n < MIN_SESSIONS:
        return Effect(n, None, None, None)
    mean = sums.total / n
    # n Σx² - (Σx)² is an exact integer: no cancellation error for a near-zero spread.
    spread = max(0, n * sums.squares - sums.total * sums.total)
    half = t_quantile(n - 1) * math.sqrt(spread / (n * (n - 1))) / math.sqrt(n)
    return Effect(n, mean, mean - half, mean + half)


def ranked(effects: Mapping[str, Effect]) -> list[str]:
    """Names ordered for "what helps you": those with a number first, most relief first (ties:
    more sessions first, then by name); then the rest, most rated sessions first."""

    def key(name: str) -> tuple[int, float, int, str]:
        found = effects[name]
        mean = found.mean if found.mean is not None else 0.0
        return (0 if found.enough else 1, mean, -found.n, name)

    return sorted(effects, key=key)


def number(value: float) -> str:
    """A change as shown: one decimal, with its sign (a true minus sign)."""
    text = f"{value:+.1f}"
    if text in ("+0.0", "-0.0"):
        return "0.0"
    return text.replace("-", "−")


def interval_text(found: Effect) -> str:
    """ "−2.0 (95% range −4.5 to +0.5)", or the words for too few."""
    if found.mean is None or found.low is None or found.high is None:
        return TOO_FEW
    if found.same:
        return f"{number(found.mean)} (every one the same)"
    return f"{number(found.mean)} (95% range {number(found.low)} to {number(found.high)})"
