"""The figures shipped in the package (``figures.toml``): read once, through a cache of the
parsed file, and each figure built (and checked) on first use.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from typing import Any

from acutimer.bodymap.figures import Figure, FigureError
from acutimer.bodymap.parse import figure_tables, parse_figure, read_toml
from acutimer.paths import cache_dir, figures_file


@functools.cache
def _shipped_tables(cached: bool = True) -> dict[str, dict[str, Any]]:
    """The shipped file's tables, through a cache of its parsed TOML (keyed by its bytes).

    Parsing the TOML is most of the cost of a first map (about 16 ms); the JSON copy loads in
    well under one. A cache entry that cannot be read, or is not a table of tables, is ignored
    and rebuilt; a figure in it that fails its checks is built again from the TOML
    (see :func:`get_figure`). ``cached=False`` reads the TOML itself.
    """
    source = figures_file()
    label = str(source)
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise FigureError(f"{label}: cannot be read ({error.strerror})") from None
    copy = cache_dir() / "figures" / f"{hashlib.sha256(raw).hexdigest()}.json"
    if cached:
        with contextlib.suppress(OSError, ValueError, TypeError, LookupError, FigureError):
            entry = json.loads(copy.read_text(encoding="utf-8"))
            if entry["digest"] == _digest(entry["data"]):  # not damaged since it was written
                return figure_tables(entry["data"], label)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FigureError(f"{label}: is not UTF-8 text") from None
    data = read_toml(text, label)
    tables = figure_tables(data, label)
    with contextlib.suppress(OSError, TypeError, ValueError):
        entry = {"digest": _digest(data), "data": data}
        from acutimer.fsutil import atomic_write_text  # tempfile: only when the copy is written

        atomic_write_text(copy, json.dumps(entry, ensure_ascii=False))
    return tables


def _digest(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.cache
def get_figure(name: str) -> Figure:
    """The shipped figure called ``name``, built (and checked) on first use.

    Raises:
        KeyError: there is no such figure.
        FigureError: the shipped file is broken.
    """
    where = f"{figures_file()}: figure {name!r}"
    try:
        return parse_figure(_shipped_tables()[name], where)
    except (FigureError, KeyError):
        # The cached copy may be stale or damaged: the TOML decides.
        return parse_figure(_shipped_tables(cached=False)[name], where)


def load_figures() -> dict[str, Figure]:
    """Every shipped figure, by name."""
    return {name: get_figure(name) for name in _shipped_tables()}


def figure_names() -> frozenset[str]:
    """The names of the shipped figures (without building them)."""
    return frozenset(_shipped_tables())


def forget_figures() -> None:
    """Drop the figures read in this process (tests; the cache on disk stays)."""
    _shipped_tables.cache_clear()
    get_figure.cache_clear()
