"""Glossary coverage of robot learning and embodied AI (rules/robotics.yml), of 3D vision and embodied
navigation (rules/vision3d.yml) and of autonomous driving (rules/driving.yml): the robot-learning talk
written blind (bench/lectures/robotlearning, held out for all of stop 22) missed mostly names the
glossary lacked. Mishearings of the new names are caught in sentences other than the entries' own
examples and the lecture's planted forms; the everyday words they collide with stay unflagged; names
heard right in the lecture are no longer read as older terms; and names or forms that cannot be added
without false alarms, lookups for little, or hiding an older term (the shared-word rule) are kept out,
as measured."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detecting import asr_errors

LECTURES = Path(__file__).parent.parent / "bench" / "lectures"


@pytest.mark.parametrize("text, term", [
    ("we compare against the annie mal baseline on legged locomotion over rough terrain in eth's lab", "ANYmal"),
    ("the policy was pretrained on the libera suites before lifelong robot manipulation fine tuning", "LIBERO"),
    ("decks net samples parallel jaw grasps on depth images of objects in a bin", "Dex-Net"),
    ("the jell sight sensor images the elastomer contact for tactile slip detection", "GelSight"),
    ("many skill gives thousands of parallel gpu environments built on sapien for manipulation", "ManiSkill"),
    ("nvidia's mimic gem multiplies a few human demos into many robot demonstrations", "MimicGen"),
    ("click port uses clip features in a transporter network for tabletop pick and place", "CLIPort"),
    ("the tactical sensors in the fingertips of the gripper detect slip and contact force", "tactile sensing"),
    ("the uni tree quadruped is a cheap legged robot dog for locomotion", "Unitree"),
    ("Karl Hausman led saycan and rt-2 at google before physical intelligence", "Karol Hausman"),
    ("Druv Shah trained the navigation models gnm and vint at berkeley", "Dhruv Shah"),
    ("the pomdp planning work of Leslie Kelbling at mit uses belief space for robots", "Leslie Kaelbling"),
    ("dex-net came from Ken Goldburg's autolab at berkeley for grasping", "Ken Goldberg"),
    ("Shuran Sung's lab made the universal manipulation interface for robot demonstrations", "Shuran Song"),
])
def test_terms_of_robot_learning_talks_are_caught(det, text: str, term: str) -> None:
    assert term in {t for _, t in asr_errors(det, text)}


@pytest.mark.parametrize("text", [
    "the octopus has eight arms and can open a jar",
    "i had a eureka moment in the shower this morning",
    "we had jello and pudding for dessert at the party",
    "calvin and hobbes was a comic strip about a boy and his tiger",
    "the genie in the lamp grants three wishes to aladdin",
    "nasa's voyager probe left the solar system decades ago",
    "i'd say can we just go home now",
    "the android phone runs the latest version of the os",
    "these aren't the droids you're looking for said obi-wan",
    "the raspberry pi zero costs five dollars",
    "optimus prime leads the autobots against the decepticons",
    # 'Unitree A1' said letter by letter sounded like 'another one' beside 'hardware' 15 times in c20k
    "another one generation older hardware is cheaper",
])
def test_colliding_everyday_words_stay_unflagged(det, text: str) -> None:
    assert asr_errors(det, text) == []


@pytest.mark.parametrize("text, term", [
    ("we report results on the argo vers motion forecasting benchmark with hd maps for driving", "Argoverse"),
    ("colmap runs structure for motion to get camera poses and sparse 3d points", "structure from motion"),
    ("the mesh is extracted from the signed distance function with marching cubs", "marching cubes"),
    ("the point clouds were recorded with a velo dine lidar on the roof of the car", "Velodyne"),
    ("raquel ortasun left uber atg to found waabi for self-driving trucks", "Raquel Urtasun"),
    ("John Baron's mip-nerf casts cones instead of rays for anti-aliasing in radiance fields", "Jon Barron"),
    ("Angie Kanazawa's lab at berkeley built nerfstudio for radiance fields", "Angjoo Kanazawa"),
    ("the computer vision textbook by Richard Zeliski covers stereo and stitching", "Richard Szeliski"),
    ("Drago Angelov from waymo talked about scaling laws for self-driving perception", "Drago Anguelov"),
])
def test_terms_of_3d_vision_and_driving_talks_are_caught(det, text: str, term: str) -> None:
    assert term in {t for _, t in asr_errors(det, text)}


@pytest.mark.parametrize("text", [
    "the wildlife lost its natural habitat when the forest was cut down",
    "she works as a digital nomad from lisbon with her laptop",
    "everything king midas touched turned to gold",
    "she cleaned the bookshelf with a feather duster",
    "the director shot two new scenes for the movie",
    "carl sagan's cosmos was about the universe and the stars",
    "my cousin carla moved to madrid last year",
    # VLN required a word any code talk says ('instruction'): the pydoc corpus had it; Waymo took 'way
    # means' in bench/plain-talks as glossb22 measured, and is kept out again
    "a flashing check engine light by the way means stop driving it because unburnt fuel is going into the exhaust",
    "f lasti index of last attempted instruction in bytecode f lineno current line number in python source code",
    # base flagged DUSt3R's 'pointmaps' as PointNet
    "dust3r regresses pointmaps from two uncalibrated images for 3d reconstruction",
])
def test_colliding_everyday_words_of_3d_and_driving_stay_unflagged(det, text: str) -> None:
    assert asr_errors(det, text) == []


def test_3d_and_driving_forms_that_hid_or_cost_other_findings_are_left_out(det) -> None:
    """Ben Mildenhall made 'ben' a word of three entries (Ben Poole, Benjamin Eysenbach lose their
    anchor), Chris Urmson 'chris' one of six; particle filter made 'filter' one of three (Kalman filter
    misheard as 'common filter' is found by it); Zip-NeRF with Mip-NeRF made 'nerf' one of three;
    'multi-view stereo' made 'view' one of three (SVHN, contrastive multiview coding), and MVS said letter
    by letter made 347 lookups on c8k for nothing; 'Monte Carlo localization' made 'monte' and 'carlo'
    words of three; 'FSD Beta' 'beta' one of three; a 'MASt3R' alias sounds like 'master'. Names said
    as everyday words are left out: Wayve ('wave'), nuPlan ('new plan'), Kinect ('connect'), SMPL
    ('simple'), Shap-E ('shape'), GameNGen ('game engine'), Cruise, Aurora, Apollo, Replica, Blender,
    Lift-Splat-Shoot. Waymo ('way means', 'way know') and nuScenes ('know synonyms') stay out as gloss20
    and glossb22 measured."""
    terms = {e.term for e in det.glossary.entries}
    assert not {"Ben Mildenhall", "Chris Urmson", "particle filter", "Zip-NeRF", "multi-view stereo", "MVS",
                "Wayve", "nuPlan", "Kinect", "SMPL", "Shap-E", "GameNGen", "Cruise", "Aurora", "Replica",
                "Blender", "Lift-Splat-Shoot", "Waymo", "nuScenes"} & terms
    forms = {a.lower() for e in det.glossary.entries for a in (e.term, *e.aliases)}
    assert not {"monte carlo localization", "fsd beta", "mast3r", "ben mildenhall"} & forms


def test_names_heard_right_in_the_robot_learning_lecture_are_not_older_terms(det) -> None:
    """Without Dmitry Kalashnikov the lecture's correct 'Kalashnikov' (QT-Opt's first author) was
    Kolesnikov; without GELLO its 'jello' was GELU; without GNM its correct 'GNM' was GMM."""
    rows = [json.loads(line) for line in (LECTURES / "robotlearning" / "lecture.jsonl").open()]
    found = {(f.found.lower(), f.term) for f in det.scan_frame(frame_of(rows)) if f.kind == "asr-error"}
    assert ("kalashnikov", "Kolesnikov") not in found
    assert ("jello", "GELU") not in found
    assert ("gnm", "GMM") not in found


def test_robot_forms_that_hid_or_cost_other_findings_are_left_out(det) -> None:
    """The shared-word rule (a word of more than two entries stops anchoring, of more than five stops
    counting as evidence): conformal prediction made 'prediction' a word of three entries (as
    v-prediction did, hiding next sentence prediction); a 'pi zero' alias made 'zero' one of six
    (AlphaZero, MuZero, zero-shot); Code as Policies made 'code' one of six; Perceiver-Actor 'actor'
    one of six; 'LIBERO-10' '10' one of six; Andy Zeng, Marco Hutter and Jan Peters made 'andy',
    'marco' and 'jan' words of three (Andrew Barto, MS MARCO, Jan Leike lose their anchor); Shadow Hand
    made 'shadow' a glossary word, so 'shadow fusion' was no longer shallow fusion; 'Video PreTraining'
    made 'pretraining' one of three; the 'Unitree A1'/'G1'/'H1'/'Go1' aliases read 'another one' as
    Unitree 15 times in c20k; BridgeData took 'break data' beside 'dataset' or 'demonstrations' (as
    gloss21 measured: tests/test_detect_gloss21.py keeps it out). Everyday words that name robots or tools are left out: Figure (Figure AI),
    Digit (Agility's humanoid, also a tactile sensor), Helix, FAST (the action tokenizer), SIMPLER,
    BEHAVIOR-1K, Spot and Atlas (kept only inside Boston Dynamics), KnowNo ('know no'), Kinect (said
    'connect'), Covariant."""
    terms = {e.term for e in det.glossary.entries}
    assert not {"conformal prediction", "Code as Policies", "Andy Zeng", "Marco Hutter", "Jan Peters",
                "Shadow Hand", "Figure", "Figure AI", "Digit", "Helix", "FAST", "SIMPLER", "KnowNo",
                "Kinect", "Covariant", "BridgeData"} & terms
    forms = {a.lower() for e in det.glossary.entries for a in (e.term, *e.aliases)}
    assert not {"pi zero", "pi-zero", "perceiver-actor", "libero-10", "video pretraining", "unitree a1",
                "unitree g1", "serl"} & forms


def test_a_new_everyday_word_does_not_hide_an_older_coined_name() -> None:
    """A 'marching cube' alias made 'cube' a glossary word heard right, so the dataeng and mlops
    lectures' 'cube flow' was no longer Kubeflow (without variants); only 'marching cubes' is kept."""
    from qa.detect import Detector
    from qa.glossary import load_glossary

    fp = Detector(load_glossary(Path(__file__).parent.parent / "rules"), methods=("fuzzy", "phonetic"))
    rows = [json.loads(line) for line in (LECTURES / "dataeng" / "lecture.jsonl").open()]
    found = [(f.found.lower(), f.term) for f in fp.scan_frame(frame_of(rows)) if f.kind == "asr-error"]
    assert any("cube flow" in heard and term == "Kubeflow" for heard, term in found)


def frame_of(rows: list[dict]):
    import polars as pl

    from qa.records import COLUMNS

    return pl.DataFrame([{c: str(r.get(c, "") or "") for c in COLUMNS} for r in rows]).with_columns(
        _file=pl.lit("x.jsonl"), _line=pl.lit(1))
