"""What helps you: the mean change per routine and point, its 95% t interval, and "too few".

Every expected figure here is worked out by hand (shown beside it), not by the code under test.
"""

from __future__ import annotations

import math
import statistics
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from history_support import record
from hypothesis import given
from hypothesis import strategies as st

from acutimer.history import helps, stats
from acutimer.history.effect import (
    HIGHER,
    LOWER,
    TOO_FEW,
    UNCLEAR,
    Sums,
    effect,
    interval_text,
    ranked,
    t_quantile,
)
from acutimer.history.store import HistoryStore, history_path

ZONE = timezone(timedelta(hours=1))
DAY = datetime(2026, 11, 2, 9, tzinfo=ZONE)


def test_three_changes_give_the_mean_and_the_t_interval_worked_by_hand() -> None:
    # -3, -1, -2: mean -2; sample sd 1; standard error 1/sqrt(3) = 0.57735;
    # t(0.975, 2 df) = 4.30265; half-width 2.48414: -4.484 to +0.484.
    found = effect(Sums.of([-3, -1, -2]))
    assert found.n == 3 and found.mean == -2
    assert found.low == pytest.approx(-4.48414, abs=1e-4)
    assert found.high == pytest.approx(0.48414, abs=1e-4)
    assert found.reading == UNCLEAR  # the range holds 0: no clear change
    assert interval_text(found) == "−2.0 (95% range −4.5 to +0.5)"


def test_a_clear_drop_and_a_clear_rise() -> None:
    # -4, -3, -3, -2: mean -3, sd sqrt(2/3) = 0.81650, se 0.40825, t(3) = 3.18245: ±1.29924.
    drop = effect(Sums.of([-4, -3, -3, -2]))
    assert (drop.low, drop.high) == pytest.approx((-4.29924, -1.70076), abs=1e-4)
    assert drop.reading == LOWER
    rise = effect(Sums.of([1, 2, 3]))  # mean 2, sd 1, ±2.48414: -0.48 to 4.48, not clear
    assert rise.reading == UNCLEAR
    assert effect(Sums.of([2, 2, 3, 3, 2, 3])).reading == HIGHER


def test_under_three_sessions_there_is_no_number() -> None:
    for changes in ([], [-5], [-5, -4]):
        found = effect(Sums.of(changes))
        assert (found.mean, found.low, found.high) == (None, None, None)
        assert found.n == len(changes)
        assert found.reading == TOO_FEW
        assert interval_text(found) == "too few sessions to tell"
    assert effect(Sums.of([-5, -4, -4])).enough


def test_every_change_the_same_is_said_so_not_shown_as_certainty() -> None:
    found = effect(Sums.of([-2, -2, -2]))
    assert (found.low, found.high) == (-2, -2) and found.same
    assert interval_text(found) == "−2.0 (every one the same)"


@pytest.mark.parametrize(
    ("df", "value"),
    # Published 97.5th percentiles of Student's t.
    [(1, 12.7062), (2, 4.30265), (10, 2.22814), (30, 2.04227), (40, 2.02108), (60, 2.00030),
     (120, 1.97993), (1000, 1.96234)],
)  # fmt: skip
def test_t_quantile_matches_the_tables(df: int, value: float) -> None:
    assert t_quantile(df) == pytest.approx(value, abs=2e-5)


def test_large_samples_use_exact_integer_sums() -> None:
    # 100,000 changes of -1 and one of -3: no cancellation in n*sum(x^2) - sum(x)^2.
    sums = Sums(100_001, -100_002, 100_008)
    found = effect(sums)
    assert found.mean == pytest.approx(-1.00001, abs=1e-6)
    assert found.low is not None and found.high is not None
    assert found.low < found.mean < found.high
    spread = math.sqrt((100_001 * 100_008 - 100_002**2) / (100_001 * 100_000))
    assert found.high - found.mean == pytest.approx(1.95997 * spread / math.sqrt(100_001), rel=1e-3)


def test_ranked_puts_numbers_first_most_relief_first() -> None:
    effects = {
        "a": effect(Sums.of([-1, -1, -2])),
        "b": effect(Sums.of([-3, -2, -3])),
        "c": effect(Sums.of([-9])),  # too few: last, whatever its change
        "d": effect(Sums.of([])),
    }
    assert ranked(effects) == ["b", "a", "c", "d"]


def _store(home: Path, records: list) -> HistoryStore:  # type: ignore[type-arg]
    store = HistoryStore.open(history_path(home))
    store.add(records)
    return store


def test_summaries_from_the_history_count_only_completed_rated_sessions(tmp_path: Path) -> None:
    at = [DAY + timedelta(hours=i) for i in range(8)]
    store = _store(
        tmp_path,
        [
            record(at[0], before=6, after=3),  # -3
            record(at[1], before=5, after=4),  # -1
            record(at[2], before=7, after=5),  # -2
            record(at[3], before=7, after=None),  # not rated after: left out
            record(at[4], before=7, after=0, status="abandoned"),  # not completed: left out
            record(at[5], routine="upper-back", before=4, after=2),  # -2
            record(at[6], routine="upper-back", before=4, after=4),  # 0
        ],
    )
    try:
        summaries = {s.routine: s for s in stats.routine_summaries(store)}
        desk = summaries["lower-back-desk"]
        assert (desk.sessions, desk.completed, desk.changes) == (5, 4, Sums(3, -6, 14))
        assert desk.effect.mean == -2
        upper = summaries["upper-back"].effect
        assert (upper.n, upper.mean) == (2, None)
        # Points: LI-4 in both routines adds their sums: -3 -1 -2 -2 0 = -8 over 5.
        points = {"lower-back-desk": ["BL-23", "LI-4"], "upper-back": ["LI-4", "GB-21"]}
        found = {p.point: p for p in helps.point_summaries(store, [*summaries.values()], points)}
        assert found["LI-4"].changes == Sums(5, -8, 18)
        assert set(found["LI-4"].routines) == {"lower-back-desk", "upper-back"}
        assert found["LI-4"].effect.mean == pytest.approx(-1.6)
        assert found["GB-21"].effect.reading == TOO_FEW
        lines = helps.point_lines([*found.values()])
        assert lines[-1] == "Too few sessions to tell: GB-21"
        assert any("BL-23" in line and "−2.0" in line for line in lines)
    finally:
        store.close()


def test_point_marks_count_completed_sessions_of_routines_that_hold_the_point(
    tmp_path: Path,
) -> None:
    marked = [
        record(DAY + timedelta(hours=i), before=6, after=4) for i in range(3)
    ]  # fmt: skip
    marked = [
        *(r.__class__(**{**r.__dict__, "helped": ("LI-4",)}) for r in marked[:2]),
        marked[2],
    ]
    store = _store(tmp_path, marked)
    try:
        summaries = stats.routine_summaries(store)
        [point] = helps.point_summaries(store, summaries, {"lower-back-desk": ["LI-4"]})
        assert (point.completed, point.marked) == (3, 2)
        assert helps.point_lines([point])[0].endswith("LI-4 (marked helping in 2)")
    finally:
        store.close()


@given(st.lists(st.integers(-10, 10), min_size=3, max_size=200))
def test_the_figures_match_the_textbook_formulas_for_any_changes(changes: list[int]) -> None:
    found = effect(Sums.of(changes))
    assert found.mean == pytest.approx(statistics.fmean(changes))
    assert found.low is not None and found.high is not None and found.mean is not None
    half = t_quantile(len(changes) - 1) * statistics.stdev(changes) / math.sqrt(len(changes))
    assert found.high - found.mean == pytest.approx(half, abs=1e-9)
    assert found.mean - found.low == pytest.approx(half, abs=1e-9)
    assert min(changes) - 1e-9 <= found.mean <= max(changes) + 1e-9


@given(st.lists(st.integers(-10, 10), max_size=2))
def test_too_few_never_shows_a_number(changes: list[int]) -> None:
    found = effect(Sums.of(changes))
    assert interval_text(found) == TOO_FEW and not found.enough
