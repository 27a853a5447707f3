"""The body map: figures of the body's regions as data, and a renderer into terminal cells.

Below the routine layer: it imports only the shared ground (:mod:`acutimer.paths`), never
textual or rich. Front ends get lines of styled spans (:class:`Picture`) and colour them.
"""

from acutimer.bodymap.figures import Figure, FigureError
from acutimer.bodymap.render import ANSI, MARK_GLYPH, Mark, Picture, Span, Style, fit, render
from acutimer.bodymap.shipped import figure_names, get_figure, load_figures

__all__ = [
    "ANSI",
    "MARK_GLYPH",
    "Figure",
    "FigureError",
    "Mark",
    "Picture",
    "Span",
    "Style",
    "figure_names",
    "fit",
    "get_figure",
    "load_figures",
    "render",
]
