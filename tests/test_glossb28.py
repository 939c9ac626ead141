"""Glossary coverage of the people, labs and products ML talks name most (session 28, branch glossb28).

People are the largest class of hand-labelled errors in the dataset's talks (~15 of ~65 per talk), and a
name the glossary lacks cannot be suggested. An audit of rules/ against the courses, channels and podcasts
of the dataset (Stanford's CS336/CS231n, Full Stack Deep Learning, Latent Space, Dwarkesh, Machine
Learning Street Talk, TWIML, Lex Fridman) found most pioneers and lab heads already there; what was
missing and is now added: podcast hosts and their guests (Dwarkesh Patel, swyx and Alessio Fanelli, Keith
Duggar, Sholto Douglas, Trenton Bricken, Leopold Aschenbrenner, Roman Yampolskiy, Ben Goertzel (as
'Goertzel'), Karl Friston, Jaron Lanier, Yuval Noah Harari, Scott Aaronson), AI-safety and forecasting
people (Ajeya Cotra, Holden Karnofsky, Toby Ord, Will MacAskill, Evan Hubinger, Amanda Askell, Buck
Shlegeris, Connor Leahy, Kokotajlo (by his surname: with Daniel Ramage of federated.yml a sixth entry held "daniel"), Rohin Shah, Jaan Tallinn, Zvi Mowshowitz), authors of landmark
papers (Corinna Cortes, Matthew Zeiler as 'Zeiler', Kristina Toutanova, Omer Levy, Will Dabney, Ronen
Eldan, Jason Weston, Yangqing Jia, Adam Paszke, Rich Caruana), lecturers and teachers (Tatsunori
Hashimoto, Gilbert Strang, François Fleuret, Sergey Karayev, Josh Starmer, Cassie Kozyrkov), NLP and
vision researchers (Ellie Pavlick, Mirella Lapata, Hanna Wallach, Andrea Vedaldi, Sanja Fidler, Kyle
Cranmer, Hod Lipson), founders and lab people of 2020-2025 (Timothée Lacroix, Bob McGrew, Amjad Masad,
Cristóbal Valenzuela, Oren Etzioni, Nathan Benaich, Ines Montani, Matthew Honnibal as 'Honnibal', Emmanuel
Ameisen, Riley Goodside, Ethan Mollick, Sayash Kapoor, Shreya Shankar, Blake Lemoine, Noam Chomsky,
Douglas Hofstadter), labs and institutes (CSAIL, INRIA, Baichuan, TWIML) and products (Command R, Tülu,
Cline, Ideogram). Every variant was written from how the name sounds to an English recogniser (first name
swapped for a sound-alike, surname respelt or split), none from a lecture or tests/data.

Left out, with the reason (measured on bench/lectures, lect.jsonl, bench/plain unless said):
- Bare surnames as aliases of the new people: 'Strang' read 'storing' (ML-systems lecture), 'Friston'
  read 'first one' (ML-systems and speech lectures), 'Hofstadter' read 'fister' (time-series lecture),
  'Fidler' read 'fiddler' (the mlops lecture's negative: Fiddler AI). The other short or word-like
  surnames (Weston, Lacroix, Goodside, Bricken, Duggar, Dabney, Cranmer, Lemoine, Wallach, Eldan, Masad,
  Cotra, Sholto, McGrew, Fanelli, Askell, Mollick, Pavlick, Lipson, Leahy, Montani, Tworek, Lanier,
  Harari, Aaronson, Zvi) were taken out with them before they were measured: a correct form that is
  near a common word both reads that word and marks it heard right. The full names and their
  possessives stay; long surnames no word sounds like (Aschenbrenner, Yampolskiy, Karnofsky, Kozyrkov,
  Toutanova, Hubinger, Chomsky, ...) stay as aliases.
- Ben Goertzel as a full name: 'ben' as the word of a third entry cut the podcast lecture's 'Yoshua Ben
  Geo' to 'Yoshua Ben' (test_gloss27 measured the same of Ben Mildenhall). The entry is the surname,
  Goertzel, as Mildenhall's is: 'ben Gertzel' is corrected to 'ben Goertzel'.
- Sentdex (Harrison Kinsley's channel): 'syntax' and 'semantics' sounded like it near 'python' in
  Python's docs (bench/plain TUNE 0 -> 3 false alarms); a programming talk says both all the time.
- Yangqing Jia's require words 'pytorch', 'framework', 'facebook', 'meta', 'berkeley', 'ai': 'imaging'
  read as the name beside them (bench/generalise TUNE, MONAI's allow example); it now requires Caffe's
  own words (caffe, caffe2, bvlc, onnx, lepton, alibaba).
- The variants 'Omar Levy' (Omer Levy) and 'in rhea' (INRIA), written from how the names sound, turned
  out to be the very forms of two medium-confidence gold errors of studied lectures (nlp, tabular), and
  'Evan Hoobinger' (Evan Hubinger) of a high-confidence one (interp). All three were taken out so that no
  variant equals a lecture's heard form; without them 'Omar Levy' and 'in rhea' are not caught (the
  fuzzy and phonetic readings score them too low), 'evan hoobinger' still is.
- Matthew Zeiler and Matthew Honnibal as full names: 'matthew' as a word of two more entries stopped
  the autoregressive lecture's 'matthew germain' from being read as Mathieu Germain without variants.
  The entries are the surnames, Zeiler and Honnibal, as Mildenhall's is; 'Hannibal' (a name everyone
  knows) is no variant.
- Katja Grace and Jerry Tworek: 'get a gracie's' read as Katja Grace (taking Keras's catch) and 'great
  work' as Jerry Tworek in c8k, each beside a require word every ML talk says ('learning', 'models').
  The other new entries' require lists lost such words ('ai', 'model(s)', 'learning', 'open', 'data',
  'text', 'machine', 'future', 'team', 'doing', 'good', 'better') after the same diff showed 'Maxo
  scale' read as Will MacAskill beside 'better'; MacAskill's bare surname went with it.
- Tülu's 'Tulu 2': 'dolly two' sounded like it (0.88) and the clip lecture's DALL-E 2 catch went to it.
- TWIML's 'TWIML AI' and 'TWIML AI Podcast': 'the ML' (capitals heard) read as 'TWIML AI' in the mlops
  lecture; TWIML stays with its spoken 'twimmel'.
- Names whose words are already shared past ~5 entries: Sam McCandlish ('sam', test_detect_glossb26
  holds it at two), Tim Scarfe ('tim', seven), Ray Kurzweil ('ray', six), Chris Dyer ('chris', seven),
  Jacob Andreas ('jacob', six), Dawn Song ('song', six), Alex Smola ('alex', six), Aleph Alpha ('alpha',
  six), Thinking Machines Lab ('machines', seven), Claude Code ('code' seven, 'cloud' eight).
- Lukas Biewald: 'Lukas' would take 'Lucas Kaiser' from Lukasz Kaiser (as Lucas Beyer did, glossb27).
- Names that are another entry's correct form: Grok (grokking's alias 'grok'), Perplexity the company
  (the metric), MiniMax the lab (the minimax algorithm), Epoch AI ('epoch').
- Everyday words that cannot be told from the word: Cursor, Windsurf, Lovable, Runway, Adept,
  Inflection, Moonshot AI, Together AI, Fireworks AI, Figure AI, Prime Intellect, Liquid AI, Granite;
  METR is said 'meter' and MIRI 'Miri', both everyday readings.
- Names whose spaced reading is the name itself, so nothing to correct: Redwood Research, Character.AI,
  OpenReview, OpenRouter, Papers with Code, Sourcegraph, Tabnine, Poolside, Anysphere, 01.AI.
- Heard right by captions: Margaret Mitchell, Kate Crawford, Noah Smith, Elon Musk, Mark Zuckerberg,
  Jack Clark, Robin Hanson, Tyler Cowen, Stephen Wolfram, Dylan Patel, Josh Tobin, Nathan Lambert.
- Alexandr Wang ('Alexander Wang' is a spelling, and a fashion designer), Yi Tay and Mu Li (names of
  two short syllables that every talk's words sound like).
- People of this session's held-out fields and of federated learning, differential privacy, object
  detection and segmentation: none written.
"""

from __future__ import annotations

import pytest
from detecting import asr_errors, lecture_errors

from qa.detect import Detector


@pytest.mark.parametrize("text, term", [
    ("last week on the podcast Dwarkesh Patil asked him when we would get agi", "Dwarkesh Patel"),
    ("i was on the latent space podcast with swix and alessio talking about ai engineers", "swyx"),
    ("the stanford course cs336 is taught by Tatsu Hashimodo and percy liang", "Tatsunori Hashimoto"),
    ("svms with a soft margin come from the Corina Cortez and vapnik paper", "Corinna Cortes"),
    ("the zfnet paper by matthew Zyler visualized convolutional network features with a deconvnet", "Zeiler"),
    ("Gilbert Strong's linear algebra lectures from mit are the best intro to matrices", "Gilbert Strang"),
    ("Karl Fristen's free energy principle and active inference", "Karl Friston"),
    ("Norm Chomsky says language models don't explain grammar", "Noam Chomsky"),
    ("Christina Tutanova was an author on the bert paper", "Kristina Toutanova"),
    ("Omar Levi and yoav goldberg on word2vec as matrix factorization", "Omer Levy"),
    ("Ben Gurtzel has been talking about agi and opencog since the early two thousands", "Goertzel"),
    ("Leopold Ashenbrenner's situational awareness argues for agi by 2027", "Leopold Aschenbrenner"),
    ("Evan Hubbinger's sleeper agents paper trained deceptive models at anthropic", "Evan Hubinger"),
    ("Rich Karuana showed interpretable gams on the pneumonia data", "Rich Caruana"),
    ("caffe from berkeley was written by Yangching Jia", "Yangqing Jia"),
    ("Sonja Fiddler's lab at nvidia toronto does 3d vision", "Sanja Fidler"),
    ("Oren Etsioni who ran the allen institute for ai", "Oren Etzioni"),
    ("Timothy Lacroix the cto of mistral worked on the llama paper", "Timothée Lacroix"),
    ("ryan greenblatt and Buck Schlegaris wrote the ai control paper at redwood", "Buck Shlegeris"),
    ("spacy started as matthew Honeyball's fast parser in python", "Honnibal"),
    ("Scott Aronson on watermarking at openai and quantum complexity", "Scott Aaronson"),
])
def test_people_are_caught(det, text: str, term: str) -> None:
    assert term in {t for _, t in asr_errors(det, text)}


@pytest.mark.parametrize("text, term", [
    ("cohere released command are plus with open weights for rag", "Command R"),
    ("ai2's too loo three is an open post-training recipe", "Tülu"),
    ("the Klein vs code extension runs a coding agent with claude sonnet", "Cline"),
    ("idiogram renders text inside generated images better than midjourney", "Ideogram"),
    ("she did her phd at mit sea sail", "CSAIL"),
    ("the paper came from inrea in paris, the french research institute", "INRIA"),
    ("the twimble ai podcast episode with the guest from deepmind", "TWIML"),
    ("chinese labs like deepseek qwen and Baichwan released open models", "Baichuan"),
])
def test_labs_and_products_are_caught(det, text: str, term: str) -> None:
    assert term in {t for _, t in asr_errors(det, text)}


@pytest.mark.parametrize("text", [
    "the command are you sure prompt appears before the file is deleted",
    "calvin klein opened a new store downtown",
    "he made lemon pie and blake ate half of it",
    "my cousin omar levy works as a dentist in toronto",
    "the toby ward of the hospital was closed for renovation",
    "i bought a too loo roll at the supermarket",
    "she sailed on the sea sail boat in the harbor",
    "it was the good side of the city with nice parks",
    "norm said the meeting will be short",
    "the western movie starred jason and his horse",
    "in rhea silvia's story the twins were raised by a wolf",
    "send decks of slides to the whole team before the meeting",
    "my neighbour rohan shah is a dentist in leicester",
    "hannibal crossed the alps with elephants",
    "the ML team met to discuss the quarterly roadmap",
    "the fiddler played on the roof while we were storing the first one in the shed",
])
def test_everyday_readings_stay_unflagged(det, text: str) -> None:
    assert asr_errors(det, text) == []


def test_older_lecture_catches_stay_and_measured_false_alarms_stay_out(det) -> None:
    """What the first draft of this batch did on the studied lectures: 'dolly two' went from DALL-E to an
    alias 'Tulu 2' (clip, fuzzy and phonetic), 'fiddler' (Fiddler AI, mlops) read as Fidler, 'the ML' as
    TWIML, 'storing' as Strang and 'first one' as Friston (ML systems)."""
    unlisted = Detector(det.glossary, methods=("fuzzy", "phonetic"))
    clip = lecture_errors(unlisted, "clip")
    assert {t for heard, t in clip if heard.startswith("dolly")} == {"DALL-E"}
    assert ("dolly two", "DALL-E") in lecture_errors(det, "clip")
    assert not {t for _, t in lecture_errors(det, "mlops")} & {"Sanja Fidler", "TWIML"}
    assert not {t for _, t in lecture_errors(det, "mlsystems")} & {"Gilbert Strang", "Karl Friston"}


def test_left_out_names_stay_out(det) -> None:
    """The names and forms the module docstring leaves out, with its reasons, are not in the glossary."""
    terms = {e.term for e in det.glossary.entries}
    assert not {"Sam McCandlish", "Tim Scarfe", "Ray Kurzweil", "Chris Dyer", "Jacob Andreas", "Dawn Song",
                "Alex Smola", "Aleph Alpha", "Thinking Machines Lab", "Claude Code", "Lukas Biewald",
                "Grok", "Perplexity AI", "MiniMax", "Epoch AI", "Cursor", "Windsurf", "METR", "MIRI",
                "Alexandr Wang", "Yi Tay", "Mu Li", "Sentdex", "Ben Goertzel", "Katja Grace",
                "Jerry Tworek", "Matthew Zeiler", "Matthew Honnibal"} & terms
    forms = {a.lower() for e in det.glossary.entries for a in (e.term, *e.aliases)}
    assert not {"strang", "friston", "hofstadter", "fidler", "weston", "lacroix", "goodside", "bricken",
                "lemoine", "wallach", "macaskill", "tulu 2", "tülu 2", "twiml ai",
                "twiml ai podcast"} & forms
    variants = {v.text.lower() for e in det.glossary.entries for v in e.variants}
    assert not {"evan hoobinger", "omar levy", "in rhea"} & variants
    assert not {"pytorch", "framework"} & set(next(e for e in det.glossary.entries
                                                   if e.term == "Yangqing Jia").require)
