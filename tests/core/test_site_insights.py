"""`cop export --html` writes insights.html: inline SVG bar charts from the core's insights, no script,
every label escaped."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from cop.core import Cop
from cop.store.export.site import render_site

EVIL = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def test_the_site_has_an_insights_page_of_svg_charts(cop: Cop, tmp_path: Path) -> None:
    cop.add_entry("how-to", "Pin it", "py", tags=["packaging"])
    cop.export_site(tmp_path / "site")
    page = (tmp_path / "site" / "insights.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 5, "entries, answers and events a month, top tags, projects by status"
    assert "<script" not in page.lower()
    assert "#packaging" in page and "Entries per month" in page
    assert 'href="insights.html"' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_a_hostile_tag_is_escaped_on_the_insights_page(cop: Cop) -> None:
    found = dataclasses.replace(cop.insights(), top_tags=((EVIL, 3),))
    page = render_site("Site", "", [], found)["insights.html"]
    assert EVIL not in page and "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
