"""The builder screen: the form of :mod:`acutimer.tui.builder.form`, plus the file side.

Saving asks for a name when there is no file of one's own yet (a new routine, a copy of a
built-in) and asks before replacing any other file; previewing runs the routine being built as a
session; quitting asks before unsaved changes are lost. A file with problems opens as it is,
each problem under its field. The screen runs in the builder's own app (``acutimer new`` and
``edit``) and, from the picker, in acutimer's.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path

from textual import work
from textual.binding import Binding
from textual.widgets import Static

from acutimer.paths import RoutineRef, builtin_refs, user_routines_dir
from acutimer.routine import authoring
from acutimer.routine.draft import Draft
from acutimer.routine.errors import AcutimerError
from acutimer.routine.loading import LoadedRoutine, RoutineFile, routine_titles
from acutimer.routine.models import Routine
from acutimer.routine.userfiles import copy_title, free_name
from acutimer.tui.builder.form import DraftScreen
from acutimer.tui.builder.widgets import AskScreen, PromptScreen

Preview = Callable[[LoadedRoutine, float], None]
DEFAULT_PREVIEW_SPEED = "10"


def key_words(key: str) -> str:
    """A draft's key path in words: ``steps[2].pace.inhale`` → ``step 3, pace.inhale``."""
    found = re.match(r"steps\[(\d+)\]\.?(.*)", key)
    if found is None:
        return key or "the routine"
    rest = found.group(2)
    return f"step {int(found.group(1)) + 1}" + (f", {rest}" if rest else "")


def check_speed(text: str) -> tuple[bool, str]:
    """Whether ``text`` is a preview speed, and what it means."""
    try:
        speed = float(text)
    except ValueError:
        return False, "a number: 1 is real time, 10 is ten times as fast"
    if not 0.1 <= speed <= 1000:
        return False, "use a factor from 0.1 to 1000"
    return True, "real time" if speed == 1 else f"{speed:g}× as fast as real time"


def check_name(text: str) -> tuple[bool, str]:
    """Whether ``text`` will do as a routine name, and which file it saves to."""
    try:
        stem = authoring.safe_name(text)
        path = authoring.routine_path(stem)
    except AcutimerError as error:
        return False, error.problems[0].message
    if stem in {ref.name for ref in builtin_refs()}:
        return False, f"{stem} is a built-in routine's name; choose another"
    exists = " (exists: you will be asked before it is replaced)" if path.exists() else ""
    return True, f"saves as {path.name}{exists}"


class BuilderScreen(DraftScreen):
    """The builder: edit, preview, save under a name, never replace a file without asking.

    Args:
        draft: the routine being built.
        heading: the line at the top (what is being edited).
        preview: runs a routine as a session at a speed.
        save_name: the user routine this draft saves over without asking (the one being edited).
        disk_text: that file's text when it was loaded, to notice a change made meanwhile.
        hand_written: that file is not in the builder's layout (comments would be lost): ask
            before the first save over it.
        suggested: the name offered when asking for one.
        consent: names the user already agreed to replace (``new NAME --force``).
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "save", id="builder.save"),
        Binding("ctrl+p", "preview", "preview", id="builder.preview"),
        Binding("ctrl+q", "quit_app", "quit", priority=True, id="builder.quit"),
        # The step list's keys: they act only while it has the focus (DraftScreen.check_action).
        Binding("a", "add_step", "add", id="builder.add"),
        Binding("c,d", "duplicate_step", "copy", key_display="c", id="builder.duplicate"),
        Binding("x,delete", "delete_step", "delete", key_display="x", id="builder.delete"),
        Binding("u", "undo_delete", "undo", id="builder.undo"),
        Binding("K,ctrl+up", "move_step(-1)", "move", key_display="K/J", id="builder.up"),
        Binding("J,ctrl+down", "move_step(1)", "down", show=False, id="builder.down"),
        Binding("p", "change_point", "point", id="builder.point"),
        Binding("q", "leave", "quit", show=False, id="builder.leave"),
        Binding("ctrl+r", "drop_unknown", "drop keys", id="builder.drop"),
    ]

    def __init__(
        self,
        draft: Draft,
        heading: str,
        preview: Preview,
        *,
        save_name: str | None = None,
        disk_text: str | None = None,
        hand_written: bool = False,
        suggested: str = "",
        consent: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(draft, heading)
        self.preview = preview
        self.save_name = save_name
        self.disk_text = disk_text
        self.hand_written = hand_written
        self.suggested = suggested
        self.consent = consent
        self.saved: list[Path] = []
        self.discarded = False
        """The user quit and let unsaved changes go ("y quits and loses them")."""

    @classmethod
    def for_new(cls, name: str | None, preview: Preview, *, force: bool = False) -> BuilderScreen:
        """The builder for a new routine: ``acutimer new NAME``, or n in the picker (no name)."""
        if name is None:
            draft = Draft.blank()
            return cls(draft, "New routine (saving asks for its name)", preview)
        stem = authoring.safe_name(name)
        heading = f"New routine: {stem}"
        if authoring.routine_path(stem).exists() and not force:
            heading += f" ({stem}.toml exists: saving asks first)"
        draft = Draft.blank(authoring.title_from_name(name))
        return cls(
            draft, heading, preview, suggested=stem, consent=frozenset({stem} if force else ())
        )

    @classmethod
    def for_file(cls, file: RoutineFile, preview: Preview) -> BuilderScreen:
        """The builder on a routine file (``acutimer edit``, e in the picker), problems and all.

        A built-in, or a file outside the routines folder, is saved as a copy of one's own; a
        built-in's copy is titled as one, so that the two can be told apart.

        Raises:
            AcutimerError: the file's shape is one the builder cannot show.
        """
        ref = file.ref
        label = str(ref.path) if not ref.builtin else f"{ref.name} (built-in)"
        if file.routine is not None:
            draft = Draft.from_routine(file.routine)
        else:
            draft = Draft.from_file_data(file.data, label)
        screen = cls._for_file(file, draft, preview)
        screen.announce_problems = file.routine is None
        return screen

    @classmethod
    def _for_file(cls, file: RoutineFile, draft: Draft, preview: Preview) -> BuilderScreen:
        ref = file.ref
        if ref.builtin:
            heading = f"Editing {ref.name} (built-in): saving makes a copy"
            title = str(draft.data.get("title", ""))
            draft.data["title"] = copy_title(title, set(routine_titles().values()))
            screen = cls(draft, heading, preview, suggested=free_name(f"{ref.name}-copy"))
            screen.baseline = copy.deepcopy(draft.data)  # the copy's title is not an edit
            return screen
        stem = ref.path.stem
        try:
            suggested = authoring.safe_name(stem)
        except AcutimerError:
            suggested = "my-routine"
        if ref.path.resolve() == authoring.routine_path(suggested):
            written = file.routine is not None and file.text == authoring.routine_toml(file.routine)
            return cls(
                draft,
                f"Editing {stem}",
                preview,
                save_name=stem,
                disk_text=file.text,
                hand_written=not written,
                suggested=stem,
            )
        heading = f"Editing {ref.path.name}: saving puts a copy in your routines"
        return cls(draft, heading, preview, suggested=suggested)

    # --- saving -----------------------------------------------------------------------------

    def action_save(self) -> None:
        self._save()

    @work(exclusive=True, group="builder-dialog")
    async def _save(self) -> None:
        routine = self.draft.routine
        if routine is None:
            count = len(self.draft.errors())
            key, text = next(iter(self.draft.errors().items()))
            more = f" (and {count - 1} more)" if count > 1 else ""
            where = key_words(key)
            self.say(f"Not saved: fix the marked fields first. {where}: {text}{more}", "error")
            return
        name = self.save_name
        if name is not None and self.hand_written:
            question = f"Saving rewrites {name}.toml in the builder's layout. Save it?"
            hint = "Its comments and layout are lost · y saves · n does not"
            if not await self._ask(question, hint):
                self.say("Not saved.")
                return
        if name is not None and self._unchanged_on_disk(name):
            self._write(name, routine, force=True)
            return
        if name is not None:
            question = f"{name}.toml changed on disk since you opened it. Replace it?"
            if await self._ask(question, "y replaces it · n saves under another name"):
                self._write(name, routine, force=True)
                return
        suggested = self.suggested or free_name(str(self.draft.data.get("title") or "my-routine"))
        while True:
            answer = await self.app.push_screen_wait(
                PromptScreen("Save as", suggested, "Enter saves · Esc cancels", check_name)
            )
            if answer is None:
                self.say("Not saved.")
                return
            stem = authoring.safe_name(answer)
            path = authoring.routine_path(stem)
            agreed = stem in self.consent or stem == self.save_name
            if path.exists() and not agreed:
                question = f"{path.name} already exists. Replace it?"
                if not await self._ask(question, "y replaces it · n keeps it"):
                    suggested = answer
                    continue
            self._write(stem, routine, force=path.exists())
            return

    def _unchanged_on_disk(self, name: str) -> bool:
        try:
            return authoring.routine_path(name).read_text(encoding="utf-8") == self.disk_text
        except FileNotFoundError:
            return True
        except OSError:
            return False

    def _write(self, name: str, routine: Routine, *, force: bool) -> None:
        try:
            path = authoring.save_routine(name, routine, force=force)
        except AcutimerError as error:
            self.say(f"Not saved: {error}", "error")
            return
        self.saved.append(path)
        self.save_name = path.stem
        self.hand_written = False
        self.disk_text = path.read_text(encoding="utf-8")
        self.baseline = copy.deepcopy(self.draft.data)
        self.heading = f"Editing {path.stem}"
        self.query_one("#b-heading", Static).update(self.heading)
        self.refresh_status()
        self.say(f"Saved {path}", "success")

    async def _ask(self, question: str, hint: str) -> bool:
        answer: bool | None = await self.app.push_screen_wait(AskScreen(question, hint))
        return bool(answer)

    # --- preview and quit -------------------------------------------------------------------

    def action_preview(self) -> None:
        self._preview()

    @work(exclusive=True, group="builder-dialog")
    async def _preview(self) -> None:
        routine = self.draft.routine
        if routine is None:
            self.say(
                "Preview needs a routine without errors: fix the marked fields first.",
                "warning",
            )
            return
        speed = await self.app.push_screen_wait(
            PromptScreen(
                "Preview at what speed?",
                DEFAULT_PREVIEW_SPEED,
                "Enter starts the preview (nothing is saved) · Esc cancels",
                check_speed,
            )
        )
        if speed is not None:
            name = self.save_name or self.suggested or "preview"
            ref = RoutineRef(name, user_routines_dir() / f"{name}.toml", False)
            self.preview(LoadedRoutine(ref, routine, ""), float(speed))

    def action_close(self) -> None:
        """Close the builder (Esc in the step list), asking first if changes are unsaved: back
        to the list of routines, or out of ``acutimer new`` and ``edit``."""
        if self.dirty:
            self._quit_unsaved(leave_app=False)
        else:
            self._leave(leave_app=False)

    def action_leave(self) -> None:
        """q in the step list, Ctrl+Q and Ctrl+C: quit acutimer, as q does on every screen,
        asking first if changes are unsaved."""
        if self.dirty:
            self._quit_unsaved(leave_app=True)
        else:
            self._leave(leave_app=True)

    def action_quit_app(self) -> None:
        """Ctrl+Q, from anywhere in the builder: as q in the step list."""
        self.action_leave()

    @work(exclusive=True, group="builder-dialog")
    async def _quit_unsaved(self, *, leave_app: bool) -> None:
        if await self._ask(
            "Quit without saving your changes?", "y quits and loses them · n goes back"
        ):
            self.discarded = True
            self._leave(leave_app=leave_app)

    def _leave(self, *, leave_app: bool) -> None:
        if leave_app:
            self.app.exit(0)
        elif self.is_current:
            self.dismiss(self.saved)
