"""The builder's editing model: add, reorder, duplicate, delete, inline errors, totals."""

from __future__ import annotations

import pytest

from acutimer.paths import builtin_refs
from acutimer.routine.authoring import routine_toml
from acutimer.routine.draft import Draft
from acutimer.routine.loading import load_ref, parse_routine
from acutimer.routine.timeline import expand


def test_blank_draft_needs_a_step() -> None:
    draft = Draft.blank("Mine")
    assert draft.routine is None
    assert "steps" in draft.errors()
    assert draft.total() is None


def test_build_from_scratch_with_library_defaults() -> None:
    draft = Draft.blank("Mine")
    draft.add_step("he gu")
    draft.add_step("B-47")
    routine = draft.routine
    assert routine is not None
    assert [s.point for s in routine.steps] == ["LI-4", "BL-52"]
    li4 = routine.steps[0]
    assert (li4.hold, li4.repeats, li4.release, li4.technique.value) == (5, 3, 3, "pinch")
    assert draft.total() == pytest.approx(sum(draft.step_total(i) or 0 for i in range(2)))


def test_reorder_duplicate_delete() -> None:
    draft = Draft.blank()
    for code in ["LI-4", "TE-3", "BL-40"]:
        draft.add_step(code)
    assert draft.move_step(2, -1) == 1
    assert [s["point"] for s in draft.steps] == ["LI-4", "BL-40", "TE-3"]
    assert draft.move_step(0, -5) == 0
    assert draft.duplicate_step(0) == 1
    assert [s["point"] for s in draft.steps] == ["LI-4", "LI-4", "BL-40", "TE-3"]
    draft.delete_step(1)
    assert [s["point"] for s in draft.steps] == ["LI-4", "BL-40", "TE-3"]
    assert draft.routine is not None


def test_a_deleted_step_can_be_put_back() -> None:
    draft = Draft.blank()
    for code in ["LI-4", "TE-3"]:
        draft.add_step(code)
    removed = dict(draft.steps[0])
    draft.delete_step(0)
    assert draft.insert_step(0, removed) == 0
    assert [s["point"] for s in draft.steps] == ["LI-4", "TE-3"]
    assert draft.insert_step(99, removed) == 2
    assert draft.routine is not None


def test_invalid_values_are_reported_by_key_and_total_updates() -> None:
    draft = Draft.blank()
    draft.add_step("LI-4")
    draft.add_step("TE-3")
    before = draft.total()
    draft.set("hold", "0s", step=1)
    assert draft.errors() == {"steps[1].hold": "a hold must last at least 1s (this one: 0s)"}
    assert draft.total() is None
    draft.set("hold", "lots", step=1)
    assert "cannot read" in draft.errors()["steps[1].hold"]
    draft.set("repeats", "x", step=0)
    assert "steps[0].repeats" in draft.errors()
    draft.set("repeats", "2", step=0)
    draft.set("hold", "20s", step=1)
    assert draft.errors() == {}
    after = draft.total()
    assert before is not None and after is not None and after != before


def test_unknown_point_suggests() -> None:
    draft = Draft.blank()
    draft.add_step("LI-4")
    draft.set("point", "LI-44", step=0)
    assert "did you mean 'LI-4'" in draft.errors()["steps[0].point"]


def test_clearing_an_optional_field() -> None:
    draft = Draft.blank()
    draft.add_step("LI-4")
    draft.set("note", "Slowly.", step=0)
    assert draft.routine is not None and draft.routine.steps[0].note == "Slowly."
    draft.set("note", "", step=0)
    assert draft.routine is not None and draft.routine.steps[0].note is None


@pytest.mark.parametrize("ref", builtin_refs(), ids=lambda r: r.name)
def test_builtin_through_the_builder_is_unchanged(ref: object) -> None:
    original = load_ref(ref).routine  # type: ignore[arg-type]
    draft = Draft.from_routine(original)
    routine = draft.routine
    assert routine == original
    saved = parse_routine(routine_toml(routine), "saved.toml")
    assert expand(saved) == expand(original)
