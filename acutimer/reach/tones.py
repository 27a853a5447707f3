"""acutimer's own sounds: short, calm tones written as WAV files with the standard library.

Each moment of a session has its tone, told apart by the number of notes and which way they go,
not by loudness: every note is a soft sine with a little of its octave, a gentle attack and a
long fade, from the C major pentatonic scale (no two notes clash), between 262 and 880 Hz.

=========== ====================================================== =========================
tone        notes                                                   the idea
=========== ====================================================== =========================
next-point  C5 E5 G5, rising, 0.11 s apart                         on to something new
press       D5 then A4, falling                                    down into the point
release     A4 then D5, rising                                     lift off
switch      E5 E5, the same note twice                              the other side
rest        C4, one low note that swells in and fades slowly       settle
end         G5 E5 C5 then C4, falling, with a long tail             done
ready       A4, one soft note that swells in                        something is coming
tick        A5, one very short quiet note                           the breath turns
=========== ====================================================== =========================

The files are made on first use and kept in the cache dir, named by a hash of everything they
are made from (so a change of tone or volume makes a new file, never a stale one). A cached file
is checked before it is used; a bad one is written again.
"""

from __future__ import annotations

import array
import hashlib
import math
import sys
import wave
from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import add, mul
from pathlib import Path
from typing import NamedTuple

RATE = 22050
"""Samples a second: plenty for tones under 1 kHz, and small files (44 kB a second)."""
VERSION = 1
"""Bumped when the synthesis changes, so cached files are made again."""


class Note(NamedTuple):
    """One note of a tone."""

    hz: float
    at: float
    """Seconds from the tone's start."""
    length: float
    """Seconds until the note has faded out."""
    level: float = 1.0
    """Relative loudness, 0 to 1."""
    attack: float = 0.012
    """Seconds to rise to full: long enough never to click."""


C4, G4, A4, C5, D5, E5, G5, A5 = 261.63, 392.0, 440.0, 523.25, 587.33, 659.26, 783.99, 880.0

TONES: dict[str, tuple[Note, ...]] = {
    "next-point": (Note(C5, 0.0, 0.45), Note(E5, 0.11, 0.45), Note(G5, 0.22, 0.55)),
    "press": (Note(D5, 0.0, 0.3, 0.9), Note(A4, 0.13, 0.55)),
    "release": (Note(A4, 0.0, 0.3, 0.8), Note(D5, 0.13, 0.45, 0.8)),
    "switch": (Note(E5, 0.0, 0.25, 0.9), Note(E5, 0.2, 0.4, 0.9)),
    "rest": (Note(C4, 0.0, 1.1, 0.9, attack=0.08),),
    "end": (
        Note(G5, 0.0, 0.6, 0.8),
        Note(E5, 0.18, 0.6, 0.8),
        Note(C5, 0.36, 0.9, 0.9),
        Note(C4, 0.54, 1.2, 0.7, attack=0.05),
    ),
    "ready": (Note(A4, 0.0, 0.5, 0.6, attack=0.12),),
    "tick": (Note(A5, 0.0, 0.06, 0.35, attack=0.005),),
}
"""Every tone, by name."""

PEAK = 0.5
"""Full scale at volume 100: half of what a WAV can hold, so a tone is never harsh."""


def amplitude(volume: int) -> float:
    """The peak for ``volume`` (0-100): by its square, as loudness is heard (50 is about -6 dB
    from 70, not half)."""
    return PEAK * (max(0, min(100, volume)) / 100) ** 2


def length(name: str) -> float:
    """Seconds the tone ``name`` lasts."""
    return max(note.at + note.length for note in TONES[name])


def render(name: str, volume: int) -> bytes:
    """The tone as a mono 16-bit WAV file's bytes."""
    notes = TONES[name]
    total = int(length(name) * RATE) + 1
    mix = [0.0] * total
    for note in notes:
        _add(mix, note)
    # The loudest moment peaks at the volume's amplitude times the tone's loudest note, so a
    # soft tone (a tick) stays softer than the others.
    loudest = max(1e-9, max(abs(x) for x in mix))
    scale = amplitude(volume) * max(note.level for note in notes) / loudest * 32767
    samples = array.array("h", (round(x * scale) for x in mix))
    if sys.byteorder == "big":
        samples.byteswap()
    return _wav(samples.tobytes())


def _add(mix: list[float], note: Note) -> None:
    """Add one note: a sine with a little of its octave and twelfth, a raised-cosine attack,
    an exponential fade, and a last 30 ms down to silence (no click at the end).

    Built from ``map`` and ``accumulate`` over whole notes, not a loop per sample: a tone is made
    in milliseconds, not a third of a second, the first time a session needs it.
    """
    start = int(note.at * RATE)
    count = min(int(note.length * RATE), len(mix) - start)
    if count <= 0:
        return
    decay = note.length / 4.5  # about -40 dB by the end
    step = 2 * math.pi * note.hz / RATE
    phases = list(accumulate(repeat(step, count - 1), initial=0.0))
    fade = accumulate(repeat(math.exp(-1 / (RATE * decay)), count - 1), mul, initial=note.level)
    octave = accumulate(repeat(math.exp(-2 / (RATE * decay)), count - 1), mul, initial=0.22)
    wave_values = map(
        add,
        map(
            add,
            map(math.sin, phases),
            map(mul, octave, map(math.sin, map(mul, phases, repeat(2.0)))),
        ),
        map(mul, repeat(0.05), map(math.sin, map(mul, phases, repeat(3.0)))),
    )
    samples = list(map(mul, fade, wave_values))
    attack = min(count, max(1, int(note.attack * RATE)))
    for i in range(attack):
        samples[i] *= 0.5 - 0.5 * math.cos(math.pi * i / attack)
    tail = min(count, max(1, int(0.03 * RATE)))
    for i in range(count - tail, count):
        samples[i] *= (count - i) / tail
    mix[start : start + count] = map(add, mix[start : start + count], samples)


def _wav(frames: bytes) -> bytes:
    import io

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)
    return buffer.getvalue()


@dataclass
class ToneFiles:
    """The tones as files in ``folder``, made when first asked for and checked once each."""

    folder: Path
    volume: int

    def __post_init__(self) -> None:
        self._checked: dict[str, Path] = {}

    def path(self, name: str) -> Path | None:
        """The file of tone ``name``, made if missing or bad; None if it cannot be written."""
        known = self._checked.get(name)
        if known is not None:
            return known
        path = self.folder / f"{name}-{_key(name, self.volume)}.wav"
        if not _good(path, name):
            from acutimer.fsutil import atomic_write_bytes

            try:
                atomic_write_bytes(path, render(name, self.volume))
            except OSError:
                return None
        self._checked[name] = path
        return path


def _key(name: str, volume: int) -> str:
    spec = repr((VERSION, RATE, TONES[name], volume, PEAK)).encode()
    return hashlib.sha256(spec).hexdigest()[:16]


def _good(path: Path, name: str) -> bool:
    """Whether the cached file is a WAV of this tone's shape (the cache is never trusted)."""
    try:
        with wave.open(str(path), "rb") as found:
            shape = (found.getnchannels(), found.getsampwidth(), found.getframerate())
            frames = found.getnframes()
        size = path.stat().st_size
    except (OSError, EOFError, wave.Error):
        return False
    expected = int(length(name) * RATE) + 1
    return shape == (1, 2, RATE) and frames == expected and size == 44 + 2 * expected
