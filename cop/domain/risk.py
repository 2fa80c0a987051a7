"""Knowledge risk: how many people a topic's knowledge rests on (a truck factor per tag, the greedy
method of Avelino et al., "A novel approach for estimating truck factors", ICPC 2016), with staleness
and people who have left, each score in parts and a remedy. Pure; the exact rules are docs/insights.md."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TruckFactor:
    """The greedy truck factor of one topic: `factor` people (`holders`, in the order removed) whose
    departure orphans more than half of its `units` knowledge units."""

    factor: int
    holders: tuple[str, ...]
    units: int
    orphaned: int


def truck_factor(units: Mapping[str, Iterable[str]]) -> TruckFactor:
    """Rank people by the units they hold (most first, ties A-Z handle), then remove them in that order
    until more than half of the units have no holder left (Avelino et al.'s greedy order, fixed at the
    start). A unit with no people counts as orphaned from the start."""
    left: dict[str, int] = {}
    holds: dict[str, list[str]] = {}
    for unit, people in units.items():
        named = set(people)
        left[unit] = len(named)
        for person in named:
            holds.setdefault(person, []).append(unit)
    total = len(left)
    if not total:
        return TruckFactor(0, (), 0, 0)
    order = sorted(holds, key=lambda h: (-len(holds[h]), h))
    orphaned = sum(1 for n in left.values() if not n)
    removed: list[str] = []
    for person in order:
        if orphaned * 2 > total:
            break
        removed.append(person)
        for unit in holds[person]:
            left[unit] -= 1
            orphaned += not left[unit]
    return TruckFactor(len(removed), tuple(removed), total, orphaned)


#: a topic is at risk when its truck factor is at most this
AT_RISK = 2
#: points for a topic resting on one person, on two
CONCENTRATION = {1: 2.0, 2: 1.0}


@dataclass(frozen=True)
class TopicRisk:
    """One topic's knowledge risk, in parts: score = concentration + stale share + holders who left."""

    tag: str
    truck: TruckFactor
    entries: int
    stale: int
    left: tuple[str, ...]
    remedies: tuple[str, ...] = ()
    verifiers: tuple[str, ...] = field(default=())

    @property
    def concentration(self) -> float:
        return CONCENTRATION.get(self.truck.factor, 0.0)

    @property
    def stale_share(self) -> float:
        return self.stale / self.entries if self.entries else 0.0

    @property
    def score(self) -> float:
        return round(self.concentration + self.stale_share + len(self.left), 4)

    @property
    def why(self) -> str:
        """One line a person reads: what the score is made of."""
        n = self.truck.factor
        people = ", ".join(self.truck.holders)
        parts = [
            f"{self.truck.units} unit{'s' * (self.truck.units != 1)} "
            f"rest{'s' * (self.truck.units == 1)} on {n} "
            f"{'person' if n == 1 else 'people'} ({people})"
        ]
        if self.stale:
            parts.append(f"{self.stale} of {self.entries} entries stale")
        if self.left:
            parts.append(f"{', '.join(self.left)} left")
        return "; ".join(parts)


def remedies(
    tag: str,
    truck: TruckFactor,
    left: Iterable[str],
    verifiers: Iterable[str],
    candidates: Iterable[str],
) -> tuple[str, ...]:
    """What would spread the topic's knowledge, most pressing first: a how-to when a holder left, a
    second verifier when at most one person verifies, a mentorship from the top holder still here."""
    gone = list(left)
    here = [h for h in truck.holders if h not in gone]
    who = [c for c in candidates if c not in truck.holders]
    pick = who[0] if who else "someone interested in it"
    out: list[str] = []
    if gone:
        out.append(f"write a how-to on #{tag}: {', '.join(gone)} held it and left")
    if len(set(verifiers)) <= 1:
        named = sorted(set(verifiers))
        current = f" (only {named[0]} verifies)" if named else " (nobody has verified it)"
        out.append(f"name a second verifier for #{tag}{current}: {pick}")
    if here:
        out.append(f"a mentorship from {here[0]} to {pick} on #{tag}")
    elif not gone:
        out.append(f"write a how-to on #{tag}")
    return tuple(out)


def rank(rows: Iterable[TopicRisk]) -> list[TopicRisk]:
    """Highest score first, then more units, then A-Z."""
    return sorted(rows, key=lambda r: (-r.score, -r.truck.units, r.tag))
