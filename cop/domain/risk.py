"""Knowledge risk: how many people a topic's knowledge rests on (a truck factor per tag, the greedy
method of Avelino et al., "A novel approach for estimating truck factors", ICPC 2016), with staleness
and people who have left, each score in parts and a remedy. Pure; the exact rules are docs/insights.md."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
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
    alone: dict[str, int] = {}
    shared: dict[str, list[str]] = {}
    unheld = 0
    for unit, people in units.items():
        named = set(people)
        if len(named) == 1:
            (person,) = named
            alone[person] = alone.get(person, 0) + 1
        unheld += not named
        for person in named if len(named) > 1 else ():
            shared.setdefault(person, []).append(unit)
    holders = alone.keys() | shared.keys()
    return truck_factor_held({h: (alone.get(h, 0), shared.get(h, [])) for h in holders}, unheld)


def truck_factor_held(held: Mapping[str, tuple[int, Sequence[str]]], unheld: int = 0) -> TruckFactor:
    """`truck_factor` from each person's holdings: person -> (units they alone hold, ids of the units they
    share with others), and `unheld` units with no people; what the index's GROUP BY returns, so a topic's
    single-holder units (nearly all) are counts, not rows."""
    left: dict[str, int] = {}
    for _alone, units in held.values():
        for unit in units:
            left[unit] = left.get(unit, 0) + 1
    total = unheld + len(left) + sum(alone for alone, _units in held.values())
    order = sorted(held, key=lambda h: (-held[h][0] - len(held[h][1]), h))
    return truck_factor_ranked([(h, *held[h]) for h in order], total, left, unheld)


def truck_factor_ranked(
    ranked: Iterable[tuple[str, int, Sequence[str]]], total: int, holders: Mapping[str, int], unheld: int = 0
) -> TruckFactor:
    """The greedy removal itself: `ranked` is (person, units they alone hold, ids of the units they share)
    most units first, then A-Z (the index sorts them, and may stop at the first person the removal cannot
    reach: before them, the units held alone already orphan more than half), `total` the topic's units
    (`unheld` of them with no people) and `holders` how many people share each shared unit."""
    if not total:
        return TruckFactor(0, (), 0, 0)
    left = dict(holders)
    orphaned = unheld
    removed: list[str] = []
    for person, alone, units in ranked:
        if orphaned * 2 > total:
            break
        removed.append(person)
        orphaned += alone
        for unit in units:
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
