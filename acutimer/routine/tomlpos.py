"""Find the line where a TOML document gives a key.

tomllib returns plain data without positions, so error messages need another way to say where a
key is. This scans the text line by line, tracking table headers, arrays of tables and inline
tables, and records the first line of every key path it sees. It is a locator for messages, not a
parser: on anything unusual it records less, and the caller falls back to a shorter key path.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*(.+?)\s*\]\]")
_TABLE_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]")
_KEY = re.compile(
    r"^\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*="
)
_INLINE_KEY = re.compile(r"[{,]\s*([A-Za-z0-9_-]+)\s*=")


def _split_dotted(text: str) -> tuple[str, ...]:
    parts = re.findall(r"\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_-]+)", text)
    return tuple(a or b or c for a, b, c in parts)


def _strip_strings(line: str) -> str:
    """Blank out string contents so brackets and '#' inside them are not read as syntax."""
    return re.sub(
        r"\"(?:\\.|[^\"\\])*\"|'[^']*'", lambda m: '"' + " " * (len(m.group()) - 2) + '"', line
    )


def key_lines(text: str) -> dict[Path, int]:
    """Map each key path found in ``text`` to its (1-based) line number."""
    lines: dict[Path, int] = {}
    arrays = _Arrays()
    table: Path = ()
    open_array: Path | None = None  # a multi-line array value whose elements are inline tables
    array_index = -1
    depth = 0
    in_multiline_string = False

    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.count('"""') % 2 == 1 or raw.count("'''") % 2 == 1:
            in_multiline_string = not in_multiline_string
            continue
        if in_multiline_string:
            continue
        line = _strip_strings(raw).split("#", 1)[0]

        if open_array is not None:
            for char in line:
                if char == "{":
                    if depth == 1:
                        array_index += 1
                        lines.setdefault((*open_array, array_index), number)
                    depth += 1
                elif char == "}":
                    depth -= 1
                elif char == "[":
                    depth += 1
                elif char == "]":
                    depth -= 1
            if array_index >= 0:
                for match in _INLINE_KEY.finditer(line):
                    lines.setdefault((*open_array, array_index, match.group(1)), number)
            if depth <= 0:
                open_array = None
            continue

        header = _ARRAY_HEADER.match(line)
        if header:
            path, index = arrays.add(_split_dotted(header.group(1)))
            table = (*path, index)
            lines.setdefault(path, number)
            lines.setdefault(table, number)
            continue
        header = _TABLE_HEADER.match(line)
        if header:
            table = arrays.path(_split_dotted(header.group(1)))
            for end in range(1, len(table) + 1):  # [a.b] gives a too, if nothing did before
                lines.setdefault(table[:end], number)
            continue
        key = _KEY.match(line)
        if not key:
            continue
        path = (*table, *_split_dotted(key.group(1)))
        lines.setdefault(path, number)
        rest = line[key.end() :]
        stripped = rest.strip()
        if stripped.startswith("{"):
            for match in _INLINE_KEY.finditer(rest):
                lines.setdefault((*path, match.group(1)), number)
        elif stripped.startswith("["):
            depth = 0
            array_index = -1
            open_array = path
            for char in rest:
                if char == "{":
                    if depth == 1:
                        array_index += 1
                        lines.setdefault((*path, array_index), number)
                    depth += 1
                elif char == "}":
                    depth -= 1
                elif char == "[":
                    depth += 1
                elif char == "]":
                    depth -= 1
            if array_index >= 0:
                for match in _INLINE_KEY.finditer(rest):
                    lines.setdefault((*path, array_index, match.group(1)), number)
            if depth <= 0:
                open_array = None
    return lines


class _Arrays:
    """The arrays of tables seen so far, as a tree of names: each look-up is linear in the
    header's length, however deep it is."""

    def __init__(self) -> None:
        self.root: dict[str, _Arrays] = {}
        self.count = -1  # entries of this array so far; -1 for a plain table

    def path(self, names: tuple[str, ...]) -> Path:
        """``("steps", "pace")`` → ``("steps", 2, "pace")`` when ``steps`` is an array of tables
        whose latest entry is its third."""
        path: list[str | int] = []
        node: _Arrays | None = self
        for i, name in enumerate(names):
            path.append(name)
            node = node.root.get(name) if node is not None else None
            if node is not None and node.count >= 0 and i < len(names) - 1:
                path.append(node.count)
        return tuple(path)

    def add(self, names: tuple[str, ...]) -> tuple[Path, int]:
        """A new ``[[names]]`` entry: its path and its index."""
        path = self.path(names)
        node = self
        for name in names:
            node = node.root.setdefault(name, _Arrays())
        node.count += 1
        return path, node.count


def find_line(lines: dict[Path, int], path: Path) -> int | None:
    """The line of ``path``, or of its longest prefix the document gives."""
    for end in range(len(path), 0, -1):
        line = lines.get(path[:end])
        if line is not None:
            return line
    return None


_BARE = re.compile(r"[A-Za-z0-9_-]+")


def format_path(path: Path) -> str:
    """``("steps", 3, "hold")`` → ``"steps[3].hold"``; a key that TOML would quote is quoted
    (``steps[0]."x[y]"``), so the path cannot be misread."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
            continue
        key = part if _BARE.fullmatch(part) else _quoted(part)
        text += f".{key}" if text else key
    return text


def _quoted(key: str) -> str:
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
