"""Context scoring and choosing: the fast paths give what the plain definitions give.

- require words: one lowercase regex over a field's joined words (`Nearby`) finds what the
  case-blind regex over the two windows finds, with the same matched text;
- `Scorer.upper` never falls below `Scorer.value` (the lazy heap relies on it);
- `choose_video` (lazy, bounded, reasons only for the kept) equals scoring every candidate and
  sorting, on the dev lecture.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import qa.detect as detect
from qa.detect import choose
from qa.detect.candidates import Candidate, Tokens
from qa.detect.context import WINDOW, Nearby, Scorer, VideoContext, _coined, _phrase_regex
from qa.glossary import Entry, normalize
from qa.records import load

from detecting import choose_calls

DATA = Path(__file__).parent / "data"
RULES = Path(__file__).parent.parent / "rules"

# words of a transcript, with the cases that matter: prefixes of require words, apostrophes,
# digits, capitals, letters of split phrases, and non-ASCII ones (those fields take the regex)
WORDS = st.sampled_from([
    "model", "models", "Model", "remodel", "pre", "train", "pretrained", "Pre", "training", "it's",
    "LSTM's", "o'reilly", "O'Reilly", "language", "languagemodel", "lang", "a100", "A100", "t", "sne",
    "tsne", "T", "gpt", "3", "GPT3", "s", "x", "the", "of", "bird", "café", "naïve", "rock'n", "roll",
])
ITEMS = st.sampled_from([
    "model", "pre-train", "language model", "t-sne", "o'reilly", "gpt-3.5", "fast.ai", "LSTM", "a100",
    "it", "s", "'s", "-x", "tübingen", "mod(el)?", "T SNE", "Language  Model", "rock 'n roll", "pre train",
    "x", "languagemodel",
])


def entry(require: list[str], exceptions: list[str] = ()) -> Entry:
    return Entry(term="TERM", category="other", file="t.yml", line=1, require=list(require),
                 exceptions=list(exceptions))


def window_regex(items: list[str], words: list[str], first: int, last: int):
    """The definition (as scoring did it before): the case-blind regex over the words left of the
    span, then right of it, after a test that some item's first word is there at all."""
    lo, hi = max(0, first - WINDOW), min(len(words), last + WINDOW)
    left, right = " ".join(words[lo:first]), " ".join(words[last:hi])
    if not any(any(ch in it for ch in "\\[]()^$*+?|{}") for it in items):
        low = f"{left}\n{right}".lower()
        if not any(re.split(r"[\s-]+", it.lower())[0] in low for it in items):
            return None
    rx = _phrase_regex(items)
    return rx.search(left) or rx.search(right)


def exception_reference(exceptions: list[str], toks: Tokens, first: int, last: int) -> str | None:
    lo, hi = max(0, first - 4), min(len(toks), last + 4)
    around = "".join(info[0] for info in toks.infos[lo:hi])
    return next((x for x in (normalize(x) for x in exceptions) if x and x in around), None)


def check_require(words: list[str], items: list[str], first: int, last: int) -> None:
    toks = Tokens(" ".join(words), words)
    scorer = Scorer()
    r = scorer.rules(entry(items, exceptions=items))
    c = Candidate(first, last, 0, 0, None, "variant", "asr-error", 1.0)
    want = window_regex(items, words, first, last)
    got = scorer._near_text(r, toks, c, Nearby(words))
    assert got == (None if want is None else want.group().strip())
    assert scorer._near(r, toks, c, Nearby(words)) == (want is not None)
    # the one-pass search qa.detect.choose uses finds the same words
    assert scorer.require_text(r, toks, c, Nearby(words)) == got
    # exceptions are looked for in the words' lowercase forms, from the words themselves
    assert scorer._exception(r, toks, c) == exception_reference(items, toks, first, last)


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=40), st.lists(ITEMS, min_size=1, max_size=5), st.data())
def test_require_search_matches_the_window_regex(words: list[str], items: list[str], data) -> None:
    first = data.draw(st.integers(0, len(words) - 1))
    check_require(words, items, first, data.draw(st.integers(first + 1, len(words))))


@pytest.mark.parametrize("text, items, span", [
    ("the language model bird", ["model", "language model"], (3, 4)),  # leftmost, then item order
    ("the languagemodel bird", ["language model"], (2, 3)),  # [\s-]* may match nothing
    ("bird the Language Model", ["language-model"], (0, 1)),  # case-blind; hyphen is a separator
    ("language bird model", ["language model"], (1, 2)),  # a phrase does not run across the span
    ("the language model x bird", ["language model x"], (4, 5)),
    ("bird pretrained models", ["pre-train", "model"], (0, 1)),  # prefixes of words count
    ("bird remodel", ["model"], (0, 1)),  # but only from a word's start
    ("bird it's", ["s"], (0, 1)),  # or after its apostrophe
    ("bird LSTM's", ["'s"], (0, 1)),  # an item starting with punctuation: the regex decides
    ("bird café model", ["model"], (0, 1)),  # non-ASCII in the field: the regex decides
    ("bird fast ai", ["fast.ai", "gpt-3.5"], (0, 1)),  # punctuation inside an item never matches
    ("bird T SNE", ["t-sne"], (0, 1)),
    ("one two three four five six seven eight nine ten eleven twelve thirteen bird", ["one"], (13, 14)),
])
def test_require_search_cases(text: str, items: list[str], span: tuple[int, int]) -> None:
    check_require(text.split(), items, *span)


def _dev_run(kinds=("asr-error",), fields=("text",)):
    """Every choose_video call of a scan of the dev lecture, with its arguments."""
    det = detect.load_detector(RULES, kinds=kinds)
    return det, choose_calls(lambda: det.scan_frame(load([DATA / "lecture-l11.jsonl"]).frame, fields))


@pytest.fixture(scope="module")
def dev_all():
    return _dev_run(("asr-error", "normalization"), ("title", "text"))


def test_upper_bounds_value(dev_all) -> None:
    det, calls = dev_all
    scorer = det.scorer
    checked = 0
    for (sc, records, video, kinds, min_score), _ in calls:
        for rec in records:
            for fld in rec.fields:
                near = Nearby(fld.toks.words)
                for c in fld.cands:
                    if c.kind != "asr-error" or c.next_start is not None:
                        continue  # (a span into the next chunk indexes the joined tokens)
                    prior = c.prior  # (`value` may lower it: `Scorer.said_anyway`; the bounds saw this one)
                    up, exact = scorer.upper(c, video)
                    v = scorer.value(c, fld.toks, video, near)
                    assert v <= up <= scorer.most(c.form, c.method, c.sim, prior)
                    if exact:
                        assert v == up
                    checked += 1
    assert checked > 100


def reference_choose(scorer: Scorer, records, video: VideoContext, kinds, min_score) -> list:
    """The plain definition: score every candidate (value and reasons), sort, keep the best of overlaps."""
    out = []
    for rec in records:
        for fld in rec.fields:
            toks = ext = fld.toks
            if any(c.next_start is not None for c in fld.cands) and rec.next is not None:
                nf = next((f for f in rec.next.fields if f.name == fld.name), None)
                ext = toks + nf.toks if nf else toks
            heard_right, scored = [], []
            for c in fld.cands:
                if c.kind == "mention" or c.heard_right:
                    heard_right.append((c.first, c.last, c.entry))
                    found = fld.text[c.start:c.end]
                    if found in c.entry.correct_forms or (c.kind != "mention" and c.next_start is not None):
                        continue
                    if c.kind == "mention":
                        scored.append((choose._normalization_score(found), c, "normalization",
                                       f"{c.form.text!r} heard right; only case, spacing or hyphens differ"))
                    else:
                        scored.append((0.9, c, "normalization", c.why))
            asr = []
            for c in fld.cands:
                if c.kind != "asr-error" or c.heard_right:
                    continue
                penalty = 0.0
                for a, b, other in heard_right:
                    if c.first < b and a < c.last:
                        if other is c.entry or not (c.first <= a and b <= c.last) or (a, b) == (c.first, c.last):
                            break
                        if c.method == "variant":
                            continue
                        if not normalize(c.entry.term).startswith(normalize(other.term)) or c.sim < 0.9:
                            break
                        penalty = 0.1
                else:
                    asr.append((c, penalty))
            # a longer candidate that reads well holding a lone everyday word keeps it from the
            # sticky lift (choose._explained)
            near = Nearby(ext.words)
            longer = [(o, p) for o, p in asr if o.last - o.first >= 2 and
                      scorer.value(o, ext, video, near) - p >= min_score]
            for c, penalty in asr:
                lift = not any(o.first <= c.first and c.last <= o.last for o, _ in longer)
                s = scorer.value(c, ext, video, near, lift)
                why = scorer.reasons(c, ext, video, near, lift)
                if penalty:
                    s -= penalty
                    why += "; contains a correctly heard term"
                scored.append((s, c, "asr-error", why))
            scored = [x for x in scored if x[2] in kinds and x[0] >= min_score]
            order = sorted(range(len(scored)), key=lambda i: (
                -(scored[i][0] + (choose.VARIANT_EDGE if scored[i][1].method == "variant" else 0.0)),
                -(scored[i][1].last - scored[i][1].first), -choose.METHOD_RANK.get(scored[i][1].method, 0), i))
            taken, kept = [], []
            for i in order:
                s, c, kind, why = scored[i]
                if any(c.first < b and a < c.last for a, b in taken):
                    continue
                taken.append((c.first, c.last))
                kept.append(choose._finding(rec, fld, c, kind, s, why, ext))
            kept.sort(key=lambda f: f.start)
            out.extend(kept)
    return out


@pytest.mark.parametrize("which", ["asr", "all"])
def test_choose_equals_scoring_everything(which, dev_all) -> None:
    det, calls = dev_all if which == "all" else _dev_run()
    n = 0
    for args, got in calls:
        want = reference_choose(*args)
        assert [f.to_dict() for f in got] == [f.to_dict() for f in want]
        n += len(got)
    assert n > 50


@pytest.mark.parametrize("min_score", [0.0, 0.2, 0.45, 0.75, 1.0])
def test_choose_equals_scoring_everything_at_any_threshold(min_score, dev_all) -> None:
    # choose drops candidates on bounds (prior plus the most context adds, the clamped prior of a
    # weightless sounds-alike, Scorer.upper): the thresholds where clamping at 0 and 1 matters too
    det, calls = dev_all
    n = 0
    for (scorer, records, video, kinds, _), _ in calls:
        got = choose.choose_video(scorer, records, video, kinds, min_score)
        want = reference_choose(scorer, records, video, kinds, min_score)
        assert [f.to_dict() for f in got] == [f.to_dict() for f in want]
        n += len(got)
    assert n > (0 if min_score >= 0.75 else 50)


class OldPrior(Scorer):
    """The prior as it was before per-word facts were cached (the reference)."""

    def prior(self, form, method, sim, heard):
        from qa.detect.align import letters_run_on, spelled_as_said
        from qa.detect.context import (PHONETIC_FLOOR, _letters_heard, _letters_in, _odd, _odd_word, _word_facts,
                                       form_words)
        from qa.detect.similarity import ends_heard

        from qa.detect.context import (_ending_keyed, _ending_said_apart, _function_word_for_letters,
                                       _function_words_after_letters, _name_written, _number_unsaid, _numbered_heard, _other_number,
                                       _sibling_heard)

        reasons = []
        said = 0
        if method != "variant" and (_sibling_heard(form, heard) or _name_written(form, heard) or
                                    _numbered_heard(form, heard) or _ending_keyed(form, heard)):
            return None  # the words heard right, in a form of their own (session 20)
        if method != "variant" and (_ending_said_apart(form, heard) or _number_unsaid(form, heard) or
                                    _other_number(form, heard)):
            return None  # a plural's ending, a name's number, said apart or not at all (session 21)
        if method == "variant":
            s = 0.95 if form.safe else 0.7
            reasons.append(f"known mishearing {form.text!r}" + (" (safe)" if form.safe else ""))
        elif method == "phonetic":
            if form.guess and not any(t.text.isupper() or any(ch.isupper() for ch in t.text[1:])
                                      for t in heard if t.text != "I"):
                # a letter-by-letter reading the entry's `spoken` does not say, heard as words (a
                # capital that only begins a word is no letter heard)
                return None
            if form.spelled and spelled_as_said(form) and \
                    letters_run_on([t.spoken for t in heard], [t.text for t in heard], form):
                return None  # a word heard from a written word's letters into the next (qa.detect.align)
            if form.spelled and len(heard) >= 2 and _function_words_after_letters(form, heard):
                return None  # capitals and function words a beat short of the letters left (session 20)
            if form.spelled and len(heard) >= 2 and \
                    _function_word_for_letters(form, heard, [_word_facts(t) for t in heard]):
                return None  # function words standing for most letters of a short acronym (session 22)
            s = 0.8 * max(0.0, (sim - PHONETIC_FLOOR) / (1 - PHONETIC_FLOOR))
            reasons.append(f"sounds like {form.text!r} (similarity {sim:.2f})")
            short = min(len(form.ckey) + 1, len(form.vkey))
            if short <= 4:
                s -= 0.2 if short <= 3 else 0.05
            if form.spelled and not any(_odd(t) for t in heard):
                # ... unless a heard word names one of its letters or is one of its words; then
                # everyday words still need context (its words waive nothing below)
                said = _letters_heard(form, heard, set(form_words(form.text)))
                if not said:
                    return None
            elif form.pronounced and not any(_odd(t) for t in heard):
                said = 1
            w = heard[0].text
            if form.spelled and len(heard) == 1 and w.isalpha() and not w.isupper() and \
                    any(v in heard[0].norm for v in "aeiouy") and \
                    (len(form.acronym) >= 3 or _letters_in(form) >= (3 if w.istitle() else 2)):
                # (... or a name said letter by letter in part: context._letters_in, session 21)
                # one word said as a word, for letters said one by one (context._word_for_letters)
                s -= 0.2
                reasons.append(f"one word said as a word for {form.text!r} said letter by letter")
                if heard[0].syllables < form.syllables:
                    s -= 0.2  # ... of fewer beats than its letters (session 19)
            elif form.spelled and len(heard) >= 2 and len(form.acronym) >= 3 and \
                    not any(ch.isupper() for t in heard for ch in t.text) and \
                    any(t.syllables >= 2 and t.text.isalpha() and any(v in t.norm for v in "aeiouy") and
                        t.norm not in form.spoken_words for t in heard):
                # a word of two beats among words said for letters said one by one (context._words_for_letters)
                s -= 0.2
                reasons.append(f"a word of two beats said as a word for {form.text!r} said letter by letter")
        else:
            s = 0.8 * max(0.0, (sim - 0.75) / 0.25)
            reasons.append(f"spelled like {form.text!r} (similarity {sim:.2f})")
        # both ends of a name heard: its ends are no everyday or function words (similarity.ends_heard)
        # (... unless what lies between was said: function words, similarity._said_between)
        ends = method == "phonetic" and len(heard) >= 2 and \
            ends_heard(heard[0].norm, heard[-1].text, form, [t.norm for t in heard[1:-1]])
        told = [] if ends else reasons
        adj = self._old_rarity(heard, form, method, told, said != 1)
        if adj is not None and method == "phonetic" and form.spelled and \
                any(_odd_word(_word_facts(t), t) for t in heard) and not any(t.text.isdigit() for t in heard):
            adj -= 0.1  # an unusual word of vowels is no evidence of letters (session 19)
        if adj is not None and ends:
            if adj < 0.0:
                adj, told = 0.0, [f"both ends of {form.text!r} heard"]
            reasons += told
        if adj is not None and method == "phonetic" and len(heard) >= 2 and adj < 0.0:
            # function words at the edges that a coined name is spelled to begin or end with: no penalty
            from qa.detect.context import STOPWORDS, _coined, consonants
            from qa.phonetics import NUMBER_WORDS, word_key

            name = _coined(form)
            sounds = {consonants(word_key(w)) for w in form.spoken_words if w in NUMBER_WORDS}
            a, b = heard[0], heard[-1]
            edges = sum(1 for t, fits in ((a, name.startswith(a.norm) and
                                               heard[1].norm[:1] == name[len(a.norm):len(a.norm) + 1]),
                                          (b, len(b.norm) >= 2 and name.endswith(b.norm)))
                        if name and fits and t.norm.isalpha() and t.norm in STOPWORDS and
                        consonants(t.vkey) not in sounds)
            if edges:
                adj += 0.15 * edges
                reasons.append(f"a function word at an edge begins or ends {form.text!r}")
        if adj is not None and method == "phonetic" and len(heard) == 1 and "'" not in heard[0].text and \
                not form.spelled and sim >= 0.9 and form.entry.require:
            # one everyday word for a short name read as a word, with its consonants, of an entry with
            # require words: its being an everyday word is left out here, taken where the name's topic
            # is not near (context._topic_penalty)
            from qa.detect.context import _spelled_letters, consonants, zipf

            t = heard[0]
            short = min(len(form.ckey) + 1, len(form.vkey))
            hz = zipf(t.norm)
            if short <= 4 and t.norm.isalpha() and not _spelled_letters(t.text) and \
                    consonants(t.vkey) == form.ckey and 3.0 <= hz < 5.0 and hz > self.term_zipf(form.entry):
                adj += 0.1 if hz < 4.0 else 0.25
        if adj is not None and method == "phonetic" and len(heard) == 1 and "'" not in heard[0].text and \
                not form.spelled:
            # one word that begins with another sound than the name (context._onset_lost)
            from qa.detect.context import ONSET, consonants, form_words, zipf

            a, b = consonants(heard[0].vkey)[:1], form.ckey[:1]
            # ... or than the name of the letter it begins with, said by name (context._letter_onset_lost)
            from qa.phonetics import LETTER_NAMES, word_key

            w = form.spoken_words[0] if form.spoken_words else ""
            n = consonants(word_key(LETTER_NAMES[w]))[:1] if len(w) == 1 and w in LETTER_NAMES and w not in "ai" else ""
            if (a != b and "H" not in (a, b)) or (n and a != n and "H" not in (a, n)):
                adj -= ONSET
                reasons.append(f"begins with another sound than {form.text!r}")
            # one everyday word for a form of everyday words (context._everyday_words)
            # ... and capitalised words run together are said as those words ('FineWeb', 'MovieLens')
            fw = form_words(form.text)
            if len(fw) == 1 and re.fullmatch(r"(?:[A-Z][a-z]{2,}){2,}(?:['\u2019]s)?", form.text):
                fw = [w.lower() for w in re.findall(r"[A-Z][a-z]{2,}", form.text)]
            if heard[0].norm.isalpha() and zipf(heard[0].norm) >= 3.0 and len(fw) >= 2 and not form.spelled and \
                    all(len(w) >= 2 and w.isalpha() and zipf(w) >= 3.0 for w in fw):
                adj -= 0.3
                reasons.append(f"one everyday word for {form.text!r}, said as everyday words")
        if adj is not None and method == "phonetic" and len(heard) == 1 and "'" not in heard[0].text and \
                heard[0].norm.isalpha():
            # ... else one word without a word of the form said all the time (context._word_lost)
            from qa.detect.context import form_words, zipf

            fw, norm = form_words(form.text), heard[0].norm
            everyday = not form.spelled and zipf(norm) >= 3.0 and len(fw) >= 2 and \
                all(len(w) >= 2 and w.isalpha() and zipf(w) >= 3.0 for w in fw)
            lost = [w for w in fw if len(w) >= 4 and w.isalpha() and zipf(w) >= 4.5 and w not in norm] \
                if len(fw) >= 2 else []
            if lost and not everyday:
                adj -= 0.3
                reasons.append(f"one word for {form.text!r}, without its word {lost[0]!r}")
        if adj is not None and method == "phonetic" and len(heard) == 1 and "'" not in heard[0].text and \
                not form.spelled and heard[0].norm.isalpha():
            # one everyday word a beat short of a name read as words (session 20)
            from qa.detect.context import BEATS, _read_as_words, zipf

            if zipf(heard[0].norm) >= 3.0 and heard[0].syllables < form.syllables and _read_as_words(form.text):
                adj -= BEATS
                reasons.append(f"fewer beats than {form.text!r}")
        if adj is not None and len(heard) == 1 and method != "variant" and sim < 0.95:
            # one lowercase word of the dictionary for a lowercase term's form that is one too, not
            # said the same (context._word_for_word, ff33b99; left out here until a larger glossary
            # drew such a form: 'the' for the alias 'conv')
            from qa.detect.context import zipf

            t, text = heard[0], form.text
            f = _word_facts(t)
            if f[0] is not None and f[1] >= 1.8 and t.text.islower() and not form.spelled and text.isalpha() and \
                    text.islower() and f[0] != text and form.entry.term.islower() and zipf(text) >= 1.5:
                adj -= 0.15
                reasons.append(f"a word of the dictionary for {text!r}, itself one")
        return None if adj is None else (s + adj, "; ".join(reasons))

    def _old_rarity(self, heard, form, method, reasons, own_words=True):
        from qa.detect.context import STOPWORDS, _spelled_letters, consonants, form_words, zipf
        from qa.phonetics import NUMBER_WORDS, word_key

        words = [t.norm for t in heard if t.norm.isalpha()]
        if not words:
            return 0.0
        adj = 0.0
        if method != "variant" and len(heard) > 1:
            sounds = {consonants(word_key(w)) for w in form.spoken_words if w in NUMBER_WORDS}
            edges = sum(1 for t in (heard[0], heard[-1]) if t.norm in STOPWORDS and consonants(t.vkey) not in sounds)
            if all(t.norm in STOPWORDS for t in heard):
                return None
            if edges:
                reasons.append("starts or ends with a function word")
                adj -= 0.15 * edges
        if method == "variant" and len(heard) > 1:
            return adj
        letters = [t.text for t in heard if _spelled_letters(t.text)]
        if letters:
            reasons.append(f"spelled letters {letters[0]!r}")
            return adj + 0.1
        from qa.detect.context import _english_derived

        # a rare word made of an everyday one, or inflected, counts as zipf 2.0 (session 20)
        texts = {t.norm: t.text for t in heard}
        zs = [max(zipf(w), 2.0 if texts[w].isalpha() and _english_derived(w) else 0.0) for w in words]
        odd = [w for w, z in zip(words, zs) if z < 2.0 and len(w) > 1]
        if odd:
            reasons.append(f"unusual word {odd[0]!r}")
            return adj + 0.1
        term_z = self.term_zipf(form.entry)
        hz = min(zs)
        if hz < (3.0 if len(words) == 1 else 4.0) or (len(words) == 1 and hz <= term_z) or \
                (len(words) > 1 and own_words and set(words) & set(form_words(form.text))):
            return adj
        if len(words) == 1:
            reasons.append(f"{words[0]!r} is a common word")
            return adj - (0.1 if hz < 4.0 else 0.25 if hz < 5.0 else 0.4)
        reasons.append("all heard words are common")
        return adj - 0.2


HEARD = st.sampled_from([
    "the", "to", "two", "bird", "Bert", "BERT", "LSTM", "Alice", "T", "I", "IV", "you", "know", "NYU", "gft",
    "xqz", "model", "GPT", "zyxt", "it's", "3", "300M", "a", "Ward", "Annette", "training", "lost", "of", "an",
])


@pytest.fixture(scope="module")
def forms():
    det = detect.load_detector(RULES)
    every = [f for fs in det.index.phonetic.values() for f in fs]  # terms, aliases, variants, spoken forms
    # forms that say a number ('GPT two'), where a function word at an edge may be part of the term
    return every, [f for f in every if any(ch.isdigit() for ch in f.text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(HEARD, min_size=1, max_size=4), st.sampled_from(["variant", "phonetic", "fuzzy"]),
       st.floats(0.5, 1.0), st.data())
def test_prior_is_unchanged(forms, words, method, sim, data) -> None:
    # an index into a list, not sampled_from: hypothesis labels a new sampled_from by hashing its
    # thousands of elements, which took ~10 s of this test
    pool = forms[data.draw(st.sampled_from([0, 1]))]
    form = pool[data.draw(st.integers(0, len(pool) - 1))]
    # (a coined name heard as several words has rules of its own that the reference does not restate:
    # a part of it heard right, `_part_and_word`; tests/test_detect_general.py holds them)
    assume(len(words) < 2 or not _coined(form))
    heard = list(Tokens(" ".join(words), words))
    assert Scorer().prior(form, method, sim, heard) == OldPrior().prior(form, method, sim, heard)


def test_prior_is_unchanged_for_function_words_that_say_a_number(forms) -> None:
    # 'GPT to' for GPT-2: the edge 'to' sounds like the 'two' the form says, so it is no penalty
    saying_two = [f for f in forms[1] if "two" in f.spoken_words][:20]
    assert saying_two
    exercised = 0
    for form in saying_two:
        for words in (["GPT", "to"], ["to", "GPT"], ["the", "GPT", "two"], ["LSTM", "too"], ["XQZ", "of"]):
            heard = list(Tokens(" ".join(words), words))
            for method in ("phonetic", "fuzzy"):
                new = Scorer().prior(form, method, 0.9, heard)
                assert new == OldPrior().prior(form, method, 0.9, heard)
                exercised += new is not None
    assert exercised


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2100), max_size=60))
def test_an_ascii_window_of_tokens_is_safe_for_the_lowercase_search(text: str) -> None:
    # Nearby trusts isascii() for windows of tokenizer words (context._ASCII_IS_SAFE)
    from qa.detect.context import _ASCII_IS_SAFE, _unsafe
    from qa.detect.tokens import TOKEN

    words = TOKEN.findall(text)
    window = " " + " ".join(words)
    if _ASCII_IS_SAFE and words and window.isascii():
        assert not _unsafe(window)
