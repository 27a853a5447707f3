"""acutimer: a guided self-acupressure session timer for the terminal."""

__version__ = "0.1.0"
