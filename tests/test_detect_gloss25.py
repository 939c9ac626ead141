"""Glossary coverage of ML systems (rules/gpu.yml, compilers.yml, inference.yml, distributed.yml): the
ML-systems lecture written blind (bench/lectures/mlsystems, held out for all of stop 23: all methods P .800
R .345) missed mostly names the glossary lacked: GPU architectures and profilers, kernel libraries,
compilers, quantization methods, collectives and the field's people. Mishearings of the new names are
caught in sentences other than the entries' own examples and the lecture's planted forms; the everyday
words they collide with stay unflagged; names heard right in the lecture are no longer read as older
terms; and names that cannot be added without false alarms or lookups for little are kept out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detecting import asr_errors

LECTURES = Path(__file__).parent.parent / "bench" / "lectures"


@pytest.mark.parametrize("text, term", [
    ("use n site compute to check the occupancy of your cuda kernel and the registers per thread", "Nsight Compute"),
    ("the profiler view in n sight systems shows cpu launches and gpu kernels on one timeline", "Nsight Systems"),
    ("groq's chips keep the weights in es ram instead of hbm memory", "SRAM"),
    ("the smooth quaint method from the mit lab does w8a8 quantization of activations", "SmoothQuant"),
])
def test_terms_of_ml_systems_talks_are_caught(det, text: str, term: str) -> None:
    assert term in {t for _, t in asr_errors(det, text)}


@pytest.mark.parametrize("text, term", [
    ("the first tpu paper from norm joupy at google described the systolic array", "Norman Jouppi"),
    ("the triton compiler began as philippe tilet's phd at harvard before openai", "Philippe Tillet"),
    ("tianchi chen built tvm as a deep learning compiler with auto tuning", "Tianqi Chen"),
    ("mohammad shoaibi and colleagues at nvidia wrote megatron with tensor parallelism", "Mohammad Shoeybi"),
    ("samyam rajbandari and the deepspeed team at microsoft built zero optimizer sharding", "Samyam Rajbhandari"),
    ("elias frantor and dan alistar at ist austria wrote gptq for quantization", "Dan Alistarh"),
    ("wusuk kwon wrote vllm with pagedattention at berkeley", "Woosuk Kwon"),
])
def test_people_of_ml_systems_are_caught(det, text: str, term: str) -> None:
    assert term in {t for _, t in asr_errors(det, text)}


@pytest.mark.parametrize("text", [
    "alessandro volta built the first battery and the volt is named after him",
    "the current through the wire was two amperes at twelve volts",
    "the pirate swung his cutlass across the deck",
    "the sagrada familia by antoni gaudi is still unfinished in barcelona",
    "that little cafe is a hidden gem in the old town",
    "we caught a blue marlin off the coast of florida",
    "perseus cut off the head of medusa and gave it to athena",
    "hobbes wrote leviathan about the state of nature",
    "for now a flying car is just a pipe dream",
    "altogether we spent three weeks on the project",
    "the costs were all reduced by ten percent last year",
    "the queen lived in a palace by the sea with her guards",
    "he had a gut feeling and some insight into the systems of the company",
    "she cleaned the roof line of the house after the storm",
    "the dynamo in the bicycle light turns motion into electricity",
    "an inductor stores energy in its magnetic field in the circuit",
    "his systolic blood pressure was a bit high this morning",
])
def test_colliding_everyday_words_stay_unflagged(det, text: str) -> None:
    assert asr_errors(det, text) == []


def test_names_heard_right_in_the_ml_systems_lecture_are_not_older_terms(det) -> None:
    """Without TMA (Hopper's tensor memory accelerator) the lecture's correct 'or TMA' was RDMA. (A
    torch.compile entry with 'torch dot compile' ended 'torch dot' -> torchaudio here and in the mlops
    lecture, but glossb23 measured torch.compile out: 'torch' a word of six entries.)"""
    rows = [json.loads(line) for line in (LECTURES / "mlsystems" / "lecture.jsonl").open()]
    found = {(f.found.lower(), f.term) for f in det.scan_frame(frame_of(rows)) if f.kind == "asr-error"}
    assert ("or tma", "RDMA") not in found


def test_systems_names_said_as_everyday_words_are_left_out(det) -> None:
    """Names that are everyday words and whose mishearings are everyday words too: a warp of threads
    (heard 'wars', 'war', said in 'warp speed' and 'time warp'), EAGLE (the bird), Orca (the whale and
    Microsoft's model), Hopper alone (Grace Hopper, 'helper': kept as GH200's 'Grace Hopper'),
    goodput ('good but', 'good put'), Ring Attention ('bring attention'), Numba ('number'), CuPy
    ('copy'), HIP, Mojo and Modular, Together AI ('together'), Gloo ('glue'), SYCL ('sickle'), Vulkan
    ('Vulcan'), Turing and Pascal as GPU generations (Alan Turing, the Pascal language and Blaise
    Pascal), Halide (chemistry's halides), lookahead decoding ('look ahead'), TPOT the serving metric
    (the AutoML library, 'teapot'). MPI is the Max Planck Institute's alias already. No 'chris ray'
    spoken form for Chris Ré: it is the lecture's heard form word for word."""
    terms = {e.term for e in det.glossary.entries}
    assert not {"warp", "warps", "EAGLE", "Orca", "Hopper", "goodput", "Ring Attention", "Numba", "CuPy", "HIP",
                "Mojo", "Modular", "Together AI", "Gloo", "SYCL", "Vulkan", "Turing", "Pascal", "Halide",
                "lookahead decoding", "TPOT", "MPI"} & terms


def test_systems_names_that_hid_older_terms_are_left_out(det) -> None:
    """The shared-word rule (a word of more than five entries stops counting as evidence that the rest
    was misheard): Chris Lattner made 'chris' a word of six entries, John Hennessy 'john' one of six,
    the Zero Redundancy Optimizer 'zero' and 'optimizer' words of six (and its misheard 'zero redundant
    optimizer' was not caught anyway), activation checkpointing 'activation' one of six, and
    DistributedDataParallel's and PyTorch DDP's spelled-out forms 'distributed', 'parallel' and 'pytorch';
    spaced forms ('torch inductor', 'mega blocks') are not needed, a term heard split is read as the term.
    Optimal Brain Surgeon made 'optimal' an everyday word of three entries. Elias Frantar made 'elias' a
    word heard right, so trustworthy.yml's 'Andrew Elias' was no longer Andrew Ilyas (found when the two
    branches met; Frantar is in no lecture's gold)."""
    terms = {e.term for e in det.glossary.entries}
    assert not {"Chris Lattner", "John Hennessy", "Zero Redundancy Optimizer", "activation checkpointing",
                "optimal brain surgeon", "Ion Stoica", "Elias Frantar"} & terms
    forms = {a.lower() for e in det.glossary.entries for a in (e.term, *e.aliases)}
    assert not {"distributed data parallel", "pytorch ddp", "torch inductor", "torch dynamo", "mega blocks",
                "activation recomputation"} & forms


def test_systems_forms_that_read_everyday_words_are_left_out(det) -> None:
    """Measured on the lectures and c20k: Lisa Su made 'lisa' a glossary word heard right, so the rl and
    podcast lectures' 'Lisa doll' was no longer Lee Sedol (without variants); a Clang alias of LLVM read
    'cleaning', 'claiming' and 'calming' beside 'C' (c++ in a require list is the letter 'c'); ExecuTorch
    read 'executor'; SIMD read 'Yoshua and', and SIMD and SIMT took 440 lookups each on c8k and found
    nothing (the lecture's 'sim t' was not caught even with a spoken form). Surnames alone as aliases
    let one everyday word be the name: 'frontier' was Frantar, 'cheapy' Shoeybi (20 times in c20k),
    'Jeppa' Jouppi. Letters said with a number read everyday words in c20k and in other entries'
    examples: FP8 'FP it' and 'FP out' (as FP4 would 'FP for'), NF4 'and ever', 1F1B 'an fpn';
    Splitwise read 'splits each' beside 'gpus' until its require kept to prefill/decode words. PT2 (torch.compile) made 'PT 2' a correct form and hid 25 of GPT-2's findings in c20k."""
    terms = {e.term for e in det.glossary.entries}
    assert not {"Lisa Su", "SIMD", "SIMT", "ExecuTorch", "FP8", "FP4", "NF4", "1F1B"} & terms
    # FairScale read 'that far scale' in the 50,000-record corpus until its require kept to sharding words
    fairscale = next(e for e in det.glossary.entries if e.term == "FairScale")
    assert not {"training", "distributed", "fair"} & set(fairscale.require)
    forms = {a.lower() for e in det.glossary.entries for a in (e.term, *e.aliases)}
    assert not {"clang", "frantar", "shoeybi", "jouppi", "pt2", "alistarh", "tillet"} & forms
    for term, words in (("Mohammad Shoeybi", {"training", "gpt", "bert"}), ("Song Han", {"efficient", "lab"})):
        entry = next(e for e in det.glossary.entries if e.term == term)
        assert not words & set(entry.require), f"{term} requires words every ML talk says"


def test_a_new_name_does_not_hide_an_older_coined_name() -> None:
    """Ion Stoica made 'ion' a glossary word heard right, so the dev lecture's 'open ion' was no longer
    OpenAI (without variants)."""
    from qa.detect import Detector
    from qa.glossary import load_glossary

    root = Path(__file__).parent.parent
    fp = Detector(load_glossary(root / "rules"), methods=("fuzzy", "phonetic"))
    rows = [json.loads(line) for line in (root / "tests" / "data" / "lecture-l11.jsonl").open()]
    found = [(f.found.lower(), f.term) for f in fp.scan_frame(frame_of(rows)) if f.kind == "asr-error"]
    assert any("open ion" in heard and term == "OpenAI" for heard, term in found)


def frame_of(rows: list[dict]):
    import polars as pl

    from qa.records import COLUMNS

    return pl.DataFrame([{c: str(r.get(c, "") or "") for c in COLUMNS} for r in rows]).with_columns(
        _file=pl.lit("x.jsonl"), _line=pl.lit(1))
