"""How the history names a routine: by its title, as the picker does, with its name where needed.

The history stores each session's routine name (what ``acutimer run`` takes) and, since
schema 3, the title it had. The label is the routine's title today if it still exists, else the
title it had then; the name is added in brackets when the title alone would not say which
routine it is: when another routine has the same title, or when no routine has that name any
more (renamed, deleted, or run from a file). A session from before titles were kept, of a
routine gone since, is shown by its name alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping


def routine_labels(
    names: Iterable[str],
    current: Mapping[str, str],
    stored: Mapping[str, str | None] | None = None,
) -> dict[str, str]:
    """A label for each routine name in ``names``.

    Args:
        names: the routine names to label (those the history shows).
        current: the title of every routine there is now, by name.
        stored: the title the history kept for a name, used for routines that are gone.
    """
    stored = stored or {}
    wanted = list(dict.fromkeys(names))
    titles = {name: current.get(name) or stored.get(name) or "" for name in wanted}
    shared = Counter(title.casefold() for title in current.values())
    for name in wanted:
        if name not in current and titles[name]:
            shared[titles[name].casefold()] += 1
    labels = {}
    for name in wanted:
        title = titles[name]
        if not title or title == name:
            labels[name] = name
        elif name not in current or shared[title.casefold()] > 1:
            labels[name] = f"{title} ({name})"
        else:
            labels[name] = title
    return labels
