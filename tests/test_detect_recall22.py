"""Detection without listed mishearings (fuzzy and phonetic only), session 22's recall rules, general
mechanisms found by classifying every miss of the fifteen studied lectures by cause: an acronym of
four letters or more said fast as everyday words that each run two or more of its letters together
('Ellis team' for LSTM); a compound the glossary writes as one word heard as two beside a word
misheard ('Irish data set' for Iris dataset); a term the video says, heard elsewhere in it with one of
its words right and another misheard ('Google rain' for Google Brain). Each test of a catch fails with its rule off."""

from __future__ import annotations

import pytest

from qa.detect import Detector
from qa.detect.context import letters_run_together

from detecting import detector_of, found_alike

RULES = """\
category: model
entries:
  - term: LSTM
    aliases: [LSTMs, long short-term memory]
    context:
      require: [recurrent, rnn, gates, gate, hidden, sequence, memory, cell, gru, vanishing]
    allow:
      - "an lstm has a forget gate"
  - term: TRPO
    aliases: [trust region policy optimization]
    category: technique
    context:
      require: [policy, reinforcement, trust, region, kl, constraint, ppo, gradient]
    allow:
      - "trpo uses a trust region"
"""


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> Detector:
    return detector_of(tmp_path_factory, "models.yml", RULES)


def test_words_that_each_run_letters_together_read_an_acronym(runs: Detector) -> None:
    # 'Ellis' has the consonants of 'el es', 'team' those of 'tee em': no word names a letter, so
    # before this rule no everyday words were taken for LSTM; a name ASR wrote for 'el es' begins them
    assert found_alike(runs, "the recurrent layer here is an Ellis team with a forget gate and a hidden state") == \
        [("Ellis team", "LSTM")]
    assert found_alike(runs, "so he was using ellis teams for the sequence and the gates kept the memory") == \
        [("ellis teams", "LSTM")]


def test_words_running_letters_together_still_need_context(runs: Detector) -> None:
    assert found_alike(runs, "my cousin Ellis team captain of the football club scored twice on sunday") == []


def test_only_long_acronyms_and_words_of_two_letters_or_more() -> None:
    assert letters_run_together("LSTM", ["ellis", "team"], ["Ellis", "team"]) == 1
    assert letters_run_together("LSTMS", ["alice", "teams"], ["alice", "teams"]) == 1
    # a name written later in the words, or capitals beyond the first letter: letters or another name
    assert not letters_run_together("LSTM", ["ellis", "team"], ["ellis", "Team"])
    assert not letters_run_together("LSTM", ["ellis", "team"], ["ELLIS", "team"])
    # three letters are said by too many pairs of words so ('trip' alone is no TRPO either)
    assert not letters_run_together("TRP", ["trip", "pea"], ["trip", "pea"])
    # a letter's name heard keeps the stronger reading
    assert letters_run_together("TRPO", ["trip", "oh"], ["trip", "oh"]) == 2


COMPOUNDS = """\
category: dataset
entries:
  - term: Iris dataset
    aliases: [Fisher's Iris]
    context:
      require: [flowers, species, sepal, petal, classification, classes, features]
    allow:
      - "the iris dataset has three species of flowers"
  - term: mel filterbank
    category: technique
    aliases: [mel filterbanks]
    context:
      require: [speech, audio, spectrogram, frequency, energies, acoustic]
    allow:
      - "we use mel filterbanks"
"""


@pytest.fixture(scope="module")
def compounds(tmp_path_factory) -> Detector:
    return detector_of(tmp_path_factory, "datasets.yml", COMPOUNDS)


def test_a_compound_heard_as_two_words_anchors_its_term(compounds: Detector) -> None:
    # three everyday words with no odd one are looked up only for a form sharing a word with them:
    # 'data set' is the form's 'dataset' written apart, so 'Irish data set' shares one
    assert found_alike(compounds, "we load the Irish data set with its three species of flowers and four features") == \
        [("Irish data set", "Iris dataset")]
    assert found_alike(compounds, "the input is forty male filter banks of the audio every ten milliseconds") == \
        [("male filter banks", "mel filterbank")]


def test_a_compound_written_apart_still_needs_the_rest_to_sound_alike(compounds: Detector) -> None:
    assert found_alike(compounds, "we load the whole data set with its three species of flowers and four features") == []


ECHO = """\
category: organization
entries:
  - term: Google Brain
    context:
      require: [research, team, google, deep, learning, dean, tensorflow]
    allow:
      - "he joined google brain"
"""


@pytest.fixture(scope="module")
def echo(tmp_path_factory) -> Detector:
    return detector_of(tmp_path_factory, "organizations.yml", ECHO)


def video(texts: list[str]):
    import polars as pl

    return pl.DataFrame({"video_id": ["v"] * len(texts), "start_second": [str(10 * k) for k in range(len(texts))],
                         "title": [""] * len(texts), "text": texts})


def found_in_video(det: Detector, texts: list[str]) -> list[tuple[str, str]]:
    return [(f.found, f.term) for f in det.scan_frame(video(texts)) if f.kind == "asr-error"]


def test_a_term_the_video_says_heard_with_one_word_right(echo: Detector) -> None:
    # its require words only in another record: 'context words only elsewhere' took 0.15 off and left
    # 0.44; the video saying Google Brain, and 'google' heard right, say which term it was
    said = ["he spent those years at Google Brain doing deep learning research with the team"]
    assert found_in_video(echo, said + ["and then he moved back to Google rain in the fall of that year"]) == \
        [("Google rain", "Google Brain")]
    # ... not with a word said all the time, or a word of many terms, as the word heard right
    assert found_in_video(echo, said + ["and then he moved back to Google want in the fall of that year"]) == []


def test_a_term_the_video_does_not_say_still_needs_its_context_near(echo: Detector) -> None:
    other = ["he spent those years doing deep learning research with the team"]
    assert found_in_video(echo, other + ["and then he moved back to Google rain in the fall of that year"]) == []
