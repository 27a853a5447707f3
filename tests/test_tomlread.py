"""Reading TOML from a stranger: deep nesting refused before parsing, lines for every error."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
import tomli_w
from hostile_support import hang_guard
from hypothesis import given, settings
from hypothesis import strategies as st

from acutimer.tomlread import MAX_DEPTH, TomlProblem, loads, scan


def depth(value: Any) -> int:
    """How deep tomllib's result nests: a table or an array is one level."""
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    return 0


keys = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=5)
documents = st.dictionaries(
    keys,
    st.recursive(
        st.integers() | st.text(max_size=5) | st.floats(allow_nan=False) | st.booleans(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
        max_leaves=30,
    ),
    max_size=5,
)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_the_scan_never_counts_less_than_the_document_nests(document: dict[str, Any]) -> None:
    text = tomli_w.dumps(document)
    nesting = max((depth(value) for value in document.values()), default=0)
    assert scan(text, max_depth=10_000).depth >= nesting
    if depth(document) <= MAX_DEPTH // 2:
        assert loads(text) == tomllib.loads(text)


@pytest.mark.parametrize(
    "text",
    [
        "[" + ".".join(["a"] * 50_000) + "]\n",
        "[[" + ".".join(["a"] * 50_000) + "]]\n",
        "x = " + "[" * 50_000 + "]" * 50_000,
        "x = " + "{a = " * 50_000 + "1" + "}" * 50_000,
        ".".join(["a"] * 50_000) + " = 1\n",
        "x = 1\ny = {a = 1, b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g = 2}\n",
    ],
    ids=["a header", "an array of tables", "arrays", "inline tables", "a dotted key", "mixed"],
)
def test_deep_nesting_is_refused_before_parsing(text: str) -> None:
    with hang_guard(2.0), pytest.raises(TomlProblem, match="nested more than 32 levels"):
        loads(text)


@pytest.mark.parametrize(
    "text",
    [
        'note = "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["\n',
        "note = '{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{'\n",
        'note = """\n[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n"""\n',
        "# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\nx = 1\n",
        "x = [" + ", ".join(["1.5"] * 1000) + "]\n",
        '"a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h" = 1\n',
    ],
    ids=[
        "in a string",
        "in a literal",
        "in a multi-line string",
        "in a comment",
        "floats",
        "quoted",
    ],
)
def test_brackets_and_dots_that_do_not_nest_are_not_counted(text: str) -> None:
    assert loads(text) == tomllib.loads(text)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('a = 1\nb = """never\nclosed\n', 2, "a string that opens on this line is never"),
        ("a = 1\nb = '''never\n", 2, "a string that opens on this line is never"),
        ("a = 1\nb = [1,\n2,\n", 2, "an array that opens on this line is never"),
        ("a = 1\nb = {c = 1\n", 2, "unclosed inline table"),
        ("a = 1\nb", 2, "expected '='"),
        ("a = 1\na = 2", 2, "cannot overwrite"),
        ("a = 1\n\nb = " + "9" * 5000 + "\n", 3, "5,000 digits long"),
        ("a = 1\nb = 1_" + "0_" * 4999 + "0\n", 2, "5,001 digits long"),
    ],
    ids=["basic", "literal", "array", "inline", "key", "duplicate", "digits", "underscores"],
)
def test_every_error_gets_a_line(text: str, line: int, words: str) -> None:
    with pytest.raises(TomlProblem) as caught:
        loads(text)
    assert caught.value.line == line and words in caught.value.message
    assert "end of document" not in caught.value.message
