"""Read TOML from a stranger: refuse what would make tomllib slow or crash, and say on which line.

``tomllib`` alone raises ``ValueError`` (not its own error) on an integer of more than 4,300
digits, ``RecursionError`` on arrays nested a thousand deep, takes time that grows with the
square of the depth on a ``[a.a.a...]`` header, and says "at end of document" for a string or an
array that is never closed. :func:`loads` first scans the text once, in linear time, for how
deep it nests and where each string and bracket opens; it refuses a document nested deeper than
:data:`MAX_DEPTH` before parsing it, and turns every failure into one :class:`TomlProblem` with
a line where one can be found.

Shared ground: the routine loader and the settings both read TOML through it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any

MAX_DEPTH = 32
"""Tables, arrays and dotted keys nested deeper than this are refused unparsed (a routine file
nests three deep: ``steps[].pace.inhale``)."""

_TOKEN = re.compile(
    r'(?P<mlb>"""(?:\\.|[^\\])*?"""(?:"{0,2}))'
    r"|(?P<mll>'''.*?'''(?:'{0,2}))"
    r'|(?P<open>"""|\'\'\')'
    r'|(?P<b>"(?:[^"\\\n]|\\.)*")'
    r"|(?P<l>'[^'\n]*')"
    r"|(?P<open1>[\"'])"
    r"|(?P<c>\#[^\n]*)"
    r"|(?P<nl>\n)"
    r"|(?P<p>[\[\]{}=.,])",
    re.DOTALL,
)
_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)|\s*\(at end of document\)")
_DIGITS = re.compile(r"[0-9][0-9_]*")


class TomlProblem(ValueError):
    """The text is not TOML that acutimer will read; ``line`` is where, when it can be found."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class _Scan:
    depth: int = 0
    """The deepest nesting found (tables, arrays, inline tables and dotted keys)."""
    depth_line: int | None = None
    open_line: int | None = None
    """Where a string or a bracket that is never closed opens."""
    open_kind: str = ""
    """What that is: "string", "array" or "inline table"."""
    last_line: int = 1


def scan(text: str, max_depth: int = MAX_DEPTH) -> _Scan:
    """One pass over ``text``: how deep it nests, and where an unclosed string or bracket opens.

    A locator, not a parser: strings and comments are skipped as TOML defines them, and the
    depth counted is never less than what tomllib would build. It stops once the depth passes
    ``max_depth``.
    """
    found = _Scan()
    line = 1
    level = 0  # the depth at which the current table, array or inline table holds its values
    stack: list[tuple[str, int, int]] = []  # open brackets: kind, line, the level outside
    header: int | None = None  # inside a [table] header: how deep it goes so far
    key_dots = 0  # dots in the key being read (before its '=')
    in_key = True  # at a key, not yet at its value
    line_start = True
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        token = match.group()
        if kind in ("mlb", "mll"):
            line += token.count("\n")
            line_start = in_key = False
            continue
        if kind in ("b", "l", "c"):
            line_start = False
            continue
        if kind in ("open", "open1"):
            found.open_line, found.open_kind = found.open_line or line, "string"
            break  # tomllib stops at an unclosed string too: nothing after it is parsed
        if kind == "nl":
            line += 1
            line_start = True
            if not stack:
                in_key, key_dots = True, 0
            continue
        # punctuation
        if header is not None:
            if token in "[.":
                header += 1  # a dotted part, or the index of an [[array of tables]]
            elif token == "]":
                level, header = header, None
        elif token == "[" and line_start and not stack:
            header = 1
        elif token == "=":
            in_key = False
        elif token == "." and in_key:
            key_dots += 1
        elif token in "[{":
            stack.append((token, line, level))
            level += key_dots + 1
            in_key, key_dots = token == "{", 0
        elif token in "]}" and stack:
            level = stack.pop()[2]
            key_dots = 0
        elif token == "," and stack and stack[-1][0] == "{":
            in_key, key_dots = True, 0
        line_start = False
        depth = max(level + key_dots + 1, header or 0)
        if depth > found.depth:
            found.depth, found.depth_line = depth, line
            if depth > max_depth:
                break
    if stack and found.open_line is None:
        found.open_line = stack[0][1]
        found.open_kind = "array" if stack[0][0] == "[" else "inline table"
    found.last_line = line
    return found


def loads(text: str, *, max_depth: int = MAX_DEPTH) -> dict[str, Any]:
    """Parse TOML text.

    Raises:
        TomlProblem: with a message a person can act on and, where it can be found, the line.
    """
    found = scan(text, max_depth)
    if found.depth > max_depth:
        raise TomlProblem(
            f"is nested more than {max_depth} levels deep (tables, arrays or dotted keys); "
            f"acutimer reads at most {max_depth}",
            found.depth_line,
        )
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        where = _WHERE.search(message)
        line: int | None = None
        if where is not None:
            message = message[: where.start()] + message[where.end() :]
            line = int(where.group(1)) if where.group(1) else _end_line(text, found)
            if not where.group(1) and found.open_kind:
                article = "an" if found.open_kind[0] in "aeiou" else "a"
                message = f"{article} {found.open_kind} that opens on this line is never closed"
        if message[:1].isupper() and not message.startswith("TOML"):
            message = message[0].lower() + message[1:]
        raise TomlProblem(message.strip(), line) from None
    except RecursionError:
        raise TomlProblem(
            "nests tables or arrays too deeply to be read", found.depth_line
        ) from None
    except ValueError as error:
        # int() refuses more than sys.get_int_max_str_digits() digits (4,300 by default).
        line, digits = _longest_number(text)
        raise TomlProblem(
            f"has a number {digits:,} digits long; acutimer reads numbers of a few digits",
            line,
        ) from error


def _end_line(text: str, found: _Scan) -> int:
    """The line for an error "at end of document": where the unclosed thing opens, or the last
    line that has anything on it."""
    if found.open_line is not None:
        return found.open_line
    lines = text.rstrip().count("\n") + 1
    return max(1, lines)


def _longest_number(text: str) -> tuple[int | None, int]:
    best: re.Match[str] | None = None
    best_digits = 0
    for match in _DIGITS.finditer(text):
        digits = len(match.group()) - match.group().count("_")
        if digits > best_digits:
            best, best_digits = match, digits
    if best is None:
        return None, 0
    return text.count("\n", 0, best.start()) + 1, best_digits
