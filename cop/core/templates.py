"""Entry templates: which body a new entry of a kind starts from in a community (a community's
`templates/<community>/<kind>.md`, else the repo's `templates/<kind>.md`, else cop's built-in body),
listing them, and writing the defaults into a repo (`cop init`, run again on an existing repo)."""

from __future__ import annotations

from cop.core.session import Session
from cop.domain.errors import ValidationError
from cop.domain.models import ENTRY_KINDS
from cop.domain.templates import DEFAULT_BODIES, TEMPLATE_KINDS, WRITTEN_KINDS, Template, built_in
from cop.store.records import templates as template_files


class TemplateOps(Session):
    """`cop template list/show`, the templates `cop add`, `cop ask` and the TUI form start from."""

    def template(self, kind: str, community: str = "") -> Template:
        """The template a new `kind` entry in `community` starts from. An unusable file (a link, too
        large, not text) is an error naming it: `cop template show` and `cop doctor` say which."""
        if kind not in ENTRY_KINDS:
            raise ValidationError("kind", f"'{kind}' is not one of: {', '.join(TEMPLATE_KINDS)}")
        root = self.repo.root
        if community:
            body = template_files.read(root, kind, community)
            if body is not None:
                return Template(
                    kind, body, "community", template_files.relative_path(kind, community), community
                )
        body = template_files.read(root, kind)
        if body is not None:
            return Template(kind, body, "repo", template_files.relative_path(kind))
        return built_in(kind)

    def template_body(self, kind: str, community: str = "") -> str:
        """The body a new entry starts from; a template file cop cannot use falls back to the built-in
        body (writing an entry never fails because of a teammate's template)."""
        try:
            return self.template(kind, community).body
        except template_files.TemplateError:
            return DEFAULT_BODIES.get(kind, "")

    def template_table(self, communities: list[str]) -> dict[tuple[str, str], str]:
        """(kind, community) -> the body a new entry starts from, for every kind in each community (what
        a form needs to switch bodies as the kind or community changes, read once)."""
        return {
            (kind, slug): self.template_body(kind, slug) for slug in communities for kind in TEMPLATE_KINDS
        }

    def templates(self, community: str = "") -> list[Template]:
        """The template of every kind (for `community`, when given), in kind order; with no community,
        the communities' own overrides follow the repo's."""
        if community:
            self._require_community(community)
        found = [self.template(kind, community) for kind in TEMPLATE_KINDS]
        if not community:
            for slug in template_files.communities(self.repo.root):
                for kind in TEMPLATE_KINDS:
                    body = template_files.read(self.repo.root, kind, slug)
                    if body is not None:
                        path = template_files.relative_path(kind, slug)
                        found.append(Template(kind, body, "community", path, slug))
        return found

    def template_problems(self) -> list[tuple[str, str]]:
        """(path, message) of each template file cop will not use (for `cop doctor`)."""
        root = self.repo.root
        linked = template_files.linked(root)
        problems = [(path, "is a symbolic link; cop does not follow it for a template") for path in linked]
        for slug in ["", *template_files.communities(root)]:
            for kind in TEMPLATE_KINDS:
                if template_files.relative_path(kind, slug) in linked:
                    continue
                try:
                    template_files.read(root, kind, slug)
                except template_files.TemplateError as error:
                    problems.append((template_files.relative_path(kind, slug), str(error)))
        return problems

    def install_templates(self) -> list[str]:
        """Write the default templates the repo lacks (never one that exists, edited or not); the
        repo-relative paths written."""
        return template_files.write_missing(self.repo.root, {k: DEFAULT_BODIES[k] for k in WRITTEN_KINDS})
