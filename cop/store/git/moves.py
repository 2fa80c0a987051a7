"""Settling a record that a merge left at several paths (moved on one side, moved or deleted on the other)."""

from __future__ import annotations

from cop.domain.errors import CopError
from cop.store.git.driver import merge_texts, parse_version
from cop.store.git.operations import GitRepo
from cop.store.records import files, layout


def settle_moves(g: GitRepo) -> list[str]:
    """A record moved on one side and moved elsewhere or deleted on the other (an entry sent to two
    communities at once) leaves git with one record at several paths. cop settles it: the merged
    text (git ran the driver on it) goes where its own `community` says, the other paths go."""

    groups: dict[tuple[str, str], dict[str, set[int]]] = {}
    for path, stages in g.unmerged().items():
        kind = layout.type_of_path(path)
        if kind is not None and len(stages) == 1:
            groups.setdefault((kind or "", layout.expected_key(path)), {})[path] = stages
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
