"""The entry record (best practices, how-tos, lessons, questions and answers, ...) and the trust it
carries (endorsements, verifications, review dates). The base is `cop.domain.records`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from cop.domain.errors import ValidationError
from cop.domain.records import MAX_INT, Record, Superseded, _f

ENTRY_KINDS = (
    "best-practice",
    "how-to",
    "lesson",
    "resource",
    "question",
    "answer",
    "idea",
    "discussion",
    "announcement",
)
ENTRY_STATUSES = ("published", "draft", "archived", "obsolete")


@dataclass
class Verification(Record):
    by: list[str] = _f("slugs", [])
    on: str = _f("date")
    review: str = _f("date")


@dataclass
class Verified(Record):
    """One verification of an entry: who checked it, on which day, and what they noted."""

    by: str = _f("slug", required=True)
    date: str = _f("date", required=True)
    note: str = _f("text")


@dataclass
class Entry(Record):
    key_field: ClassVar[str] = "id"
    _not_in_yaml: ClassVar[frozenset[str]] = frozenset({"extra", "body"})

    id: str = _f("id", required=True)
    kind: str = _f("choice", required=True, choices=ENTRY_KINDS)
    title: str = _f("title", required=True)
    community: str = _f("slug", required=True)
    status: str = _f("choice", "published", choices=ENTRY_STATUSES)
    author: str = _f("slug")
    created: str = _f("timestamp")
    updated: str = _f("timestamp")
    tags: list[str] = _f("tags", [])
    url: str = _f("str")
    question: str = _f("id")
    accepted: str = _f("id")
    endorsements: list[str] = _f("slugs", [])
    verification: Verification | None = _f("record", None, of=Verification)
    links: list[str] = _f("list", [])
    verifiers: list[str] = _f("slugs", [])
    verified: list[Verified] = _f("records", [], of=Verified)
    review: str = _f("date")
    superseded_by: str = _f("id")
    superseded: list[Superseded] = _f("records", [], of=Superseded)
    score: int = _f("int", 0, min=-MAX_INT)  # a post's votes where it came from (a Stack Exchange import)
    body: str = ""

    def check(self) -> None:
        if self.question and self.kind != "answer":
            raise ValidationError("question", "only an answer points to a question")
        if self.accepted and self.kind != "question":
            raise ValidationError("accepted", "only a question has an accepted answer")
        if self.kind == "answer" and not self.question:
            raise ValidationError("question", "an answer needs the id of its question")
