"""A tag on many entries is checked entry by entry down the sort's index (`query.common_tags`), a rare one
gathered first: the same page either way, and the plan SQLite takes is the cheap one for each."""

from __future__ import annotations

import random
from pathlib import Path

from cop.domain.filters import EntryFilter
from cop.store import Repo
from cop.store.index.query import common_tags, entry_where, order_by
from tests.record_files import write_record
from tests.store.test_index_sql import random_entries


def _plan(repo: Repo, where: EntryFilter, common: frozenset[str]) -> str:
    clause, args = entry_where(where, common)
    sql = f"SELECT m.rowid FROM meta m WHERE {clause} ORDER BY {order_by('updated')} LIMIT 5"
    return " | ".join(row[3] for row in repo.index_conn().execute(f"EXPLAIN QUERY PLAN {sql}", args))


def test_a_common_tag_walks_the_sort_index_and_a_rare_one_is_gathered(repo_path: Path) -> None:
    rng = random.Random(7)
    entries = random_entries(rng, 80, [])
    for number, entry in enumerate(entries):
        entry.tags = ["common"] + (["rare"] if number % 20 == 0 else [])
        write_record(repo_path, entry)
    repo = Repo.open(repo_path)
    try:
        repo.refresh()
        conn = repo.index_conn()
        assert common_tags(conn, ("common", "rare", "absent"), 5) == {"common"}  # bound: sqrt(5 x 80)
        assert common_tags(conn, ("common",), 80) == set(), "a page 80 deep: gathering 80 is cheaper"
        assert "SCAN m USING COVERING INDEX meta_updated" in _plan(
            repo, EntryFilter(tags=("common",)), frozenset({"common"})
        )
        assert "USE TEMP B-TREE" in _plan(repo, EntryFilter(tags=("rare",)), frozenset())
        for tags in (("common",), ("rare",), ("common", "rare")):
            where = EntryFilter(tags=tags, hide_obsolete=True)
            whole = [e.id for e in repo.entries(where)]
            for offset in (0, 3, 40):
                assert [e.id for e in repo.entries(where, limit=5, offset=offset)] == whole[
                    offset : offset + 5
                ]
    finally:
        repo.close()
