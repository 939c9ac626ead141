"""Glossary coverage of technical talks beyond the deep unsupervised learning course: speech (ASR, TTS,
speaker recognition), computer vision (detection, segmentation), NLP and LLM-era terms. Mishearings of
their names are caught in sentences other than the entries' own examples; the everyday words they
collide with stay unflagged; and short or everyday correct forms that would hide other terms'
mishearings are kept out, as measured."""

from __future__ import annotations

import pytest

from detecting import asr_errors


@pytest.mark.parametrize("text, term", [
    # speech
    ("the alignments for the hmm system came from a Kali recipe before we moved to end-to-end asr", "Kaldi"),
    ("speaker diary zation answers who spoke when in a meeting recording", "speaker diarization"),
    ("speck augment masks frequency channels of the spectrogram during asr training", "SpecAugment"),
    ("we evaluate speaker verification on box celeb and report the equal error rate", "VoxCeleb"),
    ("on mandarin the character arrow rate is reported instead of word error rate", "CER"),
    # vision
    ("the swim transformer computes self attention in shifted windows for detection on coco", "Swin Transformer"),
    ("retinal net fixes the class imbalance of a one-stage detector with the focal loss", "RetinaNet"),
    ("overlapping boxes are removed with non max depression before computing the map", "non-max suppression"),
    ("a prediction is a true positive when its intersection of a union with the ground truth box is above 0.5",
     "intersection over union"),
    # NLP and LLMs
    ("human preferences are fit with a bradley tarry model of pairwise comparisons for rlhf", "Bradley-Terry model"),
    ("core reference resolution links each pronoun to an earlier mention of the entity", "coreference resolution"),
    ("we quantized llama to 4-bit with GPT queue and it still fit on one gpu", "GPTQ"),
    ("the switched transformer sends each token to one expert in the mixture of experts layer",
     "Switch Transformer"),
])
def test_terms_of_other_talks_are_caught(det, text: str, term: str) -> None:
    assert term in {t for _, t in asr_errors(det, text)}


@pytest.mark.parametrize("text", [
    "kali linux ships with tools for penetration testing",
    "the hotel switchboard put my call through to the front desk",
    "graphene is a single layer of carbon atoms",
    "roll the dice to choose who presents first",
    "with one exception every layer of the network is a convolution",
    "we had to sift through a raft of kinetics papers",
    "halley's comet comes back every 76 years",
    "we watched the meteor shower from the roof last night",
    "the parts of the argument do not cohere",
    "a pink flamingo stood in the shallow lake",
    "this is an extreme case of overfitting to the training set",
    "they started in some cases like permuting objects",
])
def test_colliding_everyday_words_stay_unflagged(det, text: str) -> None:
    assert asr_errors(det, text) == []


def test_short_correct_forms_do_not_hide_other_mishearings(det) -> None:
    """'L as' squashed is 'las': with LAS as a correct form (Listen, Attend and Spell) the known
    mishearing 'rogue L' of ROUGE-L beside it was no longer flagged (c20k). Listen, Attend and Spell
    keeps its long forms only."""
    assert ("rogue L", "ROUGE") in asr_errors(det, "summaries were scored with rouge and rogue L as a recall measure")
    forms = {a.lower() for e in det.glossary.entries for a in (e.term, *e.aliases)}
    assert "las" not in forms


def test_names_measured_to_cost_other_findings_are_left_out(det) -> None:
    """Measured on the lectures, the glossary's own examples and c20k: TED-LIUM's 'Ted' hid 'ted three'
    (TD3); RNN-T hid 'jeff t' (JFT); R-CNN's 'RCNN' hid 'mass RCNN' (Mask R-CNN); Lucas Beyer's
    'Lucas' hid 'Lucas Kaiser'; Ion Stoica's 'Ion' hid 'open ion' (OpenAI); WavLM heard 'kind of
    LM', ESPnet 'S and', TDNN 'tdmn', EnCodec 'encode'; MOS took 'you Meena's'; Xception is heard in
    the word 'exception'; Kinetics, RAFT and SIFT are everyday words (gloss19 kept 'kinetics' out);
    XTREME is the word 'extreme'; TRL heard 't really'. On 50k corpus records: reward model heard 'read
    models', nuScenes 'know synonyms', Waymo 'way know', x-vector 'see factorize', Liang-Chieh Chen
    'long She Chen'."""
    terms = {e.term for e in det.glossary.entries}
    assert not {"TED-LIUM", "RNN-T", "WavLM", "ESPnet", "TDNN", "MOS", "R-CNN",
                "Lucas Beyer", "Xception", "Kinetics", "RAFT", "SIFT", "Ion Stoica", "XTREME", "TRL",
                "reward model", "nuScenes", "Waymo Open Dataset", "x-vector", "Liang-Chieh Chen"} & terms
