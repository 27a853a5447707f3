"""The plain-text front end: one line per phase, for any terminal, a pipe or a screen reader.

Imports ``history``, ``session``, ``routine`` and the shared ground; never textual.
"""
