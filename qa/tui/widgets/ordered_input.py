"""An Input that handles Backspace and Enter in the order they were typed."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class OrderedInput(Input):
    """Textual's Input inserts a letter when the key reaches it, but deletes (Backspace) and submits
    (Enter) only once the key has bubbled up to the app's bindings. Keys typed ahead of a busy app
    ("e", Backspace x3, "cpu", Enter) then came out of order: the letters first, Backspace deleting
    them and Enter accepting a replacement nobody typed. These two act at once here instead."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "backspace":
            event.stop()
            event.prevent_default()
            self.action_delete_left()
        elif event.key == "enter":
            event.stop()
            event.prevent_default()
            await self.action_submit()
        else:
            await super()._on_key(event)
