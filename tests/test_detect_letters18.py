"""Detection without listed mishearings (fuzzy and phonetic only), session 18's letters rules: a short
acronym said letter by letter, its letters' names written as everyday words ('pee pee oh' for PPO,
'cue learning' for Q-learning, 'tee five' for T5), or a letter written in lowercase on its own ('pee
pee o'); a letter's name and a word of two everyday words ('you net' for U-Net); a number of it said as
a word next to a letter's name ('see four' for C4); and function words
that would have to stand for most letters of a short acronym ('and pee' for MDP) are a phrase said.
Each test of a catch fails with its rule off."""

from __future__ import annotations

import pytest

from qa.detect import Detector
from qa.detect.tokens import word_infos

from detecting import detector_of, found_alike

RULES = """\
category: technique
entries:
  - term: PPO
    aliases: [proximal policy optimization]
    context:
      require: [policy, reinforcement, rl, clipped, reward, advantage, agent, objective]
    allow:
      - "ppo clips the policy update"
  - term: DPO
    aliases: [direct preference optimization]
    context:
      require: [preference, preferences, rlhf, reward, fine-tuning, fine-tune, pairs]
    allow:
      - "dpo needs no reward model"
  - term: Q-learning
    aliases: [Q learning, Q-function, Q function]
    context:
      require: [reinforcement, reward, bellman, action, value, values, policy, agent, table]
    allow:
      - "q-learning is off-policy"
  - term: MDP
    aliases: [MDPs, Markov decision process]
    context:
      require: [reinforcement, states, actions, rewards, reward, transition, policy, agent]
    allow:
      - "an mdp has states and actions"
  - term: GPU
    aliases: [GPUs]
    context:
      require: [memory, cuda, nvidia, training, compute, hardware]
    allow:
      - "one gpu with 16 gb of memory"
  - term: T5
    category: model
    context:
      require: [model, text-to-text, google, encoder, decoder, transformer, text]
    allow:
      - "t5 frames every task as text to text"
  - term: OpenCV
    category: tool
    aliases: [cv2]
    context:
      require: [image, images, video, python, library, computer, vision]
    allow:
      - "import cv2 to read the video frames"
  - term: U-Net
    category: model
    aliases: [UNet]
    context:
      require: [segmentation, encoder, decoder, skip, connections, denoising, architecture]
    allow:
      - "a u-net for biomedical image segmentation"
  - term: EfficientNet
    category: model
    aliases: [Efficient Net]
    context:
      require: [scaling, compound, imagenet, accuracy, convolutional, flops]
    allow:
      - "efficientnet b7 on imagenet"
  - term: ControlNet
    category: model
    context:
      require: [diffusion, conditioning, stable, edges, pose]
    allow:
      - "controlnet adds spatial conditioning to stable diffusion"
  - term: GPT-2
    category: model
    aliases: [GPT2, GPT two]
    context:
      require: [openai, language, model, transformer, webtext, text, radford]
    allow:
      - "gpt-2 was trained on webtext"
  - term: C4
    category: dataset
    context:
      require: [common crawl, crawl, dataset, pretraining, pretrain, web, cleaned]
    allow:
      - "c4 is a cleaned version of common crawl"
"""


@pytest.fixture(scope="module")
def letters(tmp_path_factory) -> Detector:
    return detector_of(tmp_path_factory, "techniques.yml", RULES)


def test_letters_names_written_as_words_are_the_acronym(letters: Detector) -> None:
    # 'pee pee oh' has key P (the doubled P merged, the vowel dropped): too short to look up by, and
    # three words without an odd one were not looked up at all
    assert found_alike(letters, "so the agent uses pee pee oh to update its policy after each rollout") == \
        [("pee pee oh", "PPO")]
    assert found_alike(letters, "then we fine tune with dee pee oh on the preference pairs") == [("dee pee oh", "DPO")]
    assert found_alike(letters, "the tee five model frames every task as text to text") == [("tee five", "T5")]


def test_a_letter_written_in_lowercase_on_its_own_is_its_name(letters: Detector) -> None:
    assert found_alike(letters, "so the agent uses pee pee o to update its policy after each rollout") == \
        [("pee pee o", "PPO")]
    # ... a lone lowercase letter starts long n-grams as a rare letter's name does
    assert word_infos(["p"])[0][5] and word_infos(["pee"])[0][5]
    # ... but not a name beginning with a vowel, which runs on into the words around it as 'es' does
    # into a plural ('when you es' has NYU's key, 'we were es' WERs); 'pee pee o' is found by its 'pee'
    assert not word_infos(["es"])[0][5] and not word_infos(["s"])[0][5] and not word_infos(["o"])[0][5]
    assert not word_infos(["you"])[0][5] and not word_infos(["see"])[0][5]


def test_said_exactly_with_a_letter_written_as_a_word_is_a_mishearing(letters: Detector) -> None:
    # 'cue learning' is said exactly as Q-learning is: with the rule off it is the term heard right
    # (a normalization), not the mishearing it is
    assert found_alike(letters, "in tabular cue learning you keep a table of action values") == \
        [("cue learning", "Q-learning")]
    # ... while the term written with its letter is heard right, in any case
    assert found_alike(letters, "in tabular q learning you keep a table of action values") == []
    assert found_alike(letters, "in tabular Q learning you keep a table of action values") == []


def test_letters_written_as_words_need_context(letters: Detector) -> None:
    # the same words with nothing of the term's topic around them are no finding
    assert found_alike(letters, "the kids said pee pee oh and laughed all the way home from school") == []
    assert found_alike(letters, "she gave me a cue learning to read the room at parties") == []


def test_everyday_letter_names_alone_are_no_acronym(letters: Detector) -> None:
    # 'you', 'see', 'are', 'oh' are letters' names too, but said all the time
    text = "oh you see are you sure the policy gets any reward for that action in the agent's states"
    assert found_alike(letters, text) == []


def test_a_number_said_as_a_word_next_to_a_letter_name(letters: Detector) -> None:
    # 'see' is an everyday word; 'four', a number of C4 said as a word, makes it a letter heard
    assert ("see four", "C4") in found_alike(letters, "we pretrain on see four the cleaned common crawl dataset")
    assert found_alike(letters, "I can see four of them from here and the fifth is hiding") == []
    # ... but a number alone, with no letter's name next to it, is no letter heard ('zip' is none of
    # 'see vee two'; 'zip two' has cv2's key)
    assert found_alike(letters, "then we zip two of the video files and upload them to the library") == []


def test_function_words_for_most_letters_of_a_short_acronym(letters: Detector) -> None:
    # 'and pee' has the key of 'em dee pee' (m/n and d/t merged): with the rule off it is MDP, 0.7
    assert found_alike(letters, "we formalize this as an and pee with states actions and rewards") == []
    assert found_alike(letters, "the agent lives in an and P with states actions and rewards") == []
    # ... but a function word for one letter among letters heard is still the acronym
    assert ("GP you", "GPU") in found_alike(letters, "it all fits in the memory of one GP you for training")


def test_a_letter_and_a_word_both_everyday_words(letters: Detector) -> None:
    # 'you net' is U-Net said ('you' for U): a function word and an everyday word, never looked up
    # with the rule off, and its words' rest ('you' for 'u') would count as a function word said
    assert found_alike(letters, "the denoiser is a you net with skip connections from encoder to decoder") == \
        [("you net", "U-Net")]
    # ... which needs its topic around it, as every everyday word said for a name does
    assert found_alike(letters, "did you net any profit from the sale of the old house this year") == []


def test_a_long_coined_name_heard_but_its_last_syllable(letters: Detector) -> None:
    # 'efficient' is 9 of EfficientNet's 12 letters, more than the two thirds a part heard right was
    # allowed: with the rule off both words are everyday words (-0.2), and elsewhere-only context
    # leaves it below a finding
    text = "we scaled it up with an efficient nut and it was a lot better than the one we had last year " \
        "so the accuracy went up"
    assert found_alike(letters, text) == [("efficient nut", "EfficientNet")]
    # ... not where nothing of its topic is around
    assert found_alike(letters, "this is an efficient nut cracker that my uncle sells at the market") == []
    # ... nor with a function word for its last syllable: 'efficient and' is the word said and more
    text = "the new convolutional architecture is more efficient and the accuracy is better"
    assert found_alike(letters, text) == []
    # ... nor with a word said all the time ('efficient need'), nor other consonants ('efficient fit')
    text = "so it is much more efficient need I say more and it was a lot better than the one we had last " \
        "year so the accuracy went up"
    assert found_alike(letters, text) == []
    # ... nor with a word of more beats than it ('control model' is no ControlNet)
    assert found_alike(letters, "we compare against the control model trained with a diffusion prior") == []


def test_a_name_with_a_number_heard_with_an_inner_letter_swallowed(letters: Detector) -> None:
    # 'gee tee too' is GPT-2 said without its 'pee' (and 'too' for the number after letters); 'gt2' the
    # same written as one token: keys KT and KPT, 0.72 alike, below any candidate with the rule off
    assert found_alike(letters, "then gee tee too came out and it could write whole paragraphs of text") == \
        [("gee tee too", "GPT-2")]
    assert found_alike(letters, "the gt2 language model was trained on reddit links") == [("gt2", "GPT-2")]
    # ... the first letter and the number heard: 'pee tee two' is none
    assert found_alike(letters, "the pee tee two language model was trained on reddit links") == []
