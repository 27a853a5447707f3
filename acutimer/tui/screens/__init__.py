"""Screens of the full-screen app, each with its .tcss beside it."""
