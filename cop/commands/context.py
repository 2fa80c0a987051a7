"""What every command shares: the lazily opened core (`ctx.obj`) and the error-to-exit-code rule."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from cop.domain.errors import CopError

try:  # Typer 0.2x vendors Click; older releases use Click itself
    from typer._click.exceptions import ClickException as _ClickException
    from typer._click.exceptions import UsageError as _UsageError
except ImportError:  # pragma: no cover - depends on the installed Typer
    # the checker sees Typer's vendored classes above; Click's own are other classes of the same name
    from click.exceptions import ClickException as _ClickException  # type: ignore[assignment]
    from click.exceptions import UsageError as _UsageError  # type: ignore[assignment]

if TYPE_CHECKING:
    from cop.core import Cop


#: commands that only read the repo (by path below `cop`); every other one may write to it
READ_COMMANDS = frozenset(
    {"whoami", "doctor", "reindex", "list", "show", "search", "tags", "status", "log", "export", "watch"}
    | {f"{group} {leaf}" for group in ("community", "member", "mentor") for leaf in ("list", "show")}
)


def _shown(path: Path) -> str:
    """A path as a person types it: under the home folder as `~/...`."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)


@dataclass
class State:
    """Global options, and the core opened on first use (so `cop init` needs no repo)."""

    repo: Path | None = None
    acting: str | None = None
    #: where `acting` came from: "--as" or "COP_USER"
    acting_from: str = "--as"
    #: `--json` before the command (`cop --json list`): the command's own --json defaults to it
    json: bool = False
    #: the running command below `cop` ("add", "member list"): says whether it may write
    command: str = ""
    _cop: Cop | None = field(default=None, repr=False)

    @property
    def cop(self) -> Cop:
        if self._cop is None:
            from cop.core import Cop, resolve_repo_path
            from cop.core.settings import default_repo, identity

            repo = self.repo or default_repo()
            # --as and COP_USER (both in self.acting) win; else the clone's, then the user's identity
            acting, acting_from = self.acting, self.acting_from
            if not acting:
                acting, acting_from = identity(resolve_repo_path(repo)[0])
            self._cop = Cop.open(repo, acting, acting_from=acting_from)
            if self._cop.created_default:
                typer.echo(
                    f"created your personal knowledge repo at {self._cop.root} "
                    "(a shared one: 'cop init PATH' or 'cop clone URL')",
                    err=True,
                )
            elif self._cop.personal:
                self._say_personal(self._cop)
            if self.command not in ("watch", "merge-driver"):
                self._auto_watch(self._cop)
        return self._cop

    def _auto_watch(self, core: Cop) -> None:
        """The `watch` setting (docs/watch.md): start a watcher in a big clone, and say so once."""
        from cop.core.settings import auto_watch

        root = core.root.resolve()
        started = auto_watch(core, [sys.executable, "-m", "cop", "--repo", str(root), "watch"])
        if started is not None:
            found, count = started
            typer.echo(
                f"started 'cop watch' in the background for {root} ({count:,} record files; pid {found.pid}) "
                "so commands skip their sweep; turn it off with 'cop config set watch off'",
                err=True,
            )

    def _say_personal(self, core: Cop) -> None:
        """Outside any repo cop uses the personal one: say so on every write, and on a read that
        finds it empty (else a person wonders where their team's records went)."""
        where = f"using the personal repo at {_shown(core.repo.root)} (no cop.yaml here or above)"
        if self.command not in READ_COMMANDS:
            typer.echo(where, err=True)
        elif not core.repo.files():
            typer.echo(f"{where}; it is empty: 'cop init PATH' or 'cop clone URL' for a shared one", err=True)

    def close(self) -> None:
        if self._cop is not None:
            self._cop.close()
            self._cop = None


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    if not isinstance(obj, State):  # a command invoked on its own in a test
        obj = State()
        ctx.find_root().obj = obj
    return obj


def get_cop(ctx: typer.Context) -> Cop:
    """The opened core for this invocation."""
    st = state(ctx)
    st.command = " ".join(ctx.command_path.split()[1:])
    return st.cop


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one error line on stderr and return the Exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


class CopGroup(TyperGroup):
    """Turns a CopError anywhere below into one stderr line and its exit code: no traceback.

    Click's own usage errors (unknown option, missing argument, bad value) get the same treatment:
    one `error:` line naming the command's help, exit code 2, instead of a usage block in a panel.
    """

    def main(  # type: ignore[override]  # Click's signature differs between Typer releases
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **kwargs: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **kwargs)
        try:
            result = super().main(args, prog_name, complete_var, False, **kwargs)
        except _UsageError as error:
            if type(error).__name__ != "NoArgsIsHelpError":  # that one has printed the help already
                where = error.ctx.command_path if error.ctx is not None else "cop"
                message = error.format_message().rstrip(".")
                typer.echo(f"error: {message} (see '{where} --help')", err=True)
            sys.exit(error.exit_code)
        except _ClickException as error:
            typer.echo(f"error: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except typer.Abort:
            typer.echo("aborted", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except CopError as error:
            raise fail(str(error), error.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None
