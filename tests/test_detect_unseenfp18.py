"""Precision on lectures the detector was not tuned on (session 18, branch unseenfp): letters heard
right said as the start of a longer name, a rare name ASR knew heard for a name said letter by
letter, a term heard right with a word next to it taken for a longer term. Each test of a rule fails
with the rule off; the catches next to them show what the rule keeps."""

from __future__ import annotations

import polars as pl
import pytest

from qa.records import COLUMNS

from detecting import detector_of

RULES = """\
category: model
entries:
  - term: DGX
    category: hardware
    aliases: [DGX-1, DGX-2, DGX A100]
    context:
      require: [nvidia, gpus, gpu, server, cluster, v100, a100, machine, eight, nodes]
    allow:
      - "a dgx-1 with eight v100s"
  - term: GauGAN
    aliases: [SPADE, GauGAN2]
    spoken: [go gan, gaugan]
    context:
      require: [nvidia, semantic, segmentation, map, maps, landscape, gan, synthesis, label]
    allow:
      - "gaugan uses spatially-adaptive normalization"
  - term: SOTA
    category: acronym
    aliases: [SoTA]
    spoken: [sota]
    context:
      require: [state, results, benchmark, model, accuracy, paper, beat, performance, leaderboard]
    allow:
      - "sota on imagenet"
  - term: VGG
    aliases: [VGGNet, VGG-16]
    context:
      require: [network, imagenet, layers, convolutional, features, perceptual, loss, architecture, resnet]
    allow:
      - "we use vgg features for a perceptual loss"
  - term: FAIR
    category: organization
    aliases: [Facebook AI Research, FAIR lab]
    spoken: [fair]
    context:
      require: [facebook, research, lab, paper, team, work, pytorch, meta]
    allow:
      - "researchers at fair released detectron"
  - term: LSGAN
    aliases: [least squares GAN]
    context:
      require: [gan, discriminator, generator, loss, squares]
    allow:
      - "lsgan replaces the cross entropy loss"
  - term: RLHF
    category: acronym
    aliases: [reinforcement learning from human feedback]
    context:
      require: [human, feedback, preference, reward, model, ppo, fine-tuning, alignment]
    allow:
      - "rlhf uses ppo against a learned reward model"
  - term: Q-learning
    category: technique
    aliases: [deep Q-learning]
    context:
      require: [value, reward, policy, action, bellman, agent, state, greedy]
    allow:
      - "q-learning is off-policy"
  - term: GPT
    aliases: [GPTs, GPT-2]
    context:
      require: [model, language, openai, transformer, tokens, text]
    allow:
      - "gpt predicts the next token"
  - term: pre-training
    category: technique
    aliases: [pre-train, pre-trains, pretraining]
    context:
      require: [data, model, fine-tuning, corpus, self-supervised, downstream]
    allow:
      - "pre-training on web text"
  - term: gradient descent
    category: technique
    aliases: [stochastic gradient descent]
    context:
      require: [learning, rate, loss, parameters, step, optimizer, minimize]
    allow:
      - "gradient descent on the loss"
  - term: DrQ
    spoken: [doctor q]
    context:
      require: [augmentation, shifts, image, pixels, critic, sac]
    allow:
      - "drq shifts the image before the critic"
  - term: GSM8K
    category: dataset
    context:
      require: [math, grade, school, problems, accuracy, reasoning]
    allow:
      - "gsm8k has grade school math problems"
  - term: LAMBADA
    category: dataset
    spoken: [lambada]
    context:
      require: [last word, word, passage, passages, gpt-2, discourse, zero-shot, accuracy, dataset, benchmark, perplexity]
    allow:
      - "lambada tests the last word of a passage"
  - term: meta-learning
    category: technique
    aliases: [meta learning, learning to learn]
    context:
      require: [tasks, task, few-shot, maml, adaptation, inner, outer, loop]
    allow:
      - "meta-learning across many tasks"
"""

# the first chunk of a lecture on value learning: it says a few of the glossary's terms and some of
# their context words, as a lecture does, so a later chunk is scored as in a technical video
INTRO = ("today we cover value learning and all the experiments ran on one machine with eight gpus in our lab so "
         "a network that maps each state to a value fits easily and we compare GPT with RLHF and Q-learning")


@pytest.fixture(scope="module")
def det(tmp_path_factory):
    return detector_of(tmp_path_factory, "models.yml", RULES)


def found_in_video(det, *texts: str) -> list[tuple[str, str]]:
    """The asr-errors (heard words, term) of one video of INTRO and then *texts*, a chunk each."""
    rows = [{c: "" for c in COLUMNS} | {"video_id": "v", "start_second": str(30 * k), "text": t}
            for k, t in enumerate((INTRO, *texts))]
    frame = pl.DataFrame(rows).with_columns(_file=pl.lit("x.jsonl"), _line=pl.lit(1))
    return [(f.found, f.term) for f in det.scan_frame(frame) if f.kind == "asr-error"]


# --- capitals that are not the form's own letters: as many beats as it has (CAPS_BEATS) ----------

@pytest.mark.parametrize("text", [
    "so you bootstrap from your own estimate and that is the TD okay so the next idea is the target network",
    "and then you take the max over actions of Q and the rest is just a regression onto that target",
    "the return of the best policy in this state is D for this task because the reward is sparse",
    "in the planning part we saw ensembles of learned dynamics like PETS that plan through the model with "
    "random shooting",
])
def test_letters_heard_right_are_no_longer_name(det, text):
    assert found_in_video(det, text) == []


def test_own_letters_heard_and_the_rest_as_a_word_still_found(det):
    # 'LS gun': LSGAN's own capitals, its 'GAN' said as a word (fewer beats than its letters)
    assert found_in_video(det, "the LS gun swaps the log loss of the discriminator for squares") == \
        [("LS gun", "LSGAN")]


# --- a capitalised rare word for a name said letter by letter in part (`_letters_in`) --------------

def test_capitalised_name_is_no_name_said_in_letters(det):
    # 'Vijayant' has VGGNet's sounds (vee jee jee net), but ASR wrote a name it knew
    assert found_in_video(det, "the twin critic trick comes from Vijayant and his coauthors who also clipped "
                               "the noise") == []


# --- a term's words heard right with another next to them (`similarity.rest_similarity`) ----------

def test_plural_of_a_word_heard_right_and_a_function_word_is_no_longer_term(det):
    # 'gradients' is gradient heard right: 'and' is what is left for 'descent', a word said anyway
    assert found_in_video(det, "each of the sixteen workers computes gradients and sends them to the "
                               "parameter server after every step") == []


@pytest.mark.parametrize("text", [
    "in the tabular case we learn Q for every state and action and read the policy off it",
    "people often ask why they learn Q instead of V and the reason is that the action is free",
])
def test_words_of_a_term_in_another_order_are_no_term(det, text):
    # Q-learning's 'Q' comes first: ASR mishears words, it does not move them
    assert found_in_video(det, text) == []


def test_letter_written_as_a_capital_is_no_word_of_a_term_said_as_words(det):
    # a capital is a letter name heard; meta-learning has none
    assert found_in_video(det, "on a new task both methods learn Q from scratch in the inner loop with few "
                               "tasks") == []


def test_letter_of_a_term_said_as_words_may_be_heard_as_a_capital(det):
    assert found_in_video(det, "doctor Q adds random image shifts to the pixels before the critic sees them") == \
        [("doctor Q", "DrQ")]


# --- an acronym's own first letters heard right and a word more (`similarity.rest_of_letters`) ------

@pytest.mark.parametrize("text", [
    "you can train that policy with plain RL so the reward model is the only new piece",
    "offline RL always needs some care because the human data covers few actions",
])
def test_first_letters_and_a_word_are_no_longer_acronym(det, text):
    assert found_in_video(det, text) == []


@pytest.mark.parametrize("text, heard, term", [
    ("a reward model trained on human preferences is what RL each F adds on top of the base model",
     "RL each F", "RLHF"),
    ("chain of thought helps most on GSM ak where the grade school math problems take several steps",
     "GSM ak", "GSM8K"),
])
def test_first_letters_and_the_rest_said_alike_still_found(det, text, heard, term):
    assert found_in_video(det, text) == [(heard, term)]


# --- an everyday word for a short name, its topic nowhere: generic require words elsewhere do not
# count (`EntryRules.topic_words`) ---------------------------------------------------------------

def test_everyday_word_for_a_name_whose_topic_the_video_never_touches(det):
    # 'dataset' and 'benchmark' are LAMBADA's require words too, but of every dataset: the video says
    # nothing of passages or last words, and 'lambda' is the trace decay
    assert found_in_video(det, "we evaluate on the usual offline benchmark with a fixed dataset of robot episodes",
                          "the trace decay lambda sets how far back the credit goes and with lambda near one "
                          "you get plain Monte Carlo returns") == []


def test_everyday_word_for_a_name_with_its_topic_in_the_video_still_found(det):
    assert found_in_video(det, "the model has to predict the last word of each passage from the whole context",
                          "zero-shot accuracy on lambda went up a lot with scale while perplexity fell") == \
        [("lambda", "LAMBADA")]
