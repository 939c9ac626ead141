"""Precision on talks nobody tuned for (session 22): general rules for false alarms of the studied
lectures. Each test failed before its rule."""

from __future__ import annotations

import pytest

from qa.detect.choose import _closest_written
from qa.glossary import Entry


def _suggestions(det, text: str) -> dict[str, str]:
    return {f.found: f.suggestion for f in det.scan_text(text) if f.kind == "asr-error"}


# the suggestion is the correct form that keeps a word heard right (search, podcast, vision lectures):
# a reviewer had to edit 'faiss-gpu', 'Alan Turing', 'contrastive learning' into what was said
@pytest.mark.parametrize("text, heard, fix", [
    ("then we will also install face cpu which we need later for the vector index and the library", "face cpu",
     "faiss-cpu"),
    ("this is the guy who won the touring award with Yoshua and Yann for building the field", "touring award",
     "Turing award"),
    ("an image encoder and a text encoder trained jointly with a contrast of loss over the pairs",
     "contrast of loss", "contrastive loss"),
])
def test_suggestion_keeps_a_word_heard_right(det, text: str, heard: str, fix: str) -> None:
    assert _suggestions(det, text).get(heard) == fix


def test_suggestion_is_not_another_name_or_a_long_form() -> None:
    mnist = Entry(term="MNIST", category="dataset", file="x", line=1, aliases=["MNISTs", "binarized MNIST", "EMNIST"])
    assert _closest_written("MNIST", "em nest", mnist) == "MNIST"  # (no word of EMNIST heard)
    lora = Entry(term="LoRA", category="technique", file="x", line=1, aliases=["low-rank adaptation"])
    assert _closest_written("LoRA", "laura adapter", lora) == "LoRA"
    cifar = Entry(term="CIFAR-10", category="dataset", file="x", line=1, aliases=["CIFAR ten", "CIFAR"])
    assert _closest_written("CIFAR-10", "see far ten", cifar) == "CIFAR-10"  # (the term as said)
    hendrycks = Entry(term="Dan Hendrycks", category="person", file="x", line=1, aliases=["Hendrycks"])
    assert _closest_written("Dan Hendrycks", "Tim Hendricks", hendrycks) == "Dan Hendrycks"
