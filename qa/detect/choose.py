"""Choosing a video's findings: candidates scored in context, the best of overlapping spans kept.

Runs once per video, when all its records are in (the scoring needs what the whole video says).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from heapq import heapify, heappop, heapreplace

from rapidfuzz import fuzz

from qa.detect.candidates import MAX_CONTEXT, Candidate, Tokens
from qa.detect.context_words import STOPWORDS
from qa.detect.phrase import after_first_name, read_as_phrase, said_as_word, title_word as _title
from qa.detect.context import (ANYWAY_PRIOR, ELSEWHERE_OFF_FIELD, FIELD_VIDEO, NAME_SIM,
                               STICKY_MENTIONS, STICKY_SIM, Nearby, Scorer, VideoContext, asks_topic, fair,
                               elsewhere_plain, first_named, name_heard, name_heard_why, said_as_verb,
                               stands_apart, written_unaccented, zipf)
from qa.detect.index import readings
from qa.detect.similarity import form_words
from qa.detect.split import split_name
from qa.findings import Finding
from qa.glossary import normalize
from qa.phonetics import LETTER_NAMES, NUMBER_WORDS, SAID_LETTERS, join_keys, spoken_phrase, word_key

CONTEXT_WORDS = 6
METHOD_RANK = {"exact": 4, "variant": 3, "phonetic": 2, "fuzzy": 1}
VARIANT_EDGE = 0.15
EXTEND_SIM = 0.9  # a sounds-alike holding another term heard right is a longer term only as alike as this
MEMO_LIMIT = 100_000  # (form, heard words) suggestions remembered; cleared when full: flat memory

__all__ = ["choose_video"]


class Taken:
    """The spans of one field already taken by findings, which never overlap one another: whether a
    new span overlaps one of them, by a binary search rather than a pass over all of them (one
    record of a hundred thousand words has tens of thousands of findings; a pass each made choosing
    quadratic in the record's length). Spans are token ranges [first, last), never empty."""

    __slots__ = ("starts", "ends")

    def __init__(self) -> None:
        self.starts: list[int] = []  # sorted; the spans do not overlap, so their ends are sorted too
        self.ends: list[int] = []

    def overlaps(self, first: int, last: int) -> bool:
        # of the spans that begin before this one ends, the last reaches furthest
        k = bisect_left(self.starts, last)
        return k > 0 and self.ends[k - 1] > first

    def add(self, first: int, last: int) -> None:
        k = bisect_left(self.starts, first)
        self.starts.insert(k, first)
        self.ends.insert(k, last)


def choose_video(scorer: Scorer, records: list, video: VideoContext, kinds: set[str],
                 min_score: float) -> list[Finding]:
    """The findings of one whole video: each field's candidates scored in context, overlaps resolved."""
    out: list[Finding] = []
    want = ("normalization" in kinds, "asr-error" in kinds)
    # what the video adds to a candidate's score per unit of weight (`Scorer.value`), by entry:
    # worked out once per video, not per candidate
    bonus = {e: min(0.2, 0.1 + 0.03 * m) for e, m in video.mentions.items() if m}
    # (adding 0.0 leaves a score as it is, so no bonus is the same sums as `Scorer.value`)
    default = 0.05 if len(video.mentions) >= 3 else 0.0
    # entries said often enough for everyday words said like them to count (`Scorer.sticky`)
    sticky_of = {e for e, m in video.mentions.items() if m >= STICKY_MENTIONS}
    video.records = records  # (its words are counted where `Scorer.said_anyway` asks)
    ctx = (scorer, video, want, min_score, bonus, default, scorer.form_facts, {}, sticky_of)
    for rec in records:
        for f in rec.fields:
            if f.cands:
                found = _choose(ctx, rec, f)
                if found:
                    out += found
    return out


def _choose(ctx: tuple, rec, fld) -> list[Finding]:
    scorer, video, (want_norm, want_asr), min_score, bonus, default, facts, said_of, sticky_of = ctx
    text = fld.text
    rank = METHOD_RANK.get
    # Overlapping candidates: the best wins; a listed mishearing beats a sounds-alike of similar
    # score. Context scoring is the costly part, so candidates come off a heap ordered by an upper
    # bound of their score (`Scorer.upper`: everything but the search for exceptions and require
    # words; state 1), and are scored only when they reach the top (state 2: the score). One that
    # overlaps a span already taken, or whose bound is below the threshold, is dropped unscored.
    # Every bound is at least the score, so the order taken is that of sorting the scored list;
    # ties go by list order (normalizations first, then asr-errors, each in candidate order), which
    # is the heap entries' seq. Entries: (order key, -length, -method rank, seq, state, candidate,
    # kind, why, penalty, score or bound, form facts, weight).
    heap: list[tuple] = []
    # spans heard right: (first, last, entry); they veto or mark overlapping asr-error candidates
    heard_right: list[tuple[int, int, object]] = []
    asr: list[tuple] = []
    cross = False
    # tokens are runs of ASCII letters and digits, so a word with a non-ASCII letter is cut there
    # ('caf' of 'café', which a glossary form normalized the same way matches): no span that goes on
    # into a letter is a finding (checked only in a field that has a non-ASCII character)
    cut = not text.isascii()
    for c in fld.cands:
        if cut and _inside_word(text, c):
            continue
        if c.next_start is not None:
            cross = True
        kind = c.kind
        # a person's name heard with a word of it cut into words is `_push_split_name`'s (it suggests
        # the form heard, 'Durk Kingma'); any other name cut so, `_heard_split`'s ('Ian good fellow')
        person_cut = kind == "mention" and want_asr and c.form.entry.category == "person" and \
            _name_split(c, fld.toks, text)
        if not person_cut and (kind == "mention" or c.heard_right) and want_asr and c.next_start is None and \
                c.last - c.first >= 2 and split_name(text, c.start, c.end, c.form.text):
            c = _heard_split(scorer, c, fld.toks)  # (`qa.detect.split`)
            if c is None:
                continue
            kind = c.kind
        if kind == "mention":
            heard_right.append((c.first, c.last, c.form.entry))
            if person_cut:
                _push_split_name(heap, scorer, fld, c, min_score)
            elif want_norm:
                _push_normalization(heap, scorer, video, fld, c, min_score)
        elif c.heard_right:
            heard_right.append((c.first, c.last, c.form.entry))
            if want_norm and c.next_start is None:
                _push_normalization(heap, scorer, video, fld, c, min_score, c.why)
        elif kind == "asr-error" and want_asr:
            # `Scorer.upper`, inline (the same float steps): half the candidates stop here
            s = c.prior
            if c.sim >= STICKY_SIM and c.last - c.first == 1 and id(c.form.entry) in sticky_of:
                s = _sticky(scorer, c, text, video, s)
            # (the most context can add does not reach the threshold: the bound below would not
            # either, except that it is clamped at 0: a candidate this poor is never kept)
            if s + MAX_CONTEXT + 1e-9 < min_score:
                continue
            if c.method == "variant":
                w = 1.0
            else:  # min(1.0, max(0.0, (sim - 0.8) / 0.12)): context makes a good match likely, not a poor one good
                w = (c.sim - 0.8) / 0.12
                if w >= 1.0:
                    w = 1.0
                else:
                    if not w > 0.0:
                        w = 0.0
                    if c.sim >= 0.8 and c.last - c.first >= 2:
                        w = first_named(c, fld.toks.words, w)
                    # context adds 0.0: the bound is the prior, clamped (a third of the candidates)
                    if w == 0.0 and (1.0 if s >= 1.0 else s if s > 0.0 else 0.0) < min_score:
                        continue
            form = c.form
            fx = facts.get(id(form))
            if fx is None:
                fx = scorer.facts_of(form)
            s = s + fx[0] * (1.0 if w > 0.0 and c.last - c.first >= 2 else w) + bonus.get(fx[4], default) * w  # (`fair`)
            if s >= 1.0:
                s = 1.0
            elif s <= 0.0:
                s = 0.0
            # (the words' shape, looked at only where the bound reaches the threshold: a third of the
            # candidates do not, and `_in_full_name` may read the whole field)
            if s < min_score or (c.method != "variant" and (_cuts_letters(c, fld.toks.words) or
                                                            _in_full_name(c, fld.toks.words))):
                continue
            if not fx[1] and c.prior < ANYWAY_PRIOR and c.last - c.first == 1 and \
                    scorer.said_anyway(c, fld.toks, video):  # (else asked where scored, below)
                s = scorer.lowered_bound(c, text[c.start:c.end], video, w, fx[0], bonus.get(fx[4], default))
            if s >= min_score and (min_score <= 0.0 or c.last - c.first != 1 or said_as_verb(c, fld.toks) is None) \
                    and (fx[1] or min_score <= 0.0 or not _heard_right(scorer, fx[2], c, fld.toks.words, video)):
                # (`Scorer.value`: 0.0; at a threshold of 0.0 scored below, where it gives 0.0; a
                # candidate that needs no search is kept as its bound, so `_heard_right` is asked here)
                asr.append((c, s, fx, w))
    if len(heard_right) > 1:
        # by start, so the search below stops at the first span starting after the candidate (which
        # span vetoes or marks it does not matter: any veto drops it, any mark gives the same penalty)
        heard_right.sort(key=_first)
    longer: list[tuple] = []  # asr-error candidates of 2+ words that may be kept: (candidate, penalty)
    for c, s, fx, w in asr:
        penalty = 0.0
        if heard_right:
            first, last = c.first, c.last
            vetoed = False
            for a, b, other in heard_right:
                if a >= last:
                    break
                if first < b:
                    if other is c.form.entry and (_name_completed(c, a, b, fld.toks) or (
                            c.method == "variant" and c.form.entry.category == "person" and first < a and b == last)):
                        continue  # (a listed mishearing of a name holding its surname heard right: 'Eve Grandvalet')
                    if (other is c.form.entry and not _version_heard(c, fld.toks.words, a, b)) or \
                            not (first <= a and b <= last) or (a == first and b == last):
                        vetoed = True  # the term itself was heard right here, or the spans cross
                        break
                    # contains another term heard right: a listed mishearing may ('masked language
                    # muddling'), a sounds-alike only as an extension of it ('GPT to' for GPT-2,
                    # 'otto encoder' for autoencoder)
                    if c.method == "variant":
                        continue
                    if other is c.form.entry:  # (`_version_heard`: its number after it, 'llama to')
                        if c.sim < 0.9 or _said_around(fld.toks, first, last, a, b, normalize(c.form.text),
                                                       "".join(fld.toks.infos[k][0] for k in range(a, b))):
                            vetoed = True
                            break
                        penalty = 0.1
                        continue
                    inner = scorer.rules(other).norm_term
                    if c.sim < EXTEND_SIM or not (_extends(fx[2].norm_term, inner, b == last) or
                                           _words_extend(c.form.text, fld.toks.words[a:b], b == last)) or \
                            (not video.mentions.get(id(c.form.entry)) and
                             _said_around(fld.toks, first, last, a, b, fx[2].norm_term, inner)):
                        vetoed = True
                        break
                    penalty = 0.1
            if vetoed:
                continue
            if penalty:
                s -= penalty
                if s < min_score:
                    continue
        if c.last - c.first >= 2:
            longer.append((c, penalty))
        m = c.method
        heap.append((-(s + VARIANT_EDGE) if m == "variant" else -(s + _letters_tie(c, text)), c.first - c.last,
                     -rank(m, 0), len(heap), 1 if fx[1] else 2, c, "asr-error", "", penalty, s, fx, w))
    if not heap:
        return []
    ext = fld.toks
    if cross and rec.next is not None:
        # context windows then run on into the next chunk, for every candidate of the field
        nf = next((f for f in rec.next.fields if f.name == fld.name), None)
        if nf:
            ext = ext + nf.toks
    taken = Taken()
    kept: list[tuple] = []
    near: Nearby | None = None
    if len(heap) > 1:
        heapify(heap)
        item = heappop(heap)
    else:
        item = heap.pop()
    while True:
        c = item[5]
        first, last = c.first, c.last
        if not taken.overlaps(first, last):
            if item[4] == 2:
                taken.add(first, last)
                kept.append(item)
            else:
                # `Scorer.value`, inline (the same float steps), from the form's facts; what the
                # searches found is kept for the reasons (None: an exception, `Scorer.reasons` says it)
                fx = item[10]
                r = fx[2]
                if (r.exceptions and scorer._exception(r, ext, c) is not None) or \
                        _heard_right(scorer, r, c, ext.words, video) or \
                        (c.last - c.first == 1 and (said_as_verb(c, ext) is not None or said_as_word(
                            c, ext, video.mentions.get(id(c.form.entry), 0),
                            lambda: scorer.topic_near(c, ext)) is not None)) or \
                        (c.last - c.first >= 2 and read_as_phrase(c, ext) is not None):
                    s = 0.0
                    why = None
                else:
                    s = c.prior
                    w = item[11]
                    topic = ""
                    off = 0.0
                    lifted = _sticky(scorer, c, text, video, s) if c.sim >= STICKY_SIM and \
                        c.last - c.first == 1 and id(c.form.entry) in sticky_of else s
                    near_topic = scorer.topic_near(c, ext) if lifted != s else ""
                    m = None
                    if r.has_require:
                        # (searched first: where no require word is near, no topic is, and `topic`
                        # need not look)
                        if near is None:
                            near = Nearby(ext.words)
                        m = scorer.require_text(r, ext, c, near)
                    if near_topic and not _explained(scorer, c, longer, ext, video, min_score):
                        s = lifted
                        topic = f"an everyday word said like {c.form.entry.term}, which this video says; " + \
                            near_topic
                    elif asks_topic(c):
                        off, topic = scorer.topic(c, ext, m is not None)  # (`Scorer.value`)
                        s -= off
                    if r.has_require:
                        if m is not None:
                            why = f"context word {m!r} nearby"
                            near_topic = scorer.topic_near(c, ext) if fair(c, w) else ""
                            s += 0.1 * (1.0 if near_topic else w)
                            if near_topic:
                                why += "; " + near_topic
                        elif r.name_ends is not None and (said := name_heard(r, c, ext.words)):
                            s += 0.1 * w  # (`Scorer.value`)
                            why = name_heard_why(said, c.form.entry)
                        elif scorer.said_elsewhere(r, bool(off), video, ext):
                            pen, why = scorer.elsewhere(c, ext, video) if c.last - c.first >= 2 and \
                                id(c.form.entry) in video.mentions else ELSEWHERE_OFF_FIELD if \
                                len(video.mentions) < FIELD_VIDEO and scorer.off_field(c, ext, video) else \
                                elsewhere_plain(c, video, ext.words, scorer.vocabulary)
                            s -= pen
                        else:
                            s -= 0.4
                            why = "no context word nearby"
                    else:
                        why = ""
                    if topic:
                        why += "; " + topic
                    s += bonus.get(fx[4], default) * w
                    if s >= 1.0:
                        s = 1.0
                    elif s <= 0.0:
                        s = 0.0
                if item[8]:
                    s -= item[8]
                if s >= min_score and c.prior < ANYWAY_PRIOR and c.last - c.first == 1 and \
                        scorer.said_anyway(c, fld.toks, video):
                    continue  # its prior lowered: scored again (the bound still holds)
                if s >= min_score:
                    item = (-(s + VARIANT_EDGE) if c.method == "variant" else -(s + _letters_tie(c, text)),
                            item[1], item[2],
                            item[3], 2, c, item[6], why, item[8], s, fx, item[11])
                    if not heap or item < heap[0]:
                        continue  # still the best: taken next
                    item = heapreplace(heap, item)
                    continue
        if not heap:
            break
        item = heappop(heap)
    if not kept:
        return []
    if longer:
        kept = _widened(scorer, kept, longer, text, ext, video, near)
    if len(kept) > 1:
        kept.sort(key=_start)
    findings = []
    for item in kept:
        c, kind, why, penalty, s = item[5], item[6], item[7], item[8], item[9]
        if kind == "asr-error" and item[10] is not None:  # (None: scored whole, `_push_split_name`)
            # `Scorer.reasons`, from what scoring found: "; ".join of the prior's reasons, what was
            # found around the span, what the video says
            if len(item) > 12:  # (`_widened`)
                why = item[12]
            elif why is None:
                why = scorer.reasons(c, ext, video, near or Nearby(ext.words))
            else:
                said = said_of.get(item[10][4])
                if said is None:
                    said = said_of[item[10][4]] = _said(video, c.form.entry)
                why = c.why + ("; " + why if why else "") + said
            if penalty:
                why += "; contains a correctly heard term"
        findings.append(_finding(rec, fld, c, kind, s, why, ext))
    return findings


LETTERS_TIE = 1e-6  # (see `_letters_tie`): below any difference of scores


def _letters_tie(c: Candidate, text: str) -> float:
    """What breaks a tie of scores between acronyms heard as one word of capitals: a share of
    LETTERS_TIE for each letter heard as it is written ('MLB' is MLP more likely than NLP: both
    sound alike letter by letter, often both clamped at 1.0, but MLP keeps two of its letters).
    0.0 for other candidates; their order is as it was."""
    if c.last - c.first != 1 or c.method != "phonetic":
        return 0.0
    acronym = c.form.acronym
    heard = text[c.start:c.end]
    if len(heard) != len(acronym) or not heard.isupper():
        return 0.0
    return LETTERS_TIE * sum(a == b for a, b in zip(heard, acronym)) / len(acronym)


def _letter(word: str) -> bool:
    """A letter written alone (not the words 'a' and 'I')."""
    return len(word) == 1 and word.isalpha() and word not in "aAiI"


def _cuts_letters(c: Candidate, words: list[str]) -> bool:
    """Whether sounds-alike *c* (in a field of *words*) begins or ends with a letter written alone
    that has another next to it outside the span ('e g' of 'e g bitwise' is no GPTs): a run of
    letters is what was spelled, and a reading of part of it takes a letter from another word."""
    first, last = c.first, c.last
    if first > 0 and _letter(words[first]) and _letter(words[first - 1]):
        return True
    return c.next_start is None and last < len(words) and _letter(words[last - 1]) and _letter(words[last])


def _in_full_name(c: Candidate, words: list[str]) -> bool:
    """Whether sounds-alike *c* of a term that is no person is one capitalised word written next to
    another outside the span ('Jeff Elman', 'Razvan Pascanu', 'Golan Pundak'): two capitalised words
    in a row are a person's full name as ASR writes one it knows, so the word is that person's name
    heard right, whatever term it sounds like (Elman is no LM, Pascanu no PatchGAN), here and where
    the text writes the word alone. A name misheard as everyday words is written in lowercase, or
    spans both words ('Ward Annette' for WordNet)."""
    first = c.first
    if c.last - first != 1 or c.form.entry.category == "person" or not _title(words[first]):
        return False
    if (first > 0 and _title(words[first - 1])) or \
            (c.next_start is None and first + 1 < len(words) and _title(words[first + 1])):
        return True
    if first > 1 and words[first - 1] == "and" and _title(words[first - 2]):
        return True  # the last of a list of names ('Friedman Hastie and Tibshirani')
    # ... and so is the same word where the text writes it so elsewhere ('Jeff Elman ... and Elman
    # networks')
    word, n = words[first], len(words)
    return any(w == word and i != first and ((i > 0 and _title(words[i - 1])) or (i + 1 < n and _title(words[i + 1])))
               for i, w in enumerate(words))


def _heard_right(scorer: Scorer, r, c: Candidate, words: list[str], video: VideoContext) -> bool:
    """Whether the words of *c* (in *words*; *r*: its entry's rules) say they were heard right,
    whatever term they sound like (`Scorer.value` gives 0.0): a correct form without its accents,
    a surname after a listed first name, a word the video says apart from the function word beside it."""
    if c.last > len(words):
        return False  # (a candidate across two chunks, asked with the first chunk's words only)
    return bool(r.unaccented and written_unaccented(r, words[c.first:c.last])) or \
        after_first_name(c, words, scorer.first_names) is not None or stands_apart(c, words, video) is not None


def _sticky(scorer: Scorer, c: Candidate, text: str, video: VideoContext, prior: float) -> float:
    """*prior*, or `Scorer.sticky_prior` of *c* when higher."""
    s = scorer.sticky_prior(c, text[c.start:c.end], video.mentions.get(id(c.form.entry), 0))
    return prior if s is None else s


def _explained(scorer: Scorer, c: Candidate, longer: list[tuple], toks: Tokens, video: VideoContext,
               min_score: float) -> bool:
    """Whether a longer candidate holding *c*'s span (of those in *longer*) scores *min_score* or more:
    then the everyday word is part of that reading, and `Scorer.sticky` does not lift it ('birth
    score' for BERTScore, not 'birth' for BERT). Rare: asked only where the lift would apply."""
    near = None
    for o, penalty in longer:
        if o.first <= c.first and c.last <= o.last:
            if near is None:
                near = Nearby(toks.words)
            if scorer.value(o, toks, video, near) - penalty >= min_score:
                return True
    return False


def _name_completed(c: Candidate, a: int, b: int, toks: Tokens) -> bool:
    """Whether *c*, a sounds-alike of a person's name holding a part of that name heard right
    (tokens a..b: 'Schmidhuber', an alias of Juergen Schmidhuber), is the whole name with the rest
    misheard ('Yergen Schmidhuber'): one heard word per word of the name, the part heard right where
    the name has it (at an end), the other words none of the name's and no function words, and the
    whole alike enough (NAME_SIM). Elsewhere the term heard right inside a span vetoes it: the span
    is that term said with other words around it ('see Jürgen Schmidhuber')."""
    if c.method != "phonetic" or c.sim < NAME_SIM or c.form.entry.category != "person" or \
            (a == c.first and b == c.last) or (a != c.first and b != c.last):
        return False
    words = form_words(c.form.text)
    if len(words) != c.last - c.first:
        return False
    infos = toks.infos
    for k in range(c.first, c.last):
        said = infos[k][0] == words[k - c.first]
        if said != (a <= k < b) or (not said and infos[k][4]):
            return False
    return True


def _widened(scorer: Scorer, kept: list[tuple], longer: list[tuple], text: str, toks: Tokens,
             video: VideoContext, near: Nearby | None) -> list[tuple]:
    """*kept* with a sounds-alike kept replaced by a longer one holding its span whose term is its
    term with more said before or after it (`_extends`), as alike or more and as likely or more
    before context (sim and prior): 'wave are an N' is WaveRNN, not 'wave' and RNN. The longer
    reading explains every word the shorter one does, so what made the shorter one likely (its
    context) speaks for the longer one too: it keeps the score it had, or its own when higher. (The
    shorter term's context is often the longer one's own topic, not its `require` words: RNN's
    'language model' for WaveRNN's 'speech'.) Not over another span kept, nor where the longer
    term's exceptions are around it, nor where it only adds function words ('GP but I' for GPT-2,
    where 'GP but' is GPT). (*text*: the field's; *toks*: its tokens, run on into the next
    chunk's where a span does.)"""
    out = None
    for at, item in enumerate(kept):
        c = item[5]
        if item[6] == "asr-error" and c.method != "variant":
            inner = None
            for o, penalty in longer:
                if o.last - o.first <= c.last - c.first or not (o.first <= c.first and c.last <= o.last) or \
                        o.sim < c.sim or o.prior < c.prior or o.form.entry is c.form.entry:
                    continue  # (most pairs: the candidate itself, or one beside it)
                if inner is None:
                    inner = scorer.rules(c.form.entry).norm_term
                term = scorer.rules(o.form.entry).norm_term
                if len(term) <= len(inner) or not _extends(term, inner, c.last == o.last) or \
                        (c.first != o.first and c.last != o.last):
                    continue
                if all(toks.infos[k][4] for k in (*range(o.first, c.first), *range(c.last, o.last))):
                    continue  # only function words more: 'GP but I' is no GPT-2
                if any(k is not item and k[5].first < o.last and o.first < k[5].last for k in (out or kept)):
                    continue
                if near is None:
                    near = Nearby(toks.words)
                own = scorer.value(o, toks, video, near, lift=False)
                if own <= 0.0:
                    continue  # (an exception)
                s = max(item[9], own - penalty)
                why = scorer.reasons(o, toks, video, near) + \
                    f"; holds {text[c.start:c.end]!r}, said like {c.form.entry.term} ({item[9]:.2f} in context)"
                if out is None:
                    out = list(kept)
                # (a 13th field: the reasons in full)
                out[at] = (item[0], o.first - o.last, item[2], item[3], 2, o, "asr-error", None, penalty, s,
                           item[10], item[11], why)
                break
    return kept if out is None else out


def _said_around(toks: Tokens, first: int, last: int, a: int, b: int, term: str, inner: str) -> bool:
    """Whether the words of the span first..last around a term heard right in it (a..b; *inner*,
    squashed) are all function words that name no letter of the rest of *term* (squashed): ASR
    writes those where they were said, so the term and those words were said, not a longer name
    holding it ('GANs and' is no GANSynth, 'the quantization' no dequantization, where the video
    never says those; 'our gcn' may be R-GCN)."""
    if last > len(toks):
        return False  # (a span running on into the next chunk)
    at = term.find(inner)
    before, after = (term[:at], term[at + len(inner):]) if at >= 0 else (term, term)
    for k in range(first, last):
        if a <= k < b:
            continue
        t = toks[k]
        if not t.stop:
            return False
        named = _LETTER_WORDS.get(t.norm, "")
        if any(ch in ((before[:1], before[-1:]) if k < a else (after[:1],)) for ch in named):
            return False
    return True


# function words said like a letter's name or a digit, and those ('our' R, 'and' N, 'for' 4, 'on' 1)
_LETTER_WORDS = {w: letter for w, name in SAID_LETTERS.items() for letter, n in LETTER_NAMES.items() if n == name} | {
    "our": "r", "and": "n", "an": "n1", "in": "n1", "on": "1", "oh": "o", "you": "u", "why": "y",
    "to": "2", "too": "2", "for": "4", "won": "1"}  # (and digits: 'GRU for wreck' is GRU4Rec)


def _extends(term: str, inner: str, at_end: bool) -> bool:
    """Whether *term* is the correctly heard term *inner* with more said before or after it: 'GPT
    to' for GPT-2 (GPT heard right), and, when *inner* ends the span (*at_end*), 'otto encoder' for
    autoencoder or 'the noising autoencoder' for denoising autoencoder."""
    return term.startswith(inner) or (at_end and term.endswith(inner))


def _version_heard(c: Candidate, words: list[str], a: int, b: int) -> bool:
    """Whether *c*, a sounds-alike of a form of the entry heard right in it (tokens a..b), is a
    version of that name the glossary lists, its number heard as a word after it ('llama to' for
    Llama 2 and 'fsdp to' for FSDP2, aliases of LLaMA and FSDP; 'ESM too' for ESM-2, whose alias
    is ESM): the form is the words heard right and a number, and the span ends one word after them.
    A number heard as a function word ('to', 'for', 'on') is that word where what follows may go on
    from it ('llama to generate', 'compare llama to the'): only before a word that cannot (AFTER_NUMBER)
    or a number ('llama to where', 'llama to 70b'). Elsewhere the term heard right inside the span
    vetoes it (see `_choose`)."""
    if c.method == "variant" or a != c.first or b != c.last - 1 or b >= len(words) or not words[b].isalpha():
        return False  # (a number written in digits is the version heard right: "blip-2's")
    m = _VERSION.fullmatch(c.form.text)
    if m is None or normalize(m.group(1)) != normalize("".join(words[a:b])):
        return False
    if words[b].lower() not in NUMBER_AS_WORD or b + 1 >= len(words):
        return True
    after = words[b + 1].lower()
    return after in AFTER_NUMBER or any(ch.isdigit() for ch in after) or after in NUMBER_WORDS


_VERSION = re.compile(r"(.*?[A-Za-z])[- ]?v?[0-9]+")  # a name and its version number: 'Llama 2', 'FSDP2', 'CPC v2'
# words that go on from no preposition nor an infinitive's 'to': conjunctions, relative words, the
# verbs a subject takes (`_version_heard`)
NUMBER_AS_WORD = frozenset(("to", "for", "on"))  # numbers heard as words that go on ('two', 'four', 'one')
AFTER_NUMBER = frozenset("where which who whose when while and or but so because is was are were has had have does "
                         "did with without in on at of from by as than now then".split())


def _words_extend(form: str, heard: list[str], at_end: bool) -> bool:
    """Whether the words *heard* right begin the words of *form* (or end them, *at_end*): the form
    matched may be an alias that holds them where the entry's term does not ('grouped carry
    attention' for grouped-query attention, an alias of GQA, around 'attention' heard right; 'baby
    ANS' for BB-ANS, of bits-back coding). Whole words only: 'LLM apps' is no LLMOps."""
    words = form_words(form)
    said = [w.lower() for w in heard]
    n = len(said)
    return 0 < n < len(words) and (words[:n] == said or (at_end and words[-n:] == said))


def _said(video: VideoContext, e) -> str:
    """The reason `Scorer.reasons` gives for what the video says of *e*, with its "; "."""
    mentions = video.mentions.get(id(e), 0)
    if mentions:
        return f"; {e.term} said correctly {mentions}x in this video"
    if video.technical >= 3:
        return f"; technical video ({video.technical} glossary terms)"
    return ""


def _first(span: tuple) -> int:
    return span[0]


def _start(item: tuple) -> int:
    return item[5].start


def _heard_split(scorer: Scorer, c: Candidate, toks: Tokens) -> Candidate | None:
    """A name heard as everyday words spelled like it (`qa.detect.split`): a sounds-alike heard
    exactly, with that prior (None: never a finding)."""
    p = scorer.prior(c.form, "phonetic", 1.0, [toks[k] for k in range(c.first, c.last)])
    if p is None:
        return None
    return Candidate(c.first, c.last, c.start, c.end, c.form, "phonetic", "asr-error", 1.0, p[0],
                     p[1] + "; a name's word written as the everyday words it sounds like")


def _push_exact(heap: list, c: Candidate, kind: str, s: float, min_score: float, why: str) -> None:
    """A candidate whose score is known without context (state 2)."""
    if s >= min_score:
        heap.append((-(s + VARIANT_EDGE) if c.method == "variant" else -(s + 0.0), c.first - c.last,
                     -METHOD_RANK.get(c.method, 0), len(heap), 2, c, kind, why, 0.0, s, None, 0.0))


def _inside_word(text: str, c: Candidate) -> bool:
    """Whether the span of *c* begins or ends inside a word: a letter right before or after it."""
    return (c.start > 0 and text[c.start - 1].isalpha()) or \
        (c.next_start is None and c.end < len(text) and text[c.end].isalpha())


def _finding(rec, fld, c: Candidate, kind: str, score: float, why: str, ext: Tokens) -> Finding:
    e = c.form.entry
    text = fld.text
    heard = text[c.start:c.end] if c.next_start is None else ext.words[c.last - 1]
    if kind == "asr-error" and c.kind == "mention":  # (`_push_split_name`): the name it cut, written whole
        suggestion = e.term if normalize(c.form.text) in _unaccented(e.term) else c.form.text
    else:
        suggestion = _suggestion(c.form, heard)
    toks = fld.toks
    n = len(toks.words)
    lo = c.first - CONTEXT_WORDS if c.first > CONTEXT_WORDS else 0
    if c.next_start is None:
        hi = c.last + CONTEXT_WORDS if c.last + CONTEXT_WORDS < n else n
        context = text[toks.start(lo):toks.end(hi - 1)]
        next_start_second = None
    else:
        nxt = next(f for f in rec.next.fields if f.name == fld.name)
        j = c.last - n
        context = (text[toks.starts[lo]:toks.ends[-1]] + " | "
                   + nxt.text[:nxt.toks.ends[min(len(nxt.toks), j + CONTEXT_WORDS) - 1]])
        why += f"; continues in the next chunk ({rec.next.start_second}) as {nxt.text[c.next_start:c.next_end]!r}"
        next_start_second = rec.next.start_second
    m = c.method
    if kind == "asr-error":
        method = "variant" if m == "variant" else ("fuzzy" if m == "fuzzy" else "phonetic")
    else:
        method = "variant" if m == "exact" else m
    # positional: keyword arguments cost as much again as the rest of building a finding
    return Finding(rec.video_id, rec.start_second, fld.name, c.start, c.end, text[c.start:c.end], suggestion,
                   e.term, e.category, kind, method, round(score, 3), context, why,
                   bool(c.form.safe and m == "variant" and score >= 0.9), next_start_second, c.next_start,
                   c.next_end, rec.file, rec.line)


_suggestions: dict[tuple[int, str], tuple[object, str]] = {}


def _suggestion(form, heard: str) -> str:
    """What to write instead of *heard* (memoised: a corpus repeats its mishearings)."""
    key = (id(form), heard)
    hit = _suggestions.get(key)
    if hit is not None:
        return hit[1]
    e = form.entry
    # the correct form that matched ('LSTMs', 'semi-supervised'), unless it only spells out the
    # term as said ('GPT two' for GPT-2): then the canonical term
    s = form.text if form.correct and spoken_phrase(form.text) != spoken_phrase(e.term) and \
        normalize(form.text) not in _unaccented(e.term) and not _said_as(form.text, e.term) else e.term
    if s == e.term and not form.correct:
        s = _spoken_of(form) or _long_form_if_heard(e, heard)
    s = _closest_written(s, heard, e)
    s = _plural_if_heard(s, heard, e)
    if len(_suggestions) > MEMO_LIMIT:
        _suggestions.clear()
    _suggestions[key] = (form, s)  # the form is kept with it, so its id is not reused meanwhile
    return s


CLOSER = 5  # points of spelling likeness (rapidfuzz ratio) by which another correct form must win


def _closest_written(suggestion: str, heard: str, e) -> str:
    """The entry's correct form spelled most like *heard* when it is CLOSER more like it than
    *suggestion*: 'touring award' -> 'Turing Award', not Alan Turing; 'face cpu' -> 'faiss-cpu', not
    the 'faiss-gpu' it sounded alike with (voicing is coarsened in keys); 'Rich Sudden' -> 'Rich
    Sutton'. What a speaker said is the form its mishearing still spells most of, and a fix that
    writes another one is one a reviewer must edit. (Forms that only spell the term without its
    accents are the term: `_unaccented`.)"""
    h = normalize(heard)
    if not h:
        return suggestion
    top = fuzz.ratio(h, normalize(suggestion)) + CLOSER
    best, plain, heard_words, said, has = suggestion, None, None, None, None
    for f in e.correct_forms:
        n = normalize(f)
        if f == suggestion or n == h:
            continue
        r = fuzz.ratio(h, n)
        if r >= top:
            if plain is None:
                plain = _unaccented(e.term)
                heard_words = set(_WORD.findall(heard.lower()))
                said = {w for w in heard_words if len(w) >= 3 and w not in STOPWORDS}
                has = set(_WORD.findall(suggestion.lower()))
            words = set(_WORD.findall(f.lower()))
            # only a form that keeps a word heard right the suggestion lacks ('award', 'cpu',
            # 'Rich') and adds no word that is in neither ('automatic' of 'automatic speech
            # recognition' for 'speech recognitions system': ASR stays): not another thing's name the
            # glossary lists beside it (EMNIST of MNIST), a long form ('low-rank adaptation' for
            # 'Laura adapter'), a form that drops a word said ('Hendrycks' for 'Tim Hendricks'), nor
            # the term as said ('CIFAR ten')
            if (words - has) & said and all(_sounds_heard(w, heard_words) for w in words - has - heard_words):
                if n not in plain and not _said_as(f, e.term):
                    best, top = f, r + 1
    return best


_WORD = re.compile(r"[a-z0-9]+")


def _sounds_heard(word: str, heard: set[str]) -> bool:
    """Whether *word* of a correct form was heard as one of the words *heard*, misspelled alike (the
    same key): 'hold winters' said Holt-Winters, 'shapely values' Shapley values, 'Alan AI' Allen AI;
    a word of the form in neither is another thing said ('automatic' of automatic speech recognition)."""
    key = word_key(word)
    return bool(key) and any(len(h) >= 3 and word_key(h) == key for h in heard)


def _spoken_of(form) -> str:
    """The alias that a `spoken` form says as it is written ('vit', 'v i t' of ViT), else '': the
    heard words sound like that alias, so the fix writes it ('vid' -> ViT, not Vision Transformer)."""
    if form.kind != "spoken":
        return ""
    n = normalize(form.text)
    return next((a for a in form.entry.aliases if normalize(a) == n), "")


# words said like a number's name ('wav to vec' for wav2vec, 'seq to seq', 'b for' for B4)
_NUMBER_HOMOPHONES = {"to": "two", "too": "two", "for": "four", "won": "one", "ate": "eight"}


def _said_as(alias: str, term: str) -> bool:
    """Whether *alias* is *term* written as it is said, a number as its name or a word said like
    it ('wav to vec' of wav2vec, 'fine tuning' of fine-tuning): the same sounds, vowels included,
    a reading each. Not another name of it: 'LSTMs', 'Geoff Hinton', 'Fast R-CNN' of Faster R-CNN."""
    keys = {join_keys(word_key(w) for w in words) for words in readings(term)}
    return any(join_keys(word_key(_NUMBER_HOMOPHONES.get(w, w)) for w in words) in keys for words in readings(alias))


_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def _unaccented(term: str) -> set[str]:
    """*term* written without its accents, squashed, both ways it is done ('Jürgen': 'jurgen',
    'juergen'): such an alias is the term spelled in ASCII, and the term is what to suggest."""
    def plain(t: str) -> str:
        return normalize("".join(ch for ch in unicodedata.normalize("NFKD", t) if not unicodedata.combining(ch)))
    return {plain(term), plain(term.translate(_GERMAN))}


LONG_FORM_WORD = 4  # letters of a heard word that shows the long form was said (`_long_form_if_heard`)


def _long_form_if_heard(e, heard: str) -> str:
    """An acronym's spelled-out alias when the words heard are that long form, misheard ('fresh a
    inception distance' -> 'Fréchet Inception Distance', not 'FID'): the speaker said the long
    form, so the fix writes it; else the term. The first such alias of the glossary's (the accented
    spelling before the ASCII one)."""
    term = e.term
    if not term.isalpha() or not term.isupper() or len(term) < 2:
        return term
    said = {w for w in re.findall(r"[a-z0-9]+", heard.lower()) if len(w) >= LONG_FORM_WORD}
    if not said:
        return term
    best, most = term, 0
    for alias in e.aliases:
        words = alias.split()
        if len(words) < 2 or "".join(w[0] for w in words).upper() != term:
            continue
        plain = {w for w in re.findall(r"[a-z0-9]+", _ascii_lower(alias)) if len(w) >= LONG_FORM_WORD}
        # half its words heard right at least: 'speech recognitions system' is no 'automatic
        # speech recognition' said, 'groups units' no 'gated recurrent units'
        shared = len(said & plain)
        if shared * 2 >= len(plain) and shared > most:
            best, most = alias, shared
    return best


def _ascii_lower(text: str) -> str:
    """*text* in lowercase ASCII letters, accents dropped, words kept apart."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)).lower()


def _plural_if_heard(suggestion: str, heard: str, e) -> str:
    """'a gracie's' -> 'accuracies', not 'accuracy': a plural was heard, and the glossary spells it."""
    h, n = normalize(heard), normalize(suggestion)
    if not h.endswith("s") or n.endswith("s"):
        return suggestion
    plurals = {n + "s", n + "es", n[:-1] + "ies" if n.endswith("y") else n + "s"}
    for form in e.correct_forms:
        if normalize(form) in plurals:
            return form
    return suggestion


WEAK_NORMALIZATION = 0.4  # below the default threshold: listed only with a lower --min-score
EVERYDAY_ZIPF = 2.5  # a lowercase word at least this common is an English word ('glue', 'mamba', 'yolo')


def _normalization_score(found: str) -> float:
    # 'fair' for FAIR, 'church' for Church: ordinary lowercase words are weak evidence of a term
    if found.islower() and found.isalpha() and zipf(found) >= 4.0:
        return WEAK_NORMALIZATION
    return 0.9


def _push_normalization(heap: list, scorer: Scorer, video: VideoContext, fld, c: Candidate, min_score: float,
                        said: str | None = None) -> None:
    """A span heard right (a mention; *said*: the reason of a sounds-alike said exactly like a form,
    scored 0.9) as a normalization, unless it is written as the term writes it."""
    found = fld.text[c.start:c.end]
    r = scorer.rules(c.form.entry)
    if found in r.correct_forms:
        return
    if said is None:
        score, why = _normalization_score(found), f"{c.form.text!r} heard right; only case, spacing or hyphens differ"
    else:
        score, why = 0.9, said
    if score > WEAK_NORMALIZATION and (r.has_require or r.exceptions) and _everyday(found) and \
            _read_as_word(c.form.entry, found):
        score, why = _everyday_normalization(scorer, video, r, fld.toks, c, found, why)
    if score is not None:
        _push_exact(heap, c, "normalization", score, min_score, why)


def _name_split(c: Candidate, toks: Tokens, text: str) -> bool:
    """Whether a person's name matched whatever the spacing is heard with a word of it cut into
    words of their own ('Ian good fellow', 'Durk king ma', 'la Rochelle'): ASR writes a surname it
    does not know as the everyday words it sounds like; people write a name's words whole. Only cuts
    by a space count, and only where no correct form of the name has a space, a hyphen or a capital
    ('Le Cun' for LeCun and 'fei fei li' for Fei-Fei Li are ways it is written); nor with a function
    word or a word in capitals among the pieces ('GAN in' is no Ganin: a term and a word after it)."""
    words = toks.words
    heard = words[c.first:c.last]
    squashed = normalize("".join(heard))
    if len(heard) <= len(form_words(c.form.text)) or normalize(c.form.text) != squashed:
        return False
    for w in heard:
        if w.lower() in STOPWORDS or (len(w) > 1 and w.isupper()) or any(ch.isupper() for ch in w[1:]):
            return False
    cuts, at = set(), 0  # (offsets in the squashed spelling)
    for k in range(c.first, c.last - 1):
        at += len(normalize(words[k]))
        if text[toks.end(k):toks.start(k + 1)].isspace():
            cuts.add(at)
    if not cuts:
        return False
    for form in c.form.entry.correct_forms:
        if normalize(form) != squashed:
            continue
        at = 0
        for k, ch in enumerate(form):
            if k and (not ch.isalnum() or (ch.isupper() and form[k - 1].isalpha())):
                cuts.discard(at)  # (a way it is written)
            at += len(normalize(ch))
        if not cuts:
            return False
    return True


def _push_split_name(heap: list, scorer: Scorer, fld, c: Candidate, min_score: float) -> None:
    """A person's name heard with a word cut into words (`_name_split`) as an asr-error: 0.9 where
    a `require` word of the name is near or a word of it is heard whole; else weak (a place such
    as 'la Rochelle' said for itself)."""
    r = scorer.rules(c.form.entry)
    words = fld.toks.words
    whole = {w.lower() for w in words[c.first:c.last]} & set(form_words(c.form.text))
    said = scorer.require_text(r, fld.toks, c, Nearby(words)) if r.has_require else None
    if said is not None:
        why = f"{c.form.text!r} heard with a word of it cut into words; context word {said!r} nearby"
        _push_exact(heap, c, "asr-error", 0.9, min_score, why)
    elif whole:
        why = f"{c.form.text!r} heard with a word of it cut into words, {sorted(whole)[0]!r} heard whole"
        _push_exact(heap, c, "asr-error", 0.9, min_score, why)
    else:
        why = f"{c.form.text!r} heard with a word of it cut into words; no context word nearby"
        _push_exact(heap, c, "asr-error", WEAK_NORMALIZATION, min_score, why)


def _everyday(found: str) -> bool:
    return found.islower() and found.isalpha() and zipf(found) >= EVERYDAY_ZIPF


def _read_as_word(e, found: str) -> bool:
    """Whether the term is said as the word *found*: a name of letters ('Mamba', 'Triton') or an
    acronym said as a word ('spoken: [glue]'); not one said letter by letter ('gpu' is letters
    ASR heard one by one, never the English word)."""
    term = e.term.replace("-", "")
    if not term[1:].isupper():
        return True
    return any(found == s.replace(" ", "").lower() for s in e.spoken)


def _everyday_normalization(scorer: Scorer, video: VideoContext, r, toks: Tokens, c: Candidate, found: str,
                            why: str) -> tuple[float | None, str]:
    """A lowercase English word written like a term said as that word ('glue' for GLUE, 'mamba'
    for Mamba, 'bert' for BERT: `_read_as_word`) is the term only in the term's context: the
    entry's exceptions rule it out (no finding: 'a black mamba'); one of its require words near, or
    the video saying the term again, makes it the term; else it is weak (the everyday sense, or a
    name: 'wood glue', 'Bert'), listed only below the default threshold. Entries with neither
    require words nor exceptions keep the plain rule (`_normalization_score`)."""
    if r.exceptions and scorer._exception(r, toks, c) is not None:
        return None, why
    if r.has_require:
        said = scorer.require_text(r, toks, c, Nearby(toks.words))
        if said is not None:
            return 0.9, f"{why}; context word {said!r} nearby"
    if video.mentions[id(c.form.entry)] >= 2:
        return 0.9, why
    return WEAK_NORMALIZATION, f"{why}; {found!r} is an English word, and no context word is near"
