"""Three-way merge of records, field by field (pure: no I/O).

Works on the plain data of `Record.to_data()` plus an entry's body. Used by the git merge driver
(`cop merge-driver`, base = the common ancestor) and by `cop import` (no base: a two-way merge). The
rules, also tabled in docs/sync.md:

- a field changed on one side only takes that change;
- lists of strings (tags, coordinators, endorsements, links, expertise…) merge as sets: both sides'
  additions are kept, a removal on either side is honoured;
- lists of items merge by key: memberships by community, goals by text, sessions by (date, notes),
  superseded values by all their fields; an item's own fields merge as scalars;
- mappings (a community's links) merge key by key;
- a scalar changed differently on both sides takes the value of the side with the later `updated`
  (the local side when there is no `updated` or a tie) and the other value goes to `superseded`;
- `updated` and an entry's `review` (its next review date) take the later value, `created` the earlier;
- verifications (`verified`) merge as a set: each `{by, date, note}` made on either side is kept;
- an event's attendees, hosts and outcomes and a project's members and links are sets like tags;
  an event's `notes` ({by, date, text}) and a project's `updates` ({date, author, text}) merge by all
  their fields, so notes and updates written in two clones at once all survive, oldest first;
- a path's `steps` merge by their id (a step added in two clones at once: both kept), and their
  order is the side's that reordered them when only one did; a member's `done` marks merge by step,
  oldest first;
- the Markdown body merges with a three-way text merge (git's); only there can a conflict remain.
  Without a base (import), the body is treated like a scalar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cop.domain.errors import ValidationError
from cop.domain.models import Record

TextMerge = Callable[[str, str, str], tuple[str, bool]]
"""(base, ours, theirs) -> (merged text, conflicted)."""

_SET_KINDS = frozenset({"list", "tags", "slugs"})
_ITEM_KEYS: dict[str, tuple[str, ...]] = {
    "memberships": ("community",),
    "goals": ("text",),
    "sessions": ("date", "notes"),
    "verified": ("by", "date", "note"),
    "notes": ("by", "date", "text"),  # an event's notes (a mentorship session's `notes` is text)
    "updates": ("date", "author", "text"),  # a project's log
    "steps": ("id",),  # a path's steps
    "done": ("step",),  # a member's progress on a path
}
#: logs kept oldest first after a merge
_BY_DATE = frozenset({"sessions", "verified", "notes", "updates", "done"})
#: lists whose order means something (a path's steps): one side's reordering is kept
_ORDERED = frozenset({"steps"})
#: fields where the later value wins whatever the sides did (dates that only move forward)
_LATER_WINS = frozenset({"updated", "review"})
_MISSING: Any = None


@dataclass
class Merged:
    """The outcome of a merge: the record's data, its body, and what needs a person."""

    data: dict[str, Any]
    body: str = ""
    conflicted: bool = False
    superseded: list[dict[str, Any]] = field(default_factory=list)


class _Sides:
    """Which side wins a both-sides edit, and the superseded values collected on the way."""

    def __init__(self, ours: dict[str, Any], theirs: dict[str, Any], prefer_ours: bool) -> None:
        self.ours_updated = str(ours.get("updated") or "")
        self.theirs_updated = str(theirs.get("updated") or "")
        self.theirs_win = not prefer_ours and self.theirs_updated > self.ours_updated
        self.superseded: list[dict[str, Any]] = []

    def pick(self, name: str, base: Any, ours: Any, theirs: Any, has_base: bool) -> Any:
        """The scalar rule: one-sided changes win; a both-sides change goes by `updated`."""
        if ours == theirs:
            return ours
        if has_base and ours == base:
            return theirs
        if has_base and theirs == base:
            return ours
        winner, loser, loser_updated = (
            (theirs, ours, self.ours_updated) if self.theirs_win else (ours, theirs, self.theirs_updated)
        )
        if not _empty(loser):
            note: dict[str, Any] = {"field": name, "value": loser}
            if loser_updated:
                note["updated"] = loser_updated
            self.superseded.append(note)
        return winner


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _merge_set(base: list[Any] | None, ours: list[Any], theirs: list[Any]) -> list[Any]:
    """Both sides' additions kept, either side's removal honoured; local order first."""
    base = base or []
    removed = {_freeze(x) for x in base} - ({_freeze(x) for x in ours} & {_freeze(x) for x in theirs})
    out: list[Any] = []
    seen: set[Any] = set()
    for item in [*ours, *theirs]:
        key = _freeze(item)
        if key in seen or key in removed:
            continue
        seen.add(key)
        out.append(item)
    return out


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _merge_items(
    name: str,
    keys: tuple[str, ...],
    base: list[dict[str, Any]] | None,
    ours: list[dict[str, Any]],
    theirs: list[dict[str, Any]],
    sides: _Sides,
    has_base: bool,
) -> list[dict[str, Any]]:
    """Items keyed by `keys`: added on either side kept; removed on one side and untouched on the
    other removed; present on both merged field by field."""

    def key_of(item: dict[str, Any]) -> Any:
        return tuple(_freeze(item.get(k)) for k in keys)

    base_by = {key_of(i): i for i in base or []}
    ours_by = {key_of(i): i for i in ours}
    theirs_by = {key_of(i): i for i in theirs}
    out: list[dict[str, Any]] = []
    for key in list(dict.fromkeys([*ours_by, *theirs_by])):
        b, o, t = base_by.get(key), ours_by.get(key), theirs_by.get(key)
        if o is not None and t is not None:
            label = f"{name}[{', '.join(str(v) for v in key)}]"
            fields = list(dict.fromkeys([*o, *t]))
            item = {
                f: sides.pick(f"{label}.{f}", (b or {}).get(f), o.get(f), t.get(f), b is not None)
                for f in fields
            }
            out.append({f: v for f, v in item.items() if not _empty(v)})
            continue
        present = o if o is not None else t
        assert present is not None
        if has_base and b is not None and _freeze(b) == _freeze(present):
            continue  # removed on the other side, unchanged here: honour the removal
        out.append(present)
    if name in _BY_DATE:
        out.sort(key=lambda s: str(s.get("date", "")))  # the log stays oldest first
    if name in _ORDERED and has_base:
        out = _keep_order(out, [key_of(i) for i in base or []], list(ours_by), list(theirs_by), key_of)
    return out


def _keep_order(
    out: list[dict[str, Any]], base: list[Any], ours: list[Any], theirs: list[Any], key_of: Callable[..., Any]
) -> list[dict[str, Any]]:
    """`out` (in the local order, the other side's additions after) in the other side's order when
    only that side reordered the items both had; items it lacks go before the item after them locally
    (at the end when nothing follows them)."""

    def shared(order: list[Any]) -> list[Any]:
        return [k for k in order if k in base and k in ours and k in theirs]

    if shared(ours) != shared(base) or shared(theirs) == shared(base):
        return out  # reordered locally (that order wins), or by nobody
    by_key = {key_of(item): item for item in out}
    order = [k for k in theirs if k in by_key]
    for number in range(len(ours) - 1, -1, -1):
        key = ours[number]
        if key in by_key and key not in order:
            after = next((k for k in ours[number + 1 :] if k in order), None)
            order.insert(order.index(after) if after is not None else len(order), key)
    return [by_key[k] for k in order]


def merge_data(
    cls: type[Record],
    base: dict[str, Any] | None,
    ours: dict[str, Any],
    theirs: dict[str, Any],
    *,
    bodies: tuple[str | None, str, str] = (None, "", ""),
    merge_text: TextMerge | None = None,
    prefer_ours: bool = False,
) -> Merged:
    """Merge two versions of one record against their common `base` (None: no common ancestor)."""
    has_base = base is not None
    base = base or {}
    sides = _Sides(ours, theirs, prefer_ours)
    specs = {f.name: dict(f.metadata) for f in cls._fields()}
    names = list(specs) + sorted({*ours, *theirs, *base} - set(specs))
    data: dict[str, Any] = {}
    for name in names:
        b, o, t = base.get(name), ours.get(name), theirs.get(name)
        kind = specs.get(name, {}).get("kind", "any")
        if name == "superseded":
            continue  # collected below, after the fields add theirs
        if name in _LATER_WINS:
            value: Any = max(str(o or ""), str(t or "")) or None
        elif name == "created" and o and t:
            value = min(str(o), str(t))
        elif kind in _SET_KINDS and isinstance(o or [], list) and isinstance(t or [], list):
            value = _merge_set(b if isinstance(b, list) else None, o or [], t or [])
        elif kind == "records" and name in _ITEM_KEYS:
            value = _merge_items(name, _ITEM_KEYS[name], b, o or [], t or [], sides, has_base)
        elif kind == "map" and isinstance(o or {}, dict) and isinstance(t or {}, dict):
            bm, om, tm = b if isinstance(b, dict) else {}, o or {}, t or {}
            value = {}
            for key in dict.fromkeys([*om, *tm]):
                picked = sides.pick(f"{name}.{key}", bm.get(key), om.get(key), tm.get(key), has_base)
                if not _empty(picked):
                    value[key] = picked
        else:
            value = sides.pick(name, b, o, t, has_base)
        if not _empty(value):
            data[name] = value

    body_base, body_ours, body_theirs = bodies
    conflicted = False
    if body_ours == body_theirs:
        body = body_ours
    elif body_base is not None and body_ours == body_base:
        body = body_theirs
    elif body_base is not None and body_theirs == body_base:
        body = body_ours
    elif body_base is not None and merge_text is not None:
        body, conflicted = merge_text(body_base, body_ours, body_theirs)
    else:
        body = sides.pick("body", None, body_ours, body_theirs, False)

    earlier = [*(ours.get("superseded") or []), *(theirs.get("superseded") or [])]
    notes = _merge_set(None, earlier, sides.superseded) if earlier or sides.superseded else []
    if notes:
        data["superseded"] = notes
    return Merged(data, body or "", conflicted, sides.superseded)


def merge_records(
    base: Record | None,
    ours: Record,
    theirs: Record,
    merge_text: TextMerge | None = None,
) -> tuple[Record, bool]:
    """Merge two validated records of one type; returns (merged record, body conflicted).

    When the field-by-field result fails validation (say one side made an entry an answer and the
    other removed its question), the local side wins every both-sides difference instead, and the
    other side's values are still kept in `superseded`."""
    cls = type(ours)
    bodies = (
        getattr(base, "body", "") if base is not None else None,
        getattr(ours, "body", ""),
        getattr(theirs, "body", ""),
    )
    base_data = base.to_data() if base is not None else None
    for prefer_ours in (False, True):
        merged = merge_data(
            cls,
            base_data,
            ours.to_data(),
            theirs.to_data(),
            bodies=bodies,
            merge_text=merge_text,
            prefer_ours=prefer_ours,
        )
        try:
            record = cls.from_data(merged.data)
        except ValidationError:
            if prefer_ours:
                raise
            continue
        if hasattr(record, "body"):
            record.body = merged.body
        record.path = ours.path
        return record, merged.conflicted
    raise AssertionError("unreachable")  # pragma: no cover
