"""Rules for mentor matching (`cop mentor match`): one candidate's score and its parts, and the
assignment of mentors to every member seeking one (the Hungarian method, sparse: shortest augmenting paths).

Pure: the core gathers the members, their evidence (`cop.domain.expertise`) and their mentorships;
docs/people.md ("Mentor matching") states the same rules for people."""

from __future__ import annotations

import heapq
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
#: the name prefix of a mentee's own "nobody" option (a handle never holds a NUL)
NOBODY = "\0"


def assign(
    mentees: Sequence[str], capacity: Mapping[str, int], scores: Mapping[tuple[str, str], float]
) -> dict[str, str]:
    """mentee -> mentor maximising the total score of the pairs made, each mentor given at most
    `capacity[mentor]` mentees, only pairs in `scores` (score > 0) allowed; a mentee no allowed
    mentor can take stays out.

    The Hungarian method in its sparse form (successive shortest augmenting paths, Dijkstra over
    reduced costs kept non-negative by node potentials): mentees are added one at a time, each along
    the cheapest chain of moves (it takes a mentor; if that mentor is full, one of theirs moves on to
    another...) in a graph of the allowed pairs only, with a private "nobody" option of score 0 per
    mentee. Adding each mentee by a shortest path keeps the assignment the best one for those added
    so far (the primal-dual argument). Scores are counted in thousandths, as integers, so ties and
    sums are exact. A search stops at the first free place, so a pool with little contention costs
    about the pairs it looks at, not mentees x mentors.

    The pairs are first cut to what can matter, without changing the best total: each mentee keeps
    only its best mentors until their slots add up to the number of mentees (the others can take at
    most all but one of those slots, so one is always free for it: a pair further down never beats it)."""
    if not mentees:
        return {}
    edges: dict[str, list[tuple[int, str]]] = {}
    for (mentee, mentor), score in scores.items():
        if score > 0 and capacity.get(mentor, 0) > 0:
            edges.setdefault(mentee, []).append((round(score * 1000), mentor))
    allowed: dict[str, list[tuple[str, int]]] = {}  # mentee -> [(mentor, cost)], cost = -score
    for mentee in mentees:
        room, kept = 0, []
        for points, mentor in sorted(edges.get(mentee, ()), key=lambda pair: (-pair[0], pair[1])):
            if room >= len(mentees):
                break
            kept.append((mentor, -points))
            room += capacity[mentor]
        kept.append(("", 0))  # "": nobody, this mentee's own option of score 0
        allowed[mentee] = kept
    return _augment(mentees, capacity, allowed)


def _augment(
    mentees: Sequence[str], capacity: Mapping[str, int], allowed: Mapping[str, list[tuple[str, int]]]
) -> dict[str, str]:
    """The successive shortest paths of `assign`. Nodes are ("e", mentee), ("m", mentor) and the end
    ("t", ""); a mentee's "nobody" is ("m", NOBODY + mentee), of capacity 1."""
    end = ("t", "")
    cost: dict[tuple[str, str], int] = {}  # (mentee, mentor node name) -> cost
    arcs: dict[str, list[str]] = {}
    for mentee in mentees:
        names = []
        for mentor, c in allowed[mentee]:
            name = mentor or NOBODY + mentee
            cost[(mentee, name)] = c
            names.append(name)
        arcs[mentee] = names
    room = {
        name: (capacity[name] if not name.startswith(NOBODY) else 1)
        for names in arcs.values()
        for name in names
    }
    holders: dict[str, list[str]] = {name: [] for name in room}  # mentor node -> its mentees
    given: dict[str, str] = {}  # mentee -> mentor node
    h: dict[tuple[str, str], int] = {end: 0}  # potentials; a node never seen has 0
    for mentee in mentees:
        # a new mentee's potential makes its arcs' reduced costs non-negative
        h[("e", mentee)] = max(h.get(("m", n), 0) - cost[(mentee, n)] for n in arcs[mentee])
        start = ("e", mentee)
        dist: dict[tuple[str, str], int] = {start: 0}
        came: dict[tuple[str, str], tuple[str, str]] = {}
        done: set[tuple[str, str]] = set()
        queue: list[tuple[int, tuple[str, str]]] = [(0, start)]
        while queue:
            d, node = heapq.heappop(queue)
            if node in done:
                continue
            done.add(node)
            if node == end:
                break
            kind, name = node
            if kind == "e":
                steps = [
                    (("m", n), cost[(name, n)] + h[node] - h.get(("m", n), 0))
                    for n in arcs[name]
                    if given.get(name) != n
                ]
            else:
                steps = [(("e", e), -cost[(e, name)] + h.get(node, 0) - h[("e", e)]) for e in holders[name]]
                if len(holders[name]) < room[name]:
                    steps.append((end, h.get(node, 0) - h[end]))
            for nxt, reduced in steps:
                if nxt not in done and d + reduced < dist.get(nxt, d + reduced + 1):
                    dist[nxt] = d + reduced
                    came[nxt] = node
                    heapq.heappush(queue, (d + reduced, nxt))
        total = dist[end]
        for node in done:  # finalized nodes: reduced costs stay non-negative, the path's become 0
            h[node] = h.get(node, 0) + dist[node] - total
        node = came[end]  # the mentor node reaching the end takes one more; back along the path
        while node != start:
            back = came[node]
            if node[0] == "m":  # back is the mentee taking this mentor
                mentee_moved = back[1]
                old = given.get(mentee_moved)
                if old is not None:
                    holders[old].remove(mentee_moved)
                given[mentee_moved] = node[1]
                holders[node[1]].append(mentee_moved)
            node = back
    return {e: m for e, m in given.items() if not m.startswith(NOBODY)}


@dataclass(frozen=True)
class Proposal:
    """`cop mentor match --all`'s answer for one member seeking a mentor: the mentor given (None when
    no candidate had room or a shared topic), and the mentorship made by `--apply`."""

    mentee: str
    match: Match | None
    mentorship: str = ""
