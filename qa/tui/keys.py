"""The review keys, in one table shared by the bindings, the help screen and the command palette."""

from __future__ import annotations

from typing import NamedTuple


class Key(NamedTuple):
    key: str  # Textual key name(s), comma separated
    shown: str  # how people write it
    action: str  # app action name, without the "action_" prefix
    label: str  # short, for the footer and the command palette
    help: str  # one line, for the help screen and the palette


KEYS: tuple[Key, ...] = (
    Key("a", "a", "accept", "Accept", "accept the suggestion (written at once)"),
    Key("x", "x", "reject", "Reject", "reject: the words are right as heard"),
    Key("space", "space", "skip", "Skip", "leave open and go to the next open finding"),
    Key("u", "u", "undo", "Undo", "undo the last decision or skip (as many steps as you like)"),
    Key("e", "e", "edit", "Edit", "edit the replacement or widen the span, then accept"),
    Key("A", "A", "accept_all", "Accept all", "accept every open finding with the same found text and suggestion"),
    Key("X", "X", "reject_all", "Reject all", "reject every open finding with the same found text and suggestion"),
    Key("o", "o", "open_video", "Open video", "open the video at the chunk's second (prints the URL without a browser)"),
    Key("slash", "/", "filter", "Filter", "show only findings matching a term or text"),
    Key("n", "n", "next", "Next", "next finding (decided ones too)"),
    Key("p", "p", "prev", "Prev", "previous finding"),
    Key("question_mark", "?", "help", "Help", "this help"),
    Key("q", "q", "quit", "Quit", "quit (every decision is already saved)"),
)
