"""The Textual front end: the app, its screens and widgets, and the routine builder.

Only this package imports textual. It imports ``history``, ``session``, ``routine`` and the
shared ground, never ``plain`` or ``commands``.
"""
