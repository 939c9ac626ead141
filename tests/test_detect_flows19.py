"""Precision on the flows lecture (session 19, branch flows19): a word and a word more read as the
term's plural ('a latent z', 'the latent has' are no 'latents'), and an everyday word with more beats
than the rest of a coined name next to its part heard right ('google needed' is no GoogLeNet), and
capitals beginning words heard for an acronym that are not its first letters ('EM which needs' is no
MCMC); 'eye', the name of I, written for the letter ('eye AF' is IAF), and words before an acronym's
last capitals with more beats than the letters they stand for ('an eye AF' is no MAF); a verb heard
for the term that names its doer ('transforms' is no Transformers); an unusual word of vowels, or one
of fewer beats than the letters, for an acronym said letter by letter ('anneal' is no MLE). Each
test of a rule fails with the rule off; the catches next to them show what the rule keeps."""

from __future__ import annotations

import pytest

from detecting import detector_of, found_alike

RULES = """\
category: model
entries:
  - term: MCMC
    category: acronym
    aliases: [Markov chain Monte Carlo]
    context:
      require: [posterior, sampling, samples, sampler, chain, metropolis, hastings]
    allow:
      - "mcmc samples from the posterior"
  - term: Inception
    aliases: [GoogLeNet]
    context:
      require: [network, modules, imagenet, convolutional, convolutions, architecture, classifier]
    allow:
      - "googlenet won imagenet with inception modules"
  - term: IAF
    aliases: [inverse autoregressive flow]
    context:
      require: [flow, flows, autoregressive, posterior, sampling, density, student]
    allow:
      - "iaf is fast to sample"
  - term: MAF
    aliases: [masked autoregressive flow]
    context:
      require: [flow, flows, autoregressive, density, evaluation, sampling, student]
    allow:
      - "maf is fast to evaluate"
  - term: MLE
    category: technique
    aliases: [maximum likelihood estimation]
    context:
      require: [training, likelihood, estimate, estimation, parameters, objective, model]
    allow:
      - "mle fits the parameters"
  - term: Transformer
    aliases: [Transformers]
    context:
      require: [attention, layers, tokens, sequence, model, encoder, decoder, language]
    allow:
      - "the transformer uses self attention"
  - term: latent variable
    category: technique
    aliases: [latent variables, latents]
    context:
      require: [vae, encoder, decoder, prior, model, posterior, gaussian]
    allow:
      - "the encoder maps images to latents"
"""


@pytest.fixture(scope="module")
def det(tmp_path_factory):
    return detector_of(tmp_path_factory, "models.yml", RULES)


@pytest.mark.parametrize("text", [
    "the decoder model maps a latent z from the gaussian prior to an image",
    "the posterior of the model says the latent has a gaussian prior in the vae",
])
def test_a_word_and_a_word_more_are_no_plural(det, text):
    assert found_alike(det, text) == []


def test_google_and_a_verb_of_more_beats_are_no_googlenet(det):
    assert found_alike(det, "fast sampling was what google needed for its convolutional network on imagenet") == []


def test_the_rest_misheard_with_its_beats_is_still_googlenet(det):
    assert found_alike(det, "google nut won imagenet with a convolutional network of inception modules") == \
        [("google nut", "Inception")]


def test_capitals_that_begin_no_acronym_are_not_its_letters(det):
    assert found_alike(det, "the classic approach is EM which needs the exact posterior for sampling") == []


def test_its_first_capitals_and_the_rest_said_are_still_the_acronym(det):
    assert found_alike(det, "we draw posterior samples with MCM see sampling") == [("MCM see", "MCMC")]


def test_eye_is_the_letter_i_said_by_its_name(det):
    assert found_alike(det, "parallel wavenet trained an eye AF student for fast sampling with the flow") == \
        [("eye AF", "IAF")]


@pytest.fixture(scope="module")
def det_maf(tmp_path_factory):
    """The glossary without IAF: MAF alone, that 'an eye AF' sounds like."""
    iaf = RULES.index("  - term: IAF")
    return detector_of(tmp_path_factory, "models.yml", RULES[:iaf] + RULES[RULES.index("  - term: MAF"):])


def test_words_of_more_beats_than_the_letters_left_are_no_acronym(det_maf):
    assert found_alike(det_maf, "parallel wavenet trained an eye AF student for fast sampling with the flow") == []


def test_words_of_the_letters_left_and_its_capitals_are_still_the_acronym(det_maf):
    assert found_alike(det_maf, "we fit the density with em AF and a flow of autoregressive layers") == \
        [("em AF", "MAF")]


def test_a_verb_of_the_doer_a_term_names_is_no_mishearing(det):
    assert found_alike(det, "the model learns transforms of the tokens with attention layers in sequence") == []


def test_an_unusual_word_of_fewer_beats_is_no_acronym_said_letter_by_letter(det):
    assert found_alike(det, "over training you anneal the temperature of the model objective to zero") == []
