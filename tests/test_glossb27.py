"""Glossary coverage of what the dataset's courses and channels say most (session 27, branch glossb27).

Recall on unseen talks is mostly glossary coverage: a term the glossary lacks cannot be suggested. An
audit of the glossary against the syllabi of CS229, CS231n, CS224n, CS234, MIT 6.S191, the DeepMind x
UCL series and the guests of ML podcasts found these missing, now added: optimisation and training
(gradient accumulation, the one-cycle policy, LAMB, Muon, max pooling, receptive field, transposed
convolution, curriculum learning, scheduled sampling, sharpness-aware minimization, saddle point,
double descent, neural tangent kernel, catastrophic forgetting); CS229's classical ML (Gaussian and
linear discriminant analysis, ICA, factor analysis, kernel density estimation, locally weighted
regression, bagging, the exponential family, Mercer's theorem, VC dimension, locally linear embedding,
value and policy iteration); models (Alpaca, Hyena, LaMDA, OLMo, RetNet, Xception, xLSTM,
pointer networks, siamese networks, sentiment analysis, test-time augmentation); venues and channels
(EMNLP, ICCV, ECCV, ICASSP, AI21 Labs, Nous Research, Two Minute Papers, 3Blue1Brown, Plotly); and the
lecturers, lab heads and podcast guests of those talks (Aaron Courville, Alexander and Ava Amini,
Serena Yeung, Tengyu Ma, Emma Brunskill, Daphne Koller, Sylvain Gugger, Károly Zsolnai-Fehér, Chris
Lattner, Christopher Ré, Ion Stoica, Josh Tenenbaum, ...). Every variant was written from how the name
sounds, not from a lecture.

Left out, with the reason (each measured on bench/lectures or lect.jsonl unless said):
- R-CNN: its spoken forms ('RC and N', 'are sienen') are inside Faster R-CNN's variants and would
  compete with it, and 'our CNN' is what every CNN talk says. Faster R-CNN and Mask R-CNN cover it.
- CenterNet: read 'center move' in the tabular lecture (phonetic); few talks say it.
- Codex: sounds the same as 'codecs' and read 'codec'/'codecs' in the speech lecture.
- AAAI: 'triple AI' is how captions write the spoken name (a negative of the time-series lecture), so
  its only realistic variant is no mishearing.
- Lisa Su: its 'Lisa' took 'Lisa doll' from Lee Sedol (podcast and rl lectures).
- xAI: made 'x' a word of a third entry, and 'window X' was no longer WidowX (robot-learning lecture);
  test_detect_glossb26 holds 'x' at two entries.
- Sam Charrington: made 'sam' a word of a third entry, and 'Sim Sam' was no longer SimSiam
  (self-supervised lecture); test_detect_glossb26 holds 'sam' at two.
- Lucas Beyer: its 'Lucas' took 'Lucas Kaiser' from Lukasz Kaiser (that entry's own flag example).
- Marc Andreessen: 'marc' would be a word of six entries (past ECHO_ENTRIES: 'Marc' heard right would
  stop telling which Marc a misheard surname is); captions spell him right anyway.
- Christopher Potts: 'chris' is already a word of seven entries with Chris Lattner and Christopher Ré.
- stochastic weight averaging and elastic weight consolidation: each makes 'weight' a word of six
  entries (test_detect_glossb26 holds it at five: 'wait decay' for weight decay is caught by it).
- Kimi: its alias 'Kimi K2' read 'guanaco' (ML-systems lecture) and, without it, 'Kimi' read 'kickin'
  in b8k2; a two-syllable name needs more than 'model' and 'open' near. Pedro Domingos' bare
  'Domingos' read 'think Joshua' (c8k, b8k2), the pointer network's 'Ptr-Nets' read 'better moco's'
  (b8k2); Nous Research and sentiment analysis now require words of their own topic ('much research',
  'sheet unit analysis' in b8k2). Clément Delangue's bare
  'Delangue' (read 'tooling', robot-learning lecture), the neural tangent kernel's 'NTK' (read 'and
  Qiqi' in lect.jsonl), the conferences' long names and LAMB's 'layer-wise adaptive moments' ('vision',
  'conference', 'processing', 'adaptive', 'optimizer' past five entries), the KDE's 'Parzen window'
  (an entry of its own already), Leandro von Werra's bare 'von Werra' (read 'foam error', speech
  lecture).
- BigScience and AI21 Labs' variants: 'big sciences' is read as the name itself and number words are
  the name ('AI twenty one labs' is AI21 Labs said), so neither has a mishearing to list; AI21 Labs
  stays without variants, BigScience out.
- AI21 Labs, Chris Lattner, Ion Stoica, LAMB, Xception: earlier sessions measured them to cost other
  findings or lookups and keep them out (test_detect_gloss20/21/22/25, glossb22/23); added here
  before those tests were read, they were taken out again when the full suite said so.
- Heard right by captions, so nothing to correct: Justin Johnson, Rachel Thomas, Melanie Mitchell,
  Nathan Lambert, Sasha Rush, Thomas Wolf, Stanford, MIT, fastai ('fast AI' is the name spaced), mixup
  ('mix up' likewise), Falcon, BLOOM, Performer, Shampoo.
"""

from __future__ import annotations

import pytest

from detecting import asr_errors


@pytest.mark.parametrize("text, term", [
    ("we do gradient accommodation over four micro batches because the gpu memory only fits a batch size of eight",
     "gradient accumulation"),
    ("keller jordan's moon optimizer orthogonalizes every weight matrix update and won the nanogpt speedrun",
     "Muon"),
    ("with fastai you call fit with the one sickle policy and it warms the learning rate up for a few epochs",
     "one-cycle policy"),
    ("every extra conv layer grows the reception field so neurons deep in the cnn see more of the image",
     "receptive field"),
    ("then a max polling layer with a two by two window and stride two downsamples the feature map",
     "max pooling"),
    ("in high dimensional loss landscapes gradient descent slows down near settle points of the hessian",
     "saddle point"),
    ("the test error peaks at the interpolation threshold and then falls again, that is double dissent",
     "double descent"),
])
def test_training_and_optimisation_terms_are_caught(det, text: str, term: str) -> None:
    assert term in {t for _, t in asr_errors(det, text)}


@pytest.mark.parametrize("text, term", [
    ("colonel density estimation smooths the histogram, and the bandwidth of the gaussian kernel matters most",
     "kernel density estimation"),
    ("Gaussian discriminate analysis models p of x given y as a gaussian per class with one shared covariance",
     "Gaussian discriminant analysis"),
    ("a linear classifier in two dimensions can shatter three points so its DC dimension is three",
     "VC dimension"),
    ("independent competent analysis separates the microphones' mixed signals by unmixing non-gaussian sources",
     "independent component analysis"),
    ("value irritation repeats the bellman optimality backup over all states until the values converge",
     "value iteration"),
    ("Merser's theorem tells us which kernels are inner products in a feature space, so the svm works",
     "Mercer's theorem"),
])
def test_cs229_terms_are_caught(det, text: str, term: str) -> None:
    assert term in {t for _, t in asr_errors(det, text)}


@pytest.mark.parametrize("text, term", [
    ("we trained a bert classifier for sentimental analysis of movie reviews as positive or negative",
     "sentiment analysis"),
    ("the ex LSTM paper from hochreiter's group adds exponential gating and a matrix memory",
     "xLSTM"),
    ("microsoft's red net swaps attention for a retention mechanism that is recurrent at inference",
     "RetNet"),
    ("a siemens network encodes both faces with shared weights and a contrastive loss on the pair",
     "siamese network"),
])
def test_model_and_nlp_terms_are_caught(det, text: str, term: str) -> None:
    assert term in {t for _, t in asr_errors(det, text)}


@pytest.mark.parametrize("text, term", [
    ("the cs231n lectures that year were taught by fei-fei li, justin johnson and Serena Young at stanford",
     "Serena Yeung"),
    ("Sylvain Guger co-wrote the fastai book with jeremy howard before moving to hugging face",
     "Sylvain Gugger"),
    ("the coursera course on probabilistic graphical models by Daphne Coller is a classic",
     "Daphne Koller"),
    ("at mit Josh Tannenbaum studies how children learn concepts with probabilistic programs",
     "Josh Tenenbaum"),
    ("the cs234 reinforcement learning course is taught by Emma Brunswick at stanford", "Emma Brunskill"),
])
def test_lecturers_and_guests_are_caught(det, text: str, term: str) -> None:
    assert term in {t for _, t in asr_errors(det, text)}


@pytest.mark.parametrize("text", [
    "a muon is an unstable particle that decays into an electron and two neutrinos",
    "the kids fed an alpaca at the petting zoo on saturday",
    "a spotted hyena can crush bones with its jaws",
    "the colonel gave his orders to the regiment at dawn",
    "the factory analysis showed the assembly line was the bottleneck",
    "we need to settle points of disagreement before the vote",
    "she got sentimental about her grandmother's old house",
    "the siemens network of factories builds trains and turbines",
    "the news research team published a poll about the election",
    "nick frost starred in the comedy with simon pegg",
    "we got a double decent score in the pub quiz",
])
def test_everyday_readings_stay_unflagged(det, text: str) -> None:
    assert asr_errors(det, text) == []


def test_left_out_names_stay_out(det) -> None:
    """The names and forms the module docstring leaves out, with its reasons, are not in the glossary."""
    terms = {e.term for e in det.glossary.entries}
    assert not {"R-CNN", "CenterNet", "Codex", "AAAI", "AI21 Labs", "Chris Lattner", "Ion Stoica", "LAMB", "Xception", "Lisa Su", "xAI", "Sam Charrington", "Lucas Beyer", "Kimi",
                "Marc Andreessen", "Christopher Potts", "stochastic weight averaging",
                "elastic weight consolidation", "BigScience"} & terms
    forms = {a.lower() for e in det.glossary.entries for a in (e.term, *e.aliases)}
    assert not {"kimi k2", "delangue", "domingos", "ptr-nets", "ntk", "von werra", "layer-wise adaptive moments",
                "international conference on computer vision"} & forms
