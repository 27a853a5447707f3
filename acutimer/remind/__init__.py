"""``acutimer remind``: waits for the plan's next time and offers the routine when it comes.

A front end beside ``plain`` and ``tui``: it never imports them (the command line hands it the
way to run a session), so the long wait costs neither Textual nor pydantic.
"""
