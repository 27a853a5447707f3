"""The settings in the command palette (Ctrl+P): each one changed from the app, and saved.

Textual's own "Theme" command changes the theme (the app saves it); this provider adds a
command for every other setting: "Sound: turn off", "Volume: louder (80)"... Each says what the
setting does and where its value comes from now. A change applies at once (the next cue, the
next session) and is written to the settings file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from acutimer.config.model import KEYS, MAX_VOLUME, descriptions

NAMES = {
    "safety_acknowledged": "Safety notice read",
    "avoid_pregnancy_points": "Leave out pregnancy points",
    "ask_pain": "Ask for pain ratings",
    "bell": "Bell",
    "sound": "Sound",
    "volume": "Volume",
    "breath_ticks": "Breath ticks",
    "voice": "Voice",
    "voice_breath": "Voice: the breath too",
    "title": "Terminal title",
    "reduced_motion": "Reduced motion",
    "wait_for_me": "Wait for me after a long wait",
}
"""Each setting as the palette names it (the theme is Textual's own command)."""

VOLUME_STEP = 10


def commands(app: Any) -> Iterator[tuple[str, str, Callable[[], None]]]:
    """(what it says, help, what it does) for each setting the palette changes."""
    config, sources = app.config, app.sources
    docs = descriptions()
    for key in KEYS:
        if key not in NAMES:
            continue
        value = getattr(config, key)
        source = sources.get(key)
        now = f"now {_shown(value)}" + (f", from the {source.value}" if source else "")
        help_text = f"{docs.get(key, '')} ({now})"
        if isinstance(value, bool):
            action = "turn off" if value else "turn on"
            yield f"{NAMES[key]}: {action}", help_text, partial(app.change_setting, key, not value)
        elif key == "volume":
            for word, change in (("quieter", -VOLUME_STEP), ("louder", VOLUME_STEP)):
                new = max(0, min(MAX_VOLUME, value + change))
                if new != value:
                    label = f"{NAMES[key]}: {word} ({new})"
                    yield label, help_text, partial(app.change_setting, key, new)


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


class SettingsCommands(Provider):
    """acutimer's settings, in the command palette."""

    async def discover(self) -> Hits:
        for text, help_text, callback in commands(self.app):
            yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, callback in commands(self.app):
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text)
