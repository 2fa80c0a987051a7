"""`NO_COLOR` (https://no-color.org): Textual then passes every segment through a monochrome filter,
which fails on a segment without a style; the entry list must draw rows and its empty note anyway."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.conftest import entry_list, make_app, settle


async def test_the_app_draws_under_no_color(acme: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(acme)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.no_color
        rows = entry_list(app).rows
        assert rows
        screen = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert rows[0].title[:20] in screen
        await pilot.press("slash", *"zzzzqq")  # nothing matches: the list's empty note is drawn
        await settle(pilot)
        assert entry_list(app).rows == []
        screen = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "No entries" in screen
