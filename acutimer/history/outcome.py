"""When a session counts as completed: the rule, in Python and in SQL, side by side.

A session is **completed** when at least two thirds of the steps it set out to do were done, not
skipped. Steps the user's settings left out before it began (points to avoid in pregnancy) are
not among the steps it set out to do. A session that did some steps, but fewer, is **partial**;
one that did none, whether it was quit at once or every step was skipped, is **abandoned**. A
session still being recorded is **running**.

Only completed sessions count toward the streak and toward the pain change per routine. How a
session ended (it ran to the end, or was quit) does not decide it: five steps of seven done,
then q, is completed; seven steps skipped to the end is abandoned.

The database keeps what happened (``status``: ran to the end or not, and the step counts); the
outcome is derived from it on every read, so a history written before this rule reads by it
too, and no row is rewritten. :data:`OUTCOME_SQL` and :func:`outcome` say the same; a test holds
them to it.
"""

from __future__ import annotations

COMPLETED = "completed"
PARTIAL = "partial"
ABANDONED = "abandoned"
RUNNING = "running"
OUTCOMES = (COMPLETED, PARTIAL, ABANDONED, RUNNING)
"""The words for a session's outcome, the same in the app, ``acutimer history`` and exports."""

RULE = (
    "A session counts as completed when at least two thirds of its steps were done, not "
    "skipped; only completed sessions count toward the streak and the pain change."
)
"""The rule in words, for the history's readers (the README says the same)."""

SHARE = (2, 3)
"""The share of its steps a session must do to count as completed: two thirds."""

_PLANNED = "(steps_total - steps_left_out)"
COMPLETED_SQL = (
    f"(status != 'running' AND {_PLANNED} > 0 "
    f"AND steps_done * {SHARE[1]} >= {_PLANNED} * {SHARE[0]})"
)
"""A SQL condition on a ``sessions`` row: true when the session counts as completed."""
OUTCOME_SQL = (
    f"(CASE WHEN status = 'running' THEN '{RUNNING}' WHEN {COMPLETED_SQL} THEN '{COMPLETED}' "
    f"WHEN steps_done > 0 THEN '{PARTIAL}' ELSE '{ABANDONED}' END)"
)
"""A SQL expression giving a ``sessions`` row's outcome word."""


def outcome(status: str, steps_total: int, steps_done: int, steps_left_out: int = 0) -> str:
    """The outcome word of a session (see the module's docstring for the rule).

    Args:
        status: as stored: ``running``, ``completed`` (it ran to the end) or ``abandoned``.
        steps_total: the routine's steps.
        steps_done: steps done, not skipped.
        steps_left_out: steps the user's settings left out before it began.
    """
    if status == RUNNING:
        return RUNNING
    planned = steps_total - steps_left_out
    if planned > 0 and steps_done * SHARE[1] >= planned * SHARE[0]:
        return COMPLETED
    return PARTIAL if steps_done > 0 else ABANDONED


def ran_to_a_completed_end(state_finished: bool, steps: int, done: int, left_out: int) -> bool:
    """True when a session that ran to its end also counts as completed by the rule: a session
    whose steps were mostly skipped reached the end, yet is not "complete"."""
    return state_finished and outcome(COMPLETED, steps, done, left_out) == COMPLETED
