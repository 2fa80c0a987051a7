"""The steps of `cop sync` and `cop clone` beyond git itself: a record deleted on one side and edited
on the other is kept, a record moved on both sides is settled where it says it belongs, a first sync
adopts the remote's only branch when the names differ, and a clone checks out the branch holding
cop.yaml. Sync runs them under the repo's write lock, so no record write slips between what these
steps read and what they write."""

from __future__ import annotations

from cop.domain.errors import CopError, SyncError
from cop.store.git.driver import merge_texts, parse_version
from cop.store.git.operations import GitRepo
from cop.store.records import files, layout


def keep_edits(g: GitRepo) -> list[str]:
    """A record deleted on one side and edited on the other is kept, with the edit."""
    kept: list[str] = []
    for path, stages in g.unmerged().items():
        if 1 in stages and stages == {1, 3}:  # deleted here, edited there
            g.take_stage(path, 3)
        elif 1 in stages and stages == {1, 2}:  # edited here, deleted there
            g.take_stage(path, 2)
        else:
            continue
        kept.append(path)
    return kept


def settle_moves(g: GitRepo) -> list[str]:
    """A record moved on one side and moved elsewhere or deleted on the other (an entry sent to two
    communities at once) leaves git with one record at several paths. cop settles it: the merged
    text (git ran the driver on it) goes where its own `community` says, the other paths go."""
    groups: dict[tuple[str, str], dict[str, set[int]]] = {}
    for path, stages in g.unmerged().items():
        record_type = layout.record_type_of_path(path)
        if record_type is not None and len(stages) == 1:
            # one record: an entry by its id wherever it went; any other record by its path (git may
            # pair lin's progress on two paths as a rename: two records all the same)
            identity = layout.expected_key(path) if record_type.moves else path
            groups.setdefault((record_type.name, identity), {})[path] = stages
    settled: list[str] = []
    for (kind, _key), paths in groups.items():
        ours = next((p for p, st in paths.items() if st == {2}), None)
        theirs = next((p for p, st in paths.items() if st == {3}), None)
        if not kind or ours is None and theirs is None:
            continue
        texts = [g.stage_text(p, n) if p else None for p, n in ((ours, 2), (theirs, 3))]
        base = next((g.stage_text(p, 1) for p, st in paths.items() if st == {1}), None) or ""
        if texts[0] is not None and texts[1] is not None and texts[0] != texts[1]:
            text, conflicted = merge_texts(base, texts[0], texts[1], ours or "")
            if conflicted:
                continue  # a body conflict: left for the person, with the other conflicts
        else:
            text = texts[0] if texts[0] is not None else texts[1] or ""
        name = ours or theirs or ""
        target = name
        try:
            record = parse_version(kind, text, name)
            if kind == "entry":
                target = f"entries/{getattr(record, 'community', '')}/{name.rsplit('/', 1)[-1]}"
        except CopError:
            continue
        g.remove([p for p in paths if p != target])
        files.atomic_write(g.root / target, text)
        g.stage_all([target])
        settled.append(target)
    return settled


def adopt_remote_branch(g: GitRepo, branch: str) -> tuple[str, str] | None:
    """A first sync from a branch the remote lacks (git made 'master', the forge 'main'): when the
    local branch was never pushed, the remote has exactly one branch and it shares no history with
    ours (a forge's first commit, not a branch someone made from it), work on that one instead.
    Returns (the branch now checked out, its remote tip), None when nothing was adopted."""
    if g.config(f"branch.{branch}.remote") is not None:
        return None
    branches = [b for b in g.remote_branches("origin") if b != "HEAD"]
    if len(branches) != 1:
        return None
    tip = g.rev(f"refs/remotes/origin/{branches[0]}")
    if tip is None or g.rev("HEAD") is None or g.merge_base("HEAD", tip) is not None:
        return None
    check_unrelated(g, tip, branches[0])  # refuses another knowledge repo before renaming anything
    g.run("branch", "-m", branches[0])
    return branches[0], tip


def check_unrelated(g: GitRepo, tip: str, branch: str) -> None:
    """A remote with no history in common is merged when it holds no knowledge repo (a forge's first
    commit: README, LICENSE, .gitignore); one holding another knowledge repo is refused."""
    if g.show(tip, layout.CONFIG_FILE) is not None:
        raise SyncError(
            f"origin/{branch} holds another knowledge repo with no history in common with this one; "
            "to work on it, 'cop clone' it into a new folder (then 'cop export' here and 'cop import' "
            "there to bring these records over)"
        )


def check_out_cop_branch(g: GitRepo, url: str) -> None:
    """The remote's HEAD names a branch it lacks (a bare repo made by a git defaulting to 'master',
    with 'main' pushed), or a branch without cop.yaml: check out the one branch that holds cop.yaml."""
    branches = [b for b in g.remote_branches("origin") if b != "HEAD"]
    holding = [b for b in branches if g.show(f"refs/remotes/origin/{b}", layout.CONFIG_FILE) is not None]
    if len(holding) != 1:
        which = (
            f"several of its branches do ({', '.join(holding)})" if holding else "none of its branches does"
        )
        raise SyncError(
            f"{url} is not a cop repo: its default branch has no {layout.CONFIG_FILE} and {which}"
            + ("; clone one with 'git clone -b BRANCH', then run any cop command there" if holding else "")
        )
    g.run("checkout", "-q", "-B", holding[0], "--track", f"origin/{holding[0]}")
