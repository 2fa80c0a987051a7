"""Running git (a subprocess with argument lists, never a shell string), and making a repo shareable.

`setup` (cop init), `clone` and `ensure_driver` (every command) put cop's merge driver in place;
`merge_file` is git's three-way text merge. The operations `cop sync`, `cop status` and `cop log` run
on a work tree are `cop.store.git.operations.GitRepo`.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from cop.domain.errors import GitError

DRIVER = "cop"
DRIVER_NAME = "cop: field-by-field merge of knowledge records"
ATTRIBUTES = (
    "# cop merges its record files field by field (see docs/sync.md)\n"
    "communities/*.yaml merge=cop\n"
    "members/*.yaml merge=cop\n"
    "mentorships/*.yaml merge=cop\n"
    "events/*.yaml merge=cop\n"
    "projects/*.yaml merge=cop\n"
    "paths/*.yaml merge=cop\n"
    "progress/*/*.yaml merge=cop\n"
    "entries/*/*.md merge=cop\n"
    "/cop.yaml merge=cop\n"
    "# both sides' lines kept (say a forge's first commit added its own .gitignore)\n"
    ".gitignore merge=union\n"
    ".gitattributes merge=union\n"
)


class RemoteUnreachable(GitError):
    """The remote could not be reached (offline, moved, or no permission)."""


def config_value(key: str, cwd: Path | None = None) -> str | None:
    """`git config --get KEY`, or None when git or the key is missing."""
    if shutil.which("git") is None:
        return None
    try:
        result = subprocess.run(
            ["git", "config", "--get", key],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = result.stdout.strip()
    return value or None


def driver_command() -> str:
    """The merge driver command git runs through `sh`: this very interpreter, so it works even where
    `cop` is not on PATH. The path is ours (not shared content); git fills in %O %A %B %P itself.

    git runs the driver with the work tree as the current folder, and plain `-m` puts that folder
    first on `sys.path`: a `cop.py` or `cop/` a teammate committed would run instead of cop. `-I`
    (isolated) leaves the current folder, PYTHON* variables and the user's site-packages out; when this
    cop is importable only through PYTHONPATH or the user's site-packages, `-P` leaves out just the
    current folder, so the driver still finds the cop that wrote the entry."""
    return f"{shlex.quote(sys.executable)} {_isolation_flag()} -m cop merge-driver %O %A %B %P"


def _isolation_flag() -> str:
    """`-I` unless this cop lives on a path only PYTHONPATH or the user's site-packages add."""
    import site

    home = Path(__file__).resolve().parents[2]  # the folder holding the `cop` package
    extra = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if site.ENABLE_USER_SITE and site.USER_SITE:
        extra.append(site.USER_SITE)
    for folder in extra:
        try:
            if Path(folder).resolve() == home:
                return "-P"
        except OSError:
            continue
    return "-I"


class RemoteRefused(GitError):
    """The remote answered and refused (a server hook declined the push); its own words included."""


class NetTimeout(GitError):
    """A git command talking to a remote ran past the network timeout (and was stopped)."""


DEFAULT_NET_TIMEOUT = 60.0  # seconds; COP_NET_TIMEOUT or `git config cop.timeout` change it


def net_timeout(cwd: Path | None) -> float:
    """How long one fetch, push or clone may take: COP_NET_TIMEOUT, else `git config cop.timeout`,
    else 60 seconds."""
    raw = os.environ.get("COP_NET_TIMEOUT") or config_value("cop.timeout", cwd=cwd)
    if not raw:
        return DEFAULT_NET_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not 0 < value < 10**7:
        raise GitError(
            f"the network timeout '{raw}' (COP_NET_TIMEOUT or git config cop.timeout) is not a number "
            "of seconds"
        )
    return value


def _git(
    args: list[str],
    cwd: Path,
    *,
    check: bool = True,
    extra_env: dict[str, str] | None = None,
    stdin: str | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """git with `args`. With `timeout`, git runs in its own process group, and the whole group (ssh,
    a remote helper) is stopped when time runs out: NetTimeout."""
    if shutil.which("git") is None:
        raise GitError("git is not installed; install git to share a repo (https://git-scm.com)")
    env = {**os.environ, "LC_ALL": "C", "LANGUAGE": "C", **(extra_env or {})}  # stable messages
    try:
        if timeout is None:
            result = subprocess.run(
                ["git", *args], cwd=cwd, capture_output=True, text=True, env=env, check=False, input=stdin
            )
        else:
            result = _run_bounded(["git", *args], cwd, env, stdin, timeout)
    except OSError as error:
        raise GitError(f"cannot run git {args[0]}: {error.strerror}") from None
    if check and result.returncode != 0:
        raise GitError(f"git {args[0]} failed: {_last_line(result.stderr or result.stdout)}")
    return result


def _run_bounded(
    argv: list[str], cwd: Path, env: dict[str, str], stdin: str | None, timeout: float
) -> subprocess.CompletedProcess[str]:
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        text=True,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own group: a child holding our pipes is stopped with it
    )
    try:
        out, err = process.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise NetTimeout(f"git {argv[1]} ran past {timeout:g} s") from None
    except BaseException:
        _kill_group(process)
        raise
    return subprocess.CompletedProcess(argv, process.returncode, out, err)


def _kill_group(process: subprocess.Popen[str]) -> None:
    import signal

    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass
    process.communicate()


def _last_line(text: str) -> str:
    """The line of git's output that says what went wrong: the first `fatal:` (later ones and the
    advice after them are generic), else the last `error:`, else the last line that is not a hint."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    for prefix, pick in (("fatal:", 0), ("error:", -1)):
        found = [line for line in lines if line.startswith(prefix)]
        if found:
            return found[pick][len(prefix) :].strip()
    hints = [line for line in lines if not line.startswith("hint:")]
    return (hints or lines or ["no message"])[-1]


def git_dir(root: Path) -> Path | None:
    """The `.git` folder that holds `root`'s config, found by walking up (no subprocess)."""
    for folder in (root, *root.parents):
        dot_git = folder / ".git"
        if dot_git.is_dir():
            return dot_git
        if dot_git.is_file():  # a worktree or submodule: "gitdir: <path>"
            try:
                text = dot_git.read_text(encoding="utf-8").strip()
            except OSError:
                return None
            if not text.startswith("gitdir:"):
                return None
            target = Path(text.split(":", 1)[1].strip())
            target = target if target.is_absolute() else folder / target
            common = target / "commondir"
            if common.is_file():
                shared = Path(common.read_text(encoding="utf-8").strip())
                return shared if shared.is_absolute() else (target / shared).resolve()
            return target
    return None


def ensure_driver(root: Path) -> bool:
    """Make sure the repo holding `root` has cop's merge driver in its local config (git reads merge
    drivers from config only, never from the repo). Reads `.git/config` as text, so it costs no process
    when the driver is already there. Returns True when it had to add or repair the entry."""
    folder = git_dir(root)
    if folder is None:
        return False
    expected = driver_command()
    try:
        text = (folder / "config").read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    if f'[merge "{DRIVER}"]' in text and f"driver = {expected}\n" in text:
        return False
    if config_value(f"merge.{DRIVER}.driver", cwd=root) == expected:
        return False  # written with escapes our quick text check does not expect
    try:
        _git(["config", "--local", f"merge.{DRIVER}.name", DRIVER_NAME], root)
        _git(["config", "--local", f"merge.{DRIVER}.driver", expected], root)
    except GitError:
        return False  # a read-only clone still works; its merges just fall back to git's text merge
    return True


def setup(root: Path, remote: str | None = None) -> None:
    """Make a new repo shareable: git init when not inside a work tree, merge driver, remote."""
    inside = _git(["rev-parse", "--is-inside-work-tree"], root, check=False)
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        _git(["init", "-q"], root)
    _add_lines(root / ".gitattributes", ATTRIBUTES)
    ensure_driver(root)
    if remote:
        known = _git(["remote", "get-url", "origin"], root, check=False).returncode == 0
        _git(["remote", "set-url" if known else "add", "origin", remote], root)


def _add_lines(path: Path, wanted: str, rules_only: bool = False) -> str | None:
    """Append the lines of `wanted` that `path` lacks; 'missing' or 'incomplete' when it wrote, None
    when nothing was needed. With `rules_only`, a file lacking only comment lines is left alone."""
    from cop.store.records import files

    existing = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    have = set(existing.splitlines())
    missing = [line for line in wanted.splitlines() if line and line not in have]
    if not missing or rules_only and all(line.startswith("#") for line in missing):
        return None
    joiner = "" if not existing or existing.endswith("\n") else "\n"
    files.atomic_write(path, existing + joiner + "\n".join(missing) + "\n")
    return "incomplete" if existing else "missing"


def restore_shared_files(root: Path) -> list[str]:
    """Put back what a shared repo needs and someone deleted (a copy made without dotfiles, a
    teammate's commit): `.gitignore` keeping the cache out, `.gitattributes` naming cop's merge driver
    (without it two different fields of one record conflict). One message per file restored."""
    from cop.store.records import layout

    said: list[str] = []
    why = {
        ".gitignore": f"it keeps cop's cache {layout.CACHE_DIR}/ out of commits",
        ".gitattributes": "cop's field-by-field merge of records needs it",
    }
    ignored = _git(["check-ignore", "-q", "--no-index", "--", f"{layout.CACHE_DIR}/"], root, check=False)
    wants = [(".gitattributes", ATTRIBUTES)]
    if ignored.returncode == 1:  # 0 ignored, 128 a git error: leave the file alone then
        wants.insert(0, (".gitignore", layout.GITIGNORE))
    for name, wanted in wants:
        state = _add_lines(root / name, wanted, rules_only=True)
        if state == "missing":
            said.append(f"{name} was missing: restored it ({why[name]})")
        elif state == "incomplete":
            said.append(f"{name} lacked cop's lines: added them ({why[name]})")
    return said


def clone(url: str, target: Path) -> None:
    """`git clone URL TARGET` (TARGET must not exist or be empty)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    limit = net_timeout(None)
    try:
        result = _git(["clone", "-q", "--", url, str(target)], target.parent, check=False, timeout=limit)
    except NetTimeout:
        raise RemoteUnreachable(f"cannot clone {url}: {timed_out(url, limit)}") from None
    if result.returncode != 0:
        raise RemoteUnreachable(f"cannot clone {url}: {_last_line(result.stderr)}")


def timed_out(remote: str, limit: float) -> str:
    """The words for a remote that did not answer in time."""
    return (
        f"{remote} did not answer within {limit:g} s (set a longer limit with COP_NET_TIMEOUT=SECONDS "
        "or 'git config cop.timeout SECONDS')"
    )


def discard_clone(target: Path, keep_folder: bool) -> None:
    """Remove what a failed `cop clone` made: the folder, or only its contents when it existed
    (empty) before. Symlinks inside are removed, never followed."""
    if not keep_folder:
        shutil.rmtree(target, ignore_errors=True)
        return
    for child in target.iterdir() if target.is_dir() else ():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def merge_file(base: str, ours: str, theirs: str) -> tuple[str, bool]:
    """git's own three-way text merge (`git merge-file -p`); returns (text, conflicted)."""
    with tempfile.TemporaryDirectory(prefix="cop-merge-") as tmp:
        paths = []
        for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(tmp) / name
            path.write_bytes(text.encode("utf-8", errors="surrogateescape"))
            paths.append(str(path))
        result = subprocess.run(
            ["git", "merge-file", "-p", "-L", "local", "-L", "base", "-L", "remote", *paths],
            capture_output=True,
            check=False,
        )
    if result.returncode < 0 or result.returncode > 127:
        raise GitError(f"git merge-file failed: {_last_line(result.stderr.decode(errors='replace'))}")
    return result.stdout.decode("utf-8", errors="surrogateescape"), result.returncode != 0
