"""The command palette (Ctrl+P) offers every review action, found by name or description."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from qa.tui.keys import KEYS


class ReviewCommands(Provider):
    async def discover(self) -> Hits:
        for k in KEYS:
            yield DiscoveryHit(f"{k.label} ({k.shown})", partial(self._run, k.action), help=k.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for k in KEYS:
            name = f"{k.label} ({k.shown})"
            score = max(matcher.match(name), matcher.match(k.help) * 0.8)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._run, k.action), help=k.help)

    async def _run(self, action: str) -> None:
        await self.app.run_action(action)
