"""Recall on lectures nobody tuned for (session 20, branch recall20): a name's word cut by ASR into
the everyday words it sounds like ('Ian good fellow', 'bar low twins') is a mishearing, not a
normalization, though its letters are the name's. Each test of a rule fails with the rule off; the
catches next to them show what the rule keeps."""

from __future__ import annotations

import pytest

from detecting import detector_of, found_alike

RULES = """\
category: person
entries:
  - term: Barlow Twins
    category: model
    context:
      require: [redundancy, embeddings, views, self-supervised]
    allow:
      - "barlow twins reduces redundancy"
  - term: Ian Goodfellow
    context:
      require: [gan, gans, adversarial, generative]
    allow:
      - "gans by ian goodfellow"
  - term: Midjourney
    category: tool
    context:
      require: [images, image, stable, diffusion]
    allow:
      - "images from midjourney"
  - term: Sham Kakade
    aliases: [Kakade]
    context:
      require: [policy, gradient, natural]
    allow:
      - "kakade's natural gradient"
  - term: WordNet
    category: dataset
    context:
      require: [synsets, lexical, nouns]
    allow:
      - "wordnet synsets"
  - term: Yaroslav Ganin
    aliases: [Ganin]
    context:
      require: [domain, adaptation, gradient, reversal]
    allow:
      - "ganin and lempitsky"
"""


@pytest.fixture(scope="module")
def det(tmp_path_factory):
    return detector_of(tmp_path_factory, "people.yml", RULES)


@pytest.mark.parametrize("text, found, term", [
    ("gans were invented by Ian good fellow with adversarial training", "Ian good fellow", "Ian Goodfellow"),
    ("the natural policy gradient by Sham ka kade", "Sham ka kade", "Sham Kakade"),
    ("bar low twins reduces redundancy between the embeddings of two views", "bar low twins", "Barlow Twins"),
    ("images made with mid journey and stable diffusion", "mid journey", "Midjourney"),
])
def test_a_names_word_cut_into_everyday_words_is_misheard(det, text, found, term):
    assert (found, term) in found_alike(det, text)


@pytest.mark.parametrize("text", [
    "images made with mid-journey and stable diffusion",  # a hyphen: hyphenation
    "the lexical synsets of word net for nouns",  # cut at its capital: spacing
    "a GAN in domain adaptation with gradient reversal",  # an acronym heard right beside a word
    "gans were invented by Ian Goodfellow with adversarial training",  # heard whole
])
def test_a_name_cut_where_it_may_be_is_no_mishearing(det, text):
    assert found_alike(det, text) == []
