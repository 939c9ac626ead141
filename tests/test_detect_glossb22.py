"""Glossary coverage of a second set of areas for talks nobody tuned for: computer vision beyond
classification and image generation (rules/vision.yml), the mathematics, probability and optimisation
vocabulary lecturers say in passing (rules/math.yml), speech and audio (rules/speech.yml), and AI
safety and interpretability (rules/safety.yml). Mishearings are caught in sentences other than the
entries' own examples, some by sound alone (no listed variant); the everyday words the names collide
with stay unflagged; and names that cannot be added without false alarms or lookups everywhere are
kept out, as measured."""

from __future__ import annotations

from pathlib import Path

import pytest

from detecting import asr_errors


@pytest.mark.parametrize("text, term", [
    # vision: detection, tracking, 3D, video, generation
    ("the detections are linked over frames by bite track with a kalman filter for each track", "ByteTrack"),
    ("for the nerf we need camera poses so we ran coal map on all the images first", "COLMAP"),
    ("mast autoencoders pretrain a vit by reconstructing the masked patches", "masked autoencoder"),
    ("the 3d classification network pointed net handles unordered point clouds with max pooling", "PointNet"),
    # mathematics, probability, optimisation
    ("in the forward oiler sampler each diffusion step is one ode step", "Euler method"),
    ("the tailor expansion of the loss to second order gives the hessian term", "Taylor expansion"),
    ("a poison process models the arrivals with a constant rate", "Poisson distribution"),
    ("we use add a grad as the optimizer because the features are sparse", "AdaGrad"),
    ("take the arc max of the q values to pick the greedy action", "arg max"),
    ("the hoover loss is robust to outliers in the regression targets", "Huber loss"),
    ("the fissure information matrix gives the natural gradient", "Fisher information"),
    # speech and audio
    # safety and interpretability
    ("every benchmark is subject to good heart's law once labs optimize for it", "Goodhart's law"),
    ("rlhf trained chatbots show psycho fancy agreeing with the user's opinion", "sycophancy"),
    ("nick boss trum argued superintelligence is an existential risk", "Nick Bostrom"),
])
def test_terms_of_other_areas_are_caught(det, text: str, term: str) -> None:
    assert term in {t for _, t in asr_errors(det, text)}


@pytest.fixture(scope="module")
def by_sound():
    """The repository's glossary without its listed variants: what is found here is found by sound."""
    from qa.detect import Detector
    from qa.glossary import load_glossary

    return Detector(load_glossary(Path(__file__).parent.parent / "rules"), methods=("fuzzy", "phonetic"))


@pytest.mark.parametrize("text, term", [
    ("the detections are linked across frames by bite trac with a kalman filter", "ByteTrack"),
    ("the fourth order runga kutta solver for the ode", "Runge-Kutta"),
    ("the crone acre product of the two factor matrices in k-fac", "Kronecker product"),
    ("the reproducing kernel gilbert space of the rbf kernel", "Hilbert space"),
    ("the rada macher complexity of the hypothesis class bounds generalization", "Rademacher complexity"),
    ("the brag men divergence with a convex potential", "Bregman divergence"),
    ("the lodge it lens decodes each intermediate layer with the unembedding", "logit lens"),
    ("the coming initialization of the relu layers scales the variance", "Kaiming initialization"),
])
def test_mishearings_no_variant_lists_are_caught_by_sound(by_sound, text: str, term: str) -> None:
    assert term in {t for _, t in asr_errors(by_sound, text)}


@pytest.mark.parametrize("text", [
    "the escaped convicts were hiding in the woods",
    "she has a good heart and a kind word for everyone",
    "the tailor took in the waist of my trousers",
    "rat poison and poison ivy are both dangerous",
    "the hoover dam supplies power to las vegas",
    "the fishermen repaired the nets before the storm",
    "a wolf pack hunts together in winter",
    "the director shot two new scenes for the sequel",
    "the convenience functions of the module parse the command line args",
    "the mime types of the files are read from the datastore",
    "the list of objects that an object refers to",
    "that is way more than we need for the drive home",
    "we ran call map on the list in python",
    "the oiler checked the engine of the locomotive",
])
def test_colliding_everyday_words_stay_unflagged(det, text: str) -> None:
    assert asr_errors(det, text) == []


def test_names_measured_to_cost_other_findings_or_lookups_are_left_out(det) -> None:
    """Measured on the lectures, c20k (added findings read by eye), /tmp/pd (Python docstrings),
    bench/plain-talks and near-form lookups on c8k (/work/notes/cnt.py): R-CNN (601 lookups; 'where'
    and 'year was' read as it), RNN-T ('jeff t' no longer JFT-300M in two lectures; 452 lookups),
    TDNN ('tdmn' 44 times in c20k), ESPnet (742 lookups), AudioSet ('outsized'), mu-law ('mala'),
    MaskGIT ('mask quite'), PGD ('B you get'), SVD as letters here (388 lookups; the recommender-systems file has SVD since,
    with require words of matrices and ratings), LCM of consistency models ('also Nan's'), MOS as mean opinion score (211 lookups),
    RKHS ('args is'), 'swish function' ('isfunction'), 'convex functions' ('convenience functions'),
    'MediaPipe Pose' ('mime types'), 'Waymo's' ('way means' in a car-repair talk), Björn Ommer
    (his first name took 'pixel RN' from PixelRNN by sound), a bare 'Huber' alias of Huber loss
    ('Schmidt Huber' no longer read as Schmidhuber). nuScenes, Waymo, EnCodec and x-vector were kept out
    by gloss20 on a 50k-record corpus ('know synonyms', 'way know', 'encode', 'see factorize'); this
    stop's c20k read showed the first again, so they stay out (EnCodec and AudioSet came in in session
    26 with require words of audio: tests/test_detect_glossb26.py holds EnCodec off 'encode', and
    c20k's 264 'outsized' stay off AudioSet, asserted below). Everyday words
    that name a method are left out: SMPL (said 'simple'), SIFT, HOG, RAFT, Flux, Runway, GLIDE, Parti,
    Muse, Lion, LAMB, Shampoo, Rainbow, SAM as an alias of Segment Anything; PDF (the document format)."""
    terms = {e.term for e in det.glossary.entries}
    forms = {a.lower() for e in det.glossary.entries for a in (e.term, *e.aliases, *e.spoken)}
    assert not {"R-CNN", "RNN-T", "TDNN", "ESPnet", "mu-law", "MaskGIT", "PGD attack",
                "Björn Ommer", "nuScenes", "Waymo", "x-vector", "SMPL", "SIFT", "HOG", "RAFT", "Flux", "Runway", "GLIDE", "Parti", "Muse", "Lion", "LAMB",
                "Shampoo", "Rainbow", "PDF"} & terms
    assert not [f for f in det.scan_text("that had an outsized effect on the audio classification results")
                if f.term == "AudioSet"]
    assert not {"lcm", "mos", "rkhs", "swish function", "convex functions", "mediapipe pose", "waymo's",
                "sam", "pgd", "pac-bayes", "huber"} & forms
