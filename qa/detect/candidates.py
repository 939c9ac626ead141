"""Candidate spans in one text: exact known forms, near-spellings, sounds-alikes.

Work is per token and per n-gram of at most a few tokens; everything about an n-gram that does not
depend on where it occurs (its keys and glossary hits) is memoised, so the common phrases of a corpus
are looked up once.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate
from typing import Callable

from jellyfish import metaphone
from rapidfuzz import fuzz, process

from qa.detect.context_words import STOPWORDS
from qa.detect.freq import zipf
from qa.detect.index import (MIN_DELETE_KEY, MIN_FUZZY, Form, GlossaryIndex, deletions, in_sorted, key_hash,
                             worded_keys)
from qa.detect.memo import Memo
from qa.detect.similarity import (capitals, capitals_similarity, ends_heard, ends_similarity, form_letters,
                                  form_words, heard_letters, leading_capitals_similarity, letter_similarity,
                                  phonetic_similarity, rest_of_letters, rest_similarity, unplural, weak_key,
                                  weak_similarity)
from qa.detect.tokens import MEMO_LIMIT, Token, Tokens, tokenize, word_infos
from qa.glossary import normalize
from qa.phonetics import SAID_LETTERS, join_keys

__all__ = ["Candidate", "CandidateFinder", "Token", "Tokens", "form_words", "tokenize"]

FUZZY_CUTOFF = 80.0
PHONETIC_MIN = 0.75  # sounds-alikes below this similarity are not worth scoring
MAX_N = 4  # longest n-gram compared


@dataclass(slots=True)
class Candidate:
    first: int  # token index, inclusive
    last: int  # token index, exclusive
    start: int  # char offsets into the text
    end: int
    form: Form
    method: str  # variant | fuzzy | phonetic | exact (a correct form)
    kind: str  # asr-error | normalization | mention
    sim: float
    prior: float = 0.0  # the context-free part of the score (see Scorer.prior)
    why: str = ""
    heard_right: bool = False  # said exactly like a correct form ('GPT one' for GPT-1)
    # a span that runs on into the next chunk of the same video: its end there
    next_start: int | None = None
    next_end: int | None = None

    @property
    def entry(self):
        return self.form.entry


PRUNE = 0.45  # candidates whose prior plus the best possible context stays below this are dropped
MAX_CONTEXT = 0.3  # the most context can add (a require word near, the term said elsewhere)
# ASR does not split an everyday word: of a term heard with some of its words right, when the rest
# was heard as more words than it has, one of its missing words is less common than this (zipf)
# ('sentiment you want' is no 'sentiment unit' misheard; 'teacher for sing' is teacher forcing,
# 'forcing' 4.2; an everyday word heard as another one stays: 'chain of variables')
MISSED_ZIPF = 4.8
# Beats by which words heard with capitals among them that are not the form's own letters may differ
# from a form said letter by letter (in part), where other words may differ by more (`_phonetic`):
# ASR writes the letter names it hears as capitals, one beat each, so such a capital is one letter
# misheard for another, said in its place, not the start of a longer run of sounds ('Q and the' is no
# GauGAN2 said 'gau jee ay en two', 'TD okay so the' no DGX-2, 'is D' no SOTA said 'es oh tee ay',
# 'like PETS' no GPTs). The form's own capitals are its letters heard right, with the rest said as a
# word ('LS gun' for LSGAN, said 'el es gan').
CAPS_BEATS = 0
COINED_KEYED_SIM = 0.95  # (see `lookup`)
NAMES_KEYED_SIM = 0.93  # (see `lookup`): a key of several words is more specific


class Floored(list):
    """A lookup's hits without those that cannot reach its caller's floor (`lookup`'s *unreachable*)."""


class CandidateFinder:
    def __init__(self, index: GlossaryIndex, methods: set[str], prior, most=None, sticky=None):
        self.index = index
        self.methods = methods
        self.prior = prior  # (form, method, sim, heard tokens) -> (score, why) | None
        # (form, sim, word) -> the prior of one everyday word said like a short name in a video that
        # says the name, or None (qa.detect.context.Scorer.sticky)
        self.sticky = sticky
        # (form, method, sim, prior) -> the highest score a hit can reach in any video, if known
        # (qa.detect.context.Scorer.most): lets a batch leave out what can never be a finding
        self.most = most
        self.max_n = min(max(index.max_tokens, 2) + 1, MAX_N)
        self._memo: Memo[tuple[str, ...] | str, list[tuple]] = Memo(MEMO_LIMIT)
        self._ckey_memo: Memo[str, tuple[Form, ...]] = Memo(MEMO_LIMIT)
        # priors of known variants heard, per (form, words): the same variants recur in every video
        self._variant_memo: Memo[tuple, tuple | bool] = Memo(MEMO_LIMIT)
        self._form_plurals: dict[int, frozenset[str]] = {}  # id(form) -> `_plurals(form)`

    def find(self, toks) -> list[Candidate]:
        toks = Tokens.of(toks)
        exact = self.exact(toks)
        heard_right = {i for c in exact if c.kind == "mention" for i in range(c.first, c.last)}
        return exact + self.approximate(toks, heard_right)

    # --- exact forms (Aho-Corasick over the squashed text) ---------------------------------------

    def exact(self, toks: Tokens) -> list[Candidate]:
        if not self.index.exact or not toks:
            return []
        parts = [info[0] for info in toks.infos]
        squashed = "".join(parts)
        out: list[Candidate] = []
        ends = None
        for end_idx, (pattern, forms) in self.index.automaton.iter(squashed):
            if ends is None:  # where each word ends in the squashed text, built on the first match
                ends = list(accumulate(map(len, parts)))
            s = end_idx - len(pattern) + 1
            last = bisect_left(ends, end_idx + 1)
            first = bisect_left(ends, s + 1)
            if last >= len(ends) or ends[last] != end_idx + 1 or (s != (ends[first - 1] if first else 0)):
                continue  # not on word boundaries: 'bird' inside 'birds'
            spans = toks.spans
            a, b = spans[first][0], spans[last][1]
            for form in forms:
                if form.correct:
                    kind = "mention"
                    method = "exact"
                elif "variant" in self.methods:
                    kind, method = "asr-error", "variant"
                else:
                    continue
                c = Candidate(first, last + 1, a, b, form, method, kind, 1.0)
                if kind == "asr-error":
                    p = self.variant_prior(form, toks.words[first:last + 1])
                    if p is False:
                        continue
                    c.prior, c.why = p
                out.append(c)
        return out

    def variant_prior(self, form: Form, words: list[str]) -> tuple[float, str] | bool:
        """The prior of a known variant heard as *words*, memoised (False: never a finding)."""
        key = (id(form), *words)  # forms live as long as the index, so their ids are stable
        p = self._variant_memo.get(key)
        if p is None:
            grams = [Token(-1, -1, w, *info) for w, info in zip(words, word_infos(words))]
            p = self.prior(form, "variant", 1.0, grams)
            self._variant_memo[key] = p = False if p is None else p
        return p

    # --- near-spellings and sounds-alikes over n-grams --------------------------------------------

    def approximate(self, toks: Tokens, heard_right: set[int] = frozenset()) -> list[Candidate]:
        """Sounds-alike and near-spelling candidates. Words of a term heard right (*heard_right*
        token indices) do not trigger long n-grams: 'BERT' is odd, but it is no mishearing."""
        want_f = "fuzzy" in self.methods
        want_p = "phonetic" in self.methods
        if not (want_f or want_p):
            return []
        out: list[Candidate] = []
        memo = self._memo
        texts = toks.words
        windows = self.windows(toks.infos, heard_right)
        spans = None
        for i, j in windows:
            key = texts[i] if j == i + 1 else tuple(texts[i:j])
            hits = memo.get(key)
            if hits is None:
                hits = self.lookup(toks, i, j, want_f, want_p)
                memo[key] = hits
            if hits:
                if spans is None:
                    spans = toks.spans
                a, b = spans[i][0], spans[j - 1][1]
                for form, method, sim, prior, why, right in hits:
                    out.append(Candidate(i, j, a, b, form, method, "asr-error", sim, prior, why, right))
        return out

    def windows(self, infos: list[tuple], heard_right: set[int] = frozenset()) -> list[tuple[int, int]]:
        """The n-grams (i, j) worth looking up, in order, from the words' facts."""
        n_tok = len(infos)
        stops = [info[4] for info in infos]
        triggers = [info[5] and i not in heard_right for i, info in enumerate(infos)]
        uncommon = [info[6] for info in infos]
        max_n = self.max_n
        # index of the first trigger at or after each position: most positions have none within
        # reach, and then no n-gram of three or more words starts there
        next_trig = [n_tok] * (n_tok + 1)
        for k in range(n_tok - 1, -1, -1):
            next_trig[k] = k if triggers[k] else next_trig[k + 1]
        anchored = _anchored(infos, self.index.anchors, self.index.anchor_pairs, n_tok, max_n) | \
            _keyed(infos, self.index.said_keys, stops, heard_right, n_tok, max_n, self.index.said_near,
                   self.index.said_short, self.index.said_pairs) | \
            _ended(infos, self.index.ended, heard_right, n_tok) | _lettered(infos, self.index.letter_pairs, n_tok)
        # Cost control, and where mishearings are: never only function words; a function word at an
        # edge only next to an uncommon word, or where the two words' key is a term's (`_keyed`);
        # three or more words only around an odd one, or from or to words of a multi-word term heard
        # right (`_anchored`), or whose key is a term's or one sound off a long one's (`_keyed`)
        windows: list[tuple[int, int]] = []
        add = windows.append
        for i in range(n_tok):
            first_stop = stops[i]
            if not first_stop:
                add((i, i + 1))
            if i + 1 < n_tok and max_n >= 2:
                last_stop = stops[i + 1]
                if not (first_stop and last_stop) and \
                        not ((first_stop or last_stop) and not (uncommon[i] or uncommon[i + 1])) or \
                        (anchored and (i, i + 2) in anchored):  # (two words: `_keyed` only)
                    add((i, i + 2))
            if next_trig[i] >= i + max_n or i + 3 > n_tok:
                if anchored:  # (see `_anchored`)
                    for j in range(i + 3, min(i + max_n, n_tok) + 1):
                        if (i, j) in anchored:
                            add((i, j))
                continue
            trig = triggers[i] or triggers[i + 1]
            for j in range(i + 3, min(i + max_n, n_tok) + 1):
                trig = trig or triggers[j - 1]
                last_stop = stops[j - 1]
                if first_stop and last_stop:
                    continue
                if not trig or (first_stop and not triggers[j - 1]) or (last_stop and not triggers[i]):
                    if (i, j) not in anchored:
                        continue
                add((i, j))
        return windows

    def lookup(self, toks: Tokens, i: int, j: int, want_f: bool, want_p: bool,
               near: tuple[Form, ...] | None = None, spelled: list | None = None,
               sims: tuple[float, ...] | None = None, facts: tuple | None = None,
               unreachable: Callable[[float], bool] | None = None, said: tuple | None = None) -> list[tuple]:
        """Glossary forms the n-gram toks[i:j] may be a mishearing of, with their context-free priors.

        Most n-grams sound like no glossary form: that is decided from the cached word facts alone
        (one dict lookup of the phrase key), and Token objects are only built for the few that do.
        *near*: the forms near the phrase key that can sound like it, when already known (in their
        order, a subset of `_phonetic_forms`: see qa.detect.bulk), and *sims* their
        `phonetic_similarity`, when already worked out. *spelled*: its near-spellings, when already
        asked for. *facts*: the n-gram's (phrase key, `sound_facts`..., squashed words, whether it
        is a number or only words of correct forms), when already worked out (see qa.detect.batch).

        *unreachable*: whether a sounds-alike of a similarity can never reach the caller's floor,
        whatever its prior (qa.detect.context.sound_most): such hits are left out before their
        prior is asked (a fifth of the priors), and the hits come as `Floored` if any was.
        *said*: `GlossaryIndex.letters_said` of the n-gram, when already asked (with *want_p*)."""
        infos = toks.infos[i:j]
        if facts is None:
            ckey = _phrase_ckey(infos)
            sound = squashed = plain = None
        else:
            ckey, sound, squashed, plain = facts[0], facts[1:4], facts[4], facts[5]
        if not want_p:
            phonetic = ()
        elif near is not None:
            phonetic = near
        else:
            phonetic = self._phonetic_forms(ckey)
            if self.index.worded and j - i >= 2:
                phonetic = self._with_worded(phonetic, [info[0] for info in infos])
        if plain is not False and self._heard_right(infos, phonetic):
            return []
        # near-spellings of two words at most (longer ones are found by sound), and only with an
        # uncommon word among them: two everyday words misspelled alike are found by sound too
        fuzzy = ()
        if spelled is not None:
            fuzzy = spelled
        elif want_f and j - i <= 2 and any(info[6] for info in infos):
            # rapidfuzz first: near-spellings are rare, and most n-grams then need nothing else
            fuzzy = self.near_spellings("".join(info[0] for info in infos))
        # letters said by their names and written as words: said exactly like the form (`letters_said`)
        lettered = said if said is not None else \
            self.index.letters_said(toks.words[i:j], [info[0] for info in infos]) \
            if want_p and (j - i >= 2 or infos[0][5]) else ()
        if not phonetic and not fuzzy and not lettered:
            return []
        # position-free tokens: what is memoised per n-gram must not depend on where it occurs
        grams = [Token(-1, -1, w, *info) for w, info in zip(toks.words[i:j], infos)]
        hits: dict[tuple[int, bool], tuple[Form, str, float]] = {}
        found = []
        if phonetic:
            found += [(form, "phonetic", sim) for form, sim in self._phonetic(grams, infos, ckey, phonetic, sims, sound)]
        found += [(form, "phonetic", sim) for form, sim in lettered]
        found += [(form, "fuzzy", sim) for form, sim in fuzzy]
        norms = None  # the words heard, as a set: made when a form of several words needs it
        for form, method, sim in found:
            # rest_similarity is 1.0 (and the similarity, at most 1.0, stays) unless heard words
            # and form share a word: most pairs, told without a call
            words = form_words(form.text)
            if (len(words) >= 2 or j - i >= 2) and not (lettered and any(form is f for f, _ in lettered)):
                # (not a form said by its letters' names: its words are said exactly, 'you' for 'U')
                if norms is None:  # (with what each may be the plural of: see `rest_similarity`)
                    norms = {w for info in infos for w in (info[0], *unplural(info[0]))}
                if not norms.isdisjoint(words):
                    sim = min(sim, rest_similarity(grams, form, method))
            # best spelled and best read form of each entry: scoring treats them differently
            key = (id(form.entry), form.spelled)
            if sim > hits.get(key, (None, "", 0.0))[2]:
                hits[key] = (form, method, sim)
        if not hits:
            return []
        if sound is None:
            spoken = "".join(w for t in grams for w in t.spoken)
            squashed = "".join(t.norm for t in grams)
        else:
            spoken = sound[1]
        everyday = None
        if plain is False:
            number = known_words = False
        else:
            number = squashed.isdigit()
            vocabulary = self.index.vocabulary
            known_words = all(t.norm in vocabulary for t in grams)
            if known_words and len(grams) >= 2:
                everyday = {t.norm for t in grams if t.norm in self.index.everyday}
        out = []
        floored = False
        heard = _anchored_heard(grams)
        for form, method, sim in hits.values():
            if sim <= 0:
                continue
            if method == "phonetic" and form.kind != "spoken" and spoken == form.spoken:
                if not lettered or not _letters_written(grams, form):
                    out.append((form, method, sim, 1.0, f"said exactly like {form.text!r}", True))
                    continue
                # ... unless a letter of it was written as a word ('cue learning' for Q-learning): said
                # alike, but ASR wrote what it did not take for a letter; a mishearing, scored as one
                sim = 1.0
            if number:
                continue  # a bare number is not a misheard name
            if form.correct and squashed in self._plurals(form):
                continue  # 'contrastive method' for 'contrastive methods' was heard right
            if known_words and not (everyday and not everyday.issubset(form_words(form.text))) and \
                    not _other_name(grams, form) and not (len(grams) >= 3 and _one_word_off(
                        [t.norm for t in grams], form)):
                # 'unsupervised learning' is not a mishearing of 'semi-supervised learning'; but the
                # glossary's everyday words are everyday words first: 'mixed position' may be mixed
                # precision, 'few short learning' few-shot learning
                continue
            if heard is not None:  # looked up for an anchor: only its term, or one sharing a word heard right
                words = form_words(form.text)
                # (a word that is no function word: 'set of the right' is no 'state of the art')
                if (heard.isdisjoint(words) or all(w in STOPWORDS for w in heard.intersection(words))) and \
                        not ends_heard(grams[0].norm, grams[-1].text, form, [t.norm for t in grams[1:-1]]) and \
                        not (ckey == form.ckey and (
                            (len(words) == 1 and _coined(words[0], grams[-1].norm) and sim >= COINED_KEYED_SIM) or
                            (len(words) >= 2 and sim >= NAMES_KEYED_SIM and _unhearable(words)))):
                    # ... unless a name no word of which can be heard right is said sound for sound:
                    # one written word of letters ('math plot lib' for Matplotlib; a number of
                    # 'A100' would be heard right, and is: 'style can 2' for StyleGAN2), or words
                    # none of which is an everyday word ('Peter a bill' for Pieter Abbeel; see
                    # `_unhearable`)
                    continue
                missed = [w for w in words if w not in heard]
                if sum(t.norm not in words for t in grams) > len(missed) and \
                        all(zipf(w) >= MISSED_ZIPF for w in missed):
                    continue
            if unreachable is not None and method == "phonetic" and unreachable(sim):
                floored = True
                continue
            p = self.prior(form, method, sim, grams)
            if p is None or p[0] + MAX_CONTEXT < PRUNE:
                # ... unless one everyday word said like a short name, which a video saying the
                # name makes likelier (qa.detect.context.Scorer.sticky)
                if p is None or self.sticky is None or j - i != 1 or method != "phonetic" or \
                        self.sticky(form, sim, grams[0].text) is None:
                    continue
            out.append((form, method, sim, p[0], p[1], False))
        return Floored(out) if floored else out

    def _heard_right(self, infos: list[tuple], phonetic: tuple[Form, ...]) -> bool:
        """Whether nothing can come of scoring the n-gram (its words' facts *infos*, the forms
        *phonetic* near its key): words of correct forms only, or a number, are heard right (see the
        end of `lookup`) unless said exactly like one of the forms, and none of them is said so, nor
        are two such words a person's name they are not (`_other_name`)."""
        norms = [info[0] for info in infos]
        if not ("".join(norms).isdigit() or all(n in self.index.vocabulary for n in norms)):
            return False
        if len(norms) >= 2 and not "".join(norms).isdigit() and not self.index.everyday.isdisjoint(norms):
            return False  # (see `lookup`: words of the glossary that are everyday words first)
        spoken = "".join([w for info in infos for w in info[1]])
        if any(f.kind != "spoken" and f.spoken == spoken for f in phonetic):
            return False
        if len(norms) >= 3 and any(_one_word_off(norms, f) for f in phonetic):
            return False
        return len(norms) != 2 or not any(f.entry.category == "person" and _other_name(norms, f) for f in phonetic)

    def _phonetic_forms(self, ckey: str) -> tuple[Form, ...]:
        """Forms whose key is at most one sound from *ckey* (memoised per key: phrases share keys)."""
        forms = self._ckey_memo.get(ckey)
        if forms is not None:
            return forms
        found: list[Form] = []
        if 2 <= len(ckey) <= self.index.max_ckey + 1:
            idx = self.index
            found.extend(idx.phonetic.get(ckey, ()))
            if len(ckey) >= 3:
                found.extend(idx.deletes.get(ckey, ()))  # heard one sound fewer
            if len(ckey) >= MIN_DELETE_KEY:
                near = idx.near
                for d in deletions(ckey):
                    # phonetic: heard one sound more; deletes: one sound different
                    found.extend(near.get(d, ()))
        seen: set[int] = set()
        forms = tuple(f for f in found if not (id(f) in seen or seen.add(id(f))))
        self._ckey_memo[ckey] = forms
        return forms

    def _with_worded(self, forms: tuple[Form, ...], words: list[str]) -> tuple[Form, ...]:
        """*forms* and then the forms with all the n-gram's *words* but one (`index.worded_forms`),
        each once, in the order of the word left out (as qa.detect.sieve pairs them)."""
        worded = self.index.worded
        extra = [f for k in worded_keys(words) for f in worded.get(k, ())]
        if not extra:
            return forms
        seen = {id(f) for f in forms}
        return forms + tuple(f for f in extra if not (id(f) in seen or seen.add(id(f))))

    def _plurals(self, form: Form) -> frozenset[str]:
        """The form's words squashed (b), and what is b's plural or b is the plural of, with 's' or
        'es': a squashed n-gram in it was the correct form heard right, in the singular or plural."""
        got = self._form_plurals.get(id(form))  # forms live as long as the index: ids are stable
        if got is None:
            b = normalize(form.text)
            got = self._form_plurals[id(form)] = frozenset(
                (b, b + "s", b + "es", *((b[:-1],) if b.endswith("s") else ()),
                 *((b[:-2],) if b.endswith("es") else ())))
        return got

    def _phonetic(self, grams: list[Token], infos: list[tuple], ckey: str, found: tuple[Form, ...],
                  sims: tuple[float, ...] | None = None, sound: tuple | None = None):
        """Forms among *found* that sound like the n-gram (*infos*: its words' facts, *ckey*: its
        phrase key, *sound*: its `sound_facts` when known), with their similarity (*sims*: their
        `phonetic_similarity`, when known)."""
        vkey, spoken, syl = sound if sound is not None else sound_facts(infos)
        letters = False  # the letters heard: only needed against an acronym, so found on first use
        caps = wk = None  # the capitals heard, the weakened key: found on first use too
        # the heard words lowercase, and those between the first and the last: the same for every form
        norms = [t.norm for t in grams] if len(grams) >= 2 else None
        between = norms[1:-1] if norms is not None else None
        out = []
        for k, form in enumerate(found):
            fs = form.syllables
            if abs(syl - fs) > 1 + fs // 4:
                continue  # too many or too few beats: 'you know III' is not 'N Y U'
            sim = sims[k] if sims is not None else phonetic_similarity(ckey, vkey, spoken, form, PHONETIC_MIN)
            if sim < PHONETIC_MIN:
                continue
            if not form.spelled:  # (letter names differ by these sounds: P, T, K)
                if caps is None:
                    caps = capitals(grams)
                if caps and not all(x in form.text or x.lower() in form_words(form.text) for x in caps):
                    # ASR writes capitals where it hears letter names: a form said as words has none
                    # but its own, in capitals or a letter on its own ('doctor Q' for DrQ, said 'doctor
                    # q'): 'methods learn Q' is no meta-learning, 'M nest' no one-shot (but MNIST, said
                    # in part letter by letter)
                    continue
                if wk is None:
                    wk = weak_key(ckey)
                sim = weak_similarity(ckey, vkey, spoken, form, sim, wk)
                if norms is not None and (ends_heard(norms[0], grams[-1].text, form, between) or
                                          name_word_heard(norms, form)):
                    sim = ends_similarity(sim)
            if form.anded and not _and_heard(grams, form):
                continue  # (keyed with 'and' for its last letter: only for 'and' after capitals)
            if form.onset and any(t.stop for t in grams):
                continue  # (keyed with a 'j' for a 'y': names, not 'Joshua being cynical')
            if form.spelled:
                if letters is False:
                    letters = heard_letters(grams)
                if letters is not None:
                    if form.acronym:
                        sim = min(sim, letter_similarity(letters, form.acronym))
                    else:  # 'TPU pod' is not only letters: '2 PT' heard for it is no mishearing
                        sim = min(sim, letter_similarity(letters, form_letters(form)))
                else:
                    if caps is None:
                        caps = capitals(grams)
                    if caps:
                        if abs(syl - fs) > CAPS_BEATS and not all(x in form.text for x in caps):
                            continue  # (see CAPS_BEATS)
                        if not form.anded and not rest_of_letters(grams, form):
                            continue  # (its own letters heard right, and a word more: 'RL so')
                        sim = min(sim, capitals_similarity(caps, form), leading_capitals_similarity(grams, form))
                        if len(grams) >= 2 and name_word_heard([t.norm for t in grams], form, [t.text for t in grams]):
                            sim = ends_similarity(sim)
            if sim >= PHONETIC_MIN:
                out.append((form, sim))
        return out

    def near_spellings(self, squashed: str) -> list[tuple[Form, float]]:
        if len(squashed) < MIN_FUZZY:
            return []
        strings, forms = self.index.fuzzy_block(squashed)
        return [(forms[k], score / 100.0) for _, score, k in
                process.extract(squashed, strings, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=3)]


def _letters_written(grams: list[Token], form: Form) -> bool:
    """Whether a heard word is a letter's name (or a word said like it: `index.SAID_LETTERS`) written as
    a word, not in capitals, where *form* has that letter, not that word ('cue' of 'cue learning' for
    Q-learning; not 'you' of 'you only look once')."""
    words = form_words(form.text)
    return any(t.norm in SAID_LETTERS and not t.text.isupper() and t.norm not in words for t in grams)


def _anchored_heard(grams: list[Token]) -> set[str] | None:
    """The words of an n-gram of three or four words without an odd one, looked up only for an anchor
    (`_anchored`): it may only be a mishearing of a form sharing one of them ('teacher for sing' of
    teacher forcing, not 'efficient we need' of EfficientNet); else None."""
    if len(grams) >= 3 and not any(t.trigger for t in grams):
        # ... or two of them written apart that the form writes as one ('data set' of Iris dataset,
        # 'filter banks' of mel filterbanks): how a compound is spaced is the writer's choice, not
        # what was heard
        return {t.norm for t in grams} | {a.norm + b.norm for a, b in zip(grams, grams[1:])}
    return None


def _and_heard(grams: list[Token], form: Form) -> bool:
    """Whether heard words are capital letters each on its own and then 'and' or 'end', the capitals
    the letters of *form*'s acronym but its last N ('D Q and' for DQN): that 'en' heard so
    (index.and_ended). ('G and' is neither GAN nor GNN, though its key is both's with 'and' for their
    last letter; a token of capitals is ASR's word for a name, and 'and' then a word: 'pixel CN and
    the' is PixelCNN and more, not CNN.)"""
    return len(grams) >= 3 and grams[-1].norm in ("and", "end") and \
        all(len(t.text) == 1 and t.text.isalpha() and t.text.isupper() for t in grams[:-1]) and \
        "".join(t.text for t in grams[:-1]) + "N" == form.acronym


NAME_WORD_ZIPF = 3.0  # (see `name_word_heard`)
SAID_ALIKE_ZIPF = 2.0  # ... of a word heard for a name's word said alike: the prior's unusual word


def name_word_heard(norms: list[str], form: Form, texts: list[str] = (), alike: bool = True) -> bool:
    """Whether words heard for a name of as many words (*norms*: lowercase; *texts*: as written, when
    known) hold one of its words heard right that ASR writes only where it heard it: a word read as a
    word that is no everyday word (three letters at least, zipf below NAME_WORD_ZIPF: 'duda' of Jarek
    Duda; not 'david') or a word that is none either said exactly like it (`_said_alike`: 'Lacoon' of
    Yann LeCun), or its acronym in capitals as the name writes it ('ODE' of Neural ODE). The name
    is then likelier than the sound of the whole says ('Yarek Duda', 'neuro ODE'); what differs is
    judged by `rest_similarity` alone, which `lookup` caps the similarity with ('by Duda' is no Jarek
    Duda). `ends_similarity` raises it, as for both ends of a name heard."""
    if len(norms) < 2:
        return False
    words = form_words(form.text)
    if len(words) != len(norms):
        return False
    alike = alike and not form.spelled and form.entry.category == "person"
    for k, (h, w) in enumerate(zip(norms, words)):
        if h != w:
            # ... or said exactly like it, the heard word an unusual one: ASR spells a name it does
            # not know as it sounds ('Lacoon' of Yann LeCun, 'Benjio' of Yoshua Bengio; not a rare
            # English word: 'spurious coarse' is no Spyros Gidaris, said SPRS as well). A person's
            # name only: other terms' words are spelled otherwise by the speakers themselves
            # ('quantisation', 'colorisation'), or said like a name ('Rezende' like ResNet)
            if alike and len(h) >= 4 and h.isalpha() and w.isalpha() and zipf(h) < SAID_ALIKE_ZIPF and \
                    zipf(w) < NAME_WORD_ZIPF and _said_alike(h, w):
                return True
            continue
        if not form.spelled and len(w) >= 3 and w.isalpha() and zipf(w) < NAME_WORD_ZIPF:
            return True
        if texts and len(w) >= 2 and texts[k].isupper() and texts[k].isalpha() and texts[k] in form.text:
            return True
    return False


def _other_name(heard: list, form: Form) -> bool:
    """Whether two words of correct forms (*heard*: Tokens, or their lowercase words) are a name of two
    words that they are not, one of its words heard right that is no everyday word (`name_word_heard`):
    'Joshua Bengio' (Joshua of Joshua Meier) is Yoshua Bengio misheard, not two words heard right."""
    if len(heard) != 2 or form.spelled or not form.correct or form.entry.category != "person":
        return False  # (other terms' rare words make phrases: 'inductive pre' is no inductive prior)
    norms = [t if isinstance(t, str) else t.norm for t in heard]
    # (the word itself: a word of a correct form said like a name's is that form's, 'tanh' no 'Dinh')
    return norms != form_words(form.text) and name_word_heard(norms, form, alike=False)


def _said_alike(heard: str, word: str) -> bool:
    """Whether two words have the same Metaphone code of three sounds or more ('lacoon', 'lecun':
    LKN; not 'dooda', 'duda': TT, the code of too many words). Metaphone's own code, not the coarser
    key of lookups, which merges M and N ('boolean' is no 'bellman')."""
    k = metaphone(heard)
    return len(k) >= 3 and k == metaphone(word)


def _coined(word: str, last: str) -> bool:
    """Whether a form of one written *word* cannot be heard right as words: letters only, or letters
    and then a number that the heard words end with (*last*: the last heard word, lowercase), the
    number heard right and the letters, a word said (three letters at least: not the A of A100), not
    ('style can 2' for StyleGAN2)."""
    if word.isalpha():
        return True
    head = word.rstrip("0123456789")
    return len(head) >= 3 and head.isalpha() and last == word[len(head):]


def _unhearable(words: list[str]) -> bool:
    """Whether no word of a form of several words (its lowercase *words*) can have been heard right:
    each is a letter or a word of letters that is no everyday word (zipf < 3: 'pieter', 'abbeel',
    'imagenet' and 'c'; not 'test' of 'Turing test': 'during the set' is three words said, not the
    term; a number would be heard as one). ASR cannot write such a name, so it writes everyday words
    that sound like it."""
    return all(w.isalpha() and (len(w) == 1 or zipf(w) < 3.0) for w in words)


def _anchored(infos: list[tuple], anchors: tuple[frozenset[str], frozenset[str]],
              pairs: tuple[frozenset[str], frozenset[str]], n_tok: int, max_n: int) -> set[tuple[int, int]]:
    """The anchored n-grams (i, j) (see `GlossaryIndex.anchors`, `anchor_pairs`), with no function
    word at either edge: three words from a word that begins or continues a multi-word term, or to
    one that ends or continues one; three or four words from two words in a row of a longer term,
    or to them. A term of several words is often heard with all but one of them right, the rest
    split into ordinary words ('teacher for sing', 'conditional random feels', 'negative log likely
    hood'); without an odd word, such n-grams are otherwise never looked up."""
    starts, ends = anchors
    pair_starts, pair_ends = pairs
    out: set[tuple[int, int]] = set()
    if not (starts or pair_starts):
        return out
    for k, info in enumerate(infos):
        w = info[0]
        if w in starts and k + 2 < n_tok and not infos[k + 2][4]:
            out.add((k, k + 3))
        if w in ends and k >= 2 and not infos[k - 2][4]:
            out.add((k - 2, k + 1))
        if k + 1 < n_tok and not info[4]:
            pair = f"{w} {infos[k + 1][0]}"
            if pair in pair_starts:
                for j in range(k + 3, min(k + max_n, n_tok) + 1):
                    if not infos[j - 1][4]:
                        out.add((k, j))
            if pair in pair_ends:
                for i in range(k + 2 - max_n, k):
                    if i >= 0 and not infos[i][4]:
                        out.add((i, k + 2))
    return out


def _keyed(infos: list[tuple], keys: frozenset[str], stops: list[bool], heard_right: set[int], n_tok: int,
           max_n: int, near=(), short: frozenset[str] = frozenset(), pairs: frozenset[str] | None = None
           ) -> set[tuple[int, int]]:
    """The n-grams (i, j) of two to four words, not with a function word at both edges nor with a
    word of a term heard right (*heard_right*), whose phrase key is that of a long form said
    (`GlossaryIndex.said_keys`): a term said in full, its syllables heard as everyday words ('mark
    off chain', 'trans for learning', 'tensor to tensor'). Without an odd word such n-grams are
    otherwise never looked up; a hash lookup of the key leaves about one a record. Like anchored
    ones, they may only be a mishearing of a form sharing a word with them (`_anchored_heard`).
    Of two words, such as a coined name heard as an everyday word and a function word ('stream let'
    for Streamlit), which are otherwise looked up only with an uncommon word.

    Also those of no function word whose key is one sound more or fewer than a longer form's
    (*near*: `GlossaryIndex.said_near`, hashed): a term said in full with one sound misheard ('deep
    relief network', 'auto aggressive flow', 'few short learning'). Not with a function word: those
    are where everyday phrases with a key near a term's abound ('terms of learning', 'better and
    that model').

    Of three or four words, also those whose key is a form's one sound shorter than the long ones
    (*short*: `GlossaryIndex.said_short`): a name said in short everyday words ('see far 10').
    Of two words, those whose key is in *pairs* (`GlossaryIndex.said_pairs`: *keys* and the keys of
    people's names with a function word, 'coming he' for Kaiming He)."""
    out: set[tuple[int, int]] = set()
    if pairs is None:
        pairs = keys
    for i in range(n_tok - 1):
        ckey = _phrase_ckey(infos[i:i + 2])
        if ckey in pairs and not (stops[i] and stops[i + 1]) and \
                not (heard_right and (i in heard_right or i + 1 in heard_right)):
            out.add((i, i + 2))
        for j in range(i + 3, min(i + max_n, n_tok) + 1):
            part = infos[j - 1][8]
            if part:
                ckey += part[1:] if ckey and ckey[-1] == part[0] else part
            if heard_right and any(k in heard_right for k in range(i, j)):
                continue
            if ckey in keys or ckey in short:
                if not (stops[i] and stops[j - 1]):
                    out.add((i, j))
            elif near and not any(stops[i:j]) and in_sorted(near, key_hash(ckey)):
                out.add((i, j))
    return out


def _ended(infos: list[tuple], ended: tuple[frozenset[str], frozenset[str]], heard_right: set[int],
           n_tok: int) -> set[tuple[int, int]]:
    """The n-grams (i, i + 2), neither word of a term heard right, of a word that begins like a
    name said as words ending in a letter's name and a word heard for that letter
    (`GlossaryIndex.ended`): the name with its ends heard right and the middle smudged ('opening I'
    for OpenAI; see similarity.ends_heard). With a function word at an edge and no odd word, such
    n-grams are otherwise never looked up. (Not three words: 'open the I' is OpenAI, but 'open it I
    see' is what a speaker says, and the two sound alike.)"""
    heads, tails = ended
    out: set[tuple[int, int]] = set()
    if not heads:
        return out
    for i in range(n_tok - 1):
        norm = infos[i][0]
        if len(norm) >= 4 and norm[:4] in heads and infos[i + 1][0] in tails and \
                i not in heard_right and i + 1 not in heard_right:
            out.add((i, i + 2))
    return out


def _one_word_off(norms: list[str], form: Form) -> bool:
    """Whether heard words *norms* are the words of *form*, three or more, in its order, all but one
    ('mean average decision' for mean average precision): glossary words heard in a row are normally
    heard right, but not a term's words kept in place around one that sounds like its missing word
    (the lookup still asks that it does)."""
    words = form_words(form.text)
    if len(words) != len(norms):
        return False
    off = [(a, b) for a, b in zip(norms, words) if a != b]
    # (not the word's plural or possessive: "berkeley's ai research" is Berkeley AI Research heard right)
    return len(off) == 1 and off[0][1] not in unplural(off[0][0])


def _lettered(infos: list[tuple], pairs: tuple[frozenset[str], frozenset[str]], n_tok: int) -> set[tuple[int, int]]:
    """The n-grams (i, i + 2) of a word heard for a letter's name that begins a form of two words
    said and a word that may be its second (`GlossaryIndex.letter_pairs`): 'you net' for U-Net, both
    everyday words, one a function word, otherwise never looked up."""
    firsts, seconds = pairs
    out: set[tuple[int, int]] = set()
    if not firsts:
        return out
    for i in range(n_tok - 1):
        if infos[i][0] in firsts and infos[i + 1][0] in seconds:
            out.add((i, i + 2))
    return out


def sound_facts(infos: list[tuple]) -> tuple[str, str, int]:
    """An n-gram's phonetic key with vowel marks, the words said (letters only), and its syllables,
    from its words' facts."""
    return (join_keys([info[2] for info in infos]), "".join([w for info in infos for w in info[1]]),
            sum([info[3] for info in infos]))


def _phrase_ckey(infos, first: int = 7, inner: int = 8) -> str:
    """The phrase key from the words' keys (fields *first* and *inner* of each word's facts): equal to
    consonants(join_keys(vkeys)), without regexes."""
    ckey = infos[0][first]
    for info in infos[1:]:
        part = info[inner]
        if part:
            ckey += part[1:] if ckey and ckey[-1] == part[0] else part
    return ckey
