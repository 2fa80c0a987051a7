"""A realistic, deterministic cop repo of N entries for the benchmarks.

Realistic rather than uniform: ~20 communities of uneven size, a few hundred members (a few write most),
tags drawn from a skewed (Zipf-like) vocabulary, Markdown bodies of 0.5-5 KB made of real English words
with their real frequencies (taken from the Python documentation that ships with CPython, so a search term
is as common or as rare as it is in technical prose), questions with answers (some accepted), and
mentorships with goals and sessions. The same (size, seed) always gives the same files.

Files are written directly in cop's format (`cop.store.render` gives the exact bytes), not through the
CLI: 100k entries take about a minute instead of hours.

    python -m benchmarks.corpus /tmp/corpus-10k --size 10000 [--seed 6] [--git]
"""

from __future__ import annotations

import argparse
import bisect
import collections
import datetime as dt
import json
import os
import random
import re
import subprocess
import time
from dataclasses import asdict, dataclass
from itertools import accumulate
from pathlib import Path

GENERATOR_VERSION = 2  # 2: [[ID]] links between entries
MANIFEST = "manifest.json"

COMMUNITIES = [
    ("python-guild", "Python Guild", "professional", "software development"),
    ("data-science", "Data Science Chapter", "professional", "data and analytics"),
    ("devops", "DevOps Practice", "professional", "operations"),
    ("frontend", "Frontend Circle", "professional", "software development"),
    ("security", "Security Champions", "corporate", "information security"),
    ("qa-testing", "Quality and Testing", "professional", "software development"),
    ("architecture", "Architecture Forum", "corporate", "software architecture"),
    ("product", "Product Management", "professional", "product"),
    ("ux-research", "UX Research", "professional", "design"),
    ("cloud-platform", "Cloud Platform", "corporate", "infrastructure"),
    ("mobile", "Mobile Developers", "professional", "software development"),
    ("agile-coaching", "Agile Coaching", "professional", "ways of working"),
    ("ml-ops", "MLOps", "professional", "machine learning"),
    ("databases", "Database Guild", "professional", "data engineering"),
    ("tech-writing", "Technical Writers", "professional", "documentation"),
    ("sre", "Site Reliability", "professional", "operations"),
    ("accessibility", "Accessibility Allies", "social", "design"),
    ("leadership", "New Leaders Circle", "academic", "management"),
    ("open-source", "Open Source Office", "virtual", "community"),
    ("onboarding", "Onboarding Buddies", "social", "people"),
]
TOPIC_TAGS = (
    "python testing packaging security performance api design review onboarding ci cd docker kubernetes "
    "terraform observability logging metrics incident postmortem sql postgres caching async typing "
    "refactoring accessibility css react mobile android ios ux research interviews agile retrospective "
    "estimation architecture microservices events kafka data pandas ml notebooks privacy gdpr "
    "documentation writing mentoring career leadership hiring git branching release migration cloud aws "
    "azure cost reliability slo alerting on-call debugging profiling memory concurrency linting"
).split()
FIRST = (
    "ada alan grace linus barbara ken dennis margaret edsger donald frances john radia sophie tim guido "
    "yukihiro bjarne anders james brian rob larry katherine hedy annie jean mary evelyn carol lynn"
).split()
LAST = "lovelace turing hopper torvalds liskov thompson ritchie hamilton dijkstra knuth allen".split()
DEPARTMENTS = ("Engineering", "Data", "Design", "Product", "Operations", "Security", "People", "Sales")
KINDS = (
    ("best-practice", 12),
    ("how-to", 14),
    ("lesson", 10),
    ("resource", 8),
    ("question", 20),
    ("answer", 24),
    ("idea", 5),
    ("discussion", 5),
    ("announcement", 2),
)
ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
EPOCH = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
SPAN_SECONDS = 3 * 365 * 86400
_STOP = frozenset(
    "the and for that this with are from which can not you use used see also when will have has its "
    "into any may one all but been more only other should such than then there these they their was "
    "were what where would must each some same most just like does being both given while".split()
)


@dataclass
class Manifest:
    """What the runner needs to know about a generated corpus (written next to it as JSON)."""

    size: int
    seed: int
    version: int
    repo: str
    entries: int
    members: int
    communities: int
    mentorships: int
    tag: str  # the most used tag
    tag_count: int
    community: str  # the largest community
    community_questions: int
    common_word: str
    common_df: int  # entries containing it
    rare_word: str
    rare_df: int
    entry_id: str  # an entry in the middle of the corpus
    question_id: str  # a question with answers
    member: str  # a prolific author, to act as
    bytes: int
    seconds: float
    git: bool
    linked_id: str = ""  # the entry most linked to ([[ID]] in other bodies): `cop show` with backlinks

    @classmethod
    def load(cls, folder: Path) -> Manifest | None:
        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            return cls(**data)
        except (OSError, ValueError, TypeError):
            return None


class _Words:
    """English words with their frequencies in CPython's own documentation (a Zipf-like distribution)."""

    def __init__(self) -> None:
        from pydoc_data.topics import topics

        counts = collections.Counter(
            w for w in re.findall(r"[a-z]+", " ".join(topics.values()).lower()) if 3 <= len(w) <= 14
        )
        ranked = counts.most_common()
        self.words = [w for w, _ in ranked]
        self.cum = list(accumulate(c for _, c in ranked))
        self.counts = counts
        self.common = next(w for w, _ in ranked if len(w) >= 6 and w not in _STOP)
        singles = sorted(w for w, c in ranked if c == 1 and len(w) >= 7)
        self.rare = singles[len(singles) // 2]

    def sample(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum, k=k)


def _zipf_cum(n: int, s: float) -> list[float]:
    return list(accumulate(1 / (rank**s) for rank in range(1, n + 1)))


def _pick(rng: random.Random, items: list[str], cum: list[float]) -> str:
    return items[bisect.bisect(cum, rng.random() * cum[-1])]


def _timestamp(seconds: float) -> str:
    return (EPOCH + dt.timedelta(seconds=int(seconds))).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sentence(words: list[str]) -> str:
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _body(rng: random.Random, vocab: _Words, target: int) -> str:
    """Markdown of about `target` bytes: paragraphs, headings, lists and the odd code block."""
    parts: list[str] = []
    size = 0
    while size < target:
        roll = rng.random()
        if roll < 0.12 and parts:
            block = "## " + " ".join(vocab.sample(rng, rng.randint(2, 5))).capitalize()
        elif roll < 0.24:
            block = "\n".join(
                "- " + " ".join(vocab.sample(rng, rng.randint(3, 10))) for _ in range(rng.randint(2, 6))
            )
        elif roll < 0.29:
            names = vocab.sample(rng, 6)
            block = (
                f"```python\ndef {names[0]}_{names[1]}({names[2]}):\n    return {names[3]}.{names[4]}()\n```"
            )
        else:
            words = vocab.sample(rng, rng.randint(30, 110))
            sentences, start = [], 0
            while start < len(words):
                end = start + rng.randint(6, 18)
                sentences.append(_sentence(words[start:end]))
                start = end
            block = " ".join(sentences)
        parts.append(block)
        size += len(block) + 2
    return "\n\n".join(parts) + "\n"


def _ids(rng: random.Random, count: int) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        value = "".join(rng.choice(ID_ALPHABET) for _ in range(8))
        if value not in seen:
            seen.add(value)
            out.append(value)
    return out


def _write(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    with open(path, "wb") as handle:
        handle.write(data)
    return len(data)


def generate(folder: Path, size: int, seed: int = 6, git: bool = False) -> Manifest:
    """Write a repo of `size` entries to `folder/repo` (created fresh) and its manifest to `folder`."""
    from cop.domain.ids import slugify
    from cop.domain.models import Community, Entry, Goal, Member, Membership, Mentorship, Session
    from cop.store import Repo, render

    started = time.perf_counter()
    rng = random.Random(seed)
    vocab = _Words()
    root = folder / "repo"
    if root.exists():
        raise SystemExit(f"{root} exists already: generate into an empty folder")
    folder.mkdir(parents=True, exist_ok=True)
    Repo.init(root, name=f"Benchmark corpus ({size} entries)", description="Generated by benchmarks.corpus")
    total_bytes = 0

    # Communities of uneven size.
    slugs = [c[0] for c in COMMUNITIES]
    community_cum = _zipf_cum(len(slugs), 0.9)
    tags = TOPIC_TAGS + [w for w in vocab.words[150:600] if len(w) >= 5 and w not in TOPIC_TAGS][:240]
    tag_cum = _zipf_cum(len(tags), 1.1)

    # Members: a few hundred, of whom a few write most entries.
    member_count = max(30, min(300, size // 20))
    handles: list[str] = []
    names: list[str] = []
    for number in range(member_count):
        first, last = FIRST[number % len(FIRST)], LAST[(number // len(FIRST)) % len(LAST)]
        suffix = "" if number < len(FIRST) * len(LAST) else str(number)
        handles.append(f"{first}-{last}{suffix}")
        names.append(f"{first.title()} {last.title()}{suffix}")
    author_cum = _zipf_cum(member_count, 1.0)
    coordinators: dict[str, list[str]] = {slug: [] for slug in slugs}
    for number, handle in enumerate(handles):
        joined = rng.sample(slugs, rng.randint(1, 4))
        memberships = []
        for slug in joined:
            role = "member"
            if len(coordinators[slug]) < 2 and rng.random() < 0.3:
                role = "coordinator"
                coordinators[slug].append(handle)
            memberships.append(Membership(community=slug, role=role))
        member = Member(
            handle=handle,
            name=names[number],
            email=f"{handle}@example.com",
            department=rng.choice(DEPARTMENTS),
            team=f"team-{rng.randint(1, 40)}",
            external=rng.random() < 0.05,
            expertise=sorted({_pick(rng, tags, tag_cum) for _ in range(rng.randint(0, 4))}),
            interests=sorted({_pick(rng, tags, tag_cum) for _ in range(rng.randint(0, 3))}),
            memberships=memberships,
            bio=_sentence(vocab.sample(rng, rng.randint(5, 15))) if rng.random() < 0.5 else "",
            joined=_timestamp(rng.random() * SPAN_SECONDS)[:10],
        )
        total_bytes += _write(root / f"members/{handle}.yaml", render(member))
    for number, (slug, name, kind, domain) in enumerate(COMMUNITIES):
        community = Community(
            slug=slug,
            name=name,
            kind=kind,
            domain=domain,
            description=_sentence(vocab.sample(rng, 12)) + "\n" + _sentence(vocab.sample(rng, 9)) + "\n",
            coordinators=coordinators[slug] or [handles[number % member_count]],
            tags=sorted({_pick(rng, tags, tag_cum) for _ in range(3)}),
            links={"chat": f"#{slug}"},
            created=_timestamp(number * 86400),
        )
        total_bytes += _write(root / f"communities/{slug}.yaml", render(community))
        (root / "entries" / slug).mkdir(parents=True, exist_ok=True)

    # Entry metadata first (answers need earlier questions), bodies while writing.
    kind_names = [k for k, _ in KINDS]
    kind_cum = list(accumulate(w for _, w in KINDS))
    entry_ids = _ids(rng, size)
    moments = sorted(rng.random() * SPAN_SECONDS for _ in range(size))
    questions: dict[str, list[int]] = {slug: [] for slug in slugs}
    answers: collections.Counter[int] = collections.Counter()
    plan: list[tuple[str, str, str]] = []  # (community, kind, question id)
    accepted: dict[int, str] = {}
    for number in range(size):
        slug = _pick(rng, slugs, community_cum)
        kind = _pick(rng, kind_names, kind_cum)
        question = ""
        if kind == "answer":
            if questions[slug]:
                # Answers go mostly to recent questions.
                target = questions[slug][-1 - min(int(rng.expovariate(0.3)), len(questions[slug]) - 1)]
                question = entry_ids[target]
                answers[target] += 1
                if target not in accepted and rng.random() < 0.35:
                    accepted[target] = entry_ids[number]
            else:
                kind = "question"
        if kind == "question":
            questions[slug].append(number)
        plan.append((slug, kind, question))

    tag_counts: collections.Counter[str] = collections.Counter()
    common_df = rare_df = 0
    # Links: a third of the bodies link to 1-3 earlier entries by a 6-character prefix, one in five of
    # them to one hub entry (so `cop show HUB` lists many backlinks). Their own generator, so the rest
    # of the corpus is what it was before links.
    link_rng = random.Random(seed * 7919 + 1)
    hub = size // 3

    def links_for(number: int) -> str:
        if number <= hub or link_rng.random() >= 0.33:
            return ""
        targets = [
            hub if link_rng.random() < 0.2 else link_rng.randrange(number)
            for _ in range(link_rng.randint(1, 3))
        ]
        return "\n\nSee also " + ", ".join(f"[[{entry_ids[t][:6]}]]" for t in dict.fromkeys(targets)) + ".\n"

    for number, (slug, kind, question) in enumerate(plan):
        title_words = vocab.sample(rng, rng.randint(4, 9))
        if kind == "question":
            title = "How do we " + " ".join(title_words) + "?"
        else:
            title = " ".join(title_words).capitalize()
        entry_tags = sorted({_pick(rng, tags, tag_cum) for _ in range(rng.randint(1, 5))})
        tag_counts.update(entry_tags)
        created = moments[number]
        updated = min(created + rng.expovariate(1 / (20 * 86400)), SPAN_SECONDS)
        body = _body(rng, vocab, int(500 * 10 ** (rng.random())))  # 0.5-5 KB, smaller ones commoner
        body += links_for(number)
        words = set(re.findall(r"[a-z]+", body.lower()))
        common_df += vocab.common in words
        rare_df += vocab.rare in words
        roll = rng.random()
        entry = Entry(
            id=entry_ids[number],
            kind=kind,
            title=title,
            community=slug,
            status="draft" if roll < 0.04 else "archived" if roll < 0.06 else "published",
            author=_pick(rng, handles, author_cum),
            created=_timestamp(created),
            updated=_timestamp(updated),
            tags=entry_tags,
            url=f"https://example.com/{'/'.join(title_words[:2])}" if kind == "resource" else "",
            question=question,
            accepted=accepted.get(number, ""),
            body=body,
        )
        path = root / f"entries/{slug}/{entry.id}-{slugify(title)}.md"
        total_bytes += _write(path, render(entry))

    # Mentorships.
    mentorship_count = max(5, min(500, size // 200))
    for mentorship_id in _ids(rng, mentorship_count):
        mentor, mentee = rng.sample(handles, 2)
        start = rng.random() * (SPAN_SECONDS - 200 * 86400)
        sessions = [
            Session(
                date=_timestamp(start + 14 * 86400 * i)[:10],
                minutes=rng.choice((30, 45, 60)),
                notes=_sentence(vocab.sample(rng, rng.randint(6, 20))) + "\n",
                next=_sentence(vocab.sample(rng, 5)),
            )
            for i in range(rng.randint(0, 6))
        ]
        mentorship = Mentorship(
            id=mentorship_id,
            mentor=mentor,
            mentee=mentee,
            community=rng.choice(slugs),
            status=rng.choice(("active", "active", "active", "proposed", "paused", "completed")),
            started=_timestamp(start)[:10],
            cadence="every two weeks",
            goals=[
                Goal(text=_sentence(vocab.sample(rng, 6)), status=rng.choice(("open", "open", "done")))
                for _ in range(rng.randint(1, 3))
            ],
            sessions=sessions,
            created=_timestamp(start),
            updated=_timestamp(start + 14 * 86400 * len(sessions)),
        )
        total_bytes += _write(root / f"mentorships/{mentorship_id}.yaml", render(mentorship))

    if git:
        _git_commit(root)

    biggest = max(slugs, key=lambda s: sum(1 for p in plan if p[0] == s))
    asked = max(answers, key=lambda q: answers[q]) if answers else 0
    manifest = Manifest(
        size=size,
        seed=seed,
        version=GENERATOR_VERSION,
        repo=str(root),
        entries=size,
        members=member_count,
        communities=len(slugs),
        mentorships=mentorship_count,
        tag=tag_counts.most_common(1)[0][0],
        tag_count=tag_counts.most_common(1)[0][1],
        community=biggest,
        community_questions=len(questions[biggest]),
        common_word=vocab.common,
        common_df=common_df,
        rare_word=vocab.rare,
        rare_df=rare_df,
        entry_id=entry_ids[size // 2],
        question_id=entry_ids[asked],
        member=handles[0],
        bytes=total_bytes,
        seconds=round(time.perf_counter() - started, 1),
        git=git,
        linked_id=entry_ids[hub],
    )
    (folder / MANIFEST).write_text(json.dumps(asdict(manifest), indent=2) + "\n", encoding="utf-8")
    return manifest


def _git_commit(root: Path) -> None:
    """Commit the corpus (identity given inline: the benchmark must not depend on the user's config)."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com"}
    env |= {"GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
    for args in (
        ["git", "init", "-q", "-b", "main"],
        ["git", "config", "feature.manyFiles", "true"],
        ["git", "add", "-A"],
        ["git", "commit", "-q", "-m", "benchmark corpus"],
    ):
        subprocess.run(args, cwd=root, check=True, env=env, stdout=subprocess.DEVNULL)


def ensure(folder: Path, size: int, seed: int = 6, git: bool = False) -> Manifest:
    """The corpus in `folder`, reused when a previous run generated the same one, else generated."""
    manifest = Manifest.load(folder)
    if (
        manifest is not None
        and (manifest.size, manifest.seed, manifest.version) == (size, seed, GENERATOR_VERSION)
        and (manifest.git or not git)
        and Path(manifest.repo).is_dir()
    ):
        return manifest
    if folder.exists():
        import shutil

        shutil.rmtree(folder)
    return generate(folder, size, seed, git)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="where to write (the repo goes to FOLDER/repo)")
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--git", action="store_true", help="also commit the corpus to a new git repo")
    args = parser.parse_args()
    manifest = generate(args.folder, args.size, args.seed, args.git)
    print(json.dumps(asdict(manifest), indent=2))


if __name__ == "__main__":
    main()
