"""Rules for who knows a topic (`cop experts`): the weight of each kind of evidence and how it decays.

Pure: the store counts the evidence in SQL (`cop.store.index.experts`), already decayed with `decay`,
and these rules turn the counts into each factor's points and a ranking. docs/people.md ("Experts")
states the same rules for people."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: evidence this many days old counts half as much as today's; twice as old, a quarter
HALF_LIFE_DAYS = 365.0

#: the factors in the order they are shown, with the points one (fresh) piece of evidence is worth
WEIGHTS: Mapping[str, float] = {
    "expertise": 3.0,  # the member declares the topic as an expertise (no decay: it is said today)
    "entries": 2.0,  # an entry written in the topic (not a question, not an answer)
    "answers": 1.0,  # an answer given to a question in the topic, not accepted
    "accepted": 3.0,  # an accepted answer (instead of the 1 of a plain answer)
    "endorsements": 0.5,  # each endorsement received on their entries and answers in the topic
    "verifications": 1.0,  # each verification they did of an entry in the topic
    "mentorships": 2.0,  # a mentorship given (active or completed) to a mentee learning the topic
}
FACTORS: tuple[str, ...] = tuple(WEIGHTS)
#: how a factor reads in a sentence: (one, several)
LABELS: Mapping[str, tuple[str, str]] = {
    "expertise": ("declared expertise", "declared expertise"),
    "entries": ("entry", "entries"),
    "answers": ("answer", "answers"),
    "accepted": ("accepted answer", "accepted answers"),
    "endorsements": ("endorsement", "endorsements"),
    "verifications": ("verification", "verifications"),
    "mentorships": ("mentorship given", "mentorships given"),
}


def points_text(points: float) -> str:
    """Points as shown: one decimal, without a trailing '.0' (3, 2.5, 0.7)."""
    text = f"{points:.1f}"
    return text[:-2] if text.endswith(".0") else text


def decay(age_days: float | None) -> float:
    """How much evidence `age_days` old counts: 1 today, 1/2 after `HALF_LIFE_DAYS`; future or
    undated evidence counts fully (1)."""
    if age_days is None or age_days <= 0:
        return 1.0
    return float(0.5 ** (age_days / HALF_LIFE_DAYS))


@dataclass(frozen=True)
class Factor:
    """One kind of evidence: how many pieces, their decayed weight, and the points they add."""

    name: str
    count: int
    weight: float  # the sum of each piece's decay (== count when all of it is fresh)
    points: float

    def why(self) -> str:
        shown = f"+{points_text(self.points)}"
        if self.name == "expertise":
            return f"declared expertise {shown}"
        one, many = LABELS[self.name]
        return f"{self.count} {one if self.count == 1 else many} {shown}"


@dataclass(frozen=True)
class Expert:
    """A member ranked for a topic, with the factors behind the score."""

    handle: str
    name: str
    external: bool
    department: str
    team: str
    factors: tuple[Factor, ...]

    @property
    def score(self) -> float:
        return round(sum(f.points for f in self.factors), 3)

    def why(self) -> str:
        """The parts, as a person reads them: 'declared expertise +3, 2 accepted answers +5.4'."""
        return ", ".join(f.why() for f in self.factors)


def factors(counts: Mapping[str, tuple[int, float]]) -> tuple[Factor, ...]:
    """Factors from {name: (count, decayed weight)}, in `FACTORS` order, the empty ones left out."""
    out = []
    for name in FACTORS:
        count, weight = counts.get(name, (0, 0.0))
        if count > 0:
            out.append(Factor(name, int(count), round(weight, 4), round(weight * WEIGHTS[name], 3)))
    return tuple(out)


def rank(experts: Iterable[Expert]) -> list[Expert]:
    """Highest score first, then by handle (so the same data always gives the same order)."""
    return sorted((e for e in experts if e.score > 0), key=lambda e: (-e.score, e.handle))


@dataclass(frozen=True)
class Ranking:
    """`cop experts`' answer: the topic as matched, how (`tag` or `words`), and the ranked members."""

    topic: str
    mode: str
    experts: tuple[Expert, ...]
    half_life_days: float = HALF_LIFE_DAYS


@dataclass(frozen=True)
class Topic:
    """One of a member's topics with the evidence behind it (`cop member show`)."""

    topic: str
    expert: Expert
