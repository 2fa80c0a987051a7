"""Rules for mentor matching (`cop mentor match`): one candidate's score and its parts, and the
assignment of mentors to every member seeking one (the Hungarian algorithm over capacity slots).

Pure: the core gathers the members, their evidence (`cop.domain.expertise`) and their mentorships;
docs/people.md ("Mentor matching") states the same rules for people."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cop.domain.expertise import points_text

#: points a shared topic adds at most: TOPIC_POINTS * s / (s + TOPIC_HALF), s the mentor's expert score
TOPIC_POINTS = 10.0
TOPIC_HALF = 5.0
#: points per free mentoring slot the mentor has (a less loaded mentor has more time)
SPARE_POINTS = 0.5
#: points for a pair across departments, and across teams (knowledge that crosses silos)
DEPARTMENT_POINTS = 2.0
TEAM_POINTS = 1.0
#: a member's mentor capacity unless their file says otherwise
DEFAULT_CAPACITY = 2


@dataclass(frozen=True)
class Person:
    """What matching needs to know of a member."""

    handle: str
    name: str
    department: str = ""
    team: str = ""
    interests: tuple[str, ...] = ()
    capacity: int = DEFAULT_CAPACITY
    busy: int = 0  # active and proposed mentorships as mentor

    @property
    def spare(self) -> int:
        return max(self.capacity - self.busy, 0)


@dataclass(frozen=True)
class TopicPart:
    topic: str
    expert_score: float  # the mentor's `cop experts` score in the topic
    points: float


@dataclass(frozen=True)
class Match:
    """A candidate mentor for a mentee, every part of the score kept."""

    mentor: str
    mentor_name: str
    mentee: str
    topics: tuple[TopicPart, ...]
    spare: int
    spare_points: float
    department_points: float
    team_points: float

    @property
    def score(self) -> float:
        parts = sum(t.points for t in self.topics) + self.spare_points
        return round(parts + self.department_points + self.team_points, 3)

    def why(self) -> str:
        """The parts: 'python +5 (expert score 5), 2 spare slots +1, other department +2'."""
        shown = [
            f"{t.topic} +{points_text(t.points)} (expert score {points_text(t.expert_score)})"
            for t in self.topics
        ]
        slots = f"{self.spare} spare slot{'s' if self.spare != 1 else ''}"
        shown.append(f"{slots} +{points_text(self.spare_points)}")
        if self.department_points:
            shown.append(f"other department +{points_text(self.department_points)}")
        if self.team_points:
            shown.append(f"other team +{points_text(self.team_points)}")
        return ", ".join(shown)


def topic_points(expert_score: float) -> float:
    """What a shared topic is worth: rises with the mentor's evidence and never passes TOPIC_POINTS."""
    if expert_score <= 0:
        return 0.0
    return round(TOPIC_POINTS * expert_score / (expert_score + TOPIC_HALF), 3)


def match(mentee: Person, mentor: Person, expert_scores: Mapping[str, float]) -> Match | None:
    """The score of `mentor` for `mentee` from the mentor's expert score in each of the mentee's
    interests; None when they share no topic, when it is the same person or the mentor has no room."""
    if mentor.handle == mentee.handle or mentor.spare <= 0:
        return None
    topics = tuple(
        TopicPart(t, round(expert_scores[t], 3), topic_points(expert_scores[t]))
        for t in mentee.interests
        if expert_scores.get(t, 0.0) > 0
    )
    if not topics:
        return None

    def crossing(mine: str, theirs: str, points: float) -> float:
        return points if mine and theirs and mine.casefold() != theirs.casefold() else 0.0

    return Match(
        mentor.handle,
        mentor.name,
        mentee.handle,
        topics,
        mentor.spare,
        round(SPARE_POINTS * mentor.spare, 3),
        crossing(mentee.department, mentor.department, DEPARTMENT_POINTS),
        crossing(mentee.team, mentor.team, TEAM_POINTS),
    )


def rank(matches: Sequence[Match]) -> list[Match]:
    return sorted(matches, key=lambda m: (-m.score, m.mentor))


# -- the assignment ----------------------------------------------------------------------------
def hungarian(cost: Sequence[Sequence[float]]) -> list[int]:
    """For an n x m cost matrix with n <= m, the column given to each row so that the total cost is
    least (every row gets a distinct column). The Hungarian algorithm with potentials, O(n^2 m)."""
    n = len(cost)
    m = len(cost[0]) if n else 0
    if n > m:
        raise ValueError("hungarian needs at least as many columns as rows")
    inf = math.inf
    u = [0.0] * (n + 1)  # row potentials
    v = [0.0] * (m + 1)  # column potentials
    owner = [0] * (m + 1)  # owner[j]: the row (1-based) holding column j, 0 for none
    way = [0] * (m + 1)
    for row in range(1, n + 1):
        owner[0] = row
        j0 = 0
        least = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:  # grow an alternating tree until a free column is reached
            used[j0] = True
            i0, delta, j1 = owner[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    reduced = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if reduced < least[j]:
                        least[j], way[j] = reduced, j0
                    if least[j] < delta:
                        delta, j1 = least[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    least[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:  # flip the path
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    given = [-1] * n
    for j in range(1, m + 1):
        if owner[j]:
            given[owner[j] - 1] = j - 1
    return given


def assign(
    mentees: Sequence[str], capacity: Mapping[str, int], scores: Mapping[tuple[str, str], float]
) -> dict[str, str]:
    """mentee -> mentor maximising the total score of the pairs made, each mentor given at most
    `capacity[mentor]` mentees, only pairs in `scores` (score > 0) allowed; a mentee no allowed
    mentor can take stays out. Each mentor becomes `capacity` identical slots, a dummy slot of score 0
    per mentee lets anyone stay unmatched, and the Hungarian algorithm minimises the negated scores."""
    slots = [mentor for mentor in sorted(capacity) for _ in range(max(capacity[mentor], 0))]
    if not mentees:
        return {}
    columns = slots + [""] * len(mentees)  # "": a dummy slot, no mentor
    cost = [
        [-scores.get((mentee, mentor), 0.0) if mentor else 0.0 for mentor in columns] for mentee in mentees
    ]
    given = hungarian(cost)
    out = {}
    for mentee, column in zip(mentees, given, strict=True):
        mentor = columns[column]
        if mentor and scores.get((mentee, mentor), 0.0) > 0:
            out[mentee] = mentor
    return out


@dataclass(frozen=True)
class Proposal:
    """`cop mentor match --all`'s answer for one member seeking a mentor: the mentor given (None when
    no candidate had room or a shared topic), and the mentorship made by `--apply`."""

    mentee: str
    match: Match | None
    mentorship: str = ""
