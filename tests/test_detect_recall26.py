"""Recall on talks nobody tuned for, where the right term is in the glossary already: a person's name
heard with its everyday first name right and the rest written as a name ('David Bly' for David Blei)."""

from __future__ import annotations

import polars as pl

from qa.detect.context import _written_as_name


def _found(det, text: str) -> list[tuple[str, str]]:
    return [(f.found, f.suggestion) for f in det.scan_text(text)]


def test_an_everyday_first_name_heard_right_beside_a_surname_written_as_a_name_is_the_person(det):
    """'David' is said of many people, so alone it says nothing; but ASR that wrote 'Bly' with a capital
    beside it heard a full name, and one that sounds 0.9 alike the glossary's is that person's."""
    rows = [{"video_id": "v", "start_second": "0", "title": "Bayesian methods",
             "text": "today we cover variational inference and latent dirichlet allocation for topic models with gibbs "
                     "sampling and mcmc"},
            {"video_id": "v", "start_second": "60", "title": "Bayesian methods",
             "text": "that model came from David Bly andrew ng and Michael Jordan back in 2003 and people still cite it"}]
    found = [(f.found, f.suggestion) for f in det.scan_frame(pl.DataFrame(rows))]
    # (its context words are only elsewhere in the video: 0.47 before, below the threshold)
    assert ("David Bly", "David Blei") in found
    assert ("Michael Jordan", "Michael Gutmann") not in found  # ('Jordan' is an everyday word)


def test_an_everyday_first_name_beside_everyday_words_is_no_name_heard():
    assert _written_as_name(["David", "Bly"])
    assert _written_as_name(["Francois", "Shalay"])
    assert not _written_as_name(["David", "Said"])  # (an everyday word, capitalised or not)
    assert not _written_as_name(["David", "and"])
    assert not _written_as_name(["David", "bly"])  # (ASR did not write it as a name)
    assert not _written_as_name(["Cheng", "Chiu"], "Chung")  # (a longer name: someone else)
    assert not _written_as_name(["David", "Bly"], "", "Smith")
    assert _written_as_name(["David", "Bly"], "from", "and")


def test_a_name_written_where_a_term_has_a_name_beside_its_own_word_heard_is_the_name_misheard(det):
    """A capitalised word that is no English word is a name ASR knew ('Julien Mairal' is no CleanRL);
    but beside a word of the term heard right it stands where the term's own name is: 'Kaleski
    decomposition' is Cholesky decomposition, 'Colmo Gorov Smirnov' the Kolmogorov-Smirnov test."""
    text = "to sample from the gaussian process you take the Kaleski decomposition of the covariance matrix"
    assert ("Kaleski decomposition", "Cholesky decomposition") in _found(det, text)
    text = "for drift on numeric features we run a Colmo Gorov Smirnov test between the two distributions"
    assert any(s.startswith("Kolmogorov-Smirnov") for _, s in _found(det, text))


def test_a_name_written_beside_a_word_every_talk_says_is_still_a_person_the_glossary_lacks(det):
    assert not [f for f in det.scan_text("this is the method Julien Mairal proposed for sparse coding")
                if f.suggestion == "CleanRL"]


def test_the_number_of_a_name_heard_right_as_words_makes_the_everyday_words_before_it_the_name(det):
    """'ten' is CIFAR-10's number said: 'c far' before it was the name misheard, not two everyday
    words that happen to sound like it ('all heard words are common' took 0.2 off)."""
    text = ("for imagenet people use four over 255 and it's eight over 255 for c far ten with a resnet and fgsm "
            "is a one step attack")
    assert ("c far ten", "CIFAR-10") in _found(det, text)


def test_a_number_said_that_is_not_the_names_own_is_no_evidence():
    from qa.detect.candidates import Token
    from qa.detect.context import _own_number_said
    from qa.detect.index import Form
    from qa.detect.tokens import tokenize

    class _E:
        term = "CIFAR-10"
        correct_forms = ["CIFAR-10"]

    form = Form(_E(), "CIFAR-10", "term", ckey="SFRTN")

    def heard(text):
        toks = tokenize(text)
        return [Token(-1, -1, w, *i) for w, i in zip(toks.words, toks.infos)]

    assert _own_number_said(form, heard("c far ten"))
    assert not _own_number_said(form, heard("c far nine"))  # (not its number)
    assert not _own_number_said(form, heard("go far ten"))  # (begins with another sound)
    assert not _own_number_said(form, heard("c far"))
