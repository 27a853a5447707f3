"""The practice plan: which routines, at what times of which days; what was done against it.

``model`` is the plan file's data, ``schedule`` the pure arithmetic of its times, ``store`` the
file in the acutimer home, ``today`` the day's times matched against the history, ``state`` what
the reminders did with each time (offered, snoozed, skipped).
"""
