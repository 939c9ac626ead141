"""Glossary coverage of the other lectures of a deep unsupervised learning course (flows, latent
variable models, GANs, self- and semi-supervised learning, compression, representations for RL):
mishearings of their names are caught in sentences other than the entries' own examples, and the
everyday words those names collide with stay unflagged. Names that could not be added without false
alarms (an everyday word, or letters that sound like common phrases) are kept out, and a test says so."""

from __future__ import annotations

import pytest

from detecting import asr_errors


@pytest.mark.parametrize("text, term", [
    ("the prior is a Derek lay distribution over the topic proportions of each document", "Dirichlet distribution"),
    ("the loss in simclr is called NT extent and it uses a temperature on the cosine similarity", "NT-Xent"),
    ("integer discreet flows keep the latents on the integers so they can be used for lossless compression",
     "Integer Discrete Flows"),
    ("the augmentations for drq were proposed by Dennis Yarats for sac from pixels", "Denis Yarats"),
    ("a Fokker plank equation for the density of the diffusion process", "Fokker-Planck equation"),
    ("a variational lousy autoencoder keeps the decoder from ignoring the latent code", "VLAE"),
    ("the kind of stochastic latent model learned by slack is used by the soft actor critic on pixels", "SLAC"),
])
def test_new_lecture_terms_are_caught(det, text: str, term: str) -> None:
    assert term in {t for _, t in asr_errors(det, text)}


@pytest.mark.parametrize("text", [
    "the slack variables make the svm margin soft",
    "post your questions about the actor critic homework on slack",
    "we estimated the value of the policy by simulation on a thousand rollouts",
    "our one goal today is to derive the gradient penalty",
    "put the icing on the cake after it cools",
    "they said the weights were fine so we kept the same model",
    "round the answer to two decimal places before you report the value",
    "we trained a flow and a hierarchical vae and the latter vae had the better samples",
])
def test_colliding_everyday_words_stay_unflagged(det, text: str) -> None:
    assert asr_errors(det, text) == []


def test_names_that_collide_with_common_phrases_are_left_out(det) -> None:
    """'using a model' sounds like Ising model, 'webpages' like Ape-X, 'a neural' like UNREAL, 'V gan'
    (WGAN) like VEEGAN said as 'vegan', 'came eans' like GQNs, 'like comets' like Luke Metz: measured
    false alarms, so these names stay out. Flow++ is written 'flow' once squashed to letters: a correct
    form that stops 'auto aggressive flow' being heard as autoregressive flow."""
    terms = {e.term for e in det.glossary.entries}
    assert not {"Ising model", "Ape-X", "UNREAL", "VEEGAN", "AMDIM", "GQN", "Luke Metz", "Flow++"} & terms
    forms = {a.lower() for e in det.glossary.entries for a in e.aliases}
    # a correct form that is an everyday word counts as a glossary term said in the video
    assert not {"places", "inat", "mix up", "kinetics"} & forms
