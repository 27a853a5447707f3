"""``acutimer delete NAME`` and ``acutimer rename OLD NEW``: the user's routines only.

A delete moves the file to the trash folder and says how to bring it back; a rename never
replaces a file, and the history's sessions of the routine follow it to its new name.
"""

from __future__ import annotations

import argparse
import shlex
import sys

from acutimer.routine.errors import EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    from acutimer.routine import userfiles

    ref = userfiles.user_routine(args.name)
    item = userfiles.trash(ref)
    print(f"moved {item.original.name} to the trash: {item.trashed}")
    back = f"{shlex.quote(str(item.trashed))} {shlex.quote(str(item.original))}"
    print(f"to bring it back: mv -n {back}")
    return EXIT_OK


def cmd_rename(args: argparse.Namespace) -> int:
    from acutimer.routine import userfiles

    ref = userfiles.user_routine(args.old)
    target = userfiles.rename(ref, args.new)
    print(f"renamed {ref.path.name} to {target.name}")
    moved = _rename_in_history(ref.name, target.stem)
    if moved:
        print(f"{moved} session{'s' * (moved != 1)} in your history now go by {target.stem}")
    print(f"run it with: acutimer run {target.stem}")
    return EXIT_OK


def _rename_in_history(old: str, new: str) -> int:
    """Rename the routine in the history, if there is one; a failure is said, not raised."""
    from acutimer.history.errors import HistoryError
    from acutimer.history.store import HistoryStore, history_path

    path = history_path()
    if not path.exists():
        return 0
    try:
        store = HistoryStore.open(path)
        try:
            return store.rename_routine(old, new)
        finally:
            store.close()
    except HistoryError as error:
        print(
            f"acutimer: the history was not changed ({error}); "
            f"its sessions of {old} keep that name",
            file=sys.stderr,
        )
        return 0
