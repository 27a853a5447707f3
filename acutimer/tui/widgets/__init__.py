"""Widgets of the full-screen app that draw what the screens hand them."""
