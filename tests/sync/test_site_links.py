"""`cop export --format html` turns `[[ID]]` links into relative links between entry pages, escaped."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cop.cli import app
from cop.core import Cop
from cop.store.export.site import linked_body


def test_links_become_relative_escaped_links() -> None:
    ids = ["ab12cd34", "ab99zz00", "k0000000"]
    html = linked_body('<b>x</b> [[ab12|a "<i>"]] [[k0]] [[ab]] [[zz]]\n`[[k0]]`', ids)
    assert html == (
        '&lt;b&gt;x&lt;/b&gt; <a href="ab12cd34.html">a &quot;&lt;i&gt;&quot;</a> '
        '<a href="k0000000.html">k0</a> [[ab]] [[zz]]\n`[[k0]]`'
    )


def test_exported_site_links_entry_pages(cop: Cop, tmp_path: Path) -> None:
    target = cop.add_entry("how-to", "Target", "py")
    source = cop.add_entry("lesson", "Source", "py", body=f"see [[{target.id[:5]}|the target]]")
    site = tmp_path / "site"
    result = CliRunner().invoke(app, ["--repo", str(cop.root), "export", "--format", "html", "-o", str(site)])
    assert result.exit_code == 0, result.stderr
    page = (site / "e" / f"{source.id}.html").read_text()
    assert f'<a href="{target.id}.html">the target</a>' in page
    assert (site / "e" / f"{target.id}.html").is_file()
