"""The routine builder: an app of its own (``acutimer new`` and ``edit``), its form and dialogs."""
