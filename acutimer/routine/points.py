"""The point library: every point's names, where it is and how to press it, with look-ups.

The library is data (``acutimer/data/points.toml``), validated once per version and then rebuilt
from the validation cache without pydantic.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from acutimer.paths import figures_file, points_file
from acutimer.routine import vcache
from acutimer.routine.errors import AcutimerError, did_you_mean
from acutimer.routine.plaindata import build, to_data
from acutimer.routine.pointmodels import ArticleName, Point, PointLibrary
from acutimer.routine.validation import parse_toml, problems_from, validate

POINTS_FILE = points_file()

SOURCES = {
    "A": "The Top 5 Acupressure Points for Back Pain Relief",
    "B": "6 Effective Acupressure Points for Back Pain Relief",
    "C": "14 Handy Acupressure Points For Back Pain You Can Use At Home",
    "D": "7 Acupressure points to ease back pain",
    "E": "The Reality of Back Pain",
}
"""The five articles the built-in data comes from, by the letters the extraction uses."""


def normalise_name(name: str) -> str:
    """Fold a point name for matching: ``"He Gu"``, ``"hegu"`` and ``"HE-GU"`` are alike."""
    return re.sub(r"[\s\-_.·'’]+", "", name).casefold()


class Points:
    """The point library with look-ups by code, name and alias.

    A code, name, alias or old number names one point. An article name (see
    :attr:`Point.article_names`) may be given to several and names none: a look-up finds the
    points and says why, and a routine file cannot use it.
    """

    def __init__(self, points: list[Point]) -> None:
        self.points = points
        self._by_name: dict[str, Point] = {}
        for point in points:
            for name in point.names:
                key = normalise_name(name)
                other = self._by_name.get(key)
                if other is not None and other.code != point.code:
                    raise ValueError(f"{name!r} names both {other.code} and {point.code}")
                self._by_name[key] = point
        self._shared: dict[str, list[tuple[Point, ArticleName]]] = {}
        for point in points:
            for article_name in point.article_names:
                key = normalise_name(article_name.name)
                owner = self._by_name.get(key)
                if owner is not None:
                    raise ValueError(
                        f"{article_name.name!r} is a name of {owner.code} and an article name "
                        f"of {point.code}; it can be only one"
                    )
                self._shared.setdefault(key, []).append((point, article_name))

    def __iter__(self) -> Iterator[Point]:
        return iter(self.points)

    def __len__(self) -> int:
        return len(self.points)

    def get(self, name: str) -> Point | None:
        """The point a code, name, alias or old number names, or None."""
        return self._by_name.get(normalise_name(name))

    def resolve(self, name: str) -> Point:
        """The point ``name`` names.

        Raises:
            ValueError: unknown point, with a "did you mean" where one is close; or a name that
                is not one point's (an article name), saying whose it is.
        """
        point = self.get(name)
        if point is not None:
            return point
        folded = normalise_name(name)
        shared = self._shared.get(folded)
        if shared:
            codes = " or ".join(repr(p.code) for p, _ in shared)
            raise ValueError(f"{self._shared_note(folded)} Write {codes} instead")
        hint = did_you_mean(folded, self._by_name, cutoff=0.5)
        message = f"unknown point {name!r}"
        if hint:
            names = re.findall(r"'([^']*)'", hint)
            codes_found = dict.fromkeys(self._by_name[n].code for n in names)
            message += f"; did you mean {' or '.join(repr(c) for c in codes_found)}?"
        else:
            message += "; `acutimer points` lists them"
        raise ValueError(message)

    def search(self, query: str) -> list[Point]:
        """Points that ``query`` names or whose names or region contain it (folded).

        The point the query names exactly (by code, name, alias or old number) comes first,
        then those an article gives the name to, then the rest in library order.
        """
        folded = normalise_name(query)
        if not folded:
            return list(self.points)
        exact = self.get(query)
        first = [exact] if exact is not None else []
        first += [p for p, _ in self._shared.get(folded, [])]
        found = [
            p
            for p in self.points
            if any(
                folded in normalise_name(n)
                for n in [*p.names, *(a.name for a in p.article_names), p.region]
            )
        ]
        by_code = {p.code: p for p in [*first, *found]}  # in order, each point once
        return list(by_code.values())

    def notes(self, query: str) -> list[str]:
        """What a look-up by ``query`` should say besides the points: that it is an old number,
        or a name that is not one point's."""
        folded = normalise_name(query)
        notes = []
        exact = self.get(query)
        if exact is not None and folded in {normalise_name(n) for n in exact.old_numbers}:
            notes.append(self._old_number_note(query.strip(), exact))
        if folded in self._shared:
            notes.append(self._shared_note(folded))
        return notes

    def _shared_note(self, folded: str) -> str:
        """Why an article name names no point by itself: whose it is, in the data's words."""
        shared = self._shared[folded]
        name = shared[0][1].name
        notes = " ".join(dict.fromkeys(article_name.note for _, article_name in shared))
        if len(shared) == 1:
            return f"{name!r} is not {shared[0][0].code}'s own name: {notes}"
        return f"{name!r} names no single point: {notes}"

    def _old_number_note(self, name: str, point: Point) -> str:
        digits = re.search(r"\d+", name)
        standard = f"BL-{digits.group()}" if digits else ""
        other = self.get(standard) if standard else None
        note = f"{name!r} is {point.code} in the old Bladder numbering that one article uses"
        if other is not None and other.code != point.code:
            where = f"{other.pinyin} ({other.region})"
            return f"{note}; in the standard numbering {standard} is {where}."
        return f"{note}; standard {standard} is another point, not in this library."


@functools.cache
def load_points() -> Points:
    """The built-in point library (read once per process; validated once per version)."""
    raw = POINTS_FILE.read_bytes()
    # The places on the body map are checked against the figures: they are part of the key.
    try:
        figures = figures_file().read_bytes()
    except OSError as error:
        raise AcutimerError.single(
            str(figures_file()), f"cannot be read ({error.strerror}); reinstall acutimer"
        ) from None
    name = vcache.key(b"points", raw, figures)
    cached = vcache.get("points", name)
    if cached is not None:
        try:
            return Points(build(PointLibrary, cached).points)
        except ValueError:  # BadData, or an alias that names two points
            vcache.drop("points", name)
    data = parse_toml(raw, str(POINTS_FILE))
    _check_figures()
    from pydantic import ValidationError

    try:
        library = validate(PointLibrary, data)
    except ValidationError as error:
        raise AcutimerError(
            problems_from(error, str(POINTS_FILE), raw.decode("utf-8"), data)
        ) from None
    points = Points(library.points)  # checks that no alias names two points
    vcache.put("points", name, to_data(library))
    return points


def _check_figures() -> None:
    """The body map's figures load: one clear message if not, rather than one per point."""
    from acutimer.bodymap import FigureError, figure_names

    try:
        figure_names()
    except FigureError as error:
        raise AcutimerError.single(str(figures_file()), str(error).split(": ", 1)[-1]) from None
