"""Glossary coverage of trustworthy ML (rules/trustworthy.yml): the trustworthy lecture (written blind,
held out for all of the last stop) missed mostly the field's people and the coined names of its attacks,
libraries and fairness notions, which the glossary lacked. Mishearings of the new names are caught in
sentences other than the entries' own examples and the lecture's planted forms; the everyday words they
collide with stay unflagged, also beside the topic's words; names heard right in the lecture are no
longer read as older terms; and names that cannot be added without false alarms, hiding an older term
or stepping into a held-out topic are kept out, as measured."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detecting import asr_errors

LECTURES = Path(__file__).parent.parent / "bench" / "lectures"


@pytest.mark.parametrize("text, term", [
    ("robust accuracy of the pgd trained model was measured by alexander madri's group at mit", "Aleksander Madry"),
    ("certified training with convex relaxations is from eric wong and zico coalter at carnegie mellon", "Zico Kolter"),
    ("pate trains a student on noisy votes of teachers as nicholas papper knot proposed for privacy", "Nicolas Papernot"),
    ("the obfuscated gradients paper by anish athaly broke the defenses with bpda", "Anish Athalye"),
    ("stealing models through prediction apis was shown by florian tramair and colleagues", "Florian Tramèr"),
    ("deep learning with differential privacy introduced dp-sgd by martin abbadi at google", "Martín Abadi"),
    ("the definition of differential privacy from cynthia dwerk and frank mcsherry", "Cynthia Dwork"),
    ("membership inference with shadow models from reza shockri at cornell", "Reza Shokri"),
    ("federated averaging from brendan mcmann at google sends the global model to clients", "Brendan McMahan"),
    ("secure aggregation from keith bonowitz at google masks each client update", "Keith Bonawitz"),
    ("equalized odds from moritz hart eric price and nati srebro", "Moritz Hardt"),
    ("the impossibility of fair recidivism prediction from alexandra chouldecova", "Alexandra Chouldechova"),
    ("lime from marco tulio ribero sameer singh and carlos guestrin", "Marco Tulio Ribeiro"),
    ("integrated gradients from mukund sundara rajan at google satisfies the axioms", "Mukund Sundararajan"),
    ("the green list watermark from john kirchenbower at maryland", "John Kirchenbauer"),
    ("fooling lime and shap from hima lakaraju at harvard", "Himabindu Lakkaraju"),
    ("membership in france attacks tell whether a point was in the training set", "membership inference"),
    ("the homeomorphic encryption scheme lets the server compute on ciphertexts", "homomorphic encryption"),
    ("the privacy library opaque us from meta trains with dp-sgd", "Opacus"),
    ("robust bunch ranks the models by autoattack robust accuracy", "RobustBench"),
    ("the four-fifths rule is the usual test of desperate impact in hiring", "disparate impact"),
    ("the propublica analysis of compass recidivism scores found defendants mislabeled", "COMPAS"),
])
def test_terms_of_trustworthy_ml_talks_are_caught(det, text: str, term: str) -> None:
    assert term in {t for _, t in asr_errors(det, text)}


@pytest.mark.parametrize("text", [
    "keep an open mind about privacy when you build federated systems",
    "the risk of reoffending was studied on campus by students and defendants",
    "the accountant composes the privacy loss of each step of dp-sgd",
    "the federal privacy law protects the data of the clients on the server",
    "the next word prediction of the google keyboard on android phones",
    "the lira in the drawer was worth less than the shadow of a membership card",
    "the teachers had a pate sandwich while the students voted",
    "take a compass and a map when you go hiking",
    "they were desperate for food after the storm",
    "she has a good heart and a kind word for everyone",
    "he said he had been kind to them",
    "the wagner opera and the carlini restaurant were both in the city",
])
def test_colliding_everyday_words_stay_unflagged(det, text: str) -> None:
    assert asr_errors(det, text) == []


def test_names_heard_right_in_the_trustworthy_lecture_are_not_older_terms(det) -> None:
    """Without Huan Zhang, Matt Kusner and the Shapley value (apart from the SHAP library) the lecture's
    correct 'Huan' was Hannun, 'Kusner' Joshua Meier and 'shapely values' (said of cooperative game
    theory) SHAP; without COMPAS's exceptions 'composes' was COMPAS, and without Gboard's the 'google
    keyboard' that explains it was Gboard."""
    rows = [json.loads(line) for line in (LECTURES / "trustworthy" / "lecture.jsonl").open()]
    found = {(f.found.lower(), f.term) for f in det.scan_frame(frame_of(rows)) if f.kind == "asr-error"}
    assert not {("huan", "Hannun"), ("kusner", "Joshua Meier"), ("shapely values", "SHAP"),
                ("composes", "COMPAS"), ("keyboard", "Gboard")} & found


def test_names_measured_to_cost_other_findings_are_left_out(det) -> None:
    """Tom Goldstein made 'tom' a word of a second name and hid Tongzhou Wang's 'Tom Zhou Wang'; Lucas
    Bourtoule did the same to Lukasz Kaiser's 'Lucas Kaiser', and Matthew Jagielski or Matthias Hein
    (either) to the autoregressive lecture's 'Matthew Germain' (Mathieu Germain). Folktables written 'folk tables' (as the
    trustworthy lecture writes it) was flagged as a mishearing of itself. Everyday words that name a
    method or tool are left out: CROWN, TRADES, the ZOO attack, SCAFFOLD, Flower, LIME ('lime' keys like
    'line', said everywhere), STRIP, anchors; ROME (model editing) is the city. GCG and WMDP are
    jailbreak and LLM-evaluation names, topics held out this session; Riemann sum is no term of the
    field and 'Raymond sum' was not caught with it. PGD stays out as test_detect_glossb22 measured it
    ('B you get', seen again in c20k here)."""
    terms = {e.term for e in det.glossary.entries}
    assert not {"PGD", "Tom Goldstein", "Lucas Bourtoule", "Matthew Jagielski", "Matthias Hein", "Folktables", "CROWN", "TRADES", "ZOO", "SCAFFOLD",
                "Flower", "LIME", "STRIP", "ROME", "GCG attack", "WMDP", "Riemann sum"} & terms
    forms = {a.lower() for e in det.glossary.entries for a in (e.term, *e.aliases, *e.spoken)}
    assert not {"crown", "zoo", "scaffold", "flower", "lime", "folktables", "gcg"} & forms


def test_shapley_value_is_not_the_shap_library(det) -> None:
    by_term = {e.term: e for e in det.glossary.entries}
    assert "Shapley values" in by_term["Shapley value"].aliases
    assert "Shapley values" not in by_term["SHAP"].aliases


def frame_of(rows: list[dict]):
    import polars as pl

    from qa.records import COLUMNS

    return pl.DataFrame([{c: str(r.get(c, "") or "") for c in COLUMNS} for r in rows]).with_columns(
        _file=pl.lit("x.jsonl"), _line=pl.lit(1))
