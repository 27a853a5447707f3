"""Where the builder shows a draft's errors (no screen needed)."""

from __future__ import annotations

from acutimer.tui.builder.marks import place_errors

ERRORS = {
    "title": "is required but missing",
    "pace.exhale": "a breath in or out should last between 1 and 30 seconds",
    "colour": "unknown key 'colour'",
    "steps": "the routine lasts 3h10m; a session may last at most 3h",
    "steps[0].hold": "a hold must last at least 1s",
    "steps[0].pace.inhale": "too short",
    "steps[0].hodl": "unknown key 'hodl' (did you mean 'hold'?)",
    "steps[1]": "this step lasts 31m",
    "steps[12].repeats": "must be a whole number",
}


def test_errors_of_the_selected_step_go_under_its_fields() -> None:
    marks = place_errors(ERRORS, 0)
    assert marks.routine == {
        "title": "is required but missing",
        "pace.exhale": "a breath in or out should last between 1 and 30 seconds",
    }
    assert marks.fields == {"hold": "a hold must last at least 1s", "pace.inhale": "too short"}
    assert marks.step == ["hodl: unknown key 'hodl' (did you mean 'hold'?)"]
    assert marks.general == [
        "colour: unknown key 'colour'",
        "steps: the routine lasts 3h10m; a session may last at most 3h",
    ]
    assert marks.bad_steps == {0, 1, 12}


def test_an_error_of_a_whole_step_is_said_on_that_step_only() -> None:
    assert place_errors(ERRORS, 1).step == ["this step: this step lasts 31m"]
    assert place_errors(ERRORS, 12).fields["repeats"] == "must be a whole number"
    assert place_errors(ERRORS, 1).fields == {}  # step 12 is not steps[1]'s


def test_with_no_step_selected_only_the_routine_s_fields_are_marked() -> None:
    marks = place_errors(ERRORS, None)
    assert marks.routine.keys() == {"title", "pace.exhale"}
    assert marks.fields == {}
    assert marks.step == []
    assert marks.bad_steps == {0, 1, 12}
