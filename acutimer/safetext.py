"""Text from files, users and the history, made safe to show: control characters are shown, never
obeyed.

A routine file may come from a stranger, and its text (or a file name, or a history row) can
hold ESC sequences that retitle the terminal, write to the clipboard (OSC 52) or clear the
screen, a CR that overwrites a line, or bidi controls that show text in another order than it
has. :func:`visible` is the one place that neutralises them, on the way to any output:

- C0 controls (but newline, and tab unless told otherwise) become their Unicode control
  pictures: ESC is shown as ``␛``, CR as ``␍``, NUL as ``␀``; DEL is ``␡``.
- C1 controls (U+0080-U+009F: U+009B is a CSI to many terminals), the bidi and other invisible
  format controls (U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069, U+FEFF, U+FFF9-U+FFFB) and
  the line and paragraph separators U+2028/9 are shown as escapes: ``\\x9b``, ``\\u202e``.
- Lone surrogates (a file name with bytes that are not UTF-8) are shown as the byte they
  stand for, ``\\xff``, so no encoder fails on them.

:class:`SafeStream` puts a stream behind that guard, and behind :func:`encodable`, which falls
back to ASCII look-alikes where the stream's encoding (a Latin-1 locale, say) cannot carry a
character. The command line wraps stdout and stderr in it for its whole run.

Shared ground: no imports from the rest of acutimer.
"""

from __future__ import annotations

import codecs
import re
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO, cast

_FORMAT = "\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb"
_SURROGATES = "\ud800-\udfff"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_FORMAT}{_SURROGATES}]")
_UNSAFE_WITH_TAB = re.compile(f"[\x00-\x08\x09\x0b-\x1f\x7f-\x9f{_FORMAT}{_SURROGATES}]")
CONTROLS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_FORMAT}]")
"""Characters a routine's text may not hold (newline and tab are fine); see
:func:`first_control`."""


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the byte that was not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: str, *, tabs: bool = True) -> str:
    """``text`` with every control character shown instead of obeyed (see the module's doc).

    Newlines are kept, and tabs unless ``tabs`` is False. Applying it twice changes nothing more.
    """
    pattern = _UNSAFE if tabs else _UNSAFE_WITH_TAB
    if pattern.search(text) is None:
        return text
    return pattern.sub(_shown, text)


def first_control(text: str) -> str | None:
    """The first control character in ``text`` (newline and tab allowed), as it is shown."""
    match = CONTROLS.search(text)
    if match is None:
        return None
    return _shown(match)


def json_text(text: str) -> str:
    """JSON text made from ``json.dumps(..., ensure_ascii=False)``, safe on a terminal.

    ``json.dumps`` escapes C0 controls but leaves C1, bidi controls and lone surrogates as they
    are; here they become ``\\uXXXX`` escapes, so the data reads back the same.
    """
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# --- encodings ------------------------------------------------------------------------------

_LOOKALIKES = {
    "…": "...",
    "→": "->",
    "←": "<-",
    "–": "-",
    "—": "-",
    "−": "-",
    "‘": "'",
    "’": "'",
    "′": "'",
    "“": '"',
    "”": '"',
    "·": "-",
    "•": "*",
    "★": "*",
    "⚠": "!",
    "×": "x",
    "━": "=",
    "─": "-",
    "│": "|",
    "╭": "+",
    "╮": "+",
    "╰": "+",
    "╯": "+",
    "█": "#",
    "▌": "#",
    "▐": "#",
    "░": ".",
    "\u2421": "^?",
}
_HANDLER = "acutimer-lookalike"


def _lookalike(char: str) -> str:
    if char in _LOOKALIKES:
        return _LOOKALIKES[char]
    code = ord(char)
    if 0x2400 <= code < 0x2420:  # a control picture: caret notation, as terminals write it
        return "^" + chr(code - 0x2400 + 0x40)
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if base and base.isascii() and base.isprintable():
        return base
    return "?"


def _fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    chunk = error.object[error.start : error.end]
    return "".join(_lookalike(c) for c in chunk), error.end


codecs.register_error(_HANDLER, _fallback)


def encodable(text: str, encoding: str | None) -> str:
    """``text`` as ``encoding`` can carry it: ASCII look-alikes (``…`` as ``...``, ``ü`` as ``u``)
    or ``?`` for what it cannot."""
    if not encoding:
        return text
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode(encoding, _HANDLER).decode(encoding)
    except LookupError:
        return text
    return text


def _needs_fallback(encoding: object) -> str | None:
    """``encoding``, unless it is UTF-8 (which carries everything :func:`visible` lets out)."""
    if not isinstance(encoding, str):
        return None
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return None
    return None if name == "utf-8" else name


# --- streams --------------------------------------------------------------------------------


class SafeStream:
    """A text stream whose every write goes through :func:`visible` and :func:`encodable`.

    Control sequences the program itself means to send (the bell) go through :meth:`control`.
    Everything else (``isatty``, ``fileno``, ``encoding``...) is the wrapped stream's.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._encoding = _needs_fallback(getattr(stream, "encoding", None))

    def write(self, text: str) -> int:
        self.stream.write(encodable(visible(text), self._encoding))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def control(self, sequence: str) -> None:
        """Write a control sequence of the program's own making, as it is."""
        self.stream.write(sequence)

    def flush(self) -> None:
        self.stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def write_control(stream: TextIO, sequence: str) -> None:
    """Write a control sequence of the program's own (the bell) to ``stream``, guarded or not."""
    if isinstance(stream, SafeStream):
        stream.control(sequence)
    else:
        stream.write(sequence)


_SGR = re.compile(r"\x1b\[[0-9;]*m")
"""Select Graphic Rendition: colours and weights, which can neither move the cursor, retitle
the terminal nor write to the clipboard."""


def write_styled(stream: TextIO, text: str) -> None:
    """Write ``text`` that the program styled itself (the body map): its colour codes (SGR) go
    as they are, everything else through the guard.

    Only for text built from acutimer's own data: an SGR code in a stranger's text could still
    hide words (``ESC[8m``), so such text never comes here.
    """
    at = 0
    for match in _SGR.finditer(text):
        stream.write(text[at : match.start()])
        write_control(stream, match.group())
        at = match.end()
    stream.write(text[at:])


def guard(stream: TextIO) -> TextIO:
    """``stream`` behind a :class:`SafeStream` (once: a guarded stream is returned as it is)."""
    if isinstance(stream, SafeStream):
        return cast(TextIO, stream)
    return cast(TextIO, SafeStream(stream))


@contextmanager
def guarded_stdio() -> Iterator[None]:
    """Put ``sys.stdout`` and ``sys.stderr`` behind the guard for the length of the block."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = guard(out), guard(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
