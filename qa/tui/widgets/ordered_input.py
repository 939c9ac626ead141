"""An Input that acts on every key in the order it was typed."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import Input

# Input's own keys (Backspace, Enter, Ctrl+U, the arrows, ...) by key name -> action; ctrl+c is left
# to the app, whose priority binding quits from a dialog too
_ACTIONS: dict[str, str] = {
    key.strip(): b.action
    for b in Input.BINDINGS if isinstance(b, Binding)
    for key in b.key.split(",") if key.strip() not in ("ctrl+c", "super+c")
}


class OrderedInput(Input):
    """Textual's Input inserts a letter when the key reaches it, but runs its bindings (Backspace,
    Enter, Ctrl+U, ← →, ...) only once the key has bubbled up to the app. Keys typed ahead of a busy
    app ("e", Backspace x3, "cpu", Enter; "e", Ctrl+U, "xy"; "e", "xy", ← ←, "z") then came out of
    order: the letters first, then Backspace or Ctrl+U deleting them, the cursor moving after the
    letters it should have come before, and Enter accepting a replacement nobody typed. Here each
    of those acts at once, in turn with the letters."""

    async def _on_key(self, event: events.Key) -> None:
        action = _ACTIONS.get(event.key)
        if action is None:
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()
        await self.run_action(action)
