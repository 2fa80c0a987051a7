"""Experts on an imported Q&A archive (issue 15 item 1): a Stack Exchange dump in the documented shape,
imported through the real importer, then the members with the most answers in a tag rank at the top."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from cop.core import Cop
from cop.core.transfer.stackexchange import import_stackexchange
from cop.domain.filters import EntryFilter
from tests.cli.test_import_stackexchange import row, write_dump

TAGS = ["kubernetes", "terraform", "postgres", "python"]


def generated_dump(folder: Path, seed: int = 11) -> tuple[Path, dict[str, Counter[str]]]:
    """200 questions over four tags by 30 users; per tag a few users answer far more than the rest.
    Returns the dump and, per tag, how many answers (accepted ones counted twice) each user gave."""
    rng = random.Random(seed)
    users = [str(n) for n in range(10, 40)]
    heavy = {tag: users[4 * i : 4 * i + 3] for i, tag in enumerate(TAGS)}  # three per tag
    posts, given = [], {tag: Counter[str]() for tag in TAGS}
    post_id = 1
    for q in range(200):
        tag = TAGS[q % len(TAGS)]
        question_id, post_id = post_id, post_id + 1
        answer_ids, rows = [], []
        for _ in range(rng.randint(1, 3)):
            author = rng.choice(heavy[tag] * 5 + users)
            rows.append((post_id, author))
            answer_ids.append(post_id)
            given[tag][author] += 1
            post_id += 1
        accepted = rng.choice(rows) if rng.random() < 0.6 else None
        if accepted:
            given[tag][accepted[1]] += 1
        day = f"2026-{1 + q % 11:02d}-{1 + q % 27:02d}T10:00:00.000"
        posts.append(
            row(Id=str(question_id), PostTypeId="1", CreationDate=day, Score="1", Body="<p>How?</p>",
                OwnerUserId=rng.choice(users), Title=f"Question {q} on {tag}", Tags=f"<{tag}>",
                **({"AcceptedAnswerId": str(accepted[0])} if accepted else {}))
        )  # fmt: skip
        for answer_id, author in rows:
            posts.append(
                row(Id=str(answer_id), PostTypeId="2", ParentId=str(question_id), CreationDate=day,
                    Score="0", Body="<p>Like this.</p>", OwnerUserId=author)
            )  # fmt: skip
    names = [row(Id=u, DisplayName=f"User {u}", Reputation="1") for u in users]
    return write_dump(folder, posts, names), given


def test_the_members_with_the_most_answers_in_a_tag_rank_at_the_top(cop: Cop, tmp_path: Path) -> None:
    dump, given = generated_dump(tmp_path / "dump")
    result = import_stackexchange(cop, dump, "py")
    assert result.count("add") > 400, result.count("add")
    # the same core sees what the import wrote (it wrote past the repo, so the repo must look again)
    assert cop.count_entries(EntryFilter(kind="question")) == 200
    handle = {m.handle.rsplit("-", 1)[-1]: m.handle for m in cop.members() if m.handle.startswith("user-")}
    for tag in TAGS:
        ranking = cop.experts(tag)
        assert ranking.mode == "tag"
        ranked = [e.handle for e in ranking.experts]
        most = [handle[u] for u, _ in given[tag].most_common(3)]
        assert set(ranked[:3]) == set(most), (tag, ranked[:5], given[tag].most_common(5))
        first = ranking.experts[0]
        assert {f.name for f in first.factors} <= {"answers", "accepted", "entries"}
