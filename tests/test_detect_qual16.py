"""Detection without listed mishearings (fuzzy and phonetic only), session 16's rules: each finds a
term, or stays quiet, in texts written for it, and fails with its rule off."""

from __future__ import annotations

import polars as pl
import pytest

from qa.detect import Detector
from qa.detect.batch import BELOW_FLOOR, _raised
from qa.detect.candidates import Tokens, _phrase_ckey, name_word_heard, sound_facts
from qa.detect.context import _everyday_words, _letter_onset_lost, _words_for_letters, sound_most
from qa.detect.similarity import phonetic_similarity
from qa.detect.tokens import word_infos

from detecting import detector_of, frame

PEOPLE = """\
category: person
entries:
  - term: Jarek Duda
    context:
      require: [asymmetric, numeral, systems, compression, entropy, coding]
    allow:
      - "jarek duda published ans openly"
"""


@pytest.fixture(scope="module")
def people(tmp_path_factory) -> Detector:
    return detector_of(tmp_path_factory, "people.yml", PEOPLE)


YAREK = "asymmetric numeral systems were invented by Yarek Duda around 2009 for compression"


def test_a_name_with_one_rare_word_heard_right_is_found(people: Detector) -> None:
    # 'yarek duda' sounds 0.78 like 'jarek duda' as a whole: too little for context to count; 'duda'
    # heard right (no English word) says the name, and 'yarek' against 'jarek' is judged alone
    found = [(f.found, f.term) for f in people.scan_text(YAREK) if f.kind == "asr-error"]
    assert ("Yarek Duda", "Jarek Duda") in found
    # ... in a batch scan too, whose sieve leaves out n-grams that sound too little alike
    batch = [(f.found, f.term) for f in people.scan_frame(frame([YAREK, "nothing here at all"]))
             if f.kind == "asr-error"]
    assert ("Yarek Duda", "Jarek Duda") in batch


@pytest.mark.parametrize("text", [
    "asymmetric numeral systems were invented by Duda around 2009 for compression",
    "asymmetric numeral systems were invented by the Duda group for compression",
    "asymmetric numeral systems were invented by Mister Duda for compression",
])
def test_the_rare_word_with_other_words_is_not_the_name(people: Detector, text: str) -> None:
    # what differs is judged by rest_similarity: a word said near the surname is no first name misheard
    assert [f for f in people.scan_text(text) if f.kind == "asr-error"] == []
    assert [f for f in people.scan_frame(frame([text])) if f.kind == "asr-error"] == []


def test_name_word_heard_asks_for_a_rare_word_in_its_place(people: Detector) -> None:
    form = next(f for fs in people.index.phonetic.values() for f in fs if f.text == "Jarek Duda")
    assert name_word_heard(["yarek", "duda"], form)
    assert not name_word_heard(["duda", "yarek"], form)  # (not in its place)
    assert not name_word_heard(["yarek", "data"], form)  # (no word of it heard)
    assert not name_word_heard(["yarek", "duda", "said"], form)  # (a word more)


DIGITS = """\
category: dataset
entries:
  - term: MNIST
    spoken: [m nist]
    context:
      require: [digits, handwritten, train, images]
    allow:
      - "we train on mnist digits"
"""


@pytest.fixture(scope="module")
def digits(tmp_path_factory) -> Detector:
    return detector_of(tmp_path_factory, "datasets.yml", DIGITS)


def test_one_word_for_a_name_that_begins_with_a_letter_said_by_name_begins_like_the_name(digits: Detector) -> None:
    # 'm nist' is said 'em nist'; its key has the bare 'm', merged into the 'n' of 'nist', so 'nicety'
    # sounds like it; what was said began with the vowel of 'em', which ASR keeps ('amnesty')
    text = "nicety to approximate handwritten digits with things like images we train on"
    assert [f for f in digits.scan_text(text) if f.kind == "asr-error"] == []
    assert [f for f in digits.scan_frame(frame([text])) if f.kind == "asr-error"] == []
    form = next(f for fs in digits.index.phonetic.values() for f in fs if f.text == "m nist")
    heard = list(Tokens("nicety", ["nicety"]))
    prior, why = digits.scorer.prior(form, "phonetic", 0.89, heard)
    assert "begins with another sound than 'm nist'" in why
    # ... which a word beginning like the letter's name keeps ('amnesty' is left to the key's onset)
    assert not _letter_onset_lost("ANST", form) and _letter_onset_lost("NST", form)


def test_a_letter_named_like_its_sound_keeps_the_onset_of_its_key(digits: Detector) -> None:
    # 't five' is said 'tee five': a word beginning with /t/ begins like it; a letter word 'a' is no letter
    class F:
        def __init__(self, text, words):
            self.text, self.spoken_words = text, words
    assert not _letter_onset_lost("TFF", F("t five", ("t", "five")))
    assert _letter_onset_lost("FF", F("t five", ("t", "five")))
    assert not _letter_onset_lost("LT", F("a lite", ("a", "lite")))


SPEECH = """\
category: metric
entries:
  - term: WER
    context:
      require: [speech, recognition, asr, error, rate, transcripts]
    allow:
      - "the wer of the model is low"
  - term: LSTM
    context:
      require: [recurrent, layer, sequence, gates]
    allow:
      - "an lstm layer"
"""


@pytest.fixture(scope="module")
def speech(tmp_path_factory) -> Detector:
    return detector_of(tmp_path_factory, "metrics.yml", SPEECH)


def test_a_word_of_two_beats_among_words_heard_for_letters_is_a_word_said(speech: Detector) -> None:
    # 'tuple or' sounds like 'double you ee ar' (W E R), but a letter's name is one beat: ASR that heard
    # letters writes capitals or short words, and 'tuple' is a word it heard
    talk = frame(["today is about speech recognition", "it returns a string tuple or list or other iterable"])
    talk = talk.with_columns(video_id=pl.lit("v0"), start_second=pl.Series(["0", "30"]))
    assert [f for f in speech.scan_frame(talk) if f.kind == "asr-error"] == []
    wer = next(f for fs in speech.index.phonetic.values() for f in fs if f.text == "WER")
    prior, why = speech.scorer.prior(wer, "phonetic", 1.0, list(Tokens("tuple or", ["tuple", "or"])))
    assert "a word of two beats said as a word for 'WER'" in why


@pytest.mark.parametrize("heard, found", [
    (["Alice", "T"], False),  # capitals: letters heard
    (["as", "teams"], False),  # one beat each: letter names heard as words
    (["double", "you", "er"], False),  # (a word of the form's own, said as it)
    (["tuple", "or"], True),
    (["e", "g", "bitwise"], True),
])
def test_words_for_letters_asks_for_a_longer_word_and_no_capitals(speech: Detector, heard, found) -> None:
    lstm = next(f for fs in speech.index.phonetic.values() for f in fs if f.text == "LSTM")
    wer = next(f for fs in speech.index.phonetic.values() for f in fs if f.text == "WER")
    toks = list(Tokens(" ".join(heard), heard))
    assert _words_for_letters(wer if heard[0] in ("double", "tuple") else lstm, toks) is found


ODES = """\
category: model
entries:
  - term: Neural ODE
    context:
      require: [depth, continuous, adjoint, solver, dynamics]
    allow:
      - "a neural ode layer"
"""


@pytest.fixture(scope="module")
def odes(tmp_path_factory) -> Detector:
    return detector_of(tmp_path_factory, "models.yml", ODES)


NEURO = "a neuro ODE treats depth as continuous time and backpropagates with the adjoint method"


def test_a_name_with_its_acronym_heard_right_in_capitals_is_found(odes: Detector) -> None:
    # ASR writes an acronym in capitals where it heard it: 'ODE' of Neural ODE, with 'neuro' for 'neural'
    assert ("neuro ODE", "Neural ODE") in [(f.found, f.term) for f in odes.scan_text(NEURO) if f.kind == "asr-error"]
    assert ("neuro ODE", "Neural ODE") in [(f.found, f.term) for f in odes.scan_frame(frame([NEURO, "nothing"]))
                                           if f.kind == "asr-error"]
    for text in ("we use a new ODE solver with continuous depth", "a neuro ode treats depth as continuous time"):
        # ... not with another word before it, nor written lowercase ('ode' is an English word)
        assert ("Neural ODE" not in [f.term for f in odes.scan_text(text) if f.kind == "asr-error"]), text
    form = next(f for fs in odes.index.phonetic.values() for f in fs if f.text == "Neural ODE")
    assert name_word_heard(["neuro", "ode"], form, ["neuro", "ODE"])
    assert not name_word_heard(["neuro", "ode"], form, ["neuro", "ode"])
    assert not name_word_heard(["ode", "neuro"], form, ["ODE", "neuro"])


@pytest.mark.parametrize("heard", [["neuro", "ODE"], ["Marek", "Duda"]])
def test_the_sieve_bound_holds_the_raise(odes: Detector, people: Detector, heard: list[str]) -> None:
    # an n-gram whose forms sound too little alike for its hits to reach the floor is not looked up
    # (batch.BELOW): `_raised` must bound what the lookup raises them to, a name word heard right too
    # ('Marek', not 'Yarek': a 'y' onset is also looked up as a 'j' one, index.keyed_readings)
    det = odes if heard[1] == "ODE" else people
    infos = word_infos(heard)
    ckey = _phrase_ckey(infos)
    vkey, spoken, _ = sound_facts(infos)
    forms = [f for fs in det.index.phonetic.values() for f in fs if f.text in ("Neural ODE", "Jarek Duda")]
    sims = [phonetic_similarity(ckey, vkey, spoken, f) for f in forms]
    got = det.finder.lookup(Tokens(" ".join(heard), heard), 0, 2, False, True)
    assert got and max(h[2] for h in got) <= _raised((ckey, vkey, spoken), forms, sims, heard) + 1e-9
    assert sound_most(max(sims)) < BELOW_FLOOR <= sound_most(_raised((ckey, vkey, spoken), forms, sims, heard))


TUNING = """\
category: technique
entries:
  - term: fine-tuning
    context:
      require: [model, pretrained, supervised, data, task, downstream]
    allow:
      - "fine-tuning on the downstream task"
"""


@pytest.fixture(scope="module")
def tuning(tmp_path_factory) -> Detector:
    return detector_of(tmp_path_factory, "techniques.yml", TUNING)


def test_one_everyday_word_for_a_term_of_everyday_words_is_a_word_heard(tuning: Detector) -> None:
    # ASR that heard 'fine tuning' writes the two everyday words; 'finding' is a word it heard, even in a
    # talk that says fine-tuning, with its require words near
    talk = frame(["we did fine-tuning of the pretrained model", "then fine-tuning on the downstream task",
                   "so finding the right data for the supervised task matters"])
    talk = talk.with_columns(video_id=pl.lit("v0"), start_second=pl.Series(["0", "30", "60"]))
    assert [f for f in tuning.scan_frame(talk) if f.kind == "asr-error"] == []
    # ... but words heard for it still are ('find tuning'), and so is one word that is no everyday word
    found = [(f.found, f.term) for f in tuning.scan_text("then find tuning the pretrained model on the task")
             if f.kind == "asr-error"]
    assert ("find tuning", "fine-tuning") in found
    form = next(f for fs in tuning.index.phonetic.values() for f in fs if f.text == "fine-tuning")
    assert _everyday_words(form)
    prior, why = tuning.scorer.prior(form, "phonetic", 0.93, list(Tokens("finding", ["finding"])))
    assert "one everyday word for 'fine-tuning', said as everyday words" in why
    assert "said as everyday words" not in tuning.scorer.prior(form, "phonetic", 0.93,
                                                               list(Tokens("finetooning", ["finetooning"])))[1]


def test_a_term_written_as_one_word_or_with_a_letter_is_no_term_of_everyday_words(tuning: Detector) -> None:
    class F:
        def __init__(self, text, spelled=False):
            self.text, self.spelled = text, spelled
    assert _everyday_words(F("one-shot")) and _everyday_words(F("training loss"))
    assert not _everyday_words(F("SoTA")) and not _everyday_words(F("k-means")) and not _everyday_words(F("GPT-2"))
    assert not _everyday_words(F("MS COCO", spelled=True))
