"""The history: a SQLite store of sessions, the recorder that writes a session into it, and
statistics. No textual. Imports ``session``, ``routine`` and the shared ground.
"""
