"""`Operations`: what `cop.core.api.Cop` is built from, each operations class imported on first use.

A command needs one or two operation areas (`cop show` the entries and links), yet importing them all
costs a read command a fifth of the floor (every area's store modules, SQL and domain rules). So at run
time `Operations` is a bare `Session` that knows, from the static table `GROUPS`, which class defines
each name: the first use of a name imports that class's module and gives the object a class made of the
areas used so far (in the order of the whole `Cop`'s MRO, so a name resolves as it would with all of
them). mypy sees the real composition, every operations class as a base. tests/core/test_operations.py
checks the table against the classes, so a new method or area cannot be left out.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from cop.core.session import Session

#: (module, class, the names its body defines) of every operations class, in the whole `Cop`'s MRO order
GROUPS: tuple[tuple[str, str, str], ...] = (
    (
        "cop.core.matching",
        "MatchOps",
        "_by_topic _candidates _pool _scores match_all mentor_matches request_mentor",
    ),
    (
        "cop.core.experts",
        "ExpertOps",
        "_build _experts_conn _topic_mode experts experts_for_tags member_topics",
    ),
    ("cop.core.digest", "DigestOps", "_insight_conn digest digest_since mark_digest_seen"),
    ("cop.core.insights", "InsightOps", "_gather insights insights_by_community"),
    ("cop.core.risk", "RiskOps", "_risk_conn knowledge_risk"),
    (
        "cop.core.communities",
        "CommunityOps",
        "add_community add_member archive_community communities community community_members"
        " contribution_count contributions edit_community edit_member entry_counts join leave member"
        " members",
    ),
    (
        "cop.core.entries",
        "EntryOps",
        "_question accept add_entry add_entry_from_text answer answers ask count_entries edit_entry"
        " entries entries_as_indexed entry entry_filter entry_position entry_template entry_text raw"
        " remove_entry replace_entry_text search tags thread",
    ),
    (
        "cop.core.mentorships",
        "MentorshipOps",
        "_change add_goal add_mentorship log_session mentorship mentorships set_goal set_mentorship_status",
    ),
    (
        "cop.core.events",
        "EventOps",
        "_change_event add_event add_event_note attend attendees cancel_event count_events edit_event"
        " event events events_ics unattend upcoming_events write_calendar",
    ),
    (
        "cop.core.projects",
        "ProjectOps",
        "_change_project add_project join_project leave_project link_project project project_update"
        " project_updates_since projects projects_from set_project_status",
    ),
    (
        "cop.core.paths",
        "PathOps",
        "_drop_marks _steps add_path edit_path learning_path learning_paths mark_done next_steps"
        " path_followers path_status path_view progress start_path",
    ),
    (
        "cop.core.health",
        "HealthOps",
        "_oversized build_index can_watch doctor refresh reindex run_watcher start_watcher stop_watcher"
        " watcher watcher_log",
    ),
    ("cop.core.links", "LinkOps", "_body_offset _link_conn link_problems link_target links_from links_to"),
    (
        "cop.core.templates",
        "TemplateOps",
        "install_templates template template_body template_problems template_table templates",
    ),
    (
        "cop.core.review",
        "ReviewOps",
        "_coordinators _queue_filter endorse endorsement_counts mark_obsolete review_count review_days"
        " review_queue set_verifiers superseding trust_score trust_scores verifiers verify",
    ),
    (
        "cop.core.sharing.sync",
        "SyncOps",
        "_after_sync _commit_pending _identity _merge_remote _sync sync sync_status",
    ),
    ("cop.core.sharing.history", "HistoryOps", "_git _log_item _record_path describe_change history"),
    (
        "cop.core.transfer.bundles",
        "TransferOps",
        "_apply _records export_bundle export_site import_bundle import_markdown",
    ),
    (
        "cop.core.state",
        "StateOps",
        "draft draft_saved_at drafts drop_draft last_seen mark_seen preference recently_viewed save_draft"
        " set_preference state_get state_put viewed",
    ),
)

#: which entry of GROUPS defines each name
PROVIDER: dict[str, int] = {name: at for at, (_, _, names) in enumerate(GROUPS) for name in names.split()}

_classes: dict[int, type] = {}
_composed: dict[tuple[type, frozenset[type]], type] = {}


def group_class(at: int) -> type:
    """The operations class of `GROUPS[at]`, imported on first use."""
    found = _classes.get(at)
    if found is None:
        module, name, _ = GROUPS[at]
        found = _classes[at] = getattr(importlib.import_module(module), name)
    return found


def composed(cls: type, adding: type) -> type:
    """`cls` (a bare `Cop`, or one composed before) with the operations class `adding` and what it builds
    on: a class whose bases are every operations class used so far, in `GROUPS` order, then the bare one."""
    bare = cls.__dict__.get("_bare", cls)
    used = cls.__dict__.get("_used", frozenset()) | {
        c for c in adding.__mro__ if issubclass(c, Session) and c is not Session
    }
    found = _composed.get((bare, used))
    if found is None:
        order = {(module, name): at for at, (module, name, _) in enumerate(GROUPS)}
        bases = sorted(used, key=lambda c: order[c.__module__, c.__name__])
        namespace = {"__module__": bare.__module__, "__doc__": bare.__doc__, "_bare": bare, "_used": used}
        found = _composed[bare, used] = type(bare.__name__, (*bases, bare), namespace)
    return found


if TYPE_CHECKING:
    from cop.core.communities import CommunityOps
    from cop.core.digest import DigestOps
    from cop.core.entries import EntryOps
    from cop.core.events import EventOps
    from cop.core.health import HealthOps
    from cop.core.insights import InsightOps
    from cop.core.matching import MatchOps
    from cop.core.mentorships import MentorshipOps
    from cop.core.paths import PathOps
    from cop.core.projects import ProjectOps
    from cop.core.review import ReviewOps
    from cop.core.risk import RiskOps
    from cop.core.sharing.sync import SyncOps
    from cop.core.state import StateOps
    from cop.core.transfer.bundles import TransferOps

    class Operations(
        MatchOps,  # before MentorshipOps, which it builds on (with ExpertOps)
        DigestOps,  # before EventOps, which it builds on
        InsightOps,
        RiskOps,
        CommunityOps,
        EntryOps,
        MentorshipOps,
        EventOps,
        ProjectOps,
        PathOps,
        HealthOps,
        ReviewOps,
        SyncOps,
        TransferOps,
        StateOps,
    ):
        """Every operations class over one `Session`: what the faces call, as mypy sees it."""

else:

    class Operations(Session):
        """At run time: a `Session` that takes on each operations class as one of its names is used."""

        def __getattr__(self, name: str) -> Any:
            at = PROVIDER.get(name)
            if at is None:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            self.__class__ = composed(type(self), group_class(at))
            return getattr(self, name)
