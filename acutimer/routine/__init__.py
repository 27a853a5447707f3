"""The data: routine and point models, loading with clear errors, and the timeline.

No textual, no pydantic at import (pydantic is imported only to validate something new), no I/O
at import. Imports only the shared ground (``paths``, ``fsutil``).
"""
