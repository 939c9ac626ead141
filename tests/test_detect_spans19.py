"""Detection without listed mishearings (fuzzy and phonetic only), session 19's span rules: an acronym
said fast, several of its letters' names run together into one everyday word ('trip oh' for TRPO,
'seek el' for CQL); a 'ch' of a person's name said as a 'k' ('Alex nickel' for Alex Nichol); three or four short
everyday words with the key of a name of five sounds ('a dietary mesh' for Aditya Ramesh); a coined
name and its number said sound for sound, the number heard right ('style can 2' for StyleGAN2). Each test of a catch fails with its rule off."""

from __future__ import annotations

import pytest

from qa.detect import Detector
from qa.detect.candidates import _coined
from qa.detect.context import letters_run_together

from detecting import detector_of, found_alike

RULES = """\
category: technique
entries:
  - term: TRPO
    aliases: [trust region policy optimization]
    context:
      require: [policy, reinforcement, trust, region, kl, constraint, ppo, gradient, natural, rl]
    allow:
      - "trpo uses a trust region"
  - term: CQL
    aliases: [conservative Q-learning]
    context:
      require: [offline, q-values, q-function, actions, dataset, penalty, lower, bound, reinforcement, rl, value]
    allow:
      - "cql learns a conservative lower bound"
  - term: DGX
    category: hardware
    context:
      require: [nvidia, gpus, gpu, a100, h100, v100, server, node, eight]
    allow:
      - "a dgx box with eight gpus"
  - term: Alex Nichol
    category: person
    context:
      require: [diffusion, improved, ddpm, openai, glide, dhariwal, guided, classifier]
    allow:
      - "alex nichol also wrote reptile"
  - term: Aditya Ramesh
    category: person
    context:
      require: [dall-e, openai, clip, image, images, text, generation, diffusion]
    allow:
      - "aditya ramesh presented zero-shot text to image generation"
  - term: ImageNet
    category: dataset
    context:
      require: [images, image, dataset, classes, accuracy, labels, million]
    allow:
      - "imagenet has a million labelled images"
  - term: StyleGAN
    category: model
    aliases: [StyleGAN2, StyleGAN3]
    context:
      require: [faces, ffhq, nvidia, generator, latent, mapping, network, images, gan]
    allow:
      - "stylegan2 removed the droplet artifacts"
  - term: MCTS
    aliases: [Monte Carlo tree search]
    context:
      require: [tree, search, alphago, rollouts, game, moves, planning, language]
    allow:
      - "mcts expands a search tree"
  - term: machine translation
    context:
      require: [translation, source, target, bleu, language]
    allow:
      - "neural machine translation"
  - term: MDP
    aliases: [MDPs, Markov decision process]
    context:
      require: [reinforcement, states, actions, rewards, reward, transition, policy, agent]
    allow:
      - "an mdp has states and actions"
"""


@pytest.fixture(scope="module")
def spans(tmp_path_factory) -> Detector:
    return detector_of(tmp_path_factory, "techniques.yml", RULES)


def test_letters_run_together_into_a_word_are_the_acronym(spans: Detector) -> None:
    # 'trip' has the consonants of 'tee ar pee', 'seek' those of 'see cue': with the rule off, everyday
    # words for an acronym said letter by letter need a heard word naming one of its letters
    assert found_alike(spans, "the step size problem is what trip oh fixes with a kl constraint on the policy") == \
        [("trip oh", "TRPO")]
    assert found_alike(spans, "offline rl methods like seek el learn a conservative lower bound on q values") == \
        [("seek el", "CQL")]


def test_letters_run_together_still_need_context(spans: Detector) -> None:
    assert found_alike(spans, "we took a road trip oh and it rained the whole way to the coast") == []


def test_a_word_runs_letters_together_only_with_all_their_consonants() -> None:
    assert letters_run_together("TRPO", ["trip", "oh"], ["trip", "oh"])
    assert letters_run_together("CQL", ["seek", "el"], ["seek", "el"])
    # a word for one letter is its name, or said like it: 'well' is no 'el', 'we're' no 'ar', 'one'
    # no 'en'; and one of the words is, or it is weaker: 'alice teams' runs letters together only
    # (context needed, test_detect_recall22)
    assert not letters_run_together("CQL", ["seek", "well"], ["seek", "well"])
    assert not letters_run_together("LQR", ["alec", "we're"], ["alec", "we're"])
    assert not letters_run_together("DQN", ["took", "one"], ["took", "one"])
    assert letters_run_together("LSTMS", ["alice", "teams"], ["alice", "teams"]) == 1
    # a word written with a capital is a name ASR knew
    assert letters_run_together("LQR", ["alec", "are"], ["alec", "are"])
    assert not letters_run_together("LQR", ["alec", "are"], ["Alec", "are"])
    assert not letters_run_together("TRPO", ["trip"], ["trip"])  # one word: no letter read apart
    assert not letters_run_together("TRPO", ["trip", "a"], ["trip", "a"])  # a vowel word stands for its own letter only
    # voicing and m/n count: 'weeks' is no 'jee ex', 'comes' no 'cue en es'
    assert not letters_run_together("DGX", ["two", "weeks"], ["two", "weeks"])
    assert not letters_run_together("DQNS", ["data", "comes"], ["data", "comes"])
    # a function word runs no letters together ('and' has the consonants of 'em dee' only coarsely)
    assert not letters_run_together("MDP", ["and", "pee"], ["and", "pee"])


def test_everyday_phrases_that_split_elsewhere_are_no_acronym(spans: Detector) -> None:
    assert found_alike(spans, "the rack had two weeks of jobs queued on eight gpus from nvidia") == []
    assert found_alike(spans, "an agent in the mdp and pee states with rewards and a policy") == []


def test_a_names_ch_may_be_said_as_a_k(spans: Detector) -> None:
    # Metaphone reads 'Nichol' with the 'ch' of 'church': 'nickel' was two sounds off the name
    assert found_alike(spans, "improved ddpm is a paper by Alex nickel and dhariwal at openai on diffusion") == \
        [("Alex nickel", "Alex Nichol")]
    # ... names only: a 'ch' of a word is said as Metaphone says it
    keys = {k for k, forms in spans.index.phonetic.items() for f in forms if f.entry.term == "machine translation"}
    assert keys and not any(k.startswith("NK") for k in keys)
    assert any(k.startswith("ALKSNKL") for k, forms in spans.index.phonetic.items()
               for f in forms if f.entry.term == "Alex Nichol")


def test_three_words_with_a_short_names_key_are_looked_up(spans: Detector) -> None:
    # key ATRNS, five sounds: three words without an odd one were looked up only for a key of six
    assert found_alike(spans, "the first dall-e paper from openai was led by a dietary mesh and it used text and images") == \
        [("a dietary mesh", "Aditya Ramesh")]


def test_two_words_with_a_short_names_key_are_not(spans: Detector) -> None:
    # 'image and' has ImageNet's key (ANKNT): of two words with a function word, too many phrases do
    assert found_alike(spans, "we label each image and count the classes to get accuracy on a million images") == []


def test_words_with_the_short_key_of_letters_names_are_not(spans: Detector) -> None:
    # 'a nicety to see' has the key of 'em see tee es' (ANSTS): letters' names are too many phrases'
    assert found_alike(spans, "it would be a nicety to see a search tree of moves for the game in the language") == []


def test_a_coined_name_and_its_number_said_sound_for_sound(spans: Detector) -> None:
    # three everyday words with StyleGAN2's key: only a name of letters was taken said so, its number
    # (as 'A100's) being heard right; here it was
    text = "then style can 2 from nvidia fixed the artifacts in the generated faces with a new generator"
    assert found_alike(spans, text) == [("style can 2", "StyleGAN")]
    assert [f.suggestion for f in spans.scan_text(text)] == ["StyleGAN2"]
    assert _coined("matplotlib", "lib") and _coined("stylegan2", "2")
    assert not _coined("stylegan2", "two") and not _coined("a100", "100") and not _coined("3dgs", "3")
