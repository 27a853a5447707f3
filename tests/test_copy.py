"""No shipped text copies the seed articles: no run of 8 words of any seed appears in it.

Shipped text is every string in the acutimer package's Python files, its data files, the
built-in routines and the README. Words are compared after folding case and dropping
punctuation. The articles' titles are exempt: a step cites its article by title.

The seeds are not part of the repository. ``tests/data/seed_runs.txt`` holds a short hash of each
8-word run in them; where the seeds are at hand (``$ACUTIMER_SEEDS``, or the project's shared
folder), a test checks that the file still matches them. To rebuild it after a seed changes:

    python tests/test_copy.py /path/to/seeds
"""

from __future__ import annotations

import ast
import hashlib
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from acutimer.routine.points import SOURCES

RUN = 8
ROOT = Path(__file__).resolve().parent.parent
RUNS_FILE = Path(__file__).with_name("data") / "seed_runs.txt"
SEEDS = Path(os.environ.get("ACUTIMER_SEEDS", "/work/shared/seeds"))


def words(text: str) -> list[str]:
    """The words of ``text``, folded: lower case, apostrophes dropped, other punctuation a gap."""
    text = text.lower().replace("’", "").replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


def runs(word_list: list[str]) -> Iterator[tuple[int, str]]:
    """Every run of 8 words, with where it starts."""
    for start in range(len(word_list) - RUN + 1):
        yield start, " ".join(word_list[start : start + RUN])


def digest(run: str) -> str:
    return hashlib.blake2b(run.encode(), digest_size=6).hexdigest()


TITLES = [words(title) for title in SOURCES.values()]


def without_titles(word_list: list[str]) -> list[list[str]]:
    """The words split into pieces around every article title (a citation, not a copy)."""
    pieces: list[list[str]] = [[]]
    index = 0
    while index < len(word_list):
        title = next((t for t in TITLES if word_list[index : index + len(t)] == t), None)
        if title is not None:
            pieces.append([])
            index += len(title)
            continue
        pieces[-1].append(word_list[index])
        index += 1
    return pieces


def shipped_texts() -> Iterator[tuple[str, str]]:
    """(where, text) for every piece of shipped text."""
    for path in sorted((ROOT / "acutimer").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node.value
    data = sorted((ROOT / "acutimer").rglob("*.toml")) + sorted((ROOT / "routines").glob("*.toml"))
    for path in [*data, ROOT / "README.md"]:
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def copied_runs(texts: Iterator[tuple[str, str]], seed_runs: set[str]) -> list[str]:
    """Each run of shipped text found in the seeds, as "where: the words"."""
    found = []
    for where, text in texts:
        for piece in without_titles(words(text)):
            for _, run in runs(piece):
                if digest(run) in seed_runs:
                    found.append(f"{where}: {run}")
    return found


def seed_runs_from(folder: Path) -> set[str]:
    return {
        digest(run)
        for path in sorted(folder.glob("*.txt"))
        for _, run in runs(words(path.read_text(encoding="utf-8")))
    }


@pytest.fixture(scope="module")
def seed_runs() -> set[str]:
    return set(RUNS_FILE.read_text(encoding="ascii").split())


def test_no_shipped_text_copies_a_seed(seed_runs: set[str]) -> None:
    assert copied_runs(shipped_texts(), seed_runs) == []


def test_the_check_finds_a_copied_sentence(seed_runs: set[str]) -> None:
    # Article 004's safety advice, as it once stood in the safety notice, folded differently.
    copied = "If you are PREGNANT -- or if you have high blood pressure, you may need to avoid it."
    found = copied_runs(iter([("example", copied)]), seed_runs)
    assert found[0] == "example: if you are pregnant or if you have"


def test_a_title_is_a_citation_not_a_copy(seed_runs: set[str]) -> None:
    cited = f'source = "{SOURCES["B"]}"\nsource = "{SOURCES["C"]}"'
    assert copied_runs(iter([("example", cited)]), seed_runs) == []


def test_ours_are_not_found(seed_runs: set[str]) -> None:
    ours = "Firm is fine; pain is not. If a press hurts, ease off: you are pressing too hard."
    assert copied_runs(iter([("example", ours)]), seed_runs) == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not on this machine")
def test_the_runs_file_matches_the_seeds(seed_runs: set[str]) -> None:
    assert seed_runs == seed_runs_from(SEEDS), "rebuild it: python tests/test_copy.py SEEDS"


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else SEEDS
    RUNS_FILE.parent.mkdir(exist_ok=True)
    RUNS_FILE.write_text("".join(f"{h}\n" for h in sorted(seed_runs_from(folder))), "ascii")
    print(f"wrote {RUNS_FILE}")
