"""Glossary coverage of talks the tool is judged on but was not written from: graph learning, the
history of AI and deep learning, LLM application tooling, recommender systems and MLOps
(rules/graphs.yml, history.yml, llmapps.yml, recsys.yml, mlops.yml). Mishearings of their names are
caught in sentences other than the entries' own examples; the everyday words they collide with stay
unflagged; entries split out of broader ones are what a finding suggests; and names that cannot be
added without false alarms are kept out, as measured."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detecting import asr_errors

LECTURES = Path(__file__).parent.parent / "bench" / "lectures"


@pytest.mark.parametrize("text, term", [
    # graph learning
    ("the two layer model on the Kora citation graph reaches about eighty percent accuracy with a gcn", "Cora"),
    ("we follow the planetoid split of cora, sight seer and pubmed for node classification", "CiteSeer"),
    ("the graph sage aggregator samples neighbors and the hetero filly benchmarks break it", "heterophily"),
    ("stacking more gcn layers leads to over smoothening so node features become indistinguishable",
     "over-smoothing"),
    # the history of AI
    ("the perceptrons book by marvin minski and seymour papert killed funding for neural nets", "Marvin Minsky"),
    ("backprop appears in the 1974 thesis of paul werbose at harvard", "Paul Werbos"),
    ("the 1986 nature paper by david rummelhart hinton and williams popularized backprop", "David Rumelhart"),
    ("the cat experiments of hubble and wiesel on visual cortex neurons found edge detectors", "Hubel and Wiesel"),
    # recommender systems
    ("matrix factorization for the netflix prize by yehuda coren and the bellkor team", "Yehuda Koren"),
    ("the implicit feedback loss is bayesian personalized ranking from stephen rendle", "Steffen Rendle"),
    ("spark mllib trains the user and item factors with alternating lease squares on implicit feedback",
     "alternating least squares"),
    # LLM application tooling
    ("llama.cpp by georgie gerganov runs quantized gguf models on a macbook", "Georgi Gerganov"),
])
def test_terms_of_other_talks_are_caught(det, text: str, term: str) -> None:
    assert term in {t for _, t in asr_errors(det, text)}


def test_a_split_entry_is_what_the_finding_suggests(det) -> None:
    """Turing Award was an alias of Alan Turing: a finding on 'touring award' suggested the man."""
    found = asr_errors(det, "hinton won the touring award in 2018 together with lecun and bengio")
    assert ("touring award", "Turing Award") in found


@pytest.mark.parametrize("text", [
    "a dozen cocktails including a gin and tonic at the bar",
    "my aunt cora baked bread for the whole family on sunday",
    "the gopher dug holes in the garden near the burrows",
    "he wore flip flops on the beach all summer",
    "they had a great feast on thanksgiving with the whole family",
    "michelangelo painted the sistine chapel ceiling over four years",
    "prometheus stole fire from the gods in greek myth",
    "how will people react to the news about the layoffs",
    "the frontend is a react app written in typescript",
    "the ice bucket challenge raised money for als research",
    "we need symbolic reasoning to solve this kind of puzzle",
    "we monitor the model with prometheus and a graph on a dashboard fed by the metrics",
])
def test_colliding_everyday_words_stay_unflagged(det, text: str) -> None:
    assert asr_errors(det, text) == []


def test_forms_measured_to_cost_other_findings_are_left_out(det) -> None:
    """Measured on the lectures, c20k and Python's docstrings: a word of an alias becomes a glossary
    word, and an n-gram of glossary words is taken as heard right, so 'Deep Graph Library' (DGL) stopped
    'library speech' being looked up for LibriSpeech, 'shadow deployment' 'shadow fusion', 'Union.ai'
    (Flyte) 'union gram'; 'torch geometric' (PyG) hid 'pie torch' of PyTorch; the bare surname 'Bruna'
    was heard 'prune' 27 times in one c20k talk; '1-WL' took 'they W' from 'W gun' (WGAN);
    'permutation invariance' read as 'permutation equivariance'; 'Klein's Erlangen program' ran over
    Felix Klein's name. Read by eye in c20k: 'ALS' took 'a LS gun' (LSGAN), 'FFM' 'Yoffe if' (Sergey
    Ioffe), 'NIAH' 'you Meena's' (Meena), 'FP8' 'FP it', the surname 'McAuley' 'I initialize'."""
    forms = {a.lower() for e in det.glossary.entries for a in (e.term, *e.aliases, *e.spoken)}
    assert not {"deep graph library", "shadow deployment", "union.ai", "torch geometric", "bruna", "1-wl",
                "permutation equivariance", "klein's erlangen program", "canary rollout", "als", "ffm",
                "niah", "fp8", "mcauley"} & forms


def test_names_measured_to_cost_other_findings_are_left_out(det) -> None:
    """GraphSAINT heard 'graphs into' and 'graphs and' in the graphs lecture, GATv2 'got PT 2' in c20k;
    SGC is also SGD misheard; Ion Stoica made 'ion' a glossary word, so 'open ion' in the dev lecture
    was taken as heard right and no longer OpenAI (and a 'canary rollout' alias was heard 'generality'
    there). Names that are everyday words are left out: ComplEx, RotatE ('rotate which' in the graphs
    lecture), ZINC, chameleon and squirrel (heterophily benchmarks), Watson, Michael Jordan (the
    basketball player), JSON ('Jason'), Chroma, Instructor, Outlines, Phoenix, Prefect, Evidently,
    two-tower model (gloss21), EASE, SLIM, DIN. Read by eye in c20k: dbt took 'deep pedia' (DBpedia),
    SIGIR 'a Shakier' (Shakir Mohamed), Nomic 'know compute', AutoGPT 'it GPT'. Left out for their
    price: AI winter ('winter' made 846 near-form lookups on c8k, the most of any term) and EGNN (402).
    AutoGPT came in in session 26 (rules/agents.yml) with require words of agents, and c20k's 'it GPT'
    stays unflagged (asserted below)."""
    terms = {e.term for e in det.glossary.entries}
    assert not {"GraphSAINT", "GATv2", "SGC", "Ion Stoica", "ComplEx", "RotatE", "ZINC", "Watson",
                "Michael I. Jordan", "JSON", "Chroma", "Instructor", "Outlines", "Phoenix", "Prefect",
                "Evidently", "EASE", "SLIM", "DIN", "dbt", "SIGIR", "Nomic", "ALS", "AI winter",
                "EGNN"} & terms
    assert not [f for f in det.scan_text("a lot of this is the test that it GPT one task to this mala")
                if f.term == "AutoGPT"]


@pytest.mark.parametrize("lecture, names", [
    ("graphs", ["Planetoid", "Jie Tang", "Jian Tang"]), ("podcast", ["Amii", "Yoshua and"]),
])
def test_names_heard_right_in_whole_talks_are_not_other_terms(det, lecture: str, names: list[str]) -> None:
    """In a whole talk these names heard right were read as other terms (Planetoid as WMT, Jie Tang and
    Jian Tang as Jia Deng, Amii as MSE, 'Yoshua and' as SchNet) while the glossary lacked them."""
    rows = [json.loads(line) for line in (LECTURES / lecture / "lecture.jsonl").open()]
    found = [f.found for f in det.scan_frame(frame_of(rows)) if f.kind == "asr-error"]
    assert not [f for f in found if any(n.lower() in f.lower() for n in names)]


def frame_of(rows: list[dict]):
    import polars as pl

    from qa.records import COLUMNS

    return pl.DataFrame([{c: str(r.get(c, "") or "") for c in COLUMNS} for r in rows]).with_columns(
        _file=pl.lit("x.jsonl"), _line=pl.lit(1))
