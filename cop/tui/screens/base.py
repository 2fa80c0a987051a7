"""`CopScreen`: a screen that reaches its app as a typed `CopApp` without importing the app at run time,
and says so when writing is off (cop does not know who is acting)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from cop.tui.app import CopApp

ResultType = TypeVar("ResultType")


class CopScreen(Screen[ResultType]):
    """The base of cop's full screens: `cop_app` is `self.app`, typed (the app imports the screens, so
    a screen importing the app at run time would make an import cycle)."""

    @property
    def cop_app(self) -> CopApp:
        return cast("CopApp", self.app)

    def writing_off(self) -> bool:
        """Say so (and how to turn it on) when cop does not know who is acting: nothing is written then."""
        reason = self.cop_app.cannot_write()
        if reason is not None:
            self.notify(reason, title="Writing is off", severity="warning", timeout=15)
        return reason is not None
