"""The engine: a state machine over a routine's timeline, read through a clock, and its cues.

No textual. Imports only ``routine`` and the shared ground.
"""
