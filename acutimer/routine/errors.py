"""The one error type for "your file is wrong", and how it reads."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

EXIT_OK = 0
EXIT_PROBLEM = 1
"""Something did not happen that the command was for: the first safety notice closed unread,
``acutimer remind`` that could not install its service. (A query that finds nothing is bad
input: 2.)"""
EXIT_BAD_INPUT = 2
"""A broken routine file, an unknown point or routine, a query that finds nothing, a bad argument:
said on stderr, no traceback."""
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file."""

    file: str
    """The file as the user named it (or a routine name)."""
    message: str
    """What is wrong, in words a person can act on."""
    key: str = ""
    """The key path inside the file, e.g. ``steps[3].hold``; empty for the whole file."""
    line: int | None = None
    """The line where the file gives that key, when it can be found."""
    hint: str | None = None
    """A "did you mean" suggestion, if there is one."""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.key:
            parts.append(self.key + _step_number(self.key))
        text = ": ".join([*parts, self.message])
        if self.hint:
            text += f" ({self.hint})"
        return text


def _step_number(key: str) -> str:
    """``steps[3].hold`` → `` (step 4)``: key paths count from 0, people count from 1."""
    if key.startswith("steps[") and "]" in key:
        index = key[len("steps[") : key.index("]")]
        if index.isdigit():
            return f" (step {int(index) + 1})"
    return ""


class AcutimerError(Exception):
    """A file, name or setting the user gave is wrong. The CLI prints it and exits 2."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, file: str, message: str, **kwargs: object) -> AcutimerError:
        """An error with one problem."""
        return cls([Problem(file, message, **kwargs)])  # type: ignore[arg-type]


def did_you_mean(word: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """A "did you mean 'x'?" hint for a mistyped word, or None when nothing is close."""
    import difflib  # only when something is misspelt: it costs start-up time

    options = list(choices)
    lowered = {c.lower(): c for c in options}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=3, cutoff=cutoff)
    if not close:
        return None
    quoted = " or ".join(f"'{lowered[c]}'" for c in close)
    return f"did you mean {quoted}?"
