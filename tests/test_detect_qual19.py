"""Detection without listed mishearings (fuzzy and phonetic only), session 19's rules: a name's 'y'
or 'j' onset heard as the other; a name's word that is no English word heard as another said exactly
like it; two words of correct forms that are a name they are not, one of its rare words heard right
('Joshua Bengio'); a longer reading holding a kept sounds-alike wins it ('wave are an N' is WaveRNN,
not RNN); the last letter 'en' of a name said letter by letter heard as 'and' ('D Q and' for DQN).
Each test of a catch fails with its rule off."""

from __future__ import annotations

import pytest

from qa.detect import Detector
from qa.detect.candidates import name_word_heard
from qa.detect.index import and_ended, keyed_readings

from detecting import detector_of, found_alike

RULES = """\
category: person
entries:
  - term: Jarek Duda
    context:
      require: [ans, compression, entropy, coding]
    allow:
      - "jarek duda invented ans"
  - term: Olaf Ronneberger
    context:
      require: [segmentation, medical, biomedical]
    allow:
      - "olaf ronneberger's u-net"
  - term: Joshua Meier
    context:
      require: [protein, language, model]
    allow:
      - "joshua meier's protein models"
  - term: Yann LeCun
    context:
      require: [convolutional, mnist, lenet, energy, turing]
    allow:
      - "yann lecun's cake"
  - term: Yoshua Bengio
    context:
      require: [turing, deep, learning, mila, montreal]
    allow:
      - "yoshua bengio at mila"
"""

MODELS = """\
category: model
entries:
  - term: Bellman equation
    category: technique
    aliases: [Bellman]
    context:
      require: [value, reward, dynamic, programming, policy]
    allow:
      - "the bellman equation for the value"
  - term: CNN
    aliases: [CNNs]
    context:
      require: [convolutional, image, images, filters]
    allow:
      - "a cnn with small filters"
  - term: DQN
    aliases: [DQNs]
    context:
      require: [atari, reinforcement, replay, agent, policy]
    allow:
      - "dqn plays atari"
  - term: GAN
    aliases: [GANs]
    spoken: [gan]
    context:
      require: [generator, discriminator, training, adversarial]
    allow:
      - "a gan has a generator"
  - term: GPT
    aliases: [GPTs]
    context:
      require: [openai, language, model, transformer]
    allow:
      - "gpt is a language model"
  - term: GPT-2
    aliases: [GPT2, GPT two]
    context:
      require: [webtext, radford]
    allow:
      - "gpt-2 is a language model"
  - term: RNN
    aliases: [RNNs, recurrent neural network]
    context:
      require: [recurrent, sequence, hidden, language, model]
    allow:
      - "an rnn keeps a hidden state"
  - term: WaveRNN
    aliases: [Wave RNN]
    context:
      require: [audio, speech, vocoder, synthesis]
    allow:
      - "wavernn runs on a phone"
"""


@pytest.fixture(scope="module")
def people(tmp_path_factory) -> Detector:
    return detector_of(tmp_path_factory, "people.yml", RULES)


@pytest.fixture(scope="module")
def models(tmp_path_factory) -> Detector:
    return detector_of(tmp_path_factory, "models.yml", MODELS)


def test_a_names_y_onset_heard_as_j_is_found(people: Detector) -> None:
    # 'jan lacoon' has key KNLKN, Yann LeCun's ANLKN: 0.74 alike without the twin onset, no candidate
    assert ("Jan Lacoon", "Yann LeCun") in found_alike(
        people, "Jan Lacoon showed convolutional networks reading digits of mnist")


def test_the_twin_onset_is_only_for_names_said_as_words() -> None:
    assert [k[2] for k in keyed_readings([("yann", "lecun")], False, True)] == ["ANLKN", "KNLKN"]
    assert [k[2] for k in keyed_readings([("yann", "lecun")], False, False)] == ["ANLKN"]
    # not before a consonant, nor in a name spelled letter by letter
    assert len(keyed_readings([("jkl", "net")], False, True)) == 1
    assert len(keyed_readings([("jay", "ef", "tee")], False, True)) == 1


def test_a_name_word_said_exactly_like_its_own_is_heard_right(people: Detector) -> None:
    # 'Lacoon' is no English word, said as LeCun is (Metaphone LKN): with the rule off 'young Lacoon'
    # is 0.77 alike as a whole, too little for the context word near to count (0.44)
    assert ("young Lacoon", "Yann LeCun") in found_alike(people, "young Lacoon showed convolutional networks on mnist")


def test_said_alike_is_by_metaphone_not_by_the_coarse_key() -> None:
    from qa.detect.index import GlossaryIndex  # noqa: F401  (the Form type's module)

    class _Entry:
        def __init__(self, category: str) -> None:
            self.category = category

    class _Form:
        spelled = False

        def __init__(self, text: str, category: str = "person") -> None:
            self.text = text
            self.entry = _Entry(category)

    assert name_word_heard(["olaf", "ronaberger"], _Form("Olaf Ronneberger"))
    assert name_word_heard(["jan", "lacoon"], _Form("Yann LeCun"))
    # the coarse key merges M and N ('boolean', 'bellman': PLN); Metaphone does not (BLN, BLMN)
    assert not name_word_heard(["boolean", "negation"], _Form("Bellman equation"))
    # a key of too few sounds ('dooda', 'duda': TT), and an everyday word ('lagoon')
    assert not name_word_heard(["yarik", "dooda"], _Form("Jarek Duda"))
    assert not name_word_heard(["young", "lagoon"], _Form("Yann LeCun"))
    # ... nor a rare English word ('spurious': zipf 2.96, said SPRS as 'spyros' is)
    assert not name_word_heard(["spurious", "coarse"], _Form("Spyros Gidaris"))
    # ... and only of a person's name: other terms' words are spelled otherwise by speakers too
    # ('quantisation'), or said like a surname ('Rezende' like ResNet: RSNT)
    assert not name_word_heard(["too", "quantisation"], _Form("weight quantization", "technique"))
    assert not name_word_heard(["rezende", "find"], _Form("ResNet 50", "model"))
    assert name_word_heard(["learning", "tanh"], _Form("Laurent Dinh"))  # (TNH both)
    assert not name_word_heard(["learning", "tanh"], _Form("Laurent Dinh"), alike=False)


def test_words_of_correct_forms_that_are_another_name_are_no_name_heard_right(people: Detector) -> None:
    # 'joshua' is a word of Joshua Meier, 'bengio' of Yoshua Bengio: with the rule off, words of correct
    # forms only are heard right, and nothing is looked up
    text = "Joshua Bengio shared the turing award for deep learning"
    assert ("Joshua Bengio", "Yoshua Bengio") in found_alike(people, text)
    # ... but the names themselves, side by side, are
    assert found_alike(people, "Joshua Meier and Yoshua Bengio met in montreal to talk about deep learning") == []
    # ... and a 'j' onset for a 'y' is not heard with a function word for the rest ('being': PNK as 'bengio')
    assert found_alike(people, "Joshua being cynical about deep learning at mila in montreal") == []
    assert found_alike(people, "the turing award went to LeCun Bengio and Hinton for deep learning") == []


def test_everyday_words_said_alike_stay_unflagged(people: Detector, models: Detector) -> None:
    assert found_alike(people, "the young lagoon was calm and jan walked to pisa with her pizza") == []
    assert found_alike(models, "we take the boolean negation of the flag and return it") == []


def test_the_longer_reading_holding_a_kept_one_wins(models: Detector) -> None:
    # 'are an N' is RNN said letter by letter, with a sequence model near; 'wave are an N' is WaveRNN,
    # with no context word of its own near: with the rule off RNN is kept and WaveRNN lost
    text = "then wave are an N made the sequence model fast enough to run on a phone"
    assert found_alike(models, text) == [("wave are an N", "WaveRNN")]
    reason = [f.reason for f in models.scan_text(text) if f.term == "WaveRNN"][0]
    assert "holds 'are an N', said like RNN" in reason


def test_only_function_words_more_do_not_widen(models: Detector) -> None:
    # 'GP but' is GPT; 'GP but I' sounds like GPT-2 ('I' for 'two') as much, but adds a pronoun only
    got = found_alike(models, "for the language model we used GP but I think it was too small")
    assert ("GP but I", "GPT-2") not in got


def test_a_last_letter_n_heard_as_and_is_found(models: Detector) -> None:
    # 'D Q and' has key TKNT, DQN's 'dee cue en' TKN: 0.79 alike and a function word at its end, below
    # a finding with the rule off
    assert ("D Q and", "DQN") in found_alike(models, "we compare the policy to a D Q and baseline on atari")
    assert and_ended(("dee", "cue", "en")) and not and_ended(("gan",)) and not and_ended(("see", "en"))


def test_and_for_a_letter_only_after_capitals(models: Detector) -> None:
    # the key of 'see en and' is that of 'Simonyon to' (SNNT) too: only 'and' after capitals is looked at
    # (the one word 'Simonyon' sounds like 'see en en' as it is: another matter)
    got = found_alike(models, "a convolutional image model by Karen Simonyon to classify images")
    assert not [f for f in got if f[0].startswith("Simonyon ")]
    assert found_alike(models, "the U S and the U K trained an agent on atari") == []
    # ... and only those of the name's own letters but its last: 'G and' is no GAN ('jee ay en')
    assert found_alike(models, "training the generator of G and Ns against a discriminator") == []
    # ... each on its own: a token of capitals is ASR's word for a name, and 'and' then a word
    assert ("CN and", "CNN") not in found_alike(models, "a convolutional image classifier CN and a bigger one")
