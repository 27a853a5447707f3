"""A one-line key bar for the session screen: the keys of its bindings; a click presses one.

Textual's ``Footer`` is a container with a widget per key, which the session screen would style
at start-up and render again at every repaint of the countdown; this is one widget, drawn once
per width. When the keys do not fit, the ones listed last go first, but q (quit) and ? (help)
stay at any width, so the way out and the rest of the keys can always be found.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import NamedTuple

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.strip import Strip

from acutimer.tui.widgets.drawn import DrawnWidget

KEPT_KEYS = frozenset({"q", "question_mark"})
"""Keys that stay on the bar however narrow it is: quit and help."""


class Key(NamedTuple):
    """One key as shown: what to press, what it does, and where it sits on the line."""

    key: str
    """The key sent when it is clicked (the binding's first key)."""
    display: str
    description: str
    action: str
    start: int = 0
    end: int = 0


def fit_keys(keys: list[Key], width: int) -> list[Key]:
    """The keys that fit in ``width`` cells, dropping from the end but keeping q and ?; placed."""
    kept = list(keys)

    def length(items: list[Key]) -> int:
        return sum(len(k.display) + 1 + len(k.description) for k in items) + len(items) - 1

    while kept and length(kept) > width:
        droppable = [i for i, k in enumerate(kept) if k.key not in KEPT_KEYS]
        if not droppable:
            break
        del kept[droppable[-1]]
    placed: list[Key] = []
    x = 0
    for key in kept:
        end = x + len(key.display) + 1 + len(key.description)
        placed.append(Key(key.key, key.display, key.description, key.action, x, end))
        x = end + 1
    return placed


class KeyBar(DrawnWidget):
    """The keys of the screen's shown bindings, in one line; clicking one presses it."""

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: list[Key] = []
        self._placed: list[Key] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        keys: list[Key] = []
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not (binding.show and enabled) or binding.action in seen:
                continue
            seen.add(binding.action)
            keys.append(self._key(binding))
        if keys != self._keys:
            self._keys = keys
            self.refresh()

    def _key(self, binding: Binding) -> Key:
        first = binding.key.split(",")[0]
        display = self.app.get_key_display(binding)
        return Key(first, display, binding.description, binding.action)

    @property
    def keys(self) -> list[Key]:
        """The keys shown now, placed on the line."""
        return self._placed

    def shown(self) -> Hashable:
        return tuple(self._keys)

    def draw(self, width: int, height: int) -> list[Strip]:
        self._placed = fit_keys(self._keys, width)
        style = self.visual_style.rich_style
        key_style = self.get_visual_style("key-bar--key").rich_style
        description_style = self.get_visual_style("key-bar--description").rich_style
        segments: list[Segment] = []
        for key in self._placed:
            if segments:
                segments.append(Segment(" ", style))
            segments.append(Segment(key.display, key_style))
            segments.append(Segment(f" {key.description}", description_style))
        return [Strip(segments).crop_extend(0, width, style)]

    def on_click(self, event: events.Click) -> None:
        for key in self._placed:
            if key.start <= event.x < key.end:
                event.stop()
                self.app.simulate_key(key.key)
                return
