"""The main screen starts without the modules of the screens and actions nobody has opened yet: the forms
(Textual's TextArea), the mentorship screen, the editor settings (TOML), the Insights screen and its
plotting library. Each is imported when first used; at start-up they cost ~30 ms of imports before the
first frame. Checked in a fresh interpreter, since this test process has imported everything already."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

#: modules no start-up needs, each with what first needs it
NOT_AT_START = {
    "cop.tui.screens.forms": "a form (n, e, a) or a screen with one",
    "cop.tui.screens.entry_form": "n, e, a",
    "cop.tui.screens.mentorships": "m",
    "textual.widgets._text_area": "a form",
    "cop.core.editing": "E ($EDITOR)",
    "cop.core.settings": "E ($EDITOR)",
    "cop.tui.screens.insights": "i",
    "textual_plotext": "i",
    "plotext": "i",
}

STARTED = """
import asyncio, json, sys
from pathlib import Path
from cop.core import Cop
from cop.tui.app import CopApp

async def main():
    app = CopApp(Cop.open(Path(sys.argv[1]), "ada"), refresh_every=None)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        assert app.screen.complete and app.screen.query_one("#entries").rows
        loaded = sorted(m for m in json.loads(sys.argv[2]) if m in sys.modules)
        await pilot.press("i")  # the Insights screen: its plotting library comes with it
        await pilot.pause()
        await app.workers.wait_for_complete()
        print(json.dumps([loaded, "textual_plotext" in sys.modules]))

asyncio.run(main())
"""


def test_start_up_leaves_the_other_screens_unloaded_until_opened(example_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-c", STARTED, str(example_path), json.dumps(sorted(NOT_AT_START))],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    loaded, plotting_after_i = json.loads(run.stdout.strip().splitlines()[-1])
    assert loaded == [], {m: NOT_AT_START[m] for m in loaded}
    assert plotting_after_i
