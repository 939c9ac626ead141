"""Glossary coverage of the technical talks the tool is judged on beyond the course it grew from:
speech and NLP classics the studied lectures named (cepstral, Viterbi, Kneser-Ney, ...), information
retrieval and vector search, classic machine learning and statistics. Mishearings of their names are
caught in sentences other than the entries' own examples; the everyday words they collide with stay
unflagged; terms heard right that the glossary lacked no longer read as other terms; and names that
cannot be added without false alarms are kept out, as measured."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detecting import asr_errors

LECTURES = Path(__file__).parent.parent / "bench" / "lectures"


@pytest.mark.parametrize("text, term", [
    # speech and NLP classics
    ("the most likely tag sequence of the hmm comes from the Viterbo algorithm", "Viterbi"),
    ("the language model uses Kneser nay smoothing of the bigram counts", "Kneser-Ney"),
    ("mel frequency kepstral coefficients are the classic speech features", "cepstral"),
    ("word2vec offers skip-gram and the continuous bag of words or see bow variant", "CBOW"),
    ("we swap the full softmax for a hierarchal softmax over a huffman tree of the vocabulary", "hierarchical softmax"),
    ("the hmm emission probabilities are re-estimated by the Baum Welsh algorithm", "Baum-Welch"),
    # information retrieval and vector search
    ("the index is a hierarchical navigable small word graph so vector search is approximate", "HNSW"),
    ("the vector store runs in postgres with the peachy vector extension", "pgvector"),
    ("bm25 and dense results are fused by reciprocal rank fashion before reranking", "reciprocal rank fusion"),
    ("the embeddings are stored in a mango DB collection with a vector index", "MongoDB"),
    # classic machine learning and statistics
    ("for the tabular baseline we trained light GPM and xgboost with early stopping", "LightGBM"),
    ("the categorical columns are handled natively by cat boast gradient boosting", "CatBoost"),
    # said 'Shapley values': the correction is the game-theory value, not the SHAP library (glossb25)
    ("we explain the xgboost predictions with shapely values for each feature", "Shapley value"),
    ("the plain baseline is a logistic aggression classifier on tf-idf features", "logistic regression"),
    ("each decision three splits on the feature with the lowest gini impurity", "decision tree"),
    # tooling, MLOps and hardware
    ("the pods are scheduled on a Cooper Nettie cluster and scaled with helm charts", "Kubernetes"),
    ("all runs and their metrics are logged to Emmel flow and the model registry", "MLflow"),
    ("the gpu nodes talk over an infinity band network so nccl all reduce is fast", "InfiniBand"),
    ("we deploy the service in a doctor container behind a load balancer on kubernetes", "Docker"),
    # recommender systems, time series, robotics
    ("netflix recommendations started with collaborate of filtering on the ratings matrix", "collaborative filtering"),
    ("as a forecasting baseline we fit an Arema model to the seasonal time series", "ARIMA"),
    ("the drone estimates its state from noisy sensors with a Coleman filter", "Kalman filter"),
    ("the robot localizes itself with visual oddometry from the camera", "odometry"),
    # companies and products of 2023-2025
    ("the voiceover was cloned with Levin labs text to speech", "ElevenLabs"),
    ("the rag pipeline was measured with rag us faithfulness metrics", "RAGAS"),
    # people and terms of classic ML, retrieval and CLIP talks
    ("bagging and random forests are due to Leo Bryman at berkeley statistics", "Leo Breiman"),
    ("the lasso paper of Rob Tibshirany in 1996 started sparse regression", "Rob Tibshirani"),
    ("boosting weak learners is the theory of Robert Schapiro and yoav freund", "Robert Schapire"),
])
def test_terms_of_other_talks_are_caught(det, text: str, term: str) -> None:
    assert term in {t for _, t in asr_errors(det, text)}


@pytest.mark.parametrize("text", [
    "the amputation of his leg after the accident",
    "buy one at the shop on the corner",
    "the cowboy threw a lasso around the calf",
    "giant pandas eat bamboo at the zoo",
    "polar bears hunt seals on the arctic ice",
    "we watched star trek all weekend",
    "franz kafka wrote the metamorphosis",
    "he won his first grand slam in paris",
    "good airflow through the case keeps the cpu cool",
    "the results were a coarse evaluation metric of the model's quality",
    "the input to the model is a sequence of tokens",
    "we released the code as open source on github",
])
def test_colliding_everyday_words_stay_unflagged(det, text: str) -> None:
    assert asr_errors(det, text) == []


def test_forms_measured_to_cost_other_findings_are_left_out(det) -> None:
    """Measured on c20k and the dev lecture: a 'bigram' alias of n-gram heard 'big run' (91 findings in
    c20k, one false alarm in the dev lecture); CBOW said 'see bow' as a correct form keyed 'cheapy'
    (236); 'Katz smoothing' sounded like 'get something', LSA and LSI read 'a LS'; 'PER' (phone error
    rate) took 'per train' from pre-training; MERL heard 'when RL' over RLHF; Good-Turing is 'good
    during' said in passing; formant heard 'from meta' in the speech lecture."""
    forms = {a.lower() for e in det.glossary.entries for a in (e.term, *e.aliases, *e.spoken)}
    assert not {"bigram", "see bow", "katz smoothing", "lsa", "lsi", "per", "merl", "good-turing", "formant"} & forms


def test_names_measured_to_cost_other_findings_are_left_out(det) -> None:
    """Measured on the lectures, bench/plain and c20k: OpenSearch is 'open source' said in any talk;
    Redis heard 'red is'; BGE took 'bpg' (an image codec) and 'BGG' from VGG, E5 'you've large'; a
    t-test sounded like 'data sets'; AI21 (said letter by letter and a number) heard 'it down to one';
    CodeGeeX is 'codecs'; ROCm heard 'Andrew Zisman' (over Andrew Zisserman); two-tower model
    is 'to our models'; DLRM 'tldr on much'; Airflow 'year follow'; BentoML 'point you tdmn'; HeyGen
    ('Hey Gen') made 'Gen', heard for GAN, a glossary word; information gain heard 'information
    again' and took 'SN gain' from SNGAN; Jerome Friedman made 'Lex Friedman's' (Lex Fridman) a name
    heard right; isolation forest made 'random isolation' (randomly initialized) two
    glossary words heard right. Everyday words that name a product are left out as gloss20 left Kinetics
    out: Ray, ScaNN ('scan'), Annoy, HyDE ('hide'), Haystack, Snowflake, Prophet, Cursor, Bard (a
    known mishearing of BART), Grok (grokking), LIME, bagging, Perplexity AI (the metric)."""
    terms = {e.term for e in det.glossary.entries}
    forms = {a.lower() for e in det.glossary.entries for a in (e.term, *e.aliases, *e.spoken)}
    assert not {"OpenSearch", "BGE", "E5", "t-test", "AI21 Labs", "Ray", "ScaNN", "Annoy", "HyDE",
                "Haystack", "Prophet", "Cursor", "Bard", "Grok", "LIME", "bagging",
                "isolation forest", "information gain", "Jerome Friedman", "ROCm", "two-tower model", "DLRM", "HeyGen"} & terms
    # (Redis, Airflow, BentoML and Snowflake: added back by glossb23 with require words and exceptions,
    # measured to add no finding on the lectures and c20k: tests/test_detect_glossb23.py holds them)
    assert not {"codegeex", "simhash", "valkey", "p-hacking", "impute", "get_dummies", "aws lambda", "sarimax",
                "timegpt", "bridgedata", "makridakis competition", "hey gen"} & forms


@pytest.mark.parametrize("lecture, names", [
    ("nlp", ["Elman", "sgns", "Pascanu"]), ("speech", ["triphone", "johns"]), ("tabular", ["Tibshirani"]),
])
def test_names_heard_right_in_whole_talks_are_not_other_terms(det, lecture: str, names: list[str]) -> None:
    """In a whole talk (its other records say the topic) these names heard right were read as other
    terms (Elman as LM, sgns as AC-GANs, Pascanu as PatchGAN, triphone as Tarvainen, johns as Koehn's,
    Tibshirani as DeepSeek-R1) while the glossary lacked them."""
    rows = [json.loads(line) for line in (LECTURES / lecture / "lecture.jsonl").open()]
    found = [f.found for f in det.scan_frame(frame_of(rows)) if f.kind == "asr-error"]
    assert not [f for f in found if any(n.lower() in f.lower() for n in names)]


def frame_of(rows: list[dict]):
    import polars as pl

    from qa.records import COLUMNS

    return pl.DataFrame([{c: str(r.get(c, "") or "") for c in COLUMNS} for r in rows]).with_columns(
        _file=pl.lit("x.jsonl"), _line=pl.lit(1))
