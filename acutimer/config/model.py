"""The settings file's model: one plain dataclass, each key with its docstring.

As with routines (:mod:`acutimer.routine.models`), the model is a plain dataclass, so reading
settings that were validated before needs no pydantic; pydantic validates it through the markers
from :mod:`acutimer.routine.checks`, and each key's docstring is its description in the JSON
Schema and in ``acutimer config``.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from acutimer.routine.checks import After, JsonSchema

THEMES = (
    "textual-dark",
    "textual-light",
    "nord",
    "gruvbox",
    "catppuccin-mocha",
    "catppuccin-macchiato",
    "catppuccin-frappe",
    "catppuccin-latte",
    "dracula",
    "tokyo-night",
    "monokai",
    "flexoki",
    "solarized-dark",
    "solarized-light",
    "atom-one-dark",
    "atom-one-light",
    "rose-pine",
    "rose-pine-moon",
    "rose-pine-dawn",
    "ansi-dark",
    "ansi-light",
)
"""The themes a setting may name: Textual's own. A test checks that each theme Textual offers
is here, so that one picked with Ctrl+P is always one the file may hold; an older Textual that
lacks one falls back to its default theme."""

MAX_VOLUME = 100
PICKER_SORTS = ("title", "last used")
"""How the routine list may be sorted."""


def _volume(value: int) -> int:
    if not 0 <= value <= MAX_VOLUME:
        raise ValueError(f"should be a whole number from 0 to {MAX_VOLUME} (a percentage)")
    return value


MAX_RESUME_MINUTES = 7 * 24 * 60
"""The longest a session cut short may wait to be resumed: a week."""


def _resume_minutes(value: int) -> int:
    if not 0 <= value <= MAX_RESUME_MINUTES:
        raise ValueError(
            f"should be a whole number of minutes from 0 (never resume) to {MAX_RESUME_MINUTES} "
            "(a week)"
        )
    return value


def _theme(value: str) -> str:
    if value not in THEMES:
        from acutimer.routine.errors import did_you_mean

        shown = value if len(value) <= 40 else value[:40] + "…"
        hint = did_you_mean(value, THEMES)
        message = f"there is no theme {shown!r}; `acutimer config` lists them"
        raise ValueError(message + (f"; {hint}" if hint else ""))
    return value


def _sort(value: str) -> str:
    if value not in PICKER_SORTS:
        raise ValueError('should be "title" or "last used"')
    return value


_VOLUME_SCHEMA = JsonSchema({"type": "integer", "minimum": 0, "maximum": MAX_VOLUME})
_RESUME_SCHEMA = JsonSchema({"type": "integer", "minimum": 0, "maximum": MAX_RESUME_MINUTES})
_THEME_SCHEMA = JsonSchema({"enum": list(THEMES)})
_SORT_SCHEMA = JsonSchema({"enum": list(PICKER_SORTS)})
_STRICT: dict[str, Any] = {"extra": "forbid", "use_attribute_docstrings": True}


class _Exact:
    """No conversions: in a TOML file, a flag is true or false, not "yes" (pydantic's strict)."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = dict(handler(source))
        schema["strict"] = True
        return schema


Flag = Annotated[bool, _Exact()]


@dataclass(kw_only=True)
class Config:
    """acutimer's settings, from ``config.toml`` in the acutimer folder (``acutimer config
    path``). Every key may be left out: it then has its default."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT

    safety_acknowledged: Flag = False
    """You have read the safety notice: it then shows only when you press s."""
    avoid_pregnancy_points: Flag = False
    """The pregnancy setting: skip steps on points flagged for pregnancy, do steps that have a
    gentler way for pregnancy that way, and say so."""
    ask_pain: Flag = True
    """Ask for a pain rating (0 to 10) before and after each recorded session."""
    bell: Flag = True
    """Ring the terminal bell at each change of phase when no sound can play (or sound is off);
    with the bell off, the full-screen app flashes instead."""
    sound: Flag = True
    """Play a short, calm tone at each change of phase, a different one for press, release,
    switching sides, rest, the next point and the end (through pw-play, paplay, aplay or
    afplay, whichever is installed)."""
    volume: Annotated[int, _Exact(), After(_volume), _VOLUME_SCHEMA] = 70
    """How loud the tones (and the voice, where the speech command takes a volume) are, from 0
    (silent) to 100."""
    breath_ticks: Flag = False
    """On steps where the pressure follows the breath, a soft tick at each turn of the breath."""
    voice: Flag = False
    """Speak the cues: the point's name when a step starts, which side, release and rest
    (through espeak-ng, spd-say or say)."""
    voice_breath: Flag = True
    """With the voice on: also speak each turn of the breath on steps where the pressure follows
    the breath ("breathe out, press deeper")."""
    title: Flag = True
    """Show the phase and the time left in the terminal's title ("press 0:42 · acutimer"), so
    a tab or window in the background still tells you; the old title comes back on exit."""
    theme: Annotated[str, _Exact(), After(_theme), _THEME_SCHEMA] = "textual-dark"
    """The full-screen app's colours: one of Textual's themes (Ctrl+P, then "theme", shows
    them)."""
    reduced_motion: Flag = False
    """Show the breath in words that change ("breathe in · 3") instead of a moving band; also
    on when the environment says TEXTUAL_ANIMATIONS=none."""
    body_map: Flag = True
    """In the full-screen app, draw the point on a body map: beside its words while you find it,
    small while you press (`run --no-map` leaves it out for one session, `run --map` puts it
    in). The plain runner (`run --plain`) draws it only with `--map`."""
    wait_for_me: Flag = False
    """In a long wait (a release or rest of 2 minutes or more, when you get on with your work),
    if no key comes from you while you get ready for the next press, the session waits for you
    there instead of pressing on; the press starts when you are back (Enter or space), and is
    kept as missed if you never come back to it. w in a session turns it on or off for that
    session."""
    picker_sort: Annotated[str, _Exact(), After(_sort), _SORT_SCHEMA] = "title"
    """How the list of routines is sorted: "title", or "last used" (the one you did most
    recently first); o in the list switches, and the choice is kept here."""
    resume_within_minutes: Annotated[int, _Exact(), After(_resume_minutes), _RESUME_SCHEMA] = 120
    """How long a session cut short (q, a closed terminal, a crash) may be resumed, in minutes:
    `acutimer resume`, or Enter when `acutimer run` offers it. 0: never offer."""


KEYS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Config))
"""Every setting, in the order of the file's documentation."""


class Source(StrEnum):
    """Where a setting's value came from."""

    DEFAULT = "default"
    FILE = "file"
    ENVIRONMENT = "environment"
    COMMAND_LINE = "command line"


def default_value(key: str) -> Any:
    """The value ``key`` has when nothing sets it."""
    return getattr(Config(), key)


def kind_of(key: str) -> type:
    """The Python type of a setting's value: bool, int or str."""
    return type(default_value(key))


@functools.cache
def descriptions() -> dict[str, str]:
    """Each key's docstring, as one paragraph, read from this module's source (no pydantic)."""
    import ast
    import inspect
    import itertools
    import textwrap

    tree = ast.parse(textwrap.dedent(inspect.getsource(Config)))
    body = tree.body[0].body  # type: ignore[attr-defined]
    docs: dict[str, str] = {}
    for node, following in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[node.target.id] = " ".join(following.value.value.split())
    return docs


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "volume": _volume,
    "theme": _theme,
    "picker_sort": _sort,
    "resume_within_minutes": _resume_minutes,
}


def check_plain(key: str, value: Any) -> bool:
    """Whether ``value`` is a good value for ``key``, without pydantic (for cached values)."""
    if type(value) is not kind_of(key):
        return False
    check = _CHECKS.get(key)
    if check is None:
        return True
    try:
        check(value)
    except ValueError:
        return False
    return True


def parse_value(key: str, text: str) -> Any:
    """A value typed on the command line or in the environment, as the setting's type.

    Booleans take true/false, on/off, yes/no or 1/0; numbers take digits. Anything else is
    passed on as text, for validation to explain.
    """
    kind = kind_of(key)
    word = text.strip()
    if kind is bool:
        lowered = word.lower()
        if lowered in ("true", "on", "yes", "1"):
            return True
        if lowered in ("false", "off", "no", "0"):
            return False
        return word
    if kind is int:
        digits = word.lstrip("+-")
        if digits.isdigit() and len(digits) <= 30:
            return int(word)
        return word
    return word


def format_value(value: Any) -> str:
    """A value as the settings file writes it: true, 70, "nord"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    import json  # a TOML basic string is a JSON string for the text settings hold

    return json.dumps(str(value), ensure_ascii=False)
