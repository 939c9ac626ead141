"""An acronym misheard beside its own expansion: 'character error rate or sir', 'rl chef
reinforcement learning from human feedback', 'the deity paper data efficient image transformers'.

Speakers spell an acronym out where they introduce it, and ASR, which has not learnt the acronym,
writes the everyday words it sounds like ('sir', 'yellow') or letters and words ('s of t'). Words
whose initials spell a glossary acronym, said next to words that sound like that acronym (read as a
word, or said letter by letter), are as strong evidence as a topic word: an everyday word is no
acronym on its own, but one right beside the acronym's own words is. The expansions looked at are the
terms the glossary's automaton found said right (an alias such as 'character error rate'), so a text
costs nothing more; which acronym one spells is told by its initials, function words giving a letter
or not ('intersection over union' is IoU, 'learning from human feedback' LHF), so the expansion of
one entry may be another's alias.
"""

from __future__ import annotations

import re
from typing import Sequence

import jellyfish

from qa.findings import Finding
from qa.glossary import Entry
from qa.detect.similarity import _RHYME  # letters whose names rhyme: one heard for another
from qa.detect.tokens import word_infos
from qa.phonetics import LETTER_NAMES, SAID_LETTERS, is_spelled, join_keys, tokens, syllables, word_key

CONTEXT_WORDS = 6  # words either side in a finding's context
SCORE = 0.8
MIN_LETTERS = 3  # two letters spell far too many pairs of words ('are all' ~ RL)
MAX_LETTERS = 6
MAX_HEARD = 4  # tokens heard for the acronym
# words said between an acronym and its expansion: 'X or Y', 'X which stands for Y', 'the X paper Y'
BETWEEN = frozenset("or a an the which stands for is called so aka also known as ie paper that means".split())
MAX_BETWEEN = 3
# the function words that may give an expansion a letter ('intersection over union', 'bag of words',
# 'you only look once'); others, articles and 'and' above all, give none ('learning from human feedback')
LETTER_GIVING = frozenset("of over on in for to at by you only all".split())
# ... and those an expansion may say without a letter, two at most, never two in a row
SKIPPABLE = frozenset("of from for and the a an to in on with over by at".split())
MAX_SKIPS = 2
# the words said like a letter whose name is a vowel sound only: their keys are all one vowel mark
VOWEL_LETTERS = {"a": {"a", "ay", "eh", "hey"}, "e": {"e", "ee"}, "i": {"i", "eye", "aye", "ai"},
                 "o": {"o", "oh", "owe"}, "u": {"u", "you", "ewe", "yu"}, "y": {"y", "why", "wye"}}


def acronyms(entries: Sequence[Entry]) -> dict[str, Entry]:
    """Letters (lowercase) -> the entry written with them: correct forms of letters only with two
    capitals or more ('CER', 'IoU', 'DeiT', 'RLHF'). The entry whose term it is wins over one that
    has it as an alias; a spelling two entries share otherwise is left out."""
    out: dict[str, tuple[bool, Entry | None]] = {}
    for e in entries:
        for form in e.correct_forms:
            if form.isalpha() and MIN_LETTERS <= len(form) <= MAX_LETTERS and sum(ch.isupper() for ch in form) >= 2:
                key, term = form.lower(), form == e.term
                had = out.get(key)
                if had is None or (term and not had[0]):
                    out[key] = (term, e)
                elif had[0] == term and had[1] is not e:
                    out[key] = (term, None)
    return {k: e for k, (_, e) in out.items() if e is not None}


class ExpansionFinder:
    def __init__(self, entries: Sequence[Entry]):
        self.by_letters = acronyms(entries)
        self.prefixes = frozenset(k[:i] for k in self.by_letters for i in range(1, len(k) + 1))
        self.correct = frozenset("".join(ch for ch in f.lower() if ch.isalnum())
                                 for e in entries for f in e.correct_forms)
        # the correct forms whose words spell an acronym: only their mentions are looked at (a
        # text's facts are worked out only then; most texts say none of them)
        self.expansions = frozenset(f for e in entries for f in e.correct_forms
                                    if (w := tokens(f)) and len(w) >= 2 and self.spelled(word_infos(w), 0, len(w)))

    def spelled(self, infos: list[tuple], i: int, end: int) -> list[str]:
        """The acronyms (letters) the words [i, end) spell by their initials, function words giving
        a letter or not (two at most skipped, never two in a row); a function word begins only a
        long one ('you only look once'), not 'for image dependencies' (FID)."""
        prefixes = self.prefixes
        if end - i < 2:
            return []
        norm = infos[i][0]
        if not norm[:1].isalpha() or norm[0] not in prefixes or (infos[i][4] and norm not in LETTER_GIVING):
            return []
        # (prefix spelled, function words skipped, the last word skipped, begun by a function word)
        states = {(norm[0], 0, False, infos[i][4])}
        content = not infos[i][4]
        for j in range(i + 1, end):
            w, stop = infos[j][0], infos[j][4]
            if not w[:1].isalpha():
                return []
            nxt = set()
            for p, skips, skipped, led in states:
                if (not stop or w in LETTER_GIVING) and p + w[0] in prefixes:
                    nxt.add((p + w[0], skips, False, led))
                if stop and w in SKIPPABLE and not skipped and skips < MAX_SKIPS:
                    nxt.add((p, skips + 1, True, led))
            if not stop:
                content += 1
            if not nxt:
                return []
            states = nxt
        return [p for p, _, skipped, led in states
                if p in self.by_letters and content >= 2 and not skipped and not (led and len(p) < 4)]

    def find(self, infos: list[tuple], spans, words: Sequence[str] = ()) -> list[tuple[int, int, Entry, int, int]]:
        """(first, last) token span heard, its entry, and the expansion's (first, last), for each
        acronym heard beside its expansion, of the expansions said in *spans* (token (first, last)
        pairs: where the glossary's automaton found a term said right). *infos*: the tokens' facts
        (`qa.detect.tokens`); *words*: the tokens as written."""
        out = []
        for i, end in spans:
            for p in self.spelled(infos, i, end):
                found = self._heard(infos, p, i, end, words)
                if found:
                    out.append((*found, self.by_letters[p], i, end))
                    break
        return out

    def _heard(self, infos: list[tuple], letters: str, a: int, b: int,
               words: Sequence[str] = ()) -> tuple[int, int] | None:
        """The tokens just before expansion [a, b) or just after it that sound like *letters*."""
        best = None
        for side in (-1, 1):
            k = a - 1 if side < 0 else b
            for _ in range(MAX_BETWEEN + 1):
                if not 0 <= k < len(infos):
                    break
                for m in range(1, MAX_HEARD + 1):
                    lo, hi = (k - m + 1, k + 1) if side < 0 else (k, k + m)
                    if lo < 0 or hi > len(infos) or (lo < b and hi > a):
                        continue
                    span = infos[lo:hi]
                    if infos[lo][4] and m == 1 or all(t[4] for t in span):
                        continue
                    heard = "".join(t[0] for t in span)
                    if m == 1 and words and _rhyming_capitals(words[lo], letters):
                        best = (lo, hi)  # ('principal component analysis PTA': capitals are letters heard)
                        continue
                    if heard == letters and m == 1 and _everyday_for_letters(infos[lo], letters):
                        best = (lo, hi)  # ('hmm' for HMM: ASR wrote the everyday word, not the letters)
                        continue
                    if heard == letters or heard in self.correct or heard.rstrip("s") == letters:
                        continue  # said right (or another term said right)
                    if said_as(span, letters):
                        if best is None or (hi - lo) > best[1] - best[0]:  # all its words say letters
                            best = (lo, hi)
                if best or infos[k][0] not in BETWEEN:
                    break
                k += side
            if best:
                return best
        return None

    def hits(self, toks, text: str, cands) -> list[tuple[int, int, Entry, float, str, int, int]]:
        """`find` as findings are made of it (`added`): (first, last, entry, score, why, and the
        tokens the context spans), of the expansions among the terms said right in *cands* (the
        text's candidates): found by the glossary's automaton, so a text costs nothing more."""
        expansions = self.expansions
        spans = [(c.first, c.last) for c in cands if c.kind == "mention" and c.form.text in expansions
                 and c.next_start is None]
        if not spans:
            return []
        out = []
        for a, b, e, c, d in self.find(toks.infos, spans, toks.words):
            heard = "".join(t[0] for t in toks.infos[a:b])
            how = ("the word for it said letter by letter" if heard in self.by_letters else
                   f"sounds like {e.term!r} said {'letter by letter' if b - a > 1 else 'as a word'}")
            why = f"{how}; its expansion {text[toks.start(c):toks.end(d - 1)]!r} is said beside it"
            out.append((a, b, e, SCORE, why, min(a, c), max(b, d)))
        return out




def _rhyming_capitals(word: str, letters: str) -> bool:
    """Whether a word written in capitals is *letters* with one letter heard as one whose name
    rhymes with it ('PTA' for P C A): ASR wrote the letters it heard."""
    if not (word.isalpha() and word.isupper() and len(word) == len(letters)):
        return False
    up = letters.upper()
    diff = [k for k in range(len(up)) if word[k] != up[k]]
    return len(diff) == 1 and word[diff[0]].translate(_RHYME) == up[diff[0]].translate(_RHYME)


def _everyday_for_letters(t: tuple, letters: str) -> bool:
    """Whether a heard word written like an acronym said letter by letter is a word of consonants
    only that English has ('hmm' for H M M: `qa.phonetics.is_spelled` says it is no letters), which
    ASR wrote for it, not the letters in lowercase ('rnn', 'cnn', 'mse')."""
    return not pronounceable(letters) and not any(ch in "aeiouy" for ch in t[0]) and not is_spelled(t[0])


_said_as: dict[tuple, bool] = {}  # (letters, *the span's facts) -> `said_as`
SAID_AS_LIMIT = 50_000  # remembered; cleared when full: flat memory


def said_as(span: list[tuple], letters: str) -> bool:
    """Do the heard tokens sound like *letters* read as a word ('moss', 'sir', 'yellow'), or said
    letter by letter ('s of t', 'rl chef', 'I owe you')? (Memoised: the words beside an expansion
    are often the same few, 'the', 'or', 'a': on 8,000 records two asks in five repeat one.)"""
    key = (letters, *span)
    hit = _said_as.get(key)
    if hit is None:
        if len(_said_as) > SAID_AS_LIMIT:
            _said_as.clear()
        hit = _said_as[key] = _sounds_like(span, letters)
    return hit


def _sounds_like(span: list[tuple], letters: str) -> bool:
    words = [w for t in span for w in t[1]]
    if len(span) <= 2 and pronounceable(letters) and not any(t[4] for t in span):
        # read as a word: Metaphone's own key, not the coarse one ('much' is no MSE, 'came' no GAN)
        if jellyfish.metaphone("".join(words)) == jellyfish.metaphone(letters) and \
                abs(sum(syllables(w) for w in words) - syllables(letters)) <= 1:
            return True
    # said letter by letter: a function word at either end must be said like a letter ('I owe
    # you'), not 'they use' for TTS; and half the words or more name letters ('rl chef', 's of t'),
    # or the words run letters together, in fewer beats than letters ('seek well' for C Q L):
    # everyday words a beat a letter are what was said ('much data says text-to-speech')
    if any(t[4] and not _names_letter(t) for t in (span[0], span[-1])):
        return False
    if 2 * sum(_names_letter(t) for t in span) < len(span) and sum(t[3] for t in span) >= len(letters):
        return False
    return _spelled(words, letters)


_VOWEL_SAID = frozenset(w for said in VOWEL_LETTERS.values() for w in said)


def _names_letter(t: tuple) -> bool:
    """A letter written on its own, a letter's name or a word said like it, or consonants only ('rl')."""
    norm = t[0]
    return norm in SAID_LETTERS or norm in _VOWEL_SAID or (norm.isalpha() and not any(ch in "aeiouy" for ch in norm))


_PRONOUNCEABLE = re.compile(r"[^aeiouy]?(?:[aeiouy]+[^aeiouy]?)+")


def pronounceable(letters: str) -> bool:
    """Whether an acronym can be read as a word, one consonant at a time between vowels ('yolo',
    'cer', 'deit'); 'cta' or 'pca' is said letter by letter, so 'quite' or 'peak' is no reading of it."""
    return _PRONOUNCEABLE.fullmatch(letters) is not None


def _spelled(words: list[str], letters: str) -> bool:
    """Each heard word says one letter or two ('chef' for H F), sound for sound in its consonants,
    in a beat or two; a letter that is a vowel sound only must be heard as one ('owe' for O)."""
    def fits(word: str, part: str) -> bool:
        if word == part:
            return True  # (the letter written: 'h', 'w')
        if part == "n" and word in ("and", "an", "in"):
            return True  # ('en' run into the words around: 'h and s w' for H N S W)
        if syllables(word) > len(part):
            return False
        key = word_key(word)
        want = join_keys(word_key(w) for ch in part for w in LETTER_NAMES[ch].split())
        bare = want.replace("A", "")
        if not bare:
            return len(part) == 1 and word in VOWEL_LETTERS.get(part, ())
        return key.replace("A", "") == bare

    reach = {0}
    for w in words:
        reach = {j + k for j in reach for k in (1, 2) if j + k <= len(letters) and fits(w, letters[j:j + k])}
        if not reach:
            return False
    return len(letters) in reach


def added(finders: Sequence, records: list, findings: list[Finding], min_score: float) -> list[Finding]:
    """*findings* of one video with those of *finders* (each with a `hits` like
    `ExpansionFinder.hits`) scored *min_score* or more added where no finding overlaps them, or only asr-errors of the same
    term scored lower (which give way): what the scoring found stands."""
    new: list[Finding] = []
    for rec in records:
        for fld in rec.fields:
            if fld.name != "text" or not fld.toks.words:
                continue
            toks, text = fld.toks, fld.text
            for finder in finders:
                for a, b, e, score, why, lo, hi in finder.hits(toks, text, fld.cands):
                    if score < min_score:
                        continue
                    start, end = toks.start(a), toks.end(b - 1)
                    lo, hi = max(0, lo - CONTEXT_WORDS), min(len(toks.words), hi + CONTEXT_WORDS)
                    new.append(Finding(rec.video_id, rec.start_second, fld.name, start, end, text[start:end],
                                       e.term, e.term, e.category, "asr-error", "phonetic", score,
                                       text[toks.start(lo):toks.end(hi - 1)], why, False, None, None, None,
                                       rec.file, rec.line))
    if not new:
        return findings
    out = []
    for f in findings:
        over = [g for g in new if g.video_id == f.video_id and g.start_second == f.start_second
                and g.field == f.field and f.start < g.end and g.start < f.end]
        if over and all(f.term == g.term and (f.kind != "asr-error" or f.score < g.score) for g in over):
            continue  # (the same term, as a normalization or scored lower: misheard, by what was said beside it)
        out.append(f)
        for g in over:
            new.remove(g)
    # (two added over one span: the first)
    kept: list[Finding] = []
    for g in new:
        if not any(k.video_id == g.video_id and k.start_second == g.start_second and k.start < g.end
                   and g.start < k.end for k in kept):
            kept.append(g)
    order = {(rec.video_id, rec.start_second): k for k, rec in enumerate(records)}
    # (stable: a record's own findings keep their order, the added ones after them)
    return sorted(out + kept, key=lambda f: order.get((f.video_id, f.start_second), 0))
