"""Where the text of an entry comes from: `--body`, `--body-file` (a path or `-` for stdin), or the
person's editor (`$VISUAL`, then `$EDITOR`).

The editor works on a temporary file. What comes back is validated by the core; on an error the person is
asked whether to re-open the editor, and text they decline to fix is kept in that file (its path is
printed), so typed text is never lost. What was typed and not saved is also kept as a draft in the
clone's local state (`Cop.draft`) and offered back by the next edit of the same thing.
"""

from __future__ import annotations

import os
import shlex
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer

from cop.commands import output
from cop.core.editing import EditorFailed as EditorFailed  # re-exported: the commands raise it
from cop.core.editing import editor_command
from cop.core.editing import run_editor as run_editor_process
from cop.domain.errors import CopError, UsageError

if TYPE_CHECKING:
    from cop.core import Cop
    from cop.domain.models import Entry

T = TypeVar("T")


def body_from_options(body: str | None, body_file: str | None) -> str | None:
    """The body given on the command line: `--body TEXT`, `--body-file PATH`, `--body-file -` (stdin);
    None when neither was given."""
    if body is not None and body_file is not None:
        raise UsageError("give the body with --body or with --body-file, not both")
    if body_file is None:
        return body
    return read_text_option(body_file, "--body-file")


def read_text_option(value: str, option: str) -> str:
    """The text of a file named on the command line (`-` reads stdin)."""
    if value == "-":
        return sys.stdin.read()
    path = Path(value).expanduser()
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{option} {value}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{option} {value}: is a folder, not a file") from None
    except UnicodeDecodeError:
        raise UsageError(f"{option} {value}: is not UTF-8 text") from None
    except OSError as error:
        raise UsageError(f"{option} {value}: {error.strerror}") from None


def run_editor(path: Path, root: Path | None = None) -> None:
    """Open `path` in the editor (the `editor` setting of the clone at `root`) and wait for it (an
    argument list, never a shell string)."""
    command = [*editor_command(root), str(path)]
    try:
        status = run_editor_process(command)
    except OSError as error:
        raise EditorFailed(
            f"cannot run the editor '{command[0]}' ({error.strerror}); check VISUAL and EDITOR"
        ) from None
    if status != 0:
        raise EditorFailed(f"the editor exited with status {status}; nothing was saved")


def _reopen() -> bool:
    """Ask whether to re-open the editor; no answer (end of input) means no."""
    try:
        return typer.confirm("re-open the editor?", default=True, err=True)
    except (typer.Abort, EOFError):
        return False


def _use_draft(when: str | None) -> bool:
    """Ask whether to start from the text an earlier edit left unsaved; no answer means yes."""
    since = f" from {when}" if when else ""
    try:
        return typer.confirm(
            f"an earlier edit{since} was not saved: start from its text?", default=True, err=True
        )
    except (typer.Abort, EOFError):
        return True


def edit_until_valid(
    text: str, save: Callable[[str], T], *, name: str, resume: str, core: Cop | None = None
) -> T | None:
    """Let the person edit `text`, then `save` it; repeat while it fails and they want to fix it.

    Returns what `save` returned, or None when the text came back unchanged (nothing is saved). When they
    decline to fix an invalid text it stays in a file and the error says where; `resume` is the command
    that picks it up again, with `{path}` in it. With `core`, what was typed and not saved (the editor
    failed or was killed, the text did not validate, the command was interrupted) is also kept as a
    draft in the clone's local state under `editor:<name>`, and offered back the next time.
    """
    key = f"editor:{name}"
    start = text
    if core is not None:
        kept = core.draft(key)
        if kept is not None and kept != text and _use_draft(core.draft_saved_at(key)):
            start = kept
    fd, raw = tempfile.mkstemp(prefix=f"cop-{name}-", suffix=".md")
    path = Path(raw)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(start)
    keep = saved = False
    try:
        while True:
            run_editor(path, core.root if core is not None else None)
            edited = path.read_text(encoding="utf-8")
            if edited == text or not edited.strip():
                saved = start != text  # they took the draft back to the saved text; a declined one stays
                return None
            try:
                result = save(edited)
            except CopError as error:
                _keep_draft(core, key, text, path)
                output.message(f"[red]error:[/red] {output.escape(str(error))}")
                if not _reopen():
                    keep = True
                    raise EditorFailed(
                        f"nothing saved; your text is kept in {path}: fix it, then run "
                        + resume.format(path=shlex.quote(str(path)))
                    ) from None
            else:
                saved = True
                return result
    finally:
        if core is not None:
            if saved:
                core.drop_draft(key)
            else:
                _keep_draft(core, key, text, path)
        if not keep:
            path.unlink(missing_ok=True)


def _keep_draft(core: Cop | None, key: str, original: str, path: Path) -> None:
    """Keep the editor file's text as a draft when it holds something new (never raises)."""
    if core is None:
        return
    try:
        typed = path.read_text(encoding="utf-8")
        if typed != original and typed.strip():
            core.save_draft(key, typed)
    except (OSError, UnicodeDecodeError, CopError, ValueError):
        pass  # the temporary file is kept on a failed save; nothing more to do


def wants_editor(edit: bool, text: str | None) -> bool:
    """Whether to write the text in the editor: asked for with --edit, or no text given on a terminal."""
    if edit and text is not None:
        raise UsageError("give the text with --body/--body-file or write it with --edit, not both")
    return edit or (text is None and output.stdin_is_terminal() and output.is_terminal())


def new_entry_in_editor(core: Cop, template: str) -> Entry:
    """A new entry written in the editor from `template` (see `Cop.entry_template`)."""
    entry = edit_until_valid(
        template, core.add_entry_from_text, name="new", resume="cop add --from-file {path}", core=core
    )
    if entry is None:
        raise EditorFailed("nothing saved: the text came back unchanged or empty")
    return entry
