"""Precision on the generative-models lecture (session 18, branch genfp): a word heard right that is
an English word made of a term's word with a prefix or suffix more or less ('parameterization',
'Markovian', 'nonequilibrium'), a word and 'is' read as the term's plural ('the latent is'), a name
the captioner wrote in CamelCase ('MusicLM'), and the long form of an acronym suggested where the
long form was said, and a lowercase 'a' that is no letter A ending a name. Each test of a rule fails with the rule off; the catches next to them show what
the rule keeps (misheard prefixes, unknown words, grammatical endings, capitals)."""

from __future__ import annotations

import pytest

from qa.detect import Detector
from qa.detect.index import Form
from qa.detect.similarity import ends_heard
from qa.glossary import Entry, load_glossary

from detecting import detector_of, found_alike

RULES = """\
category: technique
entries:
  - term: reparameterization
    aliases: [reparameterization trick]
    context:
      require: [vae, gradient, sample, sampling, encoder, variance, gaussian, noise, network]
    allow:
      - "the reparameterization trick moves the noise outside the network"
  - term: Markov chain
    aliases: [Markov chains]
    context:
      require: [state, states, transition, sampling, probability, steps, process]
    allow:
      - "a markov chain over states"
  - term: Nash equilibrium
    context:
      require: [game, gan, generator, discriminator, players, physics, diffusion, statistical]
    allow:
      - "the generator and discriminator reach a nash equilibrium"
  - term: latents
    aliases: [latent variables]
    context:
      require: [vae, encoder, decoder, gaussian, vector, sample, prior, codes]
    allow:
      - "the encoder maps images to latents"
  - term: masked LM
    aliases: [masked language model]
    context:
      require: [bert, tokens, pretraining, text, audio, language, trained]
    allow:
      - "bert is trained as a masked language model"
  - term: disentanglement
    context:
      require: [vae, latent, factors, variation, beta]
    allow:
      - "beta vae improves disentanglement"
  - term: discriminator
    context:
      require: [gan, generator, fake, real, images]
    allow:
      - "the discriminator tells real from fake images"
  - term: autoencoder
    aliases: [autoencoders]
    context:
      require: [encoder, decoder, reconstruct, reconstructs, input, latent, denoising, corrupted]
    allow:
      - "a denoising autoencoder reconstructs its input"
  - term: REINFORCE
    context:
      require: [policy, gradient, reward, return, williams, actions]
    allow:
      - "reinforce is the simplest policy gradient method"
"""

METRICS = """\
category: metric
entries:
  - term: FID
    aliases: [Fréchet Inception Distance, Frechet Inception Distance, FID score]
    variants: [fit score, fresh it inception distance]
    context:
      require: [gan, samples, images, generated, lower, quality, cifar]
    allow:
      - "lower fid means better samples"
  - term: ASR
    aliases: [automatic speech recognition]
    variants: [speech recognitions system, automatic speech wreck ignition]
    context:
      require: [audio, speech, whisper, transcripts, error]
    allow:
      - "asr turns speech into text"
"""


@pytest.fixture(scope="module")
def det(tmp_path_factory):
    return detector_of(tmp_path_factory, "gen.yml", RULES)


@pytest.fixture(scope="module")
def metrics(tmp_path_factory):
    d = tmp_path_factory.mktemp("rules")
    (d / "metrics.yml").write_text(METRICS)
    return Detector(load_glossary(d))


@pytest.mark.parametrize("text", [
    # the term's word less a prefix, said alone or after a word that is not the prefix misheard
    "for the score network a careful parameterization of the output matters more than the size of the noise model",
    "we sample the gaussian noise first and with the right parameterization the gradient flows through the sample",
    # ... more a suffix, more a prefix
    "the sampler is not Markovian any more so it can skip most of the steps of the process",
    "ideas from nonequilibrium statistical physics led to the first diffusion models",
])
def test_derived_word_heard_right(det, text):
    assert found_alike(det, text) == []


@pytest.mark.parametrize("text, found", [
    # the prefix misheard as a word before the rest ('this' for dis-, 'otto' for auto-)
    ("beta vae encourages this entanglement of the latent factors of variation", "this entanglement"),
    ("a denoising otto encoder reconstructs the corrupted input", "otto encoder"),
    # an unknown word is no English word heard right
    ("the generator tries to fool this criminator with fake images that look real", "this criminator"),
    # a grammatical ending is the name heard with it ('reinforced' for REINFORCE)
    ("the policy gradient algorithm called reinforced from williams weights actions by the return", "reinforced"),
])
def test_misheard_prefix_and_unknown_words_still_caught(det, text, found):
    assert found in [f for f, _ in found_alike(det, text)]


def test_word_and_is_not_the_plural(det):
    assert found_alike(det, "in this model the latent is a single vector and the decoder turns it back into an image "
                            "sampled from the gaussian prior") == []


def test_camel_case_name_heard_right(det):
    assert found_alike(det, "the team trained MusicLM on pairs of text and audio to generate songs") == []


def test_long_form_suggested_where_said(metrics):
    found = [(f.found, f.suggestion) for f in metrics.scan_text(
        "for the gan samples we report the fresh it inception distance on cifar and lower is better")
        if f.kind == "asr-error"]
    assert found == [("fresh it inception distance", "Fréchet Inception Distance")]


def test_acronym_suggested_where_no_long_form_said(metrics):
    found = [(f.found, f.suggestion) for f in metrics.scan_text(
        "the gan samples reach a fit score of 7 on cifar with generated images") if f.kind == "asr-error"]
    # the acronym, not the long form; written as the glossary's form that keeps 'score', heard right
    # (qa.detect.choose._closest_written), so the fix leaves the sentence whole
    assert found == [("fit score", "FID score")]


@pytest.mark.parametrize("text, suggestion", [
    ("whisper does automatic speech wreck ignition on noisy audio", "automatic speech recognition"),
    # one word of three of the long form heard: not the long form said
    ("the transcripts come from a speech recognitions system trained on audio", "ASR"),
])
def test_long_form_only_where_half_of_it_heard(metrics, text, suggestion):
    assert [f.suggestion for f in metrics.scan_text(text) if f.kind == "asr-error"] == [suggestion]


@pytest.mark.parametrize("first, last, held", [
    ("images", "a", False),  # 'a' is the word, not the letter A: 'images and a' is no ImageNet-A
    ("images", "A", True),  # ... a capital is the letter heard
])
def test_lowercase_a_is_no_letter_at_the_end_of_a_name(first, last, held):
    form = Form(Entry(term="ImageNet-A", category="dataset", file="x.yml", line=1), "ImageNet-A", "term")
    assert ends_heard(first, last, form) is held
