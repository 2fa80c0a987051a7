"""Project operations: start one (or promote an idea to one), join and leave, log updates, set status."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from cop.core.session import Session
from cop.domain import dates, ids
from cop.domain.errors import NotFound, UsageError, ValidationError
from cop.domain.events import PROJECT_STATUSES, Project, ProjectUpdate
from cop.domain.models import Entry
from cop.store.index import gatherings as sql


class ProjectOps(Session):
    """Projects the communities build together, and the entries they grew from or produced."""

    def projects(
        self, *, status: str | None = None, community: str | None = None, member: str | None = None
    ) -> list[Project]:
        """Projects by status (active first, as PROJECT_STATUSES orders them), then slug."""
        if status and status not in PROJECT_STATUSES:
            raise ValidationError("status", f"'{status}' is not one of: {', '.join(PROJECT_STATUSES)}")
        return sql.projects(self.repo.index_conn(), status=status, community=community, member=member)

    def project(self, slug: str) -> Project:
        return self.repo.find(Project, slug)

    def projects_from(self, entry_id: str) -> list[Project]:
        """The projects that link an entry (the projects an idea led to), by slug."""
        return sorted(sql.projects(self.repo.index_conn(), linking=entry_id), key=lambda p: p.slug)

    def project_updates_since(self, since: str) -> list[tuple[Project, ProjectUpdate]]:
        """Every project update dated `since` (YYYY-MM-DD) or later, newest first (the digest's question)."""
        day = dates.to_date(since, "since")
        touched = sql.projects_updated_since(self.repo.index_conn(), day)
        found = [(p, u) for p in touched for u in p.updates if u.date >= day]
        return sorted(found, key=lambda pu: (pu[1].date, pu[0].slug), reverse=True)

    def add_project(
        self,
        slug: str,
        *,
        title: str = "",
        from_idea: str = "",
        communities: Iterable[str] = (),
        goal: str = "",
        description: str = "",
        status: str = "proposed",
    ) -> Project:
        """Start a project owned by the acting member; `from_idea` promotes an idea (links it and takes
        its title and community unless given)."""
        owner = self.require_user()
        ids.check_slug(slug, "slug")
        chosen = [c for c in communities if c]
        links: list[str] = []
        if from_idea:
            idea = self.repo.entry(from_idea)
            if idea.kind != "idea":
                raise UsageError(f"entry {idea.id} is a {idea.kind}, not an idea; --from takes an idea")
            title = title or idea.title
            chosen = chosen or [idea.community]
            links.append(idea.id)
        if not title.strip():
            raise ValidationError("title", "a project needs a title (--title, or --from an idea)")
        for community in chosen:
            self._require_community(community)
        now = dates.now()
        project = Project.from_data(
            {
                "slug": slug,
                "title": title,
                "status": status,
                "communities": chosen,
                "owner": owner.handle,
                "members": [owner.handle],
                "goal": goal,
                "description": description,
                "links": links,
                "created": now,
                "updated": now,
            }
        )
        return self.repo.create(project)

    def _change_project(self, slug: str, change: Callable[[Project], None]) -> Project:
        def apply(project: Project) -> None:
            change(project)
            project.updated = dates.now()

        return self.repo.modify(Project, slug, apply)

    def join_project(self, slug: str, member: str | None = None) -> Project:
        handle = member or self.require_user().handle
        self._require_member(handle)

        def add(project: Project) -> None:
            if handle in project.members:
                raise UsageError(f"{handle} is already on project {slug}")
            project.members.append(handle)

        return self._change_project(slug, add)

    def leave_project(self, slug: str, member: str | None = None) -> Project:
        handle = member or self.require_user().handle

        def drop(project: Project) -> None:
            if handle not in project.members:
                raise NotFound(f"{handle} is not on project {slug}")
            project.members.remove(handle)

        return self._change_project(slug, drop)

    def project_update(self, slug: str, text: str, *, date: str = "") -> Project:
        """Log what happened on a project (by the acting member), kept oldest first."""
        author = self.require_user()
        self.project(slug)
        if not text.strip():
            raise ValidationError("update", "an update needs some text")
        update = ProjectUpdate.from_data(
            {"date": date or dates.today(), "author": author.handle, "text": text}, "update"
        )

        def add(project: Project) -> None:
            project.updates.append(update)
            project.updates.sort(key=lambda u: u.date)

        return self._change_project(slug, add)

    def set_project_status(self, slug: str, status: str) -> Project:
        if status not in PROJECT_STATUSES:
            raise ValidationError("status", f"'{status}' is not one of: {', '.join(PROJECT_STATUSES)}")

        def set_status(project: Project) -> None:
            project.status = status

        return self._change_project(slug, set_status)

    def link_project(self, slug: str, entry: str, *, remove: bool = False) -> Project:
        """Link an entry (an idea it grew from, a lesson it produced) to a project, or unlink it."""
        target: Entry = self.repo.entry(entry)

        def link(project: Project) -> None:
            if remove:
                if target.id not in project.links:
                    raise NotFound(f"project {slug} does not link {target.id}")
                project.links.remove(target.id)
            elif target.id not in project.links:
                project.links.append(target.id)

        return self._change_project(slug, link)
